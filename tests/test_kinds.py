"""The kinds registry (issue 13): the loader, the adapter, `new` and the message catalogue iterate
it instead of naming kinds, and what mkdocs.yml says about folders is what the loader uses."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from pufa.content import load_content
from pufa.kinds import registry

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "pufa"
# The places that dispatch on kinds: none imports a kind module or names one of them.
DISPATCHERS = (
    PACKAGE / "content.py",
    PACKAGE / "adapter" / "plugin.py",
    PACKAGE / "commands" / "scaffold.py",
    REPO / "tools" / "messages.py",
)


def _kind_modules() -> set[str]:
    return {kind_module.stem for kind_module in (PACKAGE / "kinds").glob("*.py")} - {
        "__init__",
        "registry",
        "scaffolding",
        "shortlinks",
    }


def test_the_dispatchers_do_not_import_a_kind():
    kinds = _kind_modules()
    assert {"posts", "sites", "roster", "services", "figures"} <= kinds
    for path in DISPATCHERS:
        imported = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported |= {node.module.rsplit(".", 1)[-1]} | {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {alias.name.rsplit(".", 1)[-1] for alias in node.names}
        assert not imported & kinds, f"{path.name} imports {sorted(imported & kinds)}"


def test_every_kind_is_registered_once_with_its_messages_area():
    names = [kind.name for kind in registry.KINDS]
    assert len(names) == len(set(names))
    modules = [m for kind in registry.KINDS for m in kind.modules]
    assert len(modules) == len(set(modules))
    for kind in registry.KINDS:
        for module in kind.modules:
            assert any((PACKAGE / sub / f"{module}.py").exists() for sub in ("kinds", "media")), module
    assert registry.MARKERS[-1] == "next-pufa-days"  # the calendar's placeholder, which is no kind


def test_the_posts_folder_is_the_blog_plugins(project: Path):
    """blog_dir: news moves the posts to docs/news/posts/: they are checked as posts there."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("blog_dir: blog", "blog_dir: news"), "utf-8")
    shutil.move(project / "docs" / "blog", project / "docs" / "news")
    loaded = load_content(project)
    posts = loaded.content.posts
    assert posts and all(post.src_uri.startswith("news/posts/") for post in posts)
    assert not any("页面缺少" in p.message or "不认识的名称" in p.message for p in loaded.problems), loaded.problems
