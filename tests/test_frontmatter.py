"""The front-matter parser: line numbers, full-width colons, YAML mistakes explained in Chinese."""

import pytest

from pufa.sources.frontmatter import parse


def test_reads_keys_with_their_lines():
    fm, problems = parse("---\ntitle: 标题\ndate: 2023\nfigures:\n  场次: 3\n---\n正文\n", "a.md")
    assert problems == []
    assert fm.meta == {"title": "标题", "date": 2023, "figures": {"场次": 3}}
    assert fm.lines == {"title": 2, "date": 3, "figures": 4, "figures.场次": 5}
    assert fm.body == "正文\n"
    assert fm.body_line == 7


def test_no_front_matter_is_fine():
    fm, problems = parse("# 标题\n\n正文\n", "a.md")
    assert problems == [] and fm.meta == {} and not fm.present and fm.body_line == 1


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        # full-width colon after a key (Chinese input method)
        ("---\ntitle: 标题\ncategory：普法文艺\n---\n", 3, "全角冒号"),
        ("---\n标题：x\n---\n", 2, "全角冒号"),
        # a value containing ": " without quotes
        ("---\ntitle: 会议: 总结\n---\n", 2, "冒号用法不对"),
        # indentation with a tab
        ("---\nfigures:\n\t场次: 3\n---\n", 3, "Tab"),
        # unbalanced quotes
        ('---\ntitle: "标题\ndate: 2023\n---\n', 2, "引号没有配对"),
        # opening fence without a closing one
        ("---\ntitle: 标题\n\n正文\n", 1, "没有对应的结束行"),
        # a key written twice
        ("---\ntitle: 一\ntitle: 二\n---\n", 3, "写了两次"),
        # not a mapping at all
        ("---\n- 一\n- 二\n---\n", 2, "不是“名称: 值”的形式"),
    ],
)
def test_mistakes_are_reported_with_their_line(text, line, fragment):
    _, problems = parse(text, "docs/a.md")
    assert len(problems) == 1, problems
    assert problems[0].line == line
    assert fragment in problems[0].format()
    assert problems[0].format().startswith(f"docs/a.md:{line}: ")


def test_colon_inside_a_quoted_value_is_not_a_mistake():
    fm, problems = parse('---\ntitle: "会议：总结"\n---\n', "a.md")
    assert problems == [] and fm.meta["title"] == "会议：总结"
