"""Real builds of the default content and of broken copies: strict, atomic, ASCII, China-safe."""

from __future__ import annotations

import re

import pytest
from conftest import POST, tree_digest

from pufa.adapter import engine
from pufa.commands.cli import main
from pufa.publish import gate


def test_default_content_builds_with_zero_warnings(project, capsys):
    assert main(["--root", str(project), "build"]) == 0
    out = capsys.readouterr().out
    assert out.strip().startswith("网站已生成：site/"), out
    assert "警告" not in out and "WARNING" not in out


def test_every_path_in_the_site_is_ascii(built_site):
    paths = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*")]
    assert len(paths) > 50
    assert [p for p in paths if not p.isascii()] == []


def test_no_file_loads_anything_from_another_host(built_site):
    assert gate.check_output(built_site, gate.Context(built_site.parent)) == []
    for path in built_site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html and "unpkg.com" not in html
    bundle = next(built_site.glob("assets/javascripts/bundle.*.js")).read_text("utf-8")
    assert "unpkg.com" not in bundle


def test_every_internal_link_is_ascii_and_relative(built_site):
    # 404.html is served at any depth, so MkDocs writes it with paths from site_url (tested below).
    for path in set(built_site.rglob("*.html")) - {built_site / "404.html"}:
        for href in re.findall(r'href="([^"#]*)', path.read_text("utf-8")):
            if href.startswith(("http:", "https:", "tel:", "mailto:")):
                continue
            assert href.isascii(), (path, href)
            assert not href.startswith("/"), (path, href)  # works under a sub-path too


def test_posts_categories_archive_and_townships_have_ascii_urls(built_site):
    assert (built_site / "blog/2023-arts-light-cavalry/index.html").is_file()
    assert (built_site / "blog/category/arts/index.html").is_file()
    assert (built_site / "blog/archive/2023/index.html").is_file()
    assert (built_site / "blog/township/all/index.html").is_file()
    liangwa = (built_site / "blog/township/liangwa/index.html").read_text("utf-8")
    assert "梁洼镇的普法活动" in liangwa and "../../2023-culture-sites/" in liangwa
    assert (built_site / "blog/township/index.html").is_file()


def test_post_shows_only_the_known_precision_of_its_date(built_site):
    # The report gives no day for this campaign: no day, no month anywhere in the page.
    html = (built_site / "blog/2023-arts-light-cavalry/index.html").read_text("utf-8")
    assert '<time datetime="2023">2023年</time>' in html
    assert "2023-01-01" not in html and "2023年1月1日" not in html and "2023年01月" not in html
    # The lecture has a day in the report.
    html = (built_site / "blog/2023-03-03-lushan-lecture/index.html").read_text("utf-8")
    assert '<time datetime="2023-03-03">2023年3月3日</time>' in html


def test_post_meta_is_in_the_content_so_phones_see_it(built_site):
    html = (built_site / "blog/2023-zhuizi-tour/index.html").read_text("utf-8")
    meta = re.search(r'<div class="pufa-post-meta">(.*?)</div>', html, re.DOTALL).group(1)
    assert "2023年" in meta and "普法文艺" in meta and "全县" in meta
    assert "需要" not in html or "分钟阅读" not in html  # reading time is off


def test_chinese_headings_get_working_anchors(built_site):
    html = (built_site / "about/index.html").read_text("utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids and all(re.search(r"[\u4e00-\u9fff]", i) for i in ids), ids


def test_footer_lines_come_from_extra_and_empty_ones_are_left_out(project):
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace('icp: ""', "icp: 豫ICP备00000000号").replace('site_code: ""', 'site_code: "4104230000"')
    config.write_text(text, "utf-8")
    assert engine.build(project) == 0
    html = (project / "site/index.html").read_text("utf-8")
    assert '<a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">豫ICP备00000000号</a>' in html
    assert "网站标识码：4104230000" in html
    assert "主办单位：鲁山县司法局" in html
    assert "beian.mps.gov.cn" not in html  # police_beian left empty
    assert "squidfunk" not in html


def test_site_url_under_a_sub_path(project):
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace('site_url: !ENV [PUFA_SITE_URL, ""]', "site_url: https://example.gov.cn/pufa/"), "utf-8"
    )
    assert engine.build(project) == 0
    sitemap = (project / "site/sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.gov.cn/pufa/blog/2023-zhuizi-tour/</loc>" in sitemap
    html = (project / "site/404.html").read_text("utf-8")
    assert 'href="/pufa/assets/stylesheets/' in html  # the 404 page is served from any depth


LINK_CASES = [
    ("missing-page", "[见](../nowhere.md)", "链接指向的页面或文件不存在", "“../nowhere.md”"),
    ("missing-anchor", "[见](../../about.md#没有这个标题)", "链接指向的标题（锚点）不存在", "#没有这个标题"),
    ("absolute-link", "[见](/about/)", "链接以 / 开头", "“/about/”"),
    ("directory-link", "[见](../../sites/)", "链接没有指向具体的 .md 文件", "“../../sites/”"),
    ("external-image", "![图](https://mmbiz.qpic.cn/x.jpg)", "页面从其他网站加载内容", "mmbiz.qpic.cn"),
]


@pytest.mark.parametrize(("name", "markdown", "message", "detail"), LINK_CASES, ids=[c[0] for c in LINK_CASES])
def test_broken_links_fail_the_build_and_keep_the_site(project, capsys, name, markdown, message, detail):
    assert engine.build(project) == 0
    before = tree_digest(project / "site")
    (project / "docs/blog/posts/links.md").write_text(POST + f"\n第二段。\n\n{markdown}\n", "utf-8")
    assert engine.build(project) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if message in line)
    assert line.startswith("docs/blog/posts/links.md:14: "), line
    assert detail in line
    assert tree_digest(project / "site") == before


@pytest.mark.parametrize("error", [RuntimeError("engine crashed"), KeyboardInterrupt()])
def test_a_crash_or_ctrl_c_mid_build_keeps_the_site(project, monkeypatch, error):
    assert engine.build(project) == 0
    before = tree_digest(project / "site")

    def broken_build(*args, **kwargs):
        raise error

    monkeypatch.setattr("mkdocs.commands.build.build", broken_build)
    with pytest.raises(type(error)):
        engine.build(project)
    assert tree_digest(project / "site") == before
    assert not list(project.glob(".site-building-*"))


def test_a_build_killed_between_renames_is_recovered(project):
    assert engine.build(project) == 0
    before = tree_digest(project / "site")
    (project / "site").rename(project / "site.old")  # as if killed after the first rename
    (project / "docs/blog/posts/bad.md").write_text(POST.replace("普法文艺", "未知"), "utf-8")
    assert engine.build(project) == 1
    assert tree_digest(project / "site") == before


def test_repo_url_is_refused(project, capsys):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nrepo_url: https://github.com/example/pufa\n", "utf-8")
    assert engine.build(project) == 1
    assert "repo_url" in capsys.readouterr().out


def test_build_summary_names_added_changed_and_removed_pages(project, capsys):
    assert engine.build(project) == 0
    assert "这是第一次生成" in capsys.readouterr().out
    about = project / "docs/about.md"
    about.write_text(about.read_text("utf-8") + "\n补充一句。\n", "utf-8")
    (project / "docs/blog/posts/new.md").write_text(POST, "utf-8")
    assert engine.build(project) == 0
    out = capsys.readouterr().out
    assert "修改：/about/" in out and "新增：/blog/new/" in out
    (project / "docs/blog/posts/new.md").unlink()
    assert engine.build(project) == 0
    assert "删除：/blog/new/" in capsys.readouterr().out
