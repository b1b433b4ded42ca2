"""Field checks shared by every kind of page (campaign posts, legal-culture sites)."""

from __future__ import annotations

from pathlib import Path

from pufa.problems import Problem, quote
from pufa.schema import suggest
from pufa.sources.frontmatter import FrontMatter


def check_keys(
    fm: FrontMatter, rel: str, allowed: tuple[str, ...], required: tuple[str, ...], examples: dict[str, str], what: str
):
    """Unknown keys (with a spelling suggestion) and missing required ones."""
    for key in fm.meta:
        if key not in allowed:
            hint = suggest(str(key), list(allowed))
            yield Problem(
                rel,
                fm.line(str(key)),
                f"不认识的名称“{key}”",
                expected="、".join(allowed) + " 之一",
                actual=quote(key),
                fix=f"如何修改：{hint or '删掉这一行，或改成上面的名称之一'}",
            )
    for key in required:
        if fm.meta.get(key) in (None, ""):
            yield Problem(
                rel,
                fm.line(key),
                f"{what}缺少必填的“{key}”",
                expected=f"有一行“{examples[key]}”",
                actual="没有" if key not in fm.meta else "值是空的",
                fix="如何修改：在前置信息里补上这一行",
            )


def text(fm: FrontMatter, key: str, rel: str, problems: list[Problem]) -> str:
    """An optional plain-text value, stripped; a number or list where text belongs is a problem."""
    value = fm.meta.get(key)
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        problems.append(Problem(rel, fm.line(key), f"“{key}”应是文字", actual=quote(value), fix="如何修改：给值加英文双引号"))
        return ""
    return value.strip()


def choice(fm: FrontMatter, key: str, rel: str, allowed: list[str], label: str, fix: str, problems: list[Problem]) -> str | None:
    """One value from a list; a near miss gets a "是不是…" hint."""
    value = fm.meta.get(key)
    if value in (None, ""):
        return None
    name = str(value).strip()
    if name in allowed:
        return name
    hint = suggest(name, allowed)
    problems.append(
        Problem(
            rel,
            fm.line(key),
            f"{label}（{key}）不在允许的列表中",
            expected="、".join(allowed) + " 之一",
            actual=quote(value),
            fix=f"如何修改：{hint + '；' if hint else ''}{fix}",
        )
    )
    return None


def photos(fm: FrontMatter, rel: str, src_uri: str, docs_dir: Path, problems: list[Problem]) -> tuple[str, ...]:
    value = fm.meta.get("photos")
    if value in (None, "", []):
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(
            Problem(
                rel,
                fm.line("photos"),
                "照片（photos）格式不对",
                expected="照片路径列表，如 [photos/2023-01.jpg]",
                actual=quote(value),
            )
        )
        return ()
    base = (docs_dir / src_uri).parent
    for photo in value:
        if not (base / photo).is_file():
            problems.append(
                Problem(
                    rel,
                    fm.line("photos"),
                    "找不到照片文件",
                    expected="相对于本文件的路径",
                    actual=quote(photo),
                    fix="如何修改：检查文件名（区分大小写）和所在文件夹",
                )
            )
    return tuple(value)
