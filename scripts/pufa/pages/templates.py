"""Jinja2 templates kept with the package (scripts/pufa/templates/<kind>/), for the kinds' pages.

Autoescape is on for every template, Markdown included: whatever an editor typed reaches the page
as text, never as markup. `|md` also escapes Markdown's own syntax ([]*_`), for text inside
Markdown; a value that is already safe HTML is passed as markupsafe.Markup.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pufa.pages.render import md_text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pufa", "templates"),
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt name fails the test, not the page
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = lambda value: Markup(md_text(str(value)))
    return env


def render(name: str, **values) -> str:
    """The template at templates/<name>, filled in."""
    return _environment().get_template(name).render(**values)
