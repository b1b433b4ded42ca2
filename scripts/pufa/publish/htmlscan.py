"""What a page, stylesheet, script or SVG makes the browser fetch, and what in it could run code.

Read with real parsers, the way a browser reads them, not with regular expressions: an HTML5
parser (selectolax/Lexbor, which decodes entities in attributes exactly as Chromium does), a CSS
tokenizer (tinycss2: url(), image-set(), @import, escapes) and an XML parser for .svg files. So
`style="background:url(&quot;https://…&quot;)"` (how Chrome serialises pasted HTML), `&#104;ttps:`,
`image-set()`, `<svg><image href>` and `<base href>` are all seen.

Two questions are answered:
- `foreign_loads`: URLs on another host that the browser would load without a click (scripts,
  styles, images, fonts, frames, media, prefetches, a meta refresh). Links (<a href>) are not loads.
- `unsafe`: things that run code or change where everything loads from: <script>, on*="…"
  handlers, javascript: URLs, <base>, meta refresh. Editors' pages may contain none of them.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import tinycss2
from selectolax.lexbor import LexborHTMLParser

from pufa.pages.pageload import loader_sources

# Attributes whose value the browser fetches, on any element.
_LOAD_ATTRIBUTES = ("src", "poster", "data", "background", "lowsrc", "dynsrc", "codebase", "archive", "manifest", "ping")
_SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
# <link rel> values that only name another page; every other rel fetches something (stylesheet,
# icon, preload, prefetch, preconnect, dns-prefetch, modulepreload, manifest, search, …).
_NAMING_RELS = frozenset(
    {
        "canonical",
        "alternate",
        "prev",
        "next",
        "author",
        "license",
        "help",
        "bookmark",
        "me",
        "nofollow",
        "noopener",
        "noreferrer",
        "tag",
        "external",
    }
)
# Elements whose href is a link for the reader to follow, not a load.
_LINK_ELEMENTS = frozenset({"a", "area"})
# Attributes holding a URL, where javascript: would run code.
_URL_ATTRIBUTES = frozenset(
    {"href", "xlink:href", "src", "action", "formaction", "data", "poster", "background", "ping", "cite", "longdesc", "srcdoc"}
)
_SPECIAL_ELEMENTS = frozenset({"script", "base", "style", "meta"})
# Attributes that never load or run anything: skipped without a look (most of a page's attributes).
_INERT_NAMES = frozenset(
    {
        "class",
        "id",
        "title",
        "alt",
        "lang",
        "dir",
        "role",
        "d",
        "viewbox",
        "xmlns",
        "width",
        "height",
        "type",
        "name",
        "value",
        "for",
        "tabindex",
        "hidden",
        "rel",
        "content",
        "charset",
        "datetime",
        "colspan",
        "rowspan",
        "align",
        "x",
        "y",
        "rx",
        "ry",
        "fill",
        "stroke",
        "transform",
        "text-anchor",
        "autocomplete",
        "autocapitalize",
        "autocorrect",
        "spellcheck",
        "placeholder",
        "required",
        "checked",
        "disabled",
        "loading",
        "decoding",
        "fetchpriority",
        "sizes",
        "crossorigin",
        "integrity",
        "target",
        "download",
    }
)
_CODE_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml", "data:image/svg")
_CSS_IMAGE_SETS = frozenset({"image-set", "-webkit-image-set"})
_META_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)
# In scripts, only URLs in string literals can be loaded; comments (licence headers) are dropped first.
_JS_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_JS_LINE_COMMENT = re.compile(r"(?<![:\"'\\/])//[^\n]*")
_JS_URL = re.compile(r"[\"'`]((?:https?:)?//([A-Za-z0-9-]+\.[A-Za-z0-9.-]+))")
# Hosts named in the theme's JavaScript that are never contacted on our sites, and why.
INERT_JS_HOSTS = {
    "api.github.com": "only fetched when mkdocs.yml sets repo_url, which pufa refuses",
    "www.w3.org": "SVG/XML namespace, not a request",
}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WEB_SCHEMES = frozenset({"http", "https", "ws", "wss"})
# Not a fetch from another host: inline data, in-page references, phone and mail links; code URLs are
# reported on their own (is_code_url).
_HARMLESS_SCHEMES = frozenset({"data", "blob", "about", "tel", "mailto", "sms", "javascript", "vbscript"})
_NAMESPACE = re.compile(r"^\{[^}]*\}")
_XLINK = "{http://www.w3.org/1999/xlink}"


@dataclass(frozen=True)
class Finding:
    what: str  # in Chinese, for the message: 外部加载 …, 脚本, 事件处理属性 onerror, …
    snippet: str  # the URL or the markup, to search the sources for and to show


def normalise_url(value: str) -> str:
    """A URL as the browser reads it: tabs and newlines removed, ends trimmed, \\ read as /."""
    text = re.sub(r"[\t\n\r]", "", value).strip(
        " \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
    )
    return text.replace("\\", "/")


def is_foreign(url: str, own_hosts: frozenset[str] = frozenset()) -> bool:
    """True when loading url would contact a host other than this site's own."""
    text = normalise_url(url)
    scheme = _SCHEME.match(text)
    if scheme:
        name, rest = scheme.group(1).lower(), text[scheme.end() :]
        if name in _HARMLESS_SCHEMES:
            return False
        if name not in _WEB_SCHEMES:
            return True  # file:, ftp:, an app's own scheme: nothing a page of ours should load
        rest = "//" + rest.lstrip("/")  # browsers read https:/x, https:///x and https:x alike
    elif text.startswith("//"):
        rest = text
    else:
        return False  # a path on this site
    try:
        host = (urlsplit(rest).hostname or "").rstrip(".")
    except ValueError:
        return True  # the browser may still try it; refuse what we cannot read
    return host not in own_hosts


def is_code_url(value: str) -> bool:
    return normalise_url(value).lower().replace(" ", "").startswith(_CODE_SCHEMES)


# ---------------------------------------------------------------- HTML


def html_findings(
    text: str, own_hosts: frozenset[str] = frozenset(), *, content: bool = False, local: list[str] | None = None
) -> list[Finding]:
    """Foreign loads and unsafe markup in an HTML document or fragment.

    content=True is for an editor's page body: every <script>, <base> and meta refresh is then a
    finding. For a whole built page the theme's own inline scripts are allowed, and only what
    they load is checked. local, when given, receives the URLs loaded from this site itself."""
    tree = LexborHTMLParser(text)
    return list(_html_nodes(tree.root, own_hosts, content, local)) if tree.root is not None else []


def _html_nodes(root, own_hosts: frozenset[str], content: bool, local: list[str] | None = None) -> Iterator[Finding]:
    for node in root.traverse(include_text=False):
        tag = node.tag or ""
        if tag in _SPECIAL_ELEMENTS:
            yield from _special_element(node, tag, own_hosts, content, local)
        attributes = node.attributes
        if attributes and not _INERT_NAMES.issuperset(attributes):
            yield from _attribute_findings(
                tag, {str(k).lower(): v or "" for k, v in attributes.items()}, own_hosts, content, local
            )


def _special_element(
    node, tag: str, own_hosts: frozenset[str], content: bool, local: list[str] | None = None
) -> Iterator[Finding]:
    if tag == "script":
        if content:
            yield Finding("脚本（<script>）", "<script")
        if node.attributes.get("src") is None:
            code = node.text() or ""
            yield from (Finding("外部加载（脚本里的网址）", url) for url in js_foreign_urls(code))
            if local is not None:  # the theme's script files, fetched by pageload.py's loader
                local.extend(url for url in loader_sources(code) if not is_foreign(url, own_hosts))
    elif tag == "base":
        yield Finding("<base> 标签（它会让整页的图片和脚本从别的网址加载）", "<base")
    elif tag == "style":
        yield from _css_findings(node.text() or "", own_hosts, declarations=False)
    elif tag == "meta" and (node.attributes.get("http-equiv") or "").lower() == "refresh":
        target = _META_REFRESH_URL.search(node.attributes.get("content") or "")
        if content:
            yield Finding("自动跳转（meta refresh）", "http-equiv")
        elif target and is_foreign(target.group(1), own_hosts):
            yield Finding("自动跳转到其他网站（meta refresh）", target.group(1))


def _attribute_findings(
    tag: str, attributes: dict[str, str], own_hosts: frozenset[str], content: bool, local: list[str] | None = None
) -> Iterator[Finding]:
    for name, value in attributes.items():
        if name in _INERT_NAMES:
            continue
        if name.startswith("on"):
            yield Finding(f"事件处理属性 {name}（会运行脚本）", name)
        elif name in _URL_ATTRIBUTES and is_code_url(value):
            yield Finding(f"{name} 里的 javascript: 网址（会运行脚本）", value[:40])
        elif name == "style":
            yield from _css_findings(value, own_hosts, declarations=True)
        elif name == "srcdoc":
            yield from (Finding(f.what, f.snippet) for f in html_findings(value, own_hosts, content=True))
    for url in _loaded_urls(tag, attributes):
        if is_foreign(url, own_hosts):
            yield Finding(f"外部加载（<{tag}>）", url)
        elif local is not None:
            local.append(url)


def _loaded_urls(tag: str, attributes: dict[str, str]) -> Iterator[str]:
    for name in _LOAD_ATTRIBUTES:
        if name in attributes:
            yield attributes[name]
    for name in _SRCSET_ATTRIBUTES:
        for candidate in attributes.get(name, "").split(","):
            if candidate.strip():
                yield candidate.split()[0]
    for name in ("href", "xlink:href"):
        if name not in attributes or tag in _LINK_ELEMENTS:
            continue
        if tag == "link":
            rels = set(attributes.get("rel", "").lower().split())
            if rels and rels <= _NAMING_RELS:
                continue
        yield attributes[name]


# ---------------------------------------------------------------- CSS


def css_findings(text: str, own_hosts: frozenset[str] = frozenset()) -> list[Finding]:
    """Foreign loads in a stylesheet (.css file or <style>)."""
    return list(_css_findings(text, own_hosts, declarations=False))


def _css_findings(text: str, own_hosts: frozenset[str], *, declarations: bool) -> Iterator[Finding]:
    yield from _css_findings_of(text, own_hosts, declarations)


@functools.lru_cache(maxsize=512)
def _css_findings_of(text: str, own_hosts: frozenset[str], declarations: bool) -> tuple[Finding, ...]:
    # Cached: every page carries the same inline stylesheet (pufa.css, pageload.py) and many of
    # the same style attributes; parsing them once per build instead of once per page.
    nodes = tinycss2.parse_blocks_contents(text) if declarations else tinycss2.parse_stylesheet(text)
    return tuple(Finding("外部加载（样式里的 url）", url) for url in _css_urls(nodes) if is_foreign(url, own_hosts))


def _css_urls(nodes) -> Iterator[str]:
    for node in nodes or ():
        kind = getattr(node, "type", "")
        if kind == "url":
            yield node.value
        elif kind == "function":
            name = node.lower_name
            strings = [a.value for a in node.arguments if getattr(a, "type", "") == "string"]
            if name in ("url", "src") and strings:
                yield strings[0]
            elif name in _CSS_IMAGE_SETS:
                yield from strings
            yield from _css_urls(node.arguments)
        elif kind == "at-rule":
            if node.lower_at_keyword == "namespace":
                continue  # names an XML namespace; nothing is fetched
            if node.lower_at_keyword == "import":
                yield from (t.value for t in node.prelude if getattr(t, "type", "") == "string")
            yield from _css_urls(node.prelude)
            yield from _css_urls(tinycss2.parse_blocks_contents(node.content) if node.content else ())
        elif kind in ("qualified-rule",):
            yield from _css_urls(node.prelude)
            yield from _css_urls(tinycss2.parse_blocks_contents(node.content))
        elif kind == "declaration":
            yield from _css_urls(node.value)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _css_urls(node.content)


# ---------------------------------------------------------------- scripts and SVG


def js_foreign_urls(code: str) -> list[str]:
    """URLs on other hosts in a script's string literals (the theme's bundle names a few it never uses)."""
    code = _JS_LINE_COMMENT.sub("", _JS_BLOCK_COMMENT.sub("", code))
    return [m.group(1) for m in _JS_URL.finditer(code) if m.group(2) not in INERT_JS_HOSTS]


def svg_findings(text: str, own_hosts: frozenset[str] = frozenset()) -> list[Finding]:
    """Foreign loads and unsafe parts of a standalone .svg file (read as XML, as browsers do)."""
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        return [Finding("DOCTYPE 或 ENTITY 声明（可能藏着外部网址）", "<!")]
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return [Finding("SVG 文件格式有错，浏览器可能无法显示", "<svg")]
    findings: list[Finding] = []
    for element in root.iter():
        tag = _NAMESPACE.sub("", str(element.tag)).lower()
        attributes = {(_NAMESPACE.sub("xlink:" if k.startswith(_XLINK) else "", k)).lower(): v for k, v in element.attrib.items()}
        if tag == "script":
            findings.append(Finding("脚本（<script>）", "<script"))
        elif tag == "style":
            findings.extend(_css_findings(element.text or "", own_hosts, declarations=False))
        elif tag == "foreignobject":
            findings.append(Finding("<foreignObject>（SVG 里嵌入的网页内容）", "<foreignObject"))
        findings.extend(_attribute_findings(tag, attributes, own_hosts, content=True))
    return findings
