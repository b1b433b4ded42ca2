"""The default content is Lushan's own: every figure on the site is traceable to the 2023 report."""

from __future__ import annotations

import os
import re

import pytest
from conftest import REPO, REPORT

from pufa.content import load_content

# Skipped only outside CI (a county reusing pufa has no ../shared); CI has it beside the clone.
pytestmark = pytest.mark.skipif(
    not REPORT.is_file() and not os.environ.get("CI"), reason="needs ../shared/seed/lushan-2023-report.txt beside the repo"
)


@pytest.fixture(scope="module")
def report() -> str:
    return REPORT.read_text("utf-8")


@pytest.fixture(scope="module")
def content():
    loaded = load_content(REPO)
    assert loaded.problems == []
    return loaded.content


def _number_in(text: str, value: int) -> bool:
    """The report writes 30000 as 3万 and 100000 as 10万."""
    forms = {str(value)}
    if value >= 10000 and value % 10000 == 0:
        forms.add(f"{value // 10000}万")
    return any(re.search(rf"(?<!\d){re.escape(form)}(?!\d)", text) for form in forms)


def test_at_least_ten_campaigns(content):
    assert len(content.posts) >= 10
    titles = " ".join(p.title for p in content.posts)
    for campaign in (
        "民法典",
        "文艺轻骑兵",
        "春风行动",
        "酥梨",
        "法润百企",
        "坠子",
        "法治副校长",
        "法治杯",
        "鲁山大讲堂",
        "法律明白人",
        "未来乡村议事厅",
    ):
        assert campaign in titles, campaign


def test_every_post_quotes_the_report_verbatim(content, report):
    for post in content.posts:
        assert post.source, post.rel
        assert post.source in report, post.rel


def test_every_post_figure_is_in_its_quote(content):
    for post in content.posts:
        for key, figure in post.figures:
            if figure.value == 40000:  # 宣传页3万余份 + 读本1万余本, stated in the post body
                assert "3万余份" in post.source and "1万余本" in post.source
                continue
            assert _number_in(post.source, figure.value), (post.rel, key, figure)
            # "N余" in the report is "N+" in the data, and the other way round.
            if figure.approx:
                assert re.search(rf"{figure.text()[:-1]}余", post.source), (post.rel, key)


def test_every_reported_figure_is_quoted_verbatim(content, report):
    assert content.reported and len(content.reported.figures) >= 8
    for item in content.reported.figures:
        assert item.quote in report, item.label
        assert _number_in(item.quote, item.figure.value), item.label


def test_dates_are_only_as_precise_as_the_report(content, report):
    for post in content.posts:
        if post.date.day:
            assert f"{post.date.month}月{post.date.day}日" in report, post.rel
        elif post.date.month:
            assert f"{post.date.month}月" in report, post.rel


def test_townships_named_in_the_report_are_marked_verified(content, report):
    for township in content.townships:
        short = re.sub(r"(镇|乡|街道|办事处)$", "", township.name)
        if township.verified:
            assert township.name in report, township.name
        assert short, township.name
    assert len(content.townships) in (24, 25)
    assert content.villages_reported == 555 and "555个行政村" in report


def test_home_page_shows_the_reported_figures(built_site):
    html = (built_site / "index.html").read_text("utf-8")
    for figure in ("280余", "90余", "4488", "42", "1265", "1073", "17250余"):
        assert f"<strong>{figure}<small>" in html, figure
    assert "《鲁山县司法局关于2023年法治政府建设情况的报告》" in html
