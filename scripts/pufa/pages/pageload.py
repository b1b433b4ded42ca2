"""A page's first view on a slow phone network: what must arrive before the page can be drawn.

Measured with Lighthouse's mobile profile behind the generated nginx config (`make bench`), the
largest contentful paint of a county-scale home page, post and site page waited for three
stylesheets and the theme's scripts (36 KB compressed, and their run time) before anything was
drawn. Two repairs to the theme's HTML:

- The theme's scripts (Material's bundle, then pufa.js and pufa-search.js from main.html) are not
  fetched by the page's markup but by a small inline loader, once the document is parsed and the
  first frame is drawn: the reader sees the page, then it becomes interactive. They load in their
  order (async=false). Material starts its work on DOMContentLoaded, which has passed by then, so
  the loader sends that event again once they have run. The inline scripts that must run before
  the page is drawn (A+ large text, the search-index hold, the search worker's address) need no
  script file. With the `js` class set by the A+ script (main.html), controls that need
  JavaScript are in place at the first paint, so nothing shifts when the scripts arrive.
- Our own small stylesheets (pufa.css, 8 KB) are put inline into each page instead of being a
  separate request that blocks drawing; the file stays published for anything that links it.

Material's main stylesheet (24 KB compressed) stays a normal, cached stylesheet: inlining it into
every page would cost every page view what a cache hit saves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js"(?: defer)?></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)">')
# The bundle and every script file after it in the page (main.html's, mkdocs.yml's extra_javascript).
_SCRIPT_FILE = re.compile(r'[ \t]*<script src="(?P<src>[^":]+\.js)"(?: defer)?></script>\n?')
LOADER_MARK = "/* pufa (pageload.py): the theme's scripts, in order, after the first frame is drawn */"
_LOADER_SOURCES = re.compile(re.escape(LOADER_MARK) + r".*\}\)\((\[[^\]]*\])\);\s*$", re.S)
LOADER = (
    "<script>" + LOADER_MARK + "(function(srcs){var started=false;function load(){if(started)return;started=true;var last;"
    "srcs.forEach(function(src){var s=document.createElement('script');s.src=src;s.async=false;document.body.appendChild(s);last=s;});"
    "function ready(){document.dispatchEvent(new Event('DOMContentLoaded'));}"
    "last.addEventListener('load',ready);last.addEventListener('error',ready);}"
    "function afterFirstFrame(){requestAnimationFrame(function(){setTimeout(load,0);});setTimeout(load,3000);}"
    "if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',afterFirstFrame,{once:true});else afterFirstFrame();"
    "})(%s);</script>\n"
)


def loader_sources(script: str) -> list[str]:
    """The script files an inline script made by LOADER fetches (for the publication gate), else []."""
    match = _LOADER_SOURCES.search(script.strip()) if LOADER_MARK in script else None
    return [str(src) for src in json.loads(match.group(1))] if match else []


def load_scripts_after_first_frame(html: str) -> str:
    """The theme's script tags, from Material's bundle on, replaced by LOADER (see above)."""
    bundle = _BUNDLE.search(html)
    if bundle is None:
        return html
    end = html.rfind("</body>")
    if end < bundle.start():
        return html
    tail = html[bundle.start() : end]
    sources = [m.group("src") for m in _SCRIPT_FILE.finditer(tail)]
    rest = _SCRIPT_FILE.sub("", tail)
    return html[: bundle.start()] + rest + LOADER % json.dumps(sources) + html[end:]


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
    return inline_stylesheets(load_scripts_after_first_frame(html), sheets)
