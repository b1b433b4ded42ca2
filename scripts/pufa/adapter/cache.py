"""The build cache under .cache/pufa/: work that did not change since the last build is reused.

At county scale, an editor who changes one sentence waits for the same Markdown conversion,
blog excerpts, jieba segmentation and file copies as last time for every other page. This
module keeps their results between builds:

- rendered Markdown (HTML, table of contents, title, anchors, and the warnings it logged) per
  page, keyed on the page's Markdown after every plugin changed it, its own address, the
  Markdown settings and every file's address in the site (links are resolved against them);
- the blog's rendered excerpts, keyed the same way plus the list page that shows them;
- jieba's segmentation of the search index's texts, keyed on the text and the user dictionary;
- results of our own pure steps that read a whole text (remembered()): the site's search index
  from Material's, each page's share description from its HTML;
- static files (the theme's, and published photo variants) as hard links into the new site
  instead of copies.

Everything is keyed on content digests, and the whole cache is invalidated by a change of
pufa's own source or of the MkDocs, Material, Python-Markdown, pymdown-extensions or jieba
versions. It is never published, and deleting it only makes the next build slower.

Each kind of build keeps its own file (its "variant": the site address and whether it is the
offline package, which change every page), so an editor who alternates the preview, the
published site and the offline package finds each one's work from its own last build; the
MAX_VARIANTS most recently used are kept.
PUFA_NO_CACHE=1 builds without it (the output is the same byte for byte; tests compare).

Nothing is kept from a build the publication gate refused: the plugin's results wait in memory
(finished) until engine.py has the gate's answer (commit or discard), so a phone number or a
foreign address in a refused page never reaches .cache/ (tests/test_gate_personal.py looks).

Hard links never let a change in site/ reach the cache, or a change in the cache reach a
published site unnoticed: nothing writes into a linked file (new content is always a new file
renamed into place, see replace_text), and every linked cache file is checked against the size
and modification time it had when it was made before it is linked again; a file modified
through any of its names is made again. Where linking fails (another filesystem, FAT, Windows),
files are copied as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from pufa.media.photos import link_or_copy

CACHE_DIR = ".cache/pufa"  # relative to mkdocs.yml
BUILD_DIR = CACHE_DIR + "/build"  # rendered pages, excerpts, segmentation (one file per version)
STATIC_DIR = CACHE_DIR + "/static"  # content-addressed copies of theme files that site/ links to
NO_CACHE_ENV = "PUFA_NO_CACHE"
FORMAT = 1  # bump when what is stored changes shape
MAX_VARIANTS = 4  # kinds of build whose results are kept side by side (see variant())
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jieba", "pillow")


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


@functools.cache
def version_key() -> str:
    """Digest of pufa's own source and of the engine's versions: any change starts a new cache."""
    hasher = hashlib.sha256(f"pufa-build-cache-{FORMAT}\n".encode())
    for name in _PACKAGES:
        try:
            hasher.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{name}=none\n".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def variant(site_url: str, offline: bool) -> str:
    """What tells builds apart whose pages all differ: the address every page links with, and
    the offline package's .html links."""
    return digest("variant", site_url or "", offline)[:12]


def stable(value) -> str:
    """A text for value that is the same in every process (repr of a function has its address)."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable(k)}:{stable(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(map(stable, value)) if isinstance(value, set | frozenset) else map(stable, value)
        return type(value).__name__ + "[" + ",".join(items) + "]"
    if isinstance(value, functools.partial):
        return f"partial({stable(value.func)},{stable(value.args)},{stable(value.keywords)})"
    if callable(value):
        name = f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
        cells = getattr(value, "__closure__", None) or ()
        return f"fn({name},{stable([c.cell_contents for c in cells])})"
    if hasattr(value, "__dict__") and type(value).__repr__ is object.__repr__:
        return f"{type(value).__module__}.{type(value).__qualname__}{stable(vars(value))}"
    return repr(value)


def digest(*parts) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def replace_text(path: Path, text: str) -> None:
    """Write path as a new file renamed into place: path may be a hard link into the cache."""
    replace_bytes(path, text.encode("utf-8"))


def replace_bytes(path: Path, data: bytes) -> None:
    """replace_text for bytes."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class _Records(logging.Handler):
    """MkDocs' log records while one page renders (broken links), to replay on a cache hit."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


class BuildCache:
    """One build's view of the cache: what it found, and what it will keep for the next build."""

    def __init__(self, root: Path, use: bool = True, kind: str = ""):
        self.root = Path(root)
        self.use = use
        self.kind = kind  # variant() of this build
        self.hits = self.misses = 0
        self._old: dict[str, bytes] = {}
        self._new: dict[str, bytes] = {}
        self._files_key: tuple[int, str] | None = None
        self._md_key: str | None = None
        self._static: dict[str, list] = {}
        self._static_new: dict[str, list] = {}
        self.created: list[Path] = []  # static cache files this build made (removed if the gate refuses it)
        if use:
            self._old = self._load()
            self._static = self._old_static()

    # ---------------------------------------------------------------- storage

    @property
    def file(self) -> Path:
        return _variant_file(self.root / BUILD_DIR, self.kind)

    def _load(self) -> dict[str, bytes]:
        try:
            with open(self.file, "rb") as handle:
                data = pickle.load(handle)
            return data if isinstance(data, dict) else {}
        except Exception:  # missing, from an interrupted write, or unreadable: start afresh
            return {}

    def _old_static(self) -> dict[str, list]:
        return self._old.pop("static-index", None) or {}

    def get(self, key: str):
        data = self._new.get(key) or self._old.get(key)
        if data is None:
            self.misses += 1
            return None
        self._new[key] = data
        self.hits += 1
        try:
            return pickle.loads(data)
        except Exception:
            return None

    def put(self, key: str, value) -> None:
        if self.use:
            self._new[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self, keep_old: bool = False) -> None:
        """Keep what this build used (and, for a partial build, what the last one had)."""
        if not self.use:
            return
        folder = self.file.parent
        folder.mkdir(parents=True, exist_ok=True)
        data = ({**self._old, **self._new} if keep_old else dict(self._new)) | {"static-index": self._static_new}
        fd, tmp = tempfile.mkstemp(prefix=".build-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.file)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return
        _prune_variants(folder)
        self._prune_static()

    # ---------------------------------------------------------------- keys

    def files_key(self, files) -> str:
        """Every file's address: links in a page are resolved against these (and warned about when missing)."""
        if self._files_key is None or self._files_key[0] != id(files):
            rows = sorted(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion.name}" for f in files)
            self._files_key = (id(files), digest(*rows))
        return self._files_key[1]

    def md_key(self, config) -> str:
        if self._md_key is None:
            self._md_key = digest(
                stable(config["markdown_extensions"]),
                stable(config["mdx_configs"] or {}),
                config["use_directory_urls"],
                stable(dict(config["validation"])) if config.get("validation") else "",
                config.get("site_url") or "",
            )
        return self._md_key

    # ---------------------------------------------------------------- pages and excerpts

    def render_page(self, page, config, files, original) -> None:
        """Page.render from the cache, or the real one (then kept)."""
        log = logging.getLogger("mkdocs")
        anchors = log.getEffectiveLevel() > logging.DEBUG  # as MkDocs decides whether to record them
        file = page.file
        key = digest(
            "page", page.markdown, file.src_uri, file.dest_uri, file.url, self.files_key(files), self.md_key(config), anchors
        )
        hit = self.get(key) if self.use else None
        if hit is not None:
            content, toc, title, present, links, records = hit
            page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, present
            if anchors:
                page.links_to_anchors = {files.get_file_from_path(src): value for src, value in links.items()}
            _replay(records)
            return
        with _recording() as records:
            original(config, files)
        links = {f.src_uri: value for f, value in (page.links_to_anchors or {}).items()} if anchors else {}
        self.put(key, (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, records.records))

    def render_excerpt(self, excerpt, view, separator, files, config, original) -> None:
        post = excerpt.post
        key = digest(
            "excerpt",
            post.markdown,
            post._title_from_render or "",
            post.title or "",
            post.file.src_uri,
            post.url,
            view.url,
            separator,
            self.files_key(files),
            self.md_key(config),
        )
        hit = self.get(key) if self.use else None
        if hit is not None:
            excerpt.markdown, excerpt.content, excerpt.more, excerpt.toc, records = hit
            excerpt.file.url = post.url
            _replay(records)
            return
        with _recording() as records:
            original(view, separator)
        self.put(key, (excerpt.markdown, excerpt.content, excerpt.more, excerpt.toc, records.records))

    # ---------------------------------------------------------------- jieba

    def segmenter(self, original, dictionary: str):
        """A cached stand-in for Material's search plugin's _segment_chinese(data)."""

        def segment(data):
            key = digest("jieba", dictionary, data)
            hit = self.get(key)
            if hit is not None:
                return hit
            result = original(data)
            self.put(key, result)
            return result

        return segment

    # ---------------------------------------------------------------- static files

    def link_static(self, src: str, dest: str) -> None:
        """dest (in the new site) gets src's content through a content-addressed cache copy."""
        stat = os.stat(src)
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
        known = self._static.get(src)
        name = known[1] if known and known[0] == stamp else _file_digest(src)
        stored = self.root / STATIC_DIR / name
        entry = self._static.get("@" + name)
        if not (entry and _same_stamp(stored, entry)):
            stored.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".static-", dir=stored.parent)
            os.close(fd)
            shutil.copyfile(src, tmp)
            os.chmod(tmp, 0o644)
            os.replace(tmp, stored)
            self.created.append(stored)
            entry = _stamp(stored)
        self._static["@" + name] = self._static_new["@" + name] = entry
        self._static[src] = self._static_new[src] = [stamp, name]
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        link_or_copy(stored, dest)

    def _prune_static(self) -> None:
        folder = self.root / STATIC_DIR
        if not folder.is_dir():
            return
        wanted = {key[1:] for key in self._static_new if key.startswith("@")}
        for path in folder.iterdir():
            if path.name not in wanted:
                with contextlib.suppress(OSError):
                    path.unlink()


def _variant_file(folder: Path, kind: str) -> Path:
    return folder / f"{version_key()[:20]}-{kind}.pickle"


def _prune_variants(folder: Path) -> None:
    """Other versions of pufa or the engine are never valid again; of this version's variants,
    the MAX_VARIANTS most recently written stay."""
    mine = []
    for path in folder.glob("*.pickle"):
        if path.name.startswith(version_key()[:20] + "-"):
            mine.append(path)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
    mine.sort(key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for path in mine[MAX_VARIANTS:]:
        with contextlib.suppress(OSError):
            path.unlink()


def _file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _same_stamp(path: Path, stamp: list[int]) -> bool:
    try:
        return _stamp(path) == stamp
    except OSError:
        return False


@contextlib.contextmanager
def _recording():
    log = logging.getLogger("mkdocs")
    handler = _Records()
    log.addHandler(handler)
    try:
        yield handler
    finally:
        log.removeHandler(handler)


def _replay(records) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


# ---------------------------------------------------------------- after the gate


_finished: dict[str, BuildCache] = {}  # project -> the cache of its build waiting for the gate's answer


def finished(store: BuildCache | None) -> None:
    """The build is done (the plugin's on_post_build); keep its results only if the gate agrees."""
    if store is not None and store.use:
        _finished[str(store.root.resolve())] = store


def commit(root: Path, memo=None, kind: str = "") -> None:
    """The gate passed this build: keep what it rendered, and what the gate found in its files."""
    store = _finished.pop(str(Path(root).resolve()), None)
    if store is not None:
        store.save()
    save_gate_memo(root, memo, kind)


def discard(root: Path) -> None:
    store = _finished.pop(str(Path(root).resolve()), None)
    for path in store.created if store else ():
        with contextlib.suppress(OSError):
            path.unlink()


# ---------------------------------------------------------------- the publication gate's memo


def _gate_file(root: Path, kind: str) -> Path:
    return _variant_file(Path(root) / CACHE_DIR / "gate", kind)


def load_gate_memo(root: Path, kind: str = ""):
    """The gate's text-check results from the last build (None without the cache: check everything)."""
    from pufa.publish.gate import Memo

    if not enabled():
        return None
    try:
        with open(_gate_file(root, kind), "rb") as handle:
            old = pickle.load(handle)
        return Memo(old=old if isinstance(old, dict) else {})
    except Exception:
        return Memo()


def save_gate_memo(root: Path, memo, kind: str = "") -> None:
    """Keep what this build's files needed (the rest is gone from the site)."""
    if memo is None:
        return
    path = _gate_file(root, kind)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gate-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(memo.new, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune_variants(path.parent)


# ---------------------------------------------------------------- hooks the plugin calls


def remembered(store: BuildCache | None, what: str, text: str, make):
    """make(), kept in store by text and what (a pure function of them): given the same text, a
    later build takes the result instead of computing it again."""
    if store is None or not store.use:
        return make()
    key = digest("remembered", what, text)
    found = store.get(key)
    if found is None:
        found = make()
        store.put(key, found)
    return found


def hook_search(store: BuildCache, search) -> None:
    """Material's search index segments every section's text with jieba: cache it per text."""
    index = getattr(search, "search_index", None)
    if index is None or not store.use or not hasattr(index, "_segment_chinese"):
        return
    parts = [stable(search.config.jieba_dict), stable(search.config.jieba_dict_user)]
    for path in (search.config.jieba_dict, search.config.jieba_dict_user):
        if path and os.path.isfile(path):
            parts.append(_file_digest(path))
    index._segment_chinese = store.segmenter(index._segment_chinese, digest(*parts))


def hook_page(store: BuildCache | None, page, files) -> None:
    """page.render(config, files) goes through the cache (set before MkDocs calls it)."""
    if store is None or not store.use or "render" in vars(page):
        return
    page.render = functools.partial(store.render_page, page, original=page.render)


def hook_excerpt(store: BuildCache | None, page, files, config) -> None:
    excerpt = getattr(page, "excerpt", None)
    if store is None or not store.use or excerpt is None or "render" in vars(excerpt):
        return
    excerpt.render = functools.partial(store.render_excerpt, excerpt, files=files, config=config, original=excerpt.render)


def hook_static_files(store: BuildCache | None, files, theme_dirs, linked_dirs) -> None:
    """Theme files reach the new site as links to a cache copy; files already in the cache
    (published photos, under linked_dirs) as links to it; everything else is copied as before."""
    if store is None or not store.use:
        return
    themes = [os.path.realpath(d) + os.sep for d in theme_dirs]
    direct = [os.path.realpath(d) + os.sep for d in linked_dirs]
    for file in files:
        if file.is_documentation_page() or (file.generated_by and file._content is not None) or not file.abs_src_path:
            continue
        src = os.path.realpath(file.abs_src_path)
        if any(src.startswith(d) for d in direct):
            file.copy_file = functools.partial(_copy_linked, file, link_or_copy)
        elif file.generated_by is None and any(src.startswith(d) for d in themes):
            file.copy_file = functools.partial(_copy_linked, file, store.link_static)


def _copy_linked(file, how, dirty: bool = False) -> None:
    dest = file.abs_dest_path
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    how(file.abs_src_path, dest)
