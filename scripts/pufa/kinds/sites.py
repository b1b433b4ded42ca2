"""Legal-culture sites (法治文化阵地): validate each docs/sites/*.md into a `Site`."""

from __future__ import annotations

from pathlib import Path

from pufa.kinds import Kind, Scaffold, scaffolding
from pufa.model import Content, Exhibit, Site
from pufa.pages import render
from pufa.problems import Problem, quote
from pufa.schema import SITE_KEYS, SITE_KINDS, SITE_LEVELS, SITE_REQUIRED, SITES_DIR
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
    fields.village(township, village, lists, rel, fm.line("village"), problems)
    coordinates = fields.coordinates(fm, rel, problems)
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
    return fields.township(fm.meta["township"], lists, rel, fm.line("township"), problems)


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


def _order(items: list[Site]) -> list[Site]:
    return sorted(items, key=lambda s: (SITE_LEVELS.index(s.level), s.township, s.title))


# --- python -m pufa new site ----------------------------------------------------------------


def _scaffold(root: Path, args, asker: scaffolding.Asker, loaded) -> scaffolding.Draft | None:
    title = asker.get(scaffolding.text_question("如 滨河公园法治主题公园"), args.title)
    kind = asker.get(
        scaffolding.choice_question("--kind", "类型", SITE_KINDS, "选一个最接近的，都不合适就选“其他”"), args.site_kind
    )
    level = asker.get(scaffolding.choice_question("--level", "级别", SITE_LEVELS, ""), args.level)
    township = _scaffold_township(args, asker, loaded, level)
    village = _scaffold_village(args, asker, loaded, level, township)
    folder = Path("docs/sites")
    # The file name defaults to the qr id, so a taken file name is as good as a taken id.
    taken_file = (lambda code: folder / f"{code}.md") if args.file is None else (lambda code: None)
    code = asker.get(scaffolding.qr_question(root, loaded, taken_file), args.qr)
    name = (
        code
        if args.file is None
        else asker.get(scaffolding.file_question(root, lambda text: folder / f"{text}.md", "binhe-park", ""), args.file)
    )
    if None in (title, kind, level, township, village, code, name):
        return None
    notes = [
        f"照片请放在 {folder.as_posix()}/photos/{name}/ ，然后在 photos: 下面列出文件名",
        f"印刷二维码标牌前，把编号 {code} 登记到 data/qr.yml（python -m pufa signs 生成标牌）",
    ]
    return scaffolding.Draft(folder / f"{name}.md", site_text(title, code, kind, level, township, village, name), notes)


def _scaffold_township(args, asker: scaffolding.Asker, loaded, level: str | None) -> str | None:
    """Asked only when the level needs it; a county-level site may still name one with --township."""
    names = [t.name for t in loaded.content.townships]
    if level not in ("乡级", "村级") and args.township is None:
        return ""
    if not names:
        raise scaffolding.Cancelled("data/townships.yml 有问题，先运行 python -m pufa check 按提示修改。")
    return asker.get(scaffolding.choice_question("--township", "所在乡镇（街道）", names, ""), args.township)


def _scaffold_village(args, asker: scaffolding.Asker, loaded, level: str | None, township: str | None) -> str | None:
    if level != "村级" and args.village is None:
        return ""
    known = loaded.content.township(township).villages if township and loaded.content.township(township) else ()
    if known:  # the bureau has entered this township's villages: offer them
        return asker.get(scaffolding.choice_question("--village", "所在村（社区）", known, ""), args.village)
    return asker.get(scaffolding.text_question("如 鹁鸽吴村", flag="--village", label="所在村（社区）"), args.village)


def site_text(title: str, code: str, kind: str, level: str, township: str, village: str, name: str) -> str:
    place = "".join(f"{scaffolding.field_line(k, v)}\n" for k, v in (("township", township), ("village", village)) if v)
    return f"""---
{scaffolding.field_line("title", title)}
{scaffolding.field_line("qr", code)}   # 二维码编号：印在标牌上，定下后不要再改
{scaffolding.field_line("kind", kind)}
{scaffolding.field_line("level", level)}
{place}# 以下可选：知道哪项，就删掉那一行前面的 #，在引号里填写；不知道的就不写
# address: ""   # 详细地址，如“某某村村委会东侧”
# coordinates: {{lat: 纬度, lng: 经度}}   # GCJ-02 坐标：用高德坐标拾取器（https://lbs.amap.com/tools/picker）点选位置；它给出“经度,纬度”，lat 填较小的那个数，lng 填较大的那个
# hours: ""   # 开放时间，如“全天开放”
# 展项（可选）：删掉下面两行前面的 #，每个展项一行
# exhibits:
#   - {{name: "", text: ""}}
# 照片（可选）：放进 docs/sites/photos/{name}/ ，再删掉下面两行前面的 #，每张照片一行
# photos:
#   - photos/{name}/01.jpg
# source: ""   # 报告或记录的原文（可选）
---

（用一两句话介绍这个阵地：在哪里、有什么、适合谁来看。写完删掉括号里的提示。）
"""


def _arguments(parser) -> None:
    parser.add_argument("--kind", dest="site_kind", help="阵地类型（site）：" + "、".join(SITE_KINDS))
    parser.add_argument("--level", help="阵地级别（site）：" + "、".join(SITE_LEVELS))
    parser.add_argument("--qr", help="二维码编号（site）：小写英文或拼音，如 binhe-park")


KIND = Kind(
    "site",
    "法治文化阵地",
    folder=SITES_DIR,
    check=check_site,
    owns=is_site,
    keys=SITE_KEYS,
    order=_order,
    store="sites",
    render_page=render.render_site,
    markers={"sites-index": render.sites_index},
    scaffold=Scaffold("法治文化阵地", "新建法治文化阵地", _scaffold, _arguments),
    reserved=("sites/",),
    area="阵地",
    area_note="法治文化阵地页面（docs/sites/）。",
    modules=("sites",),
)
