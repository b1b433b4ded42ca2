"""The one YAML reader for editors' files: data/*.yml and the front matter of every page.

It is PyYAML's safe loader with four changes, each because an editor's slip would otherwise end in
a traceback or in something nobody meant:
- every mapping remembers its line and the line of each key, so messages can point at them;
- anchors and aliases (`&x`, `*x`) are refused: editors never need them, a value that merely starts
  with `*` is a typo to quote, and nested aliases expand into gigabytes (a "billion laughs");
- a date that does not exist (2023-02-30, 2023-13-45) is not a crash inside PyYAML but a problem with
  its line; the value stays a `BadDate` (a str) so the field's own check does not report it twice;
- nesting too deep for PyYAML's recursion is a problem, not a RecursionError.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import ComposerError

from pufa.problems import Problem, quote
from pufa.sources.textfile import read_text

_ALIAS = "pufa: anchors and aliases are not allowed"

# PyYAML's problems, explained for editors (most common first).
_YAML_HINTS = [
    ("found character '\\t'", "不能用 Tab 键缩进", "把 Tab 换成空格"),
    (
        "mapping values are not allowed",
        "冒号用法不对：值里含有“: ”或冒号后缺空格",
        '给整个值加英文双引号，例如 title: "标题：副标题"',
    ),
    ("could not find expected ':'", "缺少英文冒号“:”", "每行写成“名称: 值”，冒号后留一个空格"),
    (_ALIAS, "值以 * 或 & 开头（YAML 会把它当成引用）", '给值加英文双引号，例如 title: "*重要*"'),
    ("found undefined alias", "值以 * 开头", "给值加英文双引号"),
    ("while scanning an alias", "值以 * 或 & 开头（YAML 会把它当成引用）", '给值加英文双引号，例如 title: "*重要*"'),
    ("while scanning an anchor", "值以 * 或 & 开头（YAML 会把它当成引用）", '给值加英文双引号，例如 title: "*重要*"'),
    ("found unexpected end of stream", "引号没有配对", "检查英文引号是否成对"),
    ("while scanning a quoted scalar", "引号没有配对", "检查英文引号是否成对"),
    ("expected <block end>", "缩进不一致", "同一级的各行要对齐，用空格缩进"),
    ("found character '@'", "值以 @ 或 ` 开头", "给值加英文双引号"),
]


class LineDict(dict):
    """A mapping that remembers the file line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict


class BadDate(str):
    """A date-shaped value that is no date (2023-02-30); the loader has reported it already."""


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader for editors' files (see the module docstring)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.bad_dates: list[tuple[int, str, str]] = []  # (0-based line, text, reason)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ComposerError(None, None, _ALIAS, event.start_mark)
        return super().compose_node(parent, index)

    def construct_line_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        return mapping

    def construct_checked_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as err:
            self.bad_dates.append((node.start_mark.line, str(node.value), str(err)))
            return BadDate(node.value)


Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, Loader.construct_line_mapping)
Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_checked_timestamp)


@dataclass(frozen=True)
class _Mark:
    line: int  # 0-based, like PyYAML's marks


class YamlError(Exception):
    """YAML that cannot be read; `mark` is PyYAML's position (0-based line) or None."""

    def __init__(self, hint: str, fix: str, mark=None):
        super().__init__(hint)
        self.hint, self.fix, self.mark = hint, fix, mark


def parse(text: str, loader: type[Loader] = Loader) -> tuple[yaml.Node | None, object, list[tuple[int, str, str]]]:
    """(node, data, bad dates) of one YAML document; raises YamlError with a Chinese hint."""
    try:
        loader = loader(text)
    except yaml.reader.ReaderError as err:  # a control character, checked before anything is read
        raise YamlError(
            "：有看不见的特殊字符（可能是从网页或 Word 复制来的）",
            "如何修改：把这一行删掉后重新输入",
            _Mark(text.count("\n", 0, err.position)),
        ) from err
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return node, data, loader.bad_dates
    except yaml.YAMLError as err:
        hint, fix = explain_yaml_error(err)
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        if "quoted scalar" in str(err) and getattr(err, "context_mark", None):
            mark = err.context_mark  # where the unclosed quote opens, not where the file ends
        raise YamlError(hint, fix, mark) from err
    except RecursionError as err:
        raise YamlError("：层次嵌套太深", "如何修改：每项一行写清楚，不要一层套一层", None) from err
    finally:
        loader.dispose()


def bad_date_problems(bad_dates: list[tuple[int, str, str]], rel: str, first_line: int = 1) -> list[Problem]:
    """One problem per impossible date; first_line is the file line of the YAML text's first line."""
    return [
        Problem(
            rel,
            first_line + line,
            f"日期“{text}”不存在",
            expected="日历上真实存在的日期，写成 2023-03-03",
            actual=quote(text),
            fix="如何修改：检查月份（1–12）和这个月的天数（如 2 月最多 29 天）",
        )
        for line, text, _ in bad_dates
    ]


def explain_yaml_error(err: yaml.YAMLError) -> tuple[str, str]:
    """(“：what is wrong” or "", "如何修改：…") for a PyYAML error."""
    for needle, hint, fix in _YAML_HINTS:
        if needle in str(err):
            return f"：{hint}", f"如何修改：{fix}"
    return "", "如何修改：对照正确的例子检查这一行"


def load_yaml(path: Path, rel: str) -> tuple[object, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    try:
        _, data, bad_dates = parse(text)
    except YamlError as err:
        return None, [Problem(rel, err.mark.line + 1 if err.mark else None, f"YAML 格式不正确{err.hint}", fix=err.fix)]
    return data, bad_date_problems(bad_dates, rel)


def line_of(item: object, key: str | None = None) -> int | None:
    if isinstance(item, LineDict):
        return item.key_lines.get(key, item.line) if key else item.line
    return None


def items_of(data: object, key: str, rel: str, problems: list[Problem], example: str) -> list[dict]:
    """The mappings listed under key; a missing list or a malformed entry is a problem.

    data is None when the file could not be read, which load_yaml has reported already."""
    if data is None:
        return []
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.append(
            Problem(rel, line_of(data, key), f"缺少 {key}: 列表", expected=f"“{key}:”下面每项一行", actual=quote(items))
        )
        return []
    for item in items:
        if not isinstance(item, dict):
            problems.append(Problem(rel, None, f"{key} 中有一项格式不对", expected=example, actual=quote(item)))
    return [i for i in items if isinstance(i, dict)]
