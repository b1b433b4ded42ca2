"""`python -m pufa signs`: print-ready QR signs for the sites (or for the ids given).

Separate from the site build: printing is occasional, needs a CJK font, and its output
(build/signs/) is not part of the website. The build still makes every /p/<id>/ link.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pufa.content import Loaded
from pufa.pages.render import short_url
from pufa.problems import Problem, format_problems
from pufa.schema import suggest
from pufa.sources.siteconfig import load_settings, print_address_problems

# Where a problem with the command itself is reported (an id typed on the command line, the font).
COMMAND = "python -m pufa signs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="只生成这些编号的标牌（默认：全部法治文化阵地）")
    parser.add_argument("--out", default="build/signs", help="输出文件夹，默认 build/signs")
    parser.add_argument(
        "--preset", choices=["a4", "outdoor", "all"], default="all", help="版式：a4 室内展板、outdoor 户外大牌，默认两种都生成"
    )
    parser.add_argument("--font", help="中文字体文件（默认使用 Debian 的 fonts-noto-cjk）")
    parser.add_argument("--site-url", help="网站网址，默认取 mkdocs.yml 的 site_url")


def run(root: Path, loaded: Loaded, args: argparse.Namespace) -> int:
    from pufa.media import signs  # Pillow and fonts are only needed here

    site_url = (args.site_url or load_settings(root).site_url).strip()
    problems = print_address_problems(root, site_url, "标牌")
    if not problems:
        site_url = site_url.rstrip("/") + "/"
        items, problems = _items(loaded, site_url, args.ids)
        problems += [
            Problem(_owner(loaded, code), None, text) for code, _, url in items if (text := signs.check_payload(url, site_url))
        ]
    font = None
    if not problems:
        try:
            font = signs.find_font(args.font)
        except signs.FontMissing as err:
            problems.append(Problem(COMMAND, None, str(err)))
    if problems:
        print(format_problems(problems))
        print("没有生成标牌。")
        return 1
    out = root / args.out
    presets = list(signs.PRESETS.values()) if args.preset == "all" else [signs.PRESETS[args.preset]]
    host = load_settings(root).host
    for preset in presets:
        signs.write_signs(items, host, out, preset, font)
        for code_id, _, url in items:
            code = signs.make_code(url)
            module = signs.module_pixels(code, preset)
            print(
                f"  {code_id}：二维码第 {code.version} 版，纠错等级 {code.error}，每格 {module} 像素（{module * 25.4 / signs.DPI:.2f} 毫米），{url}"
            )
    return 0


def _owner(loaded: Loaded, code: str) -> str:
    """The page that owns a QR id, as an editor finds it (docs/…), else the command."""
    owner = loaded.qr_owners.get(code)
    return f"docs/{owner[0]}" if owner else COMMAND


def _unknown(code: str, loaded: Loaded, known: list[str]) -> Problem:
    if code in loaded.qr_unpublished:
        src, why = loaded.qr_unpublished[code]
        return Problem(
            f"docs/{src}",
            None,
            f"编号“{code}”的页面是{why}，不会发布到网站上：不能为它印标牌，扫码会打不开",
            fix="如何修改：先发布这个页面再印",
        )
    hint = suggest(code, known)
    return Problem(
        COMMAND,
        None,
        f"没有编号为“{code}”的页面或阵地",
        fix=f"如何修改：{hint}" if hint else "如何修改：检查编号，或不写编号，为全部法治文化阵地生成标牌",
    )


def _items(loaded: Loaded, site_url: str, wanted: list[str]) -> tuple[list[tuple[str, str, str]], list[Problem]]:
    """(id, title, url) for each sign; every site by default, or the ids asked for."""
    content = loaded.content
    titles = {site.qr: site.title for site in content.sites}
    for site in content.sites:
        titles.update({e.qr: f"{site.title}·{e.name}" for e in site.exhibits if e.qr})
    for code, (src_uri, _) in loaded.qr_owners.items():
        # Ids the build gives its own pages (a kind's short-link claims) are printed by that kind's command.
        if src_uri in loaded.pages:
            titles.setdefault(code, str(loaded.pages[src_uri].meta.get("title") or src_uri))
    codes = wanted or [site.qr for site in content.sites]
    unknown = [c for c in codes if c not in titles]
    problems = [_unknown(c, loaded, list(titles)) for c in unknown]
    return [(c, titles[c], short_url(site_url, c)) for c in codes if c in titles], problems
