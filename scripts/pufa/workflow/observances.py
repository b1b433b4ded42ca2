"""The 普法 calendar (data/calendar.yml): the days 普法 work is organised around.

4·15 全民国家安全教育日, the 民法典宣传月 in May, 6·26 国际禁毒日, 12·4 国家宪法日 and the others,
each with its legal basis or source and the topic to cover. The home page shows the next two
(`<!-- pufa:next-pufa-days -->`), and `check` reminds the team about a day that is coming up
within a few days (extra.pufa.remind_days) and has no post written for it yet.

A post says which day it was written for with `calendar: 全民国家安全教育日` in its front matter
(or a list). It counts for the day in the year of its event date or of its published date, so a
post from 2023 never makes 2026's 国家宪法日 look prepared. Drafts count: they are the preparation.

"Today" is always passed in (workflow.today()), so nothing here depends on the real date.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

from pufa.model import Content, Observance, Post
from pufa.problems import WARNING, Problem, quote
from pufa.sources.yamlfile import items_of, line_of, load_yaml

CALENDAR_FILE = "data/calendar.yml"
COUNT_ON_HOME = 2
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*(?:-|月)\s*(\d{1,2})\s*日?\s*$")
_WEEKDAYS = "一二三四五六日"
_EXAMPLE = '{name: 全民国家安全教育日, date: "04-15", topic: …, basis: …}'


def load_calendar(root: Path) -> tuple[tuple[Observance, ...], list[Problem]]:
    """The calendar's days in file order; the file is optional (no file, no days, no reminders)."""
    rel = CALENDAR_FILE
    if not (Path(root) / rel).exists():
        return (), []
    data, problems = load_yaml(Path(root) / rel, rel)
    days: list[Observance] = []
    seen: dict[str, int] = {}
    for item in items_of(data, "days", rel, problems, _EXAMPLE):
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(
                Problem(rel, line_of(item), "普法日缺少名称（name）", fix="如何修改：写上名称，如 name: 全民国家安全教育日")
            )
            continue
        name = name.strip()
        if name in seen:
            problems.append(
                Problem(
                    rel,
                    line_of(item, "name"),
                    f"普法日“{name}”写了两次",
                    actual=f"第 {seen[name]} 行和第 {line_of(item, 'name')} 行",
                    fix="如何修改：删掉其中一个",
                )
            )
            continue
        seen[name] = line_of(item, "name") or 0
        start = _month_day(item, "date", rel, name, problems)
        end = _month_day(item, "end", rel, name, problems) if item.get("end") not in (None, "") else start
        topic, basis = item.get("topic"), item.get("basis")
        for key, value, example in (
            ("topic", topic, "topic: 宪法、国家安全法"),
            ("basis", basis, "basis: 《中华人民共和国国家安全法》第十四条"),
        ):
            if not isinstance(value, str) or not value.strip():
                problems.append(
                    Problem(
                        rel,
                        line_of(item, key) or line_of(item),
                        f"普法日“{name}”缺少 {key}",
                        expected="宣传重点（topic）和依据或来源（basis）都要写",
                        fix=f"如何修改：加上一行，如 {example}",
                    )
                )
        if start is None or end is None or not isinstance(topic, str) or not isinstance(basis, str):
            continue
        if end < start:
            problems.append(
                Problem(
                    rel,
                    line_of(item, "end"),
                    f"普法日“{name}”的结束日期（end）早于开始日期（date）",
                    actual=f"{_md(start)}到{_md(end)}",
                    fix="如何修改：检查月份和日期；跨年的活动分成两条写",
                )
            )
            continue
        days.append(Observance(name, start, end, topic.strip(), basis.strip(), line_of(item, "name") or 0))
    return tuple(days), problems


def _month_day(item: dict, key: str, rel: str, name: str, problems: list[Problem]) -> tuple[int, int] | None:
    value = item.get(key)
    match = _MONTH_DAY.match(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2024, month, day)  # a leap year: 02-29 is a real day
            return month, day
        except ValueError:
            pass
    problems.append(
        Problem(
            rel,
            line_of(item, key) or line_of(item),
            f"普法日“{name}”的日期（{key}）格式不对",
            expected='月-日，加英文引号，如 "04-15"（每年的 4 月 15 日）',
            actual=quote(value),
            fix='如何修改：写成 "月-日"；持续几天的写开始日期 date 和结束日期 end',
        )
    )
    return None


def occurrence(day: Observance, today: dt.date) -> tuple[dt.date, dt.date]:
    """The day's current or next occurrence: this year's unless it is over."""
    start, end = day.on(today.year)
    return (start, end) if end >= today else day.on(today.year + 1)


def upcoming(
    calendar: tuple[Observance, ...], today: dt.date, count: int = COUNT_ON_HOME
) -> list[tuple[Observance, dt.date, dt.date]]:
    """The next `count` days from today, one under way first."""
    found = [(day, *occurrence(day, today)) for day in calendar]
    return sorted(found, key=lambda item: (item[1], item[2], item[0].name))[:count]


def written_for(day: Observance, year: int, posts: tuple[Post, ...]) -> list[Post]:
    """Posts tagged for the day in that year (by event date or published date)."""
    return [
        p for p in posts if day.name in p.days and (p.date.year == year or (p.published is not None and p.published.year == year))
    ]


def reminders(content: Content, today: dt.date, within: int) -> list[Problem]:
    """A reminder for each day starting within `within` days (or under way) that has no post yet."""
    if within <= 0:
        return []
    found = []
    for day in content.calendar:
        start, end = occurrence(day, today)
        left = (start - today).days
        if left > within or written_for(day, start.year, content.posts):
            continue
        when = _span(start, end, today)
        fix = f"如何修改：写一篇普法活动文章，前置信息里加一行 calendar: {day.name}；宣传重点是{day.topic}"
        if left > 0:
            found.append(
                Problem(
                    CALENDAR_FILE, day.line, f"{left} 天后（{when}）是{day.name}，还没有为它写的文章", fix=fix, severity=WARNING
                )
            )
        elif left == 0 and start == end:
            found.append(
                Problem(CALENDAR_FILE, day.line, f"今天（{when}）是{day.name}，还没有为它写的文章", fix=fix, severity=WARNING)
            )
        else:
            found.append(
                Problem(CALENDAR_FILE, day.line, f"{day.name}（{when}）正在进行，还没有为它写的文章", fix=fix, severity=WARNING)
            )
    return found


def check_tags(value: object, line: int, rel: str, calendar: tuple[Observance, ...], problems: list[Problem]) -> tuple[str, ...]:
    """A post's `calendar:` value: one day's name or a list of them, each in data/calendar.yml."""
    if value in (None, "", []):
        return ()
    values = value if isinstance(value, list) else [value]
    names = [d.name for d in calendar]
    if not names:  # data/calendar.yml is missing or broken (reported there): no second error per post
        return tuple(str(v).strip() for v in values)
    from pufa.schema import suggest

    found = []
    for item in values:
        name = str(item).strip()
        if name in names:
            found.append(name)
            continue
        hint = suggest(name, names)
        problems.append(
            Problem(
                rel,
                line,
                "普法日（calendar）不在 data/calendar.yml 的名单中",
                expected="、".join(names) + " 之一",
                actual=quote(item),
                fix=f"如何修改：{hint + '；' if hint else ''}写 data/calendar.yml 里的名称，多个写成 [国家宪法日, 宪法宣传周]",
            )
        )
    return tuple(found)


def render_next_days(page_src: str, content: Content) -> str:
    """The home page's 近期普法日: the next two days with their topic, basis and a post written for them."""
    if not content.calendar or content.today is None:
        return ""
    here = posixpath.dirname(page_src)
    lines = ["## 近期普法日\n"]
    for day, start, end in upcoming(content.calendar, content.today):
        when = _span(start, end, content.today, weekday=True)
        posts = [p for p in written_for(day, start.year, content.posts) if not p.draft]
        link = f" · [相关文章]({posixpath.relpath(posts[0].src_uri, here)})" if posts else ""
        lines.append(
            f'- **<time datetime="{start.isoformat()}">{when}</time> {_text(day.name)}**<br>宣传重点：{_text(day.topic)}<br>依据：{_text(day.basis)}{link}'
        )
    return "\n".join(lines) + "\n"


def _span(start: dt.date, end: dt.date, today: dt.date, weekday: bool = False) -> str:
    """“4月15日”（“4月15日 周三”）, “5月1日—5月31日”, with the year when it is not this year's."""
    pieces = [f"{start.year}年" if start.year != today.year else "", f"{start.month}月{start.day}日"]
    if start != end:
        pieces.append(f"—{end.month}月{end.day}日")
    elif weekday:
        pieces.append(f" 周{_WEEKDAYS[start.weekday()]}")
    return "".join(pieces)


def _md(month_day: tuple[int, int]) -> str:
    return f"{month_day[0]}月{month_day[1]}日"


def _text(text: str) -> str:
    """Plain text inside Markdown: no HTML, no link or emphasis syntax."""
    import html

    escaped = html.escape(text, quote=False)
    for char in "\\[]*_`":
        escaped = escaped.replace(char, "\\" + char)
    return escaped
