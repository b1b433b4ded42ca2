"""The preview's first answer to an edit: the edited page rebuilt from what the last build left.

At county scale a whole preview build takes about ten seconds, nearly all of it the same work
as last time. When an editor changes the text of a page (not its front matter), `pufa serve`
answers first with that page alone: it keeps the MkDocs state of its last good build (the
configuration with its plugins, the files, the navigation and the template environment), reads
and checks the edited file with load_content's own checks (content.reload_page), renders it and
the blog list pages that show its summary with MkDocs' own functions, passes them through the
publication gate (gate.check_pages) and puts them into .preview/. The whole site is rebuilt
right after, as before; if that build fails, the pages put in place first are put back as they
were, so the last good preview stays whole.

Whatever this cannot answer exactly is left to the whole build: a change of front matter (it
moves posts between lists and changes navigation), a new, removed or renamed file, a data file,
an override, mkdocs.yml, a photo, any problem or MkDocs warning while rendering. The whole build
also brings everything the first answer leaves stale: the search index, the home page's list.
tests/test_preview_first.py compares the first answer with the whole build byte for byte.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from pufa.adapter.cache import replace_bytes
from pufa.content import Loaded, rel_path, reload_page
from pufa.publish import gate, outputs
from pufa.publish.summary import digest_page

WATCHED = ("docs", "data", "overrides", "mkdocs.yml")  # what `serve` rebuilds for (commands/preview.py)


def snapshot(root: Path, names: tuple[str, ...] = WATCHED) -> dict[str, tuple[int, int]]:
    """Every watched file's (size, modification time), by project path: what differs from the
    snapshot taken before the last good build is what the editor changed since."""
    root = Path(root)
    stamps: dict[str, tuple[int, int]] = {}
    for name in names:
        top = root / name
        tops = [(str(root), [], [name])] if top.is_file() else os.walk(top)
        for folder, _, files in tops:
            for entry in files:
                path = os.path.join(folder, entry)
                with contextlib.suppress(OSError):
                    stat = os.lstat(path)
                    stamps[Path(path).relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return stamps


@dataclass
class Session:
    """The MkDocs state of the last good preview build, kept in `serve`'s memory."""

    config: object  # MkDocsConfig, with its plugins as they were after the build
    plugin: object  # our PufaPlugin: files, nav, env, the rendered kinds and the engine texts
    loaded: Loaded
    gate: gate.Context
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)  # snapshot() before that build read the files

    @classmethod
    def after(cls, config, plugin, loaded: Loaded, context: gate.Context) -> Session | None:
        if config is None or plugin is None or getattr(plugin, "env", None) is None:
            return None
        return cls(config, plugin, loaded, context)


@dataclass
class Answer:
    """Pages put into the preview ahead of the whole build, and what they replaced."""

    final: Path  # the preview folder
    replaced: dict[Path, bytes | None]  # file in it -> its bytes before (None: it did not exist)
    seconds: float = 0.0

    @property
    def urls(self) -> list[str]:
        """The pages as summary.page_digests names them: "/blog/…/"."""
        return ["/" + path.relative_to(self.final).as_posix().removesuffix("index.html") for path in self.replaced]

    def before(self) -> dict[str, str | None]:
        """URL -> digest of each page as the last good build left it (None: there was none)."""
        return {
            url: None if data is None else digest_page(data) for url, data in zip(self.urls, self.replaced.values(), strict=True)
        }

    def restore(self) -> None:
        """Put the preview back as the last good build left it."""
        for path, data in self.replaced.items():
            with contextlib.suppress(OSError):
                if data is None:
                    path.unlink()
                else:
                    replace_bytes(path, data)


def changed_since(session: Session, now: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(rel for rel in set(now) | set(session.stamps) if now.get(rel) != session.stamps.get(rel))


def first_answer(session: Session | None, root: Path, final: Path, now: dict[str, tuple[int, int]]) -> Answer | None:
    """The edited pages in place in final (the preview folder), or None: the whole build answers."""
    if session is None:
        return None
    changed = changed_since(session, now)
    if not changed:
        return None
    started = time.perf_counter()
    try:
        with outputs.locked(root, final):
            answer = _answer(session, Path(root), final, changed)
    except Exception:  # anything unforeseen: the whole build that follows answers, and reports, as before
        return None
    if answer is not None:
        answer.seconds = time.perf_counter() - started
    return answer


def _answer(session: Session, root: Path, final: Path, changed: list[str]) -> Answer | None:
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.utils.meta import YAML_RE

    config, plugin, loaded = session.config, session.plugin, session.loaded
    files = plugin.files
    docs = rel_path(loaded.docs_dir or root / "docs", root) + "/"
    edited = []
    for rel in changed:
        src_uri = rel.removeprefix(docs)
        file = files.get_file_from_path(src_uri) if rel.startswith(docs) and rel.endswith(".md") else None
        if file is None or file.page is None or not file.inclusion.is_included() or src_uri not in loaded.pages:
            return None
        again = reload_page(loaded, root, src_uri)
        if again.problems or again.front is None or again.front.meta != loaded.pages[src_uri].meta:
            return None
        kind = again.kind
        if kind is not None and kind.engine_file is not None:
            # The page is what the kind writes for the engine: its front matter must be as before,
            # and the blog plugin keeps the text after it (a post re-reads nothing from disk).
            text = kind.engine_file(again.item, loaded.content, loaded)
            new, old = YAML_RE.match(text), YAML_RE.match(plugin.engine_texts.get(src_uri, ""))
            if new is None or old is None or new.group(0) != old.group(0):
                return None
            file.page.markdown = text[new.end() :].lstrip("\n")
            plugin.engine_texts[src_uri] = text
        if src_uri in plugin._rendered:
            plugin._rendered[src_uri] = (kind, again.item)
        loaded.pages[src_uri], loaded.texts[src_uri] = again.front, again.text
        edited.append(file.page)

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    targets = list(edited)
    for page in edited:
        targets += [view for view in _lists_showing(config, page) if view not in targets]
    stage = outputs.work_dir(root, final)  # the whole build that follows starts its own afresh
    warned = _Warnings()
    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    logger.handlers, logger.propagate = [warned], False
    logger.setLevel(logging.WARNING)
    plugin.problems = []
    try:
        for page in edited:
            _populate_page(page, config, files)
        if plugin.problems:
            return None
        pages: dict[str, str] = {}
        for page in targets:
            file = page.file
            before = file.__dict__.get("abs_dest_path")
            file.abs_dest_path = str(stage / file.dest_uri)
            try:
                _build_page(page, config, doc_files, plugin.nav, plugin.env)
            finally:
                if before is None:
                    del file.__dict__["abs_dest_path"]
                else:
                    file.abs_dest_path = before
            pages[file.dest_uri] = (stage / file.dest_uri).read_bytes().decode("utf-8")
        for page in edited:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    finally:
        logger.handlers, logger.level, logger.propagate = saved
        shutil.rmtree(stage, ignore_errors=True)
    if warned.count or plugin.problems or gate.check_pages(final, pages, session.gate):
        return None
    answer = Answer(final, {})
    try:
        for dest_uri, html in pages.items():
            path, data = final / dest_uri, html.encode("utf-8")
            was = path.read_bytes() if path.is_file() else None
            if was != data:  # a list page whose summary of the post did not change stays as it is
                path.parent.mkdir(parents=True, exist_ok=True)
                replace_bytes(path, data)  # a new file renamed into place: it is replaced whole or not at all
                answer.replaced[path] = was
    except BaseException:  # e.g. Windows refuses to replace a file the server is sending: all or nothing
        answer.restore()
        raise
    return answer


def _lists_showing(config, post) -> list:
    """The blog's list pages (its index, archive and category pages, paginated) whose page shows
    post's summary. Material's blog plugin keeps them as views with their pages; which page of a
    view shows a post is its position over the page size, as the plugin's _render slices them."""
    blog = config.plugins.get("material/blog")
    root = getattr(blog, "blog", None)
    if root is None or post not in getattr(root, "posts", ()):
        return []
    shown = []
    for view in blog._resolve_views(root):
        if post not in view.posts:
            continue
        at = view.posts.index(post)
        pages = view.pages or [view]
        step = blog._config_pagination_per_page(view) if view.pages and blog._config_pagination(view) else len(view.posts)
        shown.append(pages[min(at // max(step, 1), len(pages) - 1)])
    return shown


class _Warnings(logging.Handler):
    """MkDocs' warnings while the first answer renders: any one leaves the answer to the whole build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1
