"""What a build changed, so an editor sees the effect of their edit before it goes live."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

SHOWN = 10  # pages listed per kind; the rest are counted


@dataclass
class Summary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. photos processed


def page_digests(site: Path) -> dict[str, str]:
    """Page URL (as a reader would type it, without index.html) -> digest of its HTML."""
    if not site.is_dir():
        return {}
    pages = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        url = "/" + rel.removesuffix("index.html")
        pages[url] = digest_page(path.read_bytes())
    return pages


def digest_page(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compare(old: dict[str, str], new: dict[str, str]) -> Summary:
    return Summary(
        added=sorted(set(new) - set(old)),
        changed=sorted(url for url in set(new) & set(old) if new[url] != old[url]),
        removed=sorted(set(old) - set(new)),
    )


def format_summary(summary: Summary, first_build: bool) -> str:
    if first_build:
        return "这是第一次生成，没有可以比较的旧网站。"
    lines = [f"与上次相比：新增 {len(summary.added)} 页，修改 {len(summary.changed)} 页，删除 {len(summary.removed)} 页。"]
    for label, urls in (("新增", summary.added), ("修改", summary.changed), ("删除", summary.removed)):
        for url in urls[:SHOWN]:
            lines.append(f"  {label}：{url}")
        if len(urls) > SHOWN:
            lines.append(f"  ……另有 {len(urls) - SHOWN} 页{label}")
    lines.extend(summary.notes)
    return "\n".join(lines)
