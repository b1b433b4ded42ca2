"""Realistic nginx/Apache combined-format access logs for testing pufa.commands.scans.

generate() writes a log and returns what a correct counter must find. The answer comes from
the choice made for each line while writing it (a person scanning, a crawler, a 404, a POST,
garbage), never from reading the log back, so it is independent of the code under test.
Addresses come from the documentation ranges 203.0.113.0/24, 198.51.100.0/24 and 2001:db8::/32.
"""

from __future__ import annotations

import gzip as gzip_module
import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

PEOPLE = (
    # WeChat's in-app browser on Android and iPhone: most QR scans in China open here
    (
        "Mozilla/5.0 (Linux; Android 13; V2183A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
        "Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) "
        "WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
    ),
    (
        "Mozilla/5.0 (Linux; Android 12; NOH-AN00 Build/HUAWEINOH-AN00; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
        "Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110017 MMWEBSDK/20230805 MMWEBID/8765 "
        "MicroMessenger/8.0.42.2460(0x28002A58) WeChat/arm64 Weixin NetType/5G Language/zh_CN ABI/arm64"
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
        "MicroMessenger/8.0.44(0x18002c2d) NetType/4G Language/zh_CN"
    ),
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 "
        "Safari/604.1"
    ),
    (
        "Mozilla/5.0 (Linux; Android 10; HarmonyOS; ELS-AN00; HMSCore 6.12.0.302) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/99.0.4844.88 HuaweiBrowser/14.0.2.311 Mobile Safari/537.36"
    ),
    (
        "Mozilla/5.0 (Linux; U; Android 13; zh-cn; 22081212C Build/TKQ1.220829.002) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Version/4.0 Chrome/100.0.4896.127 Mobile Safari/537.36 XiaoMi/MiuiBrowser/17.8.30"
    ),
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
)
BOTS = (
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    (
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.129 "
        "Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    ),
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    (
        "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; "
        "spider-feedback@bytedance.com)"
    ),
    "Mozilla/5.0 (compatible; YisouSpider/5.0; +http://www.yisou.com)",
    "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/50.0.2661.102 Safari/537.36; 360Spider",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "curl/8.4.0",
    "Wget/1.21.3",
    "python-requests/2.31.0",
    "-",
)
PAGES = (
    "/",
    "/blog/",
    "/blog/2025/10/xianfa-xuanchuan/",
    "/zhendi/binhe-park/",
    "/sites/",
    "/search/search_index.json",
    "/assets/stylesheets/main.6f8fa2f4.min.css",
    "/assets/javascripts/bundle.1e8ae164.min.js",
    "/assets/images/banner.jpg",
    "/favicon.ico",
    "/robots.txt",
    "/sitemap.xml",
)
# Look like short links but are not: the counter must leave them alone.
NEAR_MISSES = ("/p/", "/p/Binhe-Park/", "/p/binhe_park/", "/p/binhe-park/index.html", "/top/binhe-park/", "/p/binhe-park/qr.png")
SHORT_LINK_FORMS = ("/p/{}/", "/p/{}/", "/p/{}/", "/p/{}/?from=sign", "/p/{}/?from=groupmessage&isappinstalled=0", "/p/{}")
OK = (200,) * 12 + (304, 304, 302)
NOT_OK = (404, 404, 404, 500, 502, 503, 403, 400, 499, 429, 206)
OTHER_METHODS = ("POST", "POST", "PUT", "OPTIONS", "DELETE", "PROPFIND")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass
class Expected:
    """What the log holds, in pufa.commands.scans' terms."""

    requests: Counter = field(default_factory=Counter)  # (id, month) -> counted requests
    visitors: defaultdict = field(default_factory=lambda: defaultdict(set))  # (id, month) -> {(ip, agent, day)}
    counts: Counter = field(default_factory=Counter)  # lines, counted, bot, status, method, other, malformed
    ips: set = field(default_factory=set)  # every address written, for the privacy test
    first_day: str = ""
    last_day: str = ""

    def rows(self) -> list[tuple[str, str, int, int]]:
        """(id, month, requests, daily visitors) sorted, as the CSV report lists them."""
        return [(qr_id, month, n, len(self.visitors[qr_id, month])) for (qr_id, month), n in sorted(self.requests.items())]


def generate(
    path,
    *,
    lines: int,
    seed: int,
    ids: list[str],
    start: date,
    days: int,
    bot_share: float,
    error_share: float,
    garbage_share: float,
    gzip: bool = False,
    prefix: str = "",
) -> Expected:
    """Write `lines` log lines spread evenly over `days` days from `start`; return the answer."""
    writer = _Writer(random.Random(seed), ids, prefix, max(30, lines // 12))
    first = datetime(start.year, start.month, start.day)
    step = days * 86400 / lines
    opener = gzip_module.open if gzip else open
    with opener(path, "wt", encoding="utf-8", newline="\n") as out:
        for i in range(lines):
            when = first + timedelta(seconds=(i + writer.rng.random()) * step)
            out.write(writer.line(when, bot_share, error_share, garbage_share) + "\n")
    return writer.expected


class _Writer:
    def __init__(self, rng: random.Random, ids: list[str], prefix: str, people: int):
        self.rng, self.ids, self.prefix = rng, ids, prefix
        self.expected = Expected()
        # Several phones behind one carrier NAT address, and popular ids and regulars more often.
        addresses = [self._address() for _ in range(max(10, people * 2 // 3))]
        self.people = [(rng.choice(addresses), rng.choice(PEOPLE)) for _ in range(people)]
        self.people_weights = _zipf(len(self.people))
        self.id_weights = _zipf(len(ids))

    def _address(self) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return f"2001:db8:{rng.randrange(1, 0xFFFF):x}::{rng.randrange(1, 0xFFFF):x}"
        return f"{rng.choice(('203.0.113', '198.51.100'))}.{rng.randrange(1, 255)}"

    def line(self, when: datetime, bot_share: float, error_share: float, garbage_share: float) -> str:
        roll = self.rng.random()
        if roll < garbage_share:
            return self._garbage(when)
        if roll < garbage_share + bot_share:
            return self._entry("bot", when, self._method(), self._short_link(), self.rng.choice(OK + NOT_OK), *self._bot())
        if roll < garbage_share + bot_share + error_share:
            return self._entry("status", when, self._method(), self._short_link(), self.rng.choice(NOT_OK), *self._person())
        roll = self.rng.random()
        if roll < 0.04:
            who = self._bot() if self.rng.random() < 0.3 else self._person()
            method, status = self.rng.choice(OTHER_METHODS), self.rng.choice(OK + NOT_OK)
            return self._entry("method", when, method, self._short_link(), status, *who)
        if roll < 0.5:
            who = self._bot() if self.rng.random() < 0.2 else self._person()
            return self._entry("other", when, *self._other_request(), *who)
        return self._entry("counted", when, self._method(), self._short_link(), self.rng.choice(OK), *self._person())

    def _entry(self, bucket: str, when: datetime, method: str, target: str, status: int, ip: str, agent: str) -> str:
        expected, day = self.expected, when.strftime("%Y-%m-%d")
        expected.counts["lines"] += 1
        expected.counts[bucket] += 1
        expected.ips.add(ip)
        expected.first_day = min(expected.first_day or day, day)
        expected.last_day = max(expected.last_day, day)
        if bucket == "counted":
            qr_id = self._last_id
            expected.requests[qr_id, day[:7]] += 1
            expected.visitors[qr_id, day[:7]].add((ip, agent, day))
        request = f"{method} {target} HTTP/1.1" if method else target
        size = 0 if status == 304 or method == "HEAD" else self.rng.randrange(200, 60000)
        referer = "-" if bucket != "other" or self.rng.random() < 0.5 else "https://www.example.gov.cn/"
        return f'{ip} - - [{_stamp(when)}] "{request}" {status} {size} "{referer}" "{agent}"'

    def _person(self) -> tuple[str, str]:
        return self.rng.choices(self.people, cum_weights=self.people_weights)[0]

    def _bot(self) -> tuple[str, str]:
        return f"198.51.100.{self.rng.randrange(200, 255)}", self.rng.choice(BOTS)

    def _method(self) -> str:
        return "HEAD" if self.rng.random() < 0.03 else "GET"

    def _short_link(self) -> str:
        self._last_id = self.rng.choices(self.ids, cum_weights=self.id_weights)[0]
        return self.prefix + self.rng.choice(SHORT_LINK_FORMS).format(self._last_id)

    def _other_request(self) -> tuple[str, str, int]:
        """(method, target, status) of a request that is not for a short link."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return "", rng.choice(("-", r"\x16\x03\x01\x00\xF1\x01\x00\x00\xED\x03\x03")), 400  # no request / TLS on port 80
        path = rng.choice(NEAR_MISSES) if roll < 0.15 else rng.choice(PAGES)
        method = "POST" if path.startswith("/search") and rng.random() < 0.3 else "GET"
        return method, self.prefix + path, rng.choice(OK + NOT_OK)

    def _garbage(self, when: datetime) -> str:
        """A line no access-log parser should accept."""
        expected, rng = self.expected, self.rng
        expected.counts["lines"] += 1
        expected.counts["malformed"] += 1
        ip = self._person()[0]
        expected.ips.add(ip)
        good = f'{ip} - - [{_stamp(when)}] "GET {self.prefix}/p/{rng.choice(self.ids)}/ HTTP/1.1" 200 512 "-" "{PEOPLE[0]}"'
        kind = rng.randrange(5)
        if kind == 0:  # cut off mid-request, as after a crash or a full disk
            return good[: rng.randrange(10, good.index(" HTTP/1.1"))]
        if kind == 1:  # a date no server writes
            return good.replace(f"/{MONTHS[when.month - 1]}/", "/Okt/") if rng.random() < 0.5 else _with_day(good, when, "31/Feb")
        if kind == 2:  # an error-log line pasted in
            failed = 'open() "/var/www/pufa/favicon.ico" failed (2: No such file or directory)'
            return f"{when:%Y/%m/%d %H:%M:%S} [error] 1234#1234: *5678 {failed}, client: {ip}"
        if kind == 3:
            return json.dumps({"time": when.isoformat(), "remote_addr": ip, "request": "GET / HTTP/1.1"})
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 -/[]:") for _ in range(rng.randrange(5, 80))) + "#"


def _stamp(when: datetime) -> str:
    return f"{when.day:02d}/{MONTHS[when.month - 1]}/{when.year}:{when:%H:%M:%S} +0800"


def _with_day(line: str, when: datetime, day_month: str) -> str:
    return line.replace(f"[{when.day:02d}/{MONTHS[when.month - 1]}/", f"[{day_month}/")


def _zipf(n: int) -> list[float]:
    """Cumulative weights 1, 1/2, 1/3 …: a few popular choices and a long tail."""
    total, cumulative = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank
        cumulative.append(total)
    return cumulative
