"""Campaign posts (普法活动): validate front matter into `Post`s, one problem per mistake."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pufa import workflow
from pufa.kinds import Kind, Scaffold, scaffolding
from pufa.model import Content, Figure, Post
from pufa.pages import render
from pufa.problems import Problem, quote
from pufa.schema import (
    DATE_EXPECTED,
    FIGURE_EXPECTED,
    FIGURE_KEYS,
    POST_KEYS,
    POST_REQUIRED,
    POSTS_DIR,
    parse_date,
    parse_figure,
    suggest,
)
from pufa.sources import fields
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.yamlfile import BadDate
from pufa.workflow import review

_EXAMPLES = {
    "title": "title: 文艺轻骑兵进基层巡演",
    "date": "date: 2023-03-03",
    "category": "category: 普法文艺",
    "township": "township: 全县",
}


def check_post(fm: FrontMatter, rel: str, src_uri: str, docs_dir: Path, lists: Content) -> tuple[Post | None, list[Problem]]:
    problems: list[Problem] = []
    meta = fm.meta
    problems.extend(fields.check_keys(fm, rel, POST_KEYS, POST_REQUIRED, _EXAMPLES, "活动文章"))
    title = meta.get("title")
    if "title" in meta and title not in (None, "") and not isinstance(title, str):
        problems.append(
            Problem(
                rel,
                fm.line("title"),
                "标题（title）应是文字",
                expected="文字，如 title: 普法宣传进社区",
                actual=quote(title),
                fix="如何修改：给标题加英文双引号",
            )
        )
    date = _check_date(meta, fm, rel, problems)
    category = _check_category(meta, fm, rel, lists, problems)
    townships = _check_townships(meta, fm, rel, lists, problems)
    figures = _check_figures(meta, fm, rel, problems)
    photos = fields.photos(fm, rel, src_uri, docs_dir, problems)
    source = fields.text(fm, "source", rel, problems)
    description = fields.text(fm, "description", rel, problems)
    draft = _check_draft(meta, fm, rel, problems)
    extra = workflow.post_fields(fm, rel, lists, problems)  # published, review, calendar
    if problems or date is None or category is None:
        return None, problems
    post = Post(rel, src_uri, title.strip(), date, category, townships, figures, photos, source, description, draft, fm.body)
    return replace(post, **extra), []


def _check_date(meta, fm, rel, problems):
    if meta.get("date") in (None, "") or isinstance(meta["date"], BadDate):  # a BadDate is reported by the loader
        return None
    date, hint = parse_date(meta["date"])
    if date is None:
        fix = f"如何修改：写成 {hint}" if hint else "如何修改：按期望的格式改写；不知道具体哪天就只写年或年月"
        problems.append(
            Problem(rel, fm.line("date"), "日期（date）格式不对", expected=DATE_EXPECTED, actual=quote(meta["date"]), fix=fix)
        )
    return date


def _check_draft(meta, fm, rel, problems) -> bool:
    """draft: true hides a post; only a real true/false is accepted, so “否” or "false" never hides one by accident."""
    value = meta.get("draft", False)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    meant = (
        "false"
        if text in ("false", "no", "否", "不是", "0", "n", "off", "")
        else "true"
        if text in ("true", "yes", "是", "1", "y", "on")
        else ""
    )
    fix = (
        f"如何修改：写成 draft: {meant}（不加引号）"
        if meant
        else "如何修改：草稿写 draft: true，要发布就删掉这一行或写 draft: false（都不加引号）"
    )
    problems.append(
        Problem(
            rel,
            fm.line("draft"),
            "草稿标记（draft）只能是 true 或 false",
            expected="draft: true（草稿，不发布）或 draft: false",
            actual=quote(value),
            fix=fix,
        )
    )
    return True


def _check_category(meta, fm, rel, lists, problems):
    if not lists.categories:  # data/categories.yml is broken and already reported: no second error per post
        return None
    if isinstance(meta.get("category"), list):
        problems.append(
            Problem(
                rel,
                fm.line("category"),
                "每篇活动只能选一个分类",
                expected="一个分类",
                actual=quote(meta["category"]),
                fix="如何修改：只保留最主要的一个",
            )
        )
        return None
    names = [c.name for c in lists.categories]
    name = fields.choice(
        fm, "category", rel, names, "分类", "改成列表中的一个，或请管理员在 data/categories.yml 中新增分类", problems
    )
    return lists.category(name) if name else None


def _check_townships(meta, fm, rel, lists, problems):
    value = meta.get("township")
    if value in (None, ""):
        return ()
    values = value if isinstance(value, list) else [value]
    names = [t.name for t in lists.townships]
    if not names:  # data/townships.yml is broken and already reported: no second error per post
        return tuple(str(v) for v in values)
    found = []
    for item in values:
        more = "，多个乡镇写成 [梁洼镇, 仓头乡]"
        name = fields.township(item, lists, rel, fm.line("township"), problems, also=(lists.county_label,), more_fix=more)
        if name:
            found.append(name)
    return tuple(found)


def _check_figures(meta, fm, rel, problems):
    value = meta.get("figures")
    if value in (None, ""):
        return ()
    if not isinstance(value, dict):
        problems.append(
            Problem(
                rel, fm.line("figures"), "活动数据（figures）格式不对", expected="每项一行，如“  场次: 26”", actual=quote(value)
            )
        )
        return ()
    figures: dict[str, Figure] = {}
    for key, raw in value.items():
        line = fm.line(f"figures.{key}")
        if key not in FIGURE_KEYS:
            hint = suggest(str(key), list(FIGURE_KEYS))
            problems.append(
                Problem(
                    rel,
                    line,
                    f"不认识的活动数据“{key}”",
                    expected="、".join(FIGURE_KEYS) + " 之一",
                    actual=quote(key),
                    fix=f"如何修改：{hint or '改成上面的名称之一'}",
                )
            )
            continue
        figure, hint = parse_figure(raw)
        if figure is None:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"“{key}”的数字格式不对",
                    expected=FIGURE_EXPECTED,
                    actual=quote(raw),
                    fix=f"如何修改：{hint}" if hint else "",
                )
            )
            continue
        figures[key] = figure
    return tuple((k, figures[k]) for k in FIGURE_KEYS if k in figures)


# --- python -m pufa new post ----------------------------------------------------------------


def _scaffold(root: Path, args, asker: scaffolding.Asker, loaded) -> scaffolding.Draft | None:
    content = loaded.content
    if not content.categories or not content.townships:
        raise scaffolding.Cancelled("data/categories.yml 或 data/townships.yml 有问题，先运行 python -m pufa check 按提示修改。")
    title = asker.get(scaffolding.text_question("如 文艺轻骑兵进基层巡演"), args.title)
    category = asker.get(
        scaffolding.choice_question("--category", "分类", [c.name for c in content.categories], ""), args.category
    )
    places = [content.county_label] + [t.name for t in content.townships]
    township = asker.get(
        scaffolding.choice_question("--township", "乡镇（街道）", places, f"全县范围的活动选“{content.county_label}”"),
        args.township,
    )
    date = asker.get(scaffolding.date_question(), args.date)
    folder = Path("docs/blog/posts")

    def target(slug: str) -> Path:
        return folder / f"{scaffolding.post_name(date, slug)}.md"

    slug = asker.get(scaffolding.file_question(root, target, "pear-festival", "前面会自动加上日期"), args.file)
    if None in (title, category, township, date, slug):
        return None
    name = scaffolding.post_name(date, slug)
    notes = [f"照片请放在 {folder.as_posix()}/photos/{name}/ ，然后在 photos: 下面列出文件名"]
    if args.date is None and not asker.interactive:  # nobody saw the default: a guessed date must not go unnoticed
        notes.append(f"没有给 --date，日期写的是今天 {date}；不是活动当天的话，改成确知的年、年月或日期")
    several = "[" + ", ".join(t.name for t in content.townships[:2]) + "]"
    return scaffolding.Draft(folder / f"{name}.md", post_text(title, date, category, township, name, several), notes)


def post_text(title: str, date: str, category: str, township: str, name: str, several: str) -> str:
    # The date goes in unquoted: YAML then reads 2023 and 2023-03-03 as the year and date they are.
    # Commented examples are chosen so that one uncommented but not filled in is caught by `check`.
    figures = "\n".join(f"#   {key}:" for key in FIGURE_KEYS)
    return f"""---
{scaffolding.field_line("title", title)}
date: {date}   # 只写确知的精度：2023、2023-10 或 2023-03-03
{scaffolding.field_line("category", category)}
{scaffolding.field_line("township", township)}   # 多个乡镇写成 {several}
# 活动数据（可选）：知道哪项，就删掉 figures: 和那一项前面的 #，填整数；“1200余”写成 "1200+"
# figures:
{figures}
# 照片（可选）：放进 docs/blog/posts/photos/{name}/ ，再删掉下面两行前面的 #，每张照片一行
# photos:
#   - photos/{name}/01.jpg
# 报告或记录的原文（可选），页面上显示为“报告原文”
# source: ""
# 上网发布的那一天（建议写，完整日期）：首页多久没更新就按它算
# published: 年-月-日
# 为普法日历里的哪一天写的（可选），写 data/calendar.yml 里的名称，如 全民国家安全教育日
# calendar: 普法日名称
---

（第一段是活动列表里显示的摘要：用一两句话写清什么时间、在哪里、做了什么。）

<!-- more -->

（正文：只写报告或记录里确知的事实。写完删掉括号里的提示。）
"""


def _arguments(parser) -> None:
    parser.add_argument("--category", help="分类（post），data/categories.yml 中的一个")


def _engine_file(post: Post, content: Content, loaded) -> str:
    """The post as the blog plugin re-reads it from disk; the preview adds its 待审 banner (review.py)."""
    settings = loaded.workflow
    pending = (
        review.banner(post, review.needs_review(post, settings.require_review, settings.review_since))
        if post.src_uri in loaded.pending_review
        else ""
    )
    return render.render_post(post, content, pending)


KIND = Kind(
    "post",
    "普法活动文章",
    folder=POSTS_DIR,
    configured=lambda settings: settings.posts_dir,  # the blog plugin's blog_dir and post_dir in mkdocs.yml
    check=check_post,
    keys=POST_KEYS,
    order=lambda items: sorted(items, key=lambda p: (p.date.sort_key(), p.src_uri), reverse=True),
    unpublished=lambda post: "草稿（draft: true）" if post.draft else "",
    store="posts",
    pages=render.render_township_pages,
    index=f"{render.TOWNSHIP_DIR}index.md",
    engine_file=_engine_file,
    markers={"latest-posts": render.latest_posts},
    scaffold=Scaffold("普法活动文章", "新建普法活动文章", _scaffold, _arguments),
    reserved=("blog/",),
    area="文章",
    area_note="普法活动文章（docs/blog/posts/）和文章里的照片。",
    modules=("posts", "photos"),
)
