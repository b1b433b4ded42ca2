"""Wording check (错敏词): wrong names of the state and the party, misspelled leaders' names and
standard political terms, and repealed laws quoted as if they were in force.

Government-website inspections treat a serious wording error as a single-item veto (单项否决):
《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）counts 严重错别字 (wrong names of the
state, the party and leaders) among the items that fail a site outright. A 普法 site has one more
kind of its own: quoting a law that no longer exists.

The built-in list is below, each entry with its source. The bureau's `data/wording.yml` adds
entries, changes an entry's severity, or switches one off (`severity: off`). An error (错误) stops
`check` and the build; a warning (提醒) is printed and stops nothing. Every hit reads
`path:line: …（应为…）`.

A page that mentions a repealed law as history ("民法典施行后，婚姻法同时废止") allows it in its
front matter with `wording_allow: [婚姻法]`: the check then reports each such mention as allowed
(说明) instead of stopping.

Each entry may list `except` phrases that contain the wrong text but are right: 劳动合同法 is in
force although it contains 合同法, 物权法定 is a principle of the 民法典, 婚姻法律 is not a law's name.

Matching is one pass of an Aho–Corasick automaton (pyahocorasick) over each file, whatever the
length of the list: see benchmarks/wording_bench.py for the figures that chose it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path

import ahocorasick

from pufa.problems import ERROR, NOTE, WARNING, Problem, quote
from pufa.sources.frontmatter import FrontMatter
from pufa.sources.textfile import read_text
from pufa.sources.yamlfile import items_of, line_of, load_yaml

WORDING_FILE = "data/wording.yml"
ALLOW_KEY = "wording_allow"
# Data files whose text reaches the site (generated pages, the home page); the others are settings,
# search synonyms (where citizens' words such as 婚姻法 belong) and this list itself.
DATA_FILES = (
    "data/reported.yml",
    "data/hotlines.yml",
    "data/service-points.yml",
    "data/townships.yml",
    "data/categories.yml",
    "data/calendar.yml",
)

REPEALED = "repealed"  # a law that is no longer in force
NAME = "name"  # the state, the party, a leader
TERM = "term"  # a standard political or legal term
CUSTOM = "custom"  # the bureau's own entries


@dataclass(frozen=True)
class Entry:
    wrong: str
    right: str
    severity: str  # ERROR or WARNING
    note: str = ""
    exceptions: tuple[str, ...] = ()  # phrases containing `wrong` that are right
    kind: str = CUSTOM
    line: int = 0  # in data/wording.yml; 0 for a built-in entry


def _law(wrong: str, right: str, note: str, *exceptions: str) -> Entry:
    # 婚姻法律、婚姻法学 are not the law's name: never a hit.
    return Entry(wrong, right, ERROR, note, (f"{wrong}律", f"{wrong}学", *exceptions), REPEALED)


_CIVIL_CODE = "《中华人民共和国民法典》"
_ART_1260 = "民法典第一千二百六十条：民法典自2021年1月1日起施行，该法同时废止"

BUILTIN: tuple[Entry, ...] = (
    # --- Laws repealed by the 民法典 on 2021-01-01 ---------------------------------------------
    # Source: 《中华人民共和国民法典》第一千二百六十条 ("本法自2021年1月1日起施行。《中华人民共和国
    # 婚姻法》、《中华人民共和国继承法》、《中华人民共和国民法通则》、《中华人民共和国收养法》、
    # 《中华人民共和国担保法》、《中华人民共和国合同法》、《中华人民共和国物权法》、《中华人民共和国
    # 侵权责任法》、《中华人民共和国民法总则》同时废止。").
    _law("婚姻法", f"{_CIVIL_CODE}第五编“婚姻家庭”", _ART_1260),
    _law("继承法", f"{_CIVIL_CODE}第六编“继承”", _ART_1260),
    _law("民法通则", f"{_CIVIL_CODE}（主要是第一编“总则”）", _ART_1260),
    _law("收养法", f"{_CIVIL_CODE}第五编第五章“收养”", _ART_1260),
    _law("担保法", f"{_CIVIL_CODE}第二编“物权”中的担保物权和第三编中的保证合同", _ART_1260, "融资担保法"),
    # 劳动合同法 (2008) is in force and contains the text 合同法.
    _law("合同法", f"{_CIVIL_CODE}第三编“合同”", _ART_1260, "劳动合同法"),
    # 物权法定 (numerus clausus) is a principle of the 民法典 itself (第一百一十六条).
    _law("物权法", f"{_CIVIL_CODE}第二编“物权”", _ART_1260, "物权法定"),
    _law("侵权责任法", f"{_CIVIL_CODE}第七编“侵权责任”", _ART_1260),
    _law("民法总则", f"{_CIVIL_CODE}第一编“总则”", _ART_1260),
    # --- Other repealed laws, each replaced by a named law ---------------------------------------
    # Source: 《中华人民共和国合同法》（1999）第四百二十八条: 经济合同法、涉外经济合同法、技术合同法同时废止.
    _law("经济合同法", f"{_CIVIL_CODE}第三编“合同”", "1999年已被合同法废止（合同法第四百二十八条），合同法又已被民法典废止"),
    _law(
        "技术合同法",
        f"{_CIVIL_CODE}第三编第二十章“技术合同”",
        "1999年已被合同法废止（合同法第四百二十八条），合同法又已被民法典废止",
    ),
    # Source: 《中华人民共和国食品安全法》（2009）第一百零四条: 自2009年6月1日起施行，食品卫生法同时废止.
    _law("食品卫生法", "《中华人民共和国食品安全法》", "食品安全法第一百零四条：2009年6月1日起食品卫生法同时废止"),
    # Source: 《中华人民共和国治安管理处罚法》（2005）第一百一十九条: 自2006年3月1日起施行，治安管理处罚条例同时废止.
    _law(
        "治安管理处罚条例",
        "《中华人民共和国治安管理处罚法》",
        "治安管理处罚法（2005年）第一百一十九条：2006年3月1日起治安管理处罚条例同时废止",
    ),
    # Source: 《中华人民共和国禁毒法》第七十一条: 自2008年6月1日起施行，全国人大常委会关于禁毒的决定同时废止.
    _law(
        "关于禁毒的决定",
        "《中华人民共和国禁毒法》",
        "禁毒法第七十一条：2008年6月1日起《全国人民代表大会常务委员会关于禁毒的决定》同时废止",
    ),
    # Source: 《中华人民共和国行政复议法》（1999）第四十三条: 自1999年10月1日起施行，国务院行政复议条例同时废止.
    _law(
        "行政复议条例",
        "《中华人民共和国行政复议法》",
        "行政复议法（1999年）第四十三条：1999年10月1日起国务院《行政复议条例》同时废止",
    ),
    # Source: 《国有土地上房屋征收与补偿条例》（2011）第三十五条: 自公布之日起施行，城市房屋拆迁管理条例同时废止.
    _law(
        "城市房屋拆迁管理条例",
        "《国有土地上房屋征收与补偿条例》",
        "国有土地上房屋征收与补偿条例第三十五条：2011年1月21日起城市房屋拆迁管理条例同时废止",
    ),
    # Source: 全国人民代表大会常务委员会关于废止有关劳动教养法律规定的决定（2013年12月28日）.
    # A warning: nearly every mention is history ("劳动教养制度废止以后…").
    Entry(
        "劳动教养",
        "（劳动教养制度已于2013年12月28日废止）",
        WARNING,
        "全国人大常委会2013年12月28日决定废止劳动教养制度；写的是历史时请核对表述",
        (),
        REPEALED,
    ),
    # --- The state's name ---------------------------------------------------------------------
    # Source: 《中华人民共和国宪法》（国名）. The typos are the input-method slips of the same
    # pinyin (共和/共合, 人民/人名, 中华/中化) and the look-alike character 囯.
    Entry("中华人民共合国", "中华人民共和国", ERROR, "国名错误", (), NAME),
    Entry("中华人民公和国", "中华人民共和国", ERROR, "国名错误", (), NAME),
    Entry("中华人名共和国", "中华人民共和国", ERROR, "国名错误", (), NAME),
    Entry("中化人民共和国", "中华人民共和国", ERROR, "国名错误", (), NAME),
    Entry("中华人民共和囯", "中华人民共和国", ERROR, "国名错误（“囯”是异体字）", (), NAME),
    Entry("中华民共和国", "中华人民共和国", ERROR, "国名漏字", (), NAME),
    # --- The party's name and its bodies ------------------------------------------------------
    # Source: 《中国共产党章程》（党的名称）; 《中华人民共和国宪法》第五十七条、第八十五条（全国人民代表
    # 大会常务委员会、国务院）.
    Entry("中国共产当", "中国共产党", ERROR, "党名错误", (), NAME),
    Entry("共产当员", "共产党员", ERROR, "党名错误", (), NAME),
    Entry("中国共残党", "中国共产党", ERROR, "党名错误", (), NAME),
    Entry("人大长委会", "人大常委会", ERROR, "机构名称错误", (), NAME),
    Entry("国物院", "国务院", ERROR, "机构名称错误", (), NAME),
    Entry("总书计", "总书记", ERROR, "职务名称错误", (), NAME),
    # --- Leaders' names -----------------------------------------------------------------------
    # Source: the name as published by 新华社; the typos are same-pinyin (进/近, 金/近, 苹/平) and
    # look-alike (乎/平) slips. "学习近乎…" and "学习进平台" are ordinary words, not the name.
    Entry("习近乎", "习近平", ERROR, "领导人姓名错误", ("学习近乎",), NAME),
    Entry("习进平", "习近平", ERROR, "领导人姓名错误", ("学习进平",), NAME),
    Entry("习金平", "习近平", ERROR, "领导人姓名错误", ("学习金平",), NAME),
    Entry("习近苹", "习近平", ERROR, "领导人姓名错误", ("学习近苹",), NAME),
    Entry("毛泽冬", "毛泽东", ERROR, "领导人姓名错误", (), NAME),
    Entry("毛择东", "毛泽东", ERROR, "领导人姓名错误", (), NAME),
    # --- Standard political terms -------------------------------------------------------------
    # Source: the terms as written in 党的二十大报告 and 《中国共产党章程》（2022）: 社会主义、不忘初心
    # 牢记使命、一带一路、依法治国; 扫黑除恶 as in 《中华人民共和国反有组织犯罪法》 and the 2018
    # 中共中央、国务院《关于开展扫黑除恶专项斗争的通知》. The example is 扫黑“险”恶.
    Entry("扫黑险恶", "扫黑除恶", ERROR, "规范用语错误", (), TERM),
    Entry("扫黑除饿", "扫黑除恶", ERROR, "规范用语错误", (), TERM),
    Entry("扫黑出恶", "扫黑除恶", ERROR, "规范用语错误", (), TERM),
    Entry("社会主意", "社会主义", ERROR, "规范用语错误", (), TERM),
    Entry("不忘出心", "不忘初心", ERROR, "规范用语错误", (), TERM),
    Entry("牢记使名", "牢记使命", ERROR, "规范用语错误", (), TERM),
    Entry("一代一路", "一带一路", ERROR, "规范用语错误", (), TERM),
    Entry("依法制国", "依法治国", ERROR, "规范用语错误（法治不是法制）", (), TERM),
    Entry("以法治国", "依法治国", WARNING, "规范用语是“依法治国”", (), TERM),
    # Source: 《中华人民共和国法治宣传教育法》（2025年11月1日施行）: the work is 法治宣传教育 now.
    Entry(
        "法制宣传教育", "法治宣传教育", WARNING, "法治宣传教育法施行后统一用“法治宣传教育”；引用旧文件标题时可以保留", (), TERM
    ),
    # Source: 新华社《新华社新闻报道中的禁用词（第一批）》 on Taiwan and on foreign countries.
    Entry("台湾总统", "台湾地区领导人", ERROR, "涉台规范用语", (), TERM),
    Entry("台湾政府", "台湾当局", ERROR, "涉台规范用语", (), TERM),
    Entry(
        "中华民国",
        "（1949年以后的台湾不能称“中华民国”）",
        WARNING,
        "涉台规范用语；写的是1949年以前的历史时可以保留",
        ("中华民国时期", "中华民国临时"),
        TERM,
    ),
    Entry("北朝鲜", "朝鲜", WARNING, "国名规范用语", (), TERM),
    # Source: 《中华人民共和国民法典》第六十一条（法定代表人）; 《中华人民共和国刑事诉讼法》（犯罪嫌疑人）.
    Entry("法人代表", "法定代表人", WARNING, "法律用语：民法典第六十一条称“法定代表人”", (), TERM),
    Entry("嫌疑犯", "犯罪嫌疑人", WARNING, "法律用语：刑事诉讼法称“犯罪嫌疑人”", (), TERM),
)

SEVERITIES = {"error": ERROR, "错误": ERROR, "warning": WARNING, "提醒": WARNING, "off": "off", "关闭": "off"}


@dataclass(frozen=True)
class Hit:
    entry: Entry
    start: int  # offset in the text
    line: int


class Matcher:
    """Every entry's wrong text and its exceptions in one Aho–Corasick automaton."""

    def __init__(self, entries: tuple[Entry, ...]):
        self.entries = entries
        self._automaton = ahocorasick.Automaton()
        patterns: dict[str, list[tuple[int, bool]]] = {}
        for index, entry in enumerate(entries):
            patterns.setdefault(entry.wrong, []).append((index, False))
            for phrase in entry.exceptions:
                patterns.setdefault(phrase, []).append((index, True))
        for text, owners in patterns.items():
            self._automaton.add_word(text, (len(text), tuple(owners)))
        self._empty = not patterns
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, Entry]]:
        """(offset, entry) of each hit: not inside one of the entry's exceptions, not inside a longer hit."""
        if self._empty:
            return []
        hits: list[tuple[int, int, int]] = []  # (start, end, entry index)
        spared: dict[int, list[tuple[int, int]]] = {}  # entry index -> spans of its exceptions
        for end, (length, owners) in self._automaton.iter(text):
            start = end - length + 1
            for index, is_exception in owners:
                if is_exception:
                    spared.setdefault(index, []).append((start, end))
                else:
                    hits.append((start, end, index))
        if not hits:
            return []
        kept = []
        for start, end, index in hits:
            if any(s <= start and end <= e for s, e in spared.get(index, ())):
                continue
            if any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in hits):
                continue  # 合同法 inside 经济合同法: the longer name says it
            kept.append((start, self.entries[index]))
        return sorted(kept, key=lambda hit: hit[0])


def load_entries(root: Path) -> tuple[tuple[Entry, ...], list[Problem]]:
    """The built-in list, extended and adjusted by data/wording.yml (optional)."""
    rel = WORDING_FILE
    entries = {entry.wrong: entry for entry in BUILTIN}
    if not (Path(root) / rel).exists():
        return tuple(entries.values()), []
    data, problems = load_yaml(Path(root) / rel, rel)
    if data is None:
        return tuple(entries.values()), problems
    seen: dict[str, int] = {}
    for item in items_of(data, "words", rel, problems, "{wrong: …, right: …, severity: error}"):
        wrong, right = item.get("wrong"), item.get("right")
        line = line_of(item) or 0
        if not isinstance(wrong, str) or not wrong.strip():
            problems.append(Problem(rel, line, "缺少写错的词（wrong）", fix="如何修改：加上 wrong: 写错的词"))
            continue
        wrong = wrong.strip()
        if wrong in seen:
            problems.append(
                Problem(
                    rel, line, f"“{wrong}”写了两次", actual=f"第 {seen[wrong]} 行和第 {line} 行", fix="如何修改：删掉其中一条"
                )
            )
            continue
        seen[wrong] = line
        raw = item.get("severity", "error")
        severity = "off" if raw is False else SEVERITIES.get(str(raw).strip().lower())  # YAML reads a bare off as false
        if severity is None:
            problems.append(
                Problem(
                    rel,
                    line_of(item, "severity") or line,
                    f"“{wrong}”的严重程度（severity）不对",
                    expected="error（错误，停止生成）、warning（提醒）或 off（关闭内置的这一条）",
                    actual=quote(item.get("severity")),
                    fix="如何修改：改成 error、warning 或 off",
                )
            )
            continue
        if severity == "off":
            if entries.pop(wrong, None) is None:
                problems.append(Problem(rel, line, f"要关闭的“{wrong}”不在内置名单中", fix="如何修改：核对写法，或删掉这一条"))
            continue
        builtin = entries.get(wrong)
        if (not isinstance(right, str) or not right.strip()) and builtin is None:
            problems.append(
                Problem(
                    rel,
                    line_of(item, "right") or line,
                    f"“{wrong}”缺少正确的写法（right）",
                    fix="如何修改：加上 right: 正确的写法",
                )
            )
            continue
        exceptions = item.get("except") or []
        if isinstance(exceptions, str):
            exceptions = [exceptions]
        if not isinstance(exceptions, list) or not all(isinstance(e, str) and wrong in e for e in exceptions):
            problems.append(
                Problem(
                    rel,
                    line_of(item, "except") or line,
                    f"“{wrong}”的例外（except）不对",
                    expected=f"包含“{wrong}”的正确说法的列表，如 [{wrong}……]",
                    actual=quote(item.get("except")),
                    fix="如何修改：每个例外都要包含写错的那个词，写成列表",
                )
            )
            continue
        note = str(item.get("note") or "").strip()
        if builtin is not None:  # the bureau adjusts a built-in entry: keep what it does not say
            entries[wrong] = replace(
                builtin,
                right=right.strip() if isinstance(right, str) and right.strip() else builtin.right,
                severity=severity,
                note=note or builtin.note,
                exceptions=builtin.exceptions + tuple(exceptions),
                line=line,
            )
        else:
            entries[wrong] = Entry(wrong, right.strip(), severity, note, tuple(exceptions), CUSTOM, line)
    return tuple(entries.values()), problems


def check_text(
    text: str, rel: str, matcher: Matcher, allowed: frozenset[str] = frozenset(), skip: range = range(0), first_line: int = 1
) -> tuple[list[Problem], list[Problem], set[str]]:
    """(errors, warnings and notes, allowed words that were used) for one file's text.

    skip: file lines not checked (the wording_allow key itself names the words)."""
    errors: list[Problem] = []
    others: list[Problem] = []
    used: set[str] = set()
    hits = matcher.find(text)
    if not hits:
        return errors, others, used
    starts = _line_starts(text)
    for offset, entry in hits:
        line = bisect_right(starts, offset) - 1 + first_line
        if line in skip:
            continue
        if entry.wrong in allowed:
            used.add(entry.wrong)
            others.append(
                Problem(
                    rel,
                    line,
                    f"“{entry.wrong}”是历史提及，已放行",
                    fix=f"应为{entry.right}；本文前置信息 {ALLOW_KEY} 写明这里不改",
                    severity=NOTE,
                )
            )
        else:
            (errors if entry.severity == ERROR else others).append(_hit(rel, line, entry))
    return errors, others, used


def _hit(rel: str, line: int, entry: Entry) -> Problem:
    note = f"；{entry.note}" if entry.note else ""
    if entry.severity == WARNING:
        return Problem(rel, line, f"用词可能不规范：“{entry.wrong}”", fix=f"应为{entry.right}{note}", severity=WARNING)
    if entry.kind == REPEALED:
        return Problem(
            rel,
            line,
            f"引用了已废止的法律：“{entry.wrong}”",
            fix=f"应为{entry.right}{note}；确是讲历史（如“民法典施行后，婚姻法同时废止”）时，在前置信息写 {ALLOW_KEY}: [{entry.wrong}]",
        )
    return Problem(rel, line, f"用词错误：“{entry.wrong}”", fix=f"应为“{entry.right}”{note}")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def allowed_words(fm: FrontMatter, rel: str, entries: tuple[Entry, ...], problems: list[Problem]) -> tuple[frozenset[str], range]:
    """The words a page allows (wording_allow), and the lines of that key (not checked themselves)."""
    value = fm.meta.get(ALLOW_KEY)
    if value in (None, "", []):
        return frozenset(), range(0)
    line = fm.line(ALLOW_KEY)
    later = [n for key, n in fm.lines.items() if "." not in key and n > line]
    span = range(line, min(later) if later else fm.body_line - 1)
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in values):
        problems.append(
            Problem(
                rel,
                line,
                f"{ALLOW_KEY} 格式不对",
                expected=f"放行的词的列表，如 {ALLOW_KEY}: [婚姻法, 继承法]",
                actual=quote(value),
            )
        )
        return frozenset(), span
    known = {entry.wrong for entry in entries}
    for word in values:
        if word.strip() not in known:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"{ALLOW_KEY} 里的“{word}”不在用词检查的名单中",
                    expected="名单中写错的词，如 婚姻法",
                    actual=quote(word),
                    fix="如何修改：删掉它，或核对写法",
                )
            )
    return frozenset(v.strip() for v in values), span


def check_pages(
    root: Path,
    docs_rel: str,
    texts: dict[str, str],
    pages: dict[str, FrontMatter],
    entries: tuple[Entry, ...],
    data_files: bool = True,
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings and notes) for every page's text and (data_files) the data files that reach the site."""
    matcher = Matcher(entries)
    errors: list[Problem] = []
    others: list[Problem] = []
    for src_uri, text in texts.items():
        rel = f"{docs_rel}/{src_uri}"
        fm = pages.get(src_uri)
        allowed, skip = allowed_words(fm, rel, entries, errors) if fm is not None else (frozenset(), range(0))
        found, notes, used = check_text(text, rel, matcher, allowed, skip)
        errors += found
        others += notes
        for word in sorted(allowed - used):
            if word in {e.wrong for e in entries}:
                others.append(
                    Problem(
                        rel,
                        fm.line(ALLOW_KEY),
                        f"{ALLOW_KEY} 里的“{word}”在本文中没有出现",
                        fix="如何修改：删掉它，免得以后真写错时被放行",
                        severity=WARNING,
                    )
                )
    for rel in DATA_FILES if data_files else ():
        path = Path(root) / rel
        if path.is_file():
            text, _ = read_text(path, rel)  # unreadable files are reported by their own loader
            if text is not None:
                found, notes, _ = check_text(text, rel, matcher)
                errors += found
                others += notes
    return errors, others
