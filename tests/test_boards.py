"""Village 法律明白人 notice boards (`python -m pufa boards`): what a board says (no more than the
site may show), the township short links every build writes, the printed files and their QR codes."""

from __future__ import annotations

import re

import zxingcpp
from conftest import tree_digest
from PIL import Image

from pufa.commands.cli import main
from pufa.content import load_content
from pufa.kinds import boards

SITE = "https://pf.lushan.gov.cn/"  # a real-looking address: the example one is refused for print
ROSTER = """姓名,性别,乡镇（街道）,村（社区）,类别,身份职务,联系电话,同意公开电话,同意日期,状态,示例
测试同意,男,梁洼镇,东村,法律明白人,调解员,13912345678,是,2024-03-01,在册,
测试不同意,女,梁洼镇,东村,巾帼法律明白人,妇联主席,13887654321,否,,在册,
测试空同意,男,梁洼镇,西村,法律明白人,网格员,0375-5012399,,,在册,
测试乡外,男,仓头乡,北村,法律明白人,组长,,否,,在册,
测试清退,男,梁洼镇,东村,法律明白人,组长,13700001111,是,2024-01-01,清退,
"""
OFFICE = "0375-5099999"


def _project(project, roster: str = ROSTER, office_phone: str = OFFICE):
    (project / "data/roster.csv").write_text(roster, "utf-8")
    points = project / "data/service-points.yml"
    text = points.read_text("utf-8")
    points.write_text(
        text.replace(
            '{name: 梁洼司法所, township: 梁洼镇, five_star: 第一批五星规范化司法所（已通过省厅实地验收）, phone: ""',
            f'{{name: 梁洼司法所, township: 梁洼镇, five_star: 第一批五星规范化司法所（已通过省厅实地验收）, phone: "{office_phone}"',
        ),
        "utf-8",
    )
    assert OFFICE in points.read_text("utf-8") or not office_phone
    return project


def test_a_board_shows_consented_phones_else_the_offices_and_nothing_more(project):
    content = load_content(_project(project)).content
    found = {(b.township, b.village): b for b in boards.boards(content, SITE)}
    assert sorted(found) == [("仓头乡", "北村"), ("梁洼镇", "东村"), ("梁洼镇", "西村")]
    east = "\n".join(found[("梁洼镇", "东村")].texts())
    assert "电话 13912345678" in east  # consented, with a date
    assert "13887654321" not in east and "测试清退" not in east and "13700001111" not in east
    assert "测试不同意" in east and f"司法所电话 {OFFICE}" in east and "妇联主席" in east
    assert "0375-5012399" not in "\n".join(found[("梁洼镇", "西村")].texts())  # no consent recorded
    assert f"没有公开电话的，请联系梁洼司法所 {OFFICE}" in east and "公共法律服务热线 12348" in east
    north = "\n".join(found[("仓头乡", "北村")].texts())  # no office number known yet: 12348
    assert "请拨打 12348" in north and found[("仓头乡", "北村")].url == SITE + "p/r-cangtou/"


def test_a_phone_typed_into_the_role_stops_the_boards_and_writes_nothing(project, capsys):
    roster = ROSTER.replace("测试乡外,男,仓头乡,北村,法律明白人,组长", "测试乡外,男,仓头乡,北村,法律明白人,组长13512345678")
    _project(project, roster)
    assert main(["--root", str(project), "boards", "--site-url", SITE]) == 1
    out = capsys.readouterr().out
    assert "data/roster.csv:5:" in out and "身份职务" in out
    assert not (project / "build/boards").exists()


def test_every_build_writes_the_township_short_links(built_site):
    """Printed boards open /p/r-<slug>/: the township's roster page, or the county's while it has nobody."""
    stub = (built_site / "p/r-liangwa/index.html").read_text("utf-8")
    assert 'url=../../roster/liangwa/"' in stub
    content = load_content(built_site.parent).content
    for township in content.townships:
        assert (built_site / f"p/r-{township.slug}/index.html").is_file(), township.name
    assert 'url=../../roster/"' in (built_site / "p/r-gunziying/index.html").read_text("utf-8")


def test_an_editors_page_cannot_take_a_boards_id(project):
    (project / "docs/about.md").write_text("---\ntitle: 关于\nqr: r-liangwa\n---\n\n正文。\n", "utf-8")
    problems = load_content(project).problems
    assert any("二维码编号“r-liangwa”留给自动生成的法律明白人公示牌页面" in p.message for p in problems), problems


def test_a_registered_board_id_is_owned(project):
    (project / "data/qr.yml").write_text("codes:\n  - {id: r-liangwa, printed: 2024-05-01}\n", "utf-8")
    assert load_content(project).problems == []


def test_printed_files_at_300_dpi_with_a_code_that_decodes(project, capsys):
    _project(project)
    argv = ["--root", str(project), "boards", "--site-url", SITE, "--township", "梁洼镇"]
    assert main(argv) == 0, capsys.readouterr().out
    out = project / "build/boards"
    pngs = sorted((out / "liangwa").glob("*.png"))
    assert [p.name for p in pngs] == ["东村-a4.png", "西村-a4.png"]
    with Image.open(pngs[0]) as image:
        assert image.size == (2480, 3508) and tuple(round(d) for d in image.info["dpi"]) == (300, 300)
        found = zxingcpp.read_barcodes(image.convert("L"))
        assert [b.text for b in found] == [SITE + "p/r-liangwa/"]
        quarter = image.resize((image.width // 4, image.height // 4), Image.Resampling.LANCZOS)  # a phone at arm's length
        assert [b.text for b in zxingcpp.read_barcodes(quarter.convert("L"))] == [SITE + "p/r-liangwa/"]
    pdf = (out / "liangwa-a4.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type /Page /", pdf)) == 2
    assert not (out / "cangtou-a4.pdf").exists()  # only the township asked for
    assert "梁洼镇：2 块公示牌" in capsys.readouterr().out


def test_a3_and_one_village(project):
    _project(project)
    assert main(["--root", str(project), "boards", "--site-url", SITE, "--village", "北村", "--preset", "a3"]) == 0
    (png,) = (project / "build/boards").rglob("*.png")
    with Image.open(png) as image:
        assert png.name == "北村-a3.png" and image.size == (3508, 4961)


def test_unknown_township_or_village_says_what_is_there(project, capsys):
    _project(project)
    assert main(["--root", str(project), "boards", "--site-url", SITE, "--township", "梁洼"]) == 1
    assert "乡镇（街道）“梁洼”不在名单中" in capsys.readouterr().out
    assert main(["--root", str(project), "boards", "--site-url", SITE, "--village", "东"]) == 1
    out = capsys.readouterr().out
    assert "名册里没有“东”的法律明白人" in out and "是不是“东村”" in out
    assert not (project / "build/boards").exists()


def test_without_a_site_url_nothing_is_printed(project, capsys, monkeypatch):
    monkeypatch.delenv("PUFA_SITE_URL", raising=False)
    _project(project)
    before = tree_digest(project)
    assert main(["--root", str(project), "boards"]) == 1
    assert "没有设置网站网址（site_url）" in capsys.readouterr().out
    assert tree_digest(project) == before


def test_the_example_address_is_refused_for_print(project, capsys):
    # make site builds with https://pufa.example/: a board printed with it would never open.
    _project(project)
    assert main(["--root", str(project), "boards", "--site-url", "https://pufa.example/"]) == 1
    out = capsys.readouterr().out
    assert "网站网址（site_url）是示例地址：印在公示牌上的二维码扫了打不开" in out
    assert not (project / "build/boards").exists()


def test_a_missing_font_is_said_and_nothing_is_written(project, capsys):
    _project(project)
    argv = ["--root", str(project), "boards", "--site-url", SITE, "--font", "/nonexistent/font.ttc"]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert out.startswith("python -m pufa boards: ") and "fonts-noto-cjk" in out
    assert not (project / "build/boards").exists()
