"""Only what is meant is published: files by kind, no symlinks, clean images, one source per URL."""

from __future__ import annotations

import io
import os
import shutil

import pillow_heif
import pytest
from conftest import POST, site_text, tree_digest
from photogen import phone_exif, phone_photo
from PIL import Image
from test_gate_personal import assert_refused

from pufa.commands.cli import main
from pufa.media import photos
from pufa.publish import gate

pillow_heif.register_heif_opener()


def _jpeg_with_gps(size=(1600, 1200)) -> bytes:
    out = io.BytesIO()
    phone_photo(7, size).save(out, "JPEG", quality=90, exif=phone_exif(6))
    return out.getvalue()


def _every_image_is_clean(site):
    images = [p for p in site.rglob("*") if p.is_file() and p.suffix.lower() in gate.IMAGE_SUFFIXES]
    assert images
    dirty = {p.relative_to(site).as_posix(): photos.metadata_in(p) for p in images}
    assert {k: v for k, v in dirty.items() if v} == {}
    return images


# ---------------------------------------------------------------- images


@pytest.mark.parametrize("suffix", [".jfif", ".jpe", ".tif", ".bmp", ".JPG", ".heic"])
def test_a_photo_under_any_extension_is_published_without_gps(built_project, capsys, suffix):
    folder = built_project / "docs/blog/posts/photos"
    folder.mkdir(parents=True, exist_ok=True)
    data = _jpeg_with_gps()
    if suffix in (".tif", ".bmp", ".heic"):  # another container: TIFF and HEIC keep the EXIF with GPS, BMP cannot hold any
        out = io.BytesIO()
        image = Image.open(io.BytesIO(data))
        {
            ".tif": lambda: image.save(out, "TIFF", exif=image.getexif()),
            ".bmp": lambda: image.save(out, "BMP"),
            ".heic": lambda: image.save(out, "HEIF", exif=image.getexif().tobytes()),
        }[suffix]()
        data = out.getvalue()
    (folder / f"wechat{suffix}").write_bytes(data)
    (built_project / "docs/blog/posts/wechat.md").write_text(
        POST.replace("figures:", f"photos: [photos/wechat{suffix}]\nfigures:"), "utf-8"
    )
    assert main(["--root", str(built_project), "build"]) == 0, capsys.readouterr().out
    site = built_project / "site"
    images = _every_image_is_clean(site)
    published = [p for p in images if "wechat" in p.name]
    assert any(p.suffix == ".webp" for p in published) and any(p.suffix == ".jpg" for p in published)
    page = (site / "blog/wechat/index.html").read_text("utf-8")
    assert "<picture>" in page and "wechat" in page


def test_a_site_image_under_assets_keeps_its_path_and_loses_its_metadata(built_project, capsys):
    images = built_project / "docs/assets/images"
    images.mkdir(parents=True)
    (images / "banner.jpg").write_bytes(_jpeg_with_gps((2400, 800)))
    logo = Image.new("RGBA", (200, 200), (183, 28, 28, 0))
    logo.paste((183, 28, 28, 255), (40, 40, 160, 160))
    info = Image.new("RGBA", (1, 1)).getexif()
    info[0x010E] = "内部资料，作者张三 13900005555"  # ImageDescription
    logo.save(images / "logo.png", exif=info)
    about = built_project / "docs/about.md"
    about.write_text(
        about.read_text("utf-8") + "\n![横幅](assets/images/banner.jpg)\n\n![标志](assets/images/logo.png)\n", "utf-8"
    )
    assert main(["--root", str(built_project), "build"]) == 0, capsys.readouterr().out
    site = built_project / "site"
    _every_image_is_clean(site)
    with Image.open(site / "assets/images/logo.png") as published:
        assert published.format == "PNG" and published.mode == "RGBA"  # still a transparent PNG
    with Image.open(site / "assets/images/banner.jpg") as published:
        assert published.format == "JPEG" and published.width <= 1280
    assert "13900005555" not in site_text(site)


def test_a_broken_heic_photo_is_refused_with_what_to_do(built_project, capsys):
    folder = built_project / "docs/blog/posts/photos"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "iphone.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + os.urandom(200))
    (built_project / "docs/blog/posts/iphone.md").write_text(
        POST.replace("figures:", "photos: [photos/iphone.heic]\nfigures:"), "utf-8"
    )
    out = assert_refused(built_project, capsys)
    assert "docs/blog/posts/photos/iphone.heic: 照片无法打开" in out and "兼容性最佳" in out


def test_the_gate_refuses_an_image_that_still_carries_metadata(built_baseline, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_baseline / "site", site)
    phone_photo(1, (320, 240)).save(site / "assets/leak.jpg", "JPEG", exif=phone_exif(1))
    problems = gate.check_output(site, gate.Context(built_baseline))
    assert [p.path for p in problems] == ["site/assets/leak.jpg"]
    assert "EXIF（含 GPS 位置）" in problems[0].message


@pytest.mark.slow
def test_two_near_limit_transparent_pngs_stay_under_a_gigabyte(built_project, tmp_path):
    # 7700×7700 with transparency: 237 MB each once decoded. Built in a child process so that its
    # peak memory (the operating system's own count) is the build's alone.
    import resource
    import subprocess
    import sys

    folder = built_project / "docs/blog/posts/photos"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(2):
        big = Image.new("RGBA", (7700, 7700), (200, 30, 30, 128))
        big.paste((30, 30, 200, 255), (1000 + index, 1000, 6000, 6000))
        big.save(folder / f"poster{index}.png", compress_level=1)
        del big
    (built_project / "docs/blog/posts/posters.md").write_text(
        POST.replace("figures:", "photos: [photos/poster0.png, photos/poster1.png]\nfigures:"), "utf-8"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [sys.executable, "-m", "pufa", "--root", str(built_project), "build"], capture_output=True, text=True, timeout=600
    )
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.returncode == 0, result.stdout + result.stderr
    assert peak_kb > before or before < 1_000_000  # the figure is this child's (maxrss only grows)
    assert peak_kb < 1_000_000, f"peak {peak_kb / 1024:.0f} MB"
    _every_image_is_clean(built_project / "site")


# ---------------------------------------------------------------- files nobody meant to publish


FILE_CASES = [
    ("spreadsheet", "docs/files/名单.xlsx", b"PK\x03\x04 roster", "数据文件不能放在 docs/ 里"),
    ("csv", "docs/files/roster.csv", "姓名,电话\n张三,13900005555\n".encode(), "数据文件不能放在 docs/ 里"),
    ("json", "docs/data.json", b'{"phone": "13900005555"}', "数据文件不能放在 docs/ 里"),
    ("yaml", "docs/sites/list.yml", b"- a\n", "数据文件不能放在 docs/ 里"),
    ("word", "docs/files/notice.docx", b"PK\x03\x04 word", "文档文件不会发布"),
    ("pdf", "docs/files/handbook.pdf", b"%PDF-1.4", "文档文件不会发布"),
    ("raw-html", "docs/extra.html", b"<script>alert(1)</script>", "文档文件不会发布"),
    ("video", "docs/files/lecture.mp4", b"\x00\x00\x00\x18ftypmp42", "音频、视频文件不会发布"),
    ("unknown", "docs/files/backup.bak", b"13900005555", "这种文件不会发布到网站上"),
    ("tiff-in-assets", "docs/assets/images/scan.tif", b"II*\x00", "网页不能直接显示这种格式的图片"),
]


@pytest.mark.parametrize(("name", "path", "data", "fragment"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_a_file_nobody_meant_to_publish_is_refused(built_project, capsys, name, path, data, fragment):
    target = built_project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    out = assert_refused(built_project, capsys, "13900005555")
    assert any(line.startswith(f"{path}: {fragment}") for line in out.splitlines()), out


def test_system_clutter_is_left_out_silently(built_project, capsys):
    (built_project / "docs/blog/posts/Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0 thumbnails")
    (built_project / "docs/desktop.ini").write_text("[.ShellClassInfo]\n", "utf-8")
    (built_project / "docs/~$notice.docx").write_bytes(b"lock")
    assert main(["--root", str(built_project), "build"]) == 0, capsys.readouterr().out
    names = {p.name for p in (built_project / "site").rglob("*")}
    assert not names & {"Thumbs.db", "desktop.ini", "~$notice.docx"}


@pytest.mark.parametrize("kind", ["file", "folder", "broken"])
def test_a_symlink_in_docs_is_refused_and_never_followed(built_project, capsys, kind):
    secret = built_project.parent / "secret"
    secret.mkdir()
    (secret / "passwd.txt").write_text("root:x:0:0:13900005555\n", "utf-8")
    link = built_project / "docs/files/link"
    link.parent.mkdir()
    if kind == "file":
        link.symlink_to(secret / "passwd.txt")
    elif kind == "folder":
        link.symlink_to(secret, target_is_directory=True)
    else:
        link.symlink_to(secret / "gone.txt")
    out = assert_refused(built_project, capsys, "13900005555", "root:x:0")
    assert "docs/files/link: 这是一个快捷方式（符号链接）" in out
    assert ("指向的文件已经不存在" in out) == (kind == "broken")


# ---------------------------------------------------------------- two sources, one URL


def test_two_posts_with_the_same_file_name_are_an_error_naming_both(built_project, capsys):
    for folder in ("a", "b"):
        (built_project / f"docs/blog/posts/{folder}").mkdir()
        (built_project / f"docs/blog/posts/{folder}/dup.md").write_text(POST, "utf-8")
    out = assert_refused(built_project, capsys)
    line = next(line for line in out.splitlines() if "会生成同一个网址 /blog/dup/" in line)
    assert "docs/blog/posts/a/dup.md" in line and "docs/blog/posts/b/dup.md" in line


def test_a_post_named_like_a_generated_page_is_an_error(built_project, capsys):
    (built_project / "docs/blog/posts/township.md").write_text(POST, "utf-8")
    out = assert_refused(built_project, capsys)
    line = next(line for line in out.splitlines() if "会生成同一个网址 /blog/township/" in line)
    assert "docs/blog/posts/township.md" in line and "（自动生成）blog/township/index.md" in line


@pytest.mark.parametrize("page", ["roster/index.md", "figures/index.md", "blog/township/liangwa.md"])
def test_an_editor_page_at_a_generated_pages_address_is_an_error(built_project, capsys, page):
    target = built_project / "docs" / page
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\ntitle: 我的页面\n---\n\n# 我的页面\n", "utf-8")
    out = assert_refused(built_project, capsys)
    assert f"docs/{page}: 这个页面的网址" in out and "留给自动生成的页面" in out


def test_two_pages_differing_only_in_case_are_an_error(built_project, capsys):
    # Both survive on Linux, but a USB stick (FAT32) or a Windows server keeps only one.
    (built_project / "docs/sites/Binhe-Park.md").write_text(
        (built_project / "docs/sites/binhe-park.md").read_text("utf-8").replace("qr: binhe", "qr: binhe2"), "utf-8"
    )
    out = assert_refused(built_project, capsys)
    assert "会生成同一个网址" in out and "docs/sites/Binhe-Park.md" in out


def test_nothing_changed_on_a_refused_build_even_in_the_summary_folder(built_project, capsys):
    before = tree_digest(built_project / "site")
    (built_project / "docs/files").mkdir()
    (built_project / "docs/files/a.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["--root", str(built_project), "check"]) == 1  # check refuses it too, before any build
    assert "docs/files/a.xls: 数据文件不能放在 docs/ 里" in capsys.readouterr().out
    assert tree_digest(built_project / "site") == before
