"""What a phone must fetch before it can draw a page: Material's stylesheet and the page itself.

Script files load after the first frame is drawn, our own stylesheet is inline, and photos below
the first screen wait until the reader scrolls near them (Lighthouse LCP in `make bench`)."""

from __future__ import annotations

import json
import os
import re

import pytest
from browser import chromium_path, phone_page, serve
from conftest import POST
from test_photo_build import _phone_photo

from pufa.adapter import engine

PAGES = [
    "index.html",
    "blog/2023-arts-light-cavalry/index.html",
    "sites/bogewu/index.html",
    "roster/liangwa/index.html",
    "404.html",
]


@pytest.mark.parametrize("page", PAGES)
def test_only_the_theme_stylesheet_blocks_drawing(built_site, page):
    html = (built_site / page).read_text("utf-8")
    assert re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html) == []  # every script file comes from the loader
    sources = json.loads(re.search(r"pufa \(pageload\.py\).*\}\)\((\[.*?\])\);</script>", html).group(1))
    assert re.search(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$", sources[0])  # Material's first, then ours
    assert [s.rsplit("/", 1)[1] for s in sources[1:]] == ["pufa.js", "pufa-search.js"]
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(sheets) == 1 and re.search(r"assets/stylesheets/main\.[0-9a-f]{8}\.min\.css$", sheets[0]), sheets
    assert ".pufa-hotline" in html.split("</head>", 1)[0]  # pufa.css, inline
    assert "/*" not in html.split("</head>", 1)[0].split("<style>", 1)[1].split("</style>", 1)[0]  # without its comments
    assert (built_site / "assets/stylesheets/pufa.css").is_file()  # still published for anything that links it


def _long_post_with_photos(project):
    _phone_photo(project / "docs/blog/posts/photos/long/top.jpg", (1200, 900))
    _phone_photo(project / "docs/blog/posts/photos/long/deep.jpg", (1200, 900))
    text = "正文很长。" * 400  # several screens of text
    body = f"第一段。\n\n![开头的照片](photos/long/top.jpg)\n\n{text}\n\n![后面的照片](photos/long/deep.jpg)"
    (project / "docs/blog/posts/long.md").write_text(POST.replace("正文第一段。", body), "utf-8")


def test_photos_below_the_first_screen_wait_for_the_reader(project):
    _long_post_with_photos(project)
    assert engine.build(project) == 0
    html = (project / "site/blog/long/index.html").read_text("utf-8")
    top, deep = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert 'fetchpriority="high"' in top and "loading=" not in top
    assert 'loading="lazy"' in deep and "fetchpriority" not in deep
    if chromium_path() is None and not os.environ.get("CI"):
        return
    with serve(project / "site") as base, phone_page() as (page, requests):
        page.goto(base + "blog/long/", wait_until="networkidle")
        page.wait_for_timeout(300)
        assert any("top" in url.rsplit("/", 1)[-1] for url in requests)
        assert not [url for url in requests if "deep" in url.rsplit("/", 1)[-1]]  # not before the reader gets near
        deep_photo = page.locator("img[alt=后面的照片]")
        deep_photo.scroll_into_view_if_needed()
        for _ in range(100):  # the page's CSP forbids wait_for_function's eval: poll instead
            if deep_photo.evaluate("img => img.complete && img.naturalWidth > 0"):
                break
            page.wait_for_timeout(100)
        assert [url for url in requests if "deep" in url.rsplit("/", 1)[-1]]
        box = deep_photo.bounding_box()
        ratio = int(deep_photo.get_attribute("height")) / int(deep_photo.get_attribute("width"))
        assert box["width"] > 300 and abs(box["height"] / box["width"] - ratio) < 0.02  # its real size, not the placeholder's
        assert (
            page.evaluate("getComputedStyle(document.querySelector('img[alt=后面的照片]').parentElement).contentVisibility")
            == "auto"
        )


@pytest.mark.skipif(chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`")
def test_scripts_load_after_the_first_paint_and_the_theme_still_starts(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        # The first frame the browser renders (its rendering steps run rAF callbacks, then paint).
        page.add_init_script("requestAnimationFrame(() => { window.__firstFrame = performance.now(); })")
        page.goto(base + "figures/", wait_until="networkidle")
        timing = page.evaluate("""() => ({
          paint: window.__firstFrame,
          scripts: performance.getEntriesByType('resource').filter(r => r.initiatorType === 'script' && r.name.endsWith('.js')).map(r => [r.name.split('/').pop(), r.startTime]),
          classes: document.documentElement.className})""")
        names = [name for name, _ in timing["scripts"]]
        assert names[:3] == [*[n for n in names if n.startswith("bundle.")][:1], "pufa.js", "pufa-search.js"], names
        assert all(start >= timing["paint"] for _, start in timing["scripts"]), timing  # the page is drawn first
        assert "js" in timing["classes"].split() and "no-js" not in timing["classes"]
        # Material started (DOMContentLoaded sent again): its table wrappers, named by pufa.js.
        assert page.locator(".md-typeset__scrollwrap[role=region]").count() >= 5
        page.click("label[for=__search]")  # and its search dialog answers
        page.fill("input[data-md-component=search-query]", "法律明白人")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
