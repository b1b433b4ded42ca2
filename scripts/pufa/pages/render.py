"""Render Markdown for the engine: normalised posts, township archives, site pages and the placeholders of figures, posts and sites.

Everything here is pure: content in, Markdown text out. The engine adapter decides where the
text goes (a generated file, a replaced page).
"""

from __future__ import annotations

import html
import posixpath

import yaml
from markupsafe import Markup

from pufa.model import Content, Post, Site
from pufa.pages import maps
from pufa.schema import SHORT_LINK_PREFIX

TOWNSHIP_DIR = "blog/township/"
COUNTY_SLUG = "all"
MORE = "<!-- more -->"
LATEST_COUNT = 6


def front_matter(values: dict) -> str:
    """A generated page's front matter, written by the YAML library: a title with a colon, a quote
    or a # (a township or post title from the editors' files) stays one value."""
    return "---\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1_000_000) + "---\n"


def township_src(content: Content, name: str) -> str:
    township = content.township(name)
    return f"{TOWNSHIP_DIR}{township.slug if township else COUNTY_SLUG}.md"


def render_post(post: Post, content: Content, banner: str = "") -> str:
    """The post as the engine should read it: engine front matter plus our meta, figures and source.

    banner: Markdown shown under the title (the preview's 待审 banner, review.py); "" when publishing."""
    meta = {
        "title": post.title,
        # The engine needs a full date to sort and archive; it is never displayed (templates show pufa_date).
        "date": post.date.sort_key(),
        "categories": [post.category.name],
        "pufa_date": post.date.text(),
        "pufa_date_iso": post.date.iso(),
    }
    if post.description:
        meta["description"] = post.description
    if post.draft:
        meta["draft"] = True
    parts = [front_matter(meta), f"# {_md_text(post.title)}\n", _post_meta(post, content)]
    if banner:
        parts.append(banner)
    parts.append(_with_more(post.body.strip()))
    if post.figures:
        parts.append(_figures_table(post))
    parts.extend(f"![{_md_text(post.title)}（图{i}）]({photo}){{ loading=lazy }}\n" for i, photo in enumerate(post.photos, 1))
    if post.source:
        parts.append(f'!!! quote "报告原文"\n\n    {_md_text(post.source)}\n')
    return "\n".join(parts)


def _post_meta(post: Post, content: Content) -> str:
    here = posixpath.dirname(post.src_uri)
    places = "、".join(f"[{name}]({posixpath.relpath(township_src(content, name), here)})" for name in post.townships)
    return (
        '<div class="pufa-post-meta" markdown>\n'
        f'<time datetime="{post.date.iso()}">{post.date.text()}</time> · {html.escape(post.category.name)} · 地点：{places}{_published(post)}\n'
        "</div>\n"
    )


def _published(post: Post) -> str:
    """The day it went online, when the front matter says (freshness.py): inspections look for it."""
    if post.published is None:
        return ""
    day = post.published
    return f' · 发布于 <time datetime="{day.isoformat()}">{day.year}年{day.month}月{day.day}日</time>'


def _with_more(body: str) -> str:
    """Excerpts on listing pages end at <!-- more -->; add it after the first paragraph if missing."""
    if MORE in body:
        return body + "\n"
    first, sep, rest = body.partition("\n\n")
    return f"{first}\n\n{MORE}\n\n{rest}\n" if sep else f"{body}\n\n{MORE}\n"


def _figures_table(post: Post) -> str:
    rows = "".join(f"| {key} | {figure.text()} |\n" for key, figure in post.figures)
    return f"## 活动数据\n\n| 项目 | 数量 |\n| --- | ---: |\n{rows}"


def render_township_pages(content: Content) -> dict[str, str]:
    """src_uri -> Markdown for one archive page per township with posts, plus their index."""
    groups: dict[str, list[Post]] = {}
    for post in content.posts:
        if post.draft:
            continue
        for name in post.townships:
            groups.setdefault(name, []).append(post)
    pages = {}
    for name, items in groups.items():
        src = township_src(content, name)
        title = f"{name}的普法活动" if name != content.county_label else f"{content.county_label}性普法活动"
        lines = [front_matter({"title": title}), f"# {_md_text(title)}\n", f"共 {len(items)} 篇。\n"]
        lines += [_post_line(post, src) for post in items]
        pages[src] = "\n".join(lines) + "\n"
    pages[f"{TOWNSHIP_DIR}index.md"] = _township_index(content, groups)
    return pages


def _township_index(content: Content, groups: dict[str, list[Post]]) -> str:
    src = f"{TOWNSHIP_DIR}index.md"
    lines = ["---\ntitle: 按乡镇查看\n---\n", "# 按乡镇查看普法活动\n", "| 乡镇（街道） | 活动篇数 |", "| --- | ---: |"]
    ordered = [content.county_label] + [t.name for t in content.townships]
    unverified = False
    for name in ordered:
        if name not in groups:
            continue
        township = content.township(name)
        mark = "" if township is None or township.verified else "\\*"
        unverified = unverified or bool(mark)
        link = posixpath.relpath(township_src(content, name), posixpath.dirname(src))
        lines.append(f"| [{name}]({link}){mark} | {len(groups[name])} |")
    if unverified:
        lines.append("\n\\* 名称尚待司法局核实。")
    return "\n".join(lines) + "\n"


def _post_line(post: Post, page_src: str) -> str:
    link = posixpath.relpath(post.src_uri, posixpath.dirname(page_src))
    return f"- {post.date.text()} · [{_md_text(post.title)}]({link}) · {post.category.name}"


def reported_figures(page_src: str, content: Content) -> str:
    reported = content.reported
    if reported is None:
        return ""
    cells = "".join(
        f'<div class="pufa-figure"><strong>{figure.figure.text()}<small>{html.escape(figure.unit)}</small></strong>'
        f"<span>{html.escape(figure.label)}</span></div>\n"
        for figure in reported.figures
        if figure.home
    )
    note = f'<p class="pufa-figures-source">{reported.year}年全年数字，来源：{html.escape(reported.source)}</p>\n'
    return f'<div class="pufa-figures">\n{cells}</div>\n{note}'


def latest_posts(page_src: str, content: Content) -> str:
    items = [p for p in content.posts if not p.draft][:LATEST_COUNT]
    return "\n".join(_post_line(post, page_src) for post in items) + "\n"


def render_site(site: Site, body: str, content: Content, site_url: str) -> str:
    """A site's page: facts, map links, the editor's text, exhibits, photos, and its QR code
    (templates/site/page.md)."""
    from pufa.pages import templates  # Jinja: loaded when a site page is rendered

    place = " ".join(p for p in (site.township, site.village) if p) or content.county
    return templates.render(
        "site/page.md",
        site=site,
        place=place,
        amap=Markup(maps.amap_url(site, content.county)),
        baidu=Markup(maps.baidu_url(site, content.county)),
        body=Markup(body.strip()),
        qr=Markup(_qr_block(site_url, site)) if site_url else "",
    )


def _qr_block(site_url: str, site: Site) -> str:
    import segno  # only pages with a site_url need it

    url = short_url(site_url, site.qr)
    svg = segno.make_qr(url, error="q").svg_inline(scale=4, border=4, title=f"{site.title} 二维码", omitsize=True)
    return f'## 扫码分享\n\n<div class="pufa-qr">{svg}</div>\n\n短链接：<code>{html.escape(url)}</code>\n'


def short_url(site_url: str, code: str) -> str:
    return f"{site_url.rstrip('/')}/{SHORT_LINK_PREFIX}{code}/"


def sites_index(page_src: str, content: Content) -> str:
    if not content.sites:
        return ""
    here = posixpath.dirname(page_src)
    levels = "，".join(f"{lv} {n} 处" for lv in ("县级", "乡级", "村级") if (n := sum(s.level == lv for s in content.sites)))
    kinds = "，".join(
        f"{k} {n} 处" for k in sorted({s.kind for s in content.sites}) if (n := sum(s.kind == k for s in content.sites))
    )
    lines = [f"共 {len(content.sites)} 处阵地：{levels}。按类型：{kinds}。\n"]
    groups: dict[str, list[Site]] = {}
    for site in content.sites:
        groups.setdefault(site.township or "县城及县级阵地", []).append(site)
    for name, items in groups.items():
        lines.append(f"### {name}（{len(items)} 处）\n")
        for site in items:
            closed = "（已关闭）" if site.closed else ""
            lines.append(
                f"- [{_md_text(site.title)}]({posixpath.relpath(site.src_uri, here)}){closed} · {site.kind} · {site.level}"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def md_text(text: str) -> str:
    """Plain text safe inside Markdown: no HTML, no link syntax."""
    escaped = html.escape(text, quote=False)
    for char in "\\[]*_`":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


_md_text = md_text
