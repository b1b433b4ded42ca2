"""The page kinds: posts, legal-culture sites, the roster, hotlines and service points, figures, and the short links they claim.

Each kind module ends with one `KIND = Kind(...)` that says in one place everything the rest of
the program needs to know about it; kinds/registry.py lists them. The loader (content.py), the
MkDocs adapter, `python -m pufa new` and the message catalogue iterate the registry and never
name a kind, so a new kind is one module, its templates, its tests and one registry line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

# (markdown of the page, its src_uri, the content) -> Markdown: what a <!-- pufa:name --> becomes.
MarkerRenderer = Callable[[str, Any], str]


@dataclass(frozen=True)
class Scaffold:
    """What `python -m pufa new <kind>` asks and writes (kinds/scaffolding.py has the helpers)."""

    help: str  # one phrase for the command's help: 普法活动文章
    title: str  # shown before the first question: 新建普法活动文章
    draft: Callable[..., Any]  # (root, args, asker, loaded) -> Draft | None
    arguments: Callable[[Any], None] | None = None  # adds this kind's own flags to the parser


@dataclass(frozen=True)
class Command:
    """A command of its own, `python -m pufa <name>` (the village notice boards print with one)."""

    name: str
    help: str
    arguments: Callable[[Any], None]  # adds its flags to its subparser
    run: Callable[..., int]  # (root, loaded, args) -> exit status; called only when the content has no problems


@dataclass(frozen=True)
class Kind:
    name: str  # English id, also `python -m pufa new <name>`: post, site, case
    label: str  # what editors call it: 普法活动文章
    # Pages under docs/ (front matter): their folder, which src_uri belong to it, and the checker
    # check(fm, rel, src_uri, docs_dir, content) -> (item or None, problems).
    folder: str = ""
    check: Callable[..., tuple[Any, list]] | None = None
    owns: Callable[[str], bool] | None = None  # default: under folder, not an index.md
    configured: Callable[[Any], str] | None = None  # the folder as mkdocs.yml sets it (siteconfig.SiteSettings -> folder)
    keys: tuple[str, ...] = ()  # front-matter schema: allowed keys (the required ones are checked in check)
    order: Callable[[list], Iterable] | None = None  # sorts the checked items
    unpublished: Callable[[Any], str] | None = None  # item -> why it is not published ("" when it is)
    # Lists under data/: load(root, content) -> ({Content field or kinds key: value}, problems).
    load: Callable[[Path, Any], tuple[Mapping[str, Any], list]] | None = None
    # The same, for lists its page checks need (a case's data/laws.yml): loaded before any page.
    load_first: Callable[[Path, Any], tuple[Mapping[str, Any], list]] | None = None
    store: str = ""  # Content field that holds the checked pages; "" = content.kinds[name]
    # What the build makes of it.
    pages: Callable[[Any], dict[str, str]] | None = None  # content -> {src_uri: Markdown} of generated pages
    index: str = ""  # src_uri of its index page (generated or the editor's)
    # Where the index goes in the site's navigation when mkdocs.yml's nav does not list it:
    # (section title, page title), or ("", page title) for the top level. Its folder is then left
    # out of the navigation (not_in_nav) by itself.
    nav: tuple[str, str] | None = None
    engine_file: Callable[..., str] | None = None  # (item, content, loaded) -> the page file the engine reads instead
    render_page: Callable[[Any, str, Any, str], str] | None = None  # (item, markdown, content, site_url) -> Markdown
    markers: Mapping[str, MarkerRenderer] = field(default_factory=dict)  # <!-- pufa:name --> placeholders
    scaffold: Scaffold | None = None
    command: Command | None = None
    reserved: tuple[str, ...] = ()  # folders under docs/ it owns: no plain page may go there
    short_links: Callable[[Any], Mapping[str, tuple[str, str]]] | None = None  # ids the build generates -> (src_uri, anchor)
    public_numbers: Callable[[Any], Iterable[str]] | None = None  # phone numbers the site may show
    # Its messages in the guide: area heading, what the area is about, and the modules whose messages it holds.
    area: str = ""
    area_note: str = ""
    modules: tuple[str, ...] = ()

    def is_page(self, src_uri: str, folder: str | None = None) -> bool:
        """folder: where mkdocs.yml puts this kind's pages, when it says (see `configured`)."""
        if self.check is None:
            return False
        if self.owns is not None:
            return self.owns(src_uri)
        folder = self.folder if folder is None else folder
        return bool(folder) and src_uri.startswith(folder) and not src_uri.endswith("index.md")

    def items(self, content) -> tuple:
        """Its checked pages or loaded list, from the content."""
        if self.store:
            return getattr(content, self.store)
        return content.kinds.get(self.name, ())


def store(content, values: Mapping[str, Any]):
    """content with values set: Content's own fields by name, everything else in content.kinds."""
    from dataclasses import replace

    own = {f.name for f in fields(content)} - {"kinds"}
    kinds = {**content.kinds, **{k: v for k, v in values.items() if k not in own}}
    return replace(content, kinds=kinds, **{k: v for k, v in values.items() if k in own})
