"""以案释法 cases (docs/cases/): the legal basis checked against data/laws.yml, the index by
topic, links to related posts and sites, `new case`, and each kind of bad input."""

from __future__ import annotations

import argparse
import io
import re

import pytest
from conftest import tree_digest

from pufa.commands import scaffold
from pufa.commands.cli import main
from pufa.content import load_content
from pufa.kinds import cases
from pufa.model import PostDate

CASE = """---
title: 土地承包经营权纠纷经调解化解
topic: 土地承包
date: 2024-05
township: 梁洼镇
案情: 张某与李某因承包地边界发生争执。
处理结果: 经司法所调解，双方重新确认了边界。
法律依据:
  - 《中华人民共和国农村土地承包法》第五十五条
  - 《中华人民共和国人民调解法》第三十三条
source: 某某司法所调解案卷（已隐去当事人信息）
related:
  - sites/bogewu.md
  - blog/posts/2023-civil-code-month.md
---

以案释法：发生土地承包经营权纠纷，可以协商、调解，也可以申请仲裁或者起诉。
"""
BAD = "docs/cases/test.md"


def _problems(project, text):
    (project / BAD).write_text(text, "utf-8")
    return [p for p in load_content(project).problems if p.path == BAD]


def test_the_default_example_is_marked_and_checks(project):
    loaded = load_content(project)
    assert loaded.problems == []
    (example,) = loaded.content.kinds["case"]
    assert example.sample and "示例" in example.title and "示例" in example.source


def test_a_case_with_its_basis_loads(project):
    assert _problems(project, CASE) == []
    case = next(c for c in load_content(project).content.kinds["case"] if c.src_uri == "cases/test.md")
    assert case.basis == ("《中华人民共和国农村土地承包法》第五十五条", "《中华人民共和国人民调解法》第三十三条")
    assert case.related == ("sites/bogewu.md", "blog/posts/2023-civil-code-month.md")
    assert case.date == PostDate(2024, 5) and case.township == "梁洼镇" and not case.sample


BAD_CASES = [
    (
        "repealed-in-the-list",
        CASE.replace("《中华人民共和国农村土地承包法》第五十五条", "《中华人民共和国婚姻法》第三十二条"),
        ["《中华人民共和国婚姻法》已经废止，不能作为法律依据", "改引《中华人民共和国民法典》"],
    ),
    (
        "unknown-law-near-miss",
        CASE.replace("《中华人民共和国农村土地承包法》", "《农村土地承包法》"),
        ["《农村土地承包法》不在 data/laws.yml 的法律名单中", "是不是“中华人民共和国农村土地承包法”"],
    ),
    (
        "wrong-form",
        CASE.replace("《中华人民共和国人民调解法》第三十三条", "人民调解法第33条"),
        ["法律依据“人民调解法第33条”的写法不对", "《中华人民共和国民法典》第一千零七十九条"],
    ),
    ("missing-basis", CASE.replace("法律依据:\n", "依据:\n"), ["不认识的名称“依据”"]),
    ("missing-source", CASE.replace("source: 某某司法所调解案卷（已隐去当事人信息）\n", ""), ["以案释法案例缺少必填的“source”"]),
    ("unknown-topic", CASE.replace("topic: 土地承包", "topic: 土地"), ["主题（topic）不在允许的列表中", "是不是“土地承包”"]),
    (
        "related-missing",
        CASE.replace("sites/bogewu.md", "sites/nowhere.md"),
        ["找不到相关内容（related）里的文件", "sites/nowhere.md"],
    ),
    ("bad-date", CASE.replace("date: 2024-05", "date: 2024年5月"), ["日期（date）格式不对", "2024-05"]),
    ("unknown-township", CASE.replace("township: 梁洼镇", "township: 梁洼"), ["乡镇（township）“梁洼”不在", "是不是“梁洼镇”"]),
]


@pytest.mark.parametrize(("name", "text", "fragments"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_case_input(project, name, text, fragments):
    problems = _problems(project, text)
    assert problems, name
    text = "\n".join(str(p) for p in problems)
    assert all(f in text for f in fragments), text


def test_a_repealed_law_missing_from_the_list_is_still_refused(project):
    """The wording check's list of laws the 民法典 repealed backs up data/laws.yml."""
    laws = project / "data/laws.yml"
    laws.write_text(
        "\n".join(line for line in laws.read_text("utf-8").splitlines() if "合同法" not in line or "劳动" in line) + "\n", "utf-8"
    )
    problems = _problems(
        project, CASE.replace("《中华人民共和国农村土地承包法》第五十五条", "《中华人民共和国合同法》第五十二条")
    )
    (ours,) = [p for p in problems if p.message == "《中华人民共和国合同法》已经废止，不能作为法律依据"]
    assert "民法典第一千二百六十条" in ours.actual and "民法典" in ours.fix
    assert any("已废止的法律" in p.message for p in problems)  # and the wording check says it too


def test_laws_file_mistakes_are_reported(project):
    (project / "data/laws.yml").write_text("laws:\n  - {name: 中华人民共和国民法典, status: 现行}\n", "utf-8")
    problems = load_content(project).problems
    assert any(p.path == "data/laws.yml" and p.line == 2 and "状态（status）不对" in p.message for p in problems), problems


def test_a_bad_case_stops_the_build_and_keeps_the_site(built_project, capsys):
    before = tree_digest(built_project / "site")
    (built_project / BAD).write_text(CASE.replace("《中华人民共和国农村土地承包法》", "《中华人民共和国物权法》"), "utf-8")
    assert main(["--root", str(built_project), "build"]) == 1
    out = capsys.readouterr().out
    assert f"{BAD}:8: 《中华人民共和国物权法》已经废止" in out
    assert tree_digest(built_project / "site") == before


def test_case_page_index_and_links(project):
    (project / BAD).write_text(CASE, "utf-8")
    assert main(["--root", str(project), "build"]) == 0
    site = project / "site"
    page = (site / "cases/test/index.html").read_text("utf-8")
    for text in (
        "基本案情",
        "张某与李某因承包地边界发生争执。",
        "处理结果",
        "《中华人民共和国人民调解法》第三十三条",
        "案例来源",
    ):
        assert text in page, text
    assert 'href="../../sites/bogewu/"' in page and "鹁鸽吴村红色法治文化教育基地" in page
    assert 'href="../../blog/2023-civil-code-month/"' in page
    index = (site / "cases/index.html").read_text("utf-8")
    topics = re.findall(r"<h2[^>]*>([^<]+)", index)
    assert topics[:2] == ["土地承包（1 个）", "邻里纠纷（1 个）"], topics  # in the order of cases.TOPICS
    assert "（示例）" in index and 'href="test/"' in index
    assert 'href="cases/"' in (site / "index.html").read_text("utf-8")  # in the navigation without an edit of mkdocs.yml


def test_editor_text_is_escaped_on_the_page(project):
    (project / BAD).write_text(CASE.replace("张某与李某因承包地边界发生争执。", "张某写了 <b>粗体</b> 和 [链接](x)"), "utf-8")
    content = load_content(project).content
    case = next(c for c in content.kinds["case"] if c.src_uri == "cases/test.md")
    markdown = cases.render_case(case, case.body, content, "")
    assert "&lt;b&gt;粗体&lt;/b&gt;" in markdown and "\\[链接\\](x)" in markdown


def test_new_case_writes_a_page_that_check_explains(project):
    parser = argparse.ArgumentParser()
    scaffold.add_arguments(parser)
    argv = ["case", "--title", "拖欠工资经调解支付", "--topic", "劳动争议", "--date", "2024-06", "--township", "全县"]
    out = io.StringIO()
    assert scaffold.run(project, parser.parse_args([*argv, "--file", "wages", "--yes"]), stdout=out) == 0, out.getvalue()
    path = project / "docs/cases/wages.md"
    assert "案情、处理结果、法律依据和出处（source）还是空的" in out.getvalue()
    # Until the editor writes the facts of a real case, `check` asks for them, one line each.
    problems = load_content(project).problems
    missing = ["案情", "处理结果", "法律依据", "source"]
    assert [p.message for p in problems] == [f"以案释法案例缺少必填的“{key}”" for key in missing], problems
    text = path.read_text("utf-8").replace(
        "#  - 《中华人民共和国民法典》第一千零七十九条", "  - 《中华人民共和国劳动合同法》第三十条"
    )
    for key in ("案情", "处理结果", "source"):
        text = text.replace(f'{key}: ""', f"{key}: 已填写")
    path.write_text(text, "utf-8")
    assert load_content(project).problems == []
    assert (
        scaffold.run(project, parser.parse_args([*argv, "--file", "wages", "--yes"]), stdout=io.StringIO()) == 1
    )  # never overwrites


@pytest.mark.parametrize(("width", "height"), [(360, 800), (1280, 900)], ids=["phone", "desktop"])
def test_no_axe_violations(built_site, width, height):
    import os

    from browser import chromium_path, phone_page, serve
    from test_accessibility import AXE, RULES

    if (chromium_path() is None or not AXE.is_file()) and not os.environ.get("CI"):
        pytest.skip("chromium and axe-core are installed by `make test`")
    found = []
    with serve(built_site) as base, phone_page(width, height) as (page, _):
        for path in ("cases/", "cases/sample-neighbours/"):
            page.goto(base + path, wait_until="networkidle")
            page.add_script_tag(content=AXE.read_text("utf-8"))
            result = page.evaluate(f"axe.run(document, {RULES})")
            found += [(path, v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert found == []
