"""The 普法 calendar, published dates and freshness: the home page shows the next two 普法 days,
`check` reminds about a coming day without a post and about a stale home page. Every test sets
its own "today": nothing depends on the real date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import POST

from pufa.commands.cli import main
from pufa.content import load_content
from pufa.problems import WARNING
from pufa.workflow import observances

POST_PATH = "docs/blog/posts/calendar-test.md"


def _post(project, front: str = "", date: str = "2026-04", name: str = "calendar-test") -> None:
    text = POST.replace("date: 2023-05", f"date: {date}").replace("---\n\n正文", f"{front}---\n\n正文")
    (project / f"docs/blog/posts/{name}.md").write_text(text, "utf-8")


def _settings(project, **values) -> None:
    config = project / "mkdocs.yml"
    lines = "".join(f"    {key}: {value}\n" for key, value in values.items())
    config.write_text(config.read_text("utf-8").replace("extra:\n", f"extra:\n  pufa:\n{lines}", 1), "utf-8")


def _reminders(project, today: dt.date) -> list[str]:
    return [p.message for p in load_content(project, today=today).warnings if p.path == "data/calendar.yml"]


def test_the_default_calendar_has_each_day_with_its_basis(project):
    days = {d.name: d for d in load_content(project).content.calendar}
    assert (
        days["全民国家安全教育日"].start == (4, 15)
        and "国家安全法" in days["全民国家安全教育日"].basis
        and "第十四条" in days["全民国家安全教育日"].basis
    )
    assert days["民法典宣传月"].start == (5, 1) and days["民法典宣传月"].end == (5, 31)
    assert days["国际禁毒日"].start == (6, 26)
    assert days["国际消费者权益日"].start == (3, 15)
    assert days["国家宪法日"].start == (12, 4) and "2014年11月1日" in days["国家宪法日"].basis
    assert days["宪法宣传周"].start == (12, 1) and days["宪法宣传周"].end == (12, 7)
    assert all(d.topic and d.basis for d in days.values())


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-04-10", ["全民国家安全教育日", "民法典宣传月"]),
        ("2026-05-20", ["民法典宣传月", "国际禁毒日"]),  # under way: still shown
        ("2026-12-03", ["宪法宣传周", "国家宪法日"]),
        ("2026-12-20", ["国际消费者权益日", "全民国家安全教育日"]),  # next year's
    ],
)
def test_the_next_two_days_from_any_today(project, today, expected):
    content = load_content(project, today=dt.date.fromisoformat(today)).content
    assert [day.name for day, _, _ in observances.upcoming(content.calendar, content.today)] == expected


def test_the_home_page_shows_the_next_two_days(project, monkeypatch):
    monkeypatch.setenv("PUFA_TODAY", "2026-12-20")
    assert main(["--root", str(project), "build"]) == 0
    html = (project / "site/index.html").read_text("utf-8")
    section = html.split('id="近期普法日"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert len(items) == 2
    assert '<time datetime="2027-03-15">2027年3月15日 周一</time> 国际消费者权益日' in items[0]
    assert '<time datetime="2027-04-15">2027年4月15日 周四</time> 全民国家安全教育日' in items[1]
    assert "依据：《中华人民共和国国家安全法》（2015年）第十四条" in items[1] and "宣传重点：" in items[1]


def test_the_home_page_links_a_post_written_for_the_day(project, monkeypatch):
    monkeypatch.setenv("PUFA_TODAY", "2026-04-20")
    _post(project, "calendar: 民法典宣传月\n", date="2026-05")
    assert main(["--root", str(project), "build"]) == 0
    html = (project / "site/index.html").read_text("utf-8")
    section = html.split('id="近期普法日"', 1)[1].split("</ul>", 1)[0]
    assert 'href="blog/calendar-test/">相关文章</a>' in section


def test_a_coming_day_without_a_post_is_reminded_and_a_tagged_post_stops_it(project, capsys, monkeypatch):
    assert _reminders(project, dt.date(2026, 4, 10)) == ["5 天后（4月15日）是全民国家安全教育日，还没有为它写的文章"]
    assert _reminders(project, dt.date(2026, 3, 31)) == []  # 15 days ahead: not yet
    assert _reminders(project, dt.date(2026, 4, 15)) == ["今天（4月15日）是全民国家安全教育日，还没有为它写的文章"]
    assert _reminders(project, dt.date(2026, 5, 3)) == ["民法典宣传月（5月1日—5月31日）正在进行，还没有为它写的文章"]
    _post(project, "calendar: 全民国家安全教育日\n")
    assert _reminders(project, dt.date(2026, 4, 10)) == []
    # A post of another year does not prepare this year's day; a draft does.
    assert _reminders(project, dt.date(2027, 4, 10)) == ["5 天后（4月15日）是全民国家安全教育日，还没有为它写的文章"]
    _post(project, "calendar: 全民国家安全教育日\ndraft: true\n", date="2027-04", name="calendar-draft")
    assert _reminders(project, dt.date(2027, 4, 10)) == []
    # check prints it the same way as build, and it stops nothing.
    monkeypatch.setenv("PUFA_TODAY", "2026-06-20")
    assert main(["--root", str(project), "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("检查通过")
    assert re.search(
        r"data/calendar\.yml:\d+: 提醒：6 天后（6月26日）是国际禁毒日，还没有为它写的文章（如何修改：写一篇普法活动文章，前置信息里加一行 calendar: 国际禁毒日；",
        out,
    )


def test_the_reminder_window_is_configurable(project):
    _settings(project, remind_days=3)
    assert _reminders(project, dt.date(2026, 4, 10)) == []
    assert _reminders(project, dt.date(2026, 4, 12)) == ["3 天后（4月15日）是全民国家安全教育日，还没有为它写的文章"]
    text = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(text.replace("remind_days: 3", "remind_days: 0"), "utf-8")
    assert _reminders(project, dt.date(2026, 4, 15)) == []  # 0: never


def test_a_post_names_a_day_of_the_calendar(project):
    _post(project, "calendar: [国家安全教育日]\n")
    problems = [p for p in load_content(project).problems if p.path == POST_PATH]
    assert [p.message for p in problems] == ["普法日（calendar）不在 data/calendar.yml 的名单中"]
    assert "是不是“全民国家安全教育日”" in problems[0].fix


def test_calendar_mistakes_are_explained(project):
    (project / "data/calendar.yml").write_text(
        "days:\n"
        "  - {name: 甲日, date: 4月15日, topic: 甲, basis: 甲法}\n"  # 4月15日 is accepted
        "  - {name: 乙日, date: 13-01, topic: 乙, basis: 乙法}\n"
        '  - {name: 丙日, date: "05-31", end: "05-01", topic: 丙, basis: 丙法}\n'
        '  - {name: 丁日, date: "06-01", topic: 丁}\n'
        '  - {name: 甲日, date: "07-01", topic: 甲, basis: 甲法}\n',
        "utf-8",
    )
    loaded = load_content(project)
    problems = {(p.line, p.message) for p in loaded.problems if p.path == "data/calendar.yml"}
    assert problems == {
        (3, "普法日“乙日”的日期（date）格式不对"),
        (4, "普法日“丙日”的结束日期（end）早于开始日期（date）"),
        (5, "普法日“丁日”缺少 basis"),
        (6, "普法日“甲日”写了两次"),
    }
    assert [d.start for d in loaded.content.calendar] == [(4, 15)]


# --- published dates and freshness ------------------------------------------------------------


def test_freshness_reminds_when_the_newest_published_date_is_over_14_days_old(project, capsys):
    _post(project, "published: 2026-01-20\n")
    _post(project, "published: 2026-01-05\n", name="calendar-older")
    stale = [p for p in load_content(project, today=dt.date(2026, 2, 10)).warnings if "没有发布新文章" in p.message]
    assert [(p.path, p.line, p.message, p.severity) for p in stale] == [
        (POST_PATH, 8, "网站已经 21 天没有发布新文章（最新一篇的发布日期是 2026-01-20）", WARNING)
    ]
    assert not [
        p for p in load_content(project, today=dt.date(2026, 2, 3)).warnings if "没有发布新文章" in p.message
    ]  # 14 days: fine
    # build prints it after the result, like check, and goes on.
    assert main(["--root", str(project), "build"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("网站已生成")
    assert (
        f"{POST_PATH}:8: 提醒：网站已经 21 天没有发布新文章（最新一篇的发布日期是 2026-01-20）（期望至少每 14 天发布一篇；政府网站首页两周不更新属于单项否决"
        in out
    )
    assert main(["--root", str(project), "check"]) == 0
    assert "提醒：网站已经 21 天没有发布新文章" in capsys.readouterr().out


def test_freshness_days_are_configurable_and_zero_switches_it_off(project):
    _post(project, "published: 2026-01-20\n")
    _settings(project, fresh_days=30)
    assert not [p for p in load_content(project, today=dt.date(2026, 2, 10)).warnings if "没有发布新文章" in p.message]
    text = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(text.replace("fresh_days: 30", "fresh_days: 0"), "utf-8")
    assert not [p for p in load_content(project, today=dt.date(2027, 1, 1)).warnings if "没有发布新文章" in p.message]
    (project / "mkdocs.yml").write_text(text.replace("fresh_days: 30", "fresh_days: 两周"), "utf-8")
    assert [p.message for p in load_content(project).problems if p.path == "mkdocs.yml"] == ["fresh_days 应是天数"]


def test_drafts_and_posts_without_a_published_date_do_not_count(project):
    _post(project, "published: 2026-02-09\ndraft: true\n")
    _post(project, "published: 2026-01-01\n", name="calendar-older")
    stale = [p.message for p in load_content(project, today=dt.date(2026, 2, 10)).warnings if "没有发布新文章" in p.message]
    assert stale == ["网站已经 40 天没有发布新文章（最新一篇的发布日期是 2026-01-01）"]


def test_published_dates_are_checked_and_shown_on_the_post(project):
    _post(project, "published: 2026-05\n")
    assert [p.message for p in load_content(project).problems if p.path == POST_PATH] == ["发布日期（published）格式不对"]
    _post(project, "published: 2026-02-30\n")
    assert [p.message for p in load_content(project).problems if p.path == POST_PATH] == ["日期“2026-02-30”不存在"]
    _post(project, "published: 2026-03-01\n")
    assert [p.message for p in load_content(project, today=dt.date(2026, 2, 10)).warnings if p.path == POST_PATH] == [
        "发布日期（published）在今天之后"
    ]
    _post(project, "published: 2026-02-09\n")
    assert main(["--root", str(project), "build"]) == 0
    html = (project / "site/blog/calendar-test/index.html").read_text("utf-8")
    assert '<time datetime="2026-04">2026年4月</time>' in html  # the event, as precise as known
    assert '发布于 <time datetime="2026-02-09">2026年2月9日</time>' in html
