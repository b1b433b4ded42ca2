"""The MkDocs plugin: a thin adapter from MkDocs events to the pufa core.

It validates content before anything is built, gives campaign posts the front matter the blog
plugin needs, adds the generated pages (township archives, roster, figures), renders site pages
and placeholders, publishes photos, writes the /p/<id>/ short links and repairs the theme's HTML
and search index. Everything it calls
is plain Python that does not know MkDocs, so a move to ProperDocs or Zensical only replaces
this file and engine.py.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from pathspec import GitIgnoreSpec

from pufa.adapter import cache
from pufa.adapter.htmlfix import fix_engine_html
from pufa.adapter.search import write_search_index
from pufa.content import load_content, rel_path
from pufa.kinds import registry
from pufa.kinds.shortlinks import PREFIX, render_redirect
from pufa.media import shareimage
from pufa.media.photos import MAX_WIDTH, PhotoError, PhotoSettings, clean_asset, publish_all
from pufa.pages import pageload, sharemeta
from pufa.pages.photopages import PHOTO_DIR, first_photo, rewrite_images, share_variant
from pufa.problems import Problem, format_problems
from pufa.publish.gate import finding_problems
from pufa.publish.htmlscan import html_findings
from pufa.schema import MARKER
from pufa.sources.docfiles import ASSET_IMAGE, PHOTO

PHOTO_CACHE = ".cache/pufa/photos"  # relative to mkdocs.yml; a rebuild with unchanged photos reuses it
# Script loads in Material's bundle that would reach a CDN; we use neither feature
# (ResizeObserver exists in every browser WeChat ships; no mermaid diagrams).
_BUNDLE_CDN = re.compile(r"https://unpkg\.com/(?:resize-observer-polyfill|mermaid@[\w.]+/dist/mermaid\.min\.js)")


class PhotoConfig(Config):
    """plugins: - pufa: photos: … in mkdocs.yml; the defaults are media/photos.py's."""

    widths = config_options.ListOfItems(config_options.Type(int), default=list(PhotoSettings.widths))
    webp_quality = config_options.Type(int, default=PhotoSettings.webp_quality)
    jpeg_quality = config_options.Type(int, default=PhotoSettings.jpeg_quality)


class PufaConfig(Config):
    enabled = config_options.Type(bool, default=True)
    photos = config_options.SubConfig(PhotoConfig)
    photo_cache = config_options.Type(str, default=PHOTO_CACHE)  # relative to mkdocs.yml


class PufaPlugin(BasePlugin[PufaConfig]):
    def __init__(self):
        self.loaded = None
        self.preloaded = None  # set by engine.py, which has validated the content already
        self.root: Path | None = None
        self.source_of: dict[str, str] = {}  # site path -> project-relative source, for messages
        self.short_links: dict[str, tuple[str, sharemeta.Share]] = {}  # qr id -> (page URL, what the page says of itself)
        self._share_image: sharemeta.Image | None = None  # site path of the share image, when a font was found
        self._share_photo: dict[str, sharemeta.Image] = {}  # page src_uri -> its first photo's share variant (site path)
        self._css: dict[str, str] | None = None  # our own stylesheets, put inline into each page (pageload.py)
        self._tmp: str | None = None
        self.problems: list = []  # content problems found during the build, for engine.py to print as they are
        self._published: dict = {}  # docs path of an editor photo -> its published variants
        self._photos: dict = {}  # the same, by final site path (known from on_nav)
        self.work: Path | None = None  # scratch folder for this build, set by engine.py (under its lock)
        self._generated: dict[str, str] = {}  # src_uri of a page we generate -> what it is, for messages
        self._photo_settings = PhotoSettings()  # plugins: - pufa: photos: in mkdocs.yml (on_config)
        self.cache: cache.BuildCache | None = None  # what did not change since the last build (adapter/cache.py)
        self.cache_kind = ""  # cache.variant() of this build, set by engine.py
        # What the preview's first answer to an edit re-renders with (adapter/quick.py):
        self.engine_texts: dict[str, str] = {}  # src_uri -> the Markdown written for the engine (kind.engine_file)
        self.nav = None
        self.env = None
        self.files = None

    # Runs before the search and blog plugins read their settings, so paths and lists are ours.
    @event_priority(100)
    def on_config(self, config):
        if not self.config.enabled:
            return
        if config.repo_url:
            raise PluginError("mkdocs.yml 设置了 repo_url：主题会因此访问 GitHub，在国内会拖慢页面。请删除 repo_url。")
        self.root = Path(config.config_file_path).parent
        self.problems, self._generated = [], {}
        self.loaded = self.preloaded or load_content(self.root, Path(config.docs_dir))
        photos = self.config.photos
        try:
            self._photo_settings = PhotoSettings(tuple(photos.widths), photos.webp_quality, photos.jpeg_quality)
        except ValueError as err:
            raise PluginError(
                f"mkdocs.yml 里 pufa 的 photos 设置不对：widths 要从小到大、不超过 {MAX_WIDTH}，质量在 1–100 之间（{err}）"
            ) from None
        if self.loaded.problems:
            raise PluginError("\n" + format_problems(self.loaded.problems))
        content = self.loaded.content
        if config.nav is not None:  # without a nav MkDocs lists every page by itself
            config.nav, hidden = registry.with_kinds_in_nav(config.nav)
            if hidden:
                spec = GitIgnoreSpec.from_lines(hidden)
                config.not_in_nav = config.not_in_nav + spec if config.not_in_nav else spec
        # Pages of a kind that renders them itself (a site's facts, map links and QR code around the text).
        self._rendered = {
            item.src_uri: (kind, item) for kind in registry.KINDS if kind.render_page for item in kind.items(content)
        }
        host = urlsplit(config.site_url or "").hostname
        self._own_hosts = frozenset({host}) if host else frozenset()
        self._codes_of = {}
        for code, (src_uri, anchor) in self.loaded.qr_owners.items():
            self._codes_of.setdefault(src_uri, []).append((code, anchor))
        blog = config.plugins.get("material/blog")
        if blog is not None:
            slugs = {c.name: c.slug for c in content.categories}
            blog.config.categories_allowed = list(slugs)
            blog.config.categories_slugify = lambda text, sep: slugs[text]
        search = config.plugins.get("material/search")
        if search is not None and search.config.jieba_dict_user:
            # Material resolves this path against the working directory; ours is relative to mkdocs.yml.
            search.config.jieba_dict_user = str(self.root / search.config.jieba_dict_user)
        self.cache = cache.BuildCache(self.root, cache.enabled(), self.cache_kind)
        return config

    def on_files(self, files, *, config):
        if not self.config.enabled:
            return files
        content = self.loaded.content
        # Only what docfiles.py accepted is published (it refused the rest before the build began);
        # what is left here is clutter such as Thumbs.db, which nobody meant to publish.
        docs = Path(config.docs_dir).resolve()
        for file in list(files):
            editors = file.generated_by is None and file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs)
            if editors and file.inclusion.is_included() and file.src_uri not in self.loaded.files.kinds:
                files.remove(file)
        # Pages a kind rewrites must be real files (the blog plugin re-reads posts from disk).
        self._tmp = tempfile.mkdtemp(prefix="pufa-posts-", dir=self.work)
        for kind in registry.KINDS:
            if kind.engine_file is None:
                continue
            for item in kind.items(content):
                path = Path(self._tmp, item.src_uri)
                path.parent.mkdir(parents=True, exist_ok=True)
                text = self.engine_texts[item.src_uri] = kind.engine_file(item, content, self.loaded)
                path.write_text(text, "utf-8")
                files.remove(files.get_file_from_path(item.src_uri))
                files.append(File.generated(config, item.src_uri, abs_src_path=str(path)))
        for src_uri, markdown in registry.generated_pages(content).items():
            taken = files.get_file_from_path(src_uri)
            if taken is not None:
                self.problems.append(
                    Problem(
                        f"docs/{src_uri}",
                        None,
                        f"这个页面的网址 /{taken.url} 留给自动生成的页面",
                        expected="自动生成的名册、乡镇归档和普法数字页面不和编辑的页面同名",
                        fix="如何修改：给这个文件改名或换一个文件夹",
                    )
                )
                continue
            self._generated[src_uri] = f"（自动生成）{src_uri}"
            files.append(File.generated(config, src_uri, content=markdown))
        self._publish_photos(files, config)
        self._clean_assets(files, config)
        self._add_share_image(files, config)
        cache.hook_static_files(self.cache, files, config.theme.dirs, [Path(self._tmp, "photos")])
        cache.hook_search(self.cache, config.plugins.get("material/search"))  # its index exists from its on_config
        if self.problems:
            raise PluginError("\n" + format_problems(self.problems))
        return files

    def _clean_assets(self, files, config):
        """Site images under assets/ keep their path and format, re-encoded without metadata."""
        out = Path(self._tmp, "assets")
        for src_uri in self.loaded.files.of_kind(ASSET_IMAGE):
            file = files.get_file_from_path(src_uri)
            if file is None:
                continue
            try:
                clean_asset(Path(file.abs_src_path), src_uri, out / src_uri, self._photo_settings)
            except PhotoError as err:
                self.problems.append(err.problem)
                continue
            file.abs_src_path = str(out / src_uri)

    def _add_share_image(self, files, config):
        try:
            png = shareimage.render(config.site_name, config.extra.get("host") or "")
        except shareimage.FontMissing as err:
            print(f"注意：没有生成分享图片，没有照片的页面分享到微信时不带图片。{err}")
            return
        name = shareimage.file_name(png)
        files.append(File.generated(config, name, content=png))
        self._share_image = sharemeta.Image(name, shareimage.SIZE, shareimage.SIZE)

    def _publish_photos(self, files, config):
        """Resize, re-encode and strip every editor photo (cached by content and settings)."""
        photos = [f for f in files if self.loaded.files.kinds.get(f.src_uri) == PHOTO]
        if not photos:
            return
        out = Path(self._tmp, "photos")
        items = [(Path(f.abs_src_path), f.src_uri) for f in photos]
        published, problems = publish_all(items, out, self.root / self.config.photo_cache, self._photo_settings)
        if problems:
            self.problems += [self._with_pages(p) for p in problems]
            raise PluginError("\n" + format_problems(self.problems))
        self._published = published
        for file in photos:
            result = published[file.src_uri]
            for variant in result.variants:
                files.append(File.generated(config, PHOTO_DIR + variant.name, abs_src_path=str(out / variant.name)))
            # The original path keeps working for links, with the largest JPEG and no metadata.
            largest = max((v for v in result.variants if v.format == "jpeg"), key=lambda v: v.width)
            file.abs_src_path = str(out / largest.name)

    # After every plugin's on_files: the blog plugin moves post photos (blog/posts/… → blog/…).
    @event_priority(-100)
    def on_nav(self, nav, *, config, files):
        if not self.config.enabled:
            return nav
        self._photos = {f.dest_uri: self._published[f.src_uri] for f in files if f.src_uri in self._published}
        # Every editor's file by its final site path, so the gate can name the source of a problem.
        docs = Path(config.docs_dir)
        self.source_of.update({f.dest_uri: rel_path(docs / f.src_uri, self.root) for f in files if f.generated_by is None})
        self.problems += self._collisions(files)
        if self.problems:
            raise PluginError("\n" + format_problems(self.problems))
        _escape_titles(nav.items)
        self.nav = nav
        return nav

    def _collisions(self, files) -> list[Problem]:
        """Two sources, one URL: one would silently replace the other (also where case is ignored, as on a USB stick)."""
        by_dest: dict[str, list] = {}
        for file in files:
            if file.inclusion.is_included():
                by_dest.setdefault(file.dest_uri.casefold(), []).append(file)
        problems = []
        for same in by_dest.values():
            if len(same) > 1:
                names = [self._generated.get(f.src_uri) or f"docs/{f.src_uri}" for f in same]
                problems.append(
                    Problem(
                        names[-1],
                        None,
                        f"{len(same)} 个文件会生成同一个网址 /{same[0].url}，只有一个能留下",
                        actual="、".join(names),
                        fix="如何修改：给其中一个改名（文件名不同，网址才不同；大小写不同也算相同）",
                    )
                )
        return problems

    def _with_pages(self, problem):
        """Name the pages that use a broken photo, so the editor knows where it appears."""
        photo = problem.path.removeprefix("docs/")
        users = []
        for src, fm in self.loaded.pages.items():
            link = posixpath.relpath(photo, posixpath.dirname(src))
            if link in fm.body or link in str(fm.meta.get("photos", "")):
                users.append(f"docs/{src}")
        return replace(problem, message=f"{problem.message}（用在 {'、'.join(users)}）") if users else problem

    def on_page_content(self, html, *, page, config, files):
        if not self.config.enabled:
            return html
        cache.hook_excerpt(self.cache, page, files, config)  # the blog made it in its on_page_markdown
        if page.file.src_uri not in self._generated:
            self.problems += self._unsafe_content(html, page.file.src_uri)
        if not self._photos:
            return html
        photo = first_photo(html, page.file.dest_uri, self._photos)
        if photo is not None:
            variant = share_variant(photo)
            self._share_photo[page.file.src_uri] = sharemeta.Image(PHOTO_DIR + variant.name, variant.width, variant.height)
        return rewrite_images(html, page.file.dest_uri, self._photos)

    def _unsafe_content(self, html: str, src_uri: str) -> list[Problem]:
        """Editors' pages carry text, pictures and links: no scripts, handlers, <base> or loads from elsewhere."""
        return finding_problems(html_findings(html, self._own_hosts, content=True), f"docs/{src_uri}", self.root)

    # Last, so that env is the one every page is rendered with (the blog plugin adds its filters).
    @event_priority(-100)
    def on_env(self, env, *, config, files):
        # Every page's content is rendered by now: report the mistakes of all pages at once.
        if self.config.enabled and self.problems:
            raise PluginError("\n" + format_problems(self.problems))
        self.env, self.files = env, files
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return markdown
        cache.hook_page(self.cache, page, files)
        # The theme inserts titles and descriptions without escaping (<title>, the header, the
        # neighbours' links, <meta>): escaped once here, as markup that Jinja will not escape again.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        content = self.loaded.content
        rendered = self._rendered.get(page.file.src_uri)
        if rendered is not None:
            kind, item = rendered
            markdown = kind.render_page(item, markdown, content, config.site_url or "")
        if MARKER.search(markdown):
            markdown = registry.render_markers(markdown, page.file.src_uri, content)
        return markdown

    # Pages know their final URL only now (the blog plugin moves posts after on_files).
    def on_post_page(self, output, *, page, config):
        if self.config.enabled:
            source = Path(config.docs_dir, page.file.src_uri)
            self.source_of[page.file.dest_uri] = (
                rel_path(source, self.root) if source.exists() else f"（自动生成）{page.file.src_uri}"
            )
            share = self._share(page, output, config)
            for code, anchor in self._codes_of.get(page.file.src_uri, ()):
                self.short_links[code] = (page.url + (f"#{anchor}" if anchor else ""), share)
            output = fix_engine_html(sharemeta.apply(output, _linked(share, page.url, config.site_url)))
            output = pageload.fast_first_view(output, self._own_css(config))
        return output

    def _own_css(self, config) -> dict[str, str]:
        if self._css is None:
            self._css = pageload.own_stylesheets(Path(config.docs_dir), [str(path) for path in config.extra_css])
        return self._css

    def _share(self, page, output, config) -> sharemeta.Share:
        """What the page says of itself; its image is still a site path (see _linked)."""
        title = _plain(page.meta.get("title") or page.title or "")  # plain text: sharemeta escapes it once
        description = _plain(page.meta.get("description") or "").strip() or self._describe(
            output, title, config.site_description or ""
        )
        return sharemeta.Share(
            config.site_name,
            "" if page.is_homepage else title,
            description,
            url=config.site_url + page.url if config.site_url else "",
            image=self._share_photo.get(page.file.src_uri) or self._share_image,
            page=sharemeta.page_number(page.url),
        )

    def _describe(self, output: str, title: str, fallback: str) -> str:
        """sharemeta.describe reads the whole page with an HTML parser: kept in the build cache by the page's HTML."""
        what = cache.stable(("describe", title, fallback))
        return cache.remembered(self.cache, what, output, lambda: sharemeta.describe(output, title, fallback))

    def on_post_template(self, output_content, *, template_name, config):
        if self.config.enabled and template_name == "404.html":
            share = sharemeta.Share(
                config.site_name,
                sharemeta.NOT_FOUND_TITLE,
                sharemeta.NOT_FOUND_DESCRIPTION,
                image=self._share_image,
                noindex=True,
            )
            return pageload.fast_first_view(
                fix_engine_html(sharemeta.apply(output_content, _linked(share, None, config.site_url))), self._own_css(config)
            )
        if self.config.enabled and template_name.endswith(".html"):
            return pageload.fast_first_view(fix_engine_html(output_content), self._own_css(config))
        return output_content

    # Last: the search plugin writes its index in its own on_post_build.
    @event_priority(-100)
    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        for bundle in Path(config.site_dir, "assets", "javascripts").glob("bundle.*.js"):
            text = bundle.read_text("utf-8")
            cache.replace_text(bundle, _BUNDLE_CDN.sub("data:text/javascript,", text))  # a new file: it may be a link
        # Our index and page texts in place of Material's (search.py; read by pufa-search-worker.js).
        memo = functools.partial(cache.remembered, self.cache, cache.stable(("search-index", self.loaded.synonyms)))
        write_search_index(Path(config.site_dir), self.loaded.synonyms, memo)
        # /p/<id>/ for every page with a qr id: relative, so it works under any site_url.
        for code, (url, share) in self.short_links.items():
            stub = Path(config.site_dir, PREFIX, code, "index.html")
            stub.parent.mkdir(parents=True, exist_ok=True)
            stub.write_text(render_redirect("../../" + url, _linked(share, f"{PREFIX}{code}/", config.site_url)), "utf-8")
        cache.finished(self.cache)  # kept once the gate passed the site (engine.py)
        self._cleanup()

    def on_build_error(self, *, error):
        self._cleanup()

    def _cleanup(self):
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _escape_titles(items) -> None:
    """Titles from mkdocs.yml's nav are inserted raw by the theme too."""
    for item in items:
        if "title" in vars(item) and isinstance(item.title, str) and not isinstance(item.title, Markup):
            item.title = escape(item.title)
        _escape_titles(getattr(item, "children", None) or [])


def _plain(value) -> str:
    """Text as typed: titles and descriptions arrive here already escaped for the theme (Markup)."""
    return value.unescape() if isinstance(value, Markup) else str(value)


def _linked(share: sharemeta.Share, page_url: str | None, site_url: str | None) -> sharemeta.Share:
    """share with its image's site path turned into the URL this page uses: absolute on site_url
    when known (what share cards need), else relative to the page (page_url None: the 404 page,
    which MkDocs links from the root, as it does when site_url is empty)."""
    if share.image is None:
        return share
    path = share.image.url
    if site_url:
        url = site_url.rstrip("/") + "/" + path
    elif page_url is None:
        url = "/" + path
    else:
        folder = posixpath.dirname(page_url)
        url = posixpath.relpath(path, folder) if folder else path
    return replace(share, image=replace(share.image, url=url))
