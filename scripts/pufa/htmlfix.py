"""Repairs to the theme's HTML that the Nu HTML checker (W3C validator) reports on every page.

Material 9.8 writes three kinds of invalid markup; each fix below keeps the page's behaviour:
- autocomplete="off" on its checkbox toggles (drawer, search, nav sections): not allowed on
  checkboxes. Material adds it so Firefox does not restore an open drawer on "back"; a page load
  starts with every toggle closed anyway.
- tabindex="" on the active section's label: an empty tabindex is not a number; without the
  attribute the label behaves the same (it was meant to be neither 0 nor -1).
- <label for="__toc"> on pages that have no table-of-contents toggle: a label must point at a
  control that exists; without it the label is plain text, which is what it shows.
Also the Content-Security-Policy <meta> (csp.py), first in <head>.
Also one accessibility gap (Lighthouse/axe best practice "aria-dialog-name"): the search dialog
has no name, so screen readers announce an unnamed dialog.
"""

from __future__ import annotations

import re

from pufa.csp import with_meta

_CHECKBOX = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')


def fix_engine_html(html: str) -> str:
    html = _CHECKBOX.sub(r"\1", html)
    html = html.replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = html.replace(' for="__toc"', "")
    html = html.replace('data-md-component="search" role="dialog">', 'data-md-component="search" role="dialog" aria-label="站内搜索">')
    return with_meta(html)
