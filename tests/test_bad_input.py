"""Planted content mistakes: each gives its Chinese `file:line` message, exit 1, and site/ untouched.

Each case writes one broken file into a copy of the real project, then runs `check` and `build`
exactly as an editor would.
"""

from __future__ import annotations

import pytest
from conftest import POST, tree_digest

from pufa.commands.cli import main

BAD = "docs/blog/posts/bad.md"

CASES = [
    # (id, file, bytes, expected location, fragments of the message)
    ("broken-yaml", BAD, POST.replace("title: 测试活动", 'title: "测试活动').encode(), f"{BAD}:2:", ["引号没有配对"]),
    (
        "missing-field",
        BAD,
        POST.replace("category: 普法文艺\n", "").encode(),
        f"{BAD}:1:",
        ["缺少必填的“category”", "category: 普法文艺"],
    ),
    ("mistyped-key", BAD, POST.replace("category:", "catgory:").encode(), f"{BAD}:4:", ["不认识的名称“catgory”", "category"]),
    ("mistyped-value", BAD, POST.replace("title: 测试活动", "title: [一, 二]").encode(), f"{BAD}:2:", ["标题（title）应是文字"]),
    (
        "unknown-category",
        BAD,
        POST.replace("普法文艺", "反诈宣传").encode(),
        f"{BAD}:4:",
        ["分类（category）不在允许的列表中", "民法典宣传", "“反诈宣传”"],
    ),
    (
        "unknown-township",
        BAD,
        POST.replace("梁洼镇", "梁洼").encode(),
        f"{BAD}:5:",
        ["不在 data/townships.yml", "是不是“梁洼镇”"],
    ),
    (
        "wrong-date",
        BAD,
        POST.replace("date: 2023-05", "date: 2023年5月8日").encode(),
        f"{BAD}:3:",
        ["日期（date）格式不对", "写成 2023-05-08"],
    ),
    ("fullwidth-colon", BAD, POST.replace("category: ", "category：").encode(), f"{BAD}:4:", ["全角冒号", "category: …"]),
    ("bom", BAD, b"\xef\xbb\xbf" + POST.encode(), f"{BAD}:1:", ["BOM", "UTF-8"]),
    ("gbk", BAD, POST.encode("gbk"), f"{BAD}:2:", ["不是 UTF-8 编码", "GBK"]),
    ("figure-in-wan", BAD, POST.replace("场次: 3", "场次: 3万").encode(), f"{BAD}:7:", ["“场次”的数字格式不对", "写成 30000"]),
    ("negative-figure", BAD, POST.replace("场次: 3", "场次: -3").encode(), f"{BAD}:7:", ["不能是负数"]),
    ("chinese-file-name", "docs/blog/posts/测试.md", POST.encode(), "docs/blog/posts/测试.md:", ["文件名或文件夹名里有中文"]),
    (
        "bad-township-data",
        "data/townships.yml",
        "townships:\n  - {name: 梁洼镇, slug: Liang Wa}\n".encode(),
        "data/townships.yml:2:",
        ["slug 不合格"],
    ),
]


@pytest.mark.parametrize(("name", "path", "data", "where", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_check_reports_the_mistake(project, capsys, name, path, data, where, fragments):
    (project / path).write_bytes(data)
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(where)]
    assert lines, out
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert out.rstrip().splitlines()[-1].startswith("共发现")
    assert "Traceback" not in out


@pytest.mark.parametrize(("name", "path", "data", "where", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_failed_build_leaves_the_last_good_site(built_project, capsys, name, path, data, where, fragments):
    # Every case starts from one shared good build (copied): these builds stop before MkDocs runs.
    project = built_project
    before = tree_digest(project / "site")
    (project / path).write_bytes(data)
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    assert where in out and "原来的网站保持不变" in out
    assert tree_digest(project / "site") == before
    assert not list(project.glob(".site-building-*"))


def test_every_problem_in_every_file_is_listed(project, capsys):
    (project / "docs/blog/posts/a.md").write_text(POST.replace("普法文艺", "反诈").replace("2023-05", "5月"), "utf-8")
    (project / "docs/blog/posts/b.md").write_text(POST.replace("梁洼镇", "火星"), "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "docs/blog/posts/a.md:3:" in out and "docs/blog/posts/a.md:4:" in out and "docs/blog/posts/b.md:5:" in out
    assert "共发现 3 个问题" in out


def test_unknown_placeholder_is_reported(project, capsys):
    index = project / "docs/index.md"
    index.write_text(index.read_text("utf-8") + "\n<!-- pufa:figure -->\n", "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    assert "不认识的占位符“<!-- pufa:figure -->”" in capsys.readouterr().out


def test_unknown_page_key_is_reported(project, capsys):
    (project / "docs/extra.md").write_text("---\ntitel: 额外\n---\n# 额外\n", "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    assert "docs/extra.md:2: 不认识的名称“titel”" in capsys.readouterr().out


def test_a_broken_list_is_reported_once_not_in_every_post(project, capsys):
    (project / "data/townships.yml").write_text("townships:\n  - {name: 梁洼镇, slug: x\n", "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("data/townships.yml:3: YAML 格式不正确")
    assert "共发现 1 个问题" in out
