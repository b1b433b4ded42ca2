"""The offline bundle: opened from file:// with no network, it browses and searches; site/ is untouched."""

from __future__ import annotations

import os
import stat
import zipfile

import pytest
from browser import chromium_path, phone_page
from conftest import tree_digest

from pufa.commands.cli import main


def test_offline_bundle_is_separate_from_the_published_site(project, capsys):
    assert main(["--root", str(project), "build"]) == 0
    published = tree_digest(project / "site")
    assert main(["--root", str(project), "build", "--offline"]) == 0
    assert "离线包已生成：build/pufa-offline.zip（解压后打开 pufa-offline 文件夹里的 index.html" in capsys.readouterr().out
    assert tree_digest(project / "site") == published  # the published URLs do not change
    names = zipfile.ZipFile(project / "build/pufa-offline.zip").namelist()
    assert "pufa-offline/index.html" in names and "pufa-offline/about.html" in names
    assert "pufa-offline/search/search_index.js" in names
    assert "pufa-offline/p/bogewu/index.html" in names
    html = (project / "build/offline/index.html").read_text("utf-8")
    assert "unpkg.com" not in html and 'src="assets/javascripts/iframe-worker-shim.js"' in html


def test_built_folders_are_readable_by_a_web_server(project):
    assert main(["--root", str(project), "build"]) == 0
    mode = stat.S_IMODE(os.stat(project / "site").st_mode)
    assert mode & 0o055 == 0o055  # group and others may read and enter


@pytest.mark.skipif(chromium_path() is None and not os.environ.get("CI"), reason="chromium is installed by `make test`")
def test_offline_bundle_works_from_file_urls(project, tmp_path):
    assert main(["--root", str(project), "build", "--offline"]) == 0
    zipfile.ZipFile(project / "build/pufa-offline.zip").extractall(tmp_path)
    with phone_page() as (page, requests):
        page.goto((tmp_path / "pufa-offline/index.html").as_uri(), wait_until="load")
        page.click("text=查看全部普法活动")
        page.wait_for_load_state("load")
        assert page.url.endswith("/pufa-offline/blog/index.html")
        page.click("label[for=__search]")
        page.fill("input[data-md-component=search-query]", "坠子")
        page.press("input[data-md-component=search-query]", "End")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert "坠子" in page.inner_text(".md-search-result")
        assert {url.split(":", 1)[0] for url in requests} <= {"file", "data"}
