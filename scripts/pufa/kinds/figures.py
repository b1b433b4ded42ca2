"""The year in figures, added up from the campaign posts' own `figures:` (issue: no hand tallies).

Sums are drawn as static SVG bar charts at build time (no chart library, nothing fetched), each
with a title, a text description and the same data as a table. The report's official yearly
totals (data/reported.yml) are shown beside them, labelled, because they count differently.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Iterable

from pufa.kinds import Kind
from pufa.model import Content, Figure, Post
from pufa.pages import render, templates
from pufa.schema import FIGURE_KEYS

FIGURES_PAGE = "figures/index.md"
UNITS = {"场次": "场", "参与人次": "人次", "发放资料份数": "份", "解答咨询人次": "人次"}

# Chart geometry in SVG user units; the chart is at most 340 px wide (≈ 0.96× on a 360 px phone).
# Its text is sized by the page (pufa.css: 0.8rem, 16 units, 20 with the A+ large text), so the
# columns are measured for TEXT units: the labels grow with the reader's text and still fit.
WIDTH, ROW, TOP, TEXT, GAP = 340, 34, 8, 20, 6


def add(figures: Iterable[Figure]) -> Figure:
    """A total is "N余" (at least N) as soon as one part is."""
    items = list(figures)
    return Figure(sum(f.value for f in items), any(f.approx for f in items))


def totals(posts: Iterable[Post], groups: Callable[[Post], Iterable[str]]) -> dict[str, dict[str, Figure]]:
    """group -> figure key -> total over the posts in that group (a post may be in several)."""
    parts: dict[str, dict[str, list[Figure]]] = {}
    for post in posts:
        if post.draft:
            continue
        for group in groups(post):
            for key, figure in post.figures:
                parts.setdefault(group, {}).setdefault(key, []).append(figure)
    return {group: {key: add(values) for key, values in keys.items()} for group, keys in parts.items()}


def render_figures_page(content: Content) -> str:
    posts = [p for p in content.posts if not p.draft]
    parts = [
        "---\ntitle: 普法数字\n---\n",
        "# 普法数字\n",
        "下面的数字由本站普法活动文章里的“活动数据”相加得出，只包括已经发布的文章；“余”表示至少这么多。"
        "一篇文章涉及几个乡镇时，它的数字计入每个乡镇。报告公布的全年数字单独列出，统计口径不同，不能直接相加或比较。\n",
    ]
    by_year = totals(posts, lambda p: [f"{p.date.year}年"])
    for year in sorted(by_year, reverse=True):
        parts.append(f"## {year}\n")
        parts.append(_figure_table(f"{year}本站活动文章合计", by_year[year]))
        parts.append(_reported(content, int(year[:-1])))
    parts.append(_breakdown("按分类", totals(posts, lambda p: [p.category.name]), [c.name for c in content.categories]))
    order = [content.county_label] + [t.name for t in content.townships]
    parts.append(_breakdown("按乡镇", totals(posts, lambda p: list(p.townships)), order))
    return "\n".join(parts)


def _figure_table(caption: str, values: dict[str, Figure]) -> str:
    rows = "".join(f"| {key} | {values[key].text()}{UNITS[key]} |\n" for key in FIGURE_KEYS if key in values)
    return f"**{caption}**\n\n| 项目 | 合计 |\n| --- | ---: |\n{rows}"


def _reported(content: Content, year: int) -> str:
    reported = content.reported
    if reported is None or reported.year != year or not reported.figures:
        return ""
    rows = "".join(f"| {html.escape(f.label)} | {f.figure.text()}{html.escape(f.unit)} |\n" for f in reported.figures)
    return f"\n**报告公布的{year}年全年数字**（来源：{html.escape(reported.source)}）\n\n| 项目 | 数字 |\n| --- | ---: |\n{rows}"


def _breakdown(heading: str, groups: dict[str, dict[str, Figure]], order: list[str]) -> str:
    names = [name for name in order if name in groups]
    parts = [f"## {heading}\n"]
    for key in FIGURE_KEYS:
        rows = [(name, groups[name][key]) for name in names if key in groups[name]]
        if not rows:
            continue
        title = f"{heading}：{key}"
        desc = "；".join(f"{name} {figure.text()}{UNITS[key]}" for name, figure in rows)
        table = "".join(f"| {name} | {figure.text()}{UNITS[key]} |\n" for name, figure in rows)
        parts.append(
            f'### {key}\n\n<figure class="pufa-chart">\n{bar_chart(title, desc, rows, UNITS[key])}\n'
            f"<figcaption>{html.escape(title)}</figcaption>\n</figure>\n\n| {heading[1:]} | {key} |\n| --- | ---: |\n{table}"
        )
    return "\n".join(parts)


def bar_chart(title: str, desc: str, rows: list[tuple[str, Figure]], unit: str) -> str:
    """A horizontal bar chart as inline SVG: readable by screen readers through <title>/<desc>."""
    top = max((f.value for _, f in rows), default=0) or 1
    height = TOP * 2 + ROW * len(rows)
    label_w = max((_ems(label) for label, _ in rows), default=1) * TEXT + GAP
    bar_w = WIDTH - label_w - max((_ems(f"{f.text()}{unit}") for _, f in rows), default=1) * TEXT - GAP
    baseline = ROW // 2 + int(0.35 * TEXT)
    bars = [
        {
            "label_x": f"{label_w - GAP:.0f}",
            "text_y": TOP + index * ROW + baseline,
            "label": label,
            "bar_x": f"{label_w:.0f}",
            "bar_y": TOP + index * ROW + 6,
            "width": f"{width:.1f}",
            "height": ROW - 12,
            "value_x": f"{label_w + width + 4:.1f}",
            "value": f"{figure.text()}{unit}",
        }
        for index, (label, figure) in enumerate(rows)
        for width in [max(1.0, bar_w * figure.value / top)]
    ]
    ident = "c" + hashlib.sha1(title.encode()).hexdigest()[:8]  # stable: builds are reproducible
    svg = templates.render("figures/bar-chart.svg", width=WIDTH, height=height, ident=ident, title=title, desc=desc, bars=bars)
    return "".join(line.strip() for line in svg.splitlines())


def _ems(text: str) -> float:
    """Width of text in em: Chinese characters are square, digits and Latin letters about 0.6 em."""
    return sum(1.0 if ord(char) >= 0x2E80 else 0.6 for char in text)


KIND = Kind(
    "figures",
    "普法数字",
    pages=lambda content: {FIGURES_PAGE: render_figures_page(content)},
    index=FIGURES_PAGE,
    markers={"reported-figures": render.reported_figures},
    reserved=("figures/",),
)
