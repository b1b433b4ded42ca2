"""Headless Debian Chromium through Playwright, and a local static server for a built site.

Playwright's own browser download does not work on our machines, so we launch the system
chromium (installed by `make test`) with the flags that keep it off the network.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, prefix: str = "", handler_class: type = _QuietHandler, port: int = 0):
    """Serve directory at http://127.0.0.1:PORT{prefix}/ (prefix like "/pufa" for a sub-path)."""
    root = Path(directory)
    if prefix:
        # Mount the site under a sub-path, as a county portal column would.
        holder = root.parent / f"{root.name}-mount"
        shutil.rmtree(holder, ignore_errors=True)
        (holder / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        (holder / prefix.strip("/")).symlink_to(root.resolve(), target_is_directory=True)
        root = holder
    handler = functools.partial(handler_class, directory=str(root.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def phone_page(width: int = 360, height: int = 800):
    """A Playwright page with a phone-sized viewport; yields (page, requests list)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1, is_mobile=True, has_touch=True
            )
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            yield page, requests
        finally:
            browser.close()


def free_port() -> int:
    """A port nothing listens on now, for a site that must know its address before it is built."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
