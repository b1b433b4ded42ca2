"""Hotlines (data/hotlines.yml) and service points such as the 司法所 (data/service-points.yml)."""

from __future__ import annotations

from pathlib import Path

from pufa.kinds import Kind
from pufa.model import Content, Hotline, Office
from pufa.pages import render
from pufa.problems import Problem, quote
from pufa.schema import suggest
from pufa.sources import fields
from pufa.sources.yamlfile import items_of, line_of, load_yaml

HOTLINES_FILE = "data/hotlines.yml"
PUBLIC_NUMBERS_FILE = "data/public-numbers.yml"
OFFICES_FILE = "data/service-points.yml"
GROUPS = ("法律服务", "紧急求助", "政务服务", "维权")
# National short numbers (3–5 digits), landlines with an area code, mobiles.
PHONE, PHONE_EXPECTED = fields.PHONE, fields.PHONE_EXPECTED


def load_hotlines(root: Path) -> tuple[list[Hotline], list[Problem]]:
    rel = HOTLINES_FILE
    if not (root / rel).exists():
        return [], []
    data, problems = load_yaml(root / rel, rel)
    hotlines: list[Hotline] = []
    seen: set[str] = set()
    for item in items_of(data, "hotlines", rel, problems, 'name: …、number: "…" 等各占一行'):
        number = _phone(item, "number", rel, problems, required=True)
        group = str(item.get("group", ""))
        if group not in GROUPS:
            problems.append(
                Problem(
                    rel,
                    line_of(item, "group"),
                    "热线分组（group）不在允许的列表中",
                    expected="、".join(GROUPS) + " 之一",
                    actual=quote(group),
                    fix=f"如何修改：{suggest(group, list(GROUPS)) or '改成其中一个'}",
                )
            )
        for key in ("name", "scope"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                problems.append(Problem(rel, line_of(item), f"热线缺少“{key}”", fix="如何修改：补上这一项"))
        verified = _date(item, rel, problems)
        if number in seen:
            problems.append(Problem(rel, line_of(item, "number"), f"号码 {number} 写了两次", fix="如何修改：删掉重复的一项"))
        seen.add(number or "")
        hotlines.append(
            Hotline(
                str(item.get("name", "")).strip(),
                number or "",
                group,
                str(item.get("owner", "")),
                str(item.get("scope", "")).strip(),
                str(item.get("hours", "")) or "以当地公布为准",
                verified,
                str(item.get("web", "")),
            )
        )
    return hotlines, problems


def load_offices(root: Path, content: Content) -> tuple[list[Office], int, list[Problem]]:
    """司法所 directory and how many the bureau reports in all."""
    rel = OFFICES_FILE
    if not (root / rel).exists():
        return [], 0, []
    data, problems = load_yaml(root / rel, rel)
    offices = []
    for item in items_of(data, "offices", rel, problems, '{name: …, township: …, phone: ""}'):
        township = str(item.get("township", ""))
        fields.township(township, content, rel, line_of(item, "township"), problems, what="司法所的乡镇（township）")
        if not isinstance(item.get("name"), str) or not item["name"].strip():
            problems.append(Problem(rel, line_of(item), "司法所缺少名称（name）", fix="如何修改：补上名称"))
            continue
        phone = _phone(item, "phone", rel, problems, required=False)
        offices.append(
            Office(
                item["name"].strip(),
                township,
                str(item.get("five_star") or ""),
                phone or "",
                str(item.get("address") or ""),
                str(item.get("hours") or ""),
            )
        )
    reported = data.get("offices_reported", len(offices)) if isinstance(data, dict) else len(offices)
    return offices, reported if isinstance(reported, int) else len(offices), problems


def _phone(item: dict, key: str, rel: str, problems: list[Problem], *, required: bool) -> str | None:
    return fields.phone(item, key, rel, problems, required=required)


def _date(item: dict, rel: str, problems: list[Problem]) -> str:
    day = fields.day(item, "verified", "核实日期", rel, problems)
    return day.isoformat() if day else ""


def load_public_numbers(root: Path) -> tuple[list[str], list[Problem]]:
    """Numbers an office has decided to publish (e.g. a village committee's duty mobile), with whose they are.

    Without this file the site may show no mobile number except a consenting 法律明白人's; the
    publication gate refuses any other (gate.py)."""
    rel = PUBLIC_NUMBERS_FILE
    if not (root / rel).exists():
        return [], []
    data, problems = load_yaml(root / rel, rel)
    numbers = []
    for item in items_of(data, "numbers", rel, problems, '- {number: "13800000000", owner: 某某村村委会, note: 值班电话}'):
        number = _phone(item, "number", rel, problems, required=True)
        if not isinstance(item.get("owner"), str) or not item["owner"].strip():
            problems.append(
                Problem(
                    rel,
                    line_of(item),
                    "公开号码缺少“owner”（哪个单位的号码）",
                    expected="单位名称，如 某某村村委会",
                    fix="如何修改：写上这个号码属于哪个单位；个人的手机号不能写在这里，要本人同意后写进名册",
                )
            )
        elif number:
            numbers.append(number)
    return numbers, problems


def render_hotlines(page_src: str, content: Content) -> str:
    """Tap-to-call buttons by group, each with what the line handles and when people answer."""
    from pufa.pages import templates  # Jinja: loaded when the hotline page is rendered

    groups = [(group, items) for group in GROUPS if (items := [h for h in content.hotlines if h.group == group])]
    return templates.render("services/hotlines.md", groups=groups)


def render_justice_offices(page_src: str, content: Content) -> str:
    """The 司法所 directory; numbers not yet known say so and point to 12348."""
    if not content.offices:
        return ""
    rows = [
        f"| {render.md_text(o.name)} | {render.md_text(o.township)} | {render.md_text(o.five_star) or '—'} | {_phone_cell(o.phone)} | {render.md_text(o.address) or '待补充'} |"
        for o in content.offices
    ]
    missing = content.offices_reported - len(content.offices)
    note = f"\n全县共 {content.offices_reported} 个司法所，其余 {missing} 个的名称和电话待补充。" if missing > 0 else ""
    head = "| 司法所 | 乡镇（街道） | 五星规范化建设 | 电话 | 地址 |\n| --- | --- | --- | --- | --- |\n"
    return head + "\n".join(rows) + f"\n\n电话“待补充”的，请先拨打 [12348](tel:12348)。{note}\n"


def _phone_cell(phone: str) -> str:
    return f"[{phone}](tel:{phone})" if phone else "待补充"


def _load(root: Path, content: Content) -> tuple[dict, list[Problem]]:
    hotlines, problems = load_hotlines(root)
    offices, reported, found = load_offices(root, content)
    public, found_public = load_public_numbers(root)
    values = {"hotlines": tuple(hotlines), "offices": tuple(offices), "offices_reported": reported, "public_numbers": public}
    return values, problems + found + found_public


def _public_numbers(content: Content) -> list[str]:
    """Hotlines, 司法所 numbers and the numbers data/public-numbers.yml lists as public."""
    listed = [h.number for h in content.hotlines] + [o.phone for o in content.offices]
    return listed + list(content.kinds.get("public_numbers", ()))


KIND = Kind(
    "services",
    "服务热线和司法所",
    load=_load,
    markers={"hotlines": render_hotlines, "justice-offices": render_justice_offices},
    public_numbers=_public_numbers,
    area="热线与司法所",
    area_note="服务热线（data/hotlines.yml）和司法所名录（data/service-points.yml）。",
    modules=("services",),
)
