"""Legal-culture site pages: schema, map links, the index, and each kind of bad input."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import tree_digest

from pufa.adapter import engine
from pufa.commands.cli import main

SITE = """---
title: 测试法治公园
qr: test-park
kind: 公园
level: 乡级
township: 梁洼镇
address: 梁洼镇政府东100米
coordinates: {lat: 33.75, lng: 112.85}
hours: 全天开放
exhibits:
  - {name: 宪法宣传长廊, text: 宪法条文和案例。, qr: test-corridor}
  - {name: 民法典石刻, text: 民法典重点条文。}
---

公园简介。
"""
BAD = "docs/sites/test.md"


def test_site_page_has_facts_map_links_exhibits_and_short_links(project):
    (project / BAD).write_text(SITE, "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace('site_url: !ENV [PUFA_SITE_URL, ""]', "site_url: https://pf.example.gov.cn/"), "utf-8"
    )
    assert engine.build(project) == 0
    html = (project / "site/sites/test/index.html").read_text("utf-8")
    for text in ("公园（乡级）", "梁洼镇", "梁洼镇政府东100米", "全天开放", "宪法宣传长廊", "公园简介。"):
        assert text in html, text
    amap = re.search(r'href="(https://uri\.amap\.com/marker\?[^"]+)"', html).group(1)
    assert parse_qs(urlparse(amap.replace("&amp;", "&")).query)["position"] == ["112.85,33.75"]  # 高德: lng,lat
    baidu = re.search(r'href="(https://api\.map\.baidu\.com/marker\?[^"]+)"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(baidu).query)
    assert query["location"] == ["33.75,112.85"] and query["coord_type"] == ["gcj02"]  # 百度: lat,lng
    assert 'id="test-corridor"' in html
    assert "<svg" in html and "https://pf.example.gov.cn/p/test-park/" in html
    site = project / "site"
    assert (site / "p/test-park/index.html").read_text("utf-8").count('url=../../sites/test/"') == 1
    assert 'url=../../sites/test/#test-corridor"' in (site / "p/test-corridor/index.html").read_text("utf-8")
    index = (site / "sites/index.html").read_text("utf-8")
    assert "共 4 处阵地" in index and 'href="test/"' in index


def test_site_without_coordinates_links_to_a_map_search(built_site):
    html = (built_site / "sites/bogewu/index.html").read_text("utf-8")
    amap = re.search(r'href="(https://uri\.amap\.com/search\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlparse(amap).query)["keyword"] == ["鲁山县 梁洼镇 鹁鸽吴村 鹁鸽吴村红色法治文化教育基地"]
    assert "地址</strong>：待补充" in html


def test_default_sites_are_the_ones_the_report_names(built_site):
    from conftest import REPORT

    titles = [
        re.search(r"<h1[^>]*>([^<]*)", p.read_text("utf-8")).group(1) for p in sorted((built_site / "sites").glob("*/index.html"))
    ]
    assert sorted(titles) == sorted(["滨河公园法治主题公园", "鹁鸽吴村红色法治文化教育基地", "仓颉广场法治文化游园"])
    if REPORT.is_file():
        report = REPORT.read_text("utf-8")
        assert all(name in report for name in ("滨河公园", "鹁鸽吴村红色法治文化教育基地", "仓颉广场法治文化游园"))


CASES = [
    (
        "unknown-township",
        SITE.replace("township: 梁洼镇", "township: 梁洼"),
        f"{BAD}:6:",
        ["乡镇（township）“梁洼”不在 data/townships.yml 的名单中", "是不是“梁洼镇”"],
    ),
    (
        "coordinates-swapped",
        SITE.replace("{lat: 33.75, lng: 112.85}", "{lat: 112.85, lng: 33.75}"),
        f"{BAD}:8:",
        ["纬度和经度写反了", "{lat: 33.75, lng: 112.85}"],
    ),
    ("coordinates-out-of-range", SITE.replace("lat: 33.75", "lat: 0.5"), f"{BAD}:8:", ["坐标不在中国范围内"]),
    (
        "coordinates-not-numbers",
        SITE.replace("{lat: 33.75, lng: 112.85}", "33.75,112.85"),
        f"{BAD}:8:",
        ["坐标（coordinates）格式不对"],
    ),
    ("id-with-space", SITE.replace("qr: test-park", "qr: test park"), f"{BAD}:3:", ["二维码编号（qr）不能含空格"]),
    ("id-in-chinese", SITE.replace("qr: test-park", "qr: 测试公园"), f"{BAD}:3:", ["不能含中文"]),
    ("exhibit-id-bad", SITE.replace("qr: test-corridor", "qr: Corridor"), f"{BAD}:10:", ["只能用小写字母"]),
    ("unknown-kind", SITE.replace("kind: 公园", "kind: 花园"), f"{BAD}:4:", ["类型（kind）不在允许的列表中"]),
    ("missing-township", SITE.replace("township: 梁洼镇\n", ""), f"{BAD}:5:", ["乡级阵地缺少所在乡镇"]),
    ("missing-id", SITE.replace("qr: test-park\n", ""), f"{BAD}:1:", ["缺少必填的“qr”"]),
    (
        "duplicate-id",
        SITE.replace("qr: test-park", "qr: bogewu"),
        "docs/sites/test.md:3:",
        ["二维码编号“bogewu”已被另一个页面使用", "docs/sites/bogewu.md"],
    ),
]


@pytest.mark.parametrize(("name", "text", "where", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_bad_site_input(project, capsys, name, text, where, fragments):
    assert engine.build(project) == 0
    before = tree_digest(project / "site")
    (project / BAD).write_text(text, "utf-8")
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    line = next((line for line in out.splitlines() if line.startswith(where) and fragments[0] in line), None)
    assert line, out
    assert all(f in line for f in fragments), line
    assert tree_digest(project / "site") == before


def test_deleted_site_with_a_printed_code_fails(project, capsys):
    (project / "data/qr.yml").write_text("codes:\n  - {id: cangjie, printed: 2024-05-01}\n", "utf-8")
    assert engine.build(project) == 0
    (project / "docs/sites/cangjie-square.md").unlink()
    assert main(["--root", str(project), "build"]) == 1
    assert "data/qr.yml:2: 已印刷的二维码“cangjie”找不到对应的页面" in capsys.readouterr().out


def test_short_link_follows_a_site_page_moved_to_another_folder(project):
    (project / "data/qr.yml").write_text("codes:\n  - {id: bogewu, printed: 2024-05-01}\n", "utf-8")
    assert engine.build(project) == 0
    assert 'url=../../sites/bogewu/"' in (project / "site/p/bogewu/index.html").read_text("utf-8")
    (project / "docs/sites/liangwa").mkdir()
    (project / "docs/sites/bogewu.md").rename(project / "docs/sites/liangwa/bogewu.md")
    assert engine.build(project) == 0
    stub = (project / "site/p/bogewu/index.html").read_text("utf-8")
    assert 'url=../../sites/liangwa/bogewu/"' in stub
    assert (project / "site/p/bogewu/../../sites/liangwa/bogewu/index.html").resolve().is_file()
