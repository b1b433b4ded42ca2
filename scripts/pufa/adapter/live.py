"""The preview's web server: MkDocs' own live-reload server, so an open page reloads by itself.

MkDocs' server watches folders, calls a builder when a file changes and then tells every open
page (a small script it adds to each HTML response, which long-polls /livereload/…) to reload.
The script is added while serving only: the built .preview/ folder is what the publication gate
checked, and it allows this script (same-site requests; inline scripts are allowed for the theme).
While a build runs the server waits before answering (until reload(), below, says the edited
pages are in place), so a page never shows half a site; a failed build raises nothing here, so
the page simply reloads to the last good preview.

The builder is given reload(): the preview puts the edited page in place before the whole site
is rebuilt (adapter/quick.py) and calls it to let open pages reload, and to answer requests,
right away; after the whole build it calls it again only if other pages changed. MkDocs' server
has no public way to do that: reload() sets the two version numbers its requests wait on (the
"epochs", which its own build loop sets after the builder returns) under their lock.
tests/test_preview_first.py checks it against the real server.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

POLL_SECONDS = 0.25  # how often the watched folders are looked at (MkDocs' default is 0.5)


def serve(
    folder: Path,
    watched: list[Path],
    builder: Callable[[Callable[[], None]], object],
    port: int,
    stop: threading.Event,
    ready: Callable[[str], object],
) -> None:
    """Serve folder on 127.0.0.1:port until stop is set (or Ctrl+C); builder(reload) runs after each change."""
    from mkdocs.livereload import LiveReloadServer

    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)  # the editor reads build results, not requests
    server = LiveReloadServer(
        builder=lambda: builder(lambda: reload(server)),
        host="127.0.0.1",
        port=port,
        root=str(folder),
        polling_interval=POLL_SECONDS,
    )
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


def reload(server) -> None:
    """Open pages reload now, and requests are answered from the folder as it is (see above)."""
    from mkdocs.livereload import _timestamp

    with server._epoch_cond:
        server._wanted_epoch = server._visible_epoch = max(_timestamp(), server._visible_epoch + 1)
        server._epoch_cond.notify_all()
