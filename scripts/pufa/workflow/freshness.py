"""Freshness: a government home page with no new item for two weeks fails inspection outright
(首页不更新, a single-item veto of 国办秘函〔2019〕19号; DOMAIN.md §4.3).

What counts is the day a post went online, `published: YYYY-MM-DD`, not the day of the event it
reports (`date`, often known only as a year). So only posts that carry `published:` are measured,
and a site whose posts carry none gets no reminder: the team starts it by writing the date.
"""

from __future__ import annotations

import datetime as dt

from pufa.model import Post
from pufa.problems import WARNING, Problem


def newest(posts: tuple[Post, ...]) -> Post | None:
    """The published post that went online last (drafts are not online)."""
    dated = [p for p in posts if p.published is not None and not p.draft]
    return max(dated, key=lambda p: (p.published, p.src_uri)) if dated else None


def check(posts: tuple[Post, ...], today: dt.date, fresh_days: int, line_of) -> list[Problem]:
    """A reminder when the newest published date is more than fresh_days old (0: never)."""
    post = newest(posts)
    if fresh_days <= 0 or post is None:
        return []
    age = (today - post.published).days
    if age <= fresh_days:
        return []
    return [
        Problem(
            post.rel,
            line_of(post),
            f"网站已经 {age} 天没有发布新文章（最新一篇的发布日期是 {post.published.isoformat()}）",
            expected=f"至少每 {fresh_days} 天发布一篇；政府网站首页两周不更新属于单项否决",
            actual=f"已经 {age} 天",
            fix="如何修改：发布新的普法活动文章，前置信息写上 published: 上网那天的日期；这个天数在 mkdocs.yml 的 extra.pufa.fresh_days 里设置",
            severity=WARNING,
        )
    ]
