"""Nothing foreign, by construction: editors' pages cannot load from other hosts or run code, the
config cannot add trackers, titles are escaped, and the browser's own wall (CSP) holds."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import POST, site_text
from test_gate_personal import assert_refused

from pufa.commands.cli import main
from pufa.publish import gate, htmlscan

# Pasted or typed into a post: each must be refused with the post's file and line.
PAYLOADS = [
    ("base-href", '<base href="https://evil.example/">', "<base> 标签"),
    ("style-quot", '<p style="background-image:url(&quot;https://evil.example/a.png&quot;)">x</p>', "外部加载（样式里的 url）"),
    ("entity-url", '<img src="&#104;ttps://evil.example/b.png" alt="">', "外部加载（<img>）"),
    ("image-set", "<div style=\"background: image-set('https://evil.example/c.png' 1x)\">y</div>", "外部加载（样式里的 url）"),
    ("svg-image", '<svg width="10" height="10"><image href="https://evil.example/d.png"/></svg>', "外部加载（<image>）"),
    ("svg-xlink", '<svg width="10" height="10"><image xlink:href="//evil.example/e.png"/></svg>', "外部加载（<image>）"),
    ("onerror", '<img src="missing.png" onerror="alert(1)" alt="">', "事件处理属性 onerror"),
    ("inline-script", "<script>document.write(1)</script>", "脚本（<script>）"),
    ("javascript-link", "[点我](javascript:alert(1))", "javascript: 网址"),
    ("style-tag", "<style>@import url(https://evil.example/s.css);</style>", "外部加载（样式里的 url）"),
    ("iframe", '<iframe src="https://v.qq.com/player"></iframe>', "外部加载（<iframe>）"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0; url=https://evil.example/">', "自动跳转"),
    ("srcset", '<img src="a.png" srcset="https://evil.example/a.png 2x" alt="">', "外部加载（<img>）"),
    ("backslash", '<img src="/\\evil.example/x.png" alt="">', "外部加载（<img>）"),
]


@pytest.mark.parametrize(("name", "html", "fragment"), PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_a_foreign_load_or_script_in_a_post_is_refused(built_project, capsys, name, html, fragment):
    (built_project / "docs/blog/posts/paste.md").write_text(POST + f"\n第二段。\n\n{html}\n", "utf-8")
    out = assert_refused(built_project, capsys, "evil.example", "alert(1)")
    line = next((line for line in out.splitlines() if fragment in line), "")
    assert line.startswith("docs/blog/posts/paste.md:14:"), out


def test_an_svg_file_that_loads_from_elsewhere_is_refused(built_project, capsys):
    (built_project / "docs/assets/images").mkdir(parents=True)
    (built_project / "docs/assets/images/map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/map.png"/></svg>',
        "utf-8",
    )
    out = assert_refused(built_project, capsys, "evil.example")
    assert "docs/assets/images/map.svg" in out and "外部加载（<image>）" in out


CONFIG_CASES = [
    (
        "analytics",
        "extra:\n",
        "extra:\n  analytics:\n    provider: google\n    property: G-XXXX\n",
        "不能使用网站统计（extra.analytics）",
    ),
    (
        "remote-js",
        "extra_css:\n",
        "extra_javascript:\n  - https://cdn.example.com/x.js\nextra_css:\n",
        "extra_javascript 不能从其他网站加载",
    ),
    (
        "remote-css",
        "  - assets/stylesheets/pufa.css\n",
        "  - assets/stylesheets/pufa.css\n  - //cdn.example.com/x.css\n",
        "extra_css 不能从其他网站加载",
    ),
    ("google-fonts", "  font: false", "  font:\n    text: Roboto", "不能使用谷歌字体（theme.font）"),
]


@pytest.mark.parametrize(("name", "old", "new", "fragment"), CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES])
def test_config_that_would_load_from_elsewhere_is_refused(built_project, capsys, name, old, new, fragment):
    config = built_project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), "utf-8")
    out = assert_refused(built_project, capsys, "cdn.example.com", "G-XXXX")
    assert any(line.startswith("mkdocs.yml:") and fragment in line for line in out.splitlines()), out


def test_titles_and_descriptions_are_escaped_everywhere(built_project, capsys):
    hostile = POST.replace("title: 测试活动", 'title: "梨</title><script>alert(1)</script>"').replace(
        "township: 梁洼镇\n", "township: 梁洼镇\ndescription: '说明\" onload=\"alert(2)'\n"
    )
    (built_project / "docs/blog/posts/zz-hostile.md").write_text(hostile, "utf-8")
    assert main(["--root", str(built_project), "build"]) == 0, capsys.readouterr().out
    site = built_project / "site"
    page = (site / "blog/zz-hostile/index.html").read_text("utf-8")
    assert "<script>alert(1)" not in site_text(site)
    assert "<title>梨&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - " in page
    assert (
        '<meta name="description" content="说明&#34; onload=&#34;alert(2)">' in page
        or '<meta name="description" content="说明&quot; onload=&quot;alert(2)">' in page
    )
    neighbours = [
        p for p in site.rglob("*.html") if "梨&lt;/title&gt;" in p.read_text("utf-8") and p != site / "blog/zz-hostile/index.html"
    ]
    assert neighbours  # the title also appears in other pages' links, escaped there too


def test_the_gate_parses_every_kind_of_output_file(built_baseline, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_baseline / "site", site)
    css = next(site.glob("assets/stylesheets/main.*.min.css"))
    css.write_text(css.read_text("utf-8") + "\n.x{background:url('\\68 ttps://evil.example/a.png')}", "utf-8")
    (site / "assets/extra.js").write_text('fetch("https://evil.example/track")', "utf-8")
    (site / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:url(https://evil.example/p)}</style></svg>', "utf-8"
    )
    about = site / "about/index.html"
    about.write_text(about.read_text("utf-8").replace("</article>", '<a href="#" onclick="x()">a</a></article>'), "utf-8")
    problems = {p.path: p.format() for p in gate.check_output(site, gate.Context(built_baseline))}
    assert set(problems) == {
        f"site/{css.relative_to(site).as_posix()}",
        "site/assets/extra.js",
        "site/logo.svg",
        "site/about/index.html",
    }, problems
    assert "事件处理属性 onclick" in problems["site/about/index.html"]


def test_the_gate_refuses_a_page_whose_theme_files_are_missing(built_baseline, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_baseline / "site", site)
    next(site.glob("assets/javascripts/bundle.*.min.js")).unlink()
    problems = gate.check_output(site, gate.Context(built_baseline))
    assert problems and all("页面要加载的文件不在网站里" in p.message for p in problems)


@pytest.mark.parametrize(
    ("url", "foreign"),
    [
        ("https://evil.example/x", True),
        ("//evil.example/x", True),
        ("HTTPS://EVIL.example/x", True),
        ("https:/evil.example/x", True),
        ("https:\\\\evil.example/x", True),
        (" \thttps://evil.example", True),
        ("file:///etc/passwd", True),
        ("../assets/x.png", False),
        ("/pufa/assets/x.png", False),
        ("data:image/png;base64,AAAA", False),
        ("#top", False),
        ("tel:12348", False),
        ("https://pf.example.cn/p/x/", False),
    ],
)
def test_what_counts_as_another_host(url, foreign):
    assert htmlscan.is_foreign(url, frozenset({"pf.example.cn"})) is foreign


def test_links_to_other_sites_stay_allowed(built_project, capsys):
    (built_project / "docs/blog/posts/links.md").write_text(
        POST + "\n第二段。\n\n[中国普法网](https://www.legalinfo.gov.cn/) 和 [国家法律法规数据库](https://flk.npc.gov.cn/)\n",
        "utf-8",
    )
    assert main(["--root", str(built_project), "build"]) == 0, capsys.readouterr().out
    page = (built_project / "site/blog/links/index.html").read_text("utf-8")
    assert re.search(r'<a href="https://flk.npc.gov.cn/"', page)
