"""Typed fields: dates only as precise as known, figures as whole numbers."""

import datetime as dt

import pytest

from pufa.model import Figure, PostDate
from pufa.schema import parse_date, parse_figure


@pytest.mark.parametrize(
    ("value", "text", "iso"),
    [
        (2023, "2023年", "2023"),
        ("2023-10", "2023年10月", "2023-10"),
        ("2023-3-3", "2023年3月3日", "2023-03-03"),
        (dt.date(2023, 3, 3), "2023年3月3日", "2023-03-03"),
    ],
)
def test_dates_keep_their_precision(value, text, iso):
    date, _ = parse_date(value)
    assert date.text() == text and date.iso() == iso


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("2023年3月3日", "2023-03-03"),
        ("2023/3/3", "2023-03-03"),
        ("2023.10", "2023-10"),
        ("2023-13", ""),
        ("三月", ""),
        (True, ""),
    ],
)
def test_wrong_dates_are_refused_with_a_suggestion(value, hint):
    date, suggestion = parse_date(value)
    assert date is None and suggestion == hint


def test_sort_key_is_the_start_of_the_period():
    assert PostDate(2023).sort_key() == dt.date(2023, 1, 1)
    assert PostDate(2023, 10).sort_key() == dt.date(2023, 10, 1)


@pytest.mark.parametrize(
    ("value", "figure"),
    [(26, Figure(26)), ("30000+", Figure(30000, True)), (0, Figure(0))],
)
def test_figures(value, figure):
    assert parse_figure(value) == (figure, "")


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("3万", "不要写“万”，写成 30000"),
        ("3万余", '“余”写成 "30000+"'),
        ("1200余", '写成 "1200+"'),
        (-5, "不能是负数"),
        (2.5, "写整数，如 2"),
        ("12", "写成 12（不加引号）"),
        ("很多", ""),
        ("26场", "不要写单位，写成 26"),
        ("1200余人次", '不要写单位，写成 "1200+"'),
    ],
)
def test_bad_figures_get_the_right_form(value, hint):
    figure, suggestion = parse_figure(value)
    assert figure is None and hint in suggestion


@pytest.mark.parametrize(
    ("figure", "text"),
    [(Figure(30000, True), "3万余"), (Figure(2400, True), "2400余"), (Figure(42), "42"), (Figure(100000, True), "10万余")],
)
def test_figure_text_matches_how_reports_write_it(figure, text):
    assert figure.text() == text


@pytest.mark.parametrize("title", ["梁洼镇", "普法: 进社区", "第 #1 期", "'引号'", '"双引号"', "yes", "2023-05", "- 列表"])
def test_generated_front_matter_keeps_any_title_as_one_text(title):
    import yaml

    from pufa.pages.render import front_matter

    text = front_matter({"title": title, "search": {"exclude": True}})
    assert text.startswith("---\n") and text.endswith("---\n")
    assert yaml.safe_load(text.strip("-\n")) == {"title": title, "search": {"exclude": True}}
