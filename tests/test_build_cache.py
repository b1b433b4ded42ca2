"""The build cache (.cache/pufa/): cold, warm and after an edit, the site is byte for byte the site
a build without any cache makes; nothing written into the site reaches the cache or a later site."""

from __future__ import annotations

import functools
import os
import pickle
from pathlib import Path

import pytest
from conftest import tree_digest
from test_photo_build import _with_photos

from pufa.adapter import cache, engine
from pufa.media.photos import PhotoSettings, publish_all

POST = "docs/blog/posts/2023-arts-light-cavalry.md"


def _build(project: Path, monkeypatch, *, use_cache: bool) -> dict[str, str]:
    with monkeypatch.context() as patch:
        patch.setenv(cache.NO_CACHE_ENV, "" if use_cache else "1")
        assert engine.build(project) == 0
    return tree_digest(project / "site")


def _stats(project: Path) -> dict:
    """What the last cached build kept: rendered pages, excerpts and segmented texts."""
    (path,) = (project / cache.BUILD_DIR).glob("*.pickle")
    return pickle.loads(path.read_bytes())


@pytest.mark.slow
def test_cold_warm_and_edited_builds_equal_a_build_without_cache(project, monkeypatch):
    _with_photos(project)
    plain = _build(project, monkeypatch, use_cache=False)
    assert not (project / cache.BUILD_DIR).exists()

    assert _build(project, monkeypatch, use_cache=True) == plain  # cold: fills the cache
    kept = _stats(project)
    assert sum(1 for key in kept if key != "static-index") > 50

    # Warm: nothing is rendered or segmented again.
    misses = []
    real = cache.BuildCache.put
    monkeypatch.setattr(cache.BuildCache, "put", lambda self, key, value: misses.append(key) or real(self, key, value))
    assert _build(project, monkeypatch, use_cache=True) == plain
    assert misses == []
    linked = [p for p in (project / "site").rglob("*") if p.is_file() and p.stat().st_nlink > 1]
    assert any("/photos/" in p.as_posix() for p in linked) and any("assets/javascripts" in p.as_posix() for p in linked)

    # One post edited: its page, the list pages showing its excerpt and its search texts are new.
    post = project / POST
    post.write_text(post.read_text("utf-8").replace("。", "。新加的一句话。", 1), "utf-8")
    edited = _build(project, monkeypatch, use_cache=True)
    assert 0 < len(misses) < 40
    assert "新加的一句话" in (project / "site/blog/2023-arts-light-cavalry/index.html").read_text("utf-8")
    assert edited == _build(project, monkeypatch, use_cache=False)
    assert edited != plain


@pytest.mark.slow
def test_writing_into_a_linked_site_file_never_reaches_the_next_site(project, monkeypatch):
    _with_photos(project)
    plain = _build(project, monkeypatch, use_cache=False)
    _build(project, monkeypatch, use_cache=True)
    site = project / "site"
    linked = [p for p in sorted(site.rglob("*")) if p.is_file() and p.stat().st_nlink > 1]
    theme = next(p for p in linked if p.suffix == ".css")
    photo = next(p for p in linked if p.suffix == ".webp")
    for path in (theme, photo):  # someone "fixes" the published site in place, as an editor would
        with open(path, "r+b") as handle:
            handle.write(b"tampered")

    assert _build(project, monkeypatch, use_cache=True) == plain
    assert b"tampered" not in theme.read_bytes() and b"tampered" not in photo.read_bytes()


@pytest.mark.slow
def test_without_hard_links_files_are_copied(project, monkeypatch):
    plain = _build(project, monkeypatch, use_cache=False)

    def refuse(*args, **kwargs):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    assert _build(project, monkeypatch, use_cache=True) == plain
    assert all(p.stat().st_nlink == 1 for p in (project / "site").rglob("*") if p.is_file())


def test_a_damaged_cache_file_is_ignored(project, tmp_path):
    damaged = cache.BuildCache(project).file
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"not a pickle")
    assert cache.BuildCache(project).get("anything") is None


@pytest.mark.slow
def test_the_preview_the_site_and_the_offline_package_each_reuse_their_own_last_build(project, monkeypatch):
    """An editor alternates them; each kind of build keeps its own file, so none evicts another's work."""
    kinds = [{"site_dir": ".preview", "preview": True, "site_url": "http://127.0.0.1:8000/"}, {}, {"offline": True}]
    for kind in kinds:
        assert engine.build(project, **kind) == 0
    assert len(list((project / cache.BUILD_DIR).glob("*.pickle"))) == 3
    misses = []
    real = cache.BuildCache.put
    monkeypatch.setattr(cache.BuildCache, "put", lambda self, key, value: misses.append(key) or real(self, key, value))
    for kind in kinds:
        assert engine.build(project, **kind) == 0
    assert misses == []


def test_only_the_most_recent_variants_are_kept(project):
    for kind in "abcdef":
        store = cache.BuildCache(project, kind=kind)
        store.put("page", kind)
        store.save()
        os.utime(store.file, ns=(0, ord(kind)))  # written in this order
    kept = sorted(p.name for p in (project / cache.BUILD_DIR).glob("*.pickle"))
    assert [name.split("-")[1][0] for name in kept] == ["c", "d", "e", "f"][-cache.MAX_VARIANTS :]
    assert cache.BuildCache(project, kind="f").get("page") == "f"
    assert cache.BuildCache(project, kind="a").get("page") is None


def test_settings_digest_is_the_same_in_every_process():
    from pymdownx.slugs import slugify

    first, second = slugify(case="lower"), slugify(case="lower")
    assert first is not second
    assert cache.stable({"toc": {"slugify": first}}) == cache.stable({"toc": {"slugify": second}})
    assert cache.stable({"toc": {"slugify": first}}) != cache.stable({"toc": {"slugify": slugify(case="upper")}})
    assert "0x" not in cache.stable(functools.partial(len, 1))


def test_warm_photo_pass_reads_no_unchanged_source(tmp_path, monkeypatch):
    from PIL import Image

    src = tmp_path / "a.jpg"
    Image.linear_gradient("L").resize((900, 600)).convert("RGB").save(src, "JPEG")
    items = [(src, "photos/a.jpg")]
    quiet = functools.partial(publish_all, progress=lambda _: None)
    first, _ = quiet(items, tmp_path / "out1", tmp_path / "cache", PhotoSettings())

    reads = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real_read(self))
    again, _ = quiet(items, tmp_path / "out2", tmp_path / "cache", PhotoSettings())
    assert again == first and src not in reads
    assert all(os.path.samefile(tmp_path / "out2" / v.name, tmp_path / "out1" / v.name) for v in again["photos/a.jpg"].variants)

    # The same size and modification time, other pixels: the change time gives it away.
    stat = src.stat()
    Image.linear_gradient("L").resize((900, 600)).rotate(180).convert("RGB").save(src, "JPEG")
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed, _ = quiet(items, tmp_path / "out3", tmp_path / "cache", PhotoSettings())
    assert src in reads
    assert changed["photos/a.jpg"].variants[0].name != first["photos/a.jpg"].variants[0].name


def test_gate_memo_reuses_text_checks_but_decides_each_build_anew(tmp_path, monkeypatch):
    from pufa import personal
    from pufa.publish import gate

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>值班电话 13800001111</p><img src='gone.png'></body></html>", "utf-8")
    allowed = frozenset({"13800001111"})
    first = gate.Memo()
    problems = gate.check_output(site, gate.Context(tmp_path, allowed_numbers=allowed, memo=first))
    assert [p.message for p in problems if "13800001111" in p.message or "138****1111" in p.message] == []
    assert any("不在网站里" in p.message and "gone.png" in p.message for p in problems)

    calls = []
    real = personal.find_numbers
    monkeypatch.setattr(personal, "find_numbers", lambda *a, **k: calls.append(a) or real(*a, **k))
    again = gate.check_output(site, gate.Context(tmp_path, memo=gate.Memo(old=first.new)))
    assert calls == []  # the text did not change: not searched again
    assert any("138****1111" in p.message for p in again)  # but no longer allowed: refused
    (site / "gone.png").write_bytes(b"")  # and the missing file is looked for in this site
    after = gate.check_output(site, gate.Context(tmp_path, memo=gate.Memo(old=first.new)))
    assert [p for p in after if "不在网站里" in p.message] == []


def test_front_matter_memo_hands_out_copies():
    from pufa.sources import frontmatter

    text = "---\ntitle: 标题\ntags: [甲]\n---\n正文\n"
    first, _ = frontmatter.parse(text, "docs/a.md")
    first.meta["tags"].append("改了")
    first.meta["title"] = "别的"
    again, _ = frontmatter.parse(text, "docs/a.md")
    assert again.meta == {"title": "标题", "tags": ["甲"]}
