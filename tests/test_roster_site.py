"""The roster as published: only consented phones, no 清退 names, no bulk file, no search entry."""

from __future__ import annotations

import gzip
import os
import re

import pytest
from browser import chromium_path, phone_page, serve
from conftest import tree_digest

from pufa.adapter import engine
from pufa.commands.cli import main

ROSTER = """姓名,性别,乡镇（街道）,村（社区）,类别,身份职务,联系电话,同意公开电话,同意日期,状态,示例
测试同意,男,梁洼镇,东村,法律明白人,调解员,13912345678,是,2024-03-01,在册,
测试不同意,女,梁洼镇,东村,巾帼法律明白人,妇联主席,13887654321,否,,在册,
测试空同意,男,梁洼镇,西村,法律明白人,网格员,0375-5012399,,,在册,
测试清退甲,男,仓头乡,北村,法律明白人,组长,13700001111,是,2024-01-01,清退,
<script>alert(1)</script>,男,仓头乡,北村,法律明白人,[x](javascript:alert(1)),,否,,在册,
"""


def _site_text(site) -> str:
    """Every file in the built site as text, compressed ones unpacked."""
    chunks = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            chunks.append((gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace"))
    return "\n".join(chunks)


def _build(project, roster: str = ROSTER):
    (project / "data/roster.csv").write_text(roster, "utf-8")
    assert engine.build(project) == 0
    return project / "site"


def test_only_consented_phones_and_no_removed_people_reach_the_site(project):
    site = _build(project)
    text = _site_text(site)
    phones = set(re.findall(r"1[3-9]\d{9}|0375-\d{7}", ROSTER))
    assert len(phones) == 4
    assert "13912345678" in text  # 是 with a consent date
    for phone in phones - {"13912345678"}:
        assert phone not in text and phone.replace("-", "") not in text, phone
    assert "测试清退甲" not in text
    page = (site / "roster/liangwa/index.html").read_text("utf-8")
    assert '<a href="tel:13912345678">13912345678</a>' in page


def test_names_are_plain_text(project):
    site = _build(project)
    page = (site / "roster/cangtou/index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page and "[x](javascript:alert(1))" in page


def test_roster_pages_stay_out_of_search_and_there_is_no_bulk_file(project):
    site = _build(project)
    index = (site / "search/search_index.json").read_text("utf-8")
    for name in ("测试同意", "测试不同意", "测试空同意"):
        assert name not in index and name.encode("unicode_escape").decode() not in index
    holders = [p for p in site.rglob("*") if p.is_file() and "测试同意" in p.read_bytes().decode("utf-8", "replace")]
    assert [p.relative_to(site).as_posix() for p in holders] == ["roster/liangwa/index.html"]


def test_roster_index_counts_and_village_target(project):
    site = _build(project)
    html = (site / "roster/index.html").read_text("utf-8")
    assert "4488人" in html  # the county's figure from the report
    assert "本站名册收录 4 人，其中巾帼法律明白人 1 人" in html
    assert "达到的村 0 个，未达到的村 3 个" in html
    assert "示例数据" not in html  # this roster has no sample rows


def test_default_roster_is_visibly_a_sample(built_site):
    html = (built_site / "roster/index.html").read_text("utf-8")
    assert "示例数据" in html and "人名都是虚构的" in html
    page = (built_site / "roster/liangwa/index.html").read_text("utf-8")
    assert page.count('class="pufa-sample">示例<') == 4
    assert "示例人员己" not in _site_text(built_site)  # 清退 in the sample


def test_an_id_number_column_stops_the_build(project, capsys):
    site_before = tree_digest(_build(project))
    (project / "data/roster.csv").write_text(
        ROSTER.replace("状态,示例", "状态,示例,身份证号").replace(",在册,\n", ",在册,,410423199001011234\n"), "utf-8"
    )
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    assert "data/roster.csv:1: 表格中有不能公开、也不应保存在网站文件夹里的列“身份证号”" in out
    assert tree_digest(project / "site") == site_before


@pytest.mark.skipif(chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`")
def test_filter_by_village_in_the_browser(project):
    site = _build(project)
    with serve(site) as base, phone_page() as (page, _):
        page.goto(base + "roster/liangwa/", wait_until="networkidle")
        page.fill("#pufa-roster-filter", "西村")
        assert page.locator(".pufa-village[data-village='东村']").is_hidden()
        assert page.locator("li[data-name='测试空同意']").is_visible()
