"""Hotlines and the 司法所 directory: tap-to-call everywhere, numbers only as the data gives them."""

from __future__ import annotations

import re

import pytest

from pufa.commands.cli import main

NATIONAL = ("12348", "110", "12345", "96110", "12338", "12355", "12315", "12333", "12309", "12368")


def test_hotline_page_has_a_tap_to_call_button_for_every_national_number(built_site):
    html = (built_site / "services/hotlines/index.html").read_text("utf-8")
    for number in NATIONAL:
        assert f'href="tel:{number}"' in html, number
    assert html.count('class="pufa-call"') == len(NATIONAL)
    for group in ("法律服务", "紧急求助", "政务服务", "维权"):
        assert f">{group}<" in html or f">{group}</h2>" in html or group in html


def test_every_page_has_the_12348_call_link_in_its_header(built_site):
    pages = list(built_site.rglob("*.html"))
    pages = [p for p in pages if "/p/" not in p.as_posix()]  # short-link stubs only redirect
    assert len(pages) > 30
    for page in pages:
        header = re.search(r"<header.*?</header>", page.read_text("utf-8"), re.S).group(0)
        assert 'href="tel:12348"' in header and 'aria-label="拨打公共法律服务热线 12348"' in header, page


def test_justice_office_directory_marks_unknown_numbers(built_site):
    html = (built_site / "services/index.html").read_text("utf-8")
    assert "张官营司法所" in html and "第一批五星规范化司法所" in html
    assert html.count("待补充") >= 12
    assert "其余 13 个的名称和电话待补充" in html
    # No phone numbers other than the national lines appear on the services pages.
    numbers = set(re.findall(r'href="tel:([^"]+)"', html))
    assert numbers <= set(NATIONAL), numbers


HOTLINE = """hotlines:
  - name: 公共法律服务热线
    number: "12348"
    group: 法律服务
    owner: 司法行政机关
    scope: 法律咨询
    hours: 以当地公布为准
    verified: ""
"""

CASES = [
    ("number-without-quotes", HOTLINE.replace('"12348"', "12348"), "data/hotlines.yml:3:", "号码没有加引号"),
    ("landline-as-octal", HOTLINE.replace('"12348"', "03752012345"), "data/hotlines.yml:3:", "以 0 开头的号码会丢掉 0"),
    ("bad-number", HOTLINE.replace('"12348"', '"12348转1"'), "data/hotlines.yml:3:", "号码格式不对"),
    (
        "unknown-group",
        HOTLINE.replace("group: 法律服务", "group: 法律"),
        "data/hotlines.yml:4:",
        "热线分组（group）不在允许的列表中",
    ),
    (
        "bad-verified-date",
        HOTLINE.replace('verified: ""', "verified: 去年"),
        "data/hotlines.yml:8:",
        "核实日期（verified）格式不对",
    ),
    ("duplicate", HOTLINE + HOTLINE.replace("hotlines:\n", ""), "data/hotlines.yml:10:", "号码 12348 写了两次"),
]


@pytest.mark.parametrize(("name", "text", "where", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_hotlines(project, capsys, name, text, where, message):
    (project / "data/hotlines.yml").write_text(text, "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert any(line.startswith(where) and message in line for line in out.splitlines()), out


def test_office_phone_without_quotes(project, capsys):
    path = project / "data/service-points.yml"
    path.write_text(
        path.read_text("utf-8").replace(
            'township: 张官营镇, five_star: 第一批五星规范化司法所（已通过省厅实地验收）, phone: ""',
            "township: 张官营镇, five_star: 第一批, phone: 03752012345",
        ),
        "utf-8",
    )
    assert main(["--root", str(project), "check"]) == 1
    assert "data/service-points.yml:13: 号码没有加引号" in capsys.readouterr().out
