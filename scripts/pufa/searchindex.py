"""Make the engine's search index smaller without changing what it finds.

Material writes Chinese as \\uXXXX escapes (6 bytes for each character instead of 3) and pretty
separators; rewritten as compact UTF-8 JSON the index is about half the size (PLATFORM.md §3).
"""

from __future__ import annotations

import json
from pathlib import Path


def compact_search_index(path: Path) -> tuple[int, int]:
    """Rewrite the index in place; returns (bytes before, bytes after). A missing index is fine."""
    if not path.is_file():
        return 0, 0
    raw = path.read_bytes()
    compact = json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(compact)
    return len(raw), len(compact)
