"""Reminders (提醒) and notes (说明): one channel beside the errors, printed the same way by `check`,
`build` and `serve`, and never a reason to stop."""

from __future__ import annotations

import threading
import time

from conftest import POST

from pufa.commands import preview
from pufa.commands.cli import main
from pufa.problems import NOTE, WARNING, Problem, format_problems, format_warnings

WARNING_LINE = "docs/blog/posts/warn-test.md:13: 提醒：用词可能不规范：“法人代表”（应为法定代表人；法律用语：民法典第六十一条称“法定代表人”）"
NOTE_LINE = "docs/blog/posts/warn-test.md:13: 说明：“婚姻法”是历史提及，已放行（应为《中华人民共和国民法典》第五编“婚姻家庭”；本文前置信息 wording_allow 写明这里不改）"
TOTAL = "另有 1 条提醒、1 条说明，不影响生成；提醒请尽快处理。"


def _content_with_a_warning_and_a_note(project) -> None:
    text = POST.replace(
        "---\n\n正文第一段。",
        "wording_allow: [婚姻法]\n---\n\n正文第一段。\n\n民法典施行后，婚姻法同时废止，公司的法人代表到场。",
    )
    (project / "docs/blog/posts/warn-test.md").write_text(text, "utf-8")


def _block(out: str) -> list[str]:
    lines = out.split("\n")
    return [line for line in lines if "提醒：" in line or "说明：" in line or line.startswith("另有 ")]


def test_the_format_labels_warnings_and_notes_and_errors_stay_as_they_were():
    error = Problem("a.md", 3, "错了", expected="甲", actual="乙", fix="如何修改：改")
    assert error.format() == "a.md:3: 错了（期望甲，实际乙，如何修改：改）"
    assert format_problems([error]).endswith("共发现 1 个问题，请按上面的提示修改后重新运行。")
    warning = Problem("b.md", 2, "注意", fix="应为丙", severity=WARNING)
    note = Problem("a.md", 9, "放行", severity=NOTE)
    # Reminders first (they ask for action), then notes; each with its label.
    assert format_warnings([note, warning]).split("\n") == [
        "b.md:2: 提醒：注意（应为丙）",
        "a.md:9: 说明：放行",
        "另有 1 条提醒、1 条说明，不影响生成；提醒请尽快处理。",
    ]
    assert format_warnings([]) == ""


def test_check_build_and_serve_print_the_same_block(project, capsys):
    _content_with_a_warning_and_a_note(project)
    assert main(["--root", str(project), "check"]) == 0
    checked = capsys.readouterr().out
    assert main(["--root", str(project), "build"]) == 0
    built = capsys.readouterr().out

    stop, urls = threading.Event(), []
    thread = threading.Thread(
        target=preview.serve,
        args=(project,),
        kwargs={"port": 0, "stop": stop, "ready": urls.append},
        daemon=True,
    )
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not urls and time.monotonic() < deadline:
            time.sleep(0.1)
        assert urls
    finally:
        stop.set()
        thread.join(10)
    served = capsys.readouterr().out

    expected = [WARNING_LINE, NOTE_LINE, TOTAL]
    assert _block(checked) == expected
    assert _block(built) == expected
    assert _block(served) == expected
    # After the result line in each case: the reminders are the last thing on the screen.
    assert checked.startswith("检查通过") and built.startswith("网站已生成") and served.startswith("网站已生成")


def test_warnings_are_printed_with_the_errors_when_the_build_fails(project, capsys):
    _content_with_a_warning_and_a_note(project)
    broken = POST.replace("category: 普法文艺", "category: 不存在")
    (project / "docs/blog/posts/broken.md").write_text(broken, "utf-8")
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out.strip().split("\n")
    assert out[0].startswith("docs/blog/posts/broken.md:4: 分类（category）不在允许的列表中")
    assert out[1] == "共发现 1 个问题，请按上面的提示修改后重新运行。"
    assert out[2:5] == [WARNING_LINE, NOTE_LINE, TOTAL]
    assert out[5] == "网站没有更新，原来的网站保持不变。"
