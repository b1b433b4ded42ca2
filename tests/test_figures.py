"""The figures page adds up the posts' own figures: totals equal the sums, charts carry their data."""

from __future__ import annotations

import re

from conftest import POST, REPO

from pufa.adapter import engine
from pufa.content import load_content
from pufa.kinds.figures import add, totals
from pufa.model import Figure


def _expected(posts, key_of):
    sums: dict[tuple[str, str], list[Figure]] = {}
    for post in posts:
        for group in key_of(post):
            for key, figure in post.figures:
                sums.setdefault((group, key), []).append(figure)
    return {k: (sum(f.value for f in v), any(f.approx for f in v)) for k, v in sums.items()}


def _flatten(result):
    return {(g, k): (f.value, f.approx) for g, keys in result.items() for k, f in keys.items()}


def test_add_keeps_at_least():
    assert add([Figure(26), Figure(42)]) == Figure(68)
    assert add([Figure(26), Figure(150, True)]) == Figure(176, True)


def test_default_totals_equal_the_sums_over_posts():
    posts = load_content(REPO).content.posts
    for key_of in (lambda p: [p.date.year], lambda p: [p.category.name], lambda p: list(p.townships)):
        assert _flatten(totals(posts, key_of)) == _expected(posts, key_of)
    # Spot check against the report: 26 + 42 performances in the two 普法文艺 posts.
    assert totals(posts, lambda p: [p.category.name])["普法文艺"]["场次"] == Figure(68)


def test_fixture_totals_on_the_built_page(project):
    posts_dir = project / "docs/blog/posts"
    for path in posts_dir.glob("*.md"):
        path.unlink()
    for name, township, figures in [
        ("a", "梁洼镇", "  场次: 3\n  参与人次: 120\n"),
        ("b", "梁洼镇", '  场次: 2\n  参与人次: "80+"\n'),
        ("c", "仓头乡", "  场次: 5\n  发放资料份数: 400\n"),
    ]:
        text = POST.replace("梁洼镇", township).replace("  场次: 3\n", figures)
        (posts_dir / f"2024-{name}.md").write_text(text.replace("date: 2023-05", "date: 2024-05"), "utf-8")
    (project / "docs/index.md").write_text("---\ntitle: 首页\n---\n# 首页\n\n<!-- pufa:latest-posts -->\n", "utf-8")
    for page in ("about.md", "sites/index.md", "services/index.md"):
        path = project / "docs" / page
        path.write_text(re.sub(r"\[([^\]]+)\]\(\.\./blog/posts/[^)]+\)", r"\1", path.read_text("utf-8")), "utf-8")
    assert engine.build(project) == 0
    html = (project / "site/figures/index.html").read_text("utf-8")
    year = html[html.index("2024年本站活动文章合计") :]
    assert re.search(r"<td>场次</td>\s*<td[^>]*>10场</td>", year)
    assert re.search(r"<td>参与人次</td>\s*<td[^>]*>200余人次</td>", year)
    assert re.search(r"<td>发放资料份数</td>\s*<td[^>]*>400份</td>", year)
    # The township chart describes its data for screen readers and matches its table.
    desc = re.search(r"<desc[^>]*>(按乡镇：场次[^<]*|梁洼镇 5场；仓头乡 5场)</desc>", html)
    assert desc and "梁洼镇 5场；仓头乡 5场" in desc.group(0)
    assert '<title id="' in html and 'role="img"' in html


def test_figures_page_shows_reported_totals_labelled(built_site):
    html = (built_site / "figures/index.html").read_text("utf-8")
    assert "报告公布的2023年全年数字" in html and "280余次" in html
    assert "2023年本站活动文章合计" in html
    assert "<script" not in html.split("<article", 1)[1].split("</article>", 1)[0]  # no chart library
