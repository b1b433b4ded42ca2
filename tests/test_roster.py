"""The 法律明白人 roster: every format the bureau's Excel/WPS saves, every kind of bad row, privacy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from pufa.kinds.roster import Person, Roster, load_roster
from pufa.model import Content, Township

FIXTURES = Path(__file__).parent / "fixtures" / "roster"
TODAY = dt.date(2025, 1, 1)
CONTENT = Content(
    county="鲁山县",
    county_label="全县",
    villages_reported=555,
    townships=(
        Township("梁洼镇", "liangwa", True, ("鹁鸽吴村", "示例一村")),
        Township("仓头乡", "cangtou", True),  # villages not entered yet: any village is accepted
        Township("熊背乡", "xiongbei", True),
    ),
    categories=(),
    reported=None,
)
HEADER = "姓名,性别,乡镇（街道）,村（社区）,类别,身份职务,联系电话,同意公开电话,同意日期,状态,示例"
GOOD_ROW = "张伟,男,梁洼镇,鹁鸽吴村,法律明白人,村委会主任,13812345678,是,2024-03-01,在册,"

# What utf8.csv, bom.csv, gbk.csv and the generated .xlsx all hold.
EXPECTED = (
    Person("张伟", "梁洼镇", "鹁鸽吴村", "法律明白人", "村委会主任", "13812345678", False, 2),
    Person("李秀兰", "梁洼镇", "鹁鸽吴村", "巾帼法律明白人", "村妇联主席", "13912345678", False, 3),
    Person("王强", "仓头乡", "新建村", "法律明白人", "人民调解员", "0375-5012348", False, 4),
    Person("赵敏", "仓头乡", "新建村", "巾帼法律明白人", "网格员", "", False, 5),
    Person("孙丽", "仓头乡", "新建村", "法律明白人", "[x](javascript:alert(1))", "", False, 6),
    Person("<script>alert(1)</script>", "梁洼镇", "示例一村", "法律明白人", "", "", False, 7),
    Person("示例人员", "梁洼镇", "示例一村", "法律明白人", "示例职务", "", True, 8),
)


def project(tmp_path: Path, name: str, data: bytes | str) -> Path:
    """A project folder whose data/ holds one roster file."""
    (tmp_path / "data").mkdir(exist_ok=True)
    path = tmp_path / "data" / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return tmp_path


def fixture(tmp_path: Path, fixture_name: str) -> Path:
    return project(tmp_path, "roster.csv", (FIXTURES / fixture_name).read_bytes())


def load(root: Path) -> tuple[Roster | None, list]:
    return load_roster(root, CONTENT, today=TODAY)


def only_problem(root: Path):
    roster, problems = load(root)
    assert roster is None
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def write_xlsx(path: Path, rows: list[list]) -> None:
    path.parent.mkdir(exist_ok=True)
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


# --- the same roster in every format ---------------------------------------------------------


def test_fixtures_are_really_in_the_encodings_they_are_named_for():
    assert (FIXTURES / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        (FIXTURES / "gbk.csv").read_bytes().decode("utf-8")
    assert (FIXTURES / "gbk.csv").read_bytes().decode("gbk") == (FIXTURES / "bom.csv").read_bytes().decode("utf-8-sig")


@pytest.mark.parametrize("name", ["utf8.csv", "bom.csv", "gbk.csv"])
def test_csv_in_every_encoding_loads_the_same_people(tmp_path, name):
    roster, problems = load(fixture(tmp_path, name))
    assert problems == []
    assert roster == Roster("data/roster.csv", EXPECTED, removed=1)


def test_xlsx_with_number_and_date_cells_loads_the_same_people(tmp_path):
    header = HEADER.split(",")
    write_xlsx(
        tmp_path / "data/roster.xlsx",
        [
            header,
            [
                "张伟",
                "男",
                "梁洼镇",
                "鹁鸽吴村",
                "法律明白人",
                "村委会主任",
                13812345678,
                "是",
                dt.datetime(2024, 3, 1),
                "在册",
                None,
            ],
            [
                "李秀兰",
                "女",
                "梁洼镇",
                "鹁鸽吴村",
                "巾帼法律明白人",
                "村妇联主席",
                "139 1234 5678",
                "是",
                dt.date(2024, 3, 5),
                "在册",
                None,
            ],
            ["王强", "男", "仓头乡", "新建村", "法律明白人", "人民调解员", "0375-5012348", "是", "2024年3月1日", "在册", None],
            ["赵敏", "女", "仓头乡", "新建村", "巾帼法律明白人", "网格员", 13712345678.0, "否", None, "在册", None],
            [" 孙丽 ", "女", "仓头乡", "新建村", "法律明白人", "[x](javascript:alert(1))", 13612345678, None, None, "在册", None],
            ["<script>alert(1)</script>", None, "梁洼镇", "示例一村", "法律明白人", None, None, None, None, "在册", None],
            ["示例人员", None, "梁洼镇", "示例一村", "法律明白人", "示例职务", None, None, None, "在册", "是"],
            ["刘德", "男", "梁洼镇", "鹁鸽吴村", "法律明白人", None, 13512345678, "是", dt.datetime(2024, 2, 1), "清退", None],
        ],
    )
    roster, problems = load(tmp_path)
    assert problems == []
    assert roster.rel == "data/roster.xlsx"
    assert roster.people == EXPECTED and roster.removed == 1


def test_xlsx_row_numbers_count_blank_rows(tmp_path):
    write_xlsx(tmp_path / "data/roster.xlsx", [HEADER.split(","), GOOD_ROW.split(","), [], [None], ["王强", None, "梁洼"]])
    assert [(p.line, p.message) for p in load(tmp_path)[1] if "梁洼" in p.message] == [
        (5, "乡镇（街道）“梁洼”不在 data/townships.yml 的名单中")
    ]


def test_half_width_brackets_spaces_and_shuffled_columns(tmp_path):
    roster, problems = load(fixture(tmp_path, "brackets_shuffled.csv"))
    assert problems == []
    assert roster.people == (
        Person("张伟", "梁洼镇", "鹁鸽吴村", "法律明白人", "", "13812345678", False, 2),
        Person("王强", "仓头乡", "新建村", "法律明白人", "", "", False, 3),
    )


def test_multi_line_cells_and_blank_lines_keep_csv_line_numbers(tmp_path):
    roster, problems = load(fixture(tmp_path, "multiline.csv"))
    # header 1, 张伟 2–3, blank 4, 李秀兰 5–7, an Excel ",,,," line 8, 王强 9
    assert [(p.line, p.message) for p in problems] == [(9, "联系电话“12345”不是有效的号码")]
    fixed = (FIXTURES / "multiline.csv").read_text("utf-8").replace(",12345,", ",,")
    roster, problems = load(project(tmp_path, "roster.csv", fixed))
    assert problems == []
    assert [(p.name, p.row, p.role) for p in roster.people] == [
        ("张伟", 2, "村委会主任\n兼人民调解员"),
        ("李秀兰", 5, "村妇联主席\n网格员\n宣传员"),
        ("王强", 9, ""),
    ]


def test_no_roster_file_is_no_roster_and_no_problem(tmp_path):
    assert load(tmp_path) == (None, [])


# --- privacy ---------------------------------------------------------------------------------


def test_only_publishable_fields_are_kept():
    assert [f.name for f in dataclasses.fields(Person)] == [
        "name",
        "township",
        "village",
        "category",
        "role",
        "phone",
        "sample",
        "row",
    ]
    assert [f.name for f in dataclasses.fields(Roster)] == ["rel", "people", "removed"]


def test_phone_is_kept_only_with_consent_and_a_date(tmp_path):
    roster, _ = load(fixture(tmp_path, "utf8.csv"))
    phones = {p.name: p.phone for p in roster.people}
    assert phones["张伟"] == "13812345678"  # 是 + date
    assert phones["赵敏"] == ""  # 否
    assert phones["孙丽"] == ""  # consent left empty means 否
    assert "刘德" not in phones and roster.removed == 1  # 清退, though with consent


@pytest.mark.parametrize(
    "fixture_name, label", [("id_column.csv", "身份证号"), ("birth_column.csv", "出生日期"), ("address_column.csv", "家庭住址")]
)
def test_internal_column_stops_everything(tmp_path, fixture_name, label):
    problem = only_problem(fixture(tmp_path, fixture_name))  # its row has other faults: rows are not even read
    assert problem.line == 1
    assert problem.message == f"表格中有不能公开、也不应保存在网站文件夹里的列“{label}”"
    assert problem.fix == "如何修改：在 Excel/WPS 里删除这一整列后重新保存；这类信息只在司法局内部名册中保存"


def test_internal_column_is_found_in_any_spelling(tmp_path):
    write_xlsx(tmp_path / "data/roster.xlsx", [[*HEADER.split(","), " 身份证（号码） "], [*GOOD_ROW.split(","), "x"]])
    assert "“身份证（号码）”" in only_problem(tmp_path).message


# --- file-level faults -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fixture_name, line, words",
    [
        ("empty.csv", None, ["名册是空的"]),
        ("header_only.csv", None, ["名册只有表头，没有任何人员"]),
        ("undecodable.csv", 1, ["文件的编码无法识别"]),
        ("utf8_damaged.csv", 3, ["文件的编码无法识别"]),
        ("utf16.csv", None, ["“Unicode 文本”格式"]),
        ("missing_columns.csv", 1, ["名册缺少必需的列：乡镇（街道）、村（社区）、类别", "“乡镇”是不是“乡镇（街道）”"]),
        ("title_row.csv", 1, ["名册缺少必需的列：姓名、乡镇（街道）、村（社区）、类别、状态", "标题行请删除"]),
        ("misspelled_column.csv", 1, ["不认识的列“电话”", "是不是“联系电话”"]),
    ],
)
def test_file_level_faults(tmp_path, fixture_name, line, words):
    problem = only_problem(fixture(tmp_path, fixture_name))
    assert problem.line == line
    for word in words:
        assert word in problem.format()


def test_utf8_with_a_broken_byte_is_not_read_as_gbk(tmp_path):
    # These bytes also decode as GB18030, into wrong characters: the UTF-8 before them must win.
    data = "张伟".encode() + b"\x81\x40\n"
    assert data.decode("gb18030") != "张伟\n"
    problem = only_problem(project(tmp_path, "roster.csv", data))
    assert (problem.line, problem.message) == (1, "文件的编码无法识别，有些字变成了乱码")


def test_both_csv_and_xlsx(tmp_path):
    fixture(tmp_path, "utf8.csv")
    shutil.copy(tmp_path / "data/roster.csv", tmp_path / "data/roster.xlsx")
    assert "同时有 roster.csv 和 roster.xlsx" in only_problem(tmp_path).message


def test_file_that_is_not_really_xlsx(tmp_path):
    project(tmp_path, "roster.xlsx", b"PK\x03\x04 not a workbook")
    assert only_problem(tmp_path).message == "无法打开这个 .xlsx 文件"


# --- row faults: each kind alone, then all at once -------------------------------------------

ROW_CASES = [
    ("missing-name", ",男,梁洼镇,鹁鸽吴村,法律明白人,,,,,在册,", ["缺少姓名"]),
    (
        "unknown-township",
        "王强,男,梁洼,鹁鸽吴村,法律明白人,,,,,在册,",
        ["乡镇（街道）“梁洼”不在 data/townships.yml 的名单中", "是不是“梁洼镇”"],
    ),
    (
        "unknown-village",
        "王强,男,梁洼镇,鹁鸽村,法律明白人,,,,,在册,",
        ["“鹁鸽村”不在 data/townships.yml 中梁洼镇的村（社区）名单里", "是不是“鹁鸽吴村”"],
    ),
    ("missing-village", "王强,男,仓头乡,,法律明白人,,,,,在册,", ["缺少村（社区）"]),
    (
        "malformed-phone",
        "王强,男,仓头乡,新建村,法律明白人,,1381234567,,,在册,",
        ["联系电话“1381234567”不是有效的号码", "0375-5012348"],
    ),
    ("two-phones", "王强,男,仓头乡,新建村,法律明白人,,13812345678/13912345678,,,在册,", ["不是有效的号码"]),
    ("scientific-phone", "王强,男,仓头乡,新建村,法律明白人,,1.38123E+10,,,在册,", ["科学计数法"]),
    (
        "landline-lost-zero",
        "王强,男,仓头乡,新建村,法律明白人,,3755012348,,,在册,",
        ["少了区号前的 0", "请把这一列设为“文本”格式后重新输入（区号前的 0 被 Excel 去掉了）"],
    ),
    ("consent-without-date", "王强,男,仓头乡,新建村,法律明白人,,13812345678,是,,在册,", ["同意公开电话为“是”，但没有填同意日期"]),
    ("consent-without-phone", "王强,男,仓头乡,新建村,法律明白人,,,是,2024-03-01,在册,", ["同意公开电话为“是”，但没有填联系电话"]),
    (
        "unknown-consent",
        "王强,男,仓头乡,新建村,法律明白人,,,同意,,在册,",
        ["同意公开电话“同意”不在允许的范围内", "是、否 或不填"],
    ),
    (
        "unknown-category",
        "王强,男,仓头乡,新建村,法律明白人员,,,,,在册,",
        ["类别“法律明白人员”不在允许的范围内", "是不是“法律明白人”"],
    ),
    ("missing-category", "王强,男,仓头乡,新建村,,,,,,在册,", ["缺少类别"]),
    ("unknown-status", "王强,男,仓头乡,新建村,法律明白人,,,,,离职,", ["状态“离职”不在允许的范围内", "在册、清退 之一"]),
    ("unknown-gender", "王强,未知,仓头乡,新建村,法律明白人,,,,,在册,", ["性别“未知”不在允许的范围内"]),
    ("unknown-sample", "王强,,仓头乡,新建村,法律明白人,,,,,在册,示例", ["示例“示例”不在允许的范围内"]),
    (
        "future-date",
        "王强,男,仓头乡,新建村,法律明白人,,13812345678,是,2030-01-01,在册,",
        ["同意日期 2030-01-01 在今天（2025-01-01）之后"],
    ),
    (
        "bad-date",
        "王强,男,仓头乡,新建村,法律明白人,,13812345678,是,2024-13-01,在册,",
        ["同意日期“2024-13-01”无法识别", "2024年3月1日"],
    ),
    ("duplicate", GOOD_ROW.replace("村委会主任", "调解员"), ["“张伟”（梁洼镇鹁鸽吴村）重复了，与第 2 行是同一个人"]),
]


@pytest.mark.parametrize("row, words", [case[1:] for case in ROW_CASES], ids=[case[0] for case in ROW_CASES])
def test_each_bad_row_gives_its_message_at_its_row(tmp_path, row, words):
    problem = only_problem(project(tmp_path, "roster.csv", f"{HEADER}\n{GOOD_ROW}\n{row}\n"))
    assert problem.path == "data/roster.csv" and problem.line == 3
    for word in words:
        assert word in problem.format()


def test_every_problem_in_every_row_is_reported(tmp_path):
    rows = [case[1] for case in ROW_CASES]
    _, problems = load(project(tmp_path, "roster.csv", "\n".join([HEADER, GOOD_ROW, *rows]) + "\n"))
    for line, (_, _, words) in enumerate(ROW_CASES, start=3):
        assert [w for w in words if not any(w in p.format() for p in problems if p.line == line)] == [], line
    one_row = "王强,女人,熊背,,巾帼,,12345,对,昨天,在,"
    _, problems = load(project(tmp_path, "roster.csv", f"{HEADER}\n{one_row}\n"))
    assert len(problems) == 8 and {p.line for p in problems} == {
        2
    }  # gender, township, village, category, status, phone, consent, date


def test_landline_that_lost_its_zero_in_xlsx(tmp_path):
    write_xlsx(
        tmp_path / "data/roster.xlsx",
        [
            HEADER.split(","),
            GOOD_ROW.split(","),
            ["王强", "男", "仓头乡", "新建村", "法律明白人", None, 3755012348, "否", None, "在册"],
        ],
    )
    problem = only_problem(tmp_path)
    assert problem.line == 3
    assert "请把这一列设为“文本”格式后重新输入（区号前的 0 被 Excel 去掉了）" in problem.fix


def test_accepted_forms(tmp_path):
    rows = [
        "王强,男,仓头乡,任何村名都行,法律明白人,,138-1234-5678,是,2024/3/1,在册,",  # no village list for 仓头乡
        "李四,,仓头乡,新建村,法律明白人,,０３７５ ５０１２３４８,是,2024年12月31日,在册,",  # full-width from an IME
        "张伟,男,梁洼镇,鹁鸽吴村,法律明白人,,,,,清退,",  # same person as row 2, but 清退: not a duplicate
        "赵六,女,梁洼镇,鹁鸽吴村,巾帼法律明白人,,010-12345678,否,2025-01-01,在册,",  # today is not the future
    ]
    roster, problems = load(project(tmp_path, "roster.csv", "\n".join([HEADER, GOOD_ROW, *rows]) + "\n"))
    assert problems == []
    assert [(p.village, p.phone) for p in roster.people] == [
        ("鹁鸽吴村", "13812345678"),
        ("任何村名都行", "13812345678"),
        ("新建村", "0375-5012348"),
        ("鹁鸽吴村", ""),
    ]
    assert roster.removed == 1
