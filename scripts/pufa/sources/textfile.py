"""Read editors' text files strictly: UTF-8 only, with a Chinese message for BOM and GBK.

Windows Notepad, Excel and WPS save with a BOM or in GBK; MkDocs would quietly turn GBK into
mojibake, so every source file goes through here first.
"""

from __future__ import annotations

from pathlib import Path

from pufa.problems import Problem

BOM = b"\xef\xbb\xbf"


def read_text(path: Path, rel: str, *, allow_bom: bool = False) -> tuple[str | None, list[Problem]]:
    """Return (text, problems). text is None when the file cannot be used at all."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(rel, None, "文件无法读取", actual=f"“{err.strerror}”", fix="请检查文件是否存在、是否有读取权限")]
    if data.startswith(BOM):
        if not allow_bom:
            return None, [
                Problem(
                    rel,
                    1,
                    "文件开头带有 BOM 标记（记事本“UTF-8 带 BOM”格式）",
                    expected="UTF-8（无 BOM）编码",
                    actual="UTF-8 带 BOM",
                    fix="如何修改：用 VS Code 或记事本“另存为”，编码选“UTF-8”（不要选“UTF-8 带 BOM”）",
                )
            ]
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return None, [
            Problem(
                rel,
                line,
                "文件不是 UTF-8 编码",
                expected="UTF-8 编码",
                actual=_guess_encoding(data),
                fix="如何修改：用 VS Code 或记事本打开后“另存为”，编码选“UTF-8”",
            )
        ]


def _guess_encoding(data: bytes) -> str:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return "无法识别的编码"
    return "GBK/GB18030 编码（Windows 中文版常见）"


def find_line(path: Path, needle: str) -> int | None:
    """The first line of an editor's file that contains needle (a link, a URL), for messages.

    A URL the browser reads differently from how it was typed (&#104;ttps://…, \\host) is also
    found by its host and path, or by its last part."""
    if not path.is_file() or not needle:
        return None
    lines = path.read_text("utf-8", errors="replace").split("\n")
    for candidate in _forms(needle):
        found = next((number for number, line in enumerate(lines, 1) if candidate in line), None)
        if found:
            return found
    return None


def _forms(needle: str) -> list[str]:
    forms = [needle]
    rest = needle.split("://", 1)[-1].lstrip("/\\")
    if rest != needle:
        forms.append(rest)
    tail = rest.rstrip("/").rsplit("/", 1)[-1]
    if len(tail) >= 5 and tail not in forms:
        forms.append(tail)
    return forms
