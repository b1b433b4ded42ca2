"""The Nu HTML checker (the W3C validator, vnu.jar) finds no errors on any page of the site."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).parent / "js/node_modules/vnu-jar/build/dist/vnu.jar"

pytestmark = pytest.mark.skipif(
    (not VNU.is_file() or shutil.which("java") is None) and not os.environ.get("CI"),
    reason="vnu.jar and Java are installed by `make test`",
)


def _errors(folder: Path) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [line for line in result.stderr.splitlines() + result.stdout.splitlines() if line.strip()]


def test_every_page_is_valid_html(built_site):
    assert len(list(built_site.rglob("*.html"))) > 40
    assert _errors(built_site) == []
