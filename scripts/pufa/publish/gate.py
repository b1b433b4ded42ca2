"""The publication gate: the built site is read in full before it may replace the published one.

Input checks give editors good messages; this gate is what makes the promises hold on every path,
including the ones nobody thought of. It reads the new site, not the sources:

- files: only the kinds a website needs (pages, styles, scripts, images, fonts, the sitemap and
  search index); no symbolic links; every path ASCII (URLs end up in QR codes and WeChat links);
- personal data: every text file (HTML, JSON, XML, JS, CSS, SVG, TXT, and .gz files unpacked) is
  searched for mainland mobile numbers and resident ID numbers; only a roster phone with recorded
  consent or a number listed as public (hotlines, service points, data/public-numbers.yml) may appear;
- images: every image file is opened; none may carry EXIF, GPS, XMP, IPTC, comments or text;
- other hosts: pages, styles, scripts and SVG files are parsed (htmlscan.py) and nothing may be
  loaded from another host; no page may carry event handlers, javascript: URLs or <base>;
- printed QR codes: every registered id (data/qr.yml) has its /p/<id>/ page, and it leads to a page
  that exists in this site.

What it cannot see is listed in the README (名册与个人信息): a name alone, an address written out in
words, a face in a photo are not recognisable as personal data by a program.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import html
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pufa import personal
from pufa.kinds import shortlinks
from pufa.media import photos
from pufa.problems import Problem, quote
from pufa.publish import htmlscan
from pufa.publish.outputs import MARKER_FILE
from pufa.sources.textfile import find_line

TEXT_SUFFIXES = (".html", ".css", ".js", ".map", ".json", ".xml", ".svg", ".txt")
IMAGE_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".jfif",
    ".jpe",
    ".webp",
    ".gif",
    ".ico",
    ".tif",
    ".tiff",
    ".bmp",
    ".heic",
    ".heif",
    ".avif",
)
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf")
COMPRESSED_SUFFIXES = (".gz",)  # the sitemap: unpacked and read like the rest
MAX_NUMBERS_SHOWN = 30  # each is searched for in the sources, and an editor reads them one by one
ALLOWED_SUFFIXES = TEXT_SUFFIXES + IMAGE_SUFFIXES + FONT_SUFFIXES + COMPRESSED_SUFFIXES
# Sources searched for the origin of a leaked number, to name the file and line in the message.
SOURCE_GLOBS = ("docs/**/*.md", "data/**/*.yml", "data/**/*.yaml", "data/**/*.csv", "data/**/*.txt", "mkdocs.yml")


@dataclass
class Context:
    """What the gate needs to know about the build besides the files."""

    root: Path  # the project, to name source files
    source_of: dict[str, str] = field(default_factory=dict)  # site path -> project-relative source
    allowed_numbers: frozenset[str] = frozenset()  # digits of numbers that may be published
    own_hosts: frozenset[str] = frozenset()  # the site's own host(s), from site_url
    base_path: str = "/"  # the path of site_url: where absolute paths such as /pufa/assets/… start
    short_links: dict[str, str] = field(default_factory=dict)  # every qr id that must work -> where it is registered or claimed
    memo: Memo | None = None  # results of earlier builds' text checks, by content (engine.py keeps it in .cache/pufa/)


@dataclass
class Memo:
    """What the text checks found in a file, by a digest of its text: a warm build reads and digests
    every file again, but parses only the ones that changed. Only what depends on the text alone is
    kept (numbers found, foreign loads, the site paths a page loads); what depends on this build
    (allowed numbers, which files exist, which source to name) is decided anew every time."""

    old: dict[str, tuple] = field(default_factory=dict)
    new: dict[str, tuple] = field(default_factory=dict)


def check_output(site: Path, context: Context) -> list[Problem]:
    """Every problem in the built site; [] means it may be published."""
    problems: list[Problem] = []
    numbers: dict[tuple[str, str], list[str]] = {}  # (kind, value) -> site files it appears in
    for path, rel in _walk(site, problems):
        suffix = _suffix(rel)
        if suffix not in ALLOWED_SUFFIXES and rel != MARKER_FILE:
            problems.append(
                _problem(
                    context,
                    rel,
                    "网站里出现了不该发布的文件类型",
                    actual=quote(rel),
                    fix="如何修改：从 docs/ 里删除或移走对应的文件",
                )
            )
            continue
        if suffix in IMAGE_SUFFIXES:
            problems += _image_problems(path, rel, context)
            continue
        if suffix in FONT_SUFFIXES:
            continue
        problems += _text_file(_read_text(path, suffix), rel, site, context, numbers)
    problems += _numbers_problems(numbers, context)
    problems += _short_link_problems(site, context)
    return problems


def check_pages(site: Path, pages: dict[str, str], context: Context) -> list[Problem]:
    """The same checks for pages about to be written into site (rel -> HTML): the preview's
    first answer to an edit (adapter/quick.py) puts one page in place before the whole site is
    rebuilt, and that page must pass what the whole site would."""
    problems: list[Problem] = []
    numbers: dict[tuple[str, str], list[str]] = {}
    for rel, text in sorted(pages.items()):
        problems += _text_file(text, rel, site, context, numbers)
    return problems + _numbers_problems(numbers, context)


def _text_file(text: str, rel: str, site: Path, context: Context, numbers: dict[tuple[str, str], list[str]]) -> list[Problem]:
    """Problems of one text file; the numbers it shows that may not be published go into numbers."""
    suffix = _suffix(rel)
    found, findings, local = _text_checks(text, suffix, context)
    for kind, value in found:
        if personal.digits_of(value) not in context.allowed_numbers:
            numbers.setdefault((kind, value), []).append(rel)
    return _foreign_problems(findings, local, rel, context, site)


def _numbers_problems(numbers: dict[tuple[str, str], list[str]], context: Context) -> list[Problem]:
    problems = []
    found = list(numbers.items())
    problems += [_number_problem(kind, value, files, context) for (kind, value), files in found[:MAX_NUMBERS_SHOWN]]
    if len(found) > MAX_NUMBERS_SHOWN:  # a whole column leaked: the first ones say where, the count says how bad
        problems.append(
            Problem(
                "site/",
                None,
                f"另有 {len(found) - MAX_NUMBERS_SHOWN} 个手机号码或身份证号码会出现在网站上",
                fix="如何修改：先按上面的提示改，再重新生成",
            )
        )
    return problems


# ---------------------------------------------------------------- files


def _walk(site: Path, problems: list[Problem]) -> Iterable[tuple[Path, str]]:
    for folder, dirs, files in os.walk(site, followlinks=False):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(folder, name)
            rel = path.relative_to(site).as_posix()
            if not rel.isascii():
                problems.append(
                    Problem(
                        f"site/{rel}",
                        None,
                        "生成的网址里有中文或全角字符",
                        expected="网址只含英文字母、数字和符号",
                        actual=quote(rel),
                        fix="如何修改：把对应的文件或文件夹改成英文名",
                    )
                )
            if path.is_symlink():
                problems.append(
                    Problem(
                        f"site/{rel}",
                        None,
                        "生成的网站里有符号链接（快捷方式），它会发布别处的文件",
                        fix="如何修改：删除 docs/ 里对应的快捷方式",
                    )
                )
                if name in dirs:
                    dirs.remove(name)
            elif name in files:
                yield path, rel


def _suffix(rel: str) -> str:
    return os.path.splitext(rel)[1].lower()


def _read_text(path: Path, suffix: str) -> str:
    data = path.read_bytes()
    if suffix in COMPRESSED_SUFFIXES:
        with contextlib.suppress(OSError, EOFError):  # not really gzip: read the bytes as they are
            data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def _problem(context: Context, rel: str, message: str, *, actual: str = "", fix: str = "") -> Problem:
    """A problem named after the source file of a site file."""
    return Problem(context.source_of.get(rel, f"site/{rel}"), None, message, actual=actual, fix=fix)


# ---------------------------------------------------------------- images


def _image_problems(path: Path, rel: str, context: Context) -> list[Problem]:
    try:
        found = photos.metadata_in(path)
    except Exception:
        return [
            _problem(
                context, rel, "网站里有一个打不开的图片文件", actual=quote(rel), fix="如何修改：重新导出这张图片（JPG 或 PNG）"
            )
        ]
    if not found:
        return []
    return [
        _problem(
            context,
            rel,
            f"图片里带有{'、'.join(found)}等附加信息（可能有拍摄地点、设备、作者）",
            actual=quote(rel),
            fix="如何修改：照片放在页面旁边由程序处理；请报告这个问题，并先不要发布",
        )
    ]


# ---------------------------------------------------------------- personal numbers


def _number_problem(kind: str, value: str, files: list[str], context: Context) -> Problem:
    masked = personal.Number(kind, value, 0).masked()
    where = locate(value, context.root)
    shown = "、".join(f"/{f}" for f in sorted(set(files))[:3]) + (" 等" if len(set(files)) > 3 else "")
    if kind == personal.MOBILE:
        fix = "如何修改：删掉这个号码。本人书面同意公开的手机号，写进名册的“联系电话”并填“同意公开电话”“同意日期”；单位对外公开的号码，写进 data/public-numbers.yml"
    else:
        fix = "如何修改：删掉这个号码。身份证号任何时候都不能公开"
    message = f"网站上会出现{kind} {masked}（出现在 {shown}），没有本人同意不能公开"
    if where:
        path, line = where
        return Problem(path, line, message, fix=fix)
    return Problem(
        context.source_of.get(files[0], f"site/{files[0]}"), None, message + "；在 docs/ 和 data/ 里没有找到它的来源", fix=fix
    )


def locate(value: str, root: Path) -> tuple[str, int] | None:
    """The first source file and line that contain this number, however it was typed there."""
    wanted = personal.digits_of(value) if value[-1].isdigit() else value
    for pattern in SOURCE_GLOBS:
        for path in sorted(root.glob(pattern)):
            if not path.is_file() or path.is_symlink():
                continue
            text = path.read_text("utf-8", errors="replace")
            for number, line in enumerate(text.split("\n"), 1):
                if any(personal.digits_of(n.value) == wanted or n.value == value for n in personal.find_numbers(line)):
                    return path.relative_to(root).as_posix(), number
    xlsx = root / "data" / "roster.xlsx"
    if xlsx.is_file():
        from pufa.kinds import roster  # openpyxl is imported only when a workbook exists

        row = roster.find_in_workbook(xlsx, wanted)
        if row:
            return "data/roster.xlsx", row
    return None


# ---------------------------------------------------------------- other hosts


def _text_checks(text: str, suffix: str, context: Context) -> tuple[list, list[htmlscan.Finding], list[str] | None]:
    """(kind, value) of every number, the foreign findings and the local URLs a page loads (None:
    not a file pages load); from the memo when this text was checked before."""
    key = None
    if context.memo is not None:
        today = dt.date.today().isoformat()  # an ID number's birthday must be in the past
        key = hashlib.sha256(
            f"{suffix}\0{sorted(context.own_hosts)}\0{today}\0".encode() + text.encode("utf-8", "surrogatepass")
        ).hexdigest()
        hit = context.memo.new.get(key) or context.memo.old.get(key)
        if hit is not None:
            context.memo.new[key] = hit
            return hit
    # A number written with character references is still shown to the reader as digits.
    readable = text + "\n" + html.unescape(text) if "&#" in text and suffix in (".html", ".svg", ".xml") else text
    found = [(number.kind, number.value) for number in personal.find_numbers(readable)]
    local: list[str] | None = None
    if suffix == ".html":
        local = []
        findings = htmlscan.html_findings(text, context.own_hosts, local=local)
    elif suffix == ".css":
        findings = htmlscan.css_findings(text, context.own_hosts)
    elif suffix == ".js":
        findings = [htmlscan.Finding("外部加载（脚本里的网址）", url) for url in htmlscan.js_foreign_urls(text)]
    elif suffix == ".svg":
        findings = htmlscan.svg_findings(text, context.own_hosts)
    else:
        findings = []  # sitemap, search index, source maps, text: read by programs, not loaded by pages
    result = (found, findings, local)
    if key is not None:
        context.memo.new[key] = result
    return result


def _foreign_problems(
    findings: list[htmlscan.Finding], local: list[str] | None, rel: str, context: Context, site: Path
) -> list[Problem]:
    if local is not None:
        findings = findings + _missing(local, rel, context, site)
    if not findings:
        return []
    where = context.source_of.get(rel, f"site/{rel}")
    root = None if where.startswith(("site/", "（")) else context.root
    return finding_problems(findings, where, root)


def finding_problems(findings: Iterable[htmlscan.Finding], where: str, root: Path | None) -> list[Problem]:
    """One problem per distinct finding, at the line of the source file (under root) that holds it."""
    problems, seen = [], set()
    for finding in findings:
        if finding in seen:
            continue
        seen.add(finding)
        if finding.what.startswith("缺少的文件"):
            message = f"页面要加载的文件不在网站里：{finding.snippet}"
            fix = "如何修改：检查文件名和路径（区分大小写）；如果是主题文件，请报告这个问题"
        elif finding.what.startswith("外部加载") or "其他网站" in finding.what:
            message = f"页面从其他网站加载内容：{finding.what}（在国内可能打不开，也会把访客的信息交给对方）"
            fix = "如何修改：把图片等下载后放进 docs/ 文件夹，用相对路径引用；要介绍别的网站，写成普通链接"
        else:
            message = f"页面里有会运行脚本或改变加载地址的内容：{finding.what}"
            fix = "如何修改：删掉它；网站页面不需要脚本，视频和地图请写成链接"
        line = find_line(root / where, finding.snippet) if root is not None else None
        problems.append(Problem(where, line, message, actual=quote(finding.snippet), fix=fix))
    return problems


def _missing(urls: list[str], rel: str, context: Context, site: Path) -> list[htmlscan.Finding]:
    """This site's own files that a page loads but that are not in the site (a broken theme file, a lost photo)."""
    findings = []
    for url in set(urls):
        path = unquote(urlsplit(htmlscan.normalise_url(url)).path)
        if not path or url.lower().startswith(("data:", "blob:", "#")):
            continue
        if path.startswith("/"):
            path = path[len(context.base_path) :] if path.startswith(context.base_path) else path.lstrip("/")
            target = site / path
        else:
            target = (site / rel).parent / path
        if not (target.is_file() or (target / "index.html").is_file()):
            findings.append(htmlscan.Finding("缺少的文件（页面要加载它，但网站里没有）", url))
    return findings


# ---------------------------------------------------------------- printed QR codes


_REFRESH_TARGET = re.compile(r'http-equiv="refresh" content="0; url=([^"]+)"')


def _short_link_problems(site: Path, context: Context) -> list[Problem]:
    problems = []
    for code, where in sorted(context.short_links.items()):
        stub = site / shortlinks.PREFIX / code / "index.html"
        target = _REFRESH_TARGET.search(stub.read_text("utf-8")) if stub.is_file() else None
        if target is None:
            problems.append(
                Problem(where, None, f"二维码短链接 /p/{code}/ 没有生成", fix="如何修改：请报告这个问题；原来的网站保持不变")
            )
            continue
        url = html.unescape(target.group(1)).split("#")[0]
        page = (stub.parent / url).resolve()
        if not (page / "index.html").is_file() and not page.is_file():
            problems.append(
                Problem(
                    where,
                    None,
                    f"二维码短链接 /p/{code}/ 指向的页面在网站里不存在",
                    actual=quote(url),
                    fix="如何修改：请报告这个问题；原来的网站保持不变",
                )
            )
    return problems
