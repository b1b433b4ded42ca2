"""QR scan counts from the web server's own access log: `python -m pufa scans access.log*`.

Signs carry permanent short links /p/<id>/ (see shortlinks.py). Counting them in the log the
server already writes tells the bureau which signs are scanned without adding a tracker to the
site. Visitors are told apart by a salted hash held only in memory: no IP address is ever kept
or printed, and with a fresh random salt per run the hashes cannot be linked across runs.

Logs are streamed line by line, so a log of millions of lines never sits in memory at once.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import gzip
import hashlib
import io
import lzma
import re
import secrets
import sys
import zlib
from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

from pufa.problems import WARNING, Problem

# combined = common + "referer" "user agent"; anything after the agent is an extra field some
# servers append (request time, X-Forwarded-For) and is ignored. Apache escapes a quote as \".
_QUOTED = r'[^"\\]*(?:\\.[^"\\]*)*'  # "unrolled" form: several times faster than (?:[^"\\]|\\.)*
LINE = re.compile(
    rf"(?P<ip>\S+) \S+ \S+ \[(?P<day>\d{{2}}/[A-Z][a-z]{{2}}/\d{{4}}):\d{{2}}:\d{{2}}:\d{{2}} [+-]\d{{4}}\] "
    rf'"(?P<request>{_QUOTED})" (?P<status>\d{{3}}) (?:\d+|-)'
    rf'(?: "(?P<referer>{_QUOTED})" "(?P<agent>{_QUOTED})"(?: .*)?)?[ \t]*$'
)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # never the locale's
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, 1)}

# Up to 32 characters, as shortlinks.QR_ID allows: a long printed id must never be silently
# missed. Being lenient costs nothing, since a made-up id gets a 404 and is not counted.
SHORT_LINK = re.compile(r"(?:^|/)p/([a-z0-9-]{1,32})/?$")
METHODS = ("GET", "HEAD")
OK_STATUSES = frozenset({"200", "301", "302", "303", "304", "307", "308"})

# Crawlers and scripts, not people holding a phone; matched in the lower-cased user agent.
# Not bare "sogou": Sogou's crawlers all say "spider", while SogouMobileBrowser is a person.
BOT_MARKERS = (
    "bot",
    "spider",
    "crawl",
    "slurp",
    "curl",
    "wget",
    "python-",
    "aiohttp",
    "httpx",
    "go-http-client",
    "java/",
    "okhttp",
    "httpclient",
    "libwww",
    "scrapy",
    "headless",
    "phantomjs",
    "facebookexternalhit",
    "feedfetcher",
)
NOT_BOTS = ("cubot",)  # a phone brand that happens to contain "bot"

MAX_LINE = 64 * 1024  # longer "lines" are junk (or a binary file): never read them whole
SNIFF_LINES = 1000  # this many lines without one log line: not a log, stop reading it
COMMAND = "python -m pufa scans"

# Bucket of each parsed line, in the order the report lists them.
BUCKETS = {
    "counted": "计入扫码",
    "bot": "爬虫或程序访问短链接（不计）",
    "status": "短链接状态码不计（如 404 找不到、500 出错）",
    "method": "短链接的其他请求方式（如 POST，不计）",
    "other": "其他页面的访问（不是二维码短链接）",
}

NOTE = (
    "说明：只统计用 GET/HEAD 打开 `/p/<编号>/`、状态码为 200、301、302、303、304、307、308 的请求，爬虫和程序访问不计。"
    "访客数是每天按“IP + 浏览器”去重后逐日相加：同一个人在不同日子扫码算多位访客。"
    "统计只在内存里用一次性的随机值做摘要，不保存、不显示任何 IP 地址。"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("logs", nargs="+", metavar="LOG", help="网站访问日志（combined 格式），可以是 .gz 文件，可给多个")
    parser.add_argument("--format", choices=("md", "csv"), default="md", help="输出格式：md（Markdown 表格，默认）或 csv")
    parser.add_argument("--out", metavar="FILE", help="写入这个文件，默认直接显示")
    parser.add_argument("--salt", metavar="TEXT", help="访客去重用的随机值，默认每次运行随机生成")


def run(args: argparse.Namespace) -> int:
    paths = _unique([Path(name) for name in args.logs])
    out = Path(args.out) if args.out else None
    if not _inputs_ok(paths, out):
        return 1
    scan = Scan(args.salt if args.salt is not None else secrets.token_hex(16))
    used = [path for path in paths if scan.read(path)]
    if not used:
        _warn(
            Problem(
                COMMAND,
                None,
                "没有可用的网站访问日志，未生成统计",
                fix="如何修改：给出网站服务器的访问日志（如 /var/log/nginx/access.log，combined 格式），可以是 .gz 文件",
            )
        )
        return 1
    skipped = [path for path in paths if path not in used]
    text = render_csv(scan) if args.format == "csv" else render_markdown(scan, used, skipped)
    return _emit(text, out, args.format, scan)


def _inputs_ok(paths: list[Path], out: Path | None) -> bool:
    """Every log exists and the report would not overwrite one; a typo stops the run early."""
    missing = [path for path in paths if not path.exists()]
    for path in missing:
        _warn(Problem(str(path), None, "找不到文件", fix="如何修改：检查文件名和所在文件夹"))
    if out and any(out.resolve() == path.resolve() for path in paths):
        _warn(Problem(str(out), None, "--out 指向要读取的日志文件，会把日志覆盖掉", fix="如何修改：--out 换一个文件名"))
        return False
    return not missing


def _unique(paths: list[Path]) -> list[Path]:
    """A file named twice (`access.log access.log*`) must not be counted twice."""
    seen, kept = set(), []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept


def _warn(problem: Problem) -> None:
    # stderr, so `--format csv > scans.csv` gets only the table
    print(problem.format(), file=sys.stderr)


class Scan:
    """Counts for all logs read so far: per (id, month) requests and daily visitor hashes."""

    def __init__(self, salt: str):
        self._key = hashlib.blake2b(salt.encode("utf-8"), digest_size=32).digest()
        self.requests: Counter[tuple[str, str]] = Counter()
        self.visitors: defaultdict[tuple[str, str], set[bytes]] = defaultdict(set)
        self.counts: Counter[str] = Counter()  # "lines", "malformed" and the BUCKETS keys
        self.first_day = self.last_day = ""

    def read(self, path: Path) -> bool:
        """Add one log file; False (with a message) when it could not be used at all."""
        if path.is_dir():
            _warn(Problem(str(path), None, "是文件夹，不是日志文件，已跳过", severity=WARNING))
            return False
        counts: Counter[str] = Counter()
        try:
            with open(path, "rb") as raw, _decompressed(raw) as stream:
                is_log = self._read_lines(stream, counts)
        except (OSError, EOFError, zlib.error, lzma.LZMAError) as error:
            is_log = _read_error(path, error, counts)
        else:
            if not is_log:
                _warn(
                    Problem(
                        str(path),
                        None,
                        "不是网站访问日志（combined 格式），请检查文件，已跳过这个文件",
                        severity=WARNING,
                    )
                )
        if is_log:
            self.counts.update(counts)
        return is_log

    def _read_lines(self, stream, counts: Counter[str]) -> bool:
        """Tally every line; False when the file is clearly not an access log."""
        for line in _lines(stream):
            if line is not None and not line.strip():
                continue  # a blank line is not worth a warning
            counts["lines"] += 1
            if not self._tally(line, counts) and counts["lines"] >= SNIFF_LINES and counts["malformed"] == counts["lines"]:
                break  # no need to read a whole photo or spreadsheet to know
        return not counts["lines"] or counts["malformed"] < counts["lines"]

    def _tally(self, line: str | None, counts: Counter[str]) -> bool:
        """Count one line; False when it is not a log line."""
        match = LINE.match(line) if line is not None else None
        when = _when(match["day"]) if match else None
        if when is None:
            counts["malformed"] += 1
            return False
        month, day = when
        self._see(day)
        bucket, qr_id = _classify(match)
        counts[bucket] += 1
        if bucket == "counted":
            self.requests[qr_id, month] += 1
            self.visitors[qr_id, month].add(self._visitor(match["ip"], match["agent"] or "", day))
        return True

    def _see(self, day: str) -> None:
        if not self.first_day or day < self.first_day:
            self.first_day = day
        self.last_day = max(self.last_day, day)

    def _visitor(self, ip: str, agent: str, day: str) -> bytes:
        # Keyed with the salt; only this 8-byte digest is kept, never the IP itself.
        return hashlib.blake2b(f"{ip}\n{agent}\n{day}".encode("utf-8", "replace"), digest_size=8, key=self._key).digest()

    def rows(self) -> list[tuple[str, str, int, int]]:
        """(id, month, requests, daily visitors), sorted by id then month."""
        return [(qr_id, month, n, len(self.visitors[qr_id, month])) for (qr_id, month), n in sorted(self.requests.items())]


def _read_error(path: Path, error: BaseException, counts: Counter[str]) -> bool:
    """A log cut short (say a .gz copied while being written) still counts up to the break."""
    if counts["lines"] > counts["malformed"]:
        _warn(
            Problem(
                str(path),
                counts["lines"],
                f"读到这一行后无法继续读取（{_reason(error)}），只统计了前面的部分",
                severity=WARNING,
            )
        )
        return True
    _warn(Problem(str(path), None, f"无法读取（{_reason(error)}），已跳过", severity=WARNING))
    return False


def _reason(error: BaseException) -> str:
    if isinstance(error, PermissionError):
        return "没有权限"
    if isinstance(error, (EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile)):
        return "压缩文件已损坏或不完整"
    return getattr(error, "strerror", None) or str(error)


# Recognised by their first bytes, so a rotated access.log.2 that is compressed but not named
# .gz is still read, and a plain file named .gz is read as plain text.
_OPENERS = ((b"\x1f\x8b", gzip.GzipFile), (b"BZh", bz2.BZ2File), (b"\xfd7zXZ\x00", lzma.LZMAFile))


def _decompressed(raw: io.BufferedReader) -> io.BufferedIOBase:
    head = raw.peek(6)[:6]
    for magic, opener in _OPENERS:
        if head.startswith(magic):
            return opener(fileobj=raw)
    return raw


def _lines(stream):
    """Decoded lines without their line end; None for a line too long to be a log line."""
    while raw := stream.readline(MAX_LINE):
        if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the overlong line without holding it
            yield None
        else:
            yield raw.decode("utf-8", "replace").rstrip("\r\n")


@lru_cache(maxsize=4096)  # a log has few distinct days: parse each once, not once per line
def _when(day: str) -> tuple[str, str] | None:
    """("2025-10", "2025-10-10") from "10/Oct/2025", the server's local date."""
    dd, name, yyyy = day.split("/")
    if name not in MONTHS:
        return None
    try:
        parsed = date(int(yyyy), MONTHS[name], int(dd))
    except ValueError:
        return None  # 31/Feb is not a date a server writes
    return parsed.strftime("%Y-%m"), parsed.isoformat()


def _classify(match: re.Match) -> tuple[str, str]:
    """(bucket, id): which BUCKETS entry the request belongs to, and the short-link id if any."""
    parts = match["request"].split(" ")
    target = parts[1] if len(parts) in (2, 3) else ""
    found = SHORT_LINK.search(target.split("?", 1)[0].split("#", 1)[0])
    if not found:
        return "other", ""
    if parts[0] not in METHODS:
        return "method", found[1]
    if _is_bot(match["agent"]):
        return "bot", found[1]
    if match["status"] not in OK_STATUSES:
        return "status", found[1]
    return "counted", found[1]


@lru_cache(maxsize=8192)  # a log repeats the same few thousand agents over and over
def _is_bot(agent: str | None) -> bool:
    # Common format has no agent field at all: nothing to judge by, so it counts. An empty
    # agent ("-") in combined format is a script: every phone browser sends one.
    if agent is None:
        return False
    lower = agent.lower()
    for harmless in NOT_BOTS:
        lower = lower.replace(harmless, "")
    return lower in ("", "-") or any(marker in lower for marker in BOT_MARKERS)


def render_markdown(scan: Scan, used: list[Path], skipped: list[Path]) -> str:
    rows = scan.rows()
    lines = ["# 二维码扫码统计", "", *_summary(scan, used, skipped), ""]
    if not rows:
        return "\n".join([*lines, "日志里没有计入的二维码扫码。", ""])
    lines += ["## 按月统计", "", "| 编号 | 月份 | 扫码次数 | 访客数（按日去重） |", "| --- | --- | ---: | ---: |"]
    lines += [f"| {qr_id} | {month} | {n} | {visitors} |" for qr_id, month, n, visitors in rows]
    lines += ["", "## 按编号合计", "", "| 编号 | 扫码次数 | 访客数（按日去重） |", "| --- | ---: | ---: |"]
    lines += [f"| {qr_id} | {n} | {visitors} |" for qr_id, n, visitors in _totals(rows)]
    lines += ["", NOTE, ""]
    return "\n".join(lines)


def _summary(scan: Scan, used: list[Path], skipped: list[Path]) -> list[str]:
    counts = scan.counts
    period = f"{scan.first_day} 至 {scan.last_day}" if scan.first_day else "无（日志里没有记录）"
    lines = [f"- 读取的文件：{_names(used)}（共 {len(used)} 个）"]
    if skipped:
        lines.append(f"- 跳过的文件：{_names(skipped)}（不是访问日志或无法读取）")
    lines += [f"- 统计时段：{period}（按日志里的服务器时间）", f"- 日志行数：{counts['lines']} 行，其中："]
    lines += [f"  - {label}：{counts[key]} 行" for key, label in BUCKETS.items()]
    lines.append(f"  - 无法识别的行（已跳过）：{counts['malformed']} 行")
    return lines


def _names(paths: list[Path]) -> str:
    return "、".join(f"`{path}`" for path in paths)


def _totals(rows: list[tuple[str, str, int, int]]) -> list[tuple[str, int, int]]:
    """Per id over all months, then 合计; visitors add up because they are counted per day."""
    totals: dict[str, list[int]] = {}
    for qr_id, _month, n, visitors in rows:
        total = totals.setdefault(qr_id, [0, 0])
        total[0] += n
        total[1] += visitors
    result = [(qr_id, n, visitors) for qr_id, (n, visitors) in totals.items()]
    return [*result, ("合计", sum(r[1] for r in result), sum(r[2] for r in result))]


def render_csv(scan: Scan) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(("id", "month", "requests", "daily_visitors"))
    writer.writerows(scan.rows())
    return text.getvalue()


def _emit(text: str, out: Path | None, fmt: str, scan: Scan) -> int:
    if out is None:
        sys.stdout.write(text)
        return 0
    if not _write(out, text, fmt):
        return 1
    codes = len({qr_id for qr_id, _month in scan.requests})
    print(f"统计结果已写入 {out}：{codes} 个二维码，共计入扫码 {scan.counts['counted']} 次。")
    return 0


def _write(out: Path, text: str, fmt: str) -> bool:
    # CSV gets a BOM and CRLF: Excel on Chinese Windows otherwise guesses the wrong encoding.
    encoding, newline = ("utf-8-sig", "\r\n") if fmt == "csv" else ("utf-8", None)
    try:
        with open(out, "w", encoding=encoding, newline=newline) as file:
            file.write(text)
    except OSError as error:
        _warn(
            Problem(
                str(out),
                None,
                f"无法写入（{_reason(error)}）",
                fix="如何修改：换一个有写入权限的文件夹，或关掉正在打开这个文件的程序（如 Excel）",
            )
        )
        return False
    return True
