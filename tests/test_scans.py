"""QR scan counts from access logs: exact counts, no IP addresses out, clear messages for bad input."""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import re
import subprocess
import sys
import tracemalloc
from datetime import date

import loggen
import pytest

from pufa.commands.scans import BUCKETS, add_arguments, run

IDS = ["binhe-park", "sites", "xianfu-square", "liangwa-12", "a"]
WECHAT = loggen.PEOPLE[0]
NOT_A_LOG = "提醒：不是网站访问日志（combined 格式），请检查文件"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(300)  # how a PNG opens


def scan(*argv) -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return run(parser.parse_args([str(arg) for arg in argv]))


def csv_rows(path) -> list[tuple[str, str, int, int]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["id", "month", "requests", "daily_visitors"]
    return [(qr_id, month, int(n), int(visitors)) for qr_id, month, n, visitors in rows[1:]]


def generate(path, **options) -> loggen.Expected:
    settings = {"lines": 3000, "seed": 7, "ids": IDS, "start": date(2025, 10, 18), "days": 30}
    shares = {"bot_share": 0.12, "error_share": 0.06, "garbage_share": 0.02}
    return loggen.generate(path, **(settings | shares | options))


def rotate(log, folder) -> list:
    """Split one log as logrotate would, mid-day: access.log.2.gz (oldest), access.log.1, access.log."""
    lines = log.read_text("utf-8").splitlines(keepends=True)
    cut1, cut2 = len(lines) // 3 + 17, 2 * len(lines) // 3 - 5
    oldest, middle, newest = folder / "access.log.2.gz", folder / "access.log.1", folder / "access.log"
    with gzip.open(oldest, "wt", encoding="utf-8") as file:
        file.writelines(lines[:cut1])
    middle.write_text("".join(lines[cut1:cut2]), "utf-8")
    newest.write_text("".join(lines[cut2:]), "utf-8")
    return [oldest, middle, newest]


def log_line(path="/p/binhe-park/", status=200, agent=WECHAT, method="GET", ip="203.0.113.9", when="10/Oct/2025:13:55:36") -> str:
    return f'{ip} - - [{when} +0800] "{method} {path} HTTP/1.1" {status} 512 "-" "{agent}"\n'


def summary_count(report: str, label: str) -> int:
    return int(re.search(rf"{re.escape(label)}：(\d+) 行", report)[1])


def test_rotated_logs_in_any_order_match_the_generator(tmp_path):
    expected = generate(tmp_path / "generated.log")
    files = rotate(tmp_path / "generated.log", tmp_path)
    random.Random(3).shuffle(files)
    assert scan(*files, "--format", "csv", "--out", tmp_path / "scans.csv") == 0
    assert (tmp_path / "scans.csv").read_bytes().startswith(b"\xef\xbb\xbfid,month,requests,daily_visitors\r\n")
    assert csv_rows(tmp_path / "scans.csv") == expected.rows()
    assert {month for _id, month, _n, _v in expected.rows()} == {"2025-10", "2025-11"}


def test_markdown_report_sums_up_every_line(tmp_path, capsys):
    expected = generate(tmp_path / "access.log")
    assert scan(tmp_path / "access.log", "--salt", "x") == 0
    report = capsys.readouterr().out
    assert report.startswith("# 二维码扫码统计\n")
    assert "access.log`（共 1 个）" in report
    assert f"统计时段：{expected.first_day} 至 {expected.last_day}" in report
    assert summary_count(report, "日志行数") == expected.counts["lines"]
    assert summary_count(report, "无法识别的行（已跳过）") == expected.counts["malformed"] > 0
    for key, label in BUCKETS.items():
        assert summary_count(report, label) == expected.counts[key] > 0, key
    assert "| 编号 | 月份 | 扫码次数 | 访客数（按日去重） |" in report
    for qr_id, month, n, visitors in expected.rows():
        assert f"| {qr_id} | {month} | {n} | {visitors} |" in report
    total = sum(n for _id, _month, n, _v in expected.rows())
    assert f"| 合计 | {total} |" in report


def test_sub_path_and_compressed_file_without_gz_suffix(tmp_path):
    expected = generate(tmp_path / "access.log.3", gzip=True, prefix="/pufa", seed=11)
    assert (tmp_path / "access.log.3").read_bytes()[:2] == b"\x1f\x8b"
    assert scan(tmp_path / "access.log.3", "--format", "csv", "--out", tmp_path / "out.csv") == 0
    assert csv_rows(tmp_path / "out.csv") == expected.rows()


def test_only_people_fetching_a_short_link_successfully_count(tmp_path):
    people = [
        log_line(),  # WeChat on Android
        log_line("/p/binhe-park/?from=sign", agent=loggen.PEOPLE[2]),  # WeChat on iPhone, query string
        log_line("/pufa/p/binhe-park/", 304, loggen.PEOPLE[4]),  # site under a sub-path, cached
        log_line("/p/binhe-park", 301, loggen.PEOPLE[3], "HEAD"),
        log_line(agent="Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 Mobile Safari/537.36"),  # a phone
        log_line(agent="Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Mobile Safari/537.36 SogouMobileBrowser/12"),  # person
    ]
    ignored = [
        *(log_line(agent=bot) for bot in loggen.BOTS),
        *(log_line(status=status) for status in (404, 500, 403, 499, 206)),
        log_line(method="POST"),
        log_line(method="OPTIONS"),
        log_line("/p/Binhe-Park/"),
        log_line("/p/binhe-park/index.html"),
        log_line("/blog/"),
    ]
    common = '198.51.100.4 - - [11/Oct/2025:08:00:00 +0800] "GET /p/sites/ HTTP/1.1" 200 512\n'  # no agent to judge: counts
    (tmp_path / "access.log").write_text("".join(people + ignored) + common, "utf-8")
    assert scan(tmp_path / "access.log", "--format", "csv", "--out", tmp_path / "out.csv") == 0
    assert csv_rows(tmp_path / "out.csv") == [("binhe-park", "2025-10", 6, 6), ("sites", "2025-10", 1, 1)]


def test_daily_visitors_are_per_day_and_per_person(tmp_path):
    lines = [
        log_line(),
        log_line(),  # the same phone again the same day
        log_line(agent=loggen.PEOPLE[4]),  # another phone behind the same address
        log_line(when="11/Oct/2025:09:00:00"),  # the first phone the next day
        log_line(when="01/Nov/2025:09:00:00"),
    ]
    (tmp_path / "access.log").write_text("".join(lines), "utf-8")
    assert scan(tmp_path / "access.log", "--format", "csv", "--out", tmp_path / "out.csv") == 0
    assert csv_rows(tmp_path / "out.csv") == [("binhe-park", "2025-10", 4, 3), ("binhe-park", "2025-11", 1, 1)]


def test_malformed_lines_are_counted_not_fatal(tmp_path, capsys):
    good = log_line()
    text = good + good[:40] + "\n" + log_line(when="31/Feb/2025:10:00:00") + log_line(when="10/Okt/2025:10:00:00")
    text += "x" * 200_000 + "\n" + "\x00\xff不是日志\n" + "\n" + good
    (tmp_path / "access.log").write_text(text, "utf-8")
    assert scan(tmp_path / "access.log") == 0
    report = capsys.readouterr().out
    assert summary_count(report, "无法识别的行（已跳过）") == 5
    assert summary_count(report, "计入扫码") == 2
    assert summary_count(report, "日志行数") == 7  # the blank line is not counted at all


def test_no_ip_address_reaches_any_output(tmp_path, capsys):
    expected = generate(tmp_path / "access.log", seed=5)
    assert any(":" in ip for ip in expected.ips)  # IPv6 too
    for argv in ([], ["--format", "csv"], ["--out", tmp_path / "r.md"], ["--format", "csv", "--out", tmp_path / "r.csv"]):
        assert scan(tmp_path / "access.log", *argv) == 0
    captured = capsys.readouterr()
    outputs = captured.out + captured.err + (tmp_path / "r.md").read_text("utf-8") + (tmp_path / "r.csv").read_text("utf-8-sig")
    assert not [ip for ip in expected.ips if ip in outputs]
    assert not re.search(r"\b(?:203\.0\.113|198\.51\.100)\.\d+|2001:db8:", outputs)


@pytest.mark.parametrize("name, content", [("photo.png", PNG), ("roster.csv", "姓名,电话\n张三,13800000000\n".encode() * 50)])
def test_a_file_that_is_not_a_log_is_named(tmp_path, capsys, name, content):
    (tmp_path / name).write_bytes(content)
    assert scan(tmp_path / name) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / name}: {NOT_A_LOG}" in err


def test_a_bad_file_next_to_a_good_one_is_skipped(tmp_path, capsys):
    (tmp_path / "photo.png").write_bytes(PNG)
    (tmp_path / "access.log").write_text(log_line() * 3, "utf-8")
    assert scan(tmp_path / "photo.png", tmp_path / "access.log") == 0
    captured = capsys.readouterr()
    assert f"photo.png: {NOT_A_LOG}" in captured.err
    assert "跳过的文件：" in captured.out and "photo.png" in captured.out
    assert "| binhe-park | 2025-10 | 3 | 1 |" in captured.out


def test_a_huge_binary_file_is_given_up_on_early(tmp_path, capsys):
    (tmp_path / "video.mp4").write_bytes(bytes(range(256)) * 40_000)
    assert scan(tmp_path / "video.mp4") == 1
    assert NOT_A_LOG in capsys.readouterr().err


def test_missing_file(tmp_path, capsys):
    (tmp_path / "access.log").write_text(log_line(), "utf-8")
    assert scan(tmp_path / "access.log", tmp_path / "acess.log.1") == 1
    captured = capsys.readouterr()
    assert f"{tmp_path / 'acess.log.1'}: 找不到文件（如何修改：检查文件名和所在文件夹）" in captured.err
    assert captured.out == ""


def test_empty_log_after_rotation_is_fine(tmp_path, capsys):
    (tmp_path / "access.log").write_bytes(b"")
    assert scan(tmp_path / "access.log") == 0
    assert "日志里没有计入的二维码扫码" in capsys.readouterr().out


def test_truncated_gzip_counts_what_could_be_read(tmp_path, capsys):
    whole = gzip.compress((log_line() * 2000).encode())
    (tmp_path / "access.log.2.gz").write_bytes(whole[: len(whole) // 2])
    assert scan(tmp_path / "access.log.2.gz", "--format", "csv") == 0
    captured = capsys.readouterr()
    assert "只统计了前面的部分" in captured.err
    assert 0 < int(captured.out.splitlines()[1].split(",")[2]) < 2000


def test_corrupt_gzip_is_skipped(tmp_path, capsys):
    (tmp_path / "access.log.2.gz").write_bytes(b"\x1f\x8b" + bytes(100))
    assert scan(tmp_path / "access.log.2.gz") == 1
    assert f"{tmp_path / 'access.log.2.gz'}: 提醒：无法读取" in capsys.readouterr().err


def test_same_file_named_twice_counts_once(tmp_path):
    (tmp_path / "access.log").write_text(log_line(), "utf-8")
    (tmp_path / "logs").mkdir()
    again = tmp_path / "logs" / ".." / "access.log"
    assert scan(tmp_path / "access.log", again, "--format", "csv", "--out", tmp_path / "o.csv") == 0
    assert csv_rows(tmp_path / "o.csv") == [("binhe-park", "2025-10", 1, 1)]


def test_report_is_never_written_over_a_log(tmp_path, capsys):
    (tmp_path / "access.log").write_text(log_line(), "utf-8")
    assert scan(tmp_path / "access.log", "--out", tmp_path / "access.log") == 1
    assert (tmp_path / "access.log").read_text("utf-8") == log_line()
    assert "会把日志覆盖掉" in capsys.readouterr().err


def test_out_says_where_it_wrote(tmp_path, capsys):
    generate(tmp_path / "access.log")
    assert scan(tmp_path / "access.log", "--out", tmp_path / "report.md") == 0
    assert capsys.readouterr().out.startswith(f"统计结果已写入 {tmp_path / 'report.md'}")
    assert (tmp_path / "report.md").read_text("utf-8").startswith("# 二维码扫码统计\n")


def test_salt_changes_nothing_but_hashes(tmp_path, capsys):
    generate(tmp_path / "access.log")
    outputs = []
    for argv in ([], [], ["--salt", "县司法局"]):
        assert scan(tmp_path / "access.log", "--format", "csv", *argv) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.slow
def test_a_long_log_is_streamed_not_loaded(tmp_path):
    expected = generate(tmp_path / "block.log", lines=1000)
    block = (tmp_path / "block.log").read_bytes()
    with open(tmp_path / "access.log", "wb") as file:
        file.writelines(block for _ in range(150))  # 150,000 lines, about 40 MB
    tracemalloc.start()
    try:
        assert scan(tmp_path / "access.log", "--format", "csv", "--out", tmp_path / "o.csv") == 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000
    assert sum(n for _id, _month, n, _v in csv_rows(tmp_path / "o.csv")) == 150 * expected.counts["counted"]


def test_scans_does_not_import_mkdocs():
    code = "import sys, pufa.commands.scans; print(sorted(name for name in sys.modules if name.startswith('mkdocs')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
