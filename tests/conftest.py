"""Shared fixtures: a private copy of the real project, and a digest of a built site."""

from __future__ import annotations

import hashlib
import inspect
import re
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REPORT = SHARED / "seed" / "lushan-2023-report.txt"
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides")
SITE_URL = "https://pufa.example/"  # a publish build always has its address; .example never resolves

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
def built_baseline(tmp_path_factory) -> Path:
    """The default project with its site built once, to be copied by tests that break it."""
    from pufa.adapter import engine

    root = copy_project(tmp_path_factory.mktemp("baseline") / "project")
    assert engine.build(root) == 0
    return root


@pytest.fixture
def built_project(built_baseline: Path, tmp_path: Path) -> Path:
    """A private copy of the default project with a good site already built (no build needed)."""
    root = tmp_path / "project"
    shutil.copytree(built_baseline, root, symlinks=True)
    return root


def site_text(site: Path) -> str:
    """Every file of a site as text, .gz files unpacked: what a leak check greps."""
    import gzip

    chunks = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            chunks.append((gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace"))
    return "\n".join(chunks)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The default content built once through the real CLI path, as `make site` builds it."""
    from pufa.commands.cli import main

    root = copy_project(tmp_path_factory.mktemp("default") / "project")
    assert main(["--root", str(root), "build"]) == 0
    return root / "site"


# "Today" for every test (workflow.py reads PUFA_TODAY): a day with no 普法 day within two weeks, so
# the default content builds without reminders. Tests of dates set their own day.
TODAY = "2026-02-10"


@pytest.fixture(scope="session", autouse=True)
def fixed_today():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUFA_TODAY", TODAY)
        yield TODAY


@pytest.fixture(scope="session", autouse=True)
def site_address():
    """Every test builds as `make site` does: with an address (PUFA_SITE_URL, read by mkdocs.yml).
    Tests of a build without one remove it (test_site_url.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUFA_SITE_URL", SITE_URL)
        yield SITE_URL


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


# A test that needs a whole built site is slow (a build of the default content takes seconds):
# `make unit` leaves it out, as it leaves out the tests marked slow by hand (real servers, big
# images). "Needs a build": it uses a built fixture, or its own code runs one (read from its source,
# so a new build test is classified without anyone remembering to mark it).
NEEDS_A_BUILD = {"built_site", "built_baseline", "built_project"}
RUNS_A_BUILD = re.compile(r'engine\.build\(|"build"\]|"serve"|\b_?build\w*\(|\bserve\(|phone_page\(|preview\.')


def pytest_collection_modifyitems(items):
    for item in items:
        function = getattr(item, "function", None)
        try:
            source = inspect.getsource(function) if function else ""
        except (OSError, TypeError):
            source = ""
        if NEEDS_A_BUILD & set(getattr(item, "fixturenames", ())) or RUNS_A_BUILD.search(source):
            item.add_marker(pytest.mark.slow)
