"""What pages say about themselves when shared, and the site's address that share links need."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import POST, SITE_URL
from PIL import Image

from pufa.adapter import engine
from pufa.commands.cli import main
from pufa.media import shareimage
from pufa.pages import sharemeta

TAG = re.compile(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">')


def _head(page: Path) -> tuple[str, dict[str, str]]:
    text = page.read_text("utf-8")
    head = text.split("</head>", 1)[0]
    titles = re.findall(r"<title>(.*?)</title>", head, re.S)
    assert len(titles) == 1, page
    tags: dict[str, str] = {}
    for name, value in TAG.findall(head):
        assert name not in tags, (page, name)  # one description, one og:title…
        tags[name] = value
    return titles[0], tags


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("p/"))


def test_every_page_has_a_unique_title_and_description(built_site):
    titles: dict[str, Path] = {}
    descriptions: dict[str, Path] = {}
    for page in _pages(built_site):
        title, tags = _head(page)
        description = tags["description"]
        assert title not in titles, (page, titles.get(title))
        assert description not in descriptions, (page, descriptions.get(description))
        assert 10 <= len(description) <= sharemeta.DESCRIPTION_MAX, (page, description)
        titles[title], descriptions[description] = page, page
        assert tags["og:title"] and tags["og:description"] == description
    assert len(titles) == len(_pages(built_site)) >= 40
    assert _head(built_site / "index.html")[0] == "法治鲁山"  # not "法治鲁山 - 法治鲁山"
    assert _head(built_site / "blog/page/2/index.html")[0] == "普法活动（第2页） - 法治鲁山"
    # A page's own words, not the site's: a post's first paragraph, a list page's posts.
    assert _head(built_site / "blog/2023-zhuizi-tour/index.html")[1]["description"].startswith(
        "鲁山县创作了《习近平法治思想耀河山》"
    )
    assert "普法坠子巡演42场次" in _head(built_site / "blog/category/arts/index.html")[1]["description"]


def test_every_page_has_og_url_and_an_og_image_that_exists(built_site):
    for page in _pages(built_site):
        _, tags = _head(page)
        image = tags["og:image"]
        assert image.startswith(SITE_URL), page
        path = built_site / image[len(SITE_URL) :]
        assert path.is_file(), (page, image)
        if page.name == "index.html":
            url = SITE_URL + page.parent.relative_to(built_site).as_posix() + "/"
            assert tags["og:url"] == url.replace("/./", "/"), page
    _, tags = _head(built_site / "404.html")
    assert tags["robots"] == "noindex" and "og:url" not in tags


def test_share_image_is_a_clean_square_png(built_site):
    (image,) = built_site.glob("assets/images/share.*.png")
    data = image.read_bytes()
    assert image.name == shareimage.file_name(data).rsplit("/", 1)[1]  # named by content: cached for a year
    with Image.open(io.BytesIO(data)) as png:
        assert png.format == "PNG" and png.size[0] == png.size[1] >= 300
        assert png.info == {} and not png.getexif()
        colours = {colour for _, colour in png.convert("RGB").getcolors(4096)}
    assert (0xB7, 0x1C, 0x1C) in colours and (255, 255, 255) in colours  # the name, white on the site's red
    chunks = re.findall(rb"[A-Za-z]{4}", data[8:])  # no tEXt/iTXt/zTXt/eXIf/tIME chunks
    assert not {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"tIME"} & set(chunks)


def test_share_image_shows_the_site_name():
    one = shareimage.render("法治鲁山", "鲁山县司法局")
    assert one == shareimage.render("法治鲁山", "鲁山县司法局")  # reproducible builds
    assert one != shareimage.render("法治宝丰", "鲁山县司法局")


@pytest.mark.slow
def test_a_page_with_photos_shares_its_first_photo_at_720_px(project):
    from test_photo_build import _with_photos

    _with_photos(project)
    assert main(["--root", str(project), "build", "--site-url", SITE_URL]) == 0
    site = project / "site"
    _, tags = _head(site / "blog/photo-test/index.html")
    image = tags["og:image"]
    assert re.search(r"/assets/photos/[^/]+-720\.jpg$", image), image
    html = (site / "blog/photo-test/index.html").read_text("utf-8")
    first = re.search(r'<picture>.*?<img src="([^"]+)"', html, re.S).group(1)
    assert Path(first).name.rsplit("-", 1)[0] == Path(image).name.rsplit("-", 1)[0]  # the first photo on the page
    with Image.open(site / image[len(SITE_URL) :]) as jpeg:
        assert jpeg.format == "JPEG" and jpeg.width == 720 and not jpeg.getexif()
    assert (tags["og:image:width"], tags["og:image:height"]) == ("720", str(jpeg.height))


def test_short_links_carry_their_pages_card(built_site):
    title, tags = _head(built_site / "p/bogewu/index.html")
    page_title, page_tags = _head(built_site / "sites/bogewu/index.html")
    assert title == page_title == "鹁鸽吴村红色法治文化教育基地 - 法治鲁山"
    for name in ("description", "og:title", "og:description", "og:url", "og:image"):
        assert tags[name] == page_tags[name], name
    assert tags["robots"] == "noindex"


def test_titles_and_descriptions_are_escaped(project):
    (project / "docs/blog/posts/2023-zhuizi-tour.md").write_text(
        POST.replace("title: 测试活动", 'title: "<b>坠子</b> & \\"巡演\\""').replace(
            "正文第一段。", "第一段 <i>很</i> 重要 & 有“引号”，这一段足够长，所以它就是描述。"
        ),
        "utf-8",
    )
    assert engine.build(project, site_url=SITE_URL) == 0
    text = (project / "site/blog/2023-zhuizi-tour/index.html").read_text("utf-8")
    head = text.split("</head>", 1)[0]
    assert "<title>&lt;b&gt;坠子&lt;/b&gt; &amp; &quot;巡演&quot; - 法治鲁山</title>" in head
    assert '<meta property="og:title" content="&lt;b&gt;坠子&lt;/b&gt; &amp; &quot;巡演&quot;">' in head
    assert '<meta name="description" content="第一段 很 重要 &amp; 有“引号”，这一段足够长，所以它就是描述。">' in head
    assert "<b>" not in head and "<i>" not in head


def test_describe_and_shorten():
    html = (
        '<article class="md-content__inner md-typeset"><h1>标题<a class="headerlink" href="#x">¶</a></h1>'
        '<div class="pufa-post-meta"><p>2023年 · 分类</p></div>'
        '<p><a class="md-button" href="x">高德地图</a></p>'
        "<p>第一段文字，编辑在这里\n换了行，也有 English words\nacross lines 和中英文。</p><p>第二段。</p></article>"
    )
    assert sharemeta.describe(html, "标题", "网站") == "第一段文字，编辑在这里换了行，也有 English words across lines 和中英文。"
    assert (
        sharemeta.describe(html.replace("，编辑在这里\n换了行，也有 English words\nacross lines 和中英文", ""), "标题", "")
        == "标题：第一段文字。第二段。"
    )
    assert (
        sharemeta.describe(
            "<article class='md-content__inner'><p>共 2 篇。</p><ul><li>甲</li><li>乙</li></ul></article>", "仓头乡", ""
        )
        == "仓头乡：共 2 篇。甲；乙"
    )
    table = "<div class='md-content__inner'><table><tr><th>乡镇</th><th>篇数</th></tr><tr><td>全县</td><td>12</td></tr><tr><td>梁洼镇</td><td>1</td></tr></table></div>"
    assert sharemeta.describe(table, "按乡镇查看", "") == "按乡镇查看：全县 12；梁洼镇 1"
    assert sharemeta.describe("<div class='md-content__inner'></div>", "页面", "网站介绍") == "页面：网站介绍"
    long = "这是一句话。" * 30
    assert sharemeta.shorten(long) == long[:120]
    assert sharemeta.shorten("字" * 200).endswith("…") and len(sharemeta.shorten("字" * 200)) == 120
