"""`python -m pufa wechat`: a post as HTML the 公众号 editor keeps — inline styles only, links as
numbered end notes, photos from the published site by absolute address — and the refusals."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from browser import CHROMIUM_ARGS, chromium_path, free_port, serve
from conftest import POST, copy_project
from PIL import Image

from pufa.commands.cli import main

SITE_URL = "https://pufa.example.gov.cn/pufa/"
POST_PATH = "docs/blog/posts/wechat-test.md"
BODY = """正文第一段，讲活动的来龙去脉。详见[中国法律服务网](https://www.12348.gov.cn/)和[本站的服务热线](../../services/hotlines.md)，
也可以看[公众号上的上一篇](https://mp.weixin.qq.com/s/abcdefg)，或拨打[12348](tel:12348)。

![现场照片](photos/wechat/02.jpg)

| 项目 | 地点 |
| --- | --- |
| 宣讲 | 县城广场 |

再次提醒：[中国法律服务网](https://www.12348.gov.cn/)可以在线咨询。
"""


def _photo(path: Path, size=(1600, 1200)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    red = Image.linear_gradient("L").resize(size)
    Image.merge("RGB", (red, Image.radial_gradient("L").resize(size), red.transpose(Image.Transpose.FLIP_LEFT_RIGHT))).save(
        path, "JPEG", quality=90
    )


def _add_post(root: Path, front: str = "") -> None:
    _photo(root / "docs/blog/posts/photos/wechat/01.jpg")
    _photo(root / "docs/blog/posts/photos/wechat/02.jpg", (900, 1200))
    text = POST.replace("---\n\n正文第一段。", f"photos: [photos/wechat/01.jpg]\nsource: 报告原文的一句话\n{front}---\n\n{BODY}")
    (root / POST_PATH).write_text(text, "utf-8")


def _article(root: Path, name: str = "wechat-test") -> str:
    page = (root / f"build/wechat/{name}.html").read_text("utf-8")
    return json.loads(re.search(r"const ARTICLE = (.*);\n", page).group(1))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A project with a post that has photos, links and a table, built with its address and exported."""
    root = copy_project(tmp_path_factory.mktemp("wechat") / "project")
    _add_post(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUFA_SITE_URL", SITE_URL)
        assert main(["--root", str(root), "build"]) == 0
        assert main(["--root", str(root), "wechat", POST_PATH]) == 0
    return root


def test_the_article_has_inline_styles_only(exported):
    article = _article(exported)
    assert "<style" not in article and "<script" not in article and "<link" not in article
    assert not re.search(r"\s(class|id)=", article)
    assert article.startswith('<section style="') and 'style="' in article
    assert "var(" not in article and "position:" not in article  # the editor drops these when saving


def test_photos_are_the_published_jpegs_by_absolute_address(exported):
    article = _article(exported)
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', article)
    assert len(sources) == 2  # the body's photo and the front matter's
    for src in sources:
        assert re.fullmatch(re.escape(SITE_URL) + r"assets/photos/0[12]-[0-9a-f]{8}-\d+\.jpg", src), src
        published = exported / "site" / src.removeprefix(SITE_URL)
        assert published.is_file()  # the very file the site serves: nothing encoded again
    widths = sorted(int(src.rsplit("-", 1)[1].removesuffix(".jpg")) for src in sources)
    assert widths == [900, 1280]  # the widest JPEG of each (a portrait photo is at most 960×1280)
    # The editor's caption is shown under its photo; the generated alt of a listed photo is not.
    assert re.search(r"<img[^>]*alt=\"现场照片\"[^>]*></p><p[^>]*>现场照片</p>", article)
    assert re.search(r"<img[^>]*alt=\"测试活动（图1）\"", article) and ">测试活动（图1）<" not in article
    assert "loading=" not in article and "data-" not in article


def test_links_outside_wechat_become_numbered_end_notes(exported):
    article = _article(exported)
    hrefs = re.findall(r'href="([^"]+)"', article)
    assert hrefs == ["https://mp.weixin.qq.com/s/abcdefg"]  # the only link the editor allows
    assert "中国法律服务网[1]" in article and "本站的服务热线[2]" in article
    assert (
        "可以在线咨询" in article and article.count("[1]") == 3
    )  # the same address keeps its number (twice in text, once in the notes)
    notes = re.findall(r"<p[^>]*>\[(\d)\] ([^<]+)</p>", article)
    assert notes == [("1", "中国法律服务网：https://www.12348.gov.cn/"), ("2", f"本站的服务热线：{SITE_URL}services/hotlines/")]
    assert "拨打12348" in article and "tel:" not in article  # a phone link is its number


def test_tables_figures_quote_and_the_read_more_line(exported):
    article = _article(exported)
    assert re.search(r"<table[^>]*>.*<td[^>]*>县城广场</td>", article, re.S)
    assert re.search(r"<li[^>]*>场次：3</li>", article)  # figures as a short list, not a table
    assert re.search(r"<blockquote[^>]*><p[^>]*><strong[^>]*>报告原文：</strong>报告原文的一句话</p></blockquote>", article)
    assert article.endswith(f"阅读原文：{SITE_URL}blog/wechat-test/</p></section>")
    page = (exported / "build/wechat/wechat-test.html").read_text("utf-8")
    assert "<dt>标题</dt><dd>测试活动</dd>" in page and f"<dt>原文链接</dt><dd>{SITE_URL}blog/wechat-test/</dd>" in page
    assert "<dt>摘要</dt><dd>正文第一段，讲活动的来龙去脉。详见中国法律服务网和本站的服务热线" in page


def test_the_post_is_found_by_its_file_name_or_bare_name(exported, capsys, monkeypatch):
    monkeypatch.setenv("PUFA_SITE_URL", SITE_URL)
    first = (exported / "build/wechat/wechat-test.html").read_text("utf-8")
    for name in ("wechat-test.md", "wechat-test", str(exported / POST_PATH)):
        assert main(["--root", str(exported), "wechat", name]) == 0
        assert (exported / "build/wechat/wechat-test.html").read_text("utf-8") == first
    assert "已导出：build/wechat/wechat-test.html（2 张照片，2 条文末注释）" in capsys.readouterr().out
    assert main(["--root", str(exported), "wechat", "pear-festival"]) == 1
    out = capsys.readouterr().out
    assert "pear-festival: 找不到这篇文章" in out and "2023-pear-festival.md" in out


def test_refused_without_a_site_address(exported, capsys, monkeypatch):
    monkeypatch.delenv("PUFA_SITE_URL", raising=False)
    target = exported / "build/wechat/2023-pear-festival.html"
    target.unlink(missing_ok=True)
    assert main(["--root", str(exported), "wechat", "2023-pear-festival"]) == 1
    out = capsys.readouterr().out
    assert re.search(
        r"^mkdocs\.yml:\d+: 导出到公众号需要网站的正式网址（site_url）：文章里的照片和“阅读原文”都指向已经发布的网站", out, re.M
    )
    assert "先在 mkdocs.yml 写上 site_url，生成网站并发布到服务器，再导出" in out
    assert out.rstrip().endswith("没有导出。") and not target.exists()


@pytest.mark.parametrize("address", ["https://pufa.example/", "http://localhost:8000/"])
def test_refused_with_an_example_address(exported, capsys, monkeypatch, address):
    # `make site` builds with the reserved example address; an export from it would send WeChat
    # readers to photos and a 阅读原文 link that do not exist.
    monkeypatch.setenv("PUFA_SITE_URL", address)
    target = exported / "build/wechat/2023-pear-festival.html"
    target.unlink(missing_ok=True)
    assert main(["--root", str(exported), "wechat", "2023-pear-festival"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^mkdocs\.yml:\d+: 网站网址（site_url）是示例地址，读者打不开", out, re.M), out
    assert f"实际“{address}”" in out
    assert out.rstrip().endswith("没有导出。") and not target.exists()


def test_refused_before_the_site_is_built(project, capsys, monkeypatch):
    monkeypatch.setenv("PUFA_SITE_URL", SITE_URL)
    assert main(["--root", str(project), "wechat", "2023-pear-festival"]) == 1
    assert "还没有生成网站" in capsys.readouterr().out
    assert not (project / "build/wechat").exists()


def test_refused_for_a_photo_or_post_that_is_not_in_the_built_site(exported, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PUFA_SITE_URL", SITE_URL)
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(exported, root)
    _photo(root / "docs/blog/posts/photos/wechat/01.jpg", (1000, 800))  # changed after the build
    assert main(["--root", str(root), "wechat", "wechat-test"]) == 1
    out = capsys.readouterr().out
    assert f"{POST_PATH}: 照片还没有生成到网站里（实际“photos/wechat/01.jpg”" in out
    (root / "docs/blog/posts/new-post.md").write_text(POST, "utf-8")
    assert main(["--root", str(root), "wechat", "new-post"]) == 1
    assert "这篇文章还没有生成到网站里" in capsys.readouterr().out


def test_drafts_and_unreviewed_posts_are_not_exported(exported, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PUFA_SITE_URL", SITE_URL)
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(exported, root)
    (root / "docs/blog/posts/draft-post.md").write_text(POST.replace("---\n\n正文", "draft: true\n---\n\n正文"), "utf-8")
    assert main(["--root", str(root), "wechat", "draft-post"]) == 1
    assert "草稿不能导出到公众号" in capsys.readouterr().out
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("extra:\n", "extra:\n  pufa:\n    require_review: true\n", 1), "utf-8")
    assert main(["--root", str(root), "wechat", "wechat-test"]) == 1
    assert f"{POST_PATH}:1: 没有终审，不能发布" in capsys.readouterr().out


def test_the_pear_festival_post_exports(exported, capsys, monkeypatch):
    monkeypatch.setenv("PUFA_SITE_URL", SITE_URL)
    assert main(["--root", str(exported), "wechat", "docs/blog/posts/2023-pear-festival.md"]) == 0
    article = _article(exported, "2023-pear-festival")
    assert "酥梨文化节" in article and "参与人次：1200余" in article and "<blockquote" in article
    assert not re.search(r"\s(class|id)=|<style", article)


# --- the real button in a real browser --------------------------------------------------------

CLIPBOARD_HTML = """async () => {
  for (const item of await navigator.clipboard.read()) {
    if (item.types.includes("text/html")) return await (await item.getType("text/html")).text();
  }
  return null;
}"""


@pytest.mark.skipif(chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`")
def test_copy_button_puts_clean_html_on_the_clipboard(tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    port = free_port()
    site_url = f"http://127.0.0.1:{port}/"
    root = copy_project(tmp_path / "project")
    _add_post(root)
    monkeypatch.setenv("PUFA_SITE_URL", site_url)
    assert main(["--root", str(root), "build"]) == 0
    assert main(["--root", str(root), "wechat", "wechat-test"]) == 0
    with serve(root / "site", port=port), serve(root / "build/wechat") as tools, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=tools.rstrip("/"))
            page = context.new_page()
            page.goto(tools + "wechat-test.html")
            # The photos load from the published site: the addresses are real.
            page.wait_for_function(
                "[...document.querySelectorAll('#article img')].every((i) => i.complete && i.naturalWidth > 0)"
            )
            page.get_by_role("button", name="复制全文").click()
            page.wait_for_function("document.getElementById('status').textContent.includes('已复制')")
            copied = page.evaluate(CLIPBOARD_HTML)
        finally:
            browser.close()
    assert copied and "报告原文" in copied and "阅读原文" in copied
    assert "<style" not in copied
    assert not re.search(r"\sclass=", copied) and not re.search(r"\sid=", copied)
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', copied)
    assert len(sources) == 2 and all(src.startswith(site_url + "assets/photos/") for src in sources), sources
    assert re.findall(r'href="([^"]+)"', copied) == ["https://mp.weixin.qq.com/s/abcdefg"]
