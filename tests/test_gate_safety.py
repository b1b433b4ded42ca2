"""A failed build loses nothing and no traceback reaches an editor: printed QR ids, impossible dates,
hostile YAML, dangerous output folders, concurrent builds, a stuck or unwritable site/, crashes."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
import urllib.request

import pytest
from conftest import POST, tree_digest
from test_gate_personal import assert_refused

from pufa.adapter import engine
from pufa.commands import preview
from pufa.commands.cli import main
from pufa.publish import outputs

# ---------------------------------------------------------------- printed QR codes and drafts


def _register(project, code: str) -> None:
    (project / "data/qr.yml").write_text(f"codes:\n  - {{id: {code}, printed: 2024-05-01, note: 测试标牌}}\n", "utf-8")


def test_a_printed_id_claimed_only_by_a_draft_is_refused_and_not_printed(built_project, capsys):
    (built_project / "docs/blog/posts/draft.md").write_text(
        POST.replace("township: 梁洼镇\n", "township: 梁洼镇\nqr: draftsign\ndraft: true\n"), "utf-8"
    )
    _register(built_project, "draftsign")
    out = assert_refused(built_project, capsys)
    assert "data/qr.yml:2: 已印刷的二维码“draftsign”指向的页面不会发布：docs/blog/posts/draft.md 是草稿（draft: true）" in out
    (built_project / "data/qr.yml").write_text("codes: []\n", "utf-8")
    assert (
        main(
            [
                "--root",
                str(built_project),
                "signs",
                "--site-url",
                "https://pf.example.cn/",
                "--out",
                str(built_project / "out"),
                "draftsign",
            ]
        )
        == 1
    )
    assert (
        "docs/blog/posts/draft.md: 编号“draftsign”的页面是草稿（draft: true），不会发布到网站上：不能为它印标牌"
        in capsys.readouterr().out
    )
    assert not (built_project / "out").exists()


def test_a_printed_id_claimed_only_by_an_excluded_page_is_refused(built_project, capsys):
    (built_project / "docs/drafts").mkdir()
    (built_project / "docs/drafts/notice.md").write_text("---\ntitle: 通知\nqr: notice\n---\n\n# 通知\n", "utf-8")
    config = built_project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nexclude_docs: |\n  drafts/\n", "utf-8")
    _register(built_project, "notice")
    out = assert_refused(built_project, capsys)
    assert "已印刷的二维码“notice”指向的页面不会发布：docs/drafts/notice.md 是被 mkdocs.yml 的 exclude_docs 排除的文件" in out


@pytest.mark.parametrize(
    ("value", "hint"),
    [('"false"', "写成 draft: false"), ("否", "写成 draft: false"), ("是", "写成 draft: true"), ("maybe", "草稿写 draft: true")],
)
def test_draft_must_be_a_real_boolean(built_project, capsys, value, hint):
    (built_project / "docs/blog/posts/d.md").write_text(
        POST.replace("township: 梁洼镇\n", f"township: 梁洼镇\ndraft: {value}\n"), "utf-8"
    )
    out = assert_refused(built_project, capsys)
    line = next(line for line in out.splitlines() if "草稿标记（draft）只能是 true 或 false" in line)
    assert line.startswith("docs/blog/posts/d.md:6:") and hint in line


# ---------------------------------------------------------------- dates and YAML


DATE_CASES = [
    (
        "post-date",
        "docs/blog/posts/d.md",
        POST.replace("date: 2023-05", "date: 2023-02-30"),
        "docs/blog/posts/d.md:3: 日期“2023-02-30”不存在",
    ),
    (
        "post-month",
        "docs/blog/posts/d.md",
        POST.replace("date: 2023-05", "date: 2023-13-45"),
        "docs/blog/posts/d.md:3: 日期“2023-13-45”不存在",
    ),
    ("qr-printed", "data/qr.yml", "codes:\n  - {id: bogewu, printed: 2024-02-30}\n", "data/qr.yml:2: 日期“2024-02-30”不存在"),
    ("hotline-verified", "data/hotlines.yml", None, "data/hotlines.yml:"),
    (
        "page-key",
        "docs/extra.md",
        "---\ntitle: 额外\nhide: 2023-02-29\n---\n\n# 额外\n",
        "docs/extra.md:3: 日期“2023-02-29”不存在",
    ),
]


@pytest.mark.parametrize(("name", "path", "text", "where"), DATE_CASES, ids=[c[0] for c in DATE_CASES])
def test_an_impossible_date_is_a_message_not_a_traceback(built_project, capsys, name, path, text, where):
    target = built_project / path
    if text is None:
        text = target.read_text("utf-8").replace('verified: ""', "verified: 2024-02-31", 1)
        assert "2024-02-31" in text
    target.write_text(text, "utf-8")
    out = assert_refused(built_project, capsys)
    assert where in out and "不存在" in out and "如何修改" in out
    assert main(["--root", str(built_project), "check"]) == 1  # check says the same, without building
    assert where in capsys.readouterr().out


@pytest.mark.parametrize("path", ["docs/blog/posts/bomb.md", "data/hotlines.yml"])
def test_a_yaml_alias_bomb_is_refused_at_once(built_project, capsys, path):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
        for i in range(9)
    ]
    bomb = "\n".join(levels)
    text = f"---\ntitle: 炸弹\n{bomb}\n---\n\n正文\n" if path.endswith(".md") else f"{bomb}\nhotlines: []\n"
    (built_project / path).write_text(text, "utf-8")
    started = time.monotonic()
    out = assert_refused(built_project, capsys)
    assert time.monotonic() - started < 60
    assert "值以 * 或 & 开头（YAML 会把它当成引用）" in out
    assert len(out) < 5000  # no message prints a whole structure


def test_a_value_that_starts_with_a_star_gets_the_quoting_hint(built_project, capsys):
    (built_project / "docs/blog/posts/star.md").write_text(POST.replace("title: 测试活动", "title: *重要*活动"), "utf-8")
    out = assert_refused(built_project, capsys)
    assert "docs/blog/posts/star.md:2: 前置信息（YAML）格式不正确：值以 * 或 & 开头" in out and "给值加英文双引号" in out


# ---------------------------------------------------------------- the output folder


@pytest.mark.parametrize("target", [".", "..", "docs", "data/site", "overrides"])
def test_an_output_folder_that_would_delete_the_project_is_refused(built_project, capsys, target):
    before = tree_digest(built_project)
    assert main(["--root", str(built_project), "build", "--site-dir", target]) == 1
    out = capsys.readouterr().out
    assert "输出文件夹不能" in out and "Traceback" not in out
    assert tree_digest(built_project) == before


def test_a_folder_with_other_peoples_files_is_not_replaced(built_project, tmp_path, capsys):
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.nginx-debian.html").write_text("Welcome to nginx!", "utf-8")
    assert main(["--root", str(built_project), "build", "--site-dir", str(www)]) == 1
    assert "这个文件夹里已经有别的文件，不是 pufa 生成的网站" in capsys.readouterr().out
    assert (www / "index.nginx-debian.html").read_text("utf-8") == "Welcome to nginx!"
    # An empty or new folder is fine, and after that pufa knows it as its own.
    fresh = tmp_path / "pufa-site"
    assert main(["--root", str(built_project), "build", "--site-dir", str(fresh)]) == 0
    assert (fresh / outputs.MARKER_FILE).is_file() and (fresh / "index.html").is_file()
    assert main(["--root", str(built_project), "build", "--site-dir", str(fresh)]) == 0


def test_a_second_build_at_the_same_time_is_told_to_wait(built_project, capsys):
    before = tree_digest(built_project / "site")
    with outputs.locked(built_project.resolve(), (built_project / "site").resolve()):
        assert main(["--root", str(built_project), "build"]) == 1
    assert "另一个生成正在进行（同一个输出文件夹）" in capsys.readouterr().out
    assert tree_digest(built_project / "site") == before
    assert main(["--root", str(built_project), "build"]) == 0  # released: the next one runs


def test_a_stuck_old_site_folder_does_not_stop_later_builds(built_project, capsys, monkeypatch):
    real_rmtree = shutil.rmtree

    def stuck(path, *args, **kwargs):  # e.g. a file manager holds it open on Windows, or permissions
        if "-old-" in str(path) or str(path).endswith(".old"):
            return None
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", stuck)
    (built_project / "site.old").mkdir()  # left by an older version of pufa
    (built_project / "site.old/x").write_text("x", "utf-8")
    for _ in range(2):
        assert main(["--root", str(built_project), "build"]) == 0
        out = capsys.readouterr().out
        assert "网站已生成" in out and "可以手动删除" in out and "Traceback" not in out


def test_an_unwritable_site_gets_a_message_and_stays(built_project, capsys, monkeypatch):
    before = tree_digest(built_project / "site")
    real_rename = os.rename

    def refused(src, dst):
        if str(src).endswith("site"):
            raise PermissionError(13, "Permission denied")
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", refused)
    assert main(["--root", str(built_project), "build"]) == 1
    out = capsys.readouterr().out
    assert "无法写入或替换输出文件夹（Permission denied）" in out and "原来的网站保持不变" in out
    assert tree_digest(built_project / "site") == before
    assert not list(built_project.glob(".site-*"))


def test_leftovers_of_killed_builds_are_cleaned(built_project, capsys):
    (built_project / ".site-building-abc123").mkdir()
    (built_project / ".site-building-abc123/index.html").write_text("half", "utf-8")
    work = built_project / outputs.WORK_DIR / "0123456789abcdef"
    work.mkdir(parents=True)
    assert main(["--root", str(built_project), "build"]) == 0
    assert not list(built_project.glob(".site-building-*")) and not (built_project / outputs.WORK_DIR).exists()


# ---------------------------------------------------------------- no traceback reaches an editor


def test_an_unexpected_error_is_a_short_message_with_a_log(built_project, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(engine, "load_content", broken)
    before = tree_digest(built_project / "site")
    assert main(["--root", str(built_project), "build"]) == 3
    out = capsys.readouterr().out
    assert "程序遇到了意外的错误" in out and "Traceback" not in out and "ZeroDivisionError" not in out
    logs = list((built_project / ".cache/pufa/logs").glob("error-*.log"))
    assert len(logs) == 1 and "ZeroDivisionError: a bug" in logs[0].read_text("utf-8")
    assert tree_digest(built_project / "site") == before


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


# The live-reload script the preview server adds to each response (with a new request id each time).
_LIVE_RELOAD = re.compile(r"<script>\s*var livereload = .*?</script>(?=</body>)", re.S)


def _page(url: str) -> str:
    """The page as built: without the live-reload script the preview server adds while serving."""
    served = _get(url)
    assert "livereload(" in served
    return _LIVE_RELOAD.sub("", served)


def test_the_preview_survives_every_case_and_keeps_serving(project, capsys, monkeypatch):
    stop, urls = threading.Event(), []
    thread = threading.Thread(
        target=preview.serve,
        args=(project,),
        kwargs={"port": 0, "stop": stop, "ready": urls.append},
        daemon=True,
    )
    thread.start()
    seen: list[str] = []

    def printed(text: str) -> bool:
        seen.append(capsys.readouterr().out)
        return text in "".join(seen)

    cases = [
        ("docs/blog/posts/x.md", POST.replace("date: 2023-05", "date: 2023-02-30"), "日期“2023-02-30”不存在"),
        ("docs/blog/posts/x.md", "---\na: &a [x, x]\nb: [*a, *a]\n---\n", "值以 * 或 & 开头"),
        ("docs/blog/posts/x.md", POST.replace("梁洼镇", "火星"), "不在 data/townships.yml 的名单中"),
    ]
    try:
        assert _wait_for(lambda: urls)
        about = urls[0] + "about/"
        good = _page(about)
        for path, text, message in cases:
            seen.clear()
            (project / path).write_text(text, "utf-8")
            assert _wait_for(lambda message=message: printed(message)), "".join(seen)
            assert _page(about) == good
        (project / "docs/blog/posts/x.md").unlink()
        (project / "docs/files").mkdir()
        (project / "docs/files/link").symlink_to(project / "docs/files/gone")
        assert _wait_for(lambda: printed("这是一个快捷方式（符号链接）"))
        assert _page(about) == good
        # A bug inside a rebuild: the message, and the preview is still there.
        (project / "docs/files/link").unlink()
        monkeypatch.setattr(engine, "load_content", lambda *a, **k: 1 / 0)
        (project / "docs/about.md").write_text((project / "docs/about.md").read_text("utf-8") + "\n再加一句。\n", "utf-8")
        assert _wait_for(lambda: printed("程序遇到了意外的错误"))
        assert _page(about) == good and thread.is_alive()
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
