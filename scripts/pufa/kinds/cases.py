"""以案释法 cases: docs/cases/*.md, each a real case told for legal education, with its legal basis.

The structure follows the usual 以案释法 write-up: 基本案情 (案情), 处理结果, 法律依据 and the
explanation itself (the page's text). Every 法律依据 entry names a law in full and the articles,
《中华人民共和国民法典》第一千零七十九条, and the law must be listed in data/laws.yml as in force:
a case that still cites the 婚姻法 (repealed by the 民法典) is refused, as the wording check's
list of repealed laws says. Cases are listed by topic on a generated cases/index.md; a case links
to related campaign posts and legal-culture sites.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from pufa.kinds import Kind, Scaffold, scaffolding
from pufa.model import Content, PostDate
from pufa.pages import templates
from pufa.problems import Problem, quote
from pufa.schema import DATE_EXPECTED, parse_date, suggest
from pufa.sources import fields
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.yamlfile import items_of, line_of, load_yaml
from pufa.workflow import wording

FOLDER = "cases/"
INDEX = f"{FOLDER}index.md"
LAWS_FILE = "data/laws.yml"
TOPICS = (
    "婚姻家庭",
    "继承",
    "劳动争议",
    "土地承包",
    "邻里纠纷",
    "合同纠纷",
    "交通事故",
    "电信诈骗",
    "未成年人保护",
    "消费者权益",
    "行政执法",
    "刑事犯罪",
    "其他",
)
REQUIRED = ("title", "topic", "date", "案情", "处理结果", "法律依据", "source")
KEYS = (*REQUIRED, "township", "related", "sample", "description", "qr", "wording_allow")
_EXAMPLES = {
    "title": "title: 夫妻感情确已破裂，法院调解无效后判决离婚",
    "topic": "topic: 婚姻家庭",
    "date": "date: 2024-05",
    "案情": "案情: 写明谁（用“张某”“李某”代替姓名）因为什么事发生了什么",
    "处理结果": "处理结果: 法院、调解委员会或执法机关怎样处理",
    "法律依据": "法律依据: [《中华人民共和国民法典》第一千零七十九条]",
    "source": "source: 案例出处，如 人民法院案例库",
}
BASIS_EXPECTED = "《法律全称》加条文，如《中华人民共和国民法典》第一千零七十九条"
_NUMBER = "[零〇一二两三四五六七八九十百千]+"
_ARTICLE = f"第{_NUMBER}条(?:之{_NUMBER})?(?:第{_NUMBER}款)?(?:第[（(]?{_NUMBER}[）)]?项)?"
_BASIS = re.compile(f"^《(?P<law>[^《》]+)》(?P<articles>(?:{_ARTICLE}[、，,和及]?)*)$")
IN_FORCE, REPEALED = "有效", "已废止"
STATUSES = (IN_FORCE, REPEALED)


@dataclass(frozen=True)
class Law:
    name: str  # the full name, without 《》
    status: str  # 有效 or 已废止
    replaced_by: str = ""  # for a repealed law: what to cite instead


@dataclass(frozen=True)
class Case:
    rel: str
    src_uri: str
    title: str
    topic: str
    date: PostDate
    facts: str  # 案情
    outcome: str  # 处理结果
    basis: tuple[str, ...]  # 法律依据, as written
    source: str
    township: str = ""
    related: tuple[str, ...] = ()  # src_uri of posts and sites under docs/
    sample: bool = False  # a 示例 that shows how a case is written, not a real case
    body: str = ""


# --- data/laws.yml -----------------------------------------------------------------------------


def load_laws(root: Path, content: Content) -> tuple[dict, list[Problem]]:
    rel = LAWS_FILE
    if not (root / rel).exists():
        return {"laws": {}}, []
    data, problems = load_yaml(root / rel, rel)
    laws: dict[str, Law] = {}
    for item in items_of(data, "laws", rel, problems, "- {name: 中华人民共和国民法典, status: 有效}"):
        name = str(item.get("name") or "").strip().strip("《》")
        status = str(item.get("status") or "").strip()
        if not name:
            problems.append(Problem(rel, line_of(item), "法律缺少名称（name）", fix="如何修改：写法律全称，不加书名号"))
            continue
        if status not in STATUSES:
            problems.append(
                Problem(
                    rel,
                    line_of(item, "status"),
                    f"《{name}》的状态（status）不对",
                    expected="有效 或 已废止",
                    actual=quote(status),
                    fix="如何修改：按国家法律法规数据库（flk.npc.gov.cn）核对后填写",
                )
            )
            continue
        laws[name] = Law(name, status, str(item.get("replaced_by") or "").strip().strip("《》"))
    return {"laws": laws}, problems


def _short(name: str) -> str:
    return name.removeprefix("中华人民共和国")


def _repealed_by_wording(name: str) -> wording.Entry | None:
    """The wording check's entry for a repealed law of this name (婚姻法, 合同法 …), if any."""
    short = _short(name)
    return next((e for e in wording.BUILTIN if e.kind == wording.REPEALED and e.wrong == short), None)


# --- the pages ---------------------------------------------------------------------------------


def check_case(fm: FrontMatter, rel: str, src_uri: str, docs_dir: Path, content: Content) -> tuple[Case | None, list[Problem]]:
    problems = list(fields.check_keys(fm, rel, KEYS, REQUIRED, _EXAMPLES, "以案释法案例"))
    title = fields.text(fm, "title", rel, problems)
    topic = fields.choice(fm, "topic", rel, list(TOPICS), "主题", "选一个最接近的，都不合适就写“其他”", problems)
    date = _date(fm, rel, problems)
    township = fields.township(fm.meta.get("township"), content, rel, fm.line("township"), problems, also=(content.county_label,))
    facts = fields.text(fm, "案情", rel, problems)
    outcome = fields.text(fm, "处理结果", rel, problems)
    source = fields.text(fm, "source", rel, problems)
    basis = _basis(fm, rel, content.kinds.get("laws", {}), problems)
    related = _related(fm, rel, docs_dir, problems)
    sample = fm.meta.get("sample", False)
    if not isinstance(sample, bool):
        problems.append(Problem(rel, fm.line("sample"), "示例标记（sample）只能是 true 或 false", actual=quote(sample)))
    if problems or date is None:
        return None, problems
    case = Case(rel, src_uri, title, topic or "", date, facts, outcome, basis, source, township, related, sample is True, fm.body)
    return case, []


def _date(fm: FrontMatter, rel: str, problems: list[Problem]) -> PostDate | None:
    value = fm.meta.get("date")
    if value in (None, ""):
        return None  # reported as missing
    date, hint = parse_date(value)
    if date is None:
        problems.append(
            Problem(
                rel,
                fm.line("date"),
                "日期（date）格式不对",
                expected=DATE_EXPECTED,
                actual=quote(value),
                fix=f"如何修改：{'写成 ' + hint if hint else '按期望的格式改写'}；只知道年份就只写年",
            )
        )
    return date


def _basis(fm: FrontMatter, rel: str, laws: dict[str, Law], problems: list[Problem]) -> tuple[str, ...]:
    value = fm.meta.get("法律依据")
    if value in (None, "", []):
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        problems.append(
            Problem(rel, fm.line("法律依据"), "法律依据格式不对", expected=f"每条一行，{BASIS_EXPECTED}", actual=quote(value))
        )
        return ()
    line = fm.line("法律依据")
    for entry in items:
        match = _BASIS.match(entry.strip().replace(" ", ""))
        if not match:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"法律依据“{entry}”的写法不对",
                    expected=BASIS_EXPECTED,
                    actual=quote(entry),
                    fix="如何修改：法律名称写全称并加书名号，条文用中文数字，如 第一千零七十九条",
                )
            )
            continue
        problems.extend(_law_problems(match.group("law"), laws, rel, line))
    return tuple(v.strip() for v in items)


def _law_problems(name: str, laws: dict[str, Law], rel: str, line: int) -> list[Problem]:
    law = laws.get(name)
    old = _repealed_by_wording(name)
    if (law and law.status == REPEALED) or (old and not (law and law.status == IN_FORCE)):
        instead = f"《{law.replaced_by}》" if law and law.replaced_by else old.right if old else "现行有效的法律"
        why = old.note if old else "data/laws.yml 标为已废止"
        return [
            Problem(
                rel,
                line,
                f"《{name}》已经废止，不能作为法律依据",
                expected="现行有效的法律",
                actual=why,
                fix=f"如何修改：改引{instead}中相应的条文",
            )
        ]
    if law:
        return []
    near = suggest(name, list(laws)) or suggest(f"中华人民共和国{name}", list(laws))
    return [
        Problem(
            rel,
            line,
            f"《{name}》不在 {LAWS_FILE} 的法律名单中",
            expected="名单中的法律全称",
            actual=quote(name),
            fix=f"如何修改：{near + '；' if near else ''}写法律全称；名单里没有的，请管理员在国家法律法规数据库核对后加进 {LAWS_FILE}",
        )
    ]


def _related(fm: FrontMatter, rel: str, docs_dir: Path, problems: list[Problem]) -> tuple[str, ...]:
    value = fields.text_list(
        fm,
        rel,
        "related",
        "相关内容（related）格式不对",
        "docs/ 下的文章或阵地文件的列表，如 [blog/posts/2023-civil-code-month.md]",
        problems,
    )
    found = []
    for path in value:
        src = path.strip().removeprefix("docs/")
        if not src.endswith(".md") or not (docs_dir / src).is_file():
            problems.append(
                Problem(
                    rel,
                    fm.line("related"),
                    "找不到相关内容（related）里的文件",
                    expected="docs/ 下的文件，如 blog/posts/2023-civil-code-month.md",
                    actual=quote(path),
                    fix="如何修改：检查文件名（区分大小写）；从 docs/ 下面的文件夹写起",
                )
            )
            continue
        found.append(src)
    return tuple(found)


def _order(items: list[Case]) -> list[Case]:
    return sorted(items, key=lambda c: (c.date.sort_key(), c.src_uri), reverse=True)


def _titles(content: Content) -> dict[str, str]:
    return {p.src_uri: p.title for p in content.posts} | {s.src_uri: s.title for s in content.sites}


def render_case(case: Case, markdown: str, content: Content, site_url: str) -> str:
    """A case's page: facts, outcome, legal basis, the editor's explanation, related pages, source."""
    here = posixpath.dirname(case.src_uri)
    titles = _titles(content)
    related = [(titles.get(src, src), posixpath.relpath(src, here)) for src in case.related]
    return templates.render(
        "case/page.md", case=case, body=markdown.strip(), related=related, index=posixpath.relpath(INDEX, here)
    )


def render_index(content: Content) -> dict[str, str]:
    """cases/index.md: the cases by topic, newest first within a topic."""
    cases = content.kinds.get("case", ())
    here = posixpath.dirname(INDEX)
    groups = []
    for topic in TOPICS:
        items = [(case, posixpath.relpath(case.src_uri, here)) for case in cases if case.topic == topic]
        if items:
            groups.append((topic, items))
    return {INDEX: templates.render("case/index.md", cases=cases, groups=groups)}


# --- python -m pufa new case -------------------------------------------------------------------


def _scaffold(root: Path, args, asker: scaffolding.Asker, loaded) -> scaffolding.Draft | None:
    content = loaded.content
    title = asker.get(scaffolding.text_question("如 夫妻感情确已破裂，法院调解无效后判决离婚"), args.title)
    topic = asker.get(scaffolding.choice_question("--topic", "主题", TOPICS, "都不合适就选“其他”"), args.topic)
    date = asker.get(scaffolding.date_question("案件日期"), args.date)
    places = [content.county_label] + [t.name for t in content.townships]
    township = asker.get(
        scaffolding.choice_question("--township", "乡镇（街道）", places, f"不限于一个乡镇就选“{content.county_label}”"),
        args.township,
    )
    folder = Path("docs/cases")
    name = asker.get(scaffolding.file_question(root, lambda text: folder / f"{text}.md", "divorce-mediation", ""), args.file)
    if None in (title, topic, date, township, name):
        return None
    notes = [
        "案情、处理结果、法律依据和出处（source）还是空的：照真实案例填好后，python -m pufa check 才会通过",
        "只写真实案例并注明出处（source）；当事人用“张某”“李某”代替，不写住址、电话和身份证号",
    ]
    return scaffolding.Draft(folder / f"{name}.md", case_text(title, topic, date, township), notes)


def case_text(title: str, topic: str, date: str, township: str) -> str:
    # The facts, outcome, basis and source are left empty on purpose: `check` asks for each until
    # the editor writes those of a real case.
    return f"""---
{scaffolding.field_line("title", title)}
{scaffolding.field_line("topic", topic)}
date: {date}   # 只写确知的精度：2024、2024-05 或 2024-05-20
{scaffolding.field_line("township", township)}
案情: ""   # 基本案情：谁（用“张某”“李某”代替姓名）因为什么事发生了什么
处理结果: ""   # 法院判决、调解或执法机关处理的结果
# 法律依据：每条一行，法律全称加书名号，条文用中文数字；法律要在 data/laws.yml 的名单里
法律依据:
#  - 《中华人民共和国民法典》第一千零七十九条
source: ""   # 案例出处，如“人民法院案例库”“某某司法所调解案卷（已隐去当事人信息）”
# 相关的普法活动文章或法治文化阵地（可选），从 docs/ 下面写起：
# related:
#   - blog/posts/2023-civil-code-month.md
---

（以案释法：用两三段话讲清这个案子说明了什么法律道理，群众遇到类似的事应该怎么做。写完删掉括号里的提示。）
"""


def _arguments(parser) -> None:
    parser.add_argument("--topic", help="以案释法案例的主题（case）：" + "、".join(TOPICS))


KIND = Kind(
    "case",
    "以案释法案例",
    folder=FOLDER,
    check=check_case,
    keys=KEYS,
    order=_order,
    load_first=load_laws,
    pages=render_index,
    index=INDEX,
    nav=("普法活动", "以案释法"),
    render_page=render_case,
    scaffold=Scaffold("以案释法案例", "新建以案释法案例", _scaffold, _arguments),
    reserved=(FOLDER,),
    area="以案释法",
    area_note="以案释法案例（docs/cases/）和法律名单（data/laws.yml）。",
    modules=("cases",),
)
