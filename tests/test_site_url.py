"""A site to publish needs its address: the build stops without one and says why; previews do not."""

from __future__ import annotations

import pytest
from conftest import POST, SITE_URL, tree_digest

from pufa.commands.cli import main


def test_publish_build_without_site_url_stops_and_says_why(project, capsys, monkeypatch):
    monkeypatch.delenv("PUFA_SITE_URL", raising=False)
    assert main(["--root", str(project), "build", "--site-url", SITE_URL]) == 0
    before = tree_digest(project / "site")
    capsys.readouterr()
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("mkdocs.yml:6: 没有设置网站的正式网址（site_url）")
    for words in ("二维码", "站点地图", "分享", "即时导航", "--no-site-url", "U 盘"):
        assert words in out, words
    assert "Traceback" not in out and "网站没有更新，原来的网站保持不变。" in out
    assert tree_digest(project / "site") == before
    assert main(["--root", str(project), "build", "--site-url", "www.example.gov.cn"]) == 1
    assert "网站网址（site_url）不是完整的网址" in capsys.readouterr().out
    assert tree_digest(project / "site") == before


def test_site_url_mistake_is_listed_with_content_mistakes(project, capsys, monkeypatch):
    monkeypatch.delenv("PUFA_SITE_URL", raising=False)
    (project / "docs/blog/posts/bad.md").write_text(POST.replace("category: 普法文艺", "category: 不存在"), "utf-8")
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    assert "site_url" in out and "docs/blog/posts/bad.md" in out and "共发现 2 个问题" in out


def test_builds_that_need_no_address(project, capsys, monkeypatch):
    monkeypatch.delenv("PUFA_SITE_URL", raising=False)
    assert main(["--root", str(project), "build", "--no-site-url"]) == 0
    assert "只能在 U 盘或内网试看" in capsys.readouterr().out
    assert not (project / "site/sites/bogewu/index.html").read_text("utf-8").count("扫码分享")
    assert main(["--root", str(project), "build", "--offline"]) == 0
    monkeypatch.setenv("PUFA_SITE_URL", "https://pufa.example/")
    assert main(["--root", str(project), "build"]) == 0
    assert "是示例网址" in capsys.readouterr().out  # what `make site` does until the bureau sets its address
    assert "扫码分享" in (project / "site/sites/bogewu/index.html").read_text("utf-8")


@pytest.mark.parametrize("url", ["https://pufa.example/", "http://localhost:8000/", "https://x.test/pufa/"])
def test_example_addresses_are_recognised(url):
    from pufa.sources.siteconfig import is_example

    assert is_example(url)
    assert not is_example("https://pufa.lushan.gov.cn/") and not is_example("https://example.gov.cn/")
