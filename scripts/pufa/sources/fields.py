"""Field checks shared by every kind (posts, sites, services, cases, the responsibility list …).

The checks of one kind of value live here once, with one message and one expected format each."""

from __future__ import annotations

import re
from pathlib import Path

from pufa.problems import Problem, quote
from pufa.schema import suggest
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.yamlfile import line_of

# Numbers an office publishes: a short service number, a landline with its area code, or a mobile.
PHONE = re.compile(r"^(?:\d{3,5}|0\d{2,3}-?\d{7,8}|1[3-9]\d{9})$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
PHONE_EXPECTED = '加英文引号的号码，如 "12348"、"0375-5012348"'


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


def phone(item: dict, key: str, rel: str, problems: list[Problem], *, required: bool, mobile: bool = True) -> str | None:
    """A phone number in a data/ list, as a quoted string; mobile=False refuses mobile numbers
    (an office's contact on the site is its landline: a person's mobile needs their consent)."""
    value = item.get(key)
    if value in (None, ""):
        if required:
            problems.append(Problem(rel, line_of(item), f"缺少号码（{key}）", expected=PHONE_EXPECTED))
        return None
    if not isinstance(value, str):
        # YAML reads 0375… as an (octal) number and drops the leading 0; we never guess it back.
        problems.append(
            Problem(
                rel,
                line_of(item, key),
                "号码没有加引号，会被当成数字（以 0 开头的号码会丢掉 0）",
                expected=PHONE_EXPECTED,
                actual=quote(value),
                fix="如何修改：请给号码加英文双引号",
            )
        )
        return None
    number = value.strip().replace(" ", "")
    if not PHONE.match(number):
        problems.append(Problem(rel, line_of(item, key), "号码格式不对", expected=PHONE_EXPECTED, actual=quote(value)))
        return None
    if not mobile and MOBILE.match(number):
        problems.append(
            Problem(
                rel,
                line_of(item, key),
                "这里不能写手机号码",
                expected="单位的固定电话（带区号）或服务号码",
                actual=quote(value),
                fix="如何修改：写单位的办公电话；不知道就写“待补充”或删掉这一项",
            )
        )
        return None
    return number


def village(township: str, name: str, content, rel: str, line: int | None, problems: list[Problem]) -> str:
    """name, when data/townships.yml lists it for that township or lists no villages for it yet."""
    known = content.township(township).villages if content.township(township) else ()
    # An empty list means the bureau has not entered its villages yet: nothing to check against.
    if name and known and name not in known:
        problems.append(
            Problem(
                rel,
                line,
                f"“{name}”不在 data/townships.yml 中{township}的村（社区）名单里",
                expected="名单中的村名",
                actual=quote(name),
                fix="如何修改：检查村名，或请管理员补充名单",
            )
        )
        return ""
    return name


def township(value: object, content, rel: str, line: int | None, problems: list[Problem]) -> str:
    """A township's full name from data/townships.yml ("" when missing or wrong, with a problem)."""
    if value in (None, ""):
        return ""
    names = [t.name for t in content.townships]
    name = str(value).strip()
    if name in names or not names:  # without names data/townships.yml is broken and already reported
        return name
    hint = suggest(name, names)
    problems.append(
        Problem(
            rel,
            line,
            "乡镇（township）不在允许的列表中",
            expected="、".join(names) + " 之一",
            actual=quote(value),
            fix=f"如何修改：{hint + '；' if hint else ''}写 data/townships.yml 中的全称",
        )
    )
    return ""
