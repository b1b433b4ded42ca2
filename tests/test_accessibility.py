"""axe-core (WCAG 2.0/2.1 A and AA rules) in real Chromium on every kind of page, phone and desktop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import chromium_path, phone_page, serve

AXE = Path(__file__).parent / "js/node_modules/axe-core/axe.min.js"
PAGES = [
    "",  # home
    "blog/",
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
# WCAG 2.0/2.1 A and AA, plus the best-practice rule Lighthouse also scores (named dialogs).
RULES = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"
DIALOG_RULE = "{runOnly: {type: 'rule', values: ['aria-dialog-name']}}"

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
            for rules in (RULES, DIALOG_RULE):
                result = page.evaluate(f"axe.run(document, {rules})")
                found += [(path, v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert found == []
