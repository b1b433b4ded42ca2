"""`python -m pufa new post|site|page`: start a new page with front matter that passes `check`.

Editors are not programmers: ask only what the page needs, offer the allowed values by number,
and never overwrite a file. Flags answer questions in advance; with --yes nothing is asked and
every missing value is listed at once, so a script gets one complete error instead of a prompt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from pufa.content import Loaded, load_content
from pufa.kinds import shortlinks
from pufa.schema import DATE_EXPECTED, FIGURE_KEYS, SAFE_PATH, SITE_KINDS, SITE_LEVELS, parse_date, suggest

KINDS = ("post", "site", "page")
TRIES = 3
# Folders under docs/ that belong to posts, sites or generated pages: a plain page there would be
# validated as something else or collide with what the build writes.
RESERVED = ("blog/", "sites/", "roster/", "figures/", shortlinks.PREFIX)
NEXT_STEPS = "下一步：打开这个文件，把括号里的提示换成正文；然后运行 python -m pufa check 检查，make serve 预览"
NO_INPUT = "没有读到输入，已取消，没有写任何文件。"

Check = Callable[[str], tuple[str, str]]  # text -> (value, why it is refused; "" when accepted)


class Cancelled(Exception):
    """Ends the command with exit status 1 and this message: editors never see a traceback."""


@dataclass
class Question:
    flag: str
    label: str  # what is asked, e.g. 分类
    hint: str  # shown under the question
    check: Check
    choices: tuple[str, ...] = ()
    default: str | None = None  # used on Enter, and with --yes


@dataclass
class Draft:
    path: Path  # relative to the project folder, as messages show it
    text: str
    notes: list[str] = field(default_factory=list)  # printed after the path


@dataclass
class Asker:
    stdin: TextIO
    stdout: TextIO
    interactive: bool
    missing: list[Question] = field(default_factory=list)

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def get(self, question: Question, given: str | None) -> str | None:
        """The flag's value if given (refused outright when wrong), else the default or an answer."""
        if given is not None:
            value, why = question.check(given.strip())
            if why:
                raise Cancelled(f"{question.flag} “{given}”：{why}。没有写任何文件。")
            return value
        if not self.interactive:
            if question.default is None:
                self.missing.append(question)
            return question.default
        return self.ask(question)

    def ask(self, question: Question) -> str:
        self.say(f"{question.label}：{question.hint}" if question.hint else f"{question.label}：")
        if question.choices:
            self.say(numbered(question.choices))
        for _ in range(TRIES):
            text = self.read()
            if not text and question.default is not None:
                return question.default
            value, why = question.check(text)
            if not why:
                return value
            self.say(f"  {why}，请重新输入。")
        raise Cancelled(f"{TRIES} 次都没有输入有效的{question.label}，已取消，没有写任何文件。")

    def read(self) -> str:
        self.stdout.write("> ")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:  # end of input (Ctrl+D, or a script that ran out of answers)
            self.say()
            raise Cancelled(NO_INPUT)
        return line.strip()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", metavar="类型", choices=KINDS, help="post 普法活动文章，site 法治文化阵地，page 其他页面")
    parser.add_argument("--title", help="标题")
    parser.add_argument("--date", help="活动日期（post）：2023、2023-10 或 2023-03-03，默认今天")
    parser.add_argument("--category", help="分类（post），data/categories.yml 中的一个")
    parser.add_argument("--township", help="乡镇（街道）：post 可写“全县”；site 写全称")
    parser.add_argument("--village", help="所在村（社区）（site）")
    parser.add_argument("--kind", dest="site_kind", help="阵地类型（site）：" + "、".join(SITE_KINDS))
    parser.add_argument("--level", help="阵地级别（site）：" + "、".join(SITE_LEVELS))
    parser.add_argument("--qr", help="二维码编号（site）：小写英文或拼音，如 binhe-park")
    parser.add_argument("--file", help="英文或拼音文件名，不带 .md（post 会在前面加上日期；site 默认用二维码编号）")
    parser.add_argument("--yes", action="store_true", help="不逐项询问：缺少的内容一次列出并退出")


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
    if asker.interactive:
        asker.say(
            {"post": "新建普法活动文章", "site": "新建法治文化阵地", "page": "新建页面"}[args.what] + "（按 Ctrl+C 随时取消）"
        )
    draft = {"post": _post, "site": _site, "page": _page}[args.what](root, args, asker, loaded)
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
        raise Cancelled(_exists(draft.path)) from None


# --- the three kinds of page ---------------------------------------------------------------


def _post(root: Path, args, asker: Asker, loaded: Loaded) -> Draft | None:
    content = loaded.content
    if not content.categories or not content.townships:
        raise Cancelled("data/categories.yml 或 data/townships.yml 有问题，先运行 python -m pufa check 按提示修改。")
    title = asker.get(_text_question("如 文艺轻骑兵进基层巡演"), args.title)
    category = asker.get(_choice_question("--category", "分类", [c.name for c in content.categories], ""), args.category)
    places = [content.county_label] + [t.name for t in content.townships]
    township = asker.get(
        _choice_question("--township", "乡镇（街道）", places, f"全县范围的活动选“{content.county_label}”"), args.township
    )
    date = asker.get(_date_question(), args.date)
    folder = Path("docs/blog/posts")

    def target(slug: str) -> Path:
        return folder / f"{_post_name(date, slug)}.md"

    slug = asker.get(_file_question(root, target, "pear-festival", "前面会自动加上日期"), args.file)
    if None in (title, category, township, date, slug):
        return None
    name = _post_name(date, slug)
    notes = [f"照片请放在 {folder.as_posix()}/photos/{name}/ ，然后在 photos: 下面列出文件名"]
    if args.date is None and not asker.interactive:  # nobody saw the default: a guessed date must not go unnoticed
        notes.append(f"没有给 --date，日期写的是今天 {date}；不是活动当天的话，改成确知的年、年月或日期")
    several = "[" + ", ".join(t.name for t in content.townships[:2]) + "]"
    return Draft(folder / f"{name}.md", post_text(title, date, category, township, name, several), notes)


def _site(root: Path, args, asker: Asker, loaded: Loaded) -> Draft | None:
    title = asker.get(_text_question("如 滨河公园法治主题公园"), args.title)
    kind = asker.get(_choice_question("--kind", "类型", SITE_KINDS, "选一个最接近的，都不合适就选“其他”"), args.site_kind)
    level = asker.get(_choice_question("--level", "级别", SITE_LEVELS, ""), args.level)
    township = _site_township(args, asker, loaded, level)
    village = _site_village(args, asker, loaded, level, township)
    folder = Path("docs/sites")
    # The file name defaults to the qr id, so a taken file name is as good as a taken id.
    taken_file = (lambda code: folder / f"{code}.md") if args.file is None else (lambda code: None)
    code = asker.get(_qr_question(root, loaded, taken_file), args.qr)
    name = (
        code
        if args.file is None
        else asker.get(_file_question(root, lambda text: folder / f"{text}.md", "binhe-park", ""), args.file)
    )
    if None in (title, kind, level, township, village, code, name):
        return None
    notes = [
        f"照片请放在 {folder.as_posix()}/photos/{name}/ ，然后在 photos: 下面列出文件名",
        f"印刷二维码标牌前，把编号 {code} 登记到 data/qr.yml（python -m pufa signs 生成标牌）",
    ]
    return Draft(folder / f"{name}.md", site_text(title, code, kind, level, township, village, name), notes)


def _site_township(args, asker: Asker, loaded: Loaded, level: str | None) -> str | None:
    """Asked only when the level needs it; a county-level site may still name one with --township."""
    names = [t.name for t in loaded.content.townships]
    if level not in ("乡级", "村级") and args.township is None:
        return ""
    if not names:
        raise Cancelled("data/townships.yml 有问题，先运行 python -m pufa check 按提示修改。")
    return asker.get(_choice_question("--township", "所在乡镇（街道）", names, ""), args.township)


def _site_village(args, asker: Asker, loaded: Loaded, level: str | None, township: str | None) -> str | None:
    if level != "村级" and args.village is None:
        return ""
    known = loaded.content.township(township).villages if township and loaded.content.township(township) else ()
    if known:  # the bureau has entered this township's villages: offer them
        return asker.get(_choice_question("--village", "所在村（社区）", known, ""), args.village)
    return asker.get(_text_question("如 鹁鸽吴村", flag="--village", label="所在村（社区）"), args.village)


def _page(root: Path, args, asker: Asker, loaded: Loaded) -> Draft | None:
    title = asker.get(_text_question("如 法律援助申请指南"), args.title)
    question = _file_question(
        root, lambda text: Path(f"docs/{text}.md"), "legal-aid", "放进子文件夹就写成 services/legal-aid", dirs=True
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


# --- questions -------------------------------------------------------------------------------


def _text_question(example: str, flag: str = "--title", label: str = "标题") -> Question:
    def check(text: str) -> tuple[str, str]:
        return (text, "") if text else ("", "不能为空")

    return Question(flag, label, example, check)


def _choice_question(flag: str, label: str, choices, hint: str) -> Question:
    choices = tuple(choices)

    def check(text: str) -> tuple[str, str]:
        if text.isdigit() and 1 <= int(text) <= len(choices):
            return choices[int(text) - 1], ""
        if text in choices:
            return text, ""
        near = suggest(text, list(choices)) if text else ""
        wrong = f"“{text}”不在列表中" + (f"（{near}）" if near else "") if text else "没有输入"
        return "", f"{wrong}，应输入序号（1–{len(choices)}）或完整名称"

    prompt = "输入序号或名称" + (f"；{hint}" if hint else "")
    return Question(flag, label, prompt, check, choices)


def _date_question() -> Question:
    today = dt.date.today().isoformat()

    def check(text: str) -> tuple[str, str]:
        date, hint = parse_date(text)
        if date is None:
            return "", "日期格式不对" + (f"（是不是 {hint}？）" if hint else "") + f"，应写成{DATE_EXPECTED}"
        return date.iso(), ""

    hint = f"只写确知的精度，如 2023-03-03；不知道具体哪天就只写年或年月（2023 或 2023-10）。直接回车用今天 {today}"
    return Question("--date", "活动日期", hint, check, default=today)


def _file_question(root: Path, target: Callable[[str], Path], example: str, hint: str, dirs: bool = False) -> Question:
    """target: the project-relative file a name stands for (posts add the date)."""

    def check(text: str) -> tuple[str, str]:
        name = text.removesuffix(".md")
        why = name_problem(name, dirs)
        if not why and (root / target(name)).exists():
            why = _exists(target(name))
        return name, why

    prompt = f"英文或拼音文件名（如 {example}），它会成为网址" + (f"；{hint}" if hint else "")
    return Question("--file", "文件名", prompt, check)


def _qr_question(root: Path, loaded: Loaded, taken_file: Callable[[str], Path | None]) -> Question:
    def check(text: str) -> tuple[str, str]:
        why = shortlinks.check_id(text)
        if not why and text in loaded.qr_owners:
            why = f"编号“{text}”已被 docs/{loaded.qr_owners[text][0]} 使用，换一个"
        path = taken_file(text)
        if not why and path is not None and (root / path).exists():
            why = _exists(path)
        return text, why

    hint = f"印在标牌上，定下后不能再改；{shortlinks.ID_EXPECTED}"
    return Question("--qr", "二维码编号", hint, check)


def name_problem(name: str, dirs: bool = False) -> str:
    """Why name cannot be a file name under docs/ (it becomes a URL), or ""."""
    if not name:
        return "不能为空"
    if not name.isascii():
        return "不能用中文或全角字符，用英文或拼音，如 pear-festival"
    if any(c.isspace() for c in name):
        return "不能有空格，用连字符 - 连接，如 pear-festival"
    if "/" in name and not dirs:
        return "不能含 /"
    if not SAFE_PATH.match(name):
        return "只能用英文字母、数字、-、_ 和 ."
    if any(part in ("", ".", "..") or part.startswith(".") for part in name.split("/")):
        return "不能以 . 或 / 开头，也不能有空的文件夹名"
    if dirs and name.startswith(RESERVED):
        return "这个文件夹留给普法活动、阵地或自动生成的页面；普法活动用 new post，阵地用 new site"
    return ""


def _exists(path: Path) -> str:
    return f"已经有文件 {path.as_posix()}，不会覆盖它；换一个文件名"


def _post_name(date: str | None, slug: str) -> str:
    """<date>-<slug>, without doubling a date the editor already typed."""
    return slug if date is None or slug.startswith(f"{date}-") else f"{date}-{slug}"


def numbered(choices: tuple[str, ...], per_line: int = 4) -> str:
    """Choices as “ 1. 名称” in columns; ideographic spaces keep Chinese names aligned."""
    width = max(len(c) for c in choices)
    cells = [f"{i:>3}. {c}" + "\u3000" * (width - len(c)) for i, c in enumerate(choices, 1)]
    return "\n".join("".join(cells[i : i + per_line]).rstrip() for i in range(0, len(cells), per_line))


# --- file texts ------------------------------------------------------------------------------


def field_line(key: str, value: str) -> str:
    """`key: value`, quoted only where YAML would misread the value (a title “2023”, a qr “no”)."""
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1_000_000).rstrip("\n")


def post_text(title: str, date: str, category: str, township: str, name: str, several: str) -> str:
    # The date goes in unquoted: YAML then reads 2023 and 2023-03-03 as the year and date they are.
    # Commented examples are chosen so that one uncommented but not filled in is caught by `check`.
    figures = "\n".join(f"#   {key}:" for key in FIGURE_KEYS)
    return f"""---
{field_line("title", title)}
date: {date}   # 只写确知的精度：2023、2023-10 或 2023-03-03
{field_line("category", category)}
{field_line("township", township)}   # 多个乡镇写成 {several}
# 活动数据（可选）：知道哪项，就删掉 figures: 和那一项前面的 #，填整数；“1200余”写成 "1200+"
# figures:
{figures}
# 照片（可选）：放进 docs/blog/posts/photos/{name}/ ，再删掉下面两行前面的 #，每张照片一行
# photos:
#   - photos/{name}/01.jpg
# 报告或记录的原文（可选），页面上显示为“报告原文”
# source: ""
# 上网发布的那一天（建议写，完整日期）：首页多久没更新就按它算
# published: 年-月-日
# 为普法日历里的哪一天写的（可选），写 data/calendar.yml 里的名称，如 全民国家安全教育日
# calendar: 普法日名称
---

（第一段是活动列表里显示的摘要：用一两句话写清什么时间、在哪里、做了什么。）

<!-- more -->

（正文：只写报告或记录里确知的事实。写完删掉括号里的提示。）
"""


def site_text(title: str, code: str, kind: str, level: str, township: str, village: str, name: str) -> str:
    place = "".join(f"{field_line(k, v)}\n" for k, v in (("township", township), ("village", village)) if v)
    return f"""---
{field_line("title", title)}
{field_line("qr", code)}   # 二维码编号：印在标牌上，定下后不要再改
{field_line("kind", kind)}
{field_line("level", level)}
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


def page_text(title: str) -> str:
    return f"""---
{field_line("title", title)}
---

（在这里写正文，小标题用 ## 开头。写完删掉括号里的提示。）
"""
