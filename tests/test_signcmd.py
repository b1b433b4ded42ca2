"""`python -m pufa signs` on the default content: every sign decodes to exactly its short URL."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import Image

from pufa.commands.cli import main

SITE_URL = "https://pf.lushan.gov.cn/"


def _decode(path, scale=1):
    image = Image.open(path)
    if scale != 1:
        image = image.resize((image.width // scale, image.height // scale), Image.LANCZOS)
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.slow
def test_every_default_sign_decodes_to_its_short_url(project, tmp_path, capsys):
    out = tmp_path / "signs"
    assert main(["--root", str(project), "signs", "--site-url", SITE_URL, "--out", str(out)]) == 0
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) == 6  # three sites, two presets
    for png in pngs:
        code_id = png.stem.rsplit("-", 1)[0]
        expected = f"{SITE_URL}p/{code_id}/"
        assert _decode(png, 4) == [expected], png.name  # a quarter of the size still scans
        if png.stem.endswith("-a4"):
            assert _decode(png) == [expected], png.name
    assert {p.name for p in out.glob("*.pdf")} == {"signs-a4.pdf", "signs-outdoor.pdf"}
    report = capsys.readouterr().out
    assert "bogewu：二维码第 4 版" in report and "每格 36 像素（3.05 毫米）" in report and "每格 108 像素（9.14 毫米）" in report


def test_signs_need_a_site_url(project, capsys, monkeypatch):
    monkeypatch.delenv("PUFA_SITE_URL", raising=False)
    assert main(["--root", str(project), "signs", "--out", str(project / "out")]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^mkdocs\.yml:\d+: 没有设置网站网址（site_url），标牌上的二维码必须是完整网址", out, re.M), out
    assert not (project / "out").exists()


@pytest.mark.parametrize("address", ["https://pufa.example/", "http://localhost:8000/"])
def test_signs_refuse_an_example_address(project, capsys, address):
    # make site builds with the reserved example address: a sign printed with it would never open.
    assert main(["--root", str(project), "signs", "--site-url", address, "--out", str(project / "out")]) == 1
    out = capsys.readouterr().out
    assert "网站网址（site_url）是示例地址：印在标牌上的二维码扫了打不开" in out and f"实际“{address}”" in out
    assert out.rstrip().endswith("没有生成标牌。") and not (project / "out").exists()


def test_signs_for_given_ids_and_unknown_ids(project, tmp_path, capsys):
    out = tmp_path / "signs"
    assert main(["--root", str(project), "signs", "--site-url", SITE_URL, "--out", str(out), "--preset", "a4", "sites"]) == 0
    assert [p.name for p in out.glob("*.png")] == ["sites-a4.png"]
    assert _decode(out / "sites-a4.png") == [f"{SITE_URL}p/sites/"]
    assert main(["--root", str(project), "signs", "--site-url", SITE_URL, "--out", str(out), "bogewuu"]) == 1
    out = capsys.readouterr().out
    assert "python -m pufa signs: 没有编号为“bogewuu”的页面或阵地（如何修改：是不是“bogewu”？）" in out
    assert out.rstrip().endswith("没有生成标牌。")


def test_missing_font_says_what_to_install(project, tmp_path, capsys):
    args = ["--root", str(project), "signs", "--site-url", SITE_URL, "--out", str(tmp_path), "--font", "/nonexistent/font.ttc"]
    assert main(args) == 1
    assert "fonts-noto-cjk" in capsys.readouterr().out


@pytest.mark.parametrize("site_url", ["https://www.county-portal.gov.cn/pufa/"])
def test_a_long_site_url_refuses_a_long_id(project, capsys, site_url):
    assert len(site_url) <= 40
    assert main(["--root", str(project), "signs", "--site-url", site_url, "--out", str(project / "o"), "cangjie"]) == 1
    assert "二维码编号“cangjie”太长" in capsys.readouterr().out
