"""Allowed keys and values, and the parsers for typed fields, kept in one place.

Lists that editors change (townships, categories) live in data/, not here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from pufa.model import Figure, PostDate

# Campaign figures, in the order they are shown.
FIGURE_KEYS = ("场次", "参与人次", "发放资料份数", "解答咨询人次")

# Front-matter keys of a campaign post (docs/blog/posts/*.md) and which are required.
POST_REQUIRED = ("title", "date", "category", "township")
POST_KEYS = (*POST_REQUIRED, "figures", "photos", "source", "description", "draft", "qr")
# Publishing workflow (workflow.py): published date, 三审 record, 普法 calendar day, allowed wording.
WORKFLOW_KEYS = ("published", "review", "calendar", "wording_allow")
POST_KEYS += WORKFLOW_KEYS

# Front-matter keys of any other page; these are the engine's own keys that we allow.
PAGE_KEYS = ("title", "description", "hide", "search", "template", "icon", "status", "subtitle", "qr", "wording_allow")

# Placeholders an editor may put in a page (<!-- pufa:name -->); kinds/registry.py lists the names.
# Permanent short links printed on signs and boards: /p/<id>/ (kinds/shortlinks.py).
SHORT_LINK_PREFIX = "p/"

MARKER = re.compile(r"<!--\s*pufa:([\w-]+)\s*-->")

# Folder of campaign posts inside docs/.
POSTS_DIR = "blog/posts/"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Characters allowed in file names under docs/: they become URLs, QR payloads and WeChat links.
SAFE_PATH = re.compile(r"^[A-Za-z0-9._/-]+$")

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMBERS = re.compile(r"\d+")
_APPROX = re.compile(r"^(\d+)\+$")
_UNIT = re.compile(r"^(\d+)\s*(余|多)?\s*[\u4e00-\u9fff]{1,3}$")
_WAN = re.compile(r"^(\d+(?:\.\d+)?)\s*万(余|多)?")

DATE_EXPECTED = "“2023”“2023-10”或“2023-03-03”（只写到报告或记录里确知的精度）"
FIGURE_EXPECTED = '整数，如 1200；“1200余”写成 "1200+"'


def parse_date(value: object) -> tuple[PostDate | None, str]:
    """Return (date, hint). hint suggests the right form when value is not accepted."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PostDate(value.year, value.month, value.day), ""
    if isinstance(value, bool):
        return None, ""
    text = str(value).strip()
    for pattern in (_YEAR, _MONTH, _DAY):
        match = pattern.match(text)
        if match:
            return _checked_date(*(int(g) for g in match.groups()))
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    if 1 <= len(numbers) <= 3 and 1900 <= numbers[0] <= 2100:
        return None, "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(numbers))
    return None, ""


def _checked_date(year: int, month: int | None = None, day: int | None = None) -> tuple[PostDate | None, str]:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None, ""
    if not 1900 <= year <= 2100:
        return None, ""
    return PostDate(year, month, day), ""


def parse_figure(value: object) -> tuple[Figure | None, str]:
    """Return (figure, hint) for a campaign figure."""
    if isinstance(value, bool):
        return None, ""
    if isinstance(value, int):
        return (Figure(value), "") if value >= 0 else (None, "不能是负数")
    if isinstance(value, float):
        return None, f"写整数，如 {int(value)}" if value >= 0 else "不能是负数"
    text = str(value).strip().replace(",", "").replace("，", "")
    match = _APPROX.match(text)
    if match:
        return Figure(int(match.group(1)), approx=True), ""
    if text.isdigit():
        return None, f"写成 {text}（不加引号）"
    wan = _WAN.match(text)
    if wan:
        number = round(float(wan.group(1)) * 10000)
        return None, f"不要写“万”，写成 {number}" + (f'；“余”写成 "{number}+"' if wan.group(2) else "")
    if text.endswith(("余", "多")) and text[:-1].isdigit():
        return None, f'写成 "{text[:-1]}+"'
    unit = _UNIT.match(text)
    if unit:  # "26场", "1200余人次": the unit is already in the figure's name
        number, approx = unit.groups()
        return None, f'不要写单位，写成 "{number}+"' if approx else f"不要写单位，写成 {number}"
    if text.startswith("-"):
        return None, "不能是负数"
    return None, ""


def suggest(value: str, choices: list[str]) -> str:
    """A hint naming the closest allowed values, for misspelled names."""
    near = [c for c in choices if value and (value in c or c in value)]
    near += [c for c in difflib.get_close_matches(value, choices, n=3, cutoff=0.5) if c not in near]
    return f"是不是“{'”或“'.join(near[:3])}”？" if near else ""


# Legal-culture sites (法治文化阵地): docs/sites/<name>.md, one page per site.
SITES_DIR = "sites/"
SITE_REQUIRED = ("title", "qr", "kind", "level")
SITE_KEYS = (
    *SITE_REQUIRED,
    "township",
    "village",
    "address",
    "coordinates",
    "hours",
    "exhibits",
    "photos",
    "closed",
    "description",
    "source",
    "wording_allow",
)
SITE_KINDS = ("公园", "广场", "游园", "长廊", "文化墙", "教育基地", "书屋", "宣传栏", "其他")
SITE_LEVELS = ("县级", "乡级", "村级")
# GCJ-02 coordinates of anywhere in China: a quick sanity range, and the way to spot swapped values.
LAT_RANGE = (3.8, 53.6)
LNG_RANGE = (73.5, 135.1)
