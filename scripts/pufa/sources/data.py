"""Loaders for the editor-kept lists under data/: townships, categories, reported figures."""

from __future__ import annotations

from pathlib import Path

from pufa.model import Category, Reported, ReportedFigure, Township
from pufa.problems import Problem, quote
from pufa.schema import SLUG, parse_figure
from pufa.sources.yamlfile import items_of, line_of, load_yaml

TOWNSHIPS_FILE = "data/townships.yml"
CATEGORIES_FILE = "data/categories.yml"
REPORTED_FILE = "data/reported.yml"
_NAME_SLUG = "{name: …, slug: …}"


def load_townships(root: Path) -> tuple[dict, list[Township], list[Problem]]:
    """Return (file-level settings, townships, problems)."""
    rel = TOWNSHIPS_FILE
    data, problems = load_yaml(root / rel, rel)
    if data is None:
        return {}, [], problems
    items = items_of(data, "townships", rel, problems, _NAME_SLUG)
    townships: list[Township] = []
    for item in items:
        name, slug = _name_and_slug(item, rel, "乡镇（街道）", problems)
        if not name:
            continue
        villages = item.get("villages") or []
        if not isinstance(villages, list) or not all(isinstance(v, str) for v in villages):
            problems.append(
                Problem(
                    rel,
                    line_of(item, "villages"),
                    f"{name}的 villages 格式不对",
                    expected="村名列表，如 [东村, 西村]",
                    actual=quote(villages),
                )
            )
            villages = []
        townships.append(Township(name, slug, bool(item.get("verified", False)), tuple(villages)))
    _check_unique(townships, rel, items, problems)
    top = data if isinstance(data, dict) else {}
    settings = {
        "county": str(top.get("county", "")),
        "county_label": str(top.get("county_total_label", "全县")),
        "villages_reported": top.get("villages_reported", 0),
    }
    return settings, townships, problems


def load_categories(root: Path) -> tuple[list[Category], list[Problem]]:
    rel = CATEGORIES_FILE
    data, problems = load_yaml(root / rel, rel)
    if data is None:
        return [], problems
    items = items_of(data, "categories", rel, problems, _NAME_SLUG)
    categories = []
    for item in items:
        name, slug = _name_and_slug(item, rel, "分类", problems)
        if name:
            categories.append(Category(name, slug))
    _check_unique(categories, rel, items, problems)
    return categories, problems


def load_reported(root: Path) -> tuple[Reported | None, list[Problem]]:
    """Official yearly figures from the bureau's report (optional file)."""
    rel = REPORTED_FILE
    if not (root / rel).exists():
        return None, []
    data, problems = load_yaml(root / rel, rel)
    if data is None:
        return None, problems
    figures = []
    for item in items_of(data, "figures", rel, problems, "{label: …, value: …, unit: …}"):
        label, unit = item.get("label"), item.get("unit", "")
        figure, hint = parse_figure(item.get("value"))
        if not isinstance(label, str) or not label:
            problems.append(Problem(rel, line_of(item), "缺少 label（数字的名称）", fix="如何修改：加上 label: 法治培训讲座"))
            continue
        if figure is None:
            problems.append(
                Problem(
                    rel,
                    line_of(item, "value"),
                    f"“{label}”的 value 不是整数",
                    expected='整数，或 "N+" 表示“N余”',
                    actual=quote(item.get("value")),
                    fix=f"如何修改：{hint}" if hint else "",
                )
            )
            continue
        figures.append(ReportedFigure(label, figure, str(unit), bool(item.get("home", False)), str(item.get("quote", ""))))
    year = data.get("year", 0) if isinstance(data, dict) else 0
    source = str(data.get("source", "")) if isinstance(data, dict) else ""
    return Reported(int(year) if isinstance(year, int) else 0, source, tuple(figures)), problems


def _name_and_slug(item: dict, rel: str, what: str, problems: list[Problem]) -> tuple[str, str]:
    name, slug = item.get("name"), item.get("slug")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(rel, line_of(item), f"{what}缺少 name", fix="如何修改：写上中文名称"))
        return "", ""
    if not isinstance(slug, str) or not SLUG.match(slug):
        problems.append(
            Problem(
                rel,
                line_of(item, "slug"),
                f"{name}的 slug 不合格",
                expected="小写英文字母、数字和连字符，如 liangwa",
                actual=quote(slug),
            )
        )
        return "", ""
    return name.strip(), slug


def _check_unique(entries: list, rel: str, items: list[dict], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    lines = {str(i.get("name")): line_of(i) for i in items}
    for entry in entries:
        for value in (entry.name, entry.slug):
            if value in seen:
                problems.append(
                    Problem(
                        rel,
                        lines.get(entry.name),
                        f"“{value}”重复了",
                        expected="名称和 slug 都不重复",
                        actual=f"与“{seen[value]}”相同",
                    )
                )
            seen[value] = entry.name
