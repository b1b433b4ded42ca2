"""Village 法律明白人 notice boards (公示牌): `python -m pufa boards`, one printed board per village.

A board shows the village's 法律明白人 with their 身份职务, a phone only where the person has
consented to publication (as on the site), otherwise the township 司法所's number, or 12348 when
that is not known yet; and a QR code that opens the township's roster page through a short link
/p/r-<township slug>/. Those ids are the build's own (this kind's short-link claims), so every
build writes them and a printed board never points at nothing: a township whose people are all
gone leads to the county roster page instead.

Nothing reaches paper that the site may not show: the board is drawn from the roster as loaded
(roster.py keeps only what may be published, and the command runs only when `check` passes,
which refuses a phone typed into 身份职务), and from nothing else. The renderer is the signs'
(media/signs.py): the same page sizes at 300 dpi, fonts, header, 12348 footer, QR code and PDF.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from pufa.kinds import Command, Kind
from pufa.kinds.roster import Person
from pufa.kinds.rosterpages import HOTLINE, ROSTER_DIR, of
from pufa.model import Content, Township
from pufa.problems import Problem, format_problems, quote
from pufa.schema import suggest
from pufa.sources import fields
from pufa.sources.siteconfig import print_address_problems

PREFIX = "r-"  # short-link ids of the township roster pages: r-<slug>
TAGLINE = "法律明白人公示牌"
OUT = "build/boards"


def short_id(township: Township) -> str:
    return (PREFIX + township.slug)[:16]


def short_links(content: Content) -> dict[str, tuple[str, str]]:
    """r-<slug> -> the township's roster page, or the county page while it has nobody."""
    roster = of(content)
    if roster is None:
        return {}
    with_people = {p.township for p in roster.people}
    links = {}
    for township in content.townships:
        if not fields.check_id(short_id(township)):
            page = f"{ROSTER_DIR}{township.slug}.md" if township.name in with_people else f"{ROSTER_DIR}index.md"
            links[short_id(township)] = (page, "")
    return links


# --- what a board says -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str
    detail: str  # 类别 · 身份职务
    call: str  # 电话 <consented phone>, or 司法所电话 <the office's>, or 请拨打 12348


@dataclass(frozen=True)
class Board:
    township: str
    village: str
    entries: tuple[Entry, ...]
    contact: str  # who answers for those without a public phone: 梁洼司法所 0375-…, or 12348
    url: str  # the township's short link

    def texts(self) -> list[str]:
        """Every text the board prints, in order (what a test reads instead of OCR)."""
        lines = [TAGLINE, self.village, f"{self.township} · 法律明白人 {len(self.entries)} 名"]
        for entry in self.entries:
            lines += [entry.name, entry.detail, entry.call]
        return [
            *lines,
            f"没有公开电话的，请联系{self.contact}",
            "扫码查看本乡镇全部法律明白人",
            self.url,
            f"公共法律服务热线 {HOTLINE}",
        ]


def boards(content: Content, site_url: str, township: str = "", village: str = "") -> list[Board]:
    roster = of(content)
    out = []
    for place in content.townships:
        if township and place.name != township:
            continue
        office = next((o for o in content.offices if o.township == place.name and o.phone), None)
        contact = f"{office.name} {office.phone}" if office else f"公共法律服务热线 {HOTLINE}"
        fallback = f"司法所电话 {office.phone}" if office else f"请拨打 {HOTLINE}"
        villages: dict[str, list[Person]] = {}
        for person in roster.people if roster else ():
            if person.township == place.name and (not village or person.village == village):
                villages.setdefault(person.village, []).append(person)
        url = f"{site_url.rstrip('/')}/p/{short_id(place)}/"
        for name, people in sorted(villages.items()):
            entries = tuple(
                Entry(
                    f"{p.name}（示例）" if p.sample else p.name,  # invented sample rows stay visibly samples on paper too
                    " · ".join(x for x in (p.category, p.role) if x),
                    f"电话 {p.phone}" if p.phone else fallback,
                )
                for p in people
            )
            out.append(Board(place.name, name, entries, contact, url))
    return out


# --- drawing -----------------------------------------------------------------------------------


def _presets():
    from pufa.media import signs

    a4 = signs.Preset(
        key="a4",
        label="A4 公示牌（扫码距离 0.4 米）",
        width_mm=210,
        height_mm=297,
        distance_m=0.4,
        margin_mm=15,
        header_mm=30,
        host_mm=9,
        tagline_mm=7,
        title_mm=16,
        title_min_mm=9,
        prompt_mm=5,
        url_mm=3.6,
        footer_mm=24,
        hotline_mm=6.5,
        footer_host_mm=4.5,
        gap_mm=4,
    )
    scale = 420 / 297
    a3 = signs.Preset(
        key="a3",
        label="A3 公示牌（扫码距离 0.55 米）",
        width_mm=297,
        height_mm=420,
        distance_m=0.56,
        margin_mm=round(a4.margin_mm * scale, 1),
        header_mm=round(a4.header_mm * scale, 1),
        host_mm=round(a4.host_mm * scale, 1),
        tagline_mm=round(a4.tagline_mm * scale, 1),
        title_mm=round(a4.title_mm * scale, 1),
        title_min_mm=round(a4.title_min_mm * scale, 1),
        prompt_mm=round(a4.prompt_mm * scale, 1),
        url_mm=round(a4.url_mm * scale, 1),
        footer_mm=round(a4.footer_mm * scale, 1),
        hotline_mm=round(a4.hotline_mm * scale, 1),
        footer_host_mm=round(a4.footer_host_mm * scale, 1),
        gap_mm=round(a4.gap_mm * scale, 1),
    )
    return {"a4": a4, "a3": a3}


class TooMany(ValueError):
    """The village's list does not fit the page even at the smallest size."""


def render_board(board: Board, host: str, preset, font):
    """One board as an RGB image of the preset's page size at 300 dpi."""
    from PIL import Image, ImageDraw

    from pufa.media import signs

    width, height = signs.px(preset.width_mm), signs.px(preset.height_mm)
    margin = signs.px(preset.margin_mm)
    image = Image.new("RGB", (width, height), signs.WHITE)
    draw = ImageDraw.Draw(image)
    bold = signs.bold_font(font)
    top = signs.draw_header(draw, host, preset, font, bold, width, TAGLINE)
    bottom = signs.draw_footer(draw, host, preset, font, bold, width, height)
    gap = signs.px(preset.gap_mm)
    # Title: the village, and the township with the count.
    title = signs.fit(board.village, bold, signs.px(preset.title_mm), width - 2 * margin)
    y = top + gap + title.size / 2
    signs.draw_text(draw, (width / 2, y), board.village, title, signs.INK)
    sub_text = f"{board.township} · 法律明白人 {len(board.entries)} 名"
    sub = signs.fit(sub_text, font, signs.px(preset.tagline_mm * 0.8), width - 2 * margin)
    y += title.size / 2 + gap * 0.6 + sub.size / 2
    signs.draw_text(draw, (width / 2, y), sub_text, sub, signs.GREY)
    list_top = y + sub.size / 2 + gap
    # The QR code and its caption take the bottom of the body; the people fill what is left.
    code = signs.make_code(board.url)
    module = signs.module_pixels(code, preset)
    qr = signs.code_image(code, module)
    signs.check_code_fits(qr, module, preset, width)
    qr_top = bottom - gap - qr.height
    note = f"没有公开电话的，请联系{board.contact}"
    note_face = signs.fit(note, font, signs.px(preset.url_mm * 1.3), width - 2 * margin)
    list_bottom = qr_top - gap - note_face.size
    _draw_people(draw, board.entries, font, bold, preset, (margin, list_top, width - margin, list_bottom))
    signs.draw_text(draw, (width / 2, list_bottom + note_face.size / 2), note, note_face, signs.INK)
    # The quiet zone is white like the margin: the symbol itself starts at the margin.
    left = margin - signs.QUIET_ZONE * module
    image.paste(qr, (left, qr_top))
    _draw_code_caption(draw, board.url, font, bold, preset, (left + qr.width, qr_top, width - margin, qr_top + qr.height))
    return image


def _draw_people(draw, entries, font, bold, preset, box) -> None:
    """One block per person (name; 类别 · 身份职务; phone), in one or two columns, the largest size that fits."""
    from pufa.media import signs

    _, top, _, bottom = box
    size = signs.px(preset.tagline_mm)
    smallest = signs.px(preset.url_mm)
    while size >= smallest:
        for columns in (1, 2):
            rows = -(-len(entries) // columns)
            block = round(size * 1.2 + size * 0.8 * 1.3 * 2 + size * 0.5)
            if rows * block <= bottom - top:
                _place(draw, entries, font, bold, size, columns, block, box)
                return
        size = int(size * 0.92)
    raise TooMany(f"{len(entries)} 人")


def _place(draw, entries, font, bold, size, columns, block, box) -> None:
    from pufa.media import signs

    left, top, right, _ = box
    column_w = (right - left) / columns
    name_face = signs.face(*bold, size)
    small = signs.face(*font, round(size * 0.8))
    rows = -(-len(entries) // columns)
    for index, entry in enumerate(entries):
        x = left + (index // rows) * column_w
        y = top + (index % rows) * block
        draw.text((x, y), entry.name, font=name_face, fill=signs.INK)
        draw.text((x, y + size * 1.2), _clip(entry.detail, small, column_w), font=small, fill=signs.GREY)
        draw.text((x, y + size * 1.2 + small.size * 1.3), _clip(entry.call, small, column_w), font=small, fill=signs.RED)


def _clip(text: str, face, width: float) -> str:
    while text and face.getlength(text) > width * 0.96:
        text = text[:-2] + "…"
    return text


def _draw_code_caption(draw, url: str, font, bold, preset, box) -> None:
    from pufa.media import signs

    left, top, right, bottom = box
    width = right - left
    head = "扫码查看本乡镇全部法律明白人"
    lines = signs.wrap_cjk(head, signs.face(*bold, signs.px(preset.prompt_mm)), width)
    face = signs.face(*bold, signs.px(preset.prompt_mm))
    url_face = signs.fit(url, font, signs.px(preset.url_mm), width)
    y = (top + bottom) / 2 - (len(lines) * face.size * 1.3 + url_face.size) / 2
    for line in lines:
        draw.text((left, y), line, font=face, fill=signs.RED)
        y += face.size * 1.3
    draw.text((left, y + url_face.size * 0.3), url, font=url_face, fill=signs.GREY)


# --- python -m pufa boards ---------------------------------------------------------------------


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default=OUT, help=f"输出文件夹，默认 {OUT}")
    parser.add_argument("--township", help="只生成这个乡镇（街道）的公示牌，写全称")
    parser.add_argument("--village", help="只生成这个村（社区）的公示牌")
    parser.add_argument("--preset", choices=["a4", "a3"], default="a4", help="纸张：a4（默认）或 a3")
    parser.add_argument("--font", help="中文字体文件（默认使用 Debian 的 fonts-noto-cjk）")
    parser.add_argument("--site-url", help="网站网址，默认取 mkdocs.yml 的 site_url")


def run(root: Path, loaded, args: argparse.Namespace) -> int:
    """Boards for the villages asked for: a 300 dpi PNG each and one PDF per township."""
    from pufa.media import signs
    from pufa.sources.siteconfig import load_settings

    content = loaded.content
    settings = load_settings(root)
    site_url = (args.site_url or settings.site_url).strip()
    problems = _argument_problems(root, content, site_url, args)
    found = [] if problems else boards(content, site_url, args.township or "", args.village or "")
    for board in found:  # each township's short link must make a small enough code at this site_url
        why = signs.check_payload(board.url, site_url)
        if why and all(why not in p.message for p in problems):
            problems.append(Problem("mkdocs.yml", None, why, fix="如何修改：缩短网站地址（site_url）"))
    if problems:
        print(format_problems(problems))
        return 1
    if not found:
        print("没有需要生成的公示牌：名册里没有这些村的法律明白人。")
        return 0
    try:
        font = signs.find_font(args.font)
    except signs.FontMissing as err:
        print(format_problems([Problem("python -m pufa boards", None, str(err))]))
        return 1
    preset = _presets()[args.preset]
    out = root / args.out
    by_township: dict[str, list[Board]] = {}
    for board in found:
        by_township.setdefault(board.township, []).append(board)
    written = 0
    for name, items in by_township.items():
        slug = content.township(name).slug
        folder = out / slug
        folder.mkdir(parents=True, exist_ok=True)
        pdf = out / f"{slug}-{preset.key}.pdf"
        with signs.PdfPages(pdf) as pages:
            for board in items:
                try:
                    image = render_board(board, settings.host, preset, font)
                except TooMany as err:
                    print(f"{board.township}{board.village}的法律明白人（{err}）在{preset.label}上放不下，请改用 --preset a3。")
                    return 1
                image.save(
                    folder / f"{board.village}-{preset.key}.png",
                    "PNG",
                    dpi=(signs.DPI, signs.DPI),
                    compress_level=signs.PNG_LEVEL,
                )
                pages.add(image)
                written += 1
        print(f"{name}：{len(items)} 块公示牌，PDF：{pdf.relative_to(root) if pdf.is_relative_to(root) else pdf}")
    print(f"已生成 {written} 块公示牌（{preset.label}）。二维码编号是 {PREFIX}+乡镇网址名；印刷后请登记到 data/qr.yml。")
    return 0


def _argument_problems(root: Path, content: Content, site_url: str, args) -> list[Problem]:
    problems = print_address_problems(root, site_url, "公示牌")
    if of(content) is None:
        problems.append(
            Problem("data/roster.csv", None, "还没有法律明白人名册，无法生成公示牌", fix="如何修改：先按指南导入名册")
        )
    names = [t.name for t in content.townships]
    if args.township and args.township not in names:
        problems.append(
            Problem(
                "data/townships.yml",
                None,
                f"乡镇（街道）“{args.township}”不在名单中",
                expected="名单中的全称",
                actual=quote(args.township),
                fix=f"如何修改：{suggest(args.township, names) or '写 data/townships.yml 中的全称'}",
            )
        )
    roster = of(content)
    if args.village and roster is not None:
        villages = sorted({p.village for p in roster.people if not args.township or p.township == args.township})
        if args.village not in villages:
            problems.append(
                Problem(
                    roster.rel,
                    None,
                    f"名册里没有“{args.village}”的法律明白人",
                    expected="名册中的村（社区）名",
                    actual=quote(args.village),
                    fix=f"如何修改：{suggest(args.village, villages) or '检查村名'}",
                )
            )
    return problems


KIND = Kind(
    "boards",
    "法律明白人公示牌",
    short_links=short_links,
    command=Command("boards", "生成各村法律明白人公示牌（300 dpi PNG 和每个乡镇一个 PDF）", _arguments, run),
    area="公示牌",
    area_note="打印村级法律明白人公示牌的命令（python -m pufa boards）的提示。",
    modules=("boards",),
)
