"""Legal-culture sites (法治文化阵地): validate each docs/sites/*.md into a `Site`."""

from __future__ import annotations

from pathlib import Path

from pufa.model import Content, Exhibit, Site
from pufa.problems import Problem, quote
from pufa.schema import LAT_RANGE, LNG_RANGE, SITE_KEYS, SITE_KINDS, SITE_LEVELS, SITE_REQUIRED, SITES_DIR
from pufa.sources import fields
from pufa.sources.frontmatter import FrontMatter

_EXAMPLES = {"title": "title: 滨河公园法治主题公园", "qr": "qr: binhe-park", "kind": "kind: 公园", "level": "level: 县级"}


def is_site(src_uri: str) -> bool:
    return src_uri.startswith(SITES_DIR) and not src_uri.endswith("index.md")


def check_site(fm: FrontMatter, rel: str, src_uri: str, docs_dir: Path, lists: Content) -> tuple[Site | None, list[Problem]]:
    problems = list(fields.check_keys(fm, rel, SITE_KEYS, SITE_REQUIRED, _EXAMPLES, "法治文化阵地"))
    title = fields.text(fm, "title", rel, problems)
    qr = fm.meta.get("qr")  # checked with every other short-link id in shortlinks.claims
    kind = fields.choice(fm, "kind", rel, list(SITE_KINDS), "类型", "选一个最接近的，都不合适就写“其他”", problems)
    level = fields.choice(fm, "level", rel, list(SITE_LEVELS), "级别", "写 县级、乡级 或 村级", problems)
    township = _township(fm, rel, level, lists, problems)
    village = fields.text(fm, "village", rel, problems)
    if level == "村级" and not village:
        problems.append(
            Problem(rel, fm.line("level"), "村级阵地缺少所在的村（village）", expected="有一行“village: 鹁鸽吴村”", actual="没有")
        )
    _check_village(fm, rel, township, village, lists, problems)
    coordinates = _coordinates(fm, rel, problems)
    exhibits = _exhibits(fm, rel, problems)
    site = Site(
        rel,
        src_uri,
        str(qr or ""),
        title,
        kind or "",
        level or "",
        township,
        village,
        fields.text(fm, "address", rel, problems),
        coordinates,
        fields.text(fm, "hours", rel, problems),
        exhibits,
        fields.photos(fm, rel, src_uri, docs_dir, problems),
        fields.text(fm, "closed", rel, problems),
        fields.text(fm, "source", rel, problems),
    )
    return (None, problems) if problems else (site, [])


def _township(fm, rel, level, lists: Content, problems) -> str:
    names = [t.name for t in lists.townships]
    if fm.meta.get("township") in (None, ""):
        if level in ("乡级", "村级"):
            problems.append(
                Problem(
                    rel,
                    fm.line("level"),
                    f"{level}阵地缺少所在乡镇（township）",
                    expected="有一行“township: 梁洼镇”",
                    actual="没有",
                )
            )
        return ""
    if not names:  # data/townships.yml is broken and already reported
        return str(fm.meta["township"])
    return fields.choice(fm, "township", rel, names, "乡镇", "写 data/townships.yml 中的全称", problems) or ""


def _check_village(fm, rel, township: str, village: str, lists: Content, problems) -> None:
    known = lists.township(township).villages if lists.township(township) else ()
    # An empty list means the bureau has not entered its villages yet: nothing to check against.
    if village and known and village not in known:
        problems.append(
            Problem(
                rel,
                fm.line("village"),
                f"“{village}”不在 data/townships.yml 中{township}的村（社区）名单里",
                expected="名单中的村名",
                actual=quote(village),
                fix="如何修改：检查村名，或请管理员补充名单",
            )
        )


def _coordinates(fm, rel, problems) -> tuple[float, float] | None:
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


def _exhibits(fm, rel, problems) -> tuple[Exhibit, ...]:
    value = fm.meta.get("exhibits")
    if value in (None, "", []):
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(
            Problem(
                rel,
                fm.line("exhibits"),
                "展项（exhibits）格式不对",
                expected="每项一行，如“- {name: 宪法长廊, text: 简短介绍}”",
                actual=quote(value),
            )
        )
        return ()
    exhibits = []
    for item in value:
        name, text, qr = item.get("name"), item.get("text", ""), item.get("qr", "")
        if not isinstance(name, str) or not name.strip() or not isinstance(text, str):
            problems.append(Problem(rel, fm.line("exhibits"), "展项缺少名称（name），或说明（text）不是文字", actual=quote(item)))
            continue
        exhibits.append(Exhibit(name.strip(), text.strip(), str(qr or "")))
    return tuple(exhibits)
