"""Every kind of page, in one list: the loader, the adapter, `python -m pufa new` and the message
catalogue iterate it and never name a kind (see kinds/__init__.py for what a kind declares).

A new kind is a module with a `KIND`, its templates and tests, and one line here. The order is
the order of generated pages, of placeholders in messages and of the kinds' sections in the
guide's message list.
"""

from __future__ import annotations

from importlib import import_module

from pufa.kinds import Kind, shortlinks
from pufa.schema import MARKER
from pufa.workflow import observances

# The modules under kinds/ that declare a KIND, one a line.
MODULES = (
    "posts",
    "sites",
    "rosterpages",
    "services",
    "figures",
    "cases",
    "responsibility",
    "boards",
)
KINDS: tuple[Kind, ...] = tuple(import_module(f"pufa.kinds.{name}").KIND for name in MODULES)

# <!-- pufa:name --> placeholders: each kind's, and the 普法 calendar's (not a kind of page).
RENDERERS = {name: render for kind in KINDS for name, render in kind.markers.items()}
RENDERERS["next-pufa-days"] = observances.render_next_days
MARKERS = tuple(RENDERERS)

# Folders under docs/ that belong to a kind or to generated pages: a plain page there would be
# checked as something else or collide with what the build writes.
RESERVED = (*(folder for kind in KINDS for folder in kind.reserved), shortlinks.PREFIX)


def page_kinds() -> tuple[Kind, ...]:
    return tuple(kind for kind in KINDS if kind.check is not None)


def folders(settings) -> dict[str, str]:
    """Kind name -> its folder under docs/ as mkdocs.yml sets it (siteconfig.SiteSettings)."""
    return {kind.name: kind.configured(settings) for kind in KINDS if kind.configured is not None}


def kind_of_page(src_uri: str, configured: dict[str, str] | None = None) -> Kind | None:
    configured = configured or {}
    return next((kind for kind in KINDS if kind.is_page(src_uri, configured.get(kind.name))), None)


def render_markers(markdown: str, page_src: str, content) -> str:
    """Replace <!-- pufa:… --> placeholders (validated by content.py) with generated Markdown."""
    return MARKER.sub(lambda m: RENDERERS[m.group(1)](page_src, content), markdown)


def generated_pages(content) -> dict[str, str]:
    """src_uri -> Markdown of every page the build writes itself (archives, roster, figures …)."""
    pages: dict[str, str] = {}
    for kind in KINDS:
        if kind.pages is not None:
            pages |= kind.pages(content)
    return pages


def scaffolds() -> dict[str, Kind]:
    """The kinds `python -m pufa new` can start, by name."""
    return {kind.name: kind for kind in KINDS if kind.scaffold is not None}


def commands() -> dict[str, Kind]:
    """Kinds with a command of their own, by command name."""
    return {kind.command.name: kind for kind in KINDS if kind.command is not None}


def with_kinds_in_nav(nav: list) -> tuple[list, list[str]]:
    """mkdocs.yml's nav with each kind's index page added where the kind says, unless the bureau
    has put it somewhere already; and the folders (gitignore lines) to leave out of the nav."""
    nav = list(nav)
    hidden = []
    for kind in KINDS:
        if kind.nav is None or not kind.index:
            continue
        hidden += [f"/{folder}" for folder in kind.reserved]
        if kind.index in _pages_in(nav):
            continue
        section, title = kind.nav
        for position, item in enumerate(nav):
            if section and isinstance(item, dict) and isinstance(item.get(section), list):
                nav[position] = {section: [*item[section], {title: kind.index}]}
                break
        else:
            nav.append({title: kind.index})
    return nav, hidden


def _pages_in(nav) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_pages_in(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_pages_in(v) for v in nav)) if nav else set()
    return set()
