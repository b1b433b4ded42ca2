"""普法责任清单: data/responsibility.yml, the departments' public legal education duties (谁执法谁普法).

Each department lists the laws it is responsible for publicising, its key audiences, its yearly
tasks and an office contact. The list renders as one table page, searchable (the site's search and
an in-page search box) and with a filter by law (pufa.js; hidden while JavaScript is off). A
contact is an office's landline or service number: a mobile number is refused here, because the
site may show no one's mobile without their consent. Laws are checked against data/laws.yml when
it is there (kinds/cases.py loads it): a repealed law cannot be one a department publicises.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pufa.kinds import Kind
from pufa.model import Content
from pufa.pages import templates
from pufa.problems import Problem, quote
from pufa.schema import suggest
from pufa.sources import fields
from pufa.sources.yamlfile import items_of, line_of, load_yaml

FILE = "data/responsibility.yml"
PAGE = "responsibility/index.md"
MISSING = "待补充"
KEYS = ("department", "laws", "audiences", "tasks", "contact", "sample")
CONTACT_KEYS = ("unit", "phone", "address")
EXAMPLE = "- {department: 某某局, laws: [中华人民共和国民法典], audiences: [村（社区）群众], tasks: [国家宪法日集中宣传], contact: {unit: 普法办, phone: 待补充}}"


@dataclass(frozen=True)
class Duty:
    department: str
    laws: tuple[str, ...]
    audiences: tuple[str, ...]
    tasks: tuple[str, ...]
    unit: str  # who to contact in the department
    phone: str  # "" = 待补充
    address: str
    sample: bool  # 示例（待核实）: not yet confirmed by the department
    line: int = 0


def load_duties(root: Path, content: Content) -> tuple[dict, list[Problem]]:
    rel = FILE
    if not (root / rel).exists():
        return {"responsibility": ()}, []
    data, problems = load_yaml(root / rel, rel)
    laws = content.kinds.get("laws", {})
    duties, seen = [], set()
    for item in items_of(data, "departments", rel, problems, EXAMPLE):
        problems.extend(fields.unknown_keys(item, KEYS, rel, lambda key, item=item: line_of(item, key)))
        department = item.get("department")
        if not isinstance(department, str) or not department.strip():
            problems.append(
                Problem(rel, line_of(item), "责任单位缺少名称（department）", fix="如何修改：写部门全称，如 鲁山县司法局")
            )
            continue
        department = department.strip()
        if department in seen:
            problems.append(Problem(rel, line_of(item, "department"), f"“{department}”写了两次", fix="如何修改：合并成一项"))
        seen.add(department)
        duty_laws = _texts(item, "laws", "负责宣传的法律", rel, problems, required=True)
        problems += _law_problems(item, duty_laws, laws, rel)
        unit, phone, address = _contact(item, rel, problems)
        sample = item.get("sample", False)
        if not isinstance(sample, bool):
            problems.append(Problem(rel, line_of(item, "sample"), "示例标记（sample）只能是 true 或 false", actual=quote(sample)))
        duties.append(
            Duty(
                department,
                duty_laws,
                _texts(item, "audiences", "重点对象", rel, problems, required=True),
                _texts(item, "tasks", "年度任务", rel, problems, required=True),
                unit,
                phone,
                address,
                sample is True,
                line_of(item) or 0,
            )
        )
    return {"responsibility": tuple(duties)}, problems


def _texts(item: dict, key: str, label: str, rel: str, problems: list[Problem], *, required: bool) -> tuple[str, ...]:
    value = item.get(key)
    if value in (None, "", []):
        if required:
            problems.append(Problem(rel, line_of(item), f"缺少{label}（{key}）", expected=f"{key}: [第一项, 第二项]"))
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        problems.append(
            Problem(
                rel,
                line_of(item, key),
                f"{label}（{key}）格式不对",
                expected=f"文字的列表，如 {key}: [第一项, 第二项]",
                actual=quote(value),
            )
        )
        return ()
    return tuple(v.strip() for v in values)


def _law_problems(item: dict, names: tuple[str, ...], laws: dict, rel: str) -> list[Problem]:
    """Each law must be in data/laws.yml and in force (when the bureau keeps that list)."""
    if not laws:
        return []
    problems = []
    for name in names:
        law = laws.get(name.strip("《》"))
        if law is None:
            hint = suggest(name, list(laws)) or suggest(f"中华人民共和国{name}", list(laws))
            problems.append(
                Problem(
                    rel,
                    line_of(item, "laws"),
                    f"《{name.strip('《》')}》不在 data/laws.yml 的法律名单中",
                    expected="名单中的法律全称",
                    actual=quote(name),
                    fix=f"如何修改：{hint + '；' if hint else ''}写法律全称；名单里没有的，请管理员核对后加进 data/laws.yml",
                )
            )
        elif law.status != "有效":
            problems.append(
                Problem(
                    rel,
                    line_of(item, "laws"),
                    f"《{law.name}》已经废止，不能列为负责宣传的法律",
                    expected="现行有效的法律",
                    actual=quote(name),
                    fix=f"如何修改：改成{'《' + law.replaced_by + '》' if law.replaced_by else '代替它的法律'}",
                )
            )
    return problems


def _contact(item: dict, rel: str, problems: list[Problem]) -> tuple[str, str, str]:
    value = item.get("contact")
    if value in (None, ""):
        return "", "", ""
    if not isinstance(value, dict):
        problems.append(
            Problem(
                rel,
                line_of(item, "contact"),
                "联系方式（contact）格式不对",
                expected='{unit: 普法办, phone: "0375-…"}',
                actual=quote(value),
            )
        )
        return "", "", ""
    phone = ""
    if str(value.get("phone") or "").strip() != MISSING:
        # An office's number only: fields.phone refuses a mobile here.
        phone = fields.phone(value, "phone", rel, problems, required=False, mobile=False) or ""
    return str(value.get("unit") or "").strip(), phone, str(value.get("address") or "").strip()


def render_page(content: Content) -> dict[str, str]:
    duties = content.kinds.get("responsibility", ())
    laws = sorted({law for duty in duties for law in duty.laws})
    return {PAGE: templates.render("responsibility/page.md", duties=duties, laws=laws, missing=MISSING)}


def _public_numbers(content: Content) -> list[str]:
    return [duty.phone for duty in content.kinds.get("responsibility", ()) if duty.phone]


KIND = Kind(
    "responsibility",
    "普法责任清单",
    load=load_duties,
    pages=render_page,
    index=PAGE,
    nav=("法律服务", "普法责任清单"),
    reserved=("responsibility/",),
    public_numbers=_public_numbers,
    area="普法责任清单",
    area_note="各部门的普法责任清单（data/responsibility.yml）。",
    modules=("responsibility",),
)
