"""The package's shape (issue 13): only the adapter knows MkDocs and Material, and the core does
not reach up into the commands or the adapter."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "pufa"
ENGINE = ("mkdocs", "material", "properdocs")
# What each layer may import from the package. The adapter and the commands sit on top.
UPWARD = {"adapter", "commands"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        yield parts, ast.parse(path.read_text("utf-8"))


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            if node.module == "pufa":
                yield from (f"pufa.{alias.name}" for alias in node.names)


def test_only_the_adapter_imports_the_site_engine():
    offenders = [
        ("/".join(parts), name)
        for parts, tree in _modules()
        if parts[0] != "adapter"
        for name in _imports(tree)
        if name.split(".")[0] in ENGINE
    ]
    assert offenders == []
    assert any(name.startswith("mkdocs") for parts, tree in _modules() if parts[0] == "adapter" for name in _imports(tree))


def test_the_core_does_not_import_the_adapter_or_the_commands():
    offenders = [
        ("/".join(parts), name)
        for parts, tree in _modules()
        if parts[0] not in UPWARD and parts != ("__main__",)
        for name in _imports(tree)
        if name.split(".")[:2] in (["pufa", "adapter"], ["pufa", "commands"])
    ]
    assert offenders == []


def test_no_module_is_left_flat_beside_the_subpackages():
    flat = sorted(path.stem for path in PACKAGE.glob("*.py"))
    assert flat == ["__init__", "__main__", "content", "model", "personal", "problems", "schema"]
    assert not (PACKAGE / "messages.py").exists()  # the message catalogue is a developer tool (tools/)
