"""Wording check (错敏词): a serious error stops the build with site/ unchanged, a warning prints,
a page's allowed historical mention passes and is reported as allowed, the bureau's list extends
and adjusts the built-in one."""

from __future__ import annotations

import re

from conftest import POST, tree_digest

from pufa.commands.cli import main
from pufa.content import load_content
from pufa.problems import ERROR, NOTE, WARNING
from pufa.workflow import wording
from pufa.workflow.wording import BUILTIN, Entry, Matcher

POST_PATH = "docs/blog/posts/wording-test.md"


def _post(project, body: str, front: str = "") -> None:
    text = POST.replace("---\n\n正文第一段。", f"{front}---\n\n正文第一段。\n\n{body}")
    (project / POST_PATH).write_text(text, "utf-8")


def _found(text: str) -> list[str]:
    return [entry.wrong for _, entry in Matcher(BUILTIN).find(text)]


def test_builtin_list_has_the_civil_code_repeals_each_with_its_replacement_and_source():
    repealed = {e.wrong: e for e in BUILTIN if e.kind == wording.REPEALED}
    for law in ("婚姻法", "继承法", "民法通则", "收养法", "担保法", "合同法", "物权法", "侵权责任法", "民法总则"):
        entry = repealed[law]
        assert entry.severity == ERROR and "民法典" in entry.right and "第一千二百六十条" in entry.note, entry
    # Other repealed laws, each with the law that replaced it.
    assert "食品安全法" in repealed["食品卫生法"].right and "治安管理处罚法" in repealed["治安管理处罚条例"].right
    # Every entry has a right form; names and terms are never warnings only when they are names.
    assert all(e.right and e.note for e in BUILTIN)
    assert all(e.severity == ERROR for e in BUILTIN if e.kind == wording.NAME)
    assert len({e.wrong for e in BUILTIN}) == len(BUILTIN)


def test_matching_respects_exceptions_and_prefers_the_longer_name():
    assert _found("依照《中华人民共和国合同法》第五十二条") == ["合同法"]
    assert _found("《中华人民共和国劳动合同法》第八十二条") == []  # in force
    assert _found("物权法定原则；婚姻法律咨询；婚姻法学") == []
    assert _found("原《经济合同法》已经废止") == ["经济合同法"]  # not also 合同法
    assert _found("学习近乎停滞；扫黑险恶；中华人民共合国") == ["扫黑险恶", "中华人民共合国"]
    assert _found("没有问题的一段话。" * 100) == []


def test_every_hit_has_file_line_and_the_right_form(project, capsys):
    _post(project, "第三段。\n\n依照婚姻法规定，夫妻有相互扶养的义务。开展扫黑险恶专项斗争。")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    line = 14  # the post's last line
    assert f"{POST_PATH}:{line}: 引用了已废止的法律：“婚姻法”（应为《中华人民共和国民法典》第五编“婚姻家庭”；" in out
    assert f"{POST_PATH}:{line}: 用词错误：“扫黑险恶”（应为“扫黑除恶”；规范用语错误）" in out
    assert "wording_allow: [婚姻法]" in out  # how to allow a historical mention


def test_a_severe_hit_stops_the_build_and_keeps_the_last_good_site(built_project, capsys):
    before = tree_digest(built_project / "site")
    title = POST.replace("title: 测试活动", "title: 中华人民共合国宪法宣传")
    (built_project / POST_PATH).write_text(title, "utf-8")
    assert main(["--root", str(built_project), "build"]) == 1
    out = capsys.readouterr().out
    assert f"{POST_PATH}:2: 用词错误：“中华人民共合国”（应为“中华人民共和国”；国名错误）" in out
    assert "网站没有更新" in out
    assert tree_digest(built_project / "site") == before


def test_a_warning_prints_and_the_build_goes_on(project, capsys):
    _post(project, "公司的法人代表到场。")
    assert main(["--root", str(project), "build"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("网站已生成")
    assert f"{POST_PATH}:12: 提醒：用词可能不规范：“法人代表”（应为法定代表人；法律用语：民法典第六十一条称“法定代表人”）" in out
    assert "另有 1 条提醒，不影响生成" in out
    assert (project / "site/blog/wording-test/index.html").is_file()


def test_an_allowed_historical_mention_passes_and_is_reported_as_allowed(project, capsys):
    _post(project, "民法典施行后，婚姻法同时废止。", front="wording_allow: [婚姻法]\n")
    assert main(["--root", str(project), "build"]) == 0
    out = capsys.readouterr().out
    assert re.search(
        rf"{POST_PATH}:\d+: 说明：“婚姻法”是历史提及，已放行（应为《中华人民共和国民法典》第五编“婚姻家庭”；本文前置信息 wording_allow 写明这里不改）",
        out,
    ), out
    assert "1 条说明" in out
    html = (project / "site/blog/wording-test/index.html").read_text("utf-8")
    assert "婚姻法同时废止" in html
    # The allowance covers only the words it names.
    _post(project, "民法典施行后，婚姻法、继承法同时废止。", front="wording_allow: [婚姻法]\n")
    assert main(["--root", str(project), "check"]) == 1
    assert "引用了已废止的法律：“继承法”" in capsys.readouterr().out


def test_allowances_that_do_not_apply_are_reported(project):
    _post(project, "本文不提任何法律。", front="wording_allow: [婚姻法, 不存在的词]\n")
    loaded = load_content(project)
    errors = [p.message for p in loaded.problems]
    assert "wording_allow 里的“不存在的词”不在用词检查的名单中" in errors
    assert any(p.severity == WARNING and "“婚姻法”在本文中没有出现" in p.message for p in loaded.warnings)


def test_data_files_that_reach_the_site_are_checked_too(project):
    path = project / "data/calendar.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("topic: 宪法；宪法宣誓制度", "topic: 宪法；社会主意核心价值观"), "utf-8")
    line = next(i for i, row in enumerate(path.read_text("utf-8").split("\n"), 1) if "社会主意" in row)
    problems = load_content(project).problems
    assert [(p.path, p.line) for p in problems if "社会主意" in p.message] == [("data/calendar.yml", line)]


def test_the_bureaus_list_extends_adjusts_and_switches_off(project):
    (project / "data/wording.yml").write_text(
        "words:\n"
        "  - {wrong: 鲁山县司发局, right: 鲁山县司法局, severity: error, note: 本单位名称}\n"
        "  - {wrong: 法人代表, severity: error}\n"  # a built-in warning made an error
        "  - {wrong: 嫌疑犯, severity: off}\n"  # a built-in entry switched off
        "  - {wrong: 明白卡, right: 法律明白卡, severity: warning, except: [便民明白卡]}\n",
        "utf-8",
    )
    _post(project, "鲁山县司发局的法人代表和嫌疑犯。发放明白卡和便民明白卡。")
    loaded = load_content(project)
    errors = {p.message for p in loaded.problems}
    warnings = {p.message for p in loaded.warnings}
    assert "用词错误：“鲁山县司发局”" in errors and "用词错误：“法人代表”" in errors
    assert not any("嫌疑犯" in m for m in errors | warnings), errors | warnings
    assert [m for m in warnings if "明白卡" in m] == ["用词可能不规范：“明白卡”"]  # 便民明白卡 is an exception


def test_mistakes_in_the_bureaus_list_are_reported_with_lines(project):
    (project / "data/wording.yml").write_text(
        "words:\n"
        "  - {wrong: 甲, right: 乙, severity: 很严重}\n"
        "  - {wrong: 丙}\n"
        "  - {wrong: 不在名单, severity: off}\n"
        "  - {wrong: 丁, right: 戊, except: [别的词]}\n"
        "  - {wrong: 甲, right: 乙}\n",
        "utf-8",
    )
    problems = {(p.line, p.message) for p in load_content(project).problems if p.path == "data/wording.yml"}
    assert problems == {
        (2, "“甲”的严重程度（severity）不对"),
        (3, "“丙”缺少正确的写法（right）"),
        (4, "要关闭的“不在名单”不在内置名单中"),
        (5, "“丁”的例外（except）不对"),
        (6, "“甲”写了两次"),
    }


def test_the_default_content_is_clean():
    from conftest import REPO

    loaded = load_content(REPO)
    assert [p for p in loaded.problems if "用词" in p.message or "废止" in p.message] == []
    assert [p for p in loaded.warnings if p.severity in (WARNING, NOTE)] == []


def test_a_large_list_still_finds_every_hit_in_one_pass():
    # A vendor's list of thousands of words must not change what is found.
    extra = tuple(Entry(f"测试错词{i:05d}", f"正确{i}", ERROR) for i in range(5000))
    matcher = Matcher(BUILTIN + extra)
    text = "前文。" * 2000 + "测试错词04999和扫黑险恶" + "后文。" * 2000
    assert [e.wrong for _, e in matcher.find(text)] == ["测试错词04999", "扫黑险恶"]
