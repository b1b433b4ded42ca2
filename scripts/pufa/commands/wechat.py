"""`python -m pufa wechat POST…`: a post as a page to paste into the WeChat 公众号 editor.

Most residents read the bureau's stories in its 公众号, so every post is published twice. This
command writes build/wechat/<post>.html: the editor opens it in a browser, presses 复制全文 and
pastes into the 公众号 editor's body; the page also shows the title, the digest (摘要) and the
original link (原文链接) to fill in the editor's own fields.

What the 公众号 editor keeps, as the open-source Markdown-to-WeChat tools' issue trackers document
(doocs/md, mdnice/markdown-nice, …):
- styles only inline: it drops <style>, classes and ids, and complex styles when saving (CSS
  variables, pseudo-classes, positioning, background images), so the style is plain: sizes,
  colours, margins, borders;
- no links outside mp.weixin.qq.com ("请勿插入非mp.weixin.qq.com域名的链接"), not even a
  footnote's #anchor: every other link becomes plain text with a number, listed as 注释 at the end;
- images are fetched from their address when pasted: they point at the published site's JPEGs by
  absolute site_url address (the photo pipeline's own files: nothing is encoded again here).

So the command needs the site's address (site_url) and a built site that holds the post and its
photos; it refuses otherwise and says the site must be built and published first. A draft, and
with review required a post without 终审, is not exported either: the 公众号 is a publication too.

CSS is inlined by css-inline (a kept library), not by code of our own.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import css_inline
import markdown
from selectolax.lexbor import LexborHTMLParser

from pufa.content import load_content
from pufa.media.photos import PhotoSettings, digest, variant_base
from pufa.model import Content, Post
from pufa.pages.photopages import PHOTO_DIR, is_photo
from pufa.problems import Problem, format_problems, quote
from pufa.schema import POSTS_DIR
from pufa.sources import siteconfig
from pufa.sources.textfile import find_line

OUT_DIR = "build/wechat"
WECHAT_HOST = "mp.weixin.qq.com"
BLOG_DIR = "blog/"  # posts are published at blog/<file name>/ (mkdocs.yml: blog_dir, post_url_format "{file}")
DIGEST_CHARS = 120  # the 公众号 editor's 摘要 field takes at most 120 characters
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables"]

# Plain styles the 公众号 editor keeps; inlined into every element, then classes and ids are dropped.
STYLE = """
section { font-size: 16px; line-height: 1.75; color: #333333; letter-spacing: 0.5px; }
p { margin: 0 0 1em 0; }
h2 { font-size: 18px; font-weight: bold; color: #8b1a1a; margin: 1.5em 0 0.75em 0; }
h3 { font-size: 17px; font-weight: bold; color: #333333; margin: 1.2em 0 0.6em 0; }
ul, ol { margin: 0 0 1em 0; padding-left: 1.5em; }
li { margin: 0.25em 0; }
strong { font-weight: bold; color: #8b1a1a; }
img { max-width: 100%; height: auto; display: block; margin: 0 auto; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1em 0; font-size: 15px; }
th, td { border: 1px solid #cccccc; padding: 6px 8px; text-align: left; }
th { background-color: #f5f5f5; font-weight: bold; }
blockquote { margin: 0 0 1em 0; padding: 8px 12px; border-left: 4px solid #8b1a1a; background-color: #f7f7f7; color: #555555; }
blockquote p { margin: 0; }
a { color: #576b95; text-decoration: none; }
.pufa-meta { font-size: 14px; color: #888888; }
.pufa-caption { font-size: 14px; color: #888888; text-align: center; margin: 0.4em 0 1em 0; }
.pufa-note { font-size: 13px; color: #888888; margin: 0 0 0.4em 0; word-break: break-all; }
.pufa-more { font-size: 14px; color: #888888; word-break: break-all; }
.admonition { margin: 0 0 1em 0; padding: 8px 12px; border-left: 4px solid #8b1a1a; background-color: #f7f7f7; }
.admonition-title { font-weight: bold; margin: 0 0 0.4em 0; }
"""
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BETWEEN_BLOCKS = re.compile(r">\s*\n\s*<")  # Markdown's line breaks between blocks: nothing to paste
# A line break inside Chinese text (a wrapped source line) shows as a space in the 公众号: dropped.
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "posts", nargs="+", metavar="POST", help="文章文件，如 docs/blog/posts/2023-pear-festival.md，也可以只写文件名"
    )
    parser.add_argument(
        "--site-url", default=None, help="网站的正式网址（不写时用 mkdocs.yml 的 site_url 或环境变量 PUFA_SITE_URL）"
    )
    parser.add_argument("--site-dir", default="site", help="已经生成的网站文件夹，用来核对文章和照片已经生成，默认 site")
    parser.add_argument("--out", default=OUT_DIR, help=f"输出文件夹，默认 {OUT_DIR}")


def run(root: Path, args: argparse.Namespace) -> int:
    root = Path(root)
    loaded = load_content(root)
    problems = list(loaded.problems)
    site_url = (args.site_url if args.site_url is not None else siteconfig.load_settings(root).site_url).strip()
    if not site_url:
        problems.append(
            Problem(
                "mkdocs.yml",
                find_line(root / "mkdocs.yml", "site_url:"),
                "导出到公众号需要网站的正式网址（site_url）：文章里的照片和“阅读原文”都指向已经发布的网站",
                expected="以 / 结尾的完整网址，如 https://www.example.gov.cn/pufa/",
                actual="没有设置",
                fix="如何修改：先在 mkdocs.yml 写上 site_url，生成网站并发布到服务器，再导出；也可以加 --site-url https://正式网址/",
            )
        )
    elif not site_url.startswith(("https://", "http://")) or not urlsplit(site_url).hostname:
        problems.append(
            Problem(
                "mkdocs.yml",
                find_line(root / "mkdocs.yml", "site_url:"),
                "网站网址（site_url）不是完整的网址",
                expected="以 https:// 开头，如 https://www.example.gov.cn/pufa/",
                actual=quote(site_url),
                fix="如何修改：写出 https:// 和域名",
            )
        )
    elif siteconfig.is_example(site_url):
        problems.append(
            Problem(
                "mkdocs.yml",
                find_line(root / "mkdocs.yml", "site_url:"),
                "网站网址（site_url）是示例地址，读者打不开：导出的照片和“阅读原文”会指向一个不存在的网站",
                expected="本单位网站的正式网址，如 https://www.example.gov.cn/pufa/",
                actual=quote(site_url),
                fix="如何修改：在 mkdocs.yml 写上正式网址（或加 --site-url https://正式网址/），生成网站并发布后再导出",
            )
        )
    site_dir = root / args.site_dir
    posts = [_find_post(name, root, loaded.content, problems) for name in args.posts]
    posts = [p for p in posts if p is not None]
    for post in posts:
        problems += _refusals(post, loaded, root)
    if problems:
        print(format_problems(problems))
        print("没有导出。")
        return 1
    if not site_dir.is_dir():
        print(
            format_problems(
                [
                    Problem(
                        args.site_dir,
                        None,
                        "还没有生成网站：公众号文章里的照片和“阅读原文”指向已经发布的网站",
                        fix="如何修改：先运行 python -m pufa build，把网站发布到服务器，再导出",
                    )
                ]
            )
        )
        print("没有导出。")
        return 1
    exports = []
    for post in posts:
        export, found = export_post(post, loaded.content, root, site_url, site_dir)
        problems += found
        exports.append((post, export))
    if problems:
        print(format_problems(problems))
        print("没有导出。")
        return 1
    out = root / args.out
    out.mkdir(parents=True, exist_ok=True)
    for post, export in exports:
        target = out / f"{Path(post.src_uri).stem}.html"
        target.write_text(export.page(), "utf-8")
        shown = target.relative_to(root).as_posix() if target.is_relative_to(root) else str(target)
        extras = "，".join(
            x
            for x in (
                f"{export.images} 张照片" if export.images else "",
                f"{len(export.notes)} 条文末注释" if export.notes else "",
            )
            if x
        )
        print(f"已导出：{shown}{f'（{extras}）' if extras else ''}")
    print(
        "用浏览器打开导出的文件，点“复制全文”，再到公众号编辑器的正文里粘贴；标题、摘要和原文链接在页面上方，分别填进编辑器的对应栏目。"
    )
    return 0


def _find_post(name: str, root: Path, content: Content, problems: list[Problem]) -> Post | None:
    """A post by its path (docs/blog/posts/x.md), its file name (x.md) or its bare name (x)."""
    wanted = name.replace("\\", "/").strip()
    path = Path(wanted)
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            wanted = path.resolve().relative_to(Path(root).resolve()).as_posix()
    wanted = wanted.removeprefix("./")
    for post in content.posts:
        file = posixpath.basename(post.rel)
        if wanted in (post.rel, file, file.removesuffix(".md")):
            return post
    from pufa.schema import suggest

    names = [posixpath.basename(p.rel) for p in content.posts]
    hint = suggest(posixpath.basename(wanted), names)
    problems.append(
        Problem(
            wanted,
            None,
            "找不到这篇文章",
            expected=f"docs/{POSTS_DIR} 里的文章文件，如 docs/{POSTS_DIR}2023-pear-festival.md，或只写 2023-pear-festival",
            actual=quote(name),
            fix=f"如何修改：{hint or '检查文件名（区分大小写）'}",
        )
    )
    return None


def _refusals(post: Post, loaded, root: Path) -> list[Problem]:
    fm = loaded.pages.get(post.src_uri)
    if post.draft:
        return [
            Problem(
                post.rel,
                fm.line("draft") if fm else None,
                "草稿不能导出到公众号：它不在网站上，“阅读原文”会打不开",
                fix="如何修改：发布后再导出（删掉 draft: true，重新生成并发布网站）",
            )
        ]
    return [p for p in loaded.publish_problems if p.path == post.rel]


@dataclass
class Export:
    title: str
    digest: str
    url: str  # the post on the site: 原文链接
    article: str  # the HTML to paste: inline styles only
    images: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)  # (link text, address)

    def page(self) -> str:
        return _PAGE.format(
            title=html.escape(self.title),
            digest=html.escape(self.digest),
            url=html.escape(self.url),
            article=self.article,
            data=json.dumps(self.article, ensure_ascii=False).replace("</", "<\\/"),
        )


def export_post(post: Post, content: Content, root: Path, site_url: str, site_dir: Path) -> tuple[Export | None, list[Problem]]:
    """The post as 公众号 HTML, or the problems that keep it from being exported."""
    problems: list[Problem] = []
    base = site_url if site_url.endswith("/") else site_url + "/"
    stem = Path(post.src_uri).stem
    url = f"{base}{BLOG_DIR}{stem}/"
    if not (site_dir / BLOG_DIR / stem / "index.html").is_file():
        problems.append(
            Problem(
                post.rel,
                None,
                "这篇文章还没有生成到网站里：“阅读原文”会打不开",
                actual=f"{site_dir.name}/{BLOG_DIR}{stem}/ 不存在",
                fix="如何修改：先运行 python -m pufa build，把网站发布到服务器，再导出",
            )
        )
    docs = root / "docs"
    here = posixpath.dirname(post.src_uri)
    body = _CJK_BREAK.sub("", markdown.markdown(post.body, extensions=MARKDOWN_EXTENSIONS, output_format="html"))
    parts = [f'<p class="pufa-meta">{html.escape(_meta(post, content))}</p>', body]
    for index, photo in enumerate(post.photos, 1):
        parts.append(f'<p><img src="{html.escape(photo)}" alt="{html.escape(post.title)}（图{index}）" data-pufa-listed></p>')
    if post.figures:
        rows = "".join(f"<li>{html.escape(key)}：{html.escape(figure.text())}</li>" for key, figure in post.figures)
        parts.append(f"<h2>活动数据</h2><ul>{rows}</ul>")
    if post.source:
        parts.append(f"<blockquote><p><strong>报告原文：</strong>{html.escape(post.source)}</p></blockquote>")
    tree = LexborHTMLParser(f"<section>{_COMMENT.sub('', ''.join(parts))}</section>")
    section = tree.css_first("section")
    images = _point_images(section, post, here, docs, base, site_dir, problems)
    notes = _links_to_notes(section, here, base)
    if notes:
        section.insert_child(LexborHTMLParser("<h2>注释</h2>").css_first("h2"))
        for number, (text, address) in enumerate(notes, 1):
            label = address if text in ("", address) else f"{text}：{address}"
            section.insert_child(LexborHTMLParser(f'<p class="pufa-note">[{number}] {html.escape(label)}</p>').css_first("p"))
    section.insert_child(LexborHTMLParser(f'<p class="pufa-more">阅读原文：{html.escape(url)}</p>').css_first("p"))
    article = _inline(section.html)
    if problems:
        return None, problems
    return Export(post.title, _digest(post, section), url, article, images, notes), []


def _meta(post: Post, content: Content) -> str:
    line = f"{post.date.text()} · {post.category.name} · 地点：{'、'.join(post.townships)}"
    if post.published is not None:
        line += f" · 发布于 {post.published.year}年{post.published.month}月{post.published.day}日"
    return line


def _point_images(section, post: Post, here: str, docs: Path, base: str, site_dir: Path, problems: list[Problem]) -> int:
    """Every <img> to the published site's largest JPEG of that photo, by absolute address."""
    count = 0
    for img in section.css("img"):
        src = img.attributes.get("src") or ""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            problems.append(
                Problem(
                    post.rel,
                    None,
                    "文章里有其他网站的图片，公众号导出只用本站发布的照片",
                    actual=quote(src),
                    fix="如何修改：把图片下载后放进文章的照片文件夹",
                )
            )
            continue
        docs_rel = posixpath.normpath(posixpath.join(here, parts.path))
        if is_photo(docs_rel):
            name = _published_jpeg(docs / docs_rel, docs_rel, site_dir)
            target = f"{PHOTO_DIR}{name}" if name else None
        else:  # a site image under assets/ keeps its path
            target = docs_rel if (site_dir / docs_rel).is_file() else None
        if target is None:
            problems.append(
                Problem(
                    post.rel,
                    None,
                    "照片还没有生成到网站里",
                    actual=quote(src),
                    fix="如何修改：先运行 python -m pufa build，把网站发布到服务器，再导出",
                )
            )
            continue
        img.attrs["src"] = base + target
        count += 1
        alt = img.attributes.get("alt")
        if alt and "data-pufa-listed" not in img.attributes:  # the editor's own caption (not the generated “标题（图1）”)
            parent = img.parent
            if parent is not None and parent.tag == "p":
                parent.insert_after(LexborHTMLParser(f'<p class="pufa-caption">{html.escape(alt)}</p>').css_first("p"))
    return count


def _published_jpeg(path: Path, docs_rel: str, site_dir: Path) -> str | None:
    """The photo's widest JPEG variant in the built site, found by the pipeline's own name."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    stem = variant_base(docs_rel, digest(data, PhotoSettings()))
    found = []
    for file in (site_dir / PHOTO_DIR).glob(f"{stem}-*.jpg"):
        width = file.stem.removeprefix(f"{stem}-")
        if width.isdigit():
            found.append((int(width), file.name))
    return max(found)[1] if found else None


def _links_to_notes(section, here: str, base: str) -> list[tuple[str, str]]:
    """Links to mp.weixin.qq.com stay; any other becomes its text and a number, listed at the end."""
    notes: list[tuple[str, str]] = []
    numbers: dict[str, int] = {}
    for link in section.css("a"):
        href = (link.attributes.get("href") or "").strip()
        text = link.text(deep=True).strip()
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and (parts.hostname or "").lower() == WECHAT_HOST:
            for name in list(link.attributes):
                if name != "href":
                    del link.attrs[name]
            continue
        address = _address(href, here, base)
        if address is None:  # tel:, mailto:, #anchor on this page: the text alone
            link.unwrap()
            continue
        if address not in numbers:
            notes.append((text, address))
            numbers[address] = len(notes)
        link.insert_after(f"[{numbers[address]}]")
        link.unwrap()
    return notes


def _address(href: str, here: str, base: str) -> str | None:
    """The absolute address of a link, or None when it leads nowhere outside this article."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        return href
    if parts.scheme or not (parts.path or parts.query):
        return None
    path = posixpath.normpath(posixpath.join(here, parts.path))
    if path.endswith(".md"):  # a page of the site, written as its file
        path = path[:-3]
        if path.startswith(POSTS_DIR):
            path = BLOG_DIR + path[len(POSTS_DIR) :]
        path = "" if path == "index" else path.removesuffix("/index").removesuffix("index") + "/"
    address = urljoin(base, path)
    return address + (f"#{parts.fragment}" if parts.fragment else "")


def _inline(fragment: str) -> str:
    """Styles into style attributes (css-inline), then no class or id is left."""
    styled = _INLINER.inline_fragment(_BETWEEN_BLOCKS.sub("><", fragment), STYLE)
    tree = LexborHTMLParser(styled)
    for node in tree.css("*"):
        for name in list(node.attributes):
            if name in ("class", "id", "loading") or name.startswith("data-"):
                del node.attrs[name]
    section = tree.css_first("section")
    return section.html if section is not None else styled


def _digest(post: Post, section) -> str:
    """The 摘要: the description, or the first paragraph of the body."""
    text = post.description
    if not text:
        first = next((p.text(deep=True).strip() for p in section.css("p")[1:] if p.text(deep=True).strip()), "")
        text = re.sub(r"\[\d+\]", "", first)
    text = " ".join(text.split())
    return text if len(text) <= DIGEST_CHARS else text[: DIGEST_CHARS - 1] + "…"


# The page the editor opens. Its own styles and script stay outside the article: only the article
# (exactly the HTML in ARTICLE) goes to the clipboard.
_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>公众号导出：{title}</title>
<style>
body {{ margin: 0; background: #eeeeee; font-family: sans-serif; }}
.tools {{ background: #ffffff; border-bottom: 1px solid #dddddd; padding: 12px 16px; }}
.tools h1 {{ font-size: 18px; margin: 0 0 8px 0; }}
.tools dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0; font-size: 15px; }}
.tools dt {{ color: #666666; }}
.tools dd {{ margin: 0; word-break: break-all; }}
.tools button {{ font-size: 18px; padding: 10px 28px; background: #8b1a1a; color: #ffffff; border: 0; border-radius: 4px; cursor: pointer; }}
.tools .status {{ margin-left: 12px; color: #1a6b1a; }}
.paper {{ max-width: 677px; margin: 16px auto; background: #ffffff; padding: 20px 16px; }}
</style>
</head>
<body>
<div class="tools">
<h1>公众号导出</h1>
<p>第一步：点“复制全文”。第二步：在公众号编辑器的正文里粘贴（Ctrl+V）。第三步：把下面的标题、摘要和原文链接填进编辑器的对应栏目。</p>
<dl>
<dt>标题</dt><dd>{title}</dd>
<dt>摘要</dt><dd>{digest}</dd>
<dt>原文链接</dt><dd>{url}</dd>
</dl>
<button type="button" id="copy">复制全文</button><span class="status" id="status" role="status"></span>
</div>
<div class="paper" id="article">{article}</div>
<script>
const ARTICLE = {data};
const status = (text) => {{ document.getElementById("status").textContent = text; }};
const plain = () => document.getElementById("article").innerText;
let copying = false;
document.addEventListener("copy", (event) => {{
  if (!copying) return;  // the reader's own selection is copied as usual
  event.clipboardData.setData("text/html", ARTICLE);
  event.clipboardData.setData("text/plain", plain());
  event.preventDefault();
}});
document.getElementById("copy").addEventListener("click", async () => {{
  try {{
    await navigator.clipboard.write([new ClipboardItem({{
      "text/html": new Blob([ARTICLE], {{ type: "text/html" }}),
      "text/plain": new Blob([plain()], {{ type: "text/plain" }}),
    }})]);
    status("已复制，请到公众号编辑器的正文里粘贴。");
  }} catch (error) {{
    copying = true;
    const done = document.execCommand("copy");
    copying = false;
    status(done ? "已复制，请到公众号编辑器的正文里粘贴。" : "浏览器不让复制：请在正文里按 Ctrl+A 全选，再按 Ctrl+C。");
  }}
}});
</script>
</body>
</html>
"""
