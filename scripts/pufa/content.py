"""Load and validate everything an editor keeps: data/ lists and every file under docs/.

`load_content` never stops at the first mistake: it returns every problem in every file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pufa import personal, workflow
from pufa.kinds import posts, roster, services, shortlinks, sites
from pufa.model import Content, Post, Site
from pufa.problems import Problem, quote
from pufa.schema import PAGE_KEYS, POSTS_DIR, SAFE_PATH, SITE_LEVELS
from pufa.sources import data, docfiles, fields, frontmatter, siteconfig, synonyms
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.textfile import read_text
from pufa.workflow import observances  # publishing workflow: calendar, review, freshness, wording

# Placeholders an editor may put in a page; the build replaces them (see render.py).
MARKER = re.compile(r"<!--\s*pufa:([\w-]+)\s*-->")
MARKERS = ("reported-figures", "latest-posts", "sites-index", "hotlines", "justice-offices", "next-pufa-days")


@dataclass
class Loaded:
    content: Content
    pages: dict[str, FrontMatter] = field(default_factory=dict)  # src_uri -> front matter
    qr_owners: dict[str, tuple[str, str]] = field(default_factory=dict)  # short-link id -> (src_uri, anchor) of a published page
    qr_unpublished: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # id claimed only by a draft or excluded page -> (src_uri, why)
    roster: roster.Roster | None = None  # only what may be published; None without a roster file
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
    loaded.files = docfiles.scan_docs(docs_dir, docs_rel, settings.exclude_docs)
    loaded.problems += loaded.files.problems
    found_posts, found_sites = [], []
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
        item = _load_page(path, rel, src_uri, docs_dir, loaded)
        if isinstance(item, Post):
            found_posts.append(item)
        elif isinstance(item, Site):
            found_sites.append(item)
    found_posts.sort(key=lambda p: (p.date.sort_key(), p.src_uri), reverse=True)
    if (docs_dir / shortlinks.PREFIX).exists():
        loaded.problems.append(
            Problem(
                rel_path(docs_dir / shortlinks.PREFIX, root),
                None,
                "docs/p/ 文件夹名留给二维码短链接使用",
                fix="如何修改：把这个文件夹改成别的名字",
            )
        )
    # A draft is checked like any post but not published, and an excluded page is not even built:
    # neither can be what a printed code opens.
    unpublished = {post.src_uri: "草稿（draft: true）" for post in found_posts if post.draft}
    pages = dict(loaded.pages)
    for src_uri, fm in _excluded_pages(docs_dir, docs_rel, loaded.files.excluded).items():
        pages[src_uri] = fm
        unpublished[src_uri] = "被 mkdocs.yml 的 exclude_docs 排除的文件"
    loaded.qr_owners, loaded.qr_unpublished, found = shortlinks.claims(pages, docs_rel, unpublished)
    loaded.problems += found + shortlinks.check_registry(root, loaded.qr_owners, loaded.qr_unpublished)
    found_sites.sort(key=lambda s: (SITE_LEVELS.index(s.level), s.township, s.title))
    loaded.roster, found = roster.load_roster(root, content)
    loaded.problems += found
    hotlines, found = services.load_hotlines(root)
    offices, offices_reported, found_offices = services.load_offices(root, content)
    public, found_public = services.load_public_numbers(root)
    loaded.problems += found + found_offices + found_public
    # The only numbers the publication gate lets through: consented roster phones and numbers listed as public.
    people = loaded.roster.people if loaded.roster else ()
    listed = [p.phone for p in people] + [h.number for h in hotlines] + [o.phone for o in offices] + public
    loaded.public_numbers = frozenset(personal.digits_of(n) for n in listed if n)
    loaded.synonyms, found = synonyms.load_synonyms(root)
    loaded.problems += found
    loaded.content = replace(
        content,
        posts=tuple(found_posts),
        sites=tuple(found_sites),
        hotlines=tuple(hotlines),
        offices=tuple(offices),
        offices_reported=offices_reported,
    )
    # Publishing workflow: review, freshness, the 普法 calendar and the wording check.
    errors, loaded.warnings, loaded.publish_problems = workflow.check(loaded.content, loaded.pages, loaded.workflow, on)
    wrong, warnings = workflow.check_wording(root, docs_rel, loaded.texts, loaded.pages)
    loaded.problems += errors + wrong
    loaded.warnings += warnings
    return loaded


def _excluded_pages(docs_dir: Path, docs_rel: str, excluded: set[str]) -> dict[str, FrontMatter]:
    """Front matter of pages that are never published, read only for the qr ids they claim."""
    pages = {}
    for src_uri in sorted(excluded):
        if src_uri.endswith(".md"):
            text, _ = read_text(docs_dir / src_uri, f"{docs_rel}/{src_uri}")
            if text is not None:
                pages[src_uri] = frontmatter.parse(text, f"{docs_rel}/{src_uri}")[0]
    return pages


def _load_page(path: Path, rel: str, src_uri: str, docs_dir: Path, loaded: Loaded):
    text, found = read_text(path, rel)
    loaded.problems.extend(found)
    if text is None:
        return None
    fm, found = frontmatter.parse(text, rel)
    loaded.problems.extend(found)
    loaded.pages[src_uri] = fm
    loaded.texts[src_uri] = text
    loaded.problems.extend(_check_markers(fm, rel))
    if not fm.ok:
        return None
    if src_uri.startswith(POSTS_DIR):
        post, found = posts.check_post(fm, rel, src_uri, docs_dir, loaded.content)
        loaded.problems.extend(found)
        return post
    if sites.is_site(src_uri):
        site, found = sites.check_site(fm, rel, src_uri, docs_dir, loaded.content)
        loaded.problems.extend(found)
        return site
    loaded.problems.extend(_check_page(fm, rel))
    return None


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
