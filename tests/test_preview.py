"""Live preview: rebuilds on change, shows mistakes in Chinese, keeps serving the last good build."""

from __future__ import annotations

import threading
import time
import urllib.request

import pytest

from pufa.commands import preview


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_preview_rebuilds_and_keeps_the_last_good_site(project, capsys):
    stop, urls = threading.Event(), []
    thread = threading.Thread(
        target=preview.serve,
        args=(project,),
        kwargs={"port": 0, "stop": stop, "ready": urls.append},
        daemon=True,
    )
    thread.start()
    try:
        assert _wait_for(lambda: urls)
        about = urls[0] + "about/"
        assert "<h1" in _get(about)
        seen: list[str] = []

        def printed(text: str) -> bool:
            seen.append(capsys.readouterr().out)
            return text in "".join(seen)

        # An edit shows up without restarting anything (the page first, then the whole preview).
        capsys.readouterr()
        page = project / "docs/about.md"
        page.write_text(page.read_text("utf-8") + "\n预览测试新增的一句话。\n", "utf-8")
        assert _wait_for(lambda: "预览测试新增的一句话" in _get(about))
        assert _wait_for(lambda: printed("网站已生成"))
        # A mistake: the terminal says what and where; readers still get the last good page.
        seen.clear()
        (project / "docs/blog/posts/2023-zhuizi-tour.md").write_text(
            "---\ntitle: 坏\ndate: 2023\ncategory: 不存在的分类\ntownship: 全县\n---\n正文\n", "utf-8"
        )
        assert _wait_for(lambda: printed("预览仍显示上一次成功生成的版本"))
        assert "docs/blog/posts/2023-zhuizi-tour.md:4: 分类（category）不在允许的列表中" in "".join(seen)
        assert "预览测试新增的一句话" in _get(about)
        assert "普法坠子" in _get(urls[0] + "blog/2023-zhuizi-tour/")
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert not list(project.glob(".preview-building-*"))


@pytest.mark.slow
def test_an_open_page_reloads_itself_after_an_edit_under_the_page_policy(project):
    """MkDocs' live-reload script is added while serving; it must work under the page's CSP."""
    from browser import phone_page

    stop, urls = threading.Event(), []
    thread = threading.Thread(
        target=preview.serve, args=(project,), kwargs={"port": 0, "stop": stop, "ready": urls.append}, daemon=True
    )
    thread.start()
    try:
        assert _wait_for(lambda: urls)
        about = urls[0] + "about/"
        with phone_page() as (page, requests):
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(about, wait_until="load")
            assert _wait_for(lambda: any("/livereload/" in url for url in requests), 10)
            source = project / "docs/about.md"
            source.write_text(source.read_text("utf-8") + "\n页面自己刷新了。\n", "utf-8")
            page.get_by_text("页面自己刷新了").wait_for(timeout=60_000)  # no goto: the page reloaded itself
            assert violations == []
        # The built preview itself has no live-reload script: it is what the gate checked.
        assert "livereload" not in (project / ".preview/about/index.html").read_text("utf-8")
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
