"""The A+ large-text mode at 360 px in real Chromium: the header stays readable on every kind of page,
the button says what it will do, chart labels grow with the text; without JavaScript, nothing that
needs it is shown."""

from __future__ import annotations

import io
import os

import pytest
from browser import CHROMIUM_ARGS, chromium_path, phone_page, serve
from PIL import Image

pytestmark = pytest.mark.skipif(
    chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`"
)

# One page of every kind the site has.
KINDS = {
    "home": "",
    "post": "blog/2023-arts-light-cavalry/",
    "post list": "blog/",
    "list page 2": "blog/page/2/",
    "archive": "blog/archive/2023/",
    "category": "blog/category/arts/",
    "townships": "blog/township/",
    "township": "blog/township/all/",
    "figures": "figures/",
    "sites": "sites/",
    "site": "sites/bogewu/",
    "roster": "roster/",
    "roster township": "roster/liangwa/",
    "services": "services/",
    "hotlines": "services/hotlines/",
    "about": "about/",
    "404": "404.html",
}
BODY = "parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize)"
# The site name in the header: its box, the box of its text, and whether it is cut off.
TITLE = """() => {
  const span = document.querySelector('.md-header__topic .md-ellipsis');
  const range = document.createRange(); range.selectNodeContents(span);
  const text = range.getBoundingClientRect(), box = span.getBoundingClientRect();
  return {size: parseFloat(getComputedStyle(span).fontSize), text: [text.left, text.top, text.width, text.height],
          box: [box.left, box.top, box.width, box.height], clipped: span.scrollWidth > span.clientWidth + 1, name: span.textContent.trim()};
}"""


def _ink(png: bytes, box: list[float]) -> tuple[int, int]:
    """Width and height in pixels of the white text (the title) inside box of a header screenshot."""
    with Image.open(io.BytesIO(png)) as shot:
        left, top, width, height = (round(v) for v in box)
        region = shot.convert("L").crop((max(0, left), max(0, top), left + width, top + height))
        mask = region.point(lambda v: 255 if v > 200 else 0)  # white on the dark red header
        bbox = mask.getbbox()
    return (bbox[2] - bbox[0], bbox[3] - bbox[1]) if bbox else (0, 0)


def test_header_title_stays_readable_with_large_text_on_every_kind_of_page(built_site, tmp_path):
    with serve(built_site) as base, phone_page() as (page, _):
        page.goto(base, wait_until="networkidle")
        normal = page.evaluate(BODY)  # the body's normal size, 20 px
        page.click(".pufa-textsize")
        shots = tmp_path / "large-text-headers"
        shots.mkdir()
        for kind, path in KINDS.items():
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("document.documentElement.classList.contains('pufa-large')"), kind
            assert page.evaluate(BODY) >= normal * 1.2, kind
            header = page.locator(".md-header")
            png = header.screenshot(path=str(shots / f"{kind}.png"))
            title = page.evaluate(TITLE)
            top = header.bounding_box()["y"]
            ink_w, ink_h = _ink(png, [title["box"][0], title["box"][1] - top, title["box"][2], title["box"][3]])
            assert title["name"] == "法治鲁山" and not title["clipped"], (kind, title)
            assert title["size"] >= normal and title["text"][3] >= normal, (kind, title)
            # What is drawn: Chinese glyphs fill about 0.9 em; four of them, not an 11 px sliver.
            assert ink_h >= 0.8 * normal and ink_w >= len(title["name"]) * 0.8 * normal, (kind, ink_w, ink_h)
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, kind


def test_the_button_says_what_a_tap_will_do(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        page.goto(base, wait_until="networkidle")
        button = page.get_by_role("button", name="放大文字", exact=True)
        assert button.is_visible() and button.get_attribute("title") == "放大文字"
        button.click()
        on = page.get_by_role("button", name="恢复默认字号", exact=True)
        assert on.is_visible() and on.get_attribute("title") == "恢复默认字号"
        assert page.get_by_role("button", name="放大文字", exact=True).count() == 0
        page.goto(base + "about/", wait_until="networkidle")  # remembered, and named so on the next page
        assert page.get_by_role("button", name="恢复默认字号", exact=True).get_attribute("title") == "恢复默认字号"
        page.get_by_role("button", name="恢复默认字号", exact=True).click()
        assert page.get_by_role("button", name="放大文字", exact=True).is_visible()
        assert not page.evaluate("document.documentElement.classList.contains('pufa-large')")


def test_the_tooltip_follows_the_state_after_the_pointer_leaves(built_site):
    # Material's tooltips copy a header button's title once and put that copy back after a hover:
    # without pufa.js keeping them in step, a mouse user saw 放大文字 on a button that now shrinks.
    with serve(built_site) as base, phone_page() as (page, _):
        page.goto(base, wait_until="networkidle")
        button = page.locator("button.pufa-textsize")
        button.hover()
        page.wait_for_timeout(400)
        button.click()
        page.mouse.move(5, 700)
        page.wait_for_timeout(600)  # Material restores the title 250 ms after the pointer leaves
        assert button.get_attribute("title") == "恢复默认字号"
        button.hover()
        page.wait_for_timeout(600)
        tip = page.locator(f"[id='{button.get_attribute('aria-describedby')}'] .md-typeset")
        assert tip.inner_text() == "恢复默认字号"


CHART_LABELS = """() => Array.from(document.querySelectorAll('svg.pufa-bars')).map(svg => {
  const frame = svg.closest('.md-content__inner').getBoundingClientRect();
  return Array.from(svg.querySelectorAll('text')).map(t => { const r = t.getBoundingClientRect();
    return {height: r.height, size: parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
            inside: r.left >= frame.left - 1 && r.right <= frame.right + 1}; });
}).flat()"""


def test_chart_labels_grow_with_the_text(built_site):
    with serve(built_site) as base, phone_page() as (page, _):
        page.goto(base + "figures/", wait_until="networkidle")
        normal = page.evaluate(CHART_LABELS)
        page.click(".pufa-textsize")
        page.wait_for_timeout(100)
        large = page.evaluate(CHART_LABELS)
    assert len(normal) == len(large) >= 10
    for before, after in zip(normal, large, strict=False):
        assert after["size"] >= before["size"] * 1.2 and after["height"] >= before["height"] * 1.1
        assert before["inside"] and after["inside"]  # nothing runs off the screen
    assert min(label["size"] for label in normal) >= 15  # px on the screen: readable, not 12


def _visible_controls(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('button, input:not([type=checkbox]):not([type=radio]), select, textarea, label[for=__search]'))
      .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}) && e.getBoundingClientRect().width > 0)
      .map(e => e.outerHTML.slice(0, 80))""")


def test_without_javascript_no_control_that_needs_it_is_shown(built_site):
    from playwright.sync_api import sync_playwright

    with serve(built_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for javascript in (False, True):
                context = browser.new_context(
                    viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True, java_script_enabled=javascript
                )
                page = context.new_page()
                shown = {}
                for kind, path in KINDS.items():
                    page.goto(base + path, wait_until="load")
                    shown[kind] = _visible_controls(page)
                context.close()
                if javascript:  # the same pages do have them when JavaScript runs
                    assert any("pufa-textsize" in c for c in shown["home"]) and any(
                        "pufa-roster-filter" in c for c in shown["roster township"]
                    )
                    assert any("data-pufa-open-search" in c for c in shown["404"])
                else:
                    assert shown == {kind: [] for kind in KINDS}
        finally:
            browser.close()


def test_roster_filter_works_from_the_theme_script(built_site):
    html = (built_site / "roster/liangwa/index.html").read_text("utf-8")
    content = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    assert "<script" not in content  # page content carries no scripts
    with serve(built_site) as base, phone_page() as (page, _):
        page.goto(base + "roster/", wait_until="networkidle")
        page.click("text=梁洼镇")  # instant navigation: the filter must work without a page reload
        page.wait_for_selector("#pufa-roster-filter")
        names = page.locator(".pufa-people li:visible")
        before = names.count()
        page.fill("#pufa-roster-filter", "示例人员甲")
        assert 1 <= names.count() < before
        page.fill("#pufa-roster-filter", "")
        assert names.count() == before
