"""Content problems: what editors see when their Markdown, CSV or YAML is wrong.

Every validator yields `Problem`s instead of raising, so one run lists every mistake in every
file (check-peps style) and the editor can fix them in one pass.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass

# How much a problem matters. Errors stop `check` and the build; a warning (提醒) and a note (说明,
# such as a wording hit the page allows) are printed by `check`, `build` and `serve` alike, after the
# errors, and never stop anything. Loaders keep them apart: errors in `problems`, the rest in `warnings`.
ERROR = "error"
WARNING = "warning"
NOTE = "note"
_LABELS = {ERROR: "", WARNING: "提醒：", NOTE: "说明："}


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int | None  # 1-based; None when the problem is about the whole file
    message: str  # what is wrong, in Chinese
    expected: str = ""  # 期望
    actual: str = ""  # 实际
    fix: str = ""  # 如何修改
    severity: str = ERROR  # ERROR, WARNING or NOTE

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        details = []
        if self.expected:
            details.append(f"期望{self.expected}")
        if self.actual:
            details.append(f"实际{self.actual}")
        if self.fix:
            details.append(self.fix)
        tail = f"（{'，'.join(details)}）" if details else ""
        return f"{where}: {_LABELS.get(self.severity, '')}{self.message}{tail}"


def format_problems(problems: list[Problem]) -> str:
    lines = [p.format() for p in sorted(problems, key=lambda p: (p.path, p.line or 0))]
    lines.append(f"共发现 {len(problems)} 个问题，请按上面的提示修改后重新运行。")
    return "\n".join(lines)


def format_warnings(warnings: list[Problem]) -> str:
    """Reminders and notes, as `check`, `build` and `serve` all print them: "" when there are none."""
    if not warnings:
        return ""
    lines = [p.format() for p in sorted(warnings, key=lambda p: (p.severity != WARNING, p.path, p.line or 0))]
    counts = []
    if reminders := sum(p.severity == WARNING for p in warnings):
        counts.append(f"{reminders} 条提醒")
    if notes := len(warnings) - reminders:
        counts.append(f"{notes} 条说明")
    lines.append(f"另有 {'、'.join(counts)}，不影响生成；提醒请尽快处理。")
    return "\n".join(lines)


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxdict, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxset = 2, 3, 3, 3, 3
_SHORT.maxstring = _SHORT.maxother = 60


def quote(value: object) -> str:
    """Show a value to an editor: “…”, shortened when long.

    Never formats a whole structure first: a YAML list or mapping can be huge (or, before aliases
    were refused, billions of items), so containers go through a depth- and length-limited repr."""
    text = value if isinstance(value, str) else _SHORT.repr(value) if isinstance(value, (dict, list, tuple, set)) else str(value)
    if len(text) > 40:
        text = text[:40] + "…"
    return f"“{text}”"
