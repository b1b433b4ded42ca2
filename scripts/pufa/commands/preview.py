"""`python -m pufa serve`: a live preview on this computer for the publicity team.

It builds with the same checks as `build` into .preview/, serves that folder, and rebuilds when
Markdown, data files, photos, overrides or mkdocs.yml change; an open page then reloads by itself
(MkDocs' live-reload server, adapter/live.py). When only the text of pages changed, the edited
pages (and the blog list pages that show them) are put in place first from what the last build
left in memory (adapter/quick.py), open pages reload, and the whole site is rebuilt after; the
build cache (adapter/cache.py) makes that rebuild redo only what the edit changed. A mistake is
printed in the same `file:line` form as `check`, and the last good preview keeps being served
until it is fixed: the engine only replaces .preview/ after a successful build, and pages put in
place first are put back when the whole build fails.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from pufa.adapter import engine, live, quick
from pufa.commands.crashlog import report_crash

PREVIEW_DIR = ".preview"


class Preview:
    """The preview of one project: its builds, and what the last good one left for the next edit."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.folder = self.root / PREVIEW_DIR
        self.session: quick.Session | None = None

    def build(self, reload=lambda: None) -> int:
        """Answer an edit: the edited pages first when that is possible, then the whole site."""
        now = quick.snapshot(self.root)
        first = quick.first_answer(self.session, self.root, self.folder, now)
        if first is not None:
            shown = "、".join(first.urls[:3]) + (" 等" if len(first.urls) > 3 else "")
            print(f"已先更新 {shown}（{first.seconds:.1f} 秒），其余页面生成中……", flush=True)
            reload()
        kept = engine.Kept(before=first.before() if first else {})
        status = self._whole(kept)
        if status != 0:
            self.session = None  # the engine's plugins now hold the failed build's state
            if first is not None:
                first.restore()
                reload()
            return status
        self.session = kept.session
        if self.session is not None:
            self.session.stamps = now
        if first is None or set(kept.changed) - set(first.urls):
            reload()
        return status

    def _whole(self, kept: engine.Kept) -> int:
        """One build of the whole preview. Whatever goes wrong, the last good preview is served."""
        try:
            return engine.build(self.root, site_dir=PREVIEW_DIR, preview=True, kept=kept)
        except Exception:
            return report_crash(self.root)


def serve(root: Path, port: int = 8000, stop: threading.Event | None = None, ready=None) -> int:
    preview = Preview(root)
    stop = stop or threading.Event()
    preview.build()
    preview.folder.mkdir(exist_ok=True)  # serve something even if the first build failed

    def announce(url: str) -> None:
        print(f"预览地址：{url}  （修改文件后会自动重新生成，打开的页面会自动刷新；按 Ctrl+C 停止）", flush=True)
        if ready:
            ready(url)

    def rebuild(reload) -> None:
        print(f"\n[{time.strftime('%H:%M:%S')}] 检测到文件变化，重新生成……", flush=True)
        if preview.build(reload) != 0:
            print("预览仍显示上一次成功生成的版本，改好后会自动更新。", flush=True)

    try:
        live.serve(preview.folder, [preview.root / name for name in quick.WATCHED], rebuild, port, stop, announce)
    except KeyboardInterrupt:
        print("\n预览已停止。")
    return 0
