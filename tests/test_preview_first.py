"""The preview's first answer to an edit (adapter/quick.py).

When only a page's text changed, `serve` puts that page and the blog list pages showing it in
place before the whole preview is rebuilt. The first answer must be byte for byte what the whole
build makes; anything it cannot answer exactly, and any mistake, is left to the whole build
(which reports it as before); and a whole build that fails puts the first answer back, so the
last good preview stays whole.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from pufa.adapter import quick
from pufa.commands import preview
from pufa.publish import gate

POST = "docs/blog/posts/2023-zhuizi-tour.md"
POST_PAGE = ".preview/blog/2023-zhuizi-tour/index.html"
SUMMARY = "这些作品彰显时代精神"  # in the post's first paragraph: its summary on the blog's list pages
EDITED = "这些作品唱遍乡村，彰显时代精神"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _previewed(project: Path) -> preview.Preview:
    shown = preview.Preview(project)
    assert shown.build() == 0
    assert shown.session is not None
    return shown


def _pages(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.html"))}


def _first(shown: preview.Preview) -> quick.Answer | None:
    return quick.first_answer(shown.session, shown.root, shown.folder, quick.snapshot(shown.root))


def test_the_first_answer_is_what_the_whole_build_makes(project):
    shown = _previewed(project)
    before = _pages(shown.folder)
    _edit(project / POST, SUMMARY, EDITED)
    answer = _first(shown)
    assert answer is not None
    urls = answer.urls
    assert urls[0] == "/blog/2023-zhuizi-tour/"
    # The list pages that show the post's summary: the blog's index, its year and its category.
    assert any(url.startswith("/blog/archive/2023/") for url in urls)
    assert any(url.startswith("/blog/category/") for url in urls)
    assert any(re.fullmatch(r"/blog/(page/\d+/)?", url) for url in urls)
    first = {path: path.read_bytes() for path in answer.replaced}
    assert all(EDITED in data.decode("utf-8") for data in first.values())
    # Nothing else was touched, and what was replaced is known exactly.
    after = _pages(shown.folder)
    touched = {path.relative_to(shown.folder).as_posix() for path in answer.replaced}
    assert {rel for rel in after if after[rel] != before.get(rel)} == touched
    assert all(answer.replaced[shown.folder / rel] == before[rel] for rel in touched)

    texts = project / ".preview/search/text"
    assert not any(EDITED in p.read_text("utf-8") for p in texts.iterdir())  # search waits for the whole build
    assert shown.build() == 0  # the whole build that follows
    for path, data in first.items():
        assert path.read_bytes() == data, path
    assert any(EDITED in p.read_text("utf-8") for p in texts.iterdir())


# Pages of each kind the build renders differently: (file, old text, new text, its page).
KINDS = {
    "site": ("docs/sites/binhe-park.md", "市民休闲游玩的公园", "市民休闲游玩的公园和步道", "/sites/binhe-park/"),
    "case": ("docs/cases/sample-neighbours.md", "也可以拨打 12348", "也可以直接拨打 12348", "/cases/sample-neighbours/"),
    "plain page": ("docs/about.md", "促进司法所提档升级", "促进司法所提档升级、便民利民", "/about/"),
    "home with placeholders": ("docs/index.md", "一站查看", "一站查看、一查就懂", "/"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_page_is_answered_first_as_the_whole_build_makes_it(project, kind):
    rel, old, new, url = KINDS[kind]
    shown = _previewed(project)
    _edit(project / rel, old, new)
    answer = _first(shown)
    assert answer is not None and answer.urls == [url]
    first = {path: path.read_bytes() for path in answer.replaced}
    assert new in next(iter(first.values())).decode("utf-8")
    assert shown.build() == 0
    assert {path: path.read_bytes() for path in first} == first


def test_a_second_edit_is_answered_from_the_build_after_the_first(project):
    shown = _previewed(project)
    _edit(project / POST, SUMMARY, EDITED)
    assert shown.build() == 0
    _edit(project / POST, "擦亮了法治文化", "再次擦亮了法治文化")
    answer = _first(shown)
    assert answer is not None and answer.urls == ["/blog/2023-zhuizi-tour/"]  # after <!-- more -->: no list shows it
    page = (project / POST_PAGE).read_text("utf-8")
    assert "再次擦亮了法治文化" in page and EDITED in page
    data = (project / POST_PAGE).read_bytes()
    assert shown.build() == 0
    assert (project / POST_PAGE).read_bytes() == data


# What the first answer leaves to the whole build: (what the editor did, whether the whole build succeeds).
LEFT_TO_THE_WHOLE_BUILD = {
    "front matter": (lambda root: _edit(root / POST, "title: 普法坠子巡演42场次", "title: 普法坠子巡演四十二场次"), True),
    "a new page": (lambda root: (root / "docs/new-page.md").write_text("# 新页面\n", "utf-8"), False),
    "a data file": (
        lambda root: (root / "data/synonyms.yml").write_text((root / "data/synonyms.yml").read_text("utf-8") + "\n", "utf-8"),
        True,
    ),
    "an unknown placeholder": (lambda root: _edit(root / POST, SUMMARY, SUMMARY + "<!-- pufa:nonsense -->"), False),
    "a mobile number": (lambda root: _edit(root / POST, SUMMARY, SUMMARY + "，联系人电话 13912345678"), False),
    "a broken link": (lambda root: _edit(root / POST, SUMMARY, SUMMARY + "，见[说明](nowhere.md)"), False),
    "a script": (lambda root: _edit(root / POST, SUMMARY, SUMMARY + '<script src="x.js"></script>'), False),
}


@pytest.mark.parametrize("case", list(LEFT_TO_THE_WHOLE_BUILD))
def test_what_the_first_answer_cannot_answer_exactly_is_left_to_the_whole_build(project, case):
    edit, builds = LEFT_TO_THE_WHOLE_BUILD[case]
    shown = _previewed(project)
    before = _pages(shown.folder)
    edit(project)
    assert _first(shown) is None
    assert _pages(shown.folder) == before  # nothing was put in place
    assert (shown.build() == 0) is builds
    if not builds:
        assert _pages(shown.folder) == before  # the last good preview, whole
        assert "13912345678" not in "".join(data.decode("utf-8") for data in _pages(shown.folder).values())


def test_pages_are_put_in_place_all_or_none(project, monkeypatch):
    """Windows refuses to replace a file the server is sending: the pages already replaced go back."""
    shown = _previewed(project)
    before = _pages(shown.folder)
    _edit(project / POST, SUMMARY, EDITED)
    real, calls = quick.replace_bytes, []

    def refuse_the_second(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise PermissionError(13, "另一个程序正在使用此文件")
        real(path, data)

    monkeypatch.setattr(quick, "replace_bytes", refuse_the_second)
    assert _first(shown) is None
    assert len(calls) == 3  # one page in place, one refused, the first one put back
    assert _pages(shown.folder) == before
    monkeypatch.undo()
    assert shown.build() == 0 and EDITED in (project / POST_PAGE).read_text("utf-8")


def test_a_whole_build_that_fails_puts_the_first_answer_back(project, capsys):
    # Another page links to a heading of the post; the edit removes the heading. The edited page
    # alone is fine, so it is answered first, but the whole build finds the other page's link broken.
    post = project / POST
    post.write_text(post.read_text("utf-8") + "\n## 巡演场次 {#tour-count}\n\n共42场次。\n", "utf-8")
    about = project / "docs/about.md"
    about.write_text(about.read_text("utf-8") + "\n见[巡演场次](blog/posts/2023-zhuizi-tour.md#tour-count)。\n", "utf-8")
    shown = _previewed(project)
    before = _pages(shown.folder)
    _edit(post, "## 巡演场次 {#tour-count}", "巡演场次：")
    reloads: list[str] = []
    capsys.readouterr()
    assert shown.build(lambda: reloads.append(capsys.readouterr().out)) != 0
    out = "".join(reloads) + capsys.readouterr().out
    assert "已先更新 /blog/2023-zhuizi-tour/" in reloads[0]  # the first answer was shown …
    assert "docs/about.md" in out and "锚点" in out  # … the whole build said why it failed …
    assert len(reloads) == 2  # … and open pages reloaded to the last good preview
    assert _pages(shown.folder) == before
    assert shown.session is None  # the next edit waits for a whole build that succeeds
    _edit(post, "巡演场次：", "## 巡演场次 {#tour-count}")
    assert shown.build() == 0 and shown.session is not None


def test_an_open_page_reloads_with_the_edit_before_the_whole_build_is_done(project, capsys):
    """The real server: the open page's live-reload request returns once the edited page is in place."""
    stop, urls, polled = threading.Event(), [], {}
    thread = threading.Thread(
        target=preview.serve, args=(project,), kwargs={"port": 0, "stop": stop, "ready": urls.append}, daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while not urls and time.monotonic() < deadline:
            time.sleep(0.1)
        page = urls[0] + "blog/2023-zhuizi-tour/"
        epoch, request = re.search(r"livereload\((\d+), (\d+)\)", _get(page)).groups()

        def poll():
            polled["epoch"] = _get(f"{urls[0]}livereload/{epoch}/{request}", 60)
            polled["output"] = capsys.readouterr().out

        waiting = threading.Thread(target=poll)
        waiting.start()
        time.sleep(1)
        capsys.readouterr()
        _edit(project / POST, SUMMARY, EDITED)
        waiting.join(60)
        shown = _get(page)
        assert int(polled["epoch"]) > int(epoch)
        assert EDITED in shown
        assert "已先更新 /blog/2023-zhuizi-tour/" in polled["output"]
        assert "网站已生成" not in polled["output"]  # the whole build was still running
        deadline = time.monotonic() + 120
        seen = ""
        while "网站已生成" not in seen and time.monotonic() < deadline:
            seen += capsys.readouterr().out
            time.sleep(0.2)
        assert "修改：/blog/2023-zhuizi-tour/" in seen  # the summary compares with the last good build
    finally:
        stop.set()
        thread.join(20)
    assert not thread.is_alive()


def _get(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


# ---------------------------------------------------------------- the parts, without a build


def test_changed_since_names_added_removed_and_modified_files(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text("a", "utf-8")
    (tmp_path / "docs/b.md").write_text("b", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    session = quick.Session(None, None, None, None, quick.snapshot(tmp_path))
    assert quick.changed_since(session, quick.snapshot(tmp_path)) == []
    (tmp_path / "docs/a.md").write_text("aa", "utf-8")
    (tmp_path / "docs/b.md").unlink()
    (tmp_path / "docs/c.md").write_text("c", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: y\n", "utf-8")
    assert quick.changed_since(session, quick.snapshot(tmp_path)) == ["docs/a.md", "docs/b.md", "docs/c.md", "mkdocs.yml"]
    assert quick.first_answer(None, tmp_path, tmp_path / ".preview", {}) is None


def test_check_pages_holds_a_page_to_what_the_gate_holds_a_site(tmp_path):
    site = tmp_path / "site"
    for folder in ("assets", "about", "news", "other"):  # the pages exist: the first answer only replaces pages
        (site / folder).mkdir(parents=True)
    (site / "assets/a.css").write_text("", "utf-8")
    context = gate.Context(tmp_path)
    clean = '<html><head><link rel="stylesheet" href="../assets/a.css"></head><body><p>正文</p></body></html>'
    assert gate.check_pages(site, {"about/index.html": clean}, context) == []
    problems = gate.check_pages(
        site,
        {
            "about/index.html": clean.replace("正文", "电话 13912345678"),
            "news/index.html": clean.replace("a.css", "missing.css"),
            "other/index.html": clean.replace("../assets/a.css", "https://cdn.example.com/x.css"),
        },
        context,
    )
    messages = " ".join(p.message for p in problems)
    assert "139****5678" in messages
    assert "页面要加载的文件不在网站里" in messages
    assert "其他网站" in messages
    allowed = gate.Context(tmp_path, allowed_numbers=frozenset({"13912345678"}))
    assert gate.check_pages(site, {"about/index.html": clean.replace("正文", "电话 13912345678")}, allowed) == []
