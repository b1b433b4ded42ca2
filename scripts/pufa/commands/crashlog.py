"""The last resort: an unexpected error becomes one plain sentence for the editor and a log file for
whoever fixes it. No traceback ever reaches an editor (cli.main and the preview both end here)."""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from pufa import __version__

CRASH_LOG_DIR = ".cache/pufa/logs"


def report_crash(root: Path) -> int:
    """Print a plain message and write the traceback to a log file; returns the exit status 3."""
    details = traceback.format_exc()
    log = None
    try:
        folder = root / CRASH_LOG_DIR
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"error-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        log.write_text(
            f"pufa {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n{' '.join(sys.argv)}\n\n{details}", "utf-8"
        )
    except OSError:
        log = None
    where = f"详细信息已保存在 {log}，" if log else ""
    print(f"程序遇到了意外的错误，没有完成。原来的网站保持不变。{where}请把这个文件发给技术支持人员。")
    return 3
