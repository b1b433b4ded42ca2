"""Our own front-matter parser: MkDocs silently drops broken YAML, we report it with a line.

`parse(text, rel)` returns the metadata, the line of every key (so validators can point at
it) and the body, plus problems for YAML that cannot be read.
"""

from __future__ import annotations

import copy
import re
from collections import OrderedDict
from dataclasses import dataclass, field

import yaml

from pufa.problems import Problem, quote
from pufa.sources import yamlfile

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
# `key：value` — a full-width colon where YAML needs `: `. Very common with Chinese input methods.
_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff-]*)\s*：")


@dataclass
class FrontMatter:
    meta: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # "key" or "key.sub" -> 1-based file line
    body: str = ""
    body_line: int = 1  # file line where the body starts
    present: bool = False  # the file has a front-matter block at all
    ok: bool = True  # False when the YAML could not be read

    def line(self, key: str) -> int:
        """Line of a key, or the opening fence when the key is absent."""
        return self.lines.get(key, 1)


_MEMO: OrderedDict[tuple[str, str], tuple[FrontMatter, list[Problem]]] = OrderedDict()
_MEMO_SIZE = 4096  # files; PyYAML is pure Python and slow, and `serve` reads every page again after each edit


def parse(text: str, rel: str) -> tuple[FrontMatter, list[Problem]]:
    """The front matter of text, from a memo when this process read the same text before (a copy:
    callers may change what they get)."""
    key = (rel, text)
    hit = _MEMO.get(key)
    if hit is None:
        hit = _MEMO[key] = _parse(text, rel)
        if len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    else:
        _MEMO.move_to_end(key)
    return copy.deepcopy(hit)


def _parse(text: str, rel: str) -> tuple[FrontMatter, list[Problem]]:
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0].rstrip("\r")):
        return FrontMatter(body=text, body_line=1), []
    end = next((i for i in range(1, len(lines)) if _END.match(lines[i].rstrip("\r"))), None)
    if end is None:
        return FrontMatter(body=text, ok=False, present=True), [
            Problem(
                rel,
                1,
                "开头的 --- 没有对应的结束行",
                expected="前置信息以 --- 开始、以 --- 结束",
                actual="只有开始的 ---",
                fix="如何修改：在前置信息最后一行下面加一行 ---",
            )
        ]
    yaml_lines = [line.rstrip("\r") for line in lines[1:end]]
    fm = FrontMatter(body="\n".join(lines[end + 1 :]), body_line=end + 2, present=True)
    problems = list(_check_fullwidth_colons(yaml_lines, rel))
    if problems:
        # Read on as if the colons were right, so the editor sees the file's other mistakes too.
        yaml_lines = [_FULLWIDTH_KEY.sub(lambda m: m.group(0)[:-1] + ": ", line, count=1) for line in yaml_lines]
    source = "\n".join(yaml_lines)
    try:
        node, data, bad_dates = yamlfile.parse(source)
    except yamlfile.YamlError as err:
        fm.ok = False
        return fm, [*problems, _yaml_problem(err, yaml_lines, rel)]
    problems += yamlfile.bad_date_problems(bad_dates, rel, first_line=2)
    if data is None:
        return fm, problems
    if not isinstance(data, dict):
        fm.ok = False
        return fm, [
            Problem(
                rel,
                2,
                "前置信息不是“名称: 值”的形式",
                expected="每行一个“名称: 值”",
                actual=quote(yaml_lines[0] if yaml_lines else ""),
                fix="如何修改：检查冒号是否为英文冒号并且后面有空格",
            )
        ]
    fm.meta = data
    problems.extend(_record_lines(node, fm.lines, rel, prefix=""))
    return fm, problems


def _check_fullwidth_colons(yaml_lines: list[str], rel: str):
    for index, line in enumerate(yaml_lines):
        match = _FULLWIDTH_KEY.match(line)
        if match and ":" not in line[: match.end()]:
            yield Problem(
                rel,
                index + 2,
                "用了中文全角冒号“：”",
                expected=f"英文冒号加空格，如“{match.group(1)}: …”",
                actual=quote(line.strip()),
                fix="如何修改：把“：”换成英文冒号“:”，冒号后留一个空格",
            )


def _record_lines(node, lines: dict[str, int], rel: str, prefix: str):
    """Remember the line of every mapping key; report keys written twice."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        key = f"{prefix}{key_node.value}"
        line = key_node.start_mark.line + 2
        if key in lines:
            yield Problem(
                rel,
                line,
                f"“{key_node.value}”写了两次",
                expected="每个名称只写一次",
                actual=f"第 {lines[key]} 行和第 {line} 行都有",
                fix="如何修改：删掉多余的一行",
            )
        lines[key] = line
        yield from _record_lines(value_node, lines, rel, prefix=f"{key}.")


def _yaml_problem(err: yamlfile.YamlError, yaml_lines: list[str], rel: str) -> Problem:
    index = err.mark.line if err.mark is not None else 0
    # PyYAML often notices a problem at the start of the line after the real mistake.
    if index >= len(yaml_lines) or (index > 0 and not yaml_lines[index].strip()):
        index = max(0, min(index, len(yaml_lines)) - 1)
    actual = quote(yaml_lines[index].strip()) if index < len(yaml_lines) else ""
    return Problem(rel, index + 2, f"前置信息（YAML）格式不正确{err.hint}", actual=actual, fix=err.fix)
