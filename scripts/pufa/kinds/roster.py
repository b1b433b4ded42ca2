"""The roster of 法律明白人: read data/roster.csv or .xlsx, check every row, keep only what may be published.

The bureau's team keeps the roster in Excel/WPS, so the reader accepts what those programs save
(UTF-8 with or without BOM, GBK/GB18030, .xlsx with numbers and dates as cells) and every
message points at the spreadsheet row. Personal-information rules (DOMAIN.md §2): internal
fields such as ID numbers must not even be in the repository, so a column of that kind stops
the build; gender, consent and status are checked and then dropped; a personal phone survives
only with a recorded consent (PIPL Art. 25 单独同意).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pufa.model import Content
from pufa.personal import ID_NUMBER, find_numbers, looks_personal
from pufa.problems import Problem, quote
from pufa.schema import suggest
from pufa.sources import fields

ROSTER_FILES = ("data/roster.csv", "data/roster.xlsx")
CATEGORIES = ("法律明白人", "巾帼法律明白人")
STATUSES = ("在册", "清退")
COLUMNS = (
    "姓名",
    "性别",
    "乡镇（街道）",
    "村（社区）",
    "类别",
    "身份职务",
    "联系电话",
    "同意公开电话",
    "同意日期",
    "状态",
    "示例",
)
REQUIRED = ("姓名", "乡镇（街道）", "村（社区）", "类别", "状态")
# Header words of internal 建档立卡 fields: never published, and not to be kept in the site's folder either.
# Compared after normalising (full-width, spaces, punctuation, traditional characters, letter case), so
# 公民身份号码, 证件号码, 身份證號, "ID No." and 身份证 are all found.
FORBIDDEN = (
    "身份证",
    "身份号",
    "身份证明",
    "证件",
    "护照",
    "社保",
    "医保",
    "银行",
    "卡号",
    "账号",
    "帐号",
    "出生",
    "生日",
    "年龄",
    "住址",
    "地址",
    "门牌",
    "政治面貌",
    "文化程度",
    "民族",
    "籍贯",
    "学历",
    "照片",
    "婚姻",
    "健康",
)
FORBIDDEN_LATIN = ("id", "idno", "idnumber", "idcard", "sfz", "sfzh", "passport")  # the whole header, not a part
# The roster's free-text cells: a number in any of them would be published.
FREE_TEXT = ("姓名", "村（社区）", "身份职务")

PHONE_EXPECTED = "11 位手机号（如 13812345678）或带区号的固定电话（如 0375-5012348）"
DATE_EXPECTED = "2024-03-01、2024/3/1 或 2024年3月1日"
TEXT_FORMAT_FIX = "请把这一列设为“文本”格式后重新输入"
HEADER_FIX = "如何修改：第一行写表头（姓名、性别、乡镇（街道）、村（社区）、类别、身份职务、联系电话、同意公开电话、同意日期、状态），从第二行起每人一行"

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}[- ]?\d{7,8}")
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?e\+?\d+", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Person:
    """What may be published about one person, nothing more."""

    name: str
    township: str
    village: str
    category: str
    role: str
    phone: str  # "" unless 同意公开电话 is 是 with a consent date
    sample: bool  # an invented sample row (示例 = 是)
    row: int  # spreadsheet row (CSV: physical line) the person came from


@dataclass(frozen=True)
class Roster:
    rel: str  # which file, e.g. data/roster.csv
    people: tuple[Person, ...]  # only 在册 people
    removed: int  # how many 清退 rows were dropped


Row = tuple[int, list]  # (row number, cell values)


def load_roster(root: Path, content: Content, today: dt.date | None = None) -> tuple[Roster | None, list[Problem]]:
    """Return (roster, problems); no roster file is not a problem, any problem means no roster."""
    found = [rel for rel in ROSTER_FILES if (root / rel).is_file()]
    if not found:
        return None, []
    if len(found) > 1:
        message = "data 文件夹里同时有 roster.csv 和 roster.xlsx，不知道该用哪一个"
        return None, [
            Problem(
                found[0],
                None,
                message,
                expected="只有一个名册文件",
                fix="如何修改：保留正在维护的那一个，把另一个删除或移出网站文件夹",
            )
        ]
    rel = found[0]
    rows, problems = _read_xlsx(root / rel, rel) if rel.endswith(".xlsx") else _read_csv(root / rel, rel)
    if problems:
        return None, problems
    if not rows:
        return None, [Problem(rel, None, "名册是空的", fix=f"{HEADER_FIX}；不需要名册就删除这个文件")]
    columns, problems = _header(rows[0], rel)
    if problems:
        return None, problems  # with a forbidden or missing column the rows are not even looked at
    if len(rows) == 1:
        return None, [
            Problem(rel, None, "名册只有表头，没有任何人员", fix="如何修改：从第二行起每人一行填写；不需要名册就删除这个文件")
        ]
    return _roster(rows[1:], columns, rel, content, today or dt.date.today())


def _text(value: object) -> str:
    """A cell as text: Excel gives whole numbers as floats (13812345678.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


# --- reading ---------------------------------------------------------------------------------


def _read_csv(path: Path, rel: str) -> tuple[list[Row], list[Problem]]:
    text, problems = _decode(path, rel)
    if text is None:
        return [], problems
    rows, start = [], 1
    # newline="" keeps line ends for the csv module, so quoted multi-line cells count their lines.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
            start = reader.line_num + 1  # the next record starts on the line after this one ended
    except csv.Error as err:
        return [], [
            Problem(
                rel,
                reader.line_num,
                "表格格式有错，无法读取",
                actual=quote(err),
                fix="如何修改：用 Excel/WPS 打开后另存为“CSV UTF-8（逗号分隔）”",
            )
        ]
    return rows, []


def _decode(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (BOM or not) first, then GB18030: what Excel/WPS save as CSV on Chinese Windows."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(rel, None, "文件无法读取", actual=quote(err.strerror), fix="请检查文件是否存在、是否有读取权限")]
    if data.startswith(_UTF16_BOMS):
        return None, [
            Problem(
                rel,
                None,
                "文件是“Unicode 文本”格式，不是 CSV",
                fix="如何修改：用 Excel/WPS 打开后另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）",
            )
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        bad = err.start
    # Chinese text before the bad byte that is valid UTF-8 means a damaged UTF-8 file, which
    # GB18030 would turn into wrong characters without any error.
    if not data[:bad].isascii():
        return None, [_undecodable(rel, data, bad)]
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError:
        return None, [_undecodable(rel, data, bad)]


def _undecodable(rel: str, data: bytes, position: int) -> Problem:
    line = data.count(b"\n", 0, position) + 1
    return Problem(
        rel,
        line,
        "文件的编码无法识别，有些字变成了乱码",
        expected="UTF-8 或 GBK 编码的 CSV",
        fix="如何修改：用 Excel/WPS 打开后另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx），检查这一行的文字",
    )


def _read_xlsx(path: Path, rel: str) -> tuple[list[Row], list[Problem]]:
    import openpyxl  # only needed when the bureau keeps the roster as .xlsx

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return _sheet_rows(workbook.worksheets[0]), []
        finally:
            workbook.close()  # read-only workbooks keep the file open until closed
    except Exception as err:
        fix = "如何修改：在 Excel/WPS 里“另存为”Excel 工作簿（*.xlsx）；旧的 .xls 或 .et 文件不能只改扩展名"
        return [], [Problem(rel, None, "无法打开这个 .xlsx 文件", actual=quote(err), fix=fix)]


def find_in_workbook(path: Path, digits: str) -> int | None:
    """The first row of a roster workbook with a cell holding this number (for the gate's message)."""
    rows, problems = _read_xlsx(path, path.name)
    for line, cells in [] if problems else rows:
        if any(digits in re.sub(r"\D", "", _text(cell)) for cell in cells):
            return line
    return None


def _sheet_rows(sheet) -> list[Row]:
    # min_row=1 makes openpyxl fill in rows missing from the file, so counting gives the row number.
    numbered = enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
    return [(number, list(cells)) for number, cells in numbered if any(_text(c) for c in cells)]


# --- header ----------------------------------------------------------------------------------


def _norm(value: object) -> str:
    """Compare headers as Excel users type them: （）or (), any spaces, any letter case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(value))).casefold()


_BY_NORM = {_norm(label): label for label in COLUMNS}


def _header(row: Row, rel: str) -> tuple[dict[str, int], list[Problem]]:
    """Map column label -> position; report forbidden, repeated, missing and misspelled columns."""
    line, cells = row
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    unknown: list[str] = []
    for position, cell in enumerate(cells):
        key, shown = _norm(cell), _text(cell)
        if _is_forbidden(cell):
            problems.append(_forbidden(rel, line, shown))
        elif key in _BY_NORM and _BY_NORM[key] in columns:
            problems.append(Problem(rel, line, f"表头中“{_BY_NORM[key]}”出现了两次", fix="如何修改：删除多余的一列"))
        elif key in _BY_NORM:
            columns[_BY_NORM[key]] = position
        elif key:
            unknown.append(shown)
    problems += _missing_columns(columns, unknown, rel, line, cells)
    return columns, problems


_TRADITIONAL = str.maketrans("證號碼帳銀護齡貫歷", "证号码帐银护龄贯历")


def _is_forbidden(label: object) -> bool:
    key = re.sub(r"[\W_]+", "", _norm(label).translate(_TRADITIONAL))
    return any(word in key for word in FORBIDDEN) or key in FORBIDDEN_LATIN


def _forbidden(rel: str, line: int, label: str) -> Problem:
    return Problem(
        rel,
        line,
        f"表格中有不能公开、也不应保存在网站文件夹里的列“{label}”",
        fix="如何修改：在 Excel/WPS 里删除这一整列后重新保存；这类信息只在司法局内部名册中保存",
    )


def _missing_columns(columns: dict[str, int], unknown: list[str], rel: str, line: int, cells: list) -> list[Problem]:
    absent = [label for label in COLUMNS if label not in columns]
    near = [(label, hint) for label in unknown if (hint := suggest(label, absent))]
    missing = [label for label in REQUIRED if label not in columns]
    if missing:
        hints = "".join(f"“{label}”{hint}" for label, hint in near)
        fix = f"如何修改：{hints + '；' if hints else ''}第一行必须是表头，表格上方如有标题行请删除"
        actual = "、".join(_text(c) for c in cells if _text(c))
        return [
            Problem(
                rel,
                line,
                f"名册缺少必需的列：{'、'.join(missing)}",
                expected="、".join(COLUMNS[:-1]),
                actual=quote(actual),
                fix=fix,
            )
        ]
    # A misspelled optional column would silently lose its data (e.g. every phone), so say so.
    return [
        Problem(rel, line, f"不认识的列“{label}”", expected="、".join(COLUMNS), actual=quote(label), fix=f"如何修改：{hint}")
        for label, hint in near
    ]


# --- rows ------------------------------------------------------------------------------------


def _roster(
    rows: list[Row], columns: dict[str, int], rel: str, content: Content, today: dt.date
) -> tuple[Roster | None, list[Problem]]:
    problems: list[Problem] = []
    people: list[Person] = []
    removed = 0
    first_rows: dict[tuple[str, str, str], int] = {}
    id_columns: set[int] = set()
    for line, cells in rows:
        id_columns |= _id_cells(cells, line, rel, problems, reported=id_columns)
        values = {label: cells[i] if i < len(cells) else None for label, i in columns.items()}
        person, status = _person(values, line, rel, content, today, problems)
        if status == "清退":
            removed += 1  # checked like every row, then dropped: 清退 people are not published
        elif status == "在册":
            _check_duplicate(person, first_rows, rel, problems)
            people.append(person)
    if problems:
        return None, problems
    return Roster(rel, tuple(people), removed), []


def _id_cells(cells: list, line: int, rel: str, problems: list[Problem], reported: set[int]) -> set[int]:
    """Columns of this row holding an ID number, whatever their header: reported once per column."""
    found = set()
    for position, cell in enumerate(cells):
        numbers = [n for n in find_numbers(_text(cell)) if n.kind == ID_NUMBER]
        if numbers and position not in reported:
            column = _column_name(position)
            fix = "如何修改：在 Excel/WPS 里删除这一整列后重新保存；身份证号只在司法局内部名册中保存，不能放进网站文件夹"
            problems.append(
                Problem(
                    rel,
                    line,
                    f"第 {column} 列有身份证号码（{numbers[0].masked()}），不能放进网站的名册",
                    actual=f"第 {column} 列",
                    fix=fix,
                )
            )
        if numbers:
            found.add(position)
    return found


def _column_name(position: int) -> str:
    """Excel's column letter: 0 -> A, 26 -> AA."""
    name = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _free_text(values: dict, line: int, rel: str, problems: list[Problem]) -> None:
    """A phone or ID number typed into a name, a village or a role would be published with it."""
    for label in FREE_TEXT:
        why = looks_personal(_text(values.get(label)))
        if why:
            fix = "如何修改：删掉这个号码。本人同意公开的手机号写在“联系电话”列，并填“同意公开电话”和“同意日期”；不同意的不写"
            problems.append(
                Problem(
                    rel, line, f"“{label}”里有{why}，会被发布到网站上", actual=quote(_text(values.get(label))[:8] + "…"), fix=fix
                )
            )


def _person(values: dict, line: int, rel: str, content: Content, today: dt.date, problems: list[Problem]) -> tuple[Person, str]:
    """Check one row, adding every problem found; return the publishable part and the status."""

    def check(label: str, allowed: tuple[str, ...], fix: str, optional: bool = False) -> str:
        return _choice(values.get(label), label, allowed, fix, optional, rel, line, problems)

    _free_text(values, line, rel, problems)
    name = _required_text(values["姓名"], "姓名", "写上这个人的姓名", rel, line, problems)
    township = _township(values["乡镇（街道）"], content, rel, line, problems)
    village = _village(values["村（社区）"], township, content, rel, line, problems)
    category = check("类别", CATEGORIES, "妇联培养的写“巾帼法律明白人”，其他的写“法律明白人”")
    status = check("状态", STATUSES, "在名册中的写“在册”，已被清退的写“清退”")
    check("性别", ("男", "女"), "不填也可以，网站上不显示性别", optional=True)
    sample = check("示例", ("是", "否"), "虚构的示例行写“是”，真实人员不填", optional=True) == "是"
    consent = check("同意公开电话", ("是", "否"), "本人书面同意公开的写“是”，否则写“否”或不填", optional=True)
    phone = _consented_phone(values, consent, line, rel, today, problems)
    person = Person(name, township, village, category, _text(values.get("身份职务")), phone, sample, line)
    return person, status


def _consented_phone(values: dict, consent: str, line: int, rel: str, today: dt.date, problems: list[Problem]) -> str:
    """The phone to publish: only with 同意公开电话 = 是 and a consent date (PIPL Art. 25)."""
    phone = _phone(values.get("联系电话"), rel, line, problems)
    signed = _date(values.get("同意日期"), rel, line, today, problems)
    if consent != "是":
        return ""
    if not _text(values.get("同意日期")):
        problems.append(
            Problem(
                rel,
                line,
                "同意公开电话为“是”，但没有填同意日期",
                expected=f"本人签署同意书的日期，如 {DATE_EXPECTED}",
                actual="没有",
                fix="如何修改：填上同意日期；没有书面同意就把“同意公开电话”改为“否”",
            )
        )
    if not _text(values.get("联系电话")):
        problems.append(
            Problem(
                rel,
                line,
                "同意公开电话为“是”，但没有填联系电话",
                expected=PHONE_EXPECTED,
                actual="没有",
                fix="如何修改：填上本人同意公开的号码，或把“同意公开电话”改为“否”",
            )
        )
    return phone if signed else ""


def _check_duplicate(person: Person, first_rows: dict, rel: str, problems: list[Problem]) -> None:
    key = (person.name, person.township, person.village)
    if not person.name:
        return
    if key in first_rows:
        fix = "如何修改：删除重复的一行；如果确是同村同名的两个人，在姓名后用括号注明，如“张伟（东组）”"
        problems.append(
            Problem(
                rel,
                person.row,
                f"“{person.name}”（{person.township}{person.village}）重复了，与第 {first_rows[key]} 行是同一个人",
                fix=fix,
            )
        )
    else:
        first_rows[key] = person.row


# --- cells -----------------------------------------------------------------------------------


def _required_text(value: object, label: str, fix: str, rel: str, line: int, problems: list[Problem]) -> str:
    text = _text(value)
    if not text:
        problems.append(
            Problem(rel, line, f"缺少{label}", expected=f"每一行都要填{label}", actual="空白", fix=f"如何修改：{fix}")
        )
    return text


def _choice(
    value: object, label: str, allowed: tuple[str, ...], fix: str, optional: bool, rel: str, line: int, problems: list[Problem]
) -> str:
    text = _text(value)
    if text in allowed or (optional and not text):
        return text
    expected = "、".join(allowed) + (" 或不填" if optional else " 之一")
    message = f"{label}“{text}”不在允许的范围内" if text else f"缺少{label}"
    hint = suggest(text, list(allowed))
    problems.append(
        Problem(
            rel,
            line,
            message,
            expected=expected,
            actual=quote(text) if text else "空白",
            fix=f"如何修改：{hint + '；' if hint else ''}{fix}",
        )
    )
    return ""


def _township(value: object, content: Content, rel: str, line: int, problems: list[Problem]) -> str:
    name = _required_text(value, "乡镇（街道）", "写 data/townships.yml 中的全称", rel, line, problems)
    return fields.township(name, content, rel, line, problems, what="乡镇（街道）")


def _village(value: object, township: str, content: Content, rel: str, line: int, problems: list[Problem]) -> str:
    village = _required_text(value, "村（社区）", "写这个人所在的行政村或社区", rel, line, problems)
    return fields.village(township, village, content, rel, line, problems)


def _phone(value: object, rel: str, line: int, problems: list[Problem]) -> str:
    """Return the normalised phone, or "" when empty or wrong (wrong ones are reported)."""
    text = unicodedata.normalize("NFKC", _text(value))  # full-width digits and hyphens from IMEs
    compact = re.sub(r"[\s-]", "", text)
    if not text or _MOBILE.fullmatch(compact):
        return compact
    if _LANDLINE.fullmatch(text):
        return text.replace(" ", "-")
    problems.append(_phone_problem(text, compact, rel, line))
    return ""


def _phone_problem(text: str, compact: str, rel: str, line: int) -> Problem:
    if _SCIENTIFIC.fullmatch(text):
        return Problem(
            rel,
            line,
            f"联系电话{quote(text)}被 Excel 改成了科学计数法，后面几位已经丢失",
            expected=PHONE_EXPECTED,
            actual=quote(text),
            fix=f"如何修改：{TEXT_FORMAT_FIX}完整号码",
        )
    # Excel stores 0375-5012348 typed into a number cell as 3755012348: the area code's 0 is gone.
    if compact.isdigit() and len(compact) in (10, 11) and compact[0] in "23456789" and _LANDLINE.fullmatch("0" + compact):
        return Problem(
            rel,
            line,
            f"联系电话{quote(text)}少了区号前的 0",
            expected=PHONE_EXPECTED,
            actual=quote(text),
            fix=f"如何修改：{TEXT_FORMAT_FIX}（区号前的 0 被 Excel 去掉了），如 0{compact}",
        )
    return Problem(
        rel,
        line,
        f"联系电话{quote(text)}不是有效的号码",
        expected=PHONE_EXPECTED,
        actual=quote(text),
        fix="如何修改：只写一个号码，不写分机号或文字说明",
    )


def _date(value: object, rel: str, line: int, today: dt.date, problems: list[Problem]) -> dt.date | None:
    """A consent date from an Excel date cell or typed text; None when empty or wrong (reported)."""
    text = _text(value)
    if not text:
        return None
    signed = value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) else _parse_date(text)
    if signed is None:
        problems.append(
            Problem(
                rel,
                line,
                f"同意日期{quote(text)}无法识别",
                expected=DATE_EXPECTED,
                actual=quote(text),
                fix="如何修改：按期望的格式写本人签署同意书的日期",
            )
        )
    elif signed > today:
        problems.append(
            Problem(
                rel,
                line,
                f"同意日期 {signed.isoformat()} 在今天（{today.isoformat()}）之后",
                expected="已经签署的日期",
                actual=quote(text),
                fix="如何修改：写本人实际签署同意书的日期",
            )
        )
        return None
    return signed


def _parse_date(text: str) -> dt.date | None:
    match = _DATE.fullmatch(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:  # 2024-02-30 and the like
        return None
