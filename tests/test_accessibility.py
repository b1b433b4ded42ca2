"""axe-core in real Chromium on every kind of page, phone and desktop: every rule that applies (WCAG A and AA,
best practices such as landmark-unique and heading order), not only a chosen subset."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import chromium_path, phone_page, serve

AXE = Path(__file__).parent / "js/node_modules/axe-core/axe.min.js"
PAGES = [
    "",  # home
    "blog/",
    "blog/page/2/",
    "blog/2023-arts-light-cavalry/",
    "blog/archive/2023/",
    "blog/category/arts/",
    "blog/township/",
    "blog/township/all/",
    "figures/",
    "sites/",
    "sites/bogewu/",
    "roster/",
    "roster/liangwa/",
    "services/",
    "services/hotlines/",
    "about/",
    "404.html",
]
# axe's default run: every rule except those axe itself marks experimental (not yet reliable).
RULES = "{resultTypes: ['violations']}"

pytestmark = pytest.mark.skipif(
    (chromium_path() is None or not AXE.is_file()) and not os.environ.get("CI"),
    reason="chromium and axe-core are installed by `make test`",
)


@pytest.mark.parametrize(("width", "height"), [(360, 800), (1280, 900)], ids=["phone", "desktop"])
def test_no_axe_violations_on_any_kind_of_page(built_site, width, height):
    script = AXE.read_text("utf-8")
    found = []
    with serve(built_site) as base, phone_page(width, height) as (page, _):
        for path in PAGES:
            page.goto(base + path, wait_until="networkidle")
            page.add_script_tag(content=script)
            result = page.evaluate(f"axe.run(document, {RULES})")
            found += [(path, v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert found == []
