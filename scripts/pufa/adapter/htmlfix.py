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
Also two accessibility gaps (axe best practices):
- "aria-dialog-name": the search dialog has no name, so screen readers announce an unnamed dialog.
- "landmark-unique": with navigation.indexes a nav section's toggle <label> holds only an icon, and
  the section's <nav> takes its name from that label (aria-labelledby), so every such section is
  an unnamed navigation landmark. The <nav> is named with the section's title instead.
"""

from __future__ import annotations

import html as htmllib
import re

from pufa.pages.csp import with_meta

_CHECKBOX = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_SECTION = re.compile(r'<div class="md-nav__link md-nav__container">(.*?)</div>', re.S)
_SECTION_TOGGLE = re.compile(
    r'<label class="md-nav__link[^"]*" for="__nav_[\d_]+" id="(__nav_[\d_]+_label)"[^>]*>(.*?)</label>', re.S
)
_TAGS = re.compile(r"<[^>]+>")


def fix_engine_html(html: str) -> str:
    html = _CHECKBOX.sub(r"\1", html)
    html = html.replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = html.replace(' for="__toc"', "")
    html = html.replace(
        'data-md-component="search" role="dialog">', 'data-md-component="search" role="dialog" aria-label="站内搜索">'
    )
    html = _name_section_navs(html)
    return with_meta(html)


def _name_section_navs(html: str) -> str:
    names = {}
    for section in _SECTION.finditer(html):
        link, _, rest = section.group(1).partition("<label")
        toggle = _SECTION_TOGGLE.match("<label" + rest)
        title = " ".join(htmllib.unescape(_TAGS.sub(" ", link)).split())
        if toggle and title and not _TAGS.sub("", toggle.group(2)).strip():  # the label is only an icon
            names[toggle.group(1)] = title
    for label_id, title in names.items():
        html = html.replace(f'aria-labelledby="{label_id}"', f'aria-label="{htmllib.escape(title)}"')
    return html
