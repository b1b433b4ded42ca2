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
    # Imports under `if TYPE_CHECKING:` name types for hints only and never run.
    hints = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
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


# The build's flow, lowest first (ARCHITECTURE.md): a folder imports only from folders below it.
LAYERS = ["ground", "sources", "workflow", "media", "pages", "kinds", "content", "publish", "adapter", "commands"]
GROUND = {"problems", "model", "schema", "personal", "__init__"}


def _layer(name: str) -> str:
    return "ground" if name in GROUND else name


def test_each_folder_imports_only_from_folders_below_it():
    upward = []
    for parts, tree in _modules():
        here = _layer(parts[0])
        if here == "__main__":
            continue
        for name in _imports(tree):
            pieces = name.split(".")
            if pieces[0] != "pufa" or len(pieces) < 2:
                continue
            there = _layer(pieces[1])
            if there in LAYERS and LAYERS.index(there) > LAYERS.index(here):
                upward.append(("/".join(parts), name))
    assert upward == []
