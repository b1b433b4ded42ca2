"""Personal data never leaves a build: each way a phone or ID number can slip in gets its message,
the last good site stays byte for byte, and the number is nowhere in the site or the build's leftovers.
"""

from __future__ import annotations

import pytest
from conftest import POST, site_text, tree_digest

from pufa import personal
from pufa.commands.cli import main
from pufa.publish import gate

PHONE = "13900005555"
ID18 = "110101199003077571"  # a valid check digit and birth date, but no real person's
ID15 = "410423900307123"

ROSTER_HEAD = "姓名,性别,乡镇（街道）,村（社区）,类别,身份职务,联系电话,同意公开电话,同意日期,状态,示例\n"


def _post(body: str, **front) -> str:
    text = POST
    for key, value in front.items():
        text = text.replace("township: 梁洼镇\n", f"township: 梁洼镇\n{key}: {value}\n")
    return text + "\n" + body + "\n"


def assert_refused(project, capsys, *needles: str) -> str:
    """Build: exit 1, no traceback, site/ unchanged, and no needle in the site or any leftover."""
    before = tree_digest(project / "site")
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out and "原来的网站保持不变" in out, out
    assert tree_digest(project / "site") == before
    assert_not_leaked(project, *needles)
    return out


def assert_not_leaked(project, *needles: str) -> None:
    """Not in the site (.gz unpacked), and not in any file the build left outside the sources."""
    published = site_text(project / "site")
    for needle in needles:
        assert needle not in published, needle
    for path in project.rglob("*"):
        inside_sources = path.relative_to(project).parts[0] in ("docs", "data", "mkdocs.yml")
        if path.is_file() and not inside_sources:
            data = path.read_bytes()
            for needle in needles:
                assert needle.encode() not in data, (path, needle)
    assert not list(project.glob(".site-building-*"))


# Numbers in posts and pages: refused by the gate with the source file and line.
POST_CASES = [
    ("mobile-in-body", _post(f"联系人电话{PHONE}。"), "docs/blog/posts/leak.md:12:", f"手机号码 {PHONE[:3]}****{PHONE[-4:]}"),
    ("mobile-spaced", _post("联系电话 139 0000 5555。"), "docs/blog/posts/leak.md:12:", "139****5555"),
    ("mobile-hyphens", _post("联系电话 +86 139-0000-5555。"), "docs/blog/posts/leak.md:12:", "139****5555"),
    ("mobile-full-width", _post("联系电话１３９００００５５５５。"), "docs/blog/posts/leak.md:12:", "139****5555"),
    ("id-in-body", _post(f"身份证号{ID18}。"), "docs/blog/posts/leak.md:12:", "身份证号码 110101********7571"),
    ("old-id-in-body", _post(f"老身份证号{ID15}。"), "docs/blog/posts/leak.md:12:", "身份证号码 410423*****7123"),
    ("mobile-in-description", _post("正文。", description=f'"报名电话{PHONE}"'), "docs/blog/posts/leak.md:6:", "139****5555"),
    ("mobile-in-link", _post(f"[打电话](tel:{PHONE})"), "docs/blog/posts/leak.md:12:", "139****5555"),
]


@pytest.mark.parametrize(("name", "text", "where", "fragment"), POST_CASES, ids=[c[0] for c in POST_CASES])
def test_a_number_in_a_post_is_refused_with_its_source_line(built_project, capsys, name, text, where, fragment):
    (built_project / "docs/blog/posts/leak.md").write_text(text, "utf-8")
    out = assert_refused(built_project, capsys, PHONE, ID18, ID15, "139 0000 5555", "139-0000-5555")
    line = next((line for line in out.splitlines() if fragment in line), "")
    assert line.startswith(where), out
    assert "没有本人同意不能公开" in line and "如何修改" in line


def test_a_mobile_in_a_data_file_free_text_field_is_refused(built_project, capsys):
    points = built_project / "data/service-points.yml"
    text = points.read_text("utf-8")
    assert 'address: ""' in text
    points.write_text(text.replace('address: ""', f'address: "村委会东侧，联系{PHONE}"', 1), "utf-8")
    out = assert_refused(built_project, capsys, PHONE)
    assert any(line.startswith("data/service-points.yml:") and "139****5555" in line for line in out.splitlines()), out


ROSTER_CASES = [
    ("phone-in-role", f"测试甲,男,梁洼镇,东村,法律明白人,村支书 电话{PHONE},,否,,在册,\n", "“身份职务”里有手机号码 139****5555"),
    ("phone-in-name", f"测试乙{PHONE},男,梁洼镇,东村,法律明白人,调解员,,否,,在册,\n", "“姓名”里有手机号码"),
    ("id-in-village", f"测试丙,男,梁洼镇,东村{ID18},法律明白人,调解员,,否,,在册,\n", "“村（社区）”里有身份证号码"),
    ("digits-in-role", "测试丁,男,梁洼镇,东村,法律明白人,户号 4104 2319 90,,否,,在册,\n", "“身份职务”里有一串数字"),
    ("id-in-phone-column", f"测试戊,男,梁洼镇,东村,法律明白人,调解员,{ID18},否,,在册,\n", "第 G 列有身份证号码"),
]


@pytest.mark.parametrize(("name", "row", "fragment"), ROSTER_CASES, ids=[c[0] for c in ROSTER_CASES])
def test_a_number_in_a_roster_cell_is_refused_at_its_row(built_project, capsys, name, row, fragment):
    (built_project / "data/roster.csv").write_text(ROSTER_HEAD + row, "utf-8")
    out = assert_refused(built_project, capsys, PHONE, ID18, "4104 2319 90")
    line = next((line for line in out.splitlines() if fragment in line), "")
    assert line.startswith("data/roster.csv:2:"), out


@pytest.mark.parametrize(
    "header", ["公民身份号码", "证件号码", "身份證號", "身份证", "身份证号码", "ID", "id no.", "身份证号（18位）", "社保卡号"]
)
def test_an_id_column_under_any_usual_header_stops_the_build(built_project, capsys, header):
    roster = ROSTER_HEAD.rstrip("\n") + f",{header}\n" + f"测试甲,男,梁洼镇,东村,法律明白人,调解员,,否,,在册,,{ID18}\n"
    (built_project / "data/roster.csv").write_text(roster, "utf-8")
    out = assert_refused(built_project, capsys, ID18)
    assert f"表格中有不能公开、也不应保存在网站文件夹里的列“{header}”" in out


def test_an_id_column_with_a_harmless_header_is_found_by_its_content(built_project, capsys):
    roster = (
        ROSTER_HEAD.rstrip("\n")
        + ",备注\n"
        + f"测试甲,男,梁洼镇,东村,法律明白人,调解员,,否,,在册,,{ID18}\n"
        + f"测试乙,女,梁洼镇,东村,法律明白人,调解员,,否,,在册,,{ID18[:-1]}X\n"
    )
    (built_project / "data/roster.csv").write_text(roster, "utf-8")
    out = assert_refused(built_project, capsys, ID18)
    lines = [line for line in out.splitlines() if "第 L 列有身份证号码" in line]
    assert len(lines) == 1 and lines[0].startswith("data/roster.csv:2:"), out  # once per column, not per row


def test_a_consented_phone_and_a_listed_public_number_are_published(built_project, capsys):
    (built_project / "data/roster.csv").write_text(
        ROSTER_HEAD + f"测试甲,男,梁洼镇,东村,法律明白人,调解员,{PHONE},是,2024-03-01,在册,\n", "utf-8"
    )
    (built_project / "data/public-numbers.yml").write_text(
        'numbers:\n  - {number: "13800001111", owner: 东村村委会, note: 值班手机}\n', "utf-8"
    )
    (built_project / "docs/blog/posts/duty.md").write_text(_post("村委会值班电话 138-0000-1111。"), "utf-8")
    assert main(["--root", str(built_project), "build"]) == 0, capsys.readouterr().out
    published = site_text(built_project / "site")
    assert PHONE in published and "138-0000-1111" in published


def test_a_public_number_without_an_owner_is_refused(built_project, capsys):
    (built_project / "data/public-numbers.yml").write_text('numbers:\n  - {number: "13800001111"}\n', "utf-8")
    out = assert_refused(built_project, capsys, "13800001111")
    assert "data/public-numbers.yml:2: 公开号码缺少“owner”" in out


def test_the_gate_finds_a_number_that_reached_the_site_by_any_path(built_baseline, tmp_path):
    # Whatever wrote it (a theme override, a plugin, a future feature), the gate reads the output.
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_baseline / "site", site)
    (site / "about/index.html").write_text(
        (site / "about/index.html").read_text("utf-8").replace("</article>", f"<p>{ID18[:6]}&#49;{ID18[7:]}</p></article>"),
        "utf-8",
    )
    (site / "extra.txt").write_text(f"备用 {PHONE}\n", "utf-8")
    problems = gate.check_output(site, gate.Context(built_baseline))
    shown = "\n".join(p.format() for p in problems)
    assert "身份证号码 110101********7571" in shown and "139****5555" in shown
    allowed = gate.check_output(site, gate.Context(built_baseline, allowed_numbers=frozenset({PHONE})))
    assert "139****5555" not in "\n".join(p.format() for p in allowed)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"电话{PHONE}", [PHONE]),
        ("12348 热线", []),
        ("0375-5012348", []),
        (f"{PHONE}0", []),  # part of a longer number
        ("2023年3月3日13:00", []),
        (ID18, [ID18]),
        (ID18[:-1] + "2", []),  # wrong check digit
        ("110101203001017571", []),  # birth date in the future
        ("110101199002307575", []),  # 30 February
        (f"{ID18[:-1]}x", []) if ID18[-1] != "X" else ("", []),
    ],
)
def test_number_recognition(text, found):
    assert [n.value for n in personal.find_numbers(text)] == found
