"""Which files under docs/ may be published: an allow-list by kind, decided before anything is built.

The engine copies whatever it finds in docs/ to the website, byte for byte. Editors drop all sorts
of things there: a roster exported to Excel, a Word document, a photo straight from WeChat saved as
.jfif, a shortcut (symlink) to a file elsewhere on the computer. So every file is classified first:

- pages (.md) are read and checked as content;
- raster images, whatever the extension, go through the photo pipeline (photos.py): resized,
  re-encoded, stripped of EXIF/GPS. Images under assets/ (logo, favicon) keep their path and format;
- a few kinds of site file (stylesheets, scripts, fonts, SVG, plain text) are copied, and the
  publication gate (gate.py) reads every one of them in the built site;
- data files and documents are refused with a message saying where they belong;
- anything else is refused, and so is every symbolic link, working or broken: a link publishes
  whatever it points to (/etc/passwd, a folder of ID-card scans).
Files the engine never publishes anyway (names starting with ".", the templates/ folder, and
`exclude_docs` in mkdocs.yml) are left out here too. Operating-system clutter (Thumbs.db,
desktop.ini, Office lock files) is skipped silently: nobody meant to publish it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from pufa.problems import Problem, quote

PAGE = "page"
PHOTO = "photo"  # an editor's photo: published as variants (photopages.py)
ASSET_IMAGE = "asset-image"  # an image under assets/: cleaned, same path and format
STATIC = "static"  # copied as it is, then read by the gate

PAGE_SUFFIXES = (".md",)
# Every raster format a phone or office PC produces (.jfif and .jpe are JPEG under Windows' names).
RASTER_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".jfif",
    ".jpe",
    ".png",
    ".webp",
    ".gif",
    ".tif",
    ".tiff",
    ".bmp",
    ".heic",
    ".heif",
    ".avif",
    ".ico",
)
# Formats a browser shows as they are: only these may stay in their own format under assets/.
WEB_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".ico")
STATIC_SUFFIXES = (".css", ".js", ".svg", ".woff", ".woff2", ".ttf", ".otf", ".txt")
DATA_SUFFIXES = (
    ".csv",
    ".tsv",
    ".xls",
    ".xlsx",
    ".xlsm",
    ".et",
    ".ods",
    ".json",
    ".yml",
    ".yaml",
    ".xml",
    ".db",
    ".sqlite",
    ".mdb",
    ".accdb",
    ".dbf",
)
DOCUMENT_SUFFIXES = (".doc", ".docx", ".wps", ".odt", ".rtf", ".pdf", ".ppt", ".pptx", ".dps", ".odp", ".ofd", ".html", ".htm")
MEDIA_SUFFIXES = (".mp4", ".mov", ".avi", ".wmv", ".flv", ".mkv", ".mp3", ".wav", ".m4a", ".amr", ".aac")
JUNK_NAMES = ("thumbs.db", "desktop.ini", "ehthumbs.db")
JUNK_PREFIXES = ("~$", ".~lock.")  # Office and WPS lock files next to an open document
ASSETS_DIR = "assets/"
# The engine never publishes these (MkDocs' defaults), whatever exclude_docs says.
DEFAULT_EXCLUDE = (".*", "/templates/")


@dataclass
class DocFiles:
    """Every file under docs/ that will be published, by docs-relative path, and its kind."""

    kinds: dict[str, str] = field(default_factory=dict)
    excluded: set[str] = field(default_factory=set)  # present, but never published
    problems: list[Problem] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[str]:
        return [src for src, k in self.kinds.items() if k == kind]


def scan_docs(docs_dir: Path, docs_rel: str, exclude_docs: str = "") -> DocFiles:
    """Classify every file under docs_dir; docs_rel is how messages name that folder (docs)."""
    found = DocFiles()
    spec = pathspec.GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *exclude_docs.splitlines()])
    hidden_dirs: set[str] = set()  # excluded folders: nothing inside is published
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        here = Path(folder)
        inside = here.relative_to(docs_dir).as_posix()
        hidden = inside in hidden_dirs
        dirs.sort()
        for name in list(dirs):
            src = (here / name).relative_to(docs_dir).as_posix()
            if (here / name).is_symlink():
                dirs.remove(name)  # never followed; reported unless it would not be published anyway
                if not hidden and not spec.match_file(src + "/"):
                    found.problems.append(_symlink(f"{docs_rel}/{src}", here / name, folder=True))
            elif hidden or spec.match_file(src + "/"):
                hidden_dirs.add(src)
        for name in sorted(files):
            path = here / name
            src = path.relative_to(docs_dir).as_posix()
            if hidden or spec.match_file(src):
                if not path.is_symlink():
                    found.excluded.add(src)
            elif path.is_symlink():
                found.problems.append(_symlink(f"{docs_rel}/{src}", path, folder=False))
            elif not _is_junk(name):
                kind, problem = classify(src, f"{docs_rel}/{src}")
                if problem:
                    found.problems.append(problem)
                else:
                    found.kinds[src] = kind
    return found


def classify(src: str, rel: str) -> tuple[str, Problem | None]:
    """(kind, None) for a file that may be published, or ("", the problem) for one that may not."""
    suffix = Path(src).suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return PAGE, None
    if suffix in RASTER_SUFFIXES:
        if not src.startswith(ASSETS_DIR):
            return PHOTO, None
        if suffix in WEB_IMAGE_SUFFIXES:
            return ASSET_IMAGE, None
        return "", Problem(
            rel,
            None,
            "网页不能直接显示这种格式的图片",
            expected="assets/ 里的图片用 PNG、JPG、WebP 或 GIF",
            actual=quote(suffix),
            fix="如何修改：用画图或 WPS 图片另存为 PNG 或 JPG；活动照片放在文章旁边的 photos/ 文件夹里",
        )
    if suffix in STATIC_SUFFIXES:
        return STATIC, None
    if suffix in DATA_SUFFIXES:
        return "", Problem(
            rel,
            None,
            "数据文件不能放在 docs/ 里：docs/ 里的文件会原样发布到网站上，任何人都能下载",
            actual=quote(Path(src).name),
            fix="如何修改：把它移出 docs/。名册放 data/roster.csv 或 data/roster.xlsx，其他名单放 data/ 文件夹；只在内部使用的表格不要放进网站文件夹",
        )
    if suffix in DOCUMENT_SUFFIXES:
        return "", Problem(
            rel,
            None,
            "文档文件不会发布：手机和微信里打不开附件，其中的个人信息也无法检查",
            actual=quote(Path(src).name),
            fix="如何修改：把文档里要公开的内容写成一个 .md 页面（python -m pufa new page），然后把这个文件移出 docs/",
        )
    if suffix in MEDIA_SUFFIXES:
        return "", Problem(
            rel,
            None,
            "音频、视频文件不会发布：文件太大，农村手机流量吃不消",
            actual=quote(Path(src).name),
            fix="如何修改：把视频发到单位的视频号或公众号，在页面里写上链接；然后把这个文件移出 docs/",
        )
    return "", Problem(
        rel,
        None,
        "这种文件不会发布到网站上",
        expected="页面（.md）、照片，或 assets/ 里的样式、脚本、字体",
        actual=quote(Path(src).name),
        fix="如何修改：把它移出 docs/ 文件夹",
    )


def _is_junk(name: str) -> bool:
    lower = name.lower()
    return lower in JUNK_NAMES or lower.startswith(JUNK_PREFIXES)


def _symlink(rel: str, path: Path, *, folder: bool) -> Problem:
    target = os.readlink(path)
    broken = "（指向的文件已经不存在）" if not path.exists() else ""
    what = "文件夹" if folder else "文件"
    return Problem(
        rel,
        None,
        f"这是一个快捷方式（符号链接）{broken}，不是真正的{what}：它会把指向的内容发布出去",
        actual=f"指向“{target}”",
        fix=f"如何修改：删除这个快捷方式，把真正要发布的{what}复制到这里",
    )
