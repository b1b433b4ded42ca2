"""`python -m pufa serve`: a live preview on this computer for the publicity team.

It builds with the same checks as `build` into .preview/, serves that folder, and rebuilds when
Markdown, data files, photos, overrides or mkdocs.yml change. A mistake is printed in the same
`file:line` form as `check`, and the last good preview keeps being served until it is fixed:
the engine only replaces .preview/ after a successful build.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

from pufa.adapter import engine
from pufa.commands.crashlog import report_crash

PREVIEW_DIR = ".preview"
WATCHED = ("docs", "data", "overrides", "mkdocs.yml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the editor wants build results, not request logs
        pass


def snapshot(root: Path) -> dict[str, float]:
    """Modification time of every watched file: any difference means "rebuild"."""
    state = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            try:
                state[str(file)] = file.stat().st_mtime_ns
            except FileNotFoundError:  # removed while we looked: the next round sees it
                continue
    return state


def serve(root: Path, port: int = 8000, interval: float = 1.0, stop: threading.Event | None = None, ready=None) -> int:
    root = Path(root).resolve()
    stop = stop or threading.Event()
    _rebuild(root)
    (root / PREVIEW_DIR).mkdir(exist_ok=True)  # serve something even if the first build failed
    handler = functools.partial(_QuietHandler, directory=str(root / PREVIEW_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"预览地址：{url}  （修改文件后会自动重新生成；按 Ctrl+C 停止）", flush=True)
    if ready:
        ready(url)
    try:
        _watch(root, interval, stop)
    except KeyboardInterrupt:
        print("\n预览已停止。")
    finally:
        server.shutdown()
        server.server_close()
    return 0


def _watch(root: Path, interval: float, stop: threading.Event) -> None:
    seen = snapshot(root)
    while not stop.wait(interval):
        now = snapshot(root)
        if now == seen:
            continue
        seen = now
        print(f"\n[{time.strftime('%H:%M:%S')}] 检测到文件变化，重新生成……", flush=True)
        if _rebuild(root) != 0:
            print("预览仍显示上一次成功生成的版本，改好后会自动更新。", flush=True)


def _rebuild(root: Path) -> int:
    """One build of the preview. Whatever goes wrong, the server keeps serving the last good preview."""
    try:
        return engine.build(root, site_dir=PREVIEW_DIR, preview=True)
    except Exception:
        return report_crash(root)
