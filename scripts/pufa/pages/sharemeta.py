"""What a page says about itself when it is shared (WeChat, QQ, search engines): title, description, image.

Every page gets a unique <title> (the home page just the site's name, list pages their page
number), a description from its own `description:` or its first paragraph (list pages: the
titles they list), and Open Graph tags: og:title, og:description, og:url when the site's address
is known, and og:image (the page's first photo, else the site's share image, shareimage.py).

Everything that goes into the head passes through `escape`: titles and descriptions are typed
by editors and may contain < & " that must stay text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

SEPARATOR = " - "  # as Material writes titles: "页面 - 网站"
DESCRIPTION_MAX = 120  # characters; WeChat cards show two lines, search results about 80–120
SHORT = 30  # a first paragraph shorter than this ("共 2 篇。") gets the title in front and more text
NOT_FOUND_TITLE = "页面没有找到"
NOT_FOUND_DESCRIPTION = "您要找的页面不存在，可能已经搬家或删除。可以回到首页、搜索本站，或拨打 12348 公共法律服务热线。"
_PAGE_NUMBER = re.compile(r"(?:^|/)page/(\d+)/$")  # Material's blog pagination: blog/page/2/
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_DESCRIPTION = re.compile(r'[ \t]*<meta name="description" content="(?:[^"]|"(?!>))*">\n?')
# A line break between two Chinese characters is no space (Markdown keeps the editor's line breaks).
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])")


def escape(text: str) -> str:
    """Text for element content or a double-quoted attribute: the one escaping rule for head tags."""
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class Image:
    url: str
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class Share:
    site_name: str
    title: str  # the page's own title; "" or the site's name on the home page
    description: str
    url: str = ""  # absolute, only when the site's address is known
    image: Image | None = None
    page: int = 1  # list pages: which page of the list
    noindex: bool = False  # the 404 page

    @property
    def own_title(self) -> str:
        """The page's title as a share card shows it (with its page number on list pages)."""
        if not self.title or self.title == self.site_name:
            return self.site_name
        return self.title if self.page == 1 else f"{self.title}（第{self.page}页）"

    @property
    def full_title(self) -> str:
        own = self.own_title
        return own if own == self.site_name else f"{own}{SEPARATOR}{self.site_name}"


def page_number(url: str) -> int:
    match = _PAGE_NUMBER.search(url)
    return int(match.group(1)) if match else 1


def head_tags(share: Share) -> str:
    """<title>, description and Open Graph tags, escaped, one per line."""
    tags = [
        f"<title>{escape(share.full_title)}</title>",
        f'<meta name="description" content="{escape(share.description)}">',
    ]
    if share.noindex:
        tags.append('<meta name="robots" content="noindex">')
    og = [
        ("og:type", "website"),
        ("og:locale", "zh_CN"),
        ("og:site_name", share.site_name),
        ("og:title", share.own_title),
        ("og:description", share.description),
    ]
    if share.url:
        og.append(("og:url", share.url))
    if share.image:
        og.append(("og:image", share.image.url))
        if share.image.width and share.image.height:
            og += [("og:image:width", str(share.image.width)), ("og:image:height", str(share.image.height))]
    tags += [f'<meta property="{name}" content="{escape(value)}">' for name, value in og]
    return "\n".join(tags)


def apply(page: str, share: Share) -> str:
    """The rendered page with its title and description replaced by ours, and the share tags added."""
    page = _DESCRIPTION.sub("", page, count=1)
    match = _TITLE.search(page)
    if match is None:
        return page
    return page[: match.start()] + head_tags(share) + page[match.end() :]


# ------------------------------------------------------------------ descriptions


def shorten(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """At most limit characters, ending at a sentence end when one is near, else with "…"."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。！？；")
    if cut >= limit // 2:
        return text[: cut + 1]
    return text[: limit - 1].rstrip("，、；：,;: ") + "…"


def describe(page_html: str, title: str, fallback: str) -> str:
    """The description of a rendered page that has no `description:` of its own."""
    found = _Blocks.read(page_html)
    if found.titles:  # a list of posts: what it lists is what tells it apart
        return shorten(f"{title}：{'、'.join(found.titles)}")
    paragraphs = [text for kind, text in found.blocks if kind == "p"]
    text = paragraphs[0] if paragraphs else ""
    if len(text) < SHORT:
        rest = [t for _, t in found.blocks if t != text] or found.rows  # a page that is only a table
        more = ""
        while rest and len(text + more) < 2 * SHORT:
            before = more or text
            more += ("" if not before or before[-1] in "。！？；：" else "；") + rest.pop(0)
        if not text and not more:  # nothing to say of its own: its title and the site's description
            return shorten("：".join(part for part in (title, fallback) if part))
        text = f"{title}：{text}{more}" if title and title not in text else text + more
    return shorten(text)


_SKIP_TAGS = {
    "nav",
    "table",
    "figure",
    "svg",
    "script",
    "style",
    "details",
    "aside",
    "form",
    "header",
    "footer",
    "pre",
    "code",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
_SKIP_CLASSES = {
    "pufa-post-meta",
    "admonition",
    "md-post__action",
    "pufa-qr",
    "pufa-figures",
    "pufa-figures-source",
    "headerlink",
    "md-button",
    "pufa-needs-js",
    "pufa-people",
    "md-source-file",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKS = {"p", "li"}
_ENOUGH = 6  # blocks: more are never used
_CHUNK = 2048  # characters of HTML fed at a time
_FOLLOWING = 16384  # characters read after which a short first paragraph is taken as it is


class _Blocks(HTMLParser):
    """Text of the <p> and <li> blocks in the page's content area, and the titles of listed posts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.titles: list[str] = []
        self.rows: list[str] = []  # table rows (cells joined), for pages that are only a table
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._stack: list[tuple[str, bool]] = []  # (tag, starts a skipped part)
        self._skipping = 0
        self._block: tuple[str, list[str]] | None = None
        self._title: list[str] | None = None
        self._excerpt_depth: int | None = None

    @classmethod
    def read(cls, page: str) -> _Blocks:
        start = page.find("md-content__inner")
        end = page.find('<footer class="md-footer"', start)
        region = page[page.rfind("<", 0, start) if start >= 0 else 0 : end if end >= 0 else len(page)]
        parser = cls()
        listing = "md-post--excerpt" in region
        for at in range(0, len(region), _CHUNK):  # stop as soon as the description is known
            parser.feed(region[at : at + _CHUNK])
            if parser._enough(listing, at + _CHUNK):
                break
        return parser

    def _enough(self, listing: bool, read: int) -> bool:
        if listing:
            return sum(len(title) + 1 for title in self.titles) > DESCRIPTION_MAX
        first = next((text for kind, text in self.blocks if kind == "p"), "")
        # A short first paragraph takes what follows it, if it comes soon (a roster page's long
        # list of people, which is never described, does not).
        return len(first) >= SHORT or len(self.blocks) >= _ENOUGH or (bool(first) and read >= _FOLLOWING)

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "article" and "md-post--excerpt" in classes:
            self._excerpt_depth = len(self._stack)
        if self._excerpt_depth is not None and tag == "h2":
            self._title = []
        if tag == "tr":
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        if tag in _VOID:
            return
        skip = tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES)
        self._stack.append((tag, skip))
        self._skipping += skip
        if tag in _BLOCKS and not self._skipping and self._block is None:
            self._block = (tag, [])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append(_clean("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows.append(" ".join(cell for cell in self._row if cell))
            self._row = None
        if tag in _VOID or not any(t == tag for t, _ in self._stack):
            return
        while self._stack:  # close anything left open inside (forgiving, like a browser)
            open_tag, skip = self._stack.pop()
            self._skipping -= skip
            if self._block is not None and open_tag == self._block[0] and self._block_closes():
                kind, parts = self._block
                text = _clean("".join(parts))
                if text:
                    self.blocks.append((kind, text))
                self._block = None
            if open_tag == tag:
                break
        if tag == "h2" and self._title is not None:
            text = _clean("".join(self._title))
            if text:
                self.titles.append(text)
            self._title = None
        if self._excerpt_depth is not None and len(self._stack) <= self._excerpt_depth:
            self._excerpt_depth = None

    def _block_closes(self) -> bool:
        return not any(t == self._block[0] for t, _ in self._stack)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._title is not None:
            self._title.append(data)
        elif self._block is not None and not self._skipping:
            self._block[1].append(data)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _CJK_BREAK.sub("", text.replace("¶", ""))).strip()
