"""普法责任清单 (data/responsibility.yml): the table page, its filter by law under the page CSP,
no mobile numbers, the laws checked against data/laws.yml, and each kind of bad input."""

from __future__ import annotations

import os
import re

import pytest
from browser import chromium_path, phone_page, serve
from conftest import tree_digest

from pufa.commands.cli import main
from pufa.content import load_content

FILE = "data/responsibility.yml"
LIST = """departments:
  - department: 测试县司法局
    laws: [中华人民共和国宪法, 中华人民共和国人民调解法]
    audiences: [村（社区）群众]
    tasks: [宪法宣传周集中宣传]
    contact: {unit: 普法股, phone: "0375-5012348", address: 县城某路1号}
  - department: 测试县人社局
    laws: [中华人民共和国劳动合同法]
    audiences: [农民工, 用人单位]
    tasks: [<b>春风行动</b>法律咨询]
    contact: {unit: 待补充, phone: 待补充}
"""


def _problems(project, text):
    (project / FILE).write_text(text, "utf-8")
    return [p for p in load_content(project).problems if p.path == FILE]


def test_the_default_list_is_marked_as_a_sample_without_phone_numbers(project):
    loaded = load_content(project)
    assert loaded.problems == []
    duties = loaded.content.kinds["responsibility"]
    assert duties and all(d.sample and d.phone == "" for d in duties)
    assert "待补充" in (project / FILE).read_text("utf-8")


BAD = [
    ("mobile", LIST.replace('"0375-5012348"', '"13812345678"'), ["这里不能写手机号码", "单位的固定电话"]),
    ("unquoted-phone", LIST.replace('"0375-5012348"', "5012348"), ["号码没有加引号"]),
    (
        "repealed-law",
        LIST.replace("中华人民共和国劳动合同法", "中华人民共和国合同法"),
        ["《中华人民共和国合同法》已经废止，不能列为负责宣传的法律", "改成《中华人民共和国民法典》"],
    ),
    (
        "unknown-law",
        LIST.replace("中华人民共和国宪法", "宪法"),
        ["《宪法》不在 data/laws.yml 的法律名单中", "中华人民共和国宪法"],
    ),
    ("missing-tasks", LIST.replace("    tasks: [宪法宣传周集中宣传]\n", ""), ["缺少年度任务（tasks）"]),
    ("unknown-key", LIST.replace("audiences:", "audience:", 1), ["不认识的名称“audience”", "audiences"]),
    ("twice", LIST.replace("测试县人社局", "测试县司法局"), ["“测试县司法局”写了两次"]),
]


@pytest.mark.parametrize(("name", "text", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_bad_list_input(project, name, text, fragments):
    problems = _problems(project, text)
    joined = "\n".join(str(p) for p in problems)
    assert problems and all(f in joined for f in fragments), joined
    assert all(p.line for p in problems)


def test_a_mobile_number_stops_the_build_and_never_reaches_the_site(built_project, capsys):
    before = tree_digest(built_project / "site")
    (built_project / FILE).write_text(LIST.replace('"0375-5012348"', '"13812345678"'), "utf-8")
    assert main(["--root", str(built_project), "build"]) == 1
    assert f"{FILE}:6: 这里不能写手机号码" in capsys.readouterr().out
    assert tree_digest(built_project / "site") == before


def test_the_table_page(project):
    (project / FILE).write_text(LIST, "utf-8")
    assert main(["--root", str(project), "build"]) == 0
    html = (project / "site/responsibility/index.html").read_text("utf-8")
    rows = re.findall(r'<tr data-pufa-tags="([^"]*)">', html)
    assert rows == ["|中华人民共和国宪法|中华人民共和国人民调解法|", "|中华人民共和国劳动合同法|"]
    assert '<a href="tel:0375-5012348">0375-5012348</a>' in html and "电话待补充" in html
    assert "&lt;b&gt;春风行动&lt;/b&gt;" in html and "<b>春风行动" not in html  # typed text stays text
    options = re.findall(r'<option value="([^"]*)">', html)
    assert options == ["", "中华人民共和国人民调解法", "中华人民共和国劳动合同法", "中华人民共和国宪法"]
    assert "示例（待核实）" not in html  # only a list with samples says so
    assert 'href="responsibility/"' in (project / "site/index.html").read_text("utf-8")  # in the navigation


@pytest.mark.skipif(chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`")
def test_filter_by_law_and_search_in_the_browser(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(base + "responsibility/", wait_until="networkidle")
        rows = page.locator("#pufa-duties tbody tr")
        total = rows.count()
        assert total >= 3 and page.is_visible("#pufa-duties-law")
        page.select_option("#pufa-duties-law", "中华人民共和国劳动合同法")
        visible = page.locator("#pufa-duties tbody tr:not([hidden])")
        assert visible.count() == 1 and "人力资源和社会保障局" in visible.inner_text()
        assert page.inner_text(".pufa-filter-count") == f"显示 1 项，共 {total} 项"
        page.select_option("#pufa-duties-law", "")
        page.fill("#pufa-duties-text", "青少年")  # no department lists it: nothing shown, and it says so
        assert visible.count() == 0 and page.inner_text(".pufa-filter-count") == f"显示 0 项，共 {total} 项"
        page.fill("#pufa-duties-text", "驾驶人")
        assert visible.count() == 1 and "公安局" in visible.inner_text()
        assert problems == []  # nothing refused by the page's Content-Security-Policy


@pytest.mark.skipif(chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`")
def test_without_javascript_the_filter_is_hidden_and_every_row_shows(built_site):
    from browser import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with serve(built_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(java_script_enabled=False, viewport={"width": 360, "height": 800})
        page.goto(base + "responsibility/")
        assert page.locator(".pufa-filters").is_hidden()
        assert page.locator("#pufa-duties tbody tr").first.is_visible()
        browser.close()


@pytest.mark.parametrize(("width", "height"), [(360, 800), (1280, 900)], ids=["phone", "desktop"])
def test_no_axe_violations(built_site, width, height):
    from test_accessibility import AXE, RULES

    if not AXE.is_file() and not os.environ.get("CI"):
        pytest.skip("axe-core is installed by `make test`")
    with serve(built_site) as base, phone_page(width, height) as (page, _):
        page.goto(base + "responsibility/", wait_until="networkidle")
        page.select_option("#pufa-duties-law", "中华人民共和国宪法")  # and with the filter in use
        page.add_script_tag(content=AXE.read_text("utf-8"))
        result = page.evaluate(f"axe.run(document, {RULES})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
