"""Search synonyms (data/synonyms.yml): the words citizens type, mapped to the terms our pages use.

A reader who types 离婚 or 欠薪 should reach the pages about 婚姻家庭 or 劳动报酬 even though those
pages never say 离婚 or 欠薪. The search in the reader's browser adds the mapped terms to a query
that contains one of the words (see search.py and the search worker); nothing is rewritten in
the pages themselves.

    synonyms:
      - words: [欠薪, 讨薪, 拖欠工资]    # what people type
        terms: [劳动报酬, 工资]          # what our pages say
"""

from __future__ import annotations

import re
from pathlib import Path

from pufa.problems import Problem, quote
from pufa.schema import suggest
from pufa.sources.textfile import find_line
from pufa.sources.yamlfile import line_of, load_yaml

SYNONYMS_FILE = "data/synonyms.yml"
KEYS = ("words", "terms")
EXAMPLE = "每组两行：words: [欠薪, 讨薪] 和 terms: [劳动报酬]"
# A list written as one string: 欠薪、讨薪 or 欠薪，讨薪 instead of [欠薪, 讨薪].
_JOINED = re.compile(r"[、，,；;/|]")
_SPACE = re.compile(r"\s")
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def normalize(text: str) -> str:
    """How words are compared, here and in the browser: full-width letters and digits as ASCII, lower case."""
    return text.translate(_FULLWIDTH).lower()


def load_synonyms(root: Path) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """Return ({word: terms}, problems); no file means no synonyms."""
    rel = SYNONYMS_FILE
    path = root / rel
    if not path.exists():
        return {}, []
    data, problems = load_yaml(path, rel)
    if data is None:
        return {}, problems
    items = data.get("synonyms") if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.append(
            Problem(
                rel,
                line_of(data, "synonyms") or 1,
                "缺少 synonyms: 列表",
                expected=f"“synonyms:”下面列出各组，{EXAMPLE}",
                actual=quote(items),
            )
        )
        return {}, problems
    mapping: dict[str, tuple[str, ...]] = {}
    first_line: dict[str, int | None] = {}
    for item in items:
        if not isinstance(item, dict):
            # A scalar has no line of its own in the loaded data: find it in the file.
            problems.append(
                Problem(
                    rel,
                    find_line(path, str(item)) if item is not None else None,
                    "同义词的一组格式不对",
                    expected=EXAMPLE,
                    actual=quote(item),
                    fix="如何修改：按上面的样子写成 words 和 terms 两行",
                )
            )
            continue
        line = line_of(item)
        for key in item:
            if key not in KEYS:
                hint = suggest(str(key), list(KEYS))
                problems.append(
                    Problem(
                        rel,
                        line_of(item, key),
                        f"同义词里不认识“{key}”",
                        expected="words（群众常说的词）和 terms（网站页面上用的词）",
                        actual=quote(key),
                        fix=f"如何修改：{hint or '删掉这一行'}",
                    )
                )
        words = _word_list(item, "words", rel, problems)
        terms = _word_list(item, "terms", rel, problems)
        if not words or not terms:
            continue
        for word in words:
            key = normalize(word)
            if key in (normalize(t) for t in terms):
                problems.append(
                    Problem(rel, line_of(item, "words"), f"“{word}”同时写在 words 和 terms 里", fix="如何修改：从 terms 里删掉它")
                )
            elif key in mapping:
                problems.append(
                    Problem(
                        rel,
                        line_of(item, "words"),
                        f"“{word}”写了两次",
                        expected="每个词只在一组的 words 里出现",
                        actual=f"第 {first_line[key]} 行那一组里也有",
                        fix="如何修改：把两组合并，或删掉其中一个",
                    )
                )
            else:
                mapping[key] = tuple(dict.fromkeys(normalize(t) for t in terms))
                first_line[key] = line
    return mapping, problems


def _word_list(item: dict, key: str, rel: str, problems: list[Problem]) -> list[str]:
    """A word or a list of words under key; every mistake is a problem and leaves the list empty."""
    value = item.get(key)
    line = line_of(item, key)
    if value is None or value == "" or value == []:
        problems.append(Problem(rel, line_of(item), f"同义词缺少 {key}", expected=EXAMPLE, fix=f"如何修改：加一行 {key}: [……]"))
        return []
    values = value if isinstance(value, list) else [value]
    words = []
    for word in values:
        if isinstance(word, bool) or not isinstance(word, (str, int)):
            problems.append(
                Problem(
                    rel,
                    line,
                    f"{key} 里有一项不是词语",
                    expected="中括号里用英文逗号分开的词，如 [欠薪, 讨薪]",
                    actual=quote(word),
                )
            )
            return []
        text = str(word).strip()
        if not text:
            problems.append(Problem(rel, line, f"{key} 里有一项是空的", fix="如何修改：删掉多余的逗号"))
            return []
        if _JOINED.search(text):
            parts = [p for p in _JOINED.split(text) if p.strip()]
            problems.append(
                Problem(
                    rel,
                    line,
                    f"{key} 里的几个词写在了一起",
                    expected="用中括号和英文逗号分开，如 [欠薪, 讨薪]",
                    actual=quote(text),
                    fix=f"如何修改：写成 [{', '.join(p.strip() for p in parts)}]",
                )
            )
            return []
        if _SPACE.search(text):
            problems.append(
                Problem(
                    rel,
                    line,
                    f"{key} 里的“{text}”中间有空格",
                    expected="一个词中间不留空格（搜索时空格会把词分开）",
                    fix="如何修改：去掉空格，或拆成两个词",
                )
            )
            return []
        words.append(text)
    return words
