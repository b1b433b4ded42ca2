"""The team's guide (guide/) against the code: every message `check` and `build` can show is explained there."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))  # the message catalogue is a developer tool, outside the package
import messages  # noqa: E402
from messages import BEGIN, END, Message, catalogue, render_markdown  # noqa: E402

PACKAGE = REPO / "scripts" / "pufa"
GUIDE = REPO / "guide" / "messages.md"
CJK = re.compile(r"[\u3400-\u9fff]")
REGENERATE = "guide/messages.md 已过期：运行 .venv/bin/python tools/messages.py --write 重新生成"

# Fixed parts of messages editors meet most; each must stay explained in the guide.
KNOWN = (
    "用了中文全角冒号",
    "文件开头带有 BOM 标记",
    "文件不是 UTF-8 编码",
    "已印刷的二维码",
    "号码没有加引号",
    "表格中有不能公开",
    "链接指向的页面或文件不存在",
    "链接指向的标题（锚点）不存在",
    "链接以 / 开头（绝对路径）",
    "开头的 --- 没有对应的结束行",
    "前置信息不是“名称: 值”的形式",
    "写了两次",
    "不认识的名称",
    "缺少必填的",
    "日期（date）格式不对",
    "每篇活动只能选一个分类",
    "乡镇（township）不在 data/townships.yml 的名单中",
    "的数字格式不对",
    "不认识的活动数据",
    "找不到照片文件",
    "坐标的纬度和经度写反了",
    "坐标不在中国范围内",
    "村级阵地缺少所在的村",
    "名册缺少必需的列",
    "同意公开电话为“是”，但没有填同意日期",
    "被 Excel 改成了科学计数法",
    "少了区号前的 0",
    "文件是“Unicode 文本”格式，不是 CSV",
    "同时有 roster.csv 和 roster.xlsx",
    "核实日期（verified）格式不对",
    "热线分组（group）不在允许的列表中",
    "已被另一个页面使用",
    "登记了两次",
    "文件名或文件夹名里有中文、空格或特殊符号",
    "页面没有放进网站导航",
    "页面从其他网站加载内容",
    "不能用 Tab 键缩进",
    "引号没有配对",
    "用词错误",
    "引用了已废止的法律",
    "用词可能不规范",
    "是历史提及，已放行",
    "没有终审，不能发布",
    "没有发布新文章",
    "还没有为它写的文章",
    "导出到公众号需要网站的正式网址（site_url）",
    "照片还没有生成到网站里",
)


def guide_text() -> str:
    """The guide as a reader sees it: Markdown's backslash escapes removed."""
    return re.sub(r"\\([\\`*<])", r"\1", GUIDE.read_text("utf-8"))


def test_generated_part_of_the_guide_is_up_to_date():
    text = GUIDE.read_text("utf-8")
    assert text.count(BEGIN) == 1 and text.count(END) == 1, "guide/messages.md 缺少生成部分的开始或结束标记"
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block.strip("\n") == render_markdown(catalogue()).strip("\n"), REGENERATE


def test_catalogue_is_complete_enough_and_chinese():
    found = catalogue()
    assert len(found) >= 60
    for message in found:
        assert message.template.strip() and CJK.search(message.template), message
        assert message.area in messages.AREAS, message
        assert isinstance(message.fix, str)
    assert len({(m.template, m.fix) for m in found}) == len(found), "catalogue() has duplicates"


@pytest.mark.parametrize("fragment", KNOWN)
def test_known_messages_are_explained(fragment):
    sources = "".join(path.read_text("utf-8") for path in PACKAGE.rglob("*.py"))
    assert fragment in sources, f"“{fragment}” is no longer in the code: update KNOWN in this test"
    assert fragment in guide_text(), REGENERATE


def test_every_literal_problem_message_is_in_the_guide():
    """Re-derived without messages.py: the message argument of each Problem(...) call, read as text."""
    guide = guide_text()
    sources = [path for path in sorted(PACKAGE.rglob("*.py"))]
    literals = [(path.name, text) for path in sources for text in problem_messages(path.read_text("utf-8"))]
    assert len(literals) >= 30, literals
    missing = [(name, text) for name, text in literals if not re.search(message_pattern(text), guide)]
    assert not missing, f"{REGENERATE}: {missing}"


def test_check_fails_on_a_stale_guide_and_write_repairs_it(tmp_path, capsys):
    guide = tmp_path / "messages.md"
    guide.write_text(f"# 标题\n\n手写的说明。\n\n{BEGIN}\n旧内容\n{END}\n\n结尾。\n", "utf-8")
    assert messages.main(["--check", "--guide", str(guide)]) == 1
    assert "--write" in capsys.readouterr().out
    assert messages.main(["--write", "--guide", str(guide)]) == 0
    text = guide.read_text("utf-8")
    assert text.startswith("# 标题\n\n手写的说明。\n\n") and text.endswith(f"{END}\n\n结尾。\n")
    assert "旧内容" not in text and "用了中文全角冒号" in text
    assert messages.main(["--check", "--guide", str(guide)]) == 0


def test_finds_every_way_a_message_is_written(tmp_path):
    (tmp_path / "demo.py").write_text(
        """
from pufa.problems import Problem

LABEL = "名称"
_DEMO_HINTS = [("needle", "表格里有空行", "删掉空行"), ("other", "引号不成对", "加上引号")]


def plain(rel):
    yield Problem(rel, 1, "普通的提示", fix="如何修改：照做")


def formatted(rel, key, wrong):
    yield Problem(rel, 2, f"“{key}”写错了" + "，请改正", fix=f"如何修改：把{LABEL}写对")
    yield Problem(rel, 3, "左边的提示" if wrong else "右边的提示")


def keyword(rel):
    return Problem(path=rel, line=None, message="用关键字写的提示")


def _missing(rel, label, fix):
    return Problem(rel, 4, f"缺少{label}", fix=f"如何修改：{fix}")


def use(rel):
    _missing(rel, "姓名", "写上姓名")
    _missing(rel, "村名", "写上村名")
""",
        "utf-8",
    )
    found = {(m.template, m.fix) for m in catalogue(tmp_path)}
    assert found == {
        ("普通的提示", "如何修改：照做"),
        ("“…”写错了，请改正", "如何修改：把名称写对"),
        ("左边的提示", ""),
        ("右边的提示", ""),
        ("用关键字写的提示", ""),
        ("缺少姓名", "如何修改：写上姓名"),
        ("缺少村名", "如何修改：写上村名"),
        ("表格里有空行", "删掉空行"),
        ("引号不成对", "加上引号"),
    }
    assert all(isinstance(m, Message) and m.module == "demo" for m in catalogue(tmp_path))


# --- a small reader for Problem(...) calls, independent of messages.py ---------------------------


def problem_messages(source: str) -> list[str]:
    """The message of each Problem(...) call whose message is written as a string or f-string."""
    found = []
    for match in re.finditer(r"\bProblem\(", source):
        args = split_arguments(source, match.end())
        keyword = [a.split("=", 1)[1].strip() for a in args if re.match(r"message\s*=", a)]
        positional = [a for a in args if not re.match(r"\w+\s*=", a)]
        text = keyword[0] if keyword else positional[2] if len(positional) > 2 else ""
        literal = re.fullmatch(r'f?"((?:[^"\\]|\\.)*)"', text.strip())
        if literal and CJK.search(literal.group(1)):
            found.append(literal.group(1).replace('\\"', '"'))
    return found


def split_arguments(source: str, start: int) -> list[str]:
    """Top-level arguments of the call whose "(" ends just before start, skipping strings and brackets."""
    args, depth, quote, current, i = [], 1, "", [], start
    while i < len(source) and depth:
        char = source[i]
        if quote:
            if char == "\\":
                current.append(source[i : i + 2])
                i += 2
                continue
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 1:
            args.append("".join(current))
            current = []
            i += 1
            continue
        if depth:
            current.append(char)
        i += 1
    args.append("".join(current))
    return [a.strip() for a in args if a.strip()]


def message_pattern(message: str) -> str:
    """A regular expression for the message on one line of the guide, each f-string placeholder matching anything."""
    text = message.replace("{{", "\0").replace("}}", "\1")
    pieces = [piece.replace("\0", "{").replace("\1", "}") for piece in re.split(r"\{[^{}]*\}", text)]
    return "[^\n]*?".join(re.escape(piece) for piece in pieces)


def test_reminders_and_notes_are_marked_as_not_stopping_the_build():
    found = {m.template: m for m in catalogue()}
    assert found["用词可能不规范：“…”"].severity == "warning"
    assert found["“…”是历史提及，已放行"].severity == "note"
    assert found["用词错误：“…”"].severity == ""
    text = guide_text()
    assert "**用词可能不规范：“…”**（提醒，不停止生成）" in text
    assert "**用词错误：“…”** ——" in text
