"""The preview's web server: MkDocs' own live-reload server, so an open page reloads by itself.

MkDocs' server watches folders, calls a builder when a file changes and then tells every open
page (a small script it adds to each HTML response, which long-polls /livereload/…) to reload.
The script is added while serving only: the built .preview/ folder is what the publication gate
checked, and it allows this script (same-site requests; inline scripts are allowed for the theme).
While a build runs the server waits before answering, so a page never shows half a site; a
failed build raises nothing here, so the page simply reloads to the last good preview.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path


def serve(
    folder: Path,
    watched: list[Path],
    builder: Callable[[], object],
    port: int,
    stop: threading.Event,
    ready: Callable[[str], object],
) -> None:
    """Serve folder on 127.0.0.1:port until stop is set (or Ctrl+C); builder runs after each change."""
    from mkdocs.livereload import LiveReloadServer

    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)  # the editor reads build results, not requests
    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=port, root=str(folder))
    for path in watched:
        if path.exists():
            server.watch(str(path))
    stopper = threading.Thread(target=lambda: (stop.wait(), server.shutdown()), daemon=True)
    announced = threading.Thread(target=lambda: _announce(server, ready), daemon=True)
    stopper.start()
    announced.start()
    try:
        server.serve()
    finally:
        stop.set()
        server.shutdown()


def _announce(server, ready: Callable[[str], object]) -> None:
    """The address once the socket is bound (port 0 picks a free one)."""
    while not server.serve_thread.is_alive():
        if server._shutdown:
            return
        threading.Event().wait(0.02)
    ready(f"http://127.0.0.1:{server.server_address[1]}/")
