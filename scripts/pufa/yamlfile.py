"""YAML data files under data/, loaded with the line of every mapping (for messages)."""

from __future__ import annotations

from pathlib import Path

import yaml

from pufa.frontmatter import explain_yaml_error
from pufa.problems import Problem, quote
from pufa.textfile import read_text


class LineDict(dict):
    """A mapping that remembers the file line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)


def load_yaml(path: Path, rel: str) -> tuple[object, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    try:
        return yaml.load(text, Loader=_LineLoader), []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        hint, fix = explain_yaml_error(err)
        return None, [Problem(rel, mark.line + 1 if mark else None, f"YAML 格式不正确{hint}", fix=fix)]


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
        problems.append(Problem(rel, line_of(data, key), f"缺少 {key}: 列表", expected=f"“{key}:”下面每项一行", actual=quote(items)))
        return []
    for item in items:
        if not isinstance(item, dict):
            problems.append(Problem(rel, None, f"{key} 中有一项格式不对", expected=example, actual=quote(item)))
    return [i for i in items if isinstance(i, dict)]
