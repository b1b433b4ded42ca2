"""`python -m pufa serve`: a live preview on this computer for the publicity team.

It builds with the same checks as `build` into .preview/, serves that folder, and rebuilds when
Markdown, data files, photos, overrides or mkdocs.yml change; an open page then reloads by itself
(MkDocs' live-reload server, adapter/live.py). The build cache (adapter/cache.py) makes a rebuild
after a small edit redo only what the edit changed. A mistake is printed in the same `file:line`
form as `check`, and the last good preview keeps being served until it is fixed: the engine only
replaces .preview/ after a successful build.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from pufa.adapter import engine, live
from pufa.commands.crashlog import report_crash

PREVIEW_DIR = ".preview"
WATCHED = ("docs", "data", "overrides", "mkdocs.yml")


def serve(root: Path, port: int = 8000, stop: threading.Event | None = None, ready=None) -> int:
    root = Path(root).resolve()
    stop = stop or threading.Event()
    _rebuild(root)
    (root / PREVIEW_DIR).mkdir(exist_ok=True)  # serve something even if the first build failed

    def announce(url: str) -> None:
        print(f"预览地址：{url}  （修改文件后会自动重新生成，打开的页面会自动刷新；按 Ctrl+C 停止）", flush=True)
        if ready:
            ready(url)

    def rebuild() -> None:
        print(f"\n[{time.strftime('%H:%M:%S')}] 检测到文件变化，重新生成……", flush=True)
        if _rebuild(root) != 0:
            print("预览仍显示上一次成功生成的版本，改好后会自动更新。", flush=True)

    try:
        live.serve(root / PREVIEW_DIR, [root / name for name in WATCHED], rebuild, port, stop, announce)
    except KeyboardInterrupt:
        print("\n预览已停止。")
    return 0


def _rebuild(root: Path) -> int:
    """One build of the preview. Whatever goes wrong, the server keeps serving the last good preview."""
    try:
        return engine.build(root, site_dir=PREVIEW_DIR, preview=True)
    except Exception:
        return report_crash(root)
