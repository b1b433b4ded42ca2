"""The browser's own wall: every page's Content-Security-Policy blocks loads from other hosts even if
something slipped past the build, and the site's own features keep working under it (real Chromium)."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

import pytest
from browser import chromium_path, free_port, phone_page, serve

from pufa.adapter import engine
from pufa.pages import csp

pytestmark = pytest.mark.skipif(
    chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`"
)

# Everything that would make Chromium fetch from another host, placed into a built page as if it
# had slipped past the gate (the gate refuses each of these; see test_gate_foreign.py).
HOSTILE = """
<img src="https://evil.example/img.png" alt="">
<img srcset="https://evil.example/srcset.png 2x" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
<p style="background-image:url(&quot;https://evil.example/style.png&quot;)">背景</p>
<div style="background: image-set('https://evil.example/imageset.png' 1x)">图集</div>
<svg width="10" height="10"><image href="https://evil.example/svg.png" width="10" height="10"/></svg>
<link rel="stylesheet" href="https://evil.example/style.css">
<script src="https://evil.example/script.js"></script>
<script>fetch("https://evil.example/fetch").catch(function () {});</script>
<iframe src="https://evil.example/frame.html" title="x"></iframe>
<video src="https://evil.example/video.mp4"></video>
<object data="https://evil.example/object.swf"></object>
<style>@font-face{font-family:x;src:url(https://evil.example/font.woff2)}p{font-family:x}</style>
<img src="missing.png" onerror="this.src='https://evil.example/onerror.png'" alt="">
"""


def _foreign(requests: list[str], base: str) -> list[str]:
    host = urlparse(base).netloc
    return [url for url in requests if urlparse(url).netloc not in (host, "") and not url.startswith(("data:", "blob:"))]


def _watch_foreign(page, base: str) -> list[str]:
    """Every request Chromium actually makes to another host, answered at once with an error
    (this machine has no route out; waiting for a time-out would only slow the test)."""
    host, seen = urlparse(base).netloc, []

    def handle(route):
        url = route.request.url
        if urlparse(url).netloc not in (host, "") and not url.startswith(("data:", "blob:")):
            seen.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", handle)
    return seen


def _plant(site, path: str, *, keep_policy: bool):
    page = site / path
    html = page.read_text("utf-8")
    if not keep_policy:
        html = html.replace(csp.META, "")
    page.write_text(html.replace("</article>", HOSTILE + "</article>", 1), "utf-8")


def test_the_policy_stops_every_hostile_load_and_without_it_they_go_out(built_baseline, tmp_path):
    guarded, bare = tmp_path / "guarded", tmp_path / "bare"
    shutil.copytree(built_baseline / "site", guarded)
    shutil.copytree(built_baseline / "site", bare)
    _plant(guarded, "about/index.html", keep_policy=True)
    _plant(bare, "about/index.html", keep_policy=False)
    # Control: without the policy Chromium really tries these hosts, so the check below can fail.
    with serve(bare) as base, phone_page() as (page, _requests):
        attempted = _watch_foreign(page, base)
        page.goto(base + "about/", wait_until="domcontentloaded")
        page.wait_for_timeout(2000)
        assert len(set(attempted)) >= 8, attempted
    with serve(guarded) as base, phone_page() as (page, _requests):
        attempted = _watch_foreign(page, base)
        violations = []
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(base + "about/", wait_until="domcontentloaded")
        page.wait_for_timeout(2000)
        # Chromium still announces the blocked requests to the page (and an onerror handler keeps
        # retrying one), but none reaches the network: the route above sees every request that does.
        assert attempted == []
        assert violations  # and it reports what it blocked


def test_the_sites_own_features_work_under_the_policy(project, capsys):
    port = free_port()
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace('site_url: !ENV [PUFA_SITE_URL, ""]', f"site_url: http://127.0.0.1:{port}/"), "utf-8"
    )
    (project / "data/roster.csv").write_text(
        "姓名,性别,乡镇（街道）,村（社区）,类别,身份职务,联系电话,同意公开电话,同意日期,状态,示例\n"
        "测试甲,男,梁洼镇,东村,法律明白人,调解员,,否,,在册,是\n测试乙,女,梁洼镇,西村,法律明白人,网格员,,否,,在册,是\n",
        "utf-8",
    )
    assert engine.build(project) == 0
    with serve(project / "site", port=port) as base, phone_page() as (page, requests):
        violations = []
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(base, wait_until="networkidle")
        assert csp.POLICY in page.inner_html("head") or page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        # Instant navigation: a click loads the next page without a new document.
        page.evaluate("window.pufaSameDocument = true")
        link = page.locator(".md-content a[href*='/blog/2023']").first
        target = link.get_attribute("href")
        link.click()
        page.wait_for_url(target)
        page.wait_for_selector(".pufa-post-meta")
        assert page.evaluate("window.pufaSameDocument === true")
        # Search.
        page.click("label[for=__search]")
        page.fill("input[data-md-component=search-query]", "法律明白人")
        page.press("input[data-md-component=search-query]", "End")
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
        assert page.locator(".md-search-result__item").count() > 0
        page.keyboard.press("Escape")
        # Large text.
        page.click(".pufa-textsize")
        assert page.evaluate("document.documentElement.classList.contains('pufa-large')")
        # The roster filter.
        page.goto(base + "roster/liangwa/", wait_until="networkidle")
        page.fill("#pufa-roster-filter", "东村")
        page.wait_for_timeout(200)
        assert page.locator("[data-village='西村']").is_hidden() and page.locator("[data-village='东村']").is_visible()
        assert violations == []
        assert _foreign(requests, base) == []
