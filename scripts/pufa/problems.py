"""Content problems: what editors see when their Markdown, CSV or YAML is wrong.

Every validator yields `Problem`s instead of raising, so one run lists every mistake in every
file (check-peps style) and the editor can fix them in one pass.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int | None  # 1-based; None when the problem is about the whole file
    message: str  # what is wrong, in Chinese
    expected: str = ""  # 期望
    actual: str = ""  # 实际
    fix: str = ""  # 如何修改

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
        return f"{where}: {self.message}{tail}"


def format_problems(problems: list[Problem]) -> str:
    lines = [p.format() for p in sorted(problems, key=lambda p: (p.path, p.line or 0))]
    lines.append(f"共发现 {len(problems)} 个问题，请按上面的提示修改后重新运行。")
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
