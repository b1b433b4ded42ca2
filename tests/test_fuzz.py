"""Property: whatever an editor types into front matter, a data file or the roster, a build ends with
exit 0 or 1, never a traceback, and a failed build leaves site/ as it was.

Hypothesis generates the inputs; the example counts are small so that CI stays fast, and the
database of found failures is kept out of the repository (.hypothesis/ is ignored).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import shutil

import pytest
import yaml
from conftest import POST, tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pufa.commands.cli import main

FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
_COUNTER = itertools.count()

# Text an editor might type or paste: Chinese, digits, dates, YAML's special characters, numbers.
_WORDS = st.sampled_from(
    [
        "梁洼镇",
        "全县",
        "普法文艺",
        "2023",
        "2023-02-30",
        "2023-13-45",
        "13900005555",
        "110101199003077571",
        "*重要*",
        "&锚",
        "：",
        ": ",
        "'",
        '"',
        "#",
        "- ",
        "[",
        "{",
        "\t",
        "否",
        "true",
        "null",
        "1e5",
        "０３７５",
        "<script>",
        "https://evil.example/x.png",
        "\\u0000",
        "、",
    ]
)
_TEXT = st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=6).map("".join)
_SCALAR = st.one_of(
    _TEXT,
    st.integers(-10, 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)
_VALUE = st.recursive(
    _SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)), max_leaves=12
)
_KEYS = st.sampled_from(
    [
        "title",
        "date",
        "category",
        "township",
        "figures",
        "photos",
        "source",
        "description",
        "draft",
        "qr",
        "hide",
        "search",
        "exhibits",
        "kind",
        "level",
        "village",
        "coordinates",
        "published",
        "review",
        "calendar",
        "wording_allow",
    ]
)


def _fresh(built_baseline, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"fuzz{next(_COUNTER)}") / "project"
    shutil.copytree(built_baseline, root, symlinks=True)
    return root


def _build_holds_the_promise(root):
    before = tree_digest(root / "site")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["--root", str(root), "build"])
    out = printed.getvalue()
    assert status in (0, 1), out
    assert "Traceback" not in out
    if status == 1:
        assert tree_digest(root / "site") == before


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@FUZZ
@given(front=st.dictionaries(_KEYS, _VALUE, max_size=8), raw=st.one_of(st.none(), _TEXT), body=_TEXT)
def test_any_front_matter(built_baseline, tmp_path_factory, front, raw, body):
    root = _fresh(built_baseline, tmp_path_factory)
    head = raw if raw is not None else _dump(front)
    (root / "docs/blog/posts/fuzz.md").write_text(f"---\n{head}\n---\n\n{body}\n", "utf-8")
    (root / "docs/sites/fuzz.md").write_text(f"---\n{_dump(front)}---\n\n{body}\n", "utf-8")
    _build_holds_the_promise(root)


@FUZZ
@given(
    name=st.sampled_from(
        [
            "data/townships.yml",
            "data/hotlines.yml",
            "data/qr.yml",
            "data/service-points.yml",
            "data/categories.yml",
            "data/reported.yml",
            "data/public-numbers.yml",
            "data/calendar.yml",
            "data/wording.yml",
        ]
    ),
    data=_VALUE,
    raw=st.one_of(st.none(), _TEXT),
)
def test_any_data_file(built_baseline, tmp_path_factory, name, data, raw):
    root = _fresh(built_baseline, tmp_path_factory)
    (root / name).write_text(raw if raw is not None else _dump(data), "utf-8")
    _build_holds_the_promise(root)


_CELL = st.one_of(
    _WORDS,
    _TEXT,
    st.sampled_from(
        [
            "",
            "在册",
            "清退",
            "是",
            "否",
            "法律明白人",
            "巾帼法律明白人",
            "2024-03-01",
            "2024/2/30",
            "1.3900005555E+10",
            "3755012348",
        ]
    ),
)


@FUZZ
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=12), min_size=1, max_size=5), header_ok=st.booleans())
def test_any_roster_rows(built_baseline, tmp_path_factory, rows, header_ok):
    root = _fresh(built_baseline, tmp_path_factory)
    header = (
        "姓名,性别,乡镇（街道）,村（社区）,类别,身份职务,联系电话,同意公开电话,同意日期,状态,示例"
        if header_ok
        else ",".join(rows[0])
    )
    lines = [header] + ['"' + '","'.join(c.replace('"', '""') for c in row) + '"' for row in rows]
    (root / "data/roster.csv").write_text("\n".join(lines) + "\n", "utf-8")
    _build_holds_the_promise(root)


_MARKUP = st.sampled_from(
    [
        "# ",
        "## ",
        "[链接](",
        "](../about.md)",
        "![图](",
        "photos/x.jpg)",
        "<img src=",
        "<a href=",
        '"',
        "'",
        ">",
        "</p>",
        "<svg><image href=",
        "style=",
        "url(",
        "&#104;",
        "javascript:",
        "onerror=",
        "`",
        "```\n",
        "\n\n",
        "| a | b |\n|---|---|\n",
        "!!! note\n    ",
        "<!-- pufa:latest-posts -->",
        "<!-- pufa:next-pufa-days -->",
        "<!-- more -->",
        "合同法",
        "劳动合同法",
        "{ #id }",
        "tel:12348",
    ]
)
_BODY = st.lists(st.one_of(_MARKUP, _WORDS, st.text(max_size=6)), max_size=25).map("".join)


@FUZZ
@given(body=_BODY)
def test_any_post_body(built_baseline, tmp_path_factory, body):
    # Valid front matter, so the build goes all the way through the engine and the gate.
    root = _fresh(built_baseline, tmp_path_factory)
    (root / "docs/blog/posts/fuzz.md").write_text(POST + "\n" + body + "\n", "utf-8")
    _build_holds_the_promise(root)


def test_the_fuzzed_post_template_is_a_valid_post(built_baseline, tmp_path_factory, capsys):
    # The property is only worth something if an unbroken input builds: check the harness itself.
    root = _fresh(built_baseline, tmp_path_factory)
    (root / "docs/blog/posts/fuzz.md").write_text(POST, "utf-8")
    assert main(["--root", str(root), "build"]) == 0
    assert (root / "site/blog/fuzz/index.html").is_file()


# The workflow's own readers get many more examples: they run without a build.
_ANY = st.one_of(
    _VALUE,
    st.dictionaries(
        st.sampled_from(
            ["初审", "复审", "终审", "一审", "days", "words", "name", "date", "end", "wrong", "right", "severity", "except"]
        ),
        _VALUE,
        max_size=5,
    ),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    value=_ANY,
    calendar=st.lists(
        st.dictionaries(st.sampled_from(["name", "date", "end", "topic", "basis"]), _VALUE, max_size=5), max_size=4
    ),
    words=st.lists(
        st.dictionaries(st.sampled_from(["wrong", "right", "severity", "note", "except"]), _VALUE, max_size=5), max_size=4
    ),
)
def test_workflow_readers_never_crash(tmp_path_factory, value, calendar, words):
    from pufa.problems import Problem
    from pufa.sources.frontmatter import FrontMatter
    from pufa.workflow import observances, review, wording

    problems: list[Problem] = []
    fm = FrontMatter(meta={"review": value, "wording_allow": value}, lines={"review": 2, "wording_allow": 3}, body_line=5)
    review.parse(fm, "x.md", problems)
    wording.allowed_words(fm, "x.md", wording.BUILTIN, problems)
    observances.check_tags(value, 4, "x.md", (), problems)
    root = tmp_path_factory.mktemp("workflow")
    (root / "data").mkdir()
    (root / "data/calendar.yml").write_text(_dump({"days": calendar}), "utf-8")
    (root / "data/wording.yml").write_text(_dump({"words": words}), "utf-8")
    _days, found = observances.load_calendar(root)
    entries, found2 = wording.load_entries(root)
    wording.Matcher(entries).find("中华人民共合国婚姻法" + str(value))
    assert all(isinstance(p, Problem) for p in problems + found + found2)
