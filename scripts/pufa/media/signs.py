"""Printable signs for 法治文化阵地: a QR code to the page's short link, as PNG and PDF at 300 dpi.

A sign is printed once and hangs outdoors for years, so the code is built for scanning, not looks:
a regular QR code (never Micro QR, which many phone apps cannot read), error level Q or H to
survive dirt and glare, a 4-module quiet zone, whole pixels per module (no blurry edges), and a
symbol at least one tenth of the scanning distance wide.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Self

import segno
from PIL import Image, ImageDraw, ImageFont

DPI = 300
MM_PER_INCH = 25.4
QUIET_ZONE = 4  # modules; the QR standard's minimum, printers and phones rely on it
PNG_LEVEL = 4  # an outdoor page is 33 Mpx; higher levels cost seconds and save little
MAX_TITLE_LINES = 3
LEADING = 1.3  # line pitch in em for wrapped titles

# check_payload: a short site address keeps every valid id within a small symbol.
SHORT_SITE_URL = 40
MAX_ID_LEN = 16
SHORT_MAX_VERSION = 4  # 4-Q holds 46 bytes: on a 40-character site_url the id may have 3 characters
MAX_VERSION = 10

RED = "#b71c1c"
INK = "#1a1a1a"
GREY = "#555555"
WHITE = "#ffffff"

FONT_HINT = "请安装 Debian 软件包 fonts-noto-cjk：sudo apt-get install fonts-noto-cjk，或用 --font 指定 .ttf/.otf/.ttc 字体文件"
DEFAULT_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch, Fedora
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)

# 避头尾: marks that may not open a line, and brackets that may not close one.
NO_START = frozenset("，。、；：？！）》」』’”…—%·】〕〉］｝％,.;:?!)]}")
NO_END = frozenset("（《「『‘“【〔〈［｛([{")


@dataclass(frozen=True)
class Preset:
    """A sign layout as data; every length is in millimetres on the printed page."""

    key: str
    label: str
    width_mm: float
    height_mm: float
    distance_m: float  # intended scanning distance; the symbol is at least a tenth of it wide
    margin_mm: float  # left/right white margin for text and the symbol
    header_mm: float  # red band at the top
    host_mm: float  # font sizes (em height) from here on
    tagline_mm: float
    title_mm: float  # largest title size; shrinks down to title_min_mm to fit 3 lines
    title_min_mm: float
    prompt_mm: float
    url_mm: float  # largest size of the short URL; shrinks to fit the width
    footer_mm: float  # footer area at the bottom, including the rule above it
    hotline_mm: float
    footer_host_mm: float
    gap_mm: float  # smallest vertical gap between blocks


PRESETS: dict[str, Preset] = {
    "a4": Preset(
        key="a4",
        label="A4 室内展板（扫码距离 1 米）",
        width_mm=210,
        height_mm=297,
        distance_m=1,
        margin_mm=15,
        header_mm=34,
        host_mm=10,
        tagline_mm=6.5,
        title_mm=15,
        title_min_mm=7,
        prompt_mm=7,
        url_mm=4.5,
        footer_mm=26,
        hotline_mm=7,
        footer_host_mm=4.5,
        gap_mm=5,
    ),
    "outdoor": Preset(
        key="outdoor",
        label="户外展牌 400×600 毫米（扫码距离 3 米）",
        width_mm=400,
        height_mm=600,
        distance_m=3,
        margin_mm=12,
        header_mm=50,
        host_mm=18,
        tagline_mm=11,
        title_mm=28,
        title_min_mm=12,
        prompt_mm=14,
        url_mm=10,
        footer_mm=40,
        hotline_mm=14,
        footer_host_mm=9,
        gap_mm=10,
    ),
}


class FontMissing(Exception):
    """No usable Chinese font; str() tells the user what to install."""


def _px(mm: float) -> int:
    return round(mm / MM_PER_INCH * DPI)


def _mm(px: int) -> float:
    return px / DPI * MM_PER_INCH


# ---------------------------------------------------------------- fonts


def _sc_index(path: str) -> int:
    """The face of a .ttc collection that is Simplified Chinese (Noto puts JP first, SC third)."""
    for index in range(32):
        try:
            family = ImageFont.truetype(path, 16, index=index).getname()[0] or ""
        except OSError:
            break
        if family.endswith(" SC") and "Mono" not in family:
            return index
    return 0


def _has_chinese(path: str, index: int) -> bool:
    """A font without 法 would print empty boxes; compare with the glyph for a non-character."""
    face = ImageFont.truetype(path, 32, index=index)
    probe, missing = face.getmask("法"), face.getmask("\uffff")
    return probe.getbbox() is not None and (probe.size != missing.size or bytes(probe) != bytes(missing))


def _usable(path: str) -> tuple[str, int]:
    index = _sc_index(path) if path.lower().endswith(".ttc") else 0
    try:
        ok = _has_chinese(path, index)
    except OSError as exc:
        raise FontMissing(f"找不到中文字体：无法读取字体文件 {path}（{exc}）。{FONT_HINT}") from exc
    if not ok:
        raise FontMissing(f"找不到中文字体：字体文件 {path} 不含中文字形。{FONT_HINT}")
    return path, index


def find_font(explicit: str | None = None) -> tuple[str, int]:
    """(path, ttc index) of a Chinese font: the --font file if given, else Noto Sans CJK SC."""
    if explicit:
        if not Path(explicit).is_file():
            raise FontMissing(f"找不到中文字体：字体文件 {explicit} 不存在。{FONT_HINT}")
        return _usable(explicit)
    for candidate in DEFAULT_FONTS:
        if Path(candidate).is_file():
            return _usable(candidate)
    raise FontMissing(f"找不到中文字体（已查找 {DEFAULT_FONTS[0]} 等位置）。{FONT_HINT}")


def bold_font(font: tuple[str, int]) -> tuple[str, int]:
    """The bold sibling of a Noto file for titles; the same font when there is none."""
    path, index = font
    bold = path.replace("-Regular.", "-Bold.")
    return (bold, index) if bold != path and Path(bold).is_file() else font


@lru_cache(maxsize=128)
def _face(path: str, index: int, size_px: int) -> ImageFont.FreeTypeFont:
    # Cached: title fitting tries many sizes and each load parses a 20 MB collection.
    return ImageFont.truetype(path, max(1, size_px), index=index)


# ---------------------------------------------------------------- QR code


def make_code(url: str) -> segno.QRCode:
    """A regular QR code at level Q, raised to H when that costs no extra version."""
    try:
        return segno.make_qr(url, error="q", boost_error=True)
    except segno.DataOverflowError as exc:
        raise ValueError(f"网址太长，无法生成二维码：{url}") from exc


def module_pixels(code: segno.QRCode, preset: Preset) -> int:
    """Whole pixels per module so the symbol is at least distance/10 wide at DPI."""
    modules = code.symbol_size(border=0)[0]
    needed_px = preset.distance_m * 1000 / 10 / MM_PER_INCH * DPI
    return math.ceil(needed_px / modules)


def code_image(code: segno.QRCode, module_px: int) -> Image.Image:
    """Black on white, 4-module quiet zone; painted at 1 px per module, then NEAREST-scaled
    so every module is an exact square of whole pixels (no per-pixel Python loop)."""
    rows = list(code.matrix_iter(scale=1, border=QUIET_ZONE))
    side = len(rows)
    small = Image.new("L", (side, side))
    small.putdata([0 if dark else 255 for row in rows for dark in row])
    return small.resize((side * module_px, side * module_px), Image.Resampling.NEAREST)


def _id_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def check_payload(url: str, site_url: str) -> str:
    """Empty when url makes a small enough QR code, else what is wrong (Chinese)."""
    try:
        version = make_code(url).version
    except ValueError as exc:
        return str(exc)
    code_id = _id_of(url)
    if version > MAX_VERSION:
        return (
            f"二维码网址 {url} 太长：需要第 {version} 版二维码，超过上限第 {MAX_VERSION} 版，印出来方格太小难以扫描。"
            f"请缩短网站地址（site_url）或二维码编号“{code_id}”"
        )
    if len(site_url) <= SHORT_SITE_URL and version > SHORT_MAX_VERSION:
        room = _longest_id(site_url)
        return (
            f"二维码编号“{code_id}”太长：网址 {url} 需要第 {version} 版二维码（应不超过第 {SHORT_MAX_VERSION} 版，"
            f"方格才够大、远处也能扫）。这个网站地址下，编号最多 {room} 个字符，请换一个更短的编号"
        )
    return ""


def _longest_id(site_url: str) -> int:
    """How many id characters still fit a version-4 code after site_url + "p/" … "/"."""
    length = 0
    while length < MAX_ID_LEN and make_code(f"{site_url.rstrip('/')}/p/{'x' * (length + 1)}/").version <= SHORT_MAX_VERSION:
        length += 1
    return length


# ---------------------------------------------------------------- line breaking


def _units(text: str, keep_runs: bool) -> list[str]:
    # An ASCII run (12348, 2023, a URL part) is one unit so it is never split mid-number.
    return re.findall(r"[A-Za-z0-9]+|." if keep_runs else r".", text, re.DOTALL)


def _clusters(text: str, keep_runs: bool = True) -> list[str]:
    """Unbreakable pieces: closing marks and spaces stick to what precedes them, opening
    brackets to what follows, so breaking between any two pieces obeys 避头尾."""
    clusters: list[str] = []
    pending = ""  # opening brackets waiting for the unit they belong to
    for unit in _units(text, keep_runs):
        if (unit in NO_START or unit.isspace()) and clusters and not pending:
            clusters[-1] += unit
        elif unit in NO_END:
            pending += unit
        else:
            clusters.append(pending + unit)
            pending = ""
    if pending and clusters:
        clusters[-1] += pending  # the text ends with an opening bracket: nothing follows it anyway
    elif pending:
        clusters.append(pending)
    return clusters


def _pieces(cluster: str, font: ImageFont.FreeTypeFont, max_width_px: int) -> list[str]:
    """The cluster, or smaller pieces when it is wider than a line (a long URL): first by
    character with the 避头尾 glue kept, then, as a last resort, character by character."""
    if font.getlength(cluster) <= max_width_px:
        return [cluster]
    finer = _clusters(cluster, keep_runs=False)
    return [piece for part in finer for piece in ([part] if font.getlength(part) <= max_width_px else list(part))]


def wrap_cjk(text: str, font: ImageFont.FreeTypeFont, max_width_px: int) -> list[str]:
    """Greedy per-character wrapping for Chinese that keeps 避头尾 and ASCII runs intact."""
    lines: list[str] = []
    line = ""
    for cluster in _clusters(text):
        for piece in _pieces(cluster, font, max_width_px):
            if line and font.getlength(line + piece) > max_width_px:
                lines.append(line)
                line = piece
            else:
                line += piece
    if line:
        lines.append(line)
    return lines


def _balanced(text: str, font: ImageFont.FreeTypeFont, max_width_px: int) -> list[str]:
    """Same number of lines as greedy wrapping, but as even as possible (no lone last char)."""
    count = len(wrap_cjk(text, font, max_width_px))
    low, high = max_width_px // max(count, 1), max_width_px
    while low < high:  # narrowest width that still needs only `count` lines
        mid = (low + high) // 2
        low, high = (low, mid) if len(wrap_cjk(text, font, mid)) <= count else (mid + 1, high)
    return wrap_cjk(text, font, high)


# ---------------------------------------------------------------- drawing


def _fit(text: str, font: tuple[str, int], size_px: int, max_width_px: int) -> ImageFont.FreeTypeFont:
    """The face at size_px, or smaller so that text fits on one line of max_width_px."""
    face = _face(*font, size_px)
    while face.getlength(text) > max_width_px and face.size > 1:
        face = _face(*font, min(face.size - 1, int(face.size * max_width_px / face.getlength(text))))
    return face


def _text(draw: ImageDraw.ImageDraw, center: tuple[float, float], text: str, face, fill: str) -> None:
    # Centre the ideographic em box (0.88 em above the baseline, 0.12 below) on `center`,
    # so Chinese lines sit visually centred whatever the font's ascender says.
    x, y = center
    draw.text((x, y + 0.38 * face.size), text, font=face, fill=fill, anchor="ms")


def _title_block(title: str, font: tuple[str, int], preset: Preset, max_w: int, max_h: int):
    """(lines, face) of the largest title size that fits 3 lines in max_w x max_h."""
    size, smallest = _px(preset.title_mm), _px(preset.title_min_mm)
    while size >= smallest:
        face = _face(*font, size)
        lines = wrap_cjk(title, face, max_w)
        if len(lines) <= MAX_TITLE_LINES and _block_height(len(lines), size) <= max_h:
            return _balanced(title, face, max_w), face
        size = min(size - 1, int(size * 0.95))
    raise ValueError(f"网站名称“{title}”太长，{preset.label}上最多排 {MAX_TITLE_LINES} 行。请缩短页面标题")


def _block_height(lines: int, size_px: int) -> int:
    return round(size_px * (1 + LEADING * (lines - 1))) if lines else 0


def _draw_header(draw, host: str, preset: Preset, font, bold, width: int, tagline: str = "法治文化阵地") -> int:
    """Red band with the host and the tagline (法治文化阵地); returns its bottom edge."""
    band = _px(preset.header_mm)
    draw.rectangle((0, 0, width, band), fill=RED)
    max_w = width - 2 * _px(preset.margin_mm)
    host_face = _fit(host, bold, _px(preset.host_mm), max_w)
    tag_face = _fit(tagline, font, _px(preset.tagline_mm), max_w)
    gap = round(0.45 * tag_face.size)
    top = (band - host_face.size - gap - tag_face.size) / 2
    _text(draw, (width / 2, top + host_face.size / 2), host, host_face, WHITE)
    _text(draw, (width / 2, top + host_face.size + gap + tag_face.size / 2), tagline, tag_face, WHITE)
    return band


def _draw_footer(draw, host: str, preset: Preset, font, bold, width: int, height: int) -> int:
    """Thin red rule, the 12348 hotline and the host; returns the footer's top edge."""
    top = height - _px(preset.footer_mm)
    margin = _px(preset.margin_mm)
    draw.rectangle((margin, top, width - margin, top + max(2, _px(0.6))), fill=RED)
    hot_face = _fit("公共法律服务热线 12348", bold, _px(preset.hotline_mm), width - 2 * margin)
    host_face = _fit(host, font, _px(preset.footer_host_mm), width - 2 * margin)
    gap = round(0.5 * host_face.size)
    y = top + (height - top - hot_face.size - gap - host_face.size) / 2
    _text(draw, (width / 2, y + hot_face.size / 2), "公共法律服务热线 12348", hot_face, RED)
    _text(draw, (width / 2, y + hot_face.size + gap + host_face.size / 2), host, host_face, GREY)
    return top


def _check_code_fits(qr: Image.Image, module_px: int, preset: Preset, width: int) -> None:
    # The quiet zone is white like the margin, so it may reach into it; the symbol may not.
    symbol = qr.width - 2 * QUIET_ZONE * module_px
    if symbol > width - 2 * _px(preset.margin_mm) or qr.width > width:
        raise ValueError(
            f"二维码放不下：{preset.label}宽 {preset.width_mm:g} 毫米，二维码连同四周空白需要 "
            f"{_mm(qr.width):.0f} 毫米。请缩短网址或换用更大的版面"
        )


def _draw_prompt(draw, center_y: float, preset: Preset, font, width: int) -> None:
    """扫码了解更多, with a short red rule either side pointing at the code."""
    face = _fit("扫码了解更多", font, _px(preset.prompt_mm), width // 2)
    half = face.getlength("扫码了解更多") / 2
    rule, gap, thick = face.size * 2, face.size * 0.6, max(2, _px(0.5))
    for sign in (-1, 1):
        inner = width / 2 + sign * (half + gap)
        x0, x1 = sorted((inner, inner + sign * rule))
        draw.rectangle((x0, center_y - thick / 2, x1, center_y + thick / 2), fill=RED)
    _text(draw, (width / 2, center_y), "扫码了解更多", face, RED)


def _body(title: str, url: str, qr: Image.Image, preset: Preset, font, space: tuple[int, int], width: int):
    """Heights of title, prompt, code and URL between header and footer, and the gaps
    around them: fixed blocks first, the title takes what is left, the rest is spread out."""
    max_w = width - 2 * _px(preset.margin_mm)
    url_face = _fit(url, font, _px(preset.url_mm), max_w)
    gap = _px(preset.gap_mm)
    # The quiet zone already separates prompt, code and URL; the prompt belongs to the code,
    # so it keeps clearly more distance from the title than from the code.
    min_gaps = (gap, 2 * gap, 0, 0, 1.5 * gap)
    fixed = _px(preset.prompt_mm) + qr.height + url_face.size + sum(min_gaps)
    room = space[1] - space[0] - fixed
    if room < _px(preset.title_min_mm):
        raise ValueError(
            f"版面放不下：{preset.label}高 {preset.height_mm:g} 毫米，二维码连同四周空白就要 "
            f"{_mm(qr.height):.0f} 毫米，标题没有位置了。请缩短网址或换用更大的版面"
        )
    lines, title_face = _title_block(title, bold_font(font), preset, max_w, room)
    spare = room - _block_height(len(lines), title_face.size)
    weights = (1, 1, 0.3, 0, 1)
    gaps = [low + spare * w / sum(weights) for low, w in zip(min_gaps, weights, strict=False)]
    return lines, title_face, url_face, gaps


def render_sign(title: str, url: str, host: str, preset: Preset, font: tuple[str, int]) -> Image.Image:
    """One sign as an RGB image of the preset's size at DPI."""
    width, height = _px(preset.width_mm), _px(preset.height_mm)
    code = make_code(url)
    module_px = module_pixels(code, preset)
    qr = code_image(code, module_px)
    _check_code_fits(qr, module_px, preset, width)
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    top = _draw_header(draw, host, preset, font, bold_font(font), width)
    bottom = _draw_footer(draw, host, preset, font, bold_font(font), width, height)
    lines, title_face, url_face, gaps = _body(title, url, qr, preset, font, (top, bottom), width)
    y = top + gaps[0]
    for i, line in enumerate(lines):
        _text(draw, (width / 2, y + title_face.size * (0.5 + LEADING * i)), line, title_face, INK)
    y += _block_height(len(lines), title_face.size) + gaps[1]
    _draw_prompt(draw, y + _px(preset.prompt_mm) / 2, preset, font, width)
    y += _px(preset.prompt_mm) + gaps[2]
    image.paste(qr, ((width - qr.width) // 2, round(y)))
    y += qr.height + gaps[3]
    _text(draw, (width / 2, y + url_face.size / 2), url, url_face, GREY)
    return image


class _PdfPages:
    """A minimal PDF writer: one full-page JPEG per page, written as soon as it is added.
    Pillow's save_all would hold every page in memory at once (100 MB per outdoor sign),
    and its append mode leaves incremental updates with duplicate page objects."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = open(path, "wb")  # noqa: SIM115 -- stays open across add() calls; closed in __exit__
        self.offsets: dict[int, int] = {}
        self.pages: list[int] = []
        self.file.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _obj(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.file.tell()
        self.file.write(b"%d 0 obj\n" % number + body)
        if stream is not None:
            self.file.write(b"\nstream\n" + stream + b"\nendstream")
        self.file.write(b"\nendobj\n")

    def add(self, image: Image.Image) -> None:
        # JPEG quality 95 without chroma subsampling keeps the red text edges clean.
        jpeg = io.BytesIO()
        image.save(jpeg, "JPEG", quality=95, subsampling=0, dpi=(DPI, DPI))
        page = 3 + 3 * len(self.pages)  # 1 = catalog, 2 = page tree, then page, content, image
        w, h = image.width * 72 / DPI, image.height * 72 / DPI
        draw = b"q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q" % (w, h)
        self._obj(
            page + 2,
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>" % (*image.size, jpeg.tell()),
            jpeg.getvalue(),
        )
        self._obj(page + 1, b"<< /Length %d >>" % len(draw), draw)
        self._obj(
            page,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f] /Contents %d 0 R "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (w, h, page + 1, page + 2),
        )
        self.pages.append(page)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        if error_type is None:
            self._finish()
            return
        # A PDF missing some signs would be printed as if complete: leave none behind.
        self.file.close()
        self.path.unlink(missing_ok=True)

    def _finish(self) -> None:
        kids = b" ".join(b"%d 0 R" % page for page in self.pages)
        self._obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        self._obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self.pages)))
        xref, size = self.file.tell(), max(self.offsets) + 1
        self.file.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        self.file.write(b"".join(b"%010d 00000 n \n" % self.offsets[n] for n in range(1, size)))
        self.file.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
        self.file.close()


def write_signs(items: list[tuple[str, str, str]], host: str, out_dir: Path, preset: Preset, font: tuple[str, int]) -> list[Path]:
    """<id>-<preset>.png for each (id, title, url) and one signs-<preset>.pdf with every page;
    returns the PNG paths, then the PDF. Only one full-size page is in memory at a time."""
    ids = [item_id for item_id, _, _ in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"二维码编号有重复：{'、'.join(sorted({i for i in ids if ids.count(i) > 1}))}")
    if not items:
        print("没有需要生成的展牌。")
        return []
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs, pdf = [], out_dir / f"signs-{preset.key}.pdf"
    with _PdfPages(pdf) as pages:
        for number, (item_id, title, url) in enumerate(items, 1):
            print(f"[{number}/{len(items)}] {item_id} …", flush=True)
            image = render_sign(title, url, host, preset, font)
            pngs.append(out_dir / f"{item_id}-{preset.key}.png")
            image.save(pngs[-1], "PNG", dpi=(DPI, DPI), compress_level=PNG_LEVEL)
            pages.add(image)
            del image  # free this page before the next one is drawn: 100 MB each outdoors
    print(f"已生成 {len(pngs)} 张展牌（{preset.label}）和 PDF：{pdf}")
    return [*pngs, pdf]


# The parts other printed things reuse (kinds/boards.py: the village notice boards): the same
# page sizes in millimetres at DPI, fonts, header band, footer with 12348, QR code and PDF writer.
px, face, fit, draw_text = _px, _face, _fit, _text
draw_header, draw_footer, check_code_fits, PdfPages = _draw_header, _draw_footer, _check_code_fits, _PdfPages
