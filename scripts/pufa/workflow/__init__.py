"""How the team publishes like a government office: the settings and the checks that tie the
wording check, the three-level review, freshness and the 普法 calendar into loading the content.

Settings live in mkdocs.yml under `extra: pufa:`:

    extra:
      pufa:
        require_review: false   # true: a post needs 终审 before a publish build (review.py);
                                # a date (2026-06-01): posts published from that day on
        fresh_days: 14          # remind when the newest published: date is older (0: never)
        remind_days: 14         # remind about a 普法 day this many days ahead (0: never)

content.load_content calls `post_fields` for each post and `check` once everything is loaded.
Errors go to Loaded.problems; reminders and notes to Loaded.warnings; what blocks only a publish
build (a post without 终审) to Loaded.publish_problems. `today` is injectable everywhere (and the
environment variable PUFA_TODAY=YYYY-MM-DD sets it for a whole run), so no test depends on the date.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from pufa.model import Content, Post
from pufa.problems import WARNING, Problem, format_warnings, quote
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.yamlfile import BadDate, line_of
from pufa.workflow import freshness, observances, review, wording

SETTINGS_KEY = "pufa"  # under extra: in mkdocs.yml
TODAY_VARIABLE = "PUFA_TODAY"
DEFAULT_FRESH_DAYS = 14  # 国办秘函〔2019〕19号: a home page without a new item for two weeks fails inspection
DEFAULT_REMIND_DAYS = 14


@dataclass(frozen=True)
class Settings:
    require_review: bool = False
    review_since: dt.date | None = None  # require_review written as a date: the rule covers posts from that day on
    fresh_days: int = DEFAULT_FRESH_DAYS
    remind_days: int = DEFAULT_REMIND_DAYS


def read_settings(extra: object, rel: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    """extra.pufa of mkdocs.yml; a wrong value is a problem and falls back to the default."""
    block = extra.get(SETTINGS_KEY) if isinstance(extra, dict) else None
    if block is None:
        return Settings(), []
    if not isinstance(block, dict):
        return Settings(), [
            Problem(
                rel,
                line_of(extra, SETTINGS_KEY),
                "extra: 下面的 pufa: 格式不对",
                expected="pufa: 下面每项一行，如“    require_review: false”",
                actual=quote(block),
            )
        ]
    problems: list[Problem] = []
    known = ("require_review", "fresh_days", "remind_days")
    for key in block:
        if key not in known:
            problems.append(
                Problem(
                    rel,
                    line_of(block, key),
                    f"extra.pufa 里不认识的设置“{key}”",
                    expected="、".join(known) + " 之一",
                    actual=quote(key),
                    fix="如何修改：删掉这一行，或改成上面的名称之一",
                )
            )
    required, since = block.get("require_review", False), None
    if isinstance(required, dt.date) and not isinstance(required, dt.datetime):
        required, since = True, required
    elif not isinstance(required, bool):
        problems.append(
            Problem(
                rel,
                line_of(block, "require_review"),
                "require_review 只能是 true、false 或一个日期",
                expected="require_review: true（发布前必须终审）、false，或从哪天起要求终审，如 require_review: 2026-06-01",
                actual=quote(required),
                fix="如何修改：写 true、false 或 年-月-日，不加引号",
            )
        )
        required = False
    days = {}
    for key, default in (("fresh_days", DEFAULT_FRESH_DAYS), ("remind_days", DEFAULT_REMIND_DAYS)):
        value = block.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(
                Problem(
                    rel,
                    line_of(block, key),
                    f"{key} 应是天数",
                    expected=f"0 或正整数（0 表示不提醒），如 {key}: {default}",
                    actual=quote(value),
                    fix="如何修改：写一个整数，不加引号",
                )
            )
            value = default
        days[key] = value
    return Settings(required, since, days["fresh_days"], days["remind_days"]), problems


def today(override: dt.date | None = None) -> tuple[dt.date, list[Problem]]:
    """The day to check against: the override, PUFA_TODAY, or the computer's date."""
    if override is not None:
        return override, []
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if not text:
        return dt.date.today(), []
    try:
        return dt.date.fromisoformat(text), []
    except ValueError:
        return dt.date.today(), [
            Problem(
                TODAY_VARIABLE,
                None,
                "环境变量 PUFA_TODAY 不是日期",
                expected="年-月-日，如 2026-04-01",
                actual=quote(text),
                fix="如何修改：改正或删掉这个环境变量",
            )
        ]


def post_fields(fm: FrontMatter, rel: str, lists: Content, problems: list[Problem]) -> dict:
    """The workflow's front-matter keys of a post: published, review and calendar."""
    return {
        "published": _published(fm, rel, lists, problems),
        "review": review.parse(fm, rel, problems),
        "days": observances.check_tags(fm.meta.get("calendar"), fm.line("calendar"), rel, lists.calendar, problems),
    }


def _published(fm: FrontMatter, rel: str, lists: Content, problems: list[Problem]) -> dt.date | None:
    value = fm.meta.get("published")
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, BadDate):  # an impossible date (2026-02-30): the YAML reader reported it
        return None
    if not isinstance(value, dt.date):
        problems.append(
            Problem(
                rel,
                fm.line("published"),
                "发布日期（published）格式不对",
                expected="上网那一天的完整日期，如 published: 2026-05-20",
                actual=quote(value),
                fix="如何修改：写成 年-月-日，不加引号",
            )
        )
        return None
    return value


def check(
    content: Content, pages: dict[str, FrontMatter], settings: Settings, on: dt.date
) -> tuple[list[Problem], list[Problem], list[Problem]]:
    """(errors, warnings, publish problems) of the whole content, on the day `on`."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for post in content.posts:
        fm = pages.get(post.src_uri)
        if fm is None:
            continue
        errors += review.check_published(post, fm, post.rel)
        if post.published is not None and post.published > on:
            warnings.append(
                Problem(
                    post.rel,
                    fm.line("published"),
                    "发布日期（published）在今天之后",
                    expected=f"上网那一天，不晚于今天（{on.isoformat()}）",
                    actual=post.published.isoformat(),
                    fix="如何修改：写真正上网的日期；还没发布的文章先写 draft: true",
                    severity=WARNING,
                )
            )
    warnings += freshness.check(content.posts, on, settings.fresh_days, lambda post: _line(pages, post, "published"))
    warnings += observances.reminders(content, on, settings.remind_days)
    publish = review.publish_problems(
        content.posts, settings.require_review, lambda post: _line(pages, post, review.KEY), settings.review_since
    )
    return errors, warnings, publish


def check_wording(
    root, docs_rel: str, texts: dict[str, str], pages: dict[str, FrontMatter], data_files: bool = True
) -> tuple[list[Problem], list[Problem]]:
    entries, problems = wording.load_entries(root)
    errors, warnings = wording.check_pages(root, docs_rel, texts, pages, entries, data_files)
    return problems + errors, warnings


def _line(pages: dict[str, FrontMatter], post: Post, key: str) -> int:
    fm = pages.get(post.src_uri)
    return fm.line(key) if fm is not None else 1


def blocking(loaded, preview: bool = False) -> list[Problem]:
    """What stops this build: every error, and for a publish build also every post without 终审.

    A preview shows those posts with a 待审 banner and lists them as reminders instead."""
    if not preview:
        return loaded.problems + loaded.publish_problems
    loaded.warnings = loaded.warnings + review.as_reminders(loaded.publish_problems)
    loaded.pending_review = review.pending(loaded.content.posts, loaded.workflow.require_review, loaded.workflow.review_since)
    return list(loaded.problems)


def print_warnings(loaded) -> None:
    """Reminders and notes, the same way for check, build and serve."""
    text = format_warnings(loaded.warnings)
    if text:
        print(text)
