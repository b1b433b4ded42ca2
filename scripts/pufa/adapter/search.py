"""Site search: the index a reader's browser downloads, and the page text it shows as snippets.

Material's search plugin cuts every page into sections (one per heading) and segments Chinese
with jieba; its browser side (lunr) matches only the beginnings of words, so 援助 never finds
法律援助 and 法律援助 finds everything that starts with 法律. We keep the plugin's sections and its
jieba words (with data/jieba_user.txt), and replace its index with two parts:

- search/search_index.json, fetched when the reader opens search (main.html holds it until then):
  every page's URL, title, headings and text file; the sorted vocabulary of words; for each word
  the pages it occurs on and how often (once, 2–3, 4+ times); and the synonyms of
  data/synonyms.yml. It holds no page text, so it stays small at county scale.
- search/text/<hash>.js, one file per page: its sections' anchors, headings and plain text. The
  browser fetches only the files of the pages its results show, for snippets, highlighting and
  to check that a page contains the whole query. Named by content, so an unchanged page keeps
  its file (and the reader's cache) across builds.

The browser side is overrides/assets/javascripts/pufa-search-worker.js, which speaks Material's
worker protocol, so Material's dialog, result markup and keyboard use stay as they are. A text
file is JavaScript (`pufaSearchText(name, sections)`) so that the offline bundle can load it
from file:// with a script tag; over HTTP the worker fetches it and parses the JSON inside.

Not indexed: blog archive and pagination pages (they repeat the posts); category and township
lists only by their titles (their text is a list of post titles); roster pages (search: exclude).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pufa.sources.synonyms import normalize

INDEX = "search/search_index.json"
TEXT_DIR = "search/text"
FORMAT = 1  # the worker refuses an index of another format
TEXT_CALLBACK = "pufaSearchText"

# Page kinds by URL (blog_dir is "blog" in mkdocs.yml; offline builds end pages in .html).
_DROPPED = re.compile(r"^blog/archive/|(^|/)page/\d+(/|\.html)?$")
_TITLE_ONLY = re.compile(r"^blog/(category|township)/")
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A word is a run of Chinese characters (already cut by jieba) or of ASCII letters and digits.
_WORD = re.compile(rf"[{_HAN}]+|[0-9a-z]+")
# 64 JSON-safe characters without digits or "-": a run of postings never looks like a phone or
# ID number to the publication gate's check for personal numbers.
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%()*+,.:;"


@dataclass
class Page:
    url: str
    title: str = ""
    words_title: tuple[str, ...] = ()
    full: bool = True
    sections: list = None  # [(anchor, heading, clean text, heading words, text words)]


@dataclass
class Written:
    pages: int
    words: int
    index_bytes: int
    text_files: int
    text_bytes: int


def clean(fragment: str) -> str:
    """Plain text of an index fragment: no tags, no jieba separators, entities decoded."""
    text = html.unescape(_TAG.sub(" ", fragment)).replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


def words_of(fragment: str) -> list[str]:
    """The words of an index fragment as jieba cut them, compared as the browser compares them."""
    text = normalize(html.unescape(_TAG.sub(" ", fragment)))
    return [w for chunk in re.split(r"[\s\u200b]+", text) for w in _WORD.findall(chunk)]


def varint(n: int) -> str:
    """n in base-64 symbols (_BASE64), 5 bits each; the upper 32 symbols mean 'more follow'."""
    out = []
    while n >= 32:
        out.append(_BASE64[32 + (n & 31)])
        n >>= 5
    out.append(_BASE64[n])
    return "".join(out)


def _bucket(count: int) -> int:
    return 0 if count <= 1 else 1 if count <= 3 else 2


def pages_of(entries: list[dict]) -> list[Page]:
    """Material's section entries grouped by page, in index order, without the pages we leave out."""
    pages: dict[str, Page] = {}
    for entry in entries:
        location = str(entry.get("location", ""))
        url, _, anchor = location.partition("#")
        if _DROPPED.search(url):
            continue
        page = pages.get(url)
        if page is None:
            page = pages[url] = Page(url, full=not _TITLE_ONLY.search(url), sections=[])
        title = str(entry.get("title", ""))
        text = str(entry.get("text", "")) if page.full else ""
        if not anchor and not page.title:
            page.title, page.words_title = clean(title), tuple(words_of(title))
            page.sections.append(("", page.title, clean(text), (), tuple(words_of(text))))
        elif page.full:
            page.sections.append((anchor, clean(title), clean(text), tuple(words_of(title)), tuple(words_of(text))))
    for page in pages.values():
        if not page.title and page.sections:  # no intro section: the first heading names the page
            page.title, page.words_title = page.sections[0][1], page.sections[0][3]
    return list(pages.values())


def _text_file(page: Page) -> tuple[str, str] | None:
    """(name, JavaScript) of a page's text file; None for pages indexed by title only."""
    if not page.full or not page.sections:
        return None
    sections = [[anchor, heading, text] for anchor, heading, text, _, _ in page.sections]
    payload = _js_safe(json.dumps(sections, ensure_ascii=False, separators=(",", ":")))
    name = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:10]
    return name, f'{TEXT_CALLBACK}("{name}",{payload})\n'


_JSON_ESCAPES = str.maketrans(
    {"/": "\\/", "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _js_safe(data: str) -> str:
    """JSON that is also safe as JavaScript and inert as text: page text is plain text here (a title
    may say <script>), so <, > and & are written as \\u escapes, "/" as "\\/" (no "//host" for the
    gate to mistake for a load) and U+2028/2029, which end a line in older JavaScript engines."""
    return data.translate(_JSON_ESCAPES)


def build_index(entries: list[dict], synonyms: dict[str, tuple[str, ...]]) -> tuple[dict, dict[str, str]]:
    """(the index's "docs" object, {text file name: JavaScript}) from Material's entries."""
    pages = pages_of(entries)
    counts: list[dict[str, int]] = []
    vocabulary: set[str] = set()
    for page in pages:
        count: dict[str, int] = defaultdict(int)
        for word in page.words_title:
            count[word] += 0  # a title or heading word is a match, but not a body occurrence
        for _, _, _, heading_words, text_words in page.sections:
            for word in heading_words:
                count[word] += 0
            for word in text_words:
                count[word] += 1
        counts.append(count)
        vocabulary.update(count)
    words = sorted(vocabulary)
    number = {word: i for i, word in enumerate(words)}
    postings: list[list[str]] = [[] for _ in words]
    last = [-1] * len(words)
    for p, count in enumerate(counts):
        for word, n in count.items():
            w = number[word]
            postings[w].append(varint((p - last[w]) * 3 + _bucket(n)))
            last[w] = p
    files: dict[str, str] = {}
    table = []
    for page in pages:
        made = _text_file(page)
        if made:
            name, script = made
            if name in files and files[name] != script:  # 40 bits of SHA-1: never seen, but never silent
                raise ValueError(f"search text file name collision: {name}")
            files[name] = script
        # Titles and headings as text: the browser matches any part of them, and an exact heading.
        headings = "\t".join(heading for anchor, heading, _, _, _ in page.sections if anchor)
        table.append([page.url, page.title, made[0] if made else "", headings])
    docs = {
        "format": FORMAT,
        "pages": table,
        "words": "\n".join(words),
        "postings": ["".join(p) for p in postings],
        "synonyms": {word: list(terms) for word, terms in sorted(synonyms.items())},
    }
    return docs, files


def write_search_index(site_dir: Path, synonyms: dict[str, tuple[str, ...]], memo=None) -> Written | None:
    """Replace Material's search_index.json by ours and write the text files; None without search.

    memo(raw, make), when given, returns make() or what it returned for the same Material index
    before (the build cache: an unchanged site is not indexed again)."""
    path = Path(site_dir) / INDEX
    if not path.is_file():
        return None
    raw = path.read_text("utf-8")

    def make():
        material = json.loads(raw)
        return material.get("config", {}), *build_index(material.get("docs", []), synonyms)

    config, docs, files = memo(raw, make) if memo else make()
    folder = Path(site_dir) / TEXT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    text_bytes = 0
    for name, script in files.items():
        data = script.encode("utf-8")
        (folder / f"{name}.js").write_bytes(data)
        text_bytes += len(data)
    # Material's own config stays (its page script reads the separator when highlighting).
    index = _js_safe(json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":")))
    path.write_text(index, "utf-8")
    return Written(len(docs["pages"]), len(docs["postings"]), len(index.encode("utf-8")), len(files), text_bytes)
