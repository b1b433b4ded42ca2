"""The roster kind, and its published pages: a county index and one page per township.

The roster itself is read and checked by roster.py (data/roster.csv or data/roster.xlsx).

What a person's entry shows: 姓名, 类别, 身份职务, and a tap-to-call phone only with recorded
consent; everyone else is reached through the township 司法所's number or 12348. Pages stay out
of the search index (front matter) and there is no bulk file: each township is its own page.
Names are escaped as plain text: the roster is a spreadsheet anyone in the team can type into.
"""

from __future__ import annotations

import html
import posixpath

from markupsafe import Markup

from pufa.kinds import Kind
from pufa.kinds.roster import Person, Roster, load_roster
from pufa.model import Content, Township
from pufa.pages.render import front_matter, md_text

ROSTER_DIR = "roster/"
TARGET_PER_VILLAGE = 3  # 《乡村“法律明白人”培养工作规范（试行）》: at least 3 per 行政村 by 2025
HOTLINE = "12348"

# A small in-page filter by village or name (works without it: everything is listed). Its script
# is the theme's assets/javascripts/pufa.js; while JavaScript is off the box is hidden (.pufa-needs-js).
_FILTER = """<p class="pufa-needs-js"><label for="pufa-roster-filter">按村或姓名筛选：</label>
<input id="pufa-roster-filter" type="search" class="pufa-filter" autocomplete="off"></p>
"""


def render_roster_pages(roster: Roster | None, content: Content) -> dict[str, str]:
    """src_uri -> Markdown for roster/index.md and roster/<township slug>.md."""
    county_figure = (
        next((f"{f.figure.text()}{f.unit}" for f in content.reported.figures if "法律明白人" in f.label), "")
        if content.reported
        else ""
    )
    if roster is None:
        text = f"全县培育“法律明白人”**{county_figure}**（报告数字）。\n\n" if county_figure else ""
        return {
            f"{ROSTER_DIR}index.md": _front("法律明白人")
            + "\n"
            + text
            + f"名册尚未发布。请联系所在乡镇的司法所，或拨打 [{HOTLINE}](tel:{HOTLINE})。\n"
        }
    by_town: dict[str, list[Person]] = {}
    for person in roster.people:
        by_town.setdefault(person.township, []).append(person)
    pages = {f"{ROSTER_DIR}index.md": _index(roster, content, by_town, county_figure)}
    for township in content.townships:
        if township.name in by_town:
            pages[_src(township)] = _township_page(township, by_town[township.name], content)
    return pages


def _src(township: Township) -> str:
    return f"{ROSTER_DIR}{township.slug}.md"


def _front(title: str) -> str:
    return front_matter({"title": title, "search": {"exclude": True}}) + f"\n# {md_text(title)}\n"


def village_counts(roster: Roster, content: Content) -> dict[tuple[str, str], int]:
    """(township, village) -> people, for every village the data knows, including empty ones."""
    counts = {(t.name, v): 0 for t in content.townships for v in t.villages}
    for person in roster.people:
        counts[(person.township, person.village)] = counts.get((person.township, person.village), 0) + 1
    return counts


def _index(roster: Roster, content: Content, by_town: dict[str, list[Person]], county_figure: str) -> str:
    counts = village_counts(roster, content)
    met = sorted(k for k, n in counts.items() if n >= TARGET_PER_VILLAGE)
    short = sorted(k for k, n in counts.items() if n < TARGET_PER_VILLAGE)
    women = sum(p.category == "巾帼法律明白人" for p in roster.people)
    parts = [_front("法律明白人")]
    if county_figure:
        parts.append(f"全县培育“法律明白人”**{county_figure}**（报告数字）。\n")
    if any(p.sample for p in roster.people):
        parts.append(
            '!!! warning "示例数据"\n\n    下面的名册是示例，人名都是虚构的，不是真实人员。司法局导入正式名册后，这里显示真实名单。\n'
        )
    parts.append(
        f"本站名册收录 {len(roster.people)} 人，其中巾帼法律明白人 {women} 人。找不到本村的明白人时，请联系所在乡镇的司法所，或拨打 [{HOTLINE}](tel:{HOTLINE})。\n"
    )
    parts.append("| 乡镇（街道） | 人数 |\n| --- | ---: |")
    for township in content.townships:
        if township.name in by_town:
            parts.append(f"| [{township.name}]({posixpath.basename(_src(township))}) | {len(by_town[township.name])} |")
    parts.append(f"\n## 每村至少 {TARGET_PER_VILLAGE} 名\n")
    parts.append(
        f"按国家要求，每个行政村至少培养 {TARGET_PER_VILLAGE} 名“法律明白人”。本站名册中：达到的村 {len(met)} 个，未达到的村 {len(short)} 个。\n"
    )
    if short:
        parts.append(
            "未达到的村：" + "、".join(f"{html.escape(t)}{html.escape(v)}（{counts[(t, v)]} 人）" for t, v in short) + "。\n"
        )
    return "\n".join(parts) + "\n"


def _township_page(township: Township, people: list[Person], content: Content) -> str:
    office = next((o for o in content.offices if o.township == township.name and o.phone), None)
    contact = (
        f'<a href="tel:{office.phone}">{html.escape(office.name)} {office.phone}</a>'
        if office
        else f'<a href="tel:{HOTLINE}">{HOTLINE}</a>'
    )
    parts = [_front(f"{township.name}的法律明白人"), f"共 {len(people)} 人。没有公开电话的，请联系 {contact}。\n", _FILTER]
    villages: dict[str, list[Person]] = {}
    for person in people:
        villages.setdefault(person.village, []).append(person)
    for village, members in sorted(villages.items()):
        parts.append(_village_block(village, members, contact))
    return "\n".join(parts)


def _village_block(village: str, members: list[Person], contact: str) -> str:
    from pufa.pages import templates  # Jinja: loaded when roster pages are rendered

    return templates.render("roster/village.html", village=village, members=members, contact=Markup(contact))


def of(content: Content) -> Roster | None:
    """The roster as loaded (only what may be published), or None without a roster file."""
    return content.kinds.get("roster")


def _load(root, content: Content):
    roster, problems = load_roster(root, content)
    return {"roster": roster}, problems


def _public_numbers(content: Content) -> list[str]:
    """Phones of people who consented to publication: the only personal numbers the gate lets through."""
    roster = of(content)
    return [p.phone for p in roster.people] if roster else []


KIND = Kind(
    "roster",
    "法律明白人名册",
    load=_load,
    pages=lambda content: render_roster_pages(of(content), content),
    index=f"{ROSTER_DIR}index.md",
    reserved=(ROSTER_DIR,),
    public_numbers=_public_numbers,
    area="名册",
    area_note="法律明白人名册（data/roster.csv 或 data/roster.xlsx）。",
    modules=("roster", "rosterpages"),
)
