"""Real headless Chromium at 360×800: nothing is requested from another host, pages fit phones."""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest
from browser import chromium_path, phone_page, serve

from pufa.adapter import engine

# Skipped only outside CI: in CI a missing browser must fail, not turn green.
pytestmark = pytest.mark.skipif(
    chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`"
)

PAGES = {
    "home": "",
    "post": "blog/2023-arts-light-cavalry/",
    "archive": "blog/archive/2023/",
    "category": "blog/category/arts/",
    "township": "blog/township/",
    "about": "about/",
}


def test_pages_request_nothing_from_other_hosts(built_site):
    with serve(built_site) as base, phone_page() as (page, requests):
        host = urlparse(base).netloc
        for name, path in PAGES.items():
            response = page.goto(base + path, wait_until="networkidle")
            assert response.status == 200, name
        # Search too: the worker and its index must come from this host as well.
        page.click("label[for=__search]")
        page.fill("input[data-md-component=search-query]", "法律明白人")
        page.press("input[data-md-component=search-query]", "End")  # Material searches on key events
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert len(requests) > 10
        foreign = [url for url in requests if urlparse(url).netloc not in (host, "") and not url.startswith("data:")]
        assert foreign == []


def test_pages_fit_a_phone_and_show_post_meta(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        for name, path in PAGES.items():
            page.goto(base + path, wait_until="networkidle")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (name, overflow)
        page.goto(base + PAGES["post"], wait_until="networkidle")
        meta = page.locator(".md-content .pufa-post-meta")
        assert meta.is_visible()
        assert "2023年" in meta.inner_text() and "普法文艺" in meta.inner_text()
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content p')).fontSize)")
        assert size >= 16


def test_site_works_under_a_sub_path(project):
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace('site_url: !ENV [PUFA_SITE_URL, ""]', "site_url: http://127.0.0.1/pufa/"), "utf-8"
    )
    assert engine.build(project) == 0
    failed = []
    with serve(project / "site", prefix="/pufa") as base, phone_page() as (page, _):
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        # 404.html is what the server returns for any missing path, at any depth.
        for path in [*list(PAGES.values()), "404.html"]:
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("document.styleSheets.length") >= 2, path
    assert failed == []


def test_short_link_opens_its_page(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        page.goto(base + "p/sites/")
        page.wait_for_url(base + "sites/", timeout=10000)
        assert page.title().startswith("法治文化阵地")


def test_search_index_is_fetched_only_when_search_opens(built_site):
    with serve(built_site) as base, phone_page() as (page, requests):
        page.goto(base + "blog/2023-arts-light-cavalry/", wait_until="networkidle")
        page.wait_for_timeout(500)
        assert not [url for url in requests if "search_index" in url]
        page.click("label[for=__search]")
        page.fill("input[data-md-component=search-query]", "坠子")
        page.press("input[data-md-component=search-query]", "End")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert [url for url in requests if url.endswith("search/search_index.json")]
        assert "普法坠子" in page.inner_text(".md-search-result")


def test_search_index_is_compact_utf8(built_site):
    raw = (built_site / "search/search_index.json").read_bytes()
    assert b"\\u6cd5" not in raw and "法治".encode() in raw  # no \\uXXXX escapes
    assert b'": ' not in raw and b", " not in raw[:2000]  # no pretty separators
    assert "示例人员".encode() not in raw  # roster pages stay out of search


def test_large_text_toggle_persists_and_pages_still_fit(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        page.goto(base, wait_until="networkidle")
        size = lambda: page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize)")  # noqa: E731
        normal = size()
        page.click(".pufa-textsize")
        assert size() >= normal * 1.2
        assert page.get_attribute(".pufa-textsize", "title") == "恢复默认字号"
        for path in PAGES.values():  # remembered on the next pages, and nothing overflows sideways
            page.goto(base + path, wait_until="networkidle")
            assert size() >= normal * 1.2, path
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path


def test_tap_targets_in_header_are_at_least_44px(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        page.goto(base, wait_until="networkidle")
        for selector in (".pufa-textsize", ".pufa-header-call", "label[for=__search]", "label[for=__drawer]"):
            box = page.locator(f".md-header {selector}").first.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (selector, box)
        # The A+ button's spoken name (“放大文字”) is for screen readers only: the header keeps its title.
        assert page.locator(".pufa-textsize").bounding_box()["width"] < 90
        assert page.locator(".md-header__topic .md-ellipsis").first.bounding_box()["width"] > 60
