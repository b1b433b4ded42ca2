"""Permanent short links /p/<id>/: they follow a moved page, and a printed id never dangles."""

from __future__ import annotations

import re

import pytest
from conftest import tree_digest

from pufa.adapter import engine
from pufa.commands.cli import main
from pufa.kinds.shortlinks import check_id

PARK = "---\ntitle: 滨河公园\nqr: binhe-park\n---\n\n# 滨河公园\n\n县城法治主题公园。\n"


def _add_page(project, src: str, text: str = PARK) -> None:
    path = project / "docs" / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  - 关于: about.md\n", f"  - 关于: about.md\n  - 滨河公园: {src}\n"), "utf-8"
    )


def _register(project, *codes: str) -> None:
    items = "".join(f"  - {{id: {code}, printed: 2024-05-01}}\n" for code in codes)
    (project / "data/qr.yml").write_text(f"codes:\n{items}", "utf-8")


def _target(site, code: str) -> str:
    html = (site / "p" / code / "index.html").read_text("utf-8")
    return re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html).group(1)


def test_default_content_has_a_working_short_link(built_site):
    target = _target(built_site, "sites")
    assert target == "../../sites/"
    assert (built_site / "p/sites" / target / "index.html").resolve() == (built_site / "sites/index.html").resolve()


def test_short_link_follows_a_moved_page(project):
    _add_page(project, "parks/binhe.md")
    _register(project, "binhe-park")
    assert engine.build(project) == 0
    assert _target(project / "site", "binhe-park") == "../../parks/binhe/"
    # The page moves to another folder; the printed code keeps working.
    (project / "docs/parks/binhe.md").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("parks/binhe.md", "places/binhe.md"), "utf-8")
    (project / "docs/places").mkdir()
    (project / "docs/places/binhe.md").write_text(PARK, "utf-8")
    assert engine.build(project) == 0
    site = project / "site"
    assert _target(site, "binhe-park") == "../../places/binhe/"
    assert (site / "p/binhe-park/../../places/binhe/index.html").resolve().is_file()


def test_printed_id_without_a_page_fails_and_keeps_the_site(project, capsys):
    _add_page(project, "parks/binhe.md")
    _register(project, "binhe-park")
    assert engine.build(project) == 0
    before = tree_digest(project / "site")
    (project / "docs/parks/binhe.md").write_text(PARK.replace("qr: binhe-park\n", ""), "utf-8")
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    assert "data/qr.yml:2: 已印刷的二维码“binhe-park”找不到对应的页面" in out
    assert tree_digest(project / "site") == before


def test_two_pages_claiming_one_id(project, capsys):
    _add_page(project, "parks/binhe.md")
    (project / "docs/parks/copy.md").write_text(PARK, "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "docs/parks/copy.md:3: 二维码编号“binhe-park”已被另一个页面使用" in out
    assert "docs/parks/binhe.md 也写了 qr: binhe-park" in out


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("binhe park", "不能含空格"),
        ("滨河公园", "不能含中文"),
        ("Binhe", "写成 binhe"),
        ("-binhe", "不以连字符开头"),
        ("a" * 17, "最多 16 个字符"),
        ("", "应是文字"),
    ],
)
def test_malformed_ids(code, why):
    assert why in check_id(code)


def test_malformed_id_in_a_page_and_in_the_registry(project, capsys):
    _add_page(project, "parks/binhe.md", PARK.replace("binhe-park", "滨河 公园"))
    _register(project, "Binhe")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "docs/parks/binhe.md:3: 二维码编号（qr）不能含中文或全角字符" in out
    assert "data/qr.yml:2: 二维码编号只能用小写字母，写成 binhe" in out


def test_a_docs_folder_named_p_is_refused(project, capsys):
    _add_page(project, "p/x.md", "# x\n")
    assert main(["--root", str(project), "check"]) == 1
    assert "docs/p: docs/p/ 文件夹名留给二维码短链接使用" in capsys.readouterr().out
