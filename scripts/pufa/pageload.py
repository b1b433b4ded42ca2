"""A page's first view on a slow phone network: what must arrive before the page can be drawn.

Measured with Lighthouse's mobile profile behind the generated nginx config (`make bench`), the
largest contentful paint of a county-scale home page, post and site page waited for three
stylesheets and two scripts before anything was drawn. Two repairs to the theme's HTML:

- Material's bundle (about 36 KB compressed) is loaded with `defer`: it is still fetched at once,
  but runs after the page is parsed instead of holding up the first paint. pufa.js and
  pufa-search.js are deferred too (main.html), so they run after the bundle, whose `document$`
  pufa.js uses; the only inline scripts that must run before the page is drawn (A+ large text,
  the search-index hold, the search worker's address) need no bundle.
- Our own small stylesheets (pufa.css, 8 KB) are put inline into each page instead of being a
  separate request that blocks drawing; the file stays published for anything that links it.

Material's main stylesheet (24 KB compressed) stays a normal, cached stylesheet: inlining it into
every page would cost every page view what a cache hit saves.
"""

from __future__ import annotations

import re
from pathlib import Path

_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)">')


def defer_theme_bundle(html: str) -> str:
    return _BUNDLE.sub(r'<script src="\1" defer></script>', html, count=1)


def inline_stylesheets(html: str, sheets: dict[str, str]) -> str:
    """Replace each <link rel=stylesheet> whose href ends with a key of sheets by its text."""

    def replace(match: re.Match) -> str:
        href = match.group("href")
        for suffix, text in sheets.items():
            if href.endswith(suffix):
                return f"<style>{text}</style>"
        return match.group(0)

    return _STYLESHEET.sub(replace, html)


def own_stylesheets(docs_dir: Path, extra_css: list[str]) -> dict[str, str]:
    """The site's own stylesheets (mkdocs.yml extra_css, files in docs/) by site path, minus comments.

    `</style` cannot occur in CSS we ship (it would end the inline element): such a file stays linked."""
    sheets = {}
    for path in extra_css:
        source = Path(docs_dir, path)
        if path.endswith(".css") and source.is_file():
            text = re.sub(r"/\*.*?\*/", "", source.read_text("utf-8"), flags=re.S)
            text = re.sub(r"\n\s*\n+", "\n", text).strip()
            if "</style" not in text.lower():
                sheets[path] = text
    return sheets


def fast_first_view(html: str, sheets: dict[str, str]) -> str:
    return inline_stylesheets(defer_theme_bundle(html), sheets)
