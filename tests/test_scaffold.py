"""`python -m pufa new post|site|page`: what it asks, what it writes, and what it refuses."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

from pufa.adapter import engine
from pufa.commands import scaffold
from pufa.content import load_content
from pufa.sources import frontmatter

POST_FLAGS = ("--title", "宪法宣传周进社区", "--category", "普法文艺", "--township", "全县", "--date", "2023-12")


def new(project: Path, *argv: str, answers: str = "") -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    scaffold.add_arguments(parser)
    out = io.StringIO()
    code = scaffold.run(project, parser.parse_args(list(argv)), stdin=io.StringIO(answers), stdout=out)
    return code, out.getvalue()


def meta(path: Path) -> dict:
    fm, problems = frontmatter.parse(path.read_text("utf-8"), path.name)
    assert problems == []
    return fm.meta


def docs_files(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in (project / "docs").rglob("*")}


def test_post_from_flags_checks_and_builds(project):
    code, out = new(project, "post", *POST_FLAGS, "--file", "constitution-week", "--yes")
    assert code == 0, out
    path = project / "docs/blog/posts/2023-12-constitution-week.md"
    assert meta(path) == {"title": "宪法宣传周进社区", "date": "2023-12", "category": "普法文艺", "township": "全县"}
    text = path.read_text("utf-8")
    assert "<!-- more -->" in text and all(f"#   {key}:" in text for key in ("场次", "参与人次", "发放资料份数", "解答咨询人次"))
    assert "已新建 docs/blog/posts/2023-12-constitution-week.md" in out
    assert "照片请放在 docs/blog/posts/photos/2023-12-constitution-week/ ，然后在 photos: 下面列出文件名" in out
    assert "运行 python -m pufa check 检查，make serve 预览" in out
    assert load_content(project).problems == []
    assert engine.build(project) == 0
    assert "宪法宣传周进社区" in (project / "site/blog/2023-12-constitution-week/index.html").read_text("utf-8")


def test_site_from_flags(project):
    flags = (
        "--title",
        "东村法治文化广场",
        "--kind",
        "广场",
        "--level",
        "村级",
        "--township",
        "仓头乡",
        "--village",
        "东村",
        "--qr",
        "dongcun",
    )
    code, out = new(project, "site", *flags, "--yes")
    assert code == 0, out
    path = project / "docs/sites/dongcun.md"
    assert meta(path) == {
        "title": "东村法治文化广场",
        "qr": "dongcun",
        "kind": "广场",
        "level": "村级",
        "township": "仓头乡",
        "village": "东村",
    }
    text = path.read_text("utf-8")
    for key in ("# address:", "# coordinates:", "GCJ-02", "高德坐标拾取器", "# hours:", "# exhibits:"):
        assert key in text, key
    assert "照片请放在 docs/sites/photos/dongcun/" in out
    assert load_content(project).problems == []


def test_county_level_site_needs_no_township(project):
    code, out = new(
        project,
        "site",
        "--title",
        "法治文化长廊",
        "--kind",
        "长廊",
        "--level",
        "县级",
        "--qr",
        "changlang",
        "--file",
        "law-corridor",
        "--yes",
    )
    assert code == 0, out
    assert "township" not in meta(project / "docs/sites/law-corridor.md")
    assert load_content(project).problems == []


def test_page_from_flags_says_how_to_link_it(project):
    code, out = new(project, "page", "--title", "法律援助：申请指南", "--file", "services/legal-aid", "--yes")
    assert code == 0, out
    assert meta(project / "docs/services/legal-aid.md") == {"title": "法律援助：申请指南"}
    assert "\n  - 法律援助：申请指南: services/legal-aid.md\n" in out and "nav:" in out
    assert "“  /services/legal-aid.md”" in out and "[法律援助：申请指南](services/legal-aid.md)" in out
    assert load_content(project).problems == []


def test_page_builds_once_added_to_nav_as_told(project):
    code, out = new(project, "page", "--title", "法律援助", "--file", "legal-aid", "--yes")
    assert code == 0, out
    nav_line = next(line for line in out.splitlines() if line.startswith("  - "))
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert engine.build(project) == 1  # not in nav yet: the build says so
    config.write_text(text.replace("\nnav:\n", f"\nnav:\n{nav_line}\n", 1), "utf-8")
    assert engine.build(project) == 0


def test_values_yaml_would_misread_are_quoted(project):
    code, out = new(
        project,
        "post",
        "--title",
        "2023",
        "--category",
        "普法文艺",
        "--township",
        "全县",
        "--date",
        "2023-3-3",
        "--file",
        "no",
        "--yes",
    )
    assert code == 0, out
    path = project / "docs/blog/posts/2023-03-03-no.md"
    assert meta(path)["title"] == "2023" and meta(path)["date"] == dt.date(2023, 3, 3)
    assert load_content(project).problems == []


def test_interactive_post(project):
    answers = "普法进社区：宪法宣传周\n3\n梁洼镇\n\nconstitution-week\n"
    code, out = new(project, "post", answers=answers)
    assert code == 0, out
    today = dt.date.today().isoformat()
    path = project / f"docs/blog/posts/{today}-constitution-week.md"
    assert meta(path) == {
        "title": "普法进社区：宪法宣传周",
        "date": dt.date.today(),
        "category": "法治进校园",
        "township": "梁洼镇",
    }
    assert "  3. 法治进校园" in out and "不知道具体哪天就只写年或年月" in out and f"直接回车用今天 {today}" in out
    assert load_content(project).problems == []


def test_interactive_reasks_after_a_wrong_answer(project):
    answers = "活动\n99\n普法\n普法文艺\n梁洼\n全县\n2023年10月\n2023-10\nfa run\n宣传\nfa-run\n"
    code, out = new(project, "post", answers=answers)
    assert code == 0, out
    assert meta(project / "docs/blog/posts/2023-10-fa-run.md") == {
        "title": "活动",
        "date": "2023-10",
        "category": "普法文艺",
        "township": "全县",
    }
    assert "“99”不在列表中，应输入序号（1–8）或完整名称，请重新输入。" in out
    assert "是不是“梁洼镇”？" in out and "是不是 2023-10？" in out
    assert "不能有空格" in out and "不能用中文" in out


def test_interactive_site_refuses_a_used_qr_id(project):
    answers = "北村法治书屋\n书屋\n2\n梁洼镇\nbogewu\nbeicun-books\n"
    code, out = new(project, "site", answers=answers)
    assert code == 0, out
    assert "编号“bogewu”已被 docs/sites/bogewu.md 使用" in out
    assert meta(project / "docs/sites/beicun-books.md")["qr"] == "beicun-books"
    assert load_content(project).problems == []


def test_end_of_input_stops_without_writing(project):
    before = docs_files(project)
    code, out = new(project, "post", answers="普法进社区\n")
    assert code == 1 and "没有读到输入" in out and "Traceback" not in out
    assert docs_files(project) == before


def test_three_wrong_answers_give_up(project):
    code, out = new(project, "page", "--title", "指南", answers="指南\n指 南\n..\n")
    assert code == 1 and "3 次都没有输入有效的文件名" in out
    assert not list((project / "docs").glob("*指*"))


def test_never_overwrites(project):
    path = project / "docs/blog/posts/2023-pear-festival.md"
    before = path.read_bytes()
    code, out = new(project, "post", *POST_FLAGS[:-1], "2023", "--file", "pear-festival", "--yes")
    assert code == 1 and "已经有文件 docs/blog/posts/2023-pear-festival.md，不会覆盖它" in out
    assert path.read_bytes() == before
    code, out = new(project, "page", "--title", "关于", "--file", "about", "--yes")
    assert code == 1 and "已经有文件 docs/about.md" in out


def test_refuses_a_chinese_file_name(project):
    before = docs_files(project)
    code, out = new(project, "post", *POST_FLAGS, "--file", "宪法宣传周", "--yes")
    assert code == 1 and "不能用中文" in out
    assert docs_files(project) == before


def test_refuses_a_used_qr_id(project):
    code, out = new(
        project,
        "site",
        "--title",
        "又一个基地",
        "--kind",
        "教育基地",
        "--level",
        "县级",
        "--qr",
        "bogewu",
        "--file",
        "another",
        "--yes",
    )
    assert code == 1 and "编号“bogewu”已被 docs/sites/bogewu.md 使用" in out
    assert not (project / "docs/sites/another.md").exists()
    code, out = new(project, "site", "--title", "又一个基地", "--kind", "教育基地", "--level", "县级", "--qr", "Bad_Id", "--yes")
    assert code == 1 and "--qr" in out


def test_refuses_a_value_not_in_the_list(project):
    code, out = new(project, "post", "--title", "x", "--category", "普法", "--township", "梁洼", "--file", "x", "--yes")
    assert code == 1 and "--category “普法”" in out and "是不是“普法文艺”" in out


def test_yes_lists_everything_missing(project):
    before = docs_files(project)
    code, out = new(project, "post", "--yes")
    assert code == 1
    for flag in ("--title", "--category", "--township", "--file"):
        assert f"  {flag}：" in out, flag
    assert "--date" not in out  # today is the default
    assert "可选：民法典宣传、普法文艺" in out
    code, out = new(project, "site", "--level", "村级", "--yes")
    assert code == 1 and all(f"  {flag}：" in out for flag in ("--title", "--kind", "--township", "--village", "--qr"))
    assert docs_files(project) == before


def test_page_cannot_go_where_posts_and_sites_live(project):
    code, out = new(project, "page", "--title", "x", "--file", "sites/x", "--yes")
    assert code == 1 and "new site" in out


def test_yes_without_date_says_today_was_used(project):
    code, out = new(project, "post", *POST_FLAGS[:-2], "--file", "today", "--yes")
    today = dt.date.today().isoformat()
    assert code == 0 and (project / f"docs/blog/posts/{today}-today.md").is_file()
    assert f"日期写的是今天 {today}" in out
