"""Mainland mobile numbers and resident ID numbers in any text, however they were typed.

Used twice: on the roster's free-text cells when it is read (a clear message for the editor), and by
the publication gate on every text file of the built site (the promise, whatever path the number
took). A number counts when it stands on its own, not as part of a longer run of digits.

- Mobile: 11 digits starting 13–19, also written 138 1234 5678, 138-1234-5678, with full-width
  digits (１３８…) or a +86 / 86 prefix.
- Resident ID (GB 11643-1999): 18 characters, 17 digits and a check character computed with
  ISO 7064 MOD 11-2, with a region code and a real birth date; and the old 15-digit form (region,
  YYMMDD birth date in the 1900s, sequence).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Full-width digits, hyphens and spaces from Chinese input methods read as ASCII.
_WIDE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "－": "-",
        "—": "-",
        "‐": "-",
        "\u3000": " ",
        "ｘ": "x",
        "Ｘ": "X",
        "＋": "+",
    }
)
_ANY_WIDE = re.compile("[\uff10-\uff19]")
# Candidates start with a literal or a small set, which lets the regex engine skip ahead quickly
# (a leading look-behind made the same search a hundred times slower on a county-sized site);
# the boundaries are checked by hand after a candidate is found.
_SEP = "[ \\-\u00a0\u3000\uff0d\u2014\u2010]?"
_MOBILE = re.compile(f"1[3-9][0-9]{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}")
_ID = re.compile(r"[1-8][0-9]{14}")
_ID18_TAIL = re.compile(r"[0-9]{2}[0-9Xx]")
# Anything that looks like a personal number in a name or a role: a run of 7+ digits, spaces and hyphens allowed.
_DIGIT_RUN = re.compile(r"[0-9](?:[ \-]?[0-9]){6,}")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_REGIONS = frozenset("1234568")  # first digit of every province code (1x north … 6x north-west, 8x HK/Macau)

MOBILE = "手机号码"
ID_NUMBER = "身份证号码"


@dataclass(frozen=True)
class Number:
    kind: str  # MOBILE or ID_NUMBER
    value: str  # normalised: 11 digits, or 15/18 characters with an upper-case X
    start: int  # where it was found in the (width-normalised) text

    def masked(self) -> str:
        """As government notices print it: 138****5678, 410423********1234."""
        if self.kind == MOBILE:
            return f"{self.value[:3]}****{self.value[-4:]}"
        return f"{self.value[:6]}{'*' * (len(self.value) - 10)}{self.value[-4:]}"


def normalise(text: str) -> str:
    return text.translate(_WIDE)


def find_numbers(text: str, today: dt.date | None = None) -> list[Number]:
    """Every mobile and ID number in text, in order."""
    if _ANY_WIDE.search(text):
        text = normalise(text)
    found = []
    for match in _MOBILE.finditer(text):
        start = match.start()
        if text[max(0, start - 2) : start] == "86" and not text[max(0, start - 3) : start - 2].isdigit():
            start -= 2  # +8613900005555: the country code is not part of a longer number
        if _alone(text, start, match.end()):
            found.append(Number(MOBILE, re.sub("[^0-9]", "", match.group()), match.start()))
    for match in _ID.finditer(text):
        start, end = match.span()
        tail = _ID18_TAIL.match(text, end)
        if tail and _alone(text, start, tail.end(), letters=True):
            value = text[start : tail.end()].upper()
            if is_id18(value, today):
                found.append(Number(ID_NUMBER, value, start))
        elif _alone(text, start, end, letters=True) and _is_id15(match.group()):
            found.append(Number(ID_NUMBER, match.group(), start))
    return sorted(found, key=lambda n: n.start)


def _alone(text: str, start: int, end: int, letters: bool = False) -> bool:
    """Not part of a longer number (nor, for ID numbers, of a longer code such as 11010…X7)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() or after.isdigit():
        return False
    return not (letters and after in "Xx" and after != "")


def is_id18(value: str, today: dt.date | None = None) -> bool:
    if len(value) != 18 or value[0] not in _REGIONS or not value[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != value[17].upper():
        return False
    return _real_birthday(int(value[6:10]), int(value[10:12]), int(value[12:14]), today)


def _is_id15(value: str) -> bool:
    return value[0] in _REGIONS and _real_birthday(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def _real_birthday(year: int, month: int, day: int, today: dt.date | None = None) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= (today or dt.date.today())


def looks_personal(text: str) -> str:
    """Why a free-text cell (a name, a village, a role) seems to hold a personal number, or ""."""
    numbers = find_numbers(text)
    if numbers:
        return f"{numbers[0].kind} {numbers[0].masked()}"
    run = _DIGIT_RUN.search(normalise(text))
    return f"一串数字“{run.group(0)[:4]}…”（像电话、证件或账号）" if run else ""


def digits_of(value: str) -> str:
    """A phone number as its digits only, for comparing 138-1234-5678 with 13812345678."""
    return re.sub(r"\D", "", normalise(value))
