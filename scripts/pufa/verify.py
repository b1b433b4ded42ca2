"""Checks on a built site, before it replaces the published one.

- every path is ASCII (URLs end up in QR codes and WeChat links, percent-encoded Chinese breaks);
- no page, stylesheet or script loads anything from another host (fonts and CDNs hang for 20+ s
  in mainland China; third-party requests also leak visitors' data).
"""

from __future__ import annotations

import re
from pathlib import Path

from pufa.problems import Problem, quote
from pufa.textfile import find_line

# Resource-loading attributes in HTML. <a href> is a link, not a load, and is not checked.
_HTML_LOADS = re.compile(
    r"<(?:script|img|iframe|audio|video|source|embed|track|input|object)\b[^>]*?\s(?:src|srcset|poster|data)\s*=\s*[\"']?\s*((?:https?:)?//[^\"'\s>]+)"
    r"|<link\b[^>]*?\shref\s*=\s*[\"']?\s*((?:https?:)?//[^\"'\s>]+)"
    r"|url\(\s*[\"']?\s*((?:https?:)?//[^\"')\s]+)"
    r"|@import\s+[\"']((?:https?:)?//[^\"']+)",
    re.IGNORECASE,
)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_LINK_REL_LOADS = re.compile(r"\srel\s*=\s*[\"']?[^\"'>]*\b(stylesheet|preconnect|preload|prefetch|dns-prefetch|modulepreload|icon|manifest)\b", re.IGNORECASE)
# In scripts, only URLs in string literals can be loaded; comments (licence headers) are dropped first.
_JS_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_JS_LINE_COMMENT = re.compile(r"(?<![:\"'\\/])//[^\n]*")
_JS_URL = re.compile(r"[\"'`]((?:https?:)?//([A-Za-z0-9-]+\.[A-Za-z0-9.-]+))")

# Hosts named in the theme's JavaScript that are never contacted on our sites, and why.
INERT_JS_HOSTS = {
    "api.github.com": "only fetched when mkdocs.yml sets repo_url, which the pufa plugin forbids",
    "www.w3.org": "SVG/XML namespace, not a request",
}


def check_site(site: Path, source_of: dict[str, str] | None = None, root: Path = Path(".")) -> list[Problem]:
    """Return problems found in a built site. source_of maps site paths to source files."""
    source_of = source_of or {}
    problems = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not rel.isascii():
            problems.append(Problem(source_of.get(rel, f"site/{rel}"), None, "生成的网址里有中文或全角字符", expected="网址只含英文字母、数字和符号", actual=quote(rel), fix="如何修改：把对应的文件或文件夹改成英文名"))
        if not path.is_file() or path.suffix not in (".html", ".css", ".js", ".svg", ".xml", ".json"):
            continue
        text = path.read_text("utf-8", errors="replace")
        for url in _external_loads(text, path.suffix):
            where = source_of.get(rel, f"site/{rel}")
            problems.append(Problem(where, find_line(root / where, url), "页面从其他网站加载内容（在国内可能打不开，也会泄露访客信息）", expected="只用本站的图片、字体和脚本", actual=quote(url), fix="如何修改：把图片等下载后放进 docs/ 文件夹，用相对路径引用"))
    return problems


def _external_loads(text: str, suffix: str) -> list[str]:
    found = []
    if suffix == ".js":
        code = _JS_LINE_COMMENT.sub("", _JS_BLOCK_COMMENT.sub("", text))
        return [m.group(1) for m in _JS_URL.finditer(code) if m.group(2) not in INERT_JS_HOSTS]
    for match in _HTML_LOADS.finditer(text):
        url = next(g for g in match.groups() if g)
        if match.group(2):  # <link href>: only rels that make the browser load something
            tag = _LINK_TAG.match(text, match.start())
            if not tag or not _LINK_REL_LOADS.search(tag.group(0)):
                continue
        if "www.w3.org" not in url:
            found.append(url)
    return found
