"""Photos through a real build: responsive <picture>, no metadata anywhere, broken photos named."""

from __future__ import annotations

import re

from conftest import POST, tree_digest
from PIL import Image

from pufa.adapter import engine
from pufa.commands.cli import main


def _phone_photo(path, size=(2000, 1500)):
    """A JPEG as a phone writes it: with GPS and an orientation tag."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Smooth colour gradients with some grain: compresses like a photo, unlike pure noise.
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = Image.blend(red, Image.effect_noise(size, 30), 0.25)
    image = Image.merge("RGB", (red, green, blue))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when displayed
    exif[0x8825] = {1: "N", 2: (33.0, 44.0, 12.0), 3: "E", 4: (112.0, 54.0, 30.0)}  # GPS IFD
    image.save(path, "JPEG", quality=90, exif=exif)


def _with_photos(project):
    _phone_photo(project / "docs/blog/posts/photos/test/01.jpg")
    _phone_photo(project / "docs/blog/posts/photos/test/02.jpg", (1200, 900))
    post = POST.replace(
        "---\n\n正文第一段。", "photos: [photos/test/01.jpg]\n---\n\n正文第一段。\n\n![第二张](photos/test/02.jpg)"
    )
    (project / "docs/blog/posts/photo-test.md").write_text(post, "utf-8")


def test_photos_become_pictures_without_metadata(project):
    _with_photos(project)
    assert engine.build(project) == 0
    site = project / "site"
    html = (site / "blog/photo-test/index.html").read_text("utf-8")
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 2
    assert 'type="image/webp"' in pictures[0] and "480w" in pictures[0]
    assert 'fetchpriority="high"' in pictures[0] and 'loading="lazy"' in pictures[1]  # body photo first
    assert re.search(r'width="\d+" height="\d+"', pictures[1])
    images = [p for p in site.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".webp", ".png") and "photos" in p.as_posix()]
    assert len(images) >= 8
    for image in images:
        data = image.read_bytes()
        assert b"Exif" not in data and b"GPS" not in data, image
        assert image.stat().st_size <= 250_000, image
    # Orientation applied: the 2000×1500 photo tagged "rotate 90°" is published portrait.
    original = Image.open(site / "blog/photos/test/01.jpg")  # the blog drops "posts/" from photo paths
    assert original.height > original.width
    assert not original.getexif()


def test_a_broken_photo_names_the_page_and_keeps_the_site(project, capsys):
    assert engine.build(project) == 0
    before = tree_digest(project / "site")
    _with_photos(project)
    (project / "docs/blog/posts/photos/test/02.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("docs/blog/posts/photos/test/02.jpg"))
    assert "照片无法打开" in line and "用在 docs/blog/posts/photo-test.md" in line
    assert tree_digest(project / "site") == before


def test_unchanged_photos_come_from_the_cache(project, capsys):
    _with_photos(project)
    assert engine.build(project) == 0
    capsys.readouterr()
    assert engine.build(project) == 0
    assert "命中缓存 2" in capsys.readouterr().out


def test_photo_widths_come_from_mkdocs_yml(project):
    """plugins: - pufa: photos: widths: the variants published are the ones mkdocs.yml declares."""
    _with_photos(project)
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\n  - pufa\n" in text
    config.write_text(text.replace("\n  - pufa\n", "\n  - pufa:\n      photos:\n        widths: [360, 600]\n"), "utf-8")
    assert engine.build(project) == 0
    html = (project / "site/blog/photo-test/index.html").read_text("utf-8")
    widths = {int(w) for w in re.findall(r" (\d+)w", html)}
    # Sizes bound the long edge: the portrait photo's 600 is 450 wide. The defaults are gone.
    assert widths and max(widths) <= 600 and 360 in widths, widths
    assert not widths & {480, 720, 960, 1280}, widths
