"""`python -m pufa new <kind>|page`: start a new page with front matter that passes `check`.

Editors are not programmers: ask only what the page needs, offer the allowed values by number,
and never overwrite a file. Flags answer questions in advance; with --yes nothing is asked and
every missing value is listed at once, so a script gets one complete error instead of a prompt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

import yaml

from pufa.content import Loaded, load_content
from pufa.kinds import registry
from pufa.kinds.scaffolding import Asker, Cancelled, Draft, Question, exists, field_line, file_question, text_question

NEXT_STEPS = "下一步：打开这个文件，把括号里的提示换成正文；然后运行 python -m pufa check 检查，make serve 预览"
# Each kind `new` can start, by name (kinds/registry.py), and the plain page, which is no kind.
KINDS = (*registry.scaffolds(), "page")
WHY_RESERVED = "这个文件夹留给{}或自动生成的页面；{}".format(
    "、".join(kind.label for kind in registry.scaffolds().values()),
    "，".join(f"{kind.label}用 new {name}" for name, kind in registry.scaffolds().items()),
)
# Folders a plain page may not go into: they belong to a kind or to pages the build generates.
RESERVED = registry.RESERVED


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = registry.scaffolds()
    what = "，".join([*(f"{name} {kind.scaffold.help}" for name, kind in kinds.items()), "page 其他页面"])
    parser.add_argument("what", metavar="类型", choices=KINDS, help=what)
    parser.add_argument("--title", help="标题")
    parser.add_argument("--date", help="日期：2023、2023-10 或 2023-03-03，默认今天")
    parser.add_argument("--township", help="乡镇（街道）：写全称；全县范围的活动可写“全县”")
    parser.add_argument("--village", help="所在村（社区）")
    parser.add_argument("--file", help="英文或拼音文件名，不带 .md（post 会在前面加上日期；site 默认用二维码编号）")
    parser.add_argument("--yes", action="store_true", help="不逐项询问：缺少的内容一次列出并退出")
    for kind in kinds.values():  # each kind's own questions
        if kind.scaffold.arguments is not None:
            kind.scaffold.arguments(parser)


def run(root: Path, args: argparse.Namespace, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    # None means the streams current at call time: a default bound at import would miss pytest's capture.
    stdout = stdout or sys.stdout
    asker = Asker(stdin or sys.stdin, stdout, interactive=not args.yes)
    try:
        draft = _draft(Path(root), args, asker)
        _write(Path(root), draft)
    except Cancelled as err:
        print(err, file=stdout)
        return 1
    except KeyboardInterrupt:
        print("\n已取消，没有写任何文件。", file=stdout)
        return 1
    print(f"已新建 {draft.path.as_posix()}", file=stdout)
    for note in [*draft.notes, NEXT_STEPS]:
        print(note, file=stdout)
    return 0


def _draft(root: Path, args: argparse.Namespace, asker: Asker) -> Draft:
    if not (root / "docs").is_dir():
        raise Cancelled(f"找不到 {root / 'docs'} 文件夹：请在项目文件夹里运行，或用 --root 指定项目文件夹。")
    loaded = load_content(root)
    kind = registry.scaffolds().get(args.what)
    if asker.interactive:
        asker.say((kind.scaffold.title if kind else "新建页面") + "（按 Ctrl+C 随时取消）")
    draft = (kind.scaffold.draft if kind else _page)(root, args, asker, loaded)
    if asker.missing:
        raise Cancelled(_missing_message(asker.missing))
    return draft


def _missing_message(missing: list[Question]) -> str:
    lines = ["缺少以下内容（用了 --yes，不会逐项询问）："]
    for question in missing:
        allowed = f"，可选：{'、'.join(question.choices)}" if question.choices else ""
        lines.append(f"  {question.flag}：{question.label}{allowed}")
    lines.append("加上这些参数后重新运行，或去掉 --yes 按提示逐项填写。没有写任何文件。")
    return "\n".join(lines)


def _write(root: Path, draft: Draft) -> None:
    path = root / draft.path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x" refuses an existing file even if one appeared after the question was answered.
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(draft.text)
    except FileExistsError:
        raise Cancelled(exists(draft.path)) from None


def _page(root: Path, args, asker: Asker, loaded: Loaded) -> Draft | None:
    title = asker.get(text_question("如 法律援助申请指南"), args.title)
    question = file_question(
        root,
        lambda text: Path(f"docs/{text}.md"),
        "legal-aid",
        "放进子文件夹就写成 services/legal-aid",
        dirs=True,
        reserved=(RESERVED, WHY_RESERVED),
    )
    name = asker.get(question, args.file)
    if None in (title, name):
        return None
    return Draft(Path(f"docs/{name}.md"), page_text(title), _page_notes(title, name))


def _page_notes(title: str, name: str) -> list[str]:
    """The build refuses a page that is neither in nav nor in not_in_nav: say exactly what to add."""
    nav_line = yaml.safe_dump([{title: f"{name}.md"}], allow_unicode=True, width=1_000_000).rstrip("\n")
    return [
        "新页面要放进网站导航，否则生成网站时会报错。在 mkdocs.yml 的 nav: 下面想放的位置加这一行（行首两个空格，与 nav: 下面其他各行对齐）：",
        f"  {nav_line}",
        f"不想放进导航的话：在 mkdocs.yml 的 not_in_nav: 下面加一行“  /{name}.md”，"
        f"并在另一个页面里链接它，例如在 docs/index.md 里写：[{title}]({name}.md)",
    ]


# --- file texts ------------------------------------------------------------------------------


def page_text(title: str) -> str:
    return f"""---
{field_line("title", title)}
---

（在这里写正文，小标题用 ## 开头。写完删掉括号里的提示。）
"""
