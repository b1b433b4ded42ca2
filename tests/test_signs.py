"""Printable QR signs: exact print size, codes that phones can read, Chinese line breaking."""

from __future__ import annotations

import dataclasses
import re

import pytest
import segno
import zxingcpp
from PIL import Image, ImageFont

from pufa.media import signs

URL = "https://pf.lushan.gov.cn/p/bogewu/"
TITLE = "梁洼镇鹁鸽吴村红色法治文化教育基地"
HOST = "鲁山县司法局"
SITE_40 = "https://pf.lushan.example-county.gov.cn/"


@pytest.fixture(scope="module")
def font():
    return signs.find_font()


@pytest.fixture(scope="module", params=sorted(signs.PRESETS))
def sign_png(request, font, tmp_path_factory):
    """Each preset rendered once and written as the CLI writes it."""
    preset = signs.PRESETS[request.param]
    paths = signs.write_signs([("bogewu", TITLE, URL)], HOST, tmp_path_factory.mktemp(preset.key), preset, font)
    return preset, paths[0]


def decode(image: Image.Image) -> list:
    return zxingcpp.read_barcodes(image.convert("L"))


def test_sign_has_exact_print_size_and_dpi(sign_png):
    preset, png = sign_png
    with Image.open(png) as image:
        assert image.size == (round(preset.width_mm / 25.4 * 300), round(preset.height_mm / 25.4 * 300))
        assert image.mode == "RGB"
        assert tuple(round(d) for d in image.info["dpi"]) == (300, 300)


@pytest.mark.slow
def test_sign_decodes_at_full_and_quarter_size(sign_png):
    _, png = sign_png
    with Image.open(png) as image:
        image.load()
    found = decode(image)
    assert [(b.text, b.format) for b in found] == [(URL, zxingcpp.BarcodeFormat.QRCode)]
    quarter = image.resize((image.width // 4, image.height // 4), Image.Resampling.LANCZOS)
    assert [b.text for b in decode(quarter)] == [URL]


@pytest.mark.parametrize("payload", ["a", "12348", URL, SITE_40 + "p/" + "x" * 16 + "/"])
def test_make_code_is_regular_qr_at_level_q_or_h(payload):
    # segno.make would give Micro QR for "a" and "12348"; many phone apps cannot read those.
    code = signs.make_code(payload)
    assert code.is_micro is False
    assert code.error in ("Q", "H")


@pytest.mark.parametrize("module_px", [1, 3, 36])
def test_code_image_has_four_module_quiet_zone_and_whole_pixel_modules(module_px):
    code = signs.make_code(URL)
    image = signs.code_image(code, module_px)
    side = code.symbol_size(border=0)[0]
    assert image.mode in ("1", "L")
    assert image.size == ((side + 8) * module_px,) * 2
    zone = 4 * module_px
    inner = image.crop((zone, zone, image.width - zone, image.height - zone))
    border_white = image.copy()
    border_white.paste(255, (zone, zone, image.width - zone, image.height - zone))
    assert border_white.getextrema() == (255, 255)  # nothing dark in the quiet zone
    assert inner.getextrema() == (0, 255)
    # Whole pixels per module: shrinking to one pixel per module and back changes nothing.
    modules = image.resize((side + 8,) * 2, Image.Resampling.NEAREST)
    assert modules.resize(image.size, Image.Resampling.NEAREST).tobytes() == image.tobytes()
    assert set(image.tobytes()) <= {0, 255}


@pytest.mark.parametrize("key", sorted(signs.PRESETS))
@pytest.mark.parametrize("url", ["https://x.cn/p/a/", URL, SITE_40 + "p/" + "y" * 16 + "/"])
def test_symbol_is_a_tenth_of_the_scanning_distance(key, url):
    preset = signs.PRESETS[key]
    code = signs.make_code(url)
    symbol_mm = code.symbol_size(border=0)[0] * signs.module_pixels(code, preset) / 300 * 25.4
    assert symbol_mm >= preset.distance_m * 1000 / 10


def test_presets_are_a4_and_outdoor():
    a4, outdoor = signs.PRESETS["a4"], signs.PRESETS["outdoor"]
    assert (a4.width_mm, a4.height_mm, a4.distance_m) == (210, 297, 1)
    assert (outdoor.width_mm, outdoor.height_mm, outdoor.distance_m) == (400, 600, 3)


def test_longest_allowed_payload_stays_small():
    # Level Q holds 46 bytes in version 4: 40 + "p/" + 3 + "/" = 46.
    assert len(SITE_40) == 40
    url = SITE_40 + "p/" + "abc" + "/"
    assert segno.make_qr(url, error="q").version <= signs.SHORT_MAX_VERSION == 4
    assert signs.check_payload(url, SITE_40) == ""
    assert "编号最多 3 个字符" in signs.check_payload(SITE_40 + "p/abcd/", SITE_40)
    # The real site address leaves room for version 4 with any 16-character id.
    assert signs.make_code("https://pf.lushan.gov.cn/p/" + "z" * 16 + "/").version == 4


def test_check_payload_refuses_long_id_and_huge_payloads():
    long_id = "binhe-park-legal-culture-corridor"
    problem = signs.check_payload(SITE_40 + "p/" + long_id + "/", SITE_40)
    assert long_id in problem and "编号最多 3 个字符" in problem
    assert re.search("[\u4e00-\u9fff]", problem)
    site = "https://" + "a" * 100 + ".example.gov.cn/"  # long site_url: only the hard limit applies
    assert signs.check_payload(site + "p/x/", site) == ""
    huge = site + "p/" + "b" * 120 + "/"
    assert "第 10 版" in signs.check_payload(huge, site)


def test_render_refuses_a_code_that_does_not_fit(font):
    tiny = dataclasses.replace(signs.PRESETS["a4"], key="tiny", width_mm=100, height_mm=140)
    with pytest.raises(ValueError, match="二维码放不下"):
        signs.render_sign(TITLE, URL, HOST, tiny, font)


WRAP_CASES = [
    "梁洼镇鹁鸽吴村红色法治文化教育基地",
    "公共法律服务热线12348，欢迎来电咨询。谢谢！",
    "鲁山县人民调解委员会“枫桥经验”示范点暨（2023年度）法治宣传教育基地——滨河公园法治长廊",
    "《中华人民共和国宪法》、《民法典》……学法用法，100%守法：从我做起！",
    "扫码访问 pf.lushan.gov.cn 了解「法律援助」与『人民调解』",
]


@pytest.mark.parametrize("text", WRAP_CASES)
@pytest.mark.parametrize("chars", [4, 6, 9, 13])
def test_wrap_cjk_keeps_line_breaking_rules(font, text, chars):
    face = ImageFont.truetype(font[0], 40, index=font[1])
    max_width = chars * 40
    lines = signs.wrap_cjk(text, face, max_width)
    assert "".join(lines) == text
    assert all(face.getlength(line) <= max_width for line in lines)
    assert not any(line[0] in "，。、；：？！）》」』’”…—%·" for line in lines[1:])
    assert not any(line[-1] in "（《「『‘“" for line in lines[:-1])
    for run in re.findall("[A-Za-z0-9]+", text):
        if face.getlength(run) <= max_width:  # a run that fits a line is never split
            assert any(run in line for line in lines)


def test_wrap_cjk_splits_a_run_longer_than_the_line(font):
    face = ImageFont.truetype(font[0], 40, index=font[1])
    lines = signs.wrap_cjk("网址abcdefghijklmnopqrstuvwxyz结束", face, 200)
    assert len(lines) > 2 and "".join(lines) == "网址abcdefghijklmnopqrstuvwxyz结束"
    assert all(face.getlength(line) <= 200 for line in lines)


def test_find_font_explicit_missing_says_what_to_install(tmp_path):
    with pytest.raises(signs.FontMissing) as caught:
        signs.find_font(str(tmp_path / "nope.ttf"))
    assert "fonts-noto-cjk" in str(caught.value) and "--font" in str(caught.value)


def test_find_font_rejects_a_file_that_is_not_a_font(tmp_path):
    fake = tmp_path / "fake.ttf"
    fake.write_text("not a font")
    with pytest.raises(signs.FontMissing, match="fonts-noto-cjk"):
        signs.find_font(str(fake))


def test_find_font_default_is_noto_sans_cjk_sc(font):
    path, index = font
    assert path.startswith("/usr/share/fonts/") and path.endswith(".ttc")
    assert ImageFont.truetype(path, 20, index=index).getname()[0] == "Noto Sans CJK SC"
    assert signs.find_font(path) == font


def test_write_signs_writes_pngs_and_one_pdf(font, tmp_path, capsys):
    items = [("bogewu", TITLE, URL), ("xf", "宪法广场", "https://pf.lushan.gov.cn/p/xf/")]
    paths = signs.write_signs(items, HOST, tmp_path / "out", signs.PRESETS["a4"], font)
    out = tmp_path / "out"
    assert paths == [out / "bogewu-a4.png", out / "xf-a4.png", out / "signs-a4.pdf"]
    pdf = paths[-1].read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 2 and b"/Count 2" in pdf
    # Every cross-reference entry points at the object it names, so readers need no repair.
    table = pdf[int(pdf.rsplit(b"startxref", 1)[1].split()[0]) :]
    offsets = re.findall(rb"^(\d{10}) 00000 n ", table, re.MULTILINE)
    assert len(offsets) == 2 + 3 * 2  # catalog, page tree, then page, content and image per sign
    assert all(pdf[int(off) :].startswith(b"%d 0 obj" % n) for n, off in enumerate(offsets, 1))
    with Image.open(paths[1]) as image:
        assert [b.text for b in decode(image)] == ["https://pf.lushan.gov.cn/p/xf/"]
    printed = capsys.readouterr().out
    assert "[1/2] bogewu" in printed and "[2/2] xf" in printed


def test_write_signs_leaves_no_partial_pdf(font, tmp_path, capsys):
    items = [("bogewu", TITLE, URL), ("too-long", "法治" * 100, "https://pf.lushan.gov.cn/p/too-long/")]
    with pytest.raises(ValueError, match="太长"):
        signs.write_signs(items, HOST, tmp_path, signs.PRESETS["a4"], font)
    assert not (tmp_path / "signs-a4.pdf").exists()
