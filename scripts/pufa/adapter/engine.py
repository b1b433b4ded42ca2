"""Run the site engine (MkDocs) for the CLI: validated, strict and atomic.

The build goes to a temporary folder beside site/ and replaces site/ only when it succeeded:
a content error, a crash or Ctrl-C leaves the last good site byte for byte as it was.
MkDocs' own warnings (broken links and anchors) are translated into the editors' form.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pufa import workflow
from pufa.adapter import cache, quick
from pufa.content import load_content
from pufa.kinds import shortlinks
from pufa.problems import Problem, format_problems
from pufa.publish import gate, outputs, summary
from pufa.sources.textfile import find_line

# MkDocs' link warnings, explained for editors: (pattern, message, how to fix).
_LINK_WARNINGS = [
    (
        r"contains a link '(?P<link>[^']+)', but the doc '[^']+' does not contain an anchor",
        "链接指向的标题（锚点）不存在",
        "检查 # 后面的文字是否与目标页面的标题完全一致",
    ),
    (
        r"contains a link '(?P<link>[^']+)', but there is no such anchor on this page",
        "链接指向本页的标题（锚点）不存在",
        "检查 # 后面的文字是否与本页某个标题完全一致",
    ),
    (
        r"contains a link '(?P<link>[^']+)', but the target '[^']+' is not found",
        "链接指向的页面或文件不存在",
        "检查文件名和相对路径（区分大小写），链接写成 ../sites/index.md 这样的 .md 文件路径",
    ),
    (
        r"contains an absolute link '(?P<link>[^']+)'",
        "链接以 / 开头（绝对路径），网站放在子目录时会失效",
        "改成相对路径，如 ../sites/index.md",
    ),
    (
        r"contains an unrecognized relative link '(?P<link>[^']+)'",
        "链接没有指向具体的 .md 文件",
        "链接到文件本身，如 ../sites/index.md 而不是 ../sites/",
    ),
    (r"contains a link to '(?P<link>[^']+)' which is excluded", "链接指向被排除、不会发布的文件", "改为链接到会发布的页面"),
]
_DOC = re.compile(r"Doc file '(?P<doc>[^']+)'")
_NOT_IN_NAV = re.compile(r"not included in the \"nav\" configuration:\n((?:\s+- .+\n?)+)")


@dataclass
class Kept:
    """What a successful build leaves for `serve` (commands/preview.py), when it asks for it."""

    session: quick.Session | None = None  # the MkDocs state the next edit's first answer renders with
    changed: list[str] = field(default_factory=list)  # URLs of the pages this build added, changed or removed
    # Set by the caller: pages it put in place ahead of this build (quick.Answer), by URL -> digest of
    # what they were (None: new). The summary and changed compare with the last good build, not with them.
    before: dict[str, str | None] = field(default_factory=dict)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


OFFLINE_DIR = "build/offline"
OFFLINE_ZIP = "build/pufa-offline.zip"
OFFLINE_FOLDER = "pufa-offline"  # the zip's one top folder: unpacking never scatters files over a desktop
IFRAME_WORKER = "assets/javascripts/iframe-worker-shim.js"  # vendored in overrides/; workers cannot start from file://


def build(
    root: Path,
    config_file: str = "mkdocs.yml",
    site_dir: str = "site",
    strict: bool = True,
    offline: bool = False,
    preview: bool = False,
    site_url: str | None = None,
    kept: Kept | None = None,
) -> int:
    """Validate, build into a temporary folder, check it through the gate, then replace site_dir.

    Returns an exit status. offline=True builds the variant that works from file:// (pages end in
    .html, search without a server) into build/offline/ and zips it; the published site/ and its
    URLs are not touched. preview=True is `serve`'s build: posts without 终审 get a 待审 banner
    instead of stopping it. site_url overrides mkdocs.yml's; the CLI, not this function, refuses a
    publish build without one. kept, when given, receives what a successful build leaves (Kept)."""
    root = Path(root).resolve()
    final = root / (OFFLINE_DIR if offline else site_dir)
    try:
        outputs.check_target(root, final)
        with outputs.locked(root, final):
            return _build_locked(root, final, config_file, strict, offline, preview, site_url, kept)
    except outputs.OutputError as err:
        print(format_problems([err.problem]))
        print("网站没有更新，原来的网站保持不变。")
        return 1


def _build_locked(
    root: Path,
    final: Path,
    config_file: str,
    strict: bool,
    offline: bool,
    preview: bool = False,
    site_url: str | None = None,
    kept: Kept | None = None,
) -> int:
    for note in outputs.recover(final):
        print(note)
    started = time.perf_counter()
    loaded = load_content(root)
    problems = workflow.blocking(loaded, preview)
    if problems:
        print(format_problems(problems))
        workflow.print_warnings(loaded)
        print("网站没有更新，原来的网站保持不变。")
        return 1
    tmp = outputs.new_folder(final)
    try:
        work = outputs.work_dir(root, final)
        state: dict = {}
        problems, source_of, site_url = _run_mkdocs(root / config_file, tmp, loaded, strict, offline, work, site_url, state)
        if not problems:
            context = _gate_context(root, loaded, source_of, site_url)
            kind = cache.variant(site_url, offline)
            context.memo = cache.load_gate_memo(root, kind)
            problems = gate.check_output(tmp, context)
            if not problems:
                cache.commit(root, context.memo, kind)  # nothing of a refused build is kept
        if problems:
            cache.discard(root)
            print(format_problems(problems))
            workflow.print_warnings(loaded)
            print("网站没有更新，原来的网站保持不变。")
            return 1
        old = summary.page_digests(final)
        for url, was in (kept.before if kept else {}).items():
            if was is None:
                old.pop(url, None)
            else:
                old[url] = was
        changes = summary.compare(old, summary.page_digests(tmp))
        first_build = not final.exists()
        notes = outputs.swap(tmp, final)
        if kept is not None:
            kept.changed = changes.added + changes.changed + changes.removed
            kept.session = quick.Session.after(state.get("config"), state.get("plugin"), loaded, context)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(root / outputs.WORK_DIR, ignore_errors=True)
    pages = sum(1 for _ in final.rglob("*.html"))
    print(f"网站已生成：{outputs._shown(final, root)}/（{pages} 个页面，用时 {time.perf_counter() - started:.1f} 秒）")
    print(summary.format_summary(changes, first_build))
    for note in notes:
        print(note)
    if offline:
        print(
            f"离线包已生成：{_zip(final, root / OFFLINE_ZIP).relative_to(root)}（解压后打开 {OFFLINE_FOLDER} 文件夹里的 index.html，没有网络也能浏览和搜索）"
        )
    workflow.print_warnings(loaded)
    return 0


def _gate_context(root: Path, loaded, source_of: dict[str, str], site_url: str) -> gate.Context:
    """What the gate may allow: consented and public numbers, this site's host, every qr id that must work."""
    parts = urlsplit(site_url)
    short_links = {code: f"docs/{src}" for code, (src, _) in loaded.qr_owners.items()}
    short_links |= {code: shortlinks.REGISTRY_FILE for code in shortlinks.registered(root)}
    hosts = frozenset({parts.hostname}) if parts.hostname else frozenset()
    base_path = parts.path.rstrip("/") + "/" if parts.path else "/"
    return gate.Context(root, source_of, loaded.public_numbers, hosts, base_path, short_links)


def _zip(folder: Path, target: Path) -> Path:
    """Zip folder as pufa-offline/…; written beside the target and renamed, so a half zip never exists."""
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, Path(OFFLINE_FOLDER) / path.relative_to(folder))
    os.replace(partial, target)
    return target


def _run_mkdocs(
    config_file: Path,
    site: Path,
    loaded,
    strict: bool,
    offline: bool,
    work: Path,
    site_url_override: str | None = None,
    state: dict | None = None,
) -> tuple[list[Problem], dict[str, str], str]:
    """state, when given, receives the MkDocs configuration and our plugin (quick.Session)."""
    # Imported here so that `check` and the core never need MkDocs.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = (logger.handlers[:], logger.level, logger.propagate)
    logger.handlers, logger.propagate = [collect], False
    logger.setLevel(logging.WARNING)
    source_of: dict[str, str] = {}
    plugin = None
    site_url = ""
    try:
        config = load_config(
            str(config_file), site_dir=str(site), strict=strict, **({"site_url": site_url_override} if site_url_override else {})
        )
        site_url = config.site_url or ""
        # After the plugins are loaded: jieba sets its own logger to DEBUG when imported.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        plugin = config.plugins.get("pufa")
        if plugin is not None:
            plugin.preloaded = loaded
            plugin.work = work
            plugin.cache_kind = cache.variant(site_url, offline)
        if offline:
            _configure_offline(config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            _shutdown(config)
        if plugin is not None:
            source_of = plugin.source_of
        if state is not None:
            state.update(config=config, plugin=plugin)
    except MkDocsException as err:
        if plugin is not None and plugin.problems:  # our own, already in the editors' form
            return plugin.problems, source_of, site_url
        problems = _translate(collect.records, config_file.parent)
        return problems or [Problem(config_file.name, None, f"网站生成失败：{err}")], source_of, site_url
    finally:
        logger.handlers, logger.level, logger.propagate = saved
    return _translate(collect.records, config_file.parent), source_of, site_url


def _configure_offline(config) -> None:
    from mkdocs.exceptions import PluginError

    plugin = config.plugins.get("material/offline")
    if plugin is None:
        raise PluginError("离线包需要 mkdocs.yml 的 plugins 中有 offline（enabled: false 即可）")
    plugin.config.enabled = True
    # Our own copy of the shim: Material would otherwise add one from unpkg.com.
    config.extra["polyfills"] = [IFRAME_WORKER]


def _shutdown(config) -> None:
    # Material's blog plugin instance outlives one config load and removes its temporary folder
    # on every shutdown; a second build in the same process (tests, a future `serve`) would then
    # fail here and hide the real result of the build.
    with contextlib.suppress(FileNotFoundError):
        config.plugins.on_shutdown()


def _translate(records: list[logging.LogRecord], root: Path) -> list[Problem]:
    problems = []
    for record in records:
        text = record.getMessage()
        omitted = _NOT_IN_NAV.search(text)
        if omitted:
            problems += [
                Problem(
                    f"docs/{name.strip()[2:]}",
                    None,
                    "页面没有放进网站导航，读者找不到它",
                    fix="如何修改：在 mkdocs.yml 的 nav 中加上这个页面，或从别的页面链接它并把它写进 not_in_nav",
                )
                for name in omitted.group(1).strip().split("\n")
            ]
            continue
        doc = _DOC.search(text)
        for pattern, message, fix in _LINK_WARNINGS:
            match = re.search(pattern, text)
            if match and doc:
                rel = f"docs/{doc.group('doc')}"
                link = match.group("link")
                problems.append(Problem(rel, find_line(root / rel, link), message, actual=f"“{link}”", fix=f"如何修改：{fix}"))
                break
        else:
            problems.append(Problem(f"docs/{doc.group('doc')}" if doc else "mkdocs.yml", None, f"网站生成警告：{text.strip()}"))
    return problems
