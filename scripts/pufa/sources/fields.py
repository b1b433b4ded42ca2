"""Field checks shared by every kind (posts, sites, services, cases, the responsibility list …).

The checks of one kind of value live here once, with one message and one expected format each."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pufa.problems import Problem, quote
from pufa.schema import LAT_RANGE, LNG_RANGE, suggest
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.yamlfile import BadDate, line_of

# Numbers an office publishes: a short service number, a landline with its area code, or a mobile.
PHONE = re.compile(r"^(?:\d{3,5}|0\d{2,3}-?\d{7,8}|1[3-9]\d{9})$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
PHONE_EXPECTED = '加英文引号的号码，如 "12348"、"0375-5012348"'


def check_keys(
    fm: FrontMatter, rel: str, allowed: tuple[str, ...], required: tuple[str, ...], examples: dict[str, str], what: str
):
    """Unknown keys (with a spelling suggestion) and missing required ones."""
    yield from unknown_keys(fm.meta, allowed, rel, lambda key: fm.line(str(key)))
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


def unknown_keys(keys: Iterable, allowed: tuple[str, ...], rel: str, line: Callable[[object], int | None]) -> Iterator[Problem]:
    """A problem, with a spelling suggestion, for each key not allowed (front matter or a data/ item)."""
    for key in keys:
        if key not in allowed:
            hint = suggest(str(key), list(allowed))
            yield Problem(
                rel,
                line(key),
                f"不认识的名称“{key}”",
                expected="、".join(allowed) + " 之一",
                actual=quote(key),
                fix=f"如何修改：{hint or '删掉这一行，或改成上面的名称之一'}",
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


def text_list(fm: FrontMatter, rel: str, key: str, message: str, expected: str, problems: list[Problem]) -> tuple[str, ...]:
    """A front-matter list of texts (photos:, related:): () when absent, or wrong (with a problem)."""
    value = fm.meta.get(key)
    if value in (None, "", []):
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(rel, fm.line(key), message, expected=expected, actual=quote(value)))
        return ()
    return tuple(value)


def photos(fm: FrontMatter, rel: str, src_uri: str, docs_dir: Path, problems: list[Problem]) -> tuple[str, ...]:
    value = text_list(fm, rel, "photos", "照片（photos）格式不对", "照片路径列表，如 [photos/2023-01.jpg]", problems)
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
        hint = suggest(name, list(known))
        problems.append(
            Problem(
                rel,
                line,
                f"“{name}”不在 data/townships.yml 中{township}的村（社区）名单里",
                expected="名单中的村名",
                actual=quote(name),
                fix=f"如何修改：{hint + '；' if hint else ''}检查村名，或请管理员在 data/townships.yml 中补充名单",
            )
        )
        return ""
    return name


def township(
    value: object,
    content,
    rel: str,
    line: int | None,
    problems: list[Problem],
    *,
    what: str = "乡镇（township）",
    also: tuple[str, ...] = (),
    more_fix: str = "",
) -> str:
    """A township's full name from data/townships.yml ("" when empty or wrong; wrong ones are reported).

    what: how the message names the field; also: other names allowed (a post's 全县)."""
    name = _stripped(value)
    names = [t.name for t in content.townships]
    if not name or not names or name in names or name in also:  # no names: data/townships.yml is broken, already reported
        return name
    hint = suggest(name, [*also, *names])
    allowed = "".join(f"“{a}”或" for a in also)
    problems.append(
        Problem(
            rel,
            line,
            f"{what}“{name}”不在 data/townships.yml 的名单中",
            expected=f"{allowed}名单中的乡镇（街道）全称，如“{names[0]}”",
            actual=quote(name),
            fix=f"如何修改：{hint + '；' if hint else ''}写 data/townships.yml 中的全称{more_fix}",
        )
    )
    return ""


def day(item: dict, key: str, label: str, rel: str, problems: list[Problem]):
    """A full date in a data/ list (YAML reads 2024-03-01 as a date), or None when empty or wrong.

    An impossible date (2024-02-30) is a BadDate, reported by the YAML loader already."""
    value = item.get(key)
    if value in (None, "") or isinstance(value, BadDate):
        return None
    if isinstance(value, dt.date):
        return value
    problems.append(
        Problem(
            rel,
            line_of(item, key),
            f"{label}（{key}）格式不对",
            expected="2024-03-01 这样的日期，或留空",
            actual=quote(value),
            fix="如何修改：写成 2024-03-01，不加引号",
        )
    )
    return None


def coordinates(fm: FrontMatter, rel: str, problems: list[Problem]) -> tuple[float, float] | None:
    """{lat, lng} in GCJ-02, within China; swapped values are recognised and the fix says so."""
    value = fm.meta.get("coordinates")
    if value in (None, ""):
        return None
    lat, lng = (value.get("lat"), value.get("lng")) if isinstance(value, dict) else (None, None)
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lng)):
        problems.append(
            Problem(
                rel,
                fm.line("coordinates"),
                "坐标（coordinates）格式不对",
                expected="{lat: 纬度, lng: 经度}，GCJ-02（高德坐标拾取器给出的就是），如 {lat: 33.738, lng: 112.908}",
                actual=quote(value),
            )
        )
        return None
    in_range = LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]
    if in_range:
        return float(lat), float(lng)
    swapped = LAT_RANGE[0] <= lng <= LAT_RANGE[1] and LNG_RANGE[0] <= lat <= LNG_RANGE[1]
    message = "坐标的纬度和经度写反了" if swapped else "坐标不在中国范围内"
    fix = (
        f"如何修改：写成 {{lat: {lng}, lng: {lat}}}"
        if swapped
        else "如何修改：用高德坐标拾取器重新取点（纬度约 3.8–53.6，经度约 73.5–135.1）"
    )
    problems.append(
        Problem(
            rel,
            fm.line("coordinates"),
            message,
            expected="lat 是纬度（鲁山约 33.7），lng 是经度（鲁山约 112.9）",
            actual=f"lat: {lat}, lng: {lng}",
            fix=fix,
        )
    )
    return None


# At most 16 characters: a site_url of 40 characters plus p/<id>/ must stay a version-4 QR code.
QR_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$")
ID_EXPECTED = "小写英文字母、数字和连字符，1–16 个字符，如 binhe-park"


def check_id(value: object) -> str:
    """Why value is not a valid short-link id (/p/<id>/ on printed QR codes), or "" when it is."""
    if not isinstance(value, str) or not value:
        return "应是文字"
    if not value.isascii():
        return "不能含中文或全角字符"
    if " " in value or "\t" in value:
        return "不能含空格"
    if value != value.lower():
        return f"只能用小写字母，写成 {value.lower()}"
    if len(value) > 16:
        return "太长，最多 16 个字符（二维码越短越好扫）"
    return "" if QR_ID.match(value) else "只能用字母、数字和连字符，且不以连字符开头或结尾"


def _stripped(value: object) -> str:
    return "" if value is None else str(value).strip()
