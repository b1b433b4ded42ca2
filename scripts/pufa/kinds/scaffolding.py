"""Asking an editor for a new page's values, one question at a time (`python -m pufa new <kind>`).

The questions and the drafts they fill live here so that each kind (kinds/*.py) can declare its
own prompts; commands/scaffold.py runs them. Editors are not programmers: ask only what the page
needs, offer the allowed values by number, and never overwrite a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import yaml

from pufa.kinds import shortlinks
from pufa.schema import DATE_EXPECTED, SAFE_PATH, parse_date, suggest

if TYPE_CHECKING:
    from pufa.content import Loaded

TRIES = 3
NO_INPUT = "没有读到输入，已取消，没有写任何文件。"

Check = Callable[[str], tuple[str, str]]  # text -> (value, why it is refused; "" when accepted)


class Cancelled(Exception):
    """Ends the command with exit status 1 and this message: editors never see a traceback."""


@dataclass
class Question:
    flag: str
    label: str  # what is asked, e.g. 分类
    hint: str  # shown under the question
    check: Check
    choices: tuple[str, ...] = ()
    default: str | None = None  # used on Enter, and with --yes


@dataclass
class Draft:
    path: Path  # relative to the project folder, as messages show it
    text: str
    notes: list[str] = field(default_factory=list)  # printed after the path


@dataclass
class Asker:
    stdin: TextIO
    stdout: TextIO
    interactive: bool
    missing: list[Question] = field(default_factory=list)

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def get(self, question: Question, given: str | None) -> str | None:
        """The flag's value if given (refused outright when wrong), else the default or an answer."""
        if given is not None:
            value, why = question.check(given.strip())
            if why:
                raise Cancelled(f"{question.flag} “{given}”：{why}。没有写任何文件。")
            return value
        if not self.interactive:
            if question.default is None:
                self.missing.append(question)
            return question.default
        return self.ask(question)

    def ask(self, question: Question) -> str:
        self.say(f"{question.label}：{question.hint}" if question.hint else f"{question.label}：")
        if question.choices:
            self.say(numbered(question.choices))
        for _ in range(TRIES):
            text = self.read()
            if not text and question.default is not None:
                return question.default
            value, why = question.check(text)
            if not why:
                return value
            self.say(f"  {why}，请重新输入。")
        raise Cancelled(f"{TRIES} 次都没有输入有效的{question.label}，已取消，没有写任何文件。")

    def read(self) -> str:
        self.stdout.write("> ")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:  # end of input (Ctrl+D, or a script that ran out of answers)
            self.say()
            raise Cancelled(NO_INPUT)
        return line.strip()


def text_question(example: str, flag: str = "--title", label: str = "标题") -> Question:
    def check(text: str) -> tuple[str, str]:
        return (text, "") if text else ("", "不能为空")

    return Question(flag, label, example, check)


def choice_question(flag: str, label: str, choices, hint: str) -> Question:
    choices = tuple(choices)

    def check(text: str) -> tuple[str, str]:
        if text.isdigit() and 1 <= int(text) <= len(choices):
            return choices[int(text) - 1], ""
        if text in choices:
            return text, ""
        near = suggest(text, list(choices)) if text else ""
        wrong = f"“{text}”不在列表中" + (f"（{near}）" if near else "") if text else "没有输入"
        return "", f"{wrong}，应输入序号（1–{len(choices)}）或完整名称"

    prompt = "输入序号或名称" + (f"；{hint}" if hint else "")
    return Question(flag, label, prompt, check, choices)


def date_question(label: str = "活动日期") -> Question:
    today = dt.date.today().isoformat()

    def check(text: str) -> tuple[str, str]:
        date, hint = parse_date(text)
        if date is None:
            return "", "日期格式不对" + (f"（是不是 {hint}？）" if hint else "") + f"，应写成{DATE_EXPECTED}"
        return date.iso(), ""

    hint = f"只写确知的精度，如 2023-03-03；不知道具体哪天就只写年或年月（2023 或 2023-10）。直接回车用今天 {today}"
    return Question("--date", label, hint, check, default=today)


def file_question(
    root: Path, target: Callable[[str], Path], example: str, hint: str, dirs: bool = False, reserved: tuple[str, str] = ((), "")
) -> Question:
    """target: the project-relative file a name stands for (posts add the date)."""

    def check(text: str) -> tuple[str, str]:
        name = text.removesuffix(".md")
        why = name_problem(name, dirs, *reserved)
        if not why and (root / target(name)).exists():
            why = exists(target(name))
        return name, why

    prompt = f"英文或拼音文件名（如 {example}），它会成为网址" + (f"；{hint}" if hint else "")
    return Question("--file", "文件名", prompt, check)


def qr_question(root: Path, loaded: Loaded, taken_file: Callable[[str], Path | None]) -> Question:
    def check(text: str) -> tuple[str, str]:
        why = shortlinks.check_id(text)
        if not why and text in loaded.qr_owners:
            why = f"编号“{text}”已被 docs/{loaded.qr_owners[text][0]} 使用，换一个"
        path = taken_file(text)
        if not why and path is not None and (root / path).exists():
            why = exists(path)
        return text, why

    hint = f"印在标牌上，定下后不能再改；{shortlinks.ID_EXPECTED}"
    return Question("--qr", "二维码编号", hint, check)


def name_problem(name: str, dirs: bool = False, reserved: tuple[str, ...] = (), why_reserved: str = "") -> str:
    """Why name cannot be a file name under docs/ (it becomes a URL), or "".

    reserved: folders a plain page may not go into (dirs=True), and why_reserved says what to do instead."""
    if not name:
        return "不能为空"
    if not name.isascii():
        return "不能用中文或全角字符，用英文或拼音，如 pear-festival"
    if any(c.isspace() for c in name):
        return "不能有空格，用连字符 - 连接，如 pear-festival"
    if "/" in name and not dirs:
        return "不能含 /"
    if not SAFE_PATH.match(name):
        return "只能用英文字母、数字、-、_ 和 ."
    if any(part in ("", ".", "..") or part.startswith(".") for part in name.split("/")):
        return "不能以 . 或 / 开头，也不能有空的文件夹名"
    if dirs and reserved and name.startswith(reserved):
        return why_reserved
    return ""


def exists(path: Path) -> str:
    return f"已经有文件 {path.as_posix()}，不会覆盖它；换一个文件名"


def post_name(date: str | None, slug: str) -> str:
    """<date>-<slug>, without doubling a date the editor already typed."""
    return slug if date is None or slug.startswith(f"{date}-") else f"{date}-{slug}"


def numbered(choices: tuple[str, ...], per_line: int = 4) -> str:
    """Choices as “ 1. 名称” in columns; ideographic spaces keep Chinese names aligned."""
    width = max(len(c) for c in choices)
    cells = [f"{i:>3}. {c}" + "\u3000" * (width - len(c)) for i, c in enumerate(choices, 1)]
    return "\n".join("".join(cells[i : i + per_line]).rstrip() for i in range(0, len(cells), per_line))


def field_line(key: str, value: str) -> str:
    """`key: value`, quoted only where YAML would misread the value (a title “2023”, a qr “no”)."""
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1_000_000).rstrip("\n")
