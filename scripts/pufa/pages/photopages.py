"""Where published photos go in the site and how pages refer to them.

Editors link photos as they took them (`![…](photos/01.jpg)` or `photos:` in front matter).
The build replaces each with a <picture> of small WebP/JPEG variants under assets/photos/, and
the original path keeps only the largest JPEG variant without metadata, so GPS never ships.
"""

from __future__ import annotations

import html
import posixpath
import re

from pufa.media.photos import Published, Variant, render_picture

PHOTO_DIR = "assets/photos/"
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
_IMG = re.compile(r'<img\b([^>]*?)\bsrc="([^"]+)"([^>]*)>')
_ALT = re.compile(r'\balt="([^"]*)"')


def is_photo(src_uri: str) -> bool:
    """Editors' photos: image files anywhere in docs/ except the theme's own assets/."""
    return src_uri.lower().endswith(SUFFIXES) and not src_uri.startswith("assets/")


# A photo after more text than this is below the first screen of a 360 px phone (about 16 Chinese
# characters a line, 14 lines under the header and title): it is loaded lazily, like the rest.
FIRST_SCREEN_CHARS = 200
_TAGS = re.compile(r"<[^>]+>")


def rewrite_images(text: str, page_dest: str, by_dest: dict[str, Published]) -> str:
    """Turn each <img> of a published photo into a responsive <picture>.

    Only a first photo that is on the first screen is fetched at once with high priority (it is
    what the reader sees first); every other photo is lazy, and pufa.css keeps lazy ones from being
    laid out or fetched before the reader scrolls near, so they never compete with the page's own
    text and styles for a slow connection."""
    page_dir = posixpath.dirname(page_dest)
    prefix = posixpath.relpath(PHOTO_DIR, page_dir or ".") + "/"
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        target = posixpath.normpath(posixpath.join(page_dir, match.group(2)))
        published = by_dest.get(target)
        if published is None:
            return match.group(0)
        alt = _ALT.search(match.group(1) + match.group(3))
        count += 1
        on_first_screen = count == 1 and len("".join(_TAGS.sub("", text[: match.start()]).split())) <= FIRST_SCREEN_CHARS
        return render_picture(published, html.unescape(alt.group(1)) if alt else "", prefix, lazy=not on_first_screen)

    return _IMG.sub(replace, text)


SHARE_WIDTH = 720  # the share card's picture: big enough for WeChat, small enough for slow networks


def first_photo(text: str, page_dest: str, by_dest: dict[str, Published]) -> Published | None:
    """The first published photo a page shows (its share picture), before rewrite_images runs."""
    page_dir = posixpath.dirname(page_dest)
    for match in _IMG.finditer(text):
        published = by_dest.get(posixpath.normpath(posixpath.join(page_dir, match.group(2))))
        if published is not None:
            return published
    return None


def share_variant(published: Published) -> Variant:
    """Its 720 px JPEG (JPEG: every app can show it), or the widest below that for a small photo."""
    jpegs = sorted((v for v in published.variants if v.format == "jpeg"), key=lambda v: v.width)
    return next((v for v in reversed(jpegs) if v.width <= SHARE_WIDTH), jpegs[0])
