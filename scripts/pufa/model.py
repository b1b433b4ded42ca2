"""Validated content as frozen dataclasses: nothing after a loader touches raw YAML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Township:
    name: str
    slug: str
    verified: bool  # the name appears in full in the source report
    villages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    name: str
    slug: str


@dataclass(frozen=True)
class Figure:
    """A whole number as reported; approx=True means the report says N余 (more than N)."""

    value: int
    approx: bool = False

    def text(self) -> str:
        number = f"{self.value // 10000}万" if self.value >= 10000 and self.value % 10000 == 0 else str(self.value)
        return number + ("余" if self.approx else "")


@dataclass(frozen=True)
class PostDate:
    """A date only as precise as the source: year, year-month or a full day."""

    year: int
    month: int | None = None
    day: int | None = None

    def text(self) -> str:
        out = f"{self.year}年"
        if self.month:
            out += f"{self.month}月"
        if self.day:
            out += f"{self.day}日"
        return out

    def iso(self) -> str:
        """A valid HTML <time datetime> value of the same precision."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def sort_key(self) -> dt.date:
        """Used only for ordering and for the engine's required date; never shown."""
        return dt.date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True)
class Signature:
    """One level of the three-level review (三审): who signed it off and when."""

    level: str  # 初审, 复审 or 终审
    name: str
    day: dt.date


@dataclass(frozen=True)
class Observance:
    """A day (or days) of the 普法 calendar, data/calendar.yml: 4·15 全民国家安全教育日 and the like."""

    name: str
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]  # the same as start for a single day
    topic: str  # what to cover
    basis: str  # its legal basis or source
    line: int = 0  # in data/calendar.yml, for reminders

    def on(self, year: int) -> tuple[dt.date, dt.date]:
        """First and last day in a year (29 February falls back to the 28th in other years)."""
        return _day(year, *self.start), _day(year, *self.end)


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, day - 1)


@dataclass(frozen=True)
class Post:
    rel: str  # project-relative path, e.g. docs/blog/posts/x.md
    src_uri: str  # docs-relative path, e.g. blog/posts/x.md
    title: str
    date: PostDate
    category: Category
    townships: tuple[str, ...]  # township names, or the county label (全县)
    figures: tuple[tuple[str, Figure], ...]
    photos: tuple[str, ...]  # paths relative to the post file
    source: str
    description: str
    draft: bool
    body: str
    # Publishing workflow (workflow.py): all optional in the front matter.
    published: dt.date | None = None  # the day it went online, beside the event's `date`
    review: tuple[Signature, ...] = ()  # 三审 sign-offs, in order; never shown on the site
    days: tuple[str, ...] = ()  # names of the 普法 calendar days it was written for

    def signed(self, level: str) -> Signature | None:
        return next((s for s in self.review if s.level == level), None)


@dataclass(frozen=True)
class Exhibit:
    name: str
    text: str
    qr: str = ""  # its own short link id; the exhibit's heading carries it as its anchor


@dataclass(frozen=True)
class Site:
    """A legal-culture site (法治文化阵地): park, square, corridor, base, reading room, board."""

    rel: str
    src_uri: str
    qr: str  # permanent id: /p/<qr>/ leads here for as long as the site exists
    title: str
    kind: str
    level: str
    township: str  # "" when the report does not say (county-level sites in the county town)
    village: str
    address: str
    coordinates: tuple[float, float] | None  # (lat, lng) in GCJ-02
    hours: str
    exhibits: tuple[Exhibit, ...]
    photos: tuple[str, ...]
    closed: str  # when and why it closed; "" while open
    source: str


@dataclass(frozen=True)
class Hotline:
    name: str
    number: str
    group: str
    owner: str
    scope: str
    hours: str
    verified: str  # YYYY-MM-DD, or "" when not yet verified locally
    web: str


@dataclass(frozen=True)
class Office:
    name: str
    township: str
    five_star: str
    phone: str  # "" = 待补充
    address: str
    hours: str


@dataclass(frozen=True)
class ReportedFigure:
    label: str
    figure: Figure
    unit: str
    home: bool
    quote: str


@dataclass(frozen=True)
class Reported:
    year: int
    source: str
    figures: tuple[ReportedFigure, ...]


@dataclass(frozen=True)
class Content:
    county: str
    county_label: str  # how posts name a county-wide event (全县)
    villages_reported: int
    townships: tuple[Township, ...]
    categories: tuple[Category, ...]
    reported: Reported | None
    posts: tuple[Post, ...] = field(default=())
    sites: tuple[Site, ...] = field(default=())
    hotlines: tuple[Hotline, ...] = field(default=())
    offices: tuple[Office, ...] = field(default=())
    offices_reported: int = 0
    calendar: tuple[Observance, ...] = field(default=())  # data/calendar.yml
    today: dt.date | None = None  # the day of this build, for date-relative parts (the next 普法 days)
    # What kinds without a field of their own loaded (kinds/__init__.py), by kind name: the roster, cases …
    kinds: Mapping[str, Any] = field(default_factory=dict)

    def township(self, name: str) -> Township | None:
        return next((t for t in self.townships if t.name == name), None)

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)
