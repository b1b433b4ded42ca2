"""The site's share image: the picture WeChat and other apps show beside a shared page without photos.

Made at each build from the site's name (and the host bureau, smaller) in the project's own font
(Noto Sans CJK, found as signs.py finds it), white on the site's dark red: no hand-drawn logo,
nothing to keep in step when the name changes. 600×600 px, above the 300×300 that WeChat wants
for a card's picture. The PNG carries no metadata (no text chunks, no dates), so builds are
reproducible and the publication gate finds nothing to strip.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

from pufa.media.signs import FontMissing, bold_font, find_font, wrap_cjk

SIZE = 600
MARGIN = 60
BACKGROUND = "#b71c1c"  # --md-primary-fg-color in pufa.css
FOREGROUND = "#ffffff"
NAME_PX = (150, 40)  # largest and smallest size tried for the site's name
HOST_PX = 40
MAX_LINES = 3
FOLDER = "assets/images/"

__all__ = ["FontMissing", "file_name", "render"]


def render(site_name: str, host: str = "", font: tuple[str, int] | None = None) -> bytes:
    """PNG bytes of the share image (raises FontMissing without a Chinese font)."""
    regular = font or find_font()
    bold = bold_font(regular)
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE - 2 * MARGIN
    host_face = ImageFont.truetype(regular[0], HOST_PX, index=regular[1]) if host else None
    host_height = int(HOST_PX * 1.8) if host else 0
    lines, face = _name_block(site_name, bold, width, SIZE - 2 * MARGIN - host_height)
    line_height = int(face.size * 1.25)
    top = (SIZE - line_height * len(lines) - host_height) // 2
    for number, line in enumerate(lines):
        # Centre each line's ideographic em box (0.88 em above the baseline) in its line.
        baseline = top + number * line_height + (line_height - face.size) // 2 + int(0.88 * face.size)
        draw.text((SIZE // 2, baseline), line, font=face, fill=FOREGROUND, anchor="ms")
    if host_face is not None:
        host_line = wrap_cjk(host, host_face, width)[0]
        y = top + line_height * len(lines) + host_height - int(0.3 * HOST_PX)
        draw.text((SIZE // 2, y), host_line, font=host_face, fill=FOREGROUND, anchor="ms")
    out = io.BytesIO()
    # Two colours and their anti-aliasing: a small palette PNG; Pillow writes no text chunks unless asked.
    image.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


def _name_block(name: str, font: tuple[str, int], max_w: int, max_h: int):
    """(lines, face) of the largest size at which the name fits MAX_LINES lines in the box."""
    size, smallest = NAME_PX
    while True:
        face = ImageFont.truetype(font[0], size, index=font[1])
        lines = _balanced(name, face, max_w)
        if (len(lines) <= MAX_LINES and len(lines) * size * 1.25 <= max_h) or size <= smallest:
            return lines[:MAX_LINES], face
        size -= 4


def _balanced(text: str, face: ImageFont.FreeTypeFont, max_w: int) -> list[str]:
    """The same number of lines as a greedy wrap, but as even as possible (法治 / 鲁山, not 法治鲁 / 山)."""
    count = len(wrap_cjk(text, face, max_w))
    low, high = 1, max_w
    while low < high:
        mid = (low + high) // 2
        low, high = (low, mid) if len(wrap_cjk(text, face, mid)) <= count else (mid + 1, high)
    return wrap_cjk(text, face, high)


def file_name(png: bytes) -> str:
    """Site path of the image, named by its content so that it may be cached for a year."""
    return f"{FOLDER}share.{hashlib.sha256(png).hexdigest()[:8]}.png"
