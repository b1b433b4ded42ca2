"""Load and validate everything an editor keeps: data/ lists and every file under docs/.

`load_content` never stops at the first mistake: it returns every problem in every file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pufa import personal, workflow
from pufa.kinds import registry, shortlinks, store
from pufa.model import Content
from pufa.problems import Problem, quote
from pufa.schema import MARKER, PAGE_KEYS, SAFE_PATH
from pufa.sources import data, docfiles, fields, frontmatter, siteconfig, synonyms
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.textfile import read_text
from pufa.workflow import observances  # publishing workflow: calendar, review, freshness, wording

# Placeholders an editor may put in a page; the build replaces them (kinds/registry.py).
MARKERS = registry.MARKERS
__all__ = ["MARKER", "MARKERS", "Loaded", "Reloaded", "load_content", "rel_path", "reload_page"]


@dataclass
class Loaded:
    content: Content
    pages: dict[str, FrontMatter] = field(default_factory=dict)  # src_uri -> front matter
    qr_owners: dict[str, tuple[str, str]] = field(default_factory=dict)  # short-link id -> (src_uri, anchor) of a published page
    qr_unpublished: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # id claimed only by a draft or excluded page -> (src_uri, why)
    files: docfiles.DocFiles = field(default_factory=docfiles.DocFiles)  # what under docs/ is published, by kind
    public_numbers: frozenset[str] = frozenset()  # digits of every phone number the site may show
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # search: word citizens type -> terms pages use
    problems: list[Problem] = field(default_factory=list)
    # Publishing workflow (workflow.py). Reminders and notes that stop nothing, printed after the problems:
    warnings: list[Problem] = field(default_factory=list)
    # What only a publish build refuses (a post without 终审 when review is required); the preview shows it as 待审:
    publish_problems: list[Problem] = field(default_factory=list)
    workflow: workflow.Settings = field(default_factory=workflow.Settings)  # extra.pufa of mkdocs.yml
    pending_review: frozenset[str] = frozenset()  # src_uri of posts the preview marks 待审 (set by the engine)
    texts: dict[str, str] = field(default_factory=dict)  # src_uri -> the page's text, for the wording check
    docs_dir: Path | None = None  # where the pages were read from
    folders: dict[str, str] = field(default_factory=dict)  # kind name -> its folder under docs/ (registry.folders)


@dataclass
class Reloaded:
    """One page read and checked again (reload_page)."""

    src_uri: str
    text: str | None
    front: FrontMatter | None
    kind: object  # registry.Kind, or None for a plain page
    item: object  # what the kind made of the page (a Post …), or None
    problems: list[Problem]


def load_content(root: Path, docs_dir: Path | None = None, today: dt.date | None = None) -> Loaded:
    """today: the day to check dates against (default: PUFA_TODAY or the computer's date)."""
    root = Path(root)
    docs_dir = Path(docs_dir) if docs_dir else root / "docs"
    on, problems = workflow.today(today)
    settings, townships, found = data.load_townships(root)
    problems += found
    categories, found = data.load_categories(root)
    problems += found
    reported, found = data.load_reported(root)
    problems += found
    calendar, found = observances.load_calendar(root)
    problems += found
    content = Content(
        county=settings.get("county", ""),
        county_label=settings.get("county_label", "全县"),
        villages_reported=settings.get("villages_reported", 0),
        townships=tuple(townships),
        categories=tuple(categories),
        reported=reported,
        calendar=calendar,
        today=on,
    )
    settings, found = siteconfig.read_config(root)
    loaded = Loaded(content, problems=problems + found)
    loaded.workflow, found = workflow.read_settings(settings.extra)
    loaded.problems += found
    docs_rel = rel_path(docs_dir, root)
    loaded.docs_dir = docs_dir
    loaded.files = docfiles.scan_docs(docs_dir, docs_rel, settings.exclude_docs)
    loaded.problems += loaded.files.problems
    for kind in registry.KINDS:  # lists the page checks need
        if kind.load_first is not None:
            values, problems = kind.load_first(root, loaded.content)
            loaded.problems += problems
            loaded.content = store(loaded.content, values)
    found: dict[str, list] = {kind.name: [] for kind in registry.page_kinds()}
    folders = loaded.folders = registry.folders(settings)  # the posts' folder is the blog plugin's
    for src_uri in sorted(loaded.files.kinds):
        path, rel = docs_dir / src_uri, f"{docs_rel}/{src_uri}"
        if not SAFE_PATH.match(src_uri):
            loaded.problems.append(
                Problem(
                    rel,
                    None,
                    "文件名或文件夹名里有中文、空格或特殊符号",
                    expected="英文字母、数字、-、_ 和 .（它们会成为网址）",
                    actual=quote(src_uri),
                    fix="如何修改：改名，例如 2023-pear-festival.md",
                )
            )
        if loaded.files.kinds[src_uri] != docfiles.PAGE:
            continue
        kind, item = _load_page(path, rel, src_uri, docs_dir, loaded, folders)
        if item is not None:
            found[kind.name].append(item)
    values, unpublished = {}, {}
    for kind in registry.page_kinds():
        items = tuple(kind.order(found[kind.name]) if kind.order else found[kind.name])
        values[kind.store or kind.name] = items
        # A draft is checked like any post but not published: it cannot be what a printed code opens.
        unpublished |= {item.src_uri: why for item in items if kind.unpublished and (why := kind.unpublished(item))}
    content = store(loaded.content, values)
    # Lists under data/ (the roster, hotlines and service points …), each seeing what came before.
    for kind in registry.KINDS:
        if kind.load is not None:
            values, problems = kind.load(root, content)
            loaded.problems += problems
            content = store(content, values)
    if (docs_dir / shortlinks.PREFIX).exists():
        loaded.problems.append(
            Problem(
                rel_path(docs_dir / shortlinks.PREFIX, root),
                None,
                "docs/p/ 文件夹名留给二维码短链接使用",
                fix="如何修改：把这个文件夹改成别的名字",
            )
        )
    # An excluded page is not even built: it cannot be what a printed code opens either.
    pages = dict(loaded.pages)
    for src_uri, fm in _excluded_pages(docs_dir, docs_rel, loaded.files.excluded).items():
        pages[src_uri] = fm
        unpublished[src_uri] = "被 mkdocs.yml 的 exclude_docs 排除的文件"
    loaded.qr_owners, loaded.qr_unpublished, found = shortlinks.claims(pages, docs_rel, unpublished)
    loaded.problems += found
    # Ids the build gives pages it generates itself (a kind's short-link claims): printed too, so owned too.
    for kind in registry.KINDS:
        if kind.short_links is not None:
            loaded.problems += shortlinks.add_generated(loaded.qr_owners, kind.short_links(content), kind.label)
    loaded.problems += shortlinks.check_registry(root, loaded.qr_owners, loaded.qr_unpublished)
    # The only numbers the publication gate lets through: consented roster phones and numbers listed as public.
    listed = [n for kind in registry.KINDS if kind.public_numbers for n in kind.public_numbers(content)]
    loaded.public_numbers = frozenset(personal.digits_of(n) for n in listed if n)
    loaded.synonyms, found = synonyms.load_synonyms(root)
    loaded.problems += found
    loaded.content = content
    # Publishing workflow: review, freshness, the 普法 calendar and the wording check.
    errors, loaded.warnings, loaded.publish_problems = workflow.check(loaded.content, loaded.pages, loaded.workflow, on)
    wrong, warnings = workflow.check_wording(root, docs_rel, loaded.texts, loaded.pages)
    loaded.problems += errors + wrong
    loaded.warnings += warnings
    return loaded


def reload_page(loaded: Loaded, root: Path, src_uri: str) -> Reloaded:
    """One page of a loaded site read and checked again with the same checks as load_content's,
    against the lists loaded then: what the preview needs to show an edit of that page's text
    before the whole site is rebuilt (adapter/quick.py). Checks that look across pages (qr ids,
    review, freshness) read only the front matter, which the caller compares with the old one."""
    docs_dir = loaded.docs_dir or Path(root) / "docs"
    docs_rel = rel_path(docs_dir, Path(root))
    scratch = Loaded(loaded.content, files=loaded.files, workflow=loaded.workflow)
    kind, item = _load_page(docs_dir / src_uri, f"{docs_rel}/{src_uri}", src_uri, docs_dir, scratch, loaded.folders)
    wrong, _ = workflow.check_wording(
        root, docs_rel, scratch.texts, scratch.pages, data_files=False
    )  # reminders: the whole build prints them
    return Reloaded(src_uri, scratch.texts.get(src_uri), scratch.pages.get(src_uri), kind, item, scratch.problems + wrong)


def _excluded_pages(docs_dir: Path, docs_rel: str, excluded: set[str]) -> dict[str, FrontMatter]:
    """Front matter of pages that are never published, read only for the qr ids they claim."""
    pages = {}
    for src_uri in sorted(excluded):
        if src_uri.endswith(".md"):
            text, _ = read_text(docs_dir / src_uri, f"{docs_rel}/{src_uri}")
            if text is not None:
                pages[src_uri] = frontmatter.parse(text, f"{docs_rel}/{src_uri}")[0]
    return pages


def _load_page(path: Path, rel: str, src_uri: str, docs_dir: Path, loaded: Loaded, folders: dict[str, str]):
    text, found = read_text(path, rel)
    loaded.problems.extend(found)
    if text is None:
        return None, None
    fm, found = frontmatter.parse(text, rel)
    loaded.problems.extend(found)
    loaded.pages[src_uri] = fm
    loaded.texts[src_uri] = text
    loaded.problems.extend(_check_markers(fm, rel))
    kind = registry.kind_of_page(src_uri, folders)
    if not fm.ok:
        return kind, None
    if kind is not None:
        item, found = kind.check(fm, rel, src_uri, docs_dir, loaded.content)
        loaded.problems.extend(found)
        return kind, item
    loaded.problems.extend(_check_page(fm, rel))
    return None, None


def _check_page(fm: FrontMatter, rel: str):
    problems = list(fields.check_keys(fm, rel, PAGE_KEYS, (), {}, "页面"))
    fields.text(fm, "title", rel, problems)
    fields.text(fm, "description", rel, problems)
    return problems


def _check_markers(fm: FrontMatter, rel: str):
    for index, line in enumerate(fm.body.split("\n")):
        for match in MARKER.finditer(line):
            if match.group(1) not in MARKERS:
                yield Problem(
                    rel,
                    fm.body_line + index,
                    f"不认识的占位符“{match.group(0)}”",
                    expected="、".join(f"<!-- pufa:{m} -->" for m in MARKERS) + " 之一",
                    actual=quote(match.group(0)),
                )


def rel_path(path: Path, root: Path) -> str:
    """Project-relative path with forward slashes, as messages show it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
