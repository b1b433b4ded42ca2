"""The output folder (site/, .preview/, build/offline/): which folders pufa may replace, and how.

A build writes a new folder beside the target and swaps it in with two renames, so a failure never
leaves half a site. Replacing a folder means deleting the old one, so pufa only ever replaces a
folder it made itself (it carries the marker file `.pufa-site`), an empty one, or one that does not
exist yet; never the project, anything above it, or the editors' own folders. `--site-dir .`
would otherwise delete the whole project, .git included.

One build at a time per output folder (a lock file under .cache/pufa/locks/, released by the
operating system if the process dies). What killed builds leave behind (.site-building-*,
.site-old-*, their temporary post copies) is cleaned at the next build; a site that was renamed
away but not replaced is put back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from pufa.problems import Problem

MARKER_FILE = ".pufa-site"  # in every site folder pufa made: it may replace that folder
LOCK_DIR = ".cache/pufa/locks"
WORK_DIR = ".cache/pufa/work"  # per-build scratch space (e.g. posts as the engine reads them)
# Folders of the project that hold what editors and developers wrote: never an output folder.
PROTECTED = ("docs", "data", "overrides", "scripts", "tests", "guide", "benchmarks", ".git", ".venv", ".cache")
# The folders pufa has always built into, accepted without the marker (sites built before it existed).
DEFAULTS = ("site", ".preview", "build/offline")
MARKER_TEXT = "这个文件夹是 pufa 生成的网站。重新生成时 pufa 会整个替换它，请不要把别的文件放在这里。\n"


class OutputError(Exception):
    """An output folder pufa may not or cannot use; `problem` says why and what to do."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def check_target(root: Path, final: Path) -> None:
    """Raise OutputError unless final is a folder pufa may replace."""
    root, final = root.resolve(), final.resolve()
    shown = _shown(final, root)
    if final == root or root.is_relative_to(final):
        raise OutputError(
            Problem(
                shown,
                None,
                "输出文件夹不能是项目文件夹本身或它的上级：生成时会整个替换输出文件夹，项目里的文章和数据会被删除",
                fix="如何修改：用默认的 site，或指定一个新的空文件夹，如 --site-dir ../pufa-site",
            )
        )
    for name in PROTECTED:
        if final.is_relative_to(root / name):
            raise OutputError(
                Problem(
                    shown,
                    None,
                    f"输出文件夹不能放在 {name}/ 里：生成时会整个替换输出文件夹",
                    fix="如何修改：用默认的 site，或指定项目外的一个新文件夹",
                )
            )
    if final.exists() and not final.is_dir():
        raise OutputError(
            Problem(shown, None, "输出位置已经有一个同名文件，不是文件夹", fix="如何修改：换一个名字，或先把这个文件移走")
        )
    if (
        final.is_dir()
        and not (final / MARKER_FILE).is_file()
        and any(final.iterdir())
        and not any(final == (root / d).resolve() for d in DEFAULTS)
    ):
        raise OutputError(
            Problem(
                shown,
                None,
                "这个文件夹里已经有别的文件，不是 pufa 生成的网站：生成时会整个替换它",
                fix="如何修改：指定一个新的或空的文件夹；pufa 只替换它自己生成的网站文件夹（里面有 .pufa-site 文件）",
            )
        )


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()


@contextlib.contextmanager
def locked(root: Path, final: Path):
    """Hold the build lock of final; raise OutputError at once when another build holds it."""
    folder = root / LOCK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(str(final.resolve()).encode()).hexdigest()[:16]
    with open(folder / f"{name}.lock", "a+") as handle:
        if not _try_lock(handle):
            raise OutputError(
                Problem(
                    _shown(final, root),
                    None,
                    "另一个生成正在进行（同一个输出文件夹），这次没有生成",
                    fix="如何修改：等另一个窗口里的生成或预览结束后再运行",
                )
            )
        try:
            yield
        finally:
            _unlock(handle)


def _try_lock(handle) -> bool:
    try:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    except OSError:
        return False


def _unlock(handle) -> None:
    try:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except ImportError:
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def work_dir(root: Path, final: Path) -> Path:
    """A fresh scratch folder for one build of final (under the lock, so nobody else uses it)."""
    name = hashlib.sha256(str(final.resolve()).encode()).hexdigest()[:16]
    folder = root / WORK_DIR / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def recover(final: Path) -> list[str]:
    """Clean up after killed builds of final; returns notes for the editor (may be empty)."""
    notes = []
    parent, stem = final.parent, final.name.lstrip(".")
    olds = sorted(parent.glob(f".{stem}-old-*"), key=lambda p: p.stat().st_mtime) + [
        p for p in [final.with_name(final.name + ".old")] if p.exists()
    ]
    if olds and not final.exists():
        os.rename(olds.pop(), final)  # killed between the two renames: the last good site comes back
        notes.append(f"上次生成被中断，已恢复原来的网站 {final.name}/")
    for leftover in olds + list(parent.glob(f".{stem}-building-*")):
        shutil.rmtree(leftover, ignore_errors=True)
        if leftover.exists():
            notes.append(f"上次中断留下的临时文件夹 {leftover.name} 无法删除，可以手动删除它")
    return notes


def new_folder(final: Path) -> Path:
    """An empty folder beside final for the new build, readable by a web server."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name.lstrip('.')}-building-", dir=final.parent))
    except OSError as err:
        raise OutputError(_unwritable(final, err)) from err
    tmp.chmod(0o755)  # mkdtemp makes it private; the web server must be able to read site/
    (tmp / MARKER_FILE).write_text(MARKER_TEXT, "utf-8")
    return tmp


def swap(new: Path, final: Path) -> list[str]:
    """Put new in final's place; the old site is renamed away first and deleted last."""
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name.lstrip('.')}-old-", dir=final.parent))
        old.rmdir()
        try:
            os.rename(final, old)
        except OSError as err:
            raise OutputError(_unwritable(final, err)) from err
    try:
        os.rename(new, final)
    except OSError as err:
        if old is not None:
            os.rename(old, final)
        raise OutputError(_unwritable(final, err)) from err
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
        if old.exists():
            return [f"旧网站的临时文件夹 {old.name} 没能删除（可能有程序正在使用它），可以稍后手动删除；新网站已经生成好了"]
    return []


def _unwritable(final: Path, err: OSError) -> Problem:
    return Problem(
        final.name + "/",
        None,
        f"无法写入或替换输出文件夹（{err.strerror or type(err).__name__}）",
        fix="如何修改：检查这个文件夹和它所在文件夹的写入权限，关闭正在使用它的程序（打开着它的文件管理器、正在上传的 FTP 等），然后重新生成。原来的网站保持不变",
    )
