"""Three-level review (信息发布三审): who signed a post off, and the rule that a publish build needs 终审.

A post may record its sign-offs in the front matter:

    review:
      初审: 张三 2026-05-18
      复审: 李四 2026-05-19
      终审: 王五 2026-05-20

The record stays in the project: it is never shown on the site or in a WeChat export (the
reviewers are staff, not the news). With `extra.pufa.require_review: true` in mkdocs.yml, a publish
build (`build`, `build --offline`, `wechat`) refuses every post without 终审 and lists them all at
once; `check` says the same, so the team learns it before building. A bureau that starts the rule
on a given day writes that day instead (`require_review: 2026-06-01`): posts published before it
(by `published:`, or else by the latest day their event date allows) stay as they are, so nobody
has to invent sign-offs for old posts. The preview (`serve`) never
blocks: it shows such a post with a 待审 banner instead. With the setting off (the default), a post
that records 初审 or 复审 but not yet 终审 still gets the banner in the preview.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from pufa.model import Post, PostDate, Signature
from pufa.problems import WARNING, Problem, quote
from pufa.sources.frontmatter import FrontMatter

KEY = "review"
LEVELS = ("初审", "复审", "终审")
FINAL = "终审"
EXAMPLE = "review: {初审: 张三 2026-05-18, 复审: 李四 2026-05-19, 终审: 王五 2026-05-20}"
_SIGNATURE = re.compile(r"^(?P<name>.+?)[\s\u3000,，、]+(?P<date>\d{4}-\d{1,2}-\d{1,2})$")
BANNER = '!!! warning "待审：本文还没有终审"\n\n    这条提示只在本机预览里显示。{why}\n'


def parse(fm: FrontMatter, rel: str, problems: list[Problem]) -> tuple[Signature, ...]:
    """The sign-offs in 三审 order; every malformed one is a problem."""
    value = fm.meta.get(KEY)
    if value in (None, "", {}):
        return ()
    if not isinstance(value, dict):
        problems.append(
            Problem(
                rel,
                fm.line(KEY),
                "三审记录（review）格式不对",
                expected=f"每一审写成“级别: 姓名 日期”，如 {EXAMPLE}",
                actual=quote(value),
                fix="如何修改：照期望的例子改写，没做的审核先不写",
            )
        )
        return ()
    signed: dict[str, Signature] = {}
    for level, text in value.items():
        line = fm.line(f"{KEY}.{level}")
        if level not in LEVELS:
            from pufa.schema import suggest

            hint = suggest(str(level), list(LEVELS))
            problems.append(
                Problem(
                    rel,
                    line,
                    f"不认识的审核级别“{level}”",
                    expected="初审、复审、终审 之一",
                    actual=quote(level),
                    fix=f"如何修改：{hint or '改成初审、复审或终审'}",
                )
            )
            continue
        signature = _signature(level, text, line, rel, problems)
        if signature is not None:
            signed[level] = signature
    ordered = tuple(signed[level] for level in LEVELS if level in signed)
    for earlier, later in itertools.pairwise(ordered):
        if later.day < earlier.day:
            problems.append(
                Problem(
                    rel,
                    fm.line(f"{KEY}.{later.level}"),
                    f"{later.level}日期早于{earlier.level}日期",
                    expected="初审、复审、终审依次进行，日期不能倒过来",
                    actual=f"{earlier.level} {earlier.day.isoformat()}，{later.level} {later.day.isoformat()}",
                    fix="如何修改：核对审核记录上的日期",
                )
            )
    return ordered


def _signature(level: str, text: object, line: int, rel: str, problems: list[Problem]) -> Signature | None:
    match = _SIGNATURE.match(str(text).strip()) if isinstance(text, str) else None
    if match:
        try:
            year, month, day = (int(n) for n in match.group("date").split("-"))
            return Signature(level, match.group("name").strip(), dt.date(year, month, day))
        except ValueError:
            pass
    problems.append(
        Problem(
            rel,
            line,
            f"{level}要写审核人姓名和日期",
            expected=f"“{level}: 姓名 日期”，如 {level}: 王五 2026-05-20",
            actual=quote(text),
            fix="如何修改：姓名和日期之间空一格，日期写成 年-月-日",
        )
    )
    return None


def check_published(post: Post, fm: FrontMatter, rel: str) -> list[Problem]:
    """A post cannot have gone online before its final sign-off."""
    final = post.signed(FINAL)
    if final is None or post.published is None or post.published >= final.day:
        return []
    return [
        Problem(
            rel,
            fm.line("published"),
            "发布日期（published）早于终审日期",
            expected="终审之后才发布",
            actual=f"终审 {final.day.isoformat()}，发布 {post.published.isoformat()}",
            fix="如何修改：核对发布日期和终审日期",
        )
    ]


def needs_review(post: Post, required: bool, since: dt.date | None = None) -> bool:
    """Whether the rule covers this post: always when required, or from `since` on."""
    if not required:
        return False
    if since is None:
        return True
    return (post.published or _last_day(post.date)) >= since


def _last_day(date: PostDate) -> dt.date:
    """The latest day an event date of this precision can be (2023 → 2023-12-31)."""
    if date.day:
        return dt.date(date.year, date.month, date.day)
    if date.month:
        following = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(date.year, 12, 31)


def publish_problems(posts: tuple[Post, ...], required: bool, line_of, since: dt.date | None = None) -> list[Problem]:
    """With review required, every post to publish that has no 终审: what a publish build refuses.

    line_of(post) gives the line to point at (the review key, or the front matter's first line)."""
    return [
        Problem(
            post.rel,
            line_of(post),
            "没有终审，不能发布（mkdocs.yml 设置了 require_review）",
            expected="前置信息的 review 下有“终审: 姓名 日期”",
            actual=_state(post),
            fix="如何修改：终审后在前置信息的 review 下补上“终审: 姓名 日期”；还没审完的文章先写 draft: true",
        )
        for post in posts
        if not post.draft and post.signed(FINAL) is None and needs_review(post, required, since)
    ]


def pending(posts: tuple[Post, ...], required: bool, since: dt.date | None = None) -> frozenset[str]:
    """Posts the preview marks 待审: without 终审 when the rule covers them, or with a review under way."""
    return frozenset(
        p.src_uri for p in posts if not p.draft and p.signed(FINAL) is None and (needs_review(p, required, since) or p.review)
    )


def as_reminders(problems: list[Problem]) -> list[Problem]:
    """The preview's form of the publish refusals: the same lines, as reminders."""
    return [
        Problem(
            p.path, p.line, p.message.replace("不能发布", "正式生成时不能发布"), p.expected, p.actual, p.fix, severity=WARNING
        )
        for p in problems
    ]


def banner(post: Post, required: bool) -> str:
    why = (
        "正式生成（python -m pufa build）会拒绝发布没有终审的文章。"
        if required
        else "终审后在前置信息的 review 里补上“终审: 姓名 日期”。"
    )
    return BANNER.format(why=why)


def _state(post: Post) -> str:
    done = "、".join(s.level for s in post.review)
    return f"只有{done}" if done else "没有审核记录"
