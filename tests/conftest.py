"""Shared fixtures: a private copy of the real project, and a digest of a built site."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REPORT = SHARED / "seed" / "lushan-2023-report.txt"
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides")

sys.path.insert(0, str(Path(__file__).parent))  # tests/browser.py


def copy_project(root: Path) -> Path:
    """A copy of the repository's own content and settings, safe to break."""
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The default content built once through the real CLI path."""
    from pufa import engine

    root = copy_project(tmp_path_factory.mktemp("default") / "project")
    assert engine.build(root) == 0
    return root / "site"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under folder with the SHA-256 of its bytes: equal digests mean byte-identical trees."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


POST = """---
title: 测试活动
date: 2023-05
category: 普法文艺
township: 梁洼镇
figures:
  场次: 3
---

正文第一段。
"""
