"""Platform insurance: the default site built under ProperDocs (the drop-in fork of MkDocs 1.x, the
realistic home once MkDocs 2.0 drops plugins) is the same site, page for page.

ProperDocs redirects every `mkdocs.*` import to `properdocs.*` once `properdocs.replacement` is
imported, so pufa's adapter runs on it unchanged; the build runs in a child process, because this
test process has imported the real MkDocs already.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import subprocess
import sys

import pytest
from conftest import copy_project, tree_digest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("properdocs") is None and not os.environ.get("CI"),
        reason="properdocs is a test dependency (make test)",
    ),
]

_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _normalised(site, digests):
    """Digests with the one intended difference removed: the generator tag names the engine."""
    out = {}
    for rel, digest in digests.items():
        if rel.endswith(".html"):
            data = _GENERATOR.sub(b"", (site / rel).read_bytes())
            digest = hashlib.sha256(data).hexdigest()
        out[rel] = digest
    return out


def test_the_default_site_under_properdocs_matches_mkdocs(built_baseline, tmp_path):
    root = copy_project(tmp_path / "project")
    code = f"import properdocs.replacement; from pufa.commands.cli import main; raise SystemExit(main(['--root', {str(root)!r}, 'build']))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    generator = re.search(rb'<meta name="generator" content="([^"]*)">', (root / "site/index.html").read_bytes())
    assert generator and b"ProperDocs" in generator.group(1)  # it really ran on ProperDocs
    ours, theirs = root / "site", built_baseline / "site"
    assert _normalised(ours, tree_digest(ours)) == _normalised(theirs, tree_digest(theirs))
