"""Photos for phones: small files, no GPS leaks, upright portraits, cache, clear messages for bad files."""

from __future__ import annotations

import dataclasses
import random
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from photogen import phone_exif, phone_photo
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageDraw, ImageFile

from pufa.media import photos
from pufa.media.photos import PhotoError, PhotoSettings, Published, digest, publish_all, publish_photo, render_picture

SETTINGS = PhotoSettings()
SECRETS = (b"Exif", b"GPS", b"HUAWEI", b"xmpmeta", b"Zhang San")  # every one of them is in the source photo


def noisy(size: tuple[int, int], seed: int = 1) -> Image.Image:
    """Gradient, a shape and noise: compresses like a photo, unlike a flat colour. The seed places the shape."""
    gradient = Image.linear_gradient("L").resize(size)
    base = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM), gradient.rotate(90).resize(size)))
    x, y = random.Random(seed).randrange(size[0]), random.Random(-seed).randrange(size[1])
    ImageDraw.Draw(base).ellipse((x - 40, y - 40, x + 40, y + 40), fill="orange")
    noise = Image.merge("RGB", [Image.effect_noise(size, 12) for _ in range(3)])
    return ImageChops.add(base, noise, 1, -128)


def save_phone_jpeg(image: Image.Image, path: Path, orientation: int = 1, quality: int = 90, icc: bool = True) -> Path:
    """A JPEG as a phone writes it: EXIF with GPS, XMP, a comment and (usually) an ICC profile."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() if icc else None
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    path.parent.mkdir(parents=True, exist_ok=True)
    comment = b"home of Zhang San"
    image.save(path, "JPEG", quality=quality, exif=phone_exif(orientation), xmp=xmp, comment=comment, icc_profile=srgb)
    return path


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header(width: int, height: int) -> bytes:
    """A 100-byte PNG claiming any size: a header, a few compressed bytes, the end."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(bytes(64))) + chunk(b"IEND", b"")


def publish(tmp_path: Path, src: Path, rel: str = "photos/a.jpg", settings: PhotoSettings = SETTINGS, out: str = "out"):
    return publish_photo(src, rel, tmp_path / out, tmp_path / "cache", settings)


def outputs(tmp_path: Path, pub: Published, out: str = "out") -> list[Path]:
    return [tmp_path / out / v.name for v in pub.variants]


def assert_clean(path: Path) -> None:
    data = path.read_bytes()
    for secret in SECRETS:
        assert secret not in data, (path.name, secret)
    with Image.open(path) as image:
        assert not image.getexif()
        assert "icc_profile" not in image.info and "xmp" not in image.info and "comment" not in image.info


def is_red(pixel) -> bool:
    return pixel[0] > 200 and pixel[1] < 70 and pixel[2] < 70


# ---------------------------------------------------------------- what readers get


@pytest.mark.slow
def test_phone_photo_is_small_enough_for_slow_networks(tmp_path):
    src = save_phone_jpeg(phone_photo(seed=3), tmp_path / "docs/photos/big.jpg", quality=95)
    assert 3_000_000 <= src.stat().st_size <= 5_000_000  # realistic source, not a flat colour

    pub = publish(tmp_path, src)

    assert [(v.width, v.height, v.format) for v in pub.variants] == [
        (480, 360, "webp"),
        (480, 360, "jpeg"),
        (720, 540, "webp"),
        (720, 540, "jpeg"),
        (960, 720, "webp"),
        (960, 720, "jpeg"),
        (1280, 960, "webp"),
        (1280, 960, "jpeg"),
    ]
    assert (pub.width, pub.height) == (1280, 960)
    for variant, path in zip(pub.variants, outputs(tmp_path, pub), strict=False):
        assert path.stat().st_size == variant.size <= 250_000, variant
        assert_clean(path)
        with Image.open(path) as image:
            assert image.size == (variant.width, variant.height)
            assert image.format == variant.format.upper()


@pytest.mark.parametrize("icc", [True, False])
def test_metadata_is_stripped(tmp_path, icc):
    src = save_phone_jpeg(noisy((640, 480)), tmp_path / "a.jpg", icc=icc)
    source = src.read_bytes()
    assert all(secret in source for secret in SECRETS)  # so the checks below mean something
    with Image.open(src) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    pub = publish(tmp_path, src)

    for path in outputs(tmp_path, pub):
        assert_clean(path)


def test_portrait_photo_is_turned_upright(tmp_path):
    image = Image.new("RGB", (400, 300), "blue")
    image.paste("red", (0, 0, 200, 300))  # red left half, as the sensor stored it
    src = save_phone_jpeg(image, tmp_path / "portrait.jpg", orientation=6)

    pub = publish(tmp_path, src)

    assert (pub.width, pub.height) == (300, 400)
    for path in outputs(tmp_path, pub):
        with Image.open(path) as out:
            rgb = out.convert("RGB")
            assert rgb.size == (300, 400)
            assert is_red(rgb.getpixel((150, 50))) and not is_red(rgb.getpixel((150, 350)))


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (600, [480, 600]),
        (480, [480]),
        (200, [200]),
        (1280, [480, 720, 960, 1280]),
        (1600, [480, 720, 960, 1280]),
        (800, [480, 720, 800]),
    ],
)
def test_widths_never_upscale(tmp_path, width, expected):
    src = tmp_path / "a.png"
    noisy((width, width // 2)).save(src)

    pub = publish(tmp_path, src, "a.png")

    assert [v.width for v in pub.variants] == [w for w in expected for _ in ("webp", "jpeg")]
    assert [v.format for v in pub.variants] == ["webp", "jpeg"] * len(expected)
    assert pub.width == expected[-1]


def flatten_cases():
    half = Image.new("L", (640, 480), 0)
    half.paste(255, (320, 0, 640, 480))  # left half transparent, right half opaque
    rgba = Image.new("RGB", (640, 480), (0, 160, 0)).convert("RGBA")
    rgba.putalpha(half)
    la = Image.merge("LA", (Image.new("L", (640, 480), 0), half))
    palette = Image.new("P", (640, 480), 1)
    palette.putpalette([0, 0, 0, 0, 160, 0])
    palette.paste(0, (0, 0, 320, 480))
    palette.info["transparency"] = 0
    return {"RGBA": rgba, "LA": la, "P": palette}


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparent_parts_become_white(tmp_path, mode):
    src = tmp_path / f"{mode}.png"
    flatten_cases()[mode].save(src)

    pub = publish(tmp_path, src, f"{mode}.png")

    for path in outputs(tmp_path, pub):
        with Image.open(path) as out:
            assert out.mode == "RGB"
            assert min(out.getpixel((10, 10))) > 240  # was transparent black
            assert max(out.getpixel((out.width - 10, 10))) < 180  # opaque content kept


@pytest.mark.parametrize("mode", ["CMYK", "L"])
def test_cmyk_and_grey_photos_work(tmp_path, mode):
    src = tmp_path / f"{mode}.jpg"
    image = Image.new("CMYK", (640, 480), (0, 255, 255, 0)) if mode == "CMYK" else noisy((640, 480)).convert("L")
    image.save(src, quality=90)

    pub = publish(tmp_path, src, f"{mode}.jpg")

    for path in outputs(tmp_path, pub):
        with Image.open(path) as out:
            assert out.mode == "RGB"
            if mode == "CMYK":
                assert is_red(out.getpixel((100, 100)))


# ---------------------------------------------------------------- cache


def count_opens(monkeypatch) -> list:
    calls = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: calls.append(args) or real_open(*args, **kwargs))
    return calls


def test_unchanged_photo_is_copied_from_cache_without_decoding(tmp_path, monkeypatch):
    src = save_phone_jpeg(noisy((800, 600)), tmp_path / "a.jpg")
    cold = publish(tmp_path, src, out="cold")
    calls = count_opens(monkeypatch)

    warm = publish(tmp_path, src, out="warm")

    assert calls == []
    assert warm == cold
    for cold_file, warm_file in zip(outputs(tmp_path, cold, "cold"), outputs(tmp_path, warm, "warm"), strict=False):
        assert warm_file.read_bytes() == cold_file.read_bytes()


def test_changed_quality_reencodes(tmp_path, monkeypatch):
    src = save_phone_jpeg(noisy((800, 600)), tmp_path / "a.jpg")
    before = publish(tmp_path, src)
    calls = count_opens(monkeypatch)

    after = publish(tmp_path, src, settings=dataclasses.replace(SETTINGS, jpeg_quality=40))

    assert len(calls) == 1
    assert {v.name for v in after.variants}.isdisjoint(v.name for v in before.variants)  # new names: browsers refetch
    jpeg_sizes = [(b.size, a.size) for b, a in zip(before.variants, after.variants, strict=False) if a.format == "jpeg"]
    assert all(new < old for old, new in jpeg_sizes)


def test_damaged_cache_entry_is_rebuilt(tmp_path):
    src = save_phone_jpeg(noisy((800, 600)), tmp_path / "a.jpg")
    first = publish(tmp_path, src)
    entry = tmp_path / "cache" / digest(src.read_bytes(), SETTINGS)
    next(entry.glob("*.webp")).unlink()  # someone pruned the cache by hand

    again = publish(tmp_path, src, out="again")

    assert again == first
    assert all(path.is_file() for path in outputs(tmp_path, again, "again"))


def test_digest_covers_bytes_and_every_setting():
    data = b"photo bytes"
    keys = {
        digest(data, SETTINGS),
        digest(data + b"!", SETTINGS),
        digest(data, PhotoSettings(widths=(480, 960))),
        digest(data, PhotoSettings(webp_quality=60)),
        digest(data, PhotoSettings(jpeg_quality=60)),
        digest(data, PhotoSettings(max_pixels=1000)),
    }
    assert len(keys) == 6
    assert digest(data, PhotoSettings()) == digest(data, SETTINGS)
    assert re.fullmatch(r"[0-9a-f]{64}", digest(data, SETTINGS))


def test_same_photo_under_two_names_is_published_under_both(tmp_path):
    src = save_phone_jpeg(noisy((640, 480)), tmp_path / "a.jpg")
    copy = tmp_path / "b.jpg"
    copy.write_bytes(src.read_bytes())

    items = [(src, "x/a.jpg"), (copy, "y/b.jpg")]
    published, problems = publish_all(items, tmp_path / "out", tmp_path / "cache", SETTINGS, progress=lambda _: None)

    assert problems == []
    assert all((tmp_path / "out" / v.name).is_file() for pub in published.values() for v in pub.variants)
    assert published["x/a.jpg"].variants[0].name.startswith("a-") and published["y/b.jpg"].variants[0].name.startswith("b-")


# ---------------------------------------------------------------- bad photos


def error_for(tmp_path: Path, data: bytes, rel: str = "photos/bad.jpg", settings: PhotoSettings = SETTINGS):
    src = tmp_path / "docs" / rel
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(data)
    with pytest.raises(PhotoError) as caught:
        publish(tmp_path, src, rel, settings)
    assert caught.value.problem.path == f"docs/{rel}"
    assert caught.value.problem.fix.startswith("如何修改：")
    return caught.value.problem


def test_corrupt_file_is_refused_in_chinese(tmp_path):
    problem = error_for(tmp_path, b"this is not a photo\n" * 50)
    assert problem.message == "照片无法打开（文件损坏或不是图片）"
    assert problem.actual == "不是能识别的图片格式"
    assert "JPG" in problem.fix


def test_truncated_upload_is_refused(tmp_path):
    src = save_phone_jpeg(noisy((800, 600)), tmp_path / "whole.jpg")
    data = src.read_bytes()
    problem = error_for(tmp_path, data[: len(data) // 2])
    assert (problem.message, problem.actual) == ("照片无法打开（文件损坏或不是图片）", "文件不完整（可能没有传完或没有复制完）")


def test_heic_pillow_cannot_open_gets_a_phone_setting_hint(tmp_path):
    problem = error_for(tmp_path, b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(100), "photos/IMG_0001.HEIC")
    assert problem.message == "照片无法打开（文件损坏或不是图片）"
    assert "兼容性最佳" in problem.fix


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(PhotoError) as caught:
        publish(tmp_path, tmp_path / "gone.jpg", "photos/gone.jpg")
    assert caught.value.problem.message == "照片文件读不出来"


def test_decompression_bomb_is_refused_without_decoding(tmp_path, monkeypatch):
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("pixels were decoded"))
    started = time.perf_counter()
    problem = error_for(tmp_path, png_header(100_000, 100_000), "photos/bomb.png")
    assert time.perf_counter() - started < 1
    assert problem.message == "照片尺寸异常（约 100 亿像素），可能是损坏或恶意文件"


def test_over_the_pixel_limit_names_the_size(tmp_path, monkeypatch):
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("pixels were decoded"))
    problem = error_for(tmp_path, png_header(9000, 8000), "photos/huge.png")  # 72 million: over 60, under Pillow's warning
    assert problem.message == "照片尺寸异常（9000×8000 像素），可能是损坏或恶意文件"
    assert problem.expected == "不超过 6000 万像素"


def test_pillow_bomb_warning_is_an_error_even_with_a_higher_limit(tmp_path):
    with pytest.warns(Image.DecompressionBombWarning):
        problem = error_for(tmp_path, png_header(10_000, 10_000), "photos/huge.png", PhotoSettings(max_pixels=200_000_000))
    assert problem.message == "照片尺寸异常（10000×10000 像素），可能是损坏或恶意文件"


def test_long_screenshot_is_refused(tmp_path):
    src = tmp_path / "docs/long.png"
    src.parent.mkdir(parents=True)
    Image.new("L", (480, 17_000), 200).save(src)
    with pytest.raises(PhotoError) as caught:
        publish(tmp_path, src, "long.png")
    assert caught.value.problem.message.startswith("照片太长（480×17000 像素）")


def test_settings_are_checked():
    for bad in ({"widths": (960, 480)}, {"widths": (480, 2000)}, {"widths": ()}, {"webp_quality": 0}, {"max_pixels": 0}):
        with pytest.raises(ValueError):
            PhotoSettings(**bad)


# ---------------------------------------------------------------- many photos


def test_publish_all_collects_problems_and_goes_on(tmp_path):
    good = [save_phone_jpeg(noisy((320, 240), seed=i), tmp_path / f"p{i}.jpg") for i in range(3)]
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"junk")
    items = [(path, f"photos/{path.name}") for path in good] + [(bad, "photos/bad.jpg")]
    lines = []

    published, problems = publish_all(items, tmp_path / "out", tmp_path / "cache", SETTINGS, workers=2, progress=lines.append)

    assert list(published) == [f"photos/p{i}.jpg" for i in range(3)]
    assert [(p.path, p.message) for p in problems] == [("docs/photos/bad.jpg", "照片无法打开（文件损坏或不是图片）")]
    assert re.fullmatch(r"照片处理完成：4 张（命中缓存 0，1 张有问题），用时 \d+\.\d 秒", lines[-1])

    lines.clear()
    publish_all(items, tmp_path / "out2", tmp_path / "cache", SETTINGS, progress=lines.append)
    assert lines[-1].startswith("照片处理完成：4 张（命中缓存 3，1 张有问题）")


def test_progress_every_ten_photos_or_two_seconds(monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(photos.time, "monotonic", lambda: clock[0])
    lines = []
    progress = photos._Progress(120, lines.append)
    progress.hits = 25
    for done in (5, 9, 30):
        progress.update(done)
    clock[0] = 2.5
    progress.update(31)  # only one more, but two seconds passed
    progress.update(120)  # the summary says it instead
    assert lines == ["照片处理中：30/120（命中缓存 25）", "照片处理中：31/120（命中缓存 25）"]


# ---------------------------------------------------------------- HTML


def sample() -> Published:
    variants = tuple(
        photos.Variant(w, w * 3 // 4, fmt, f"a-12345678-{w}.{'jpg' if fmt == 'jpeg' else fmt}", 1000)
        for w in (480, 960, 1280)
        for fmt in ("webp", "jpeg")
    )
    return Published("photos/a.jpg", 1280, 960, variants)


def test_render_picture():
    html = render_picture(sample(), '普法"进村" <宣讲> & 答疑', "../assets/photos", lazy=True)
    assert html.startswith(
        '<picture><source type="image/webp" srcset="../assets/photos/a-12345678-480.webp 480w, '
        '../assets/photos/a-12345678-960.webp 960w, ../assets/photos/a-12345678-1280.webp 1280w" '
        'sizes="(max-width: 832px) calc(100vw - 32px), 800px">'
    )
    assert '<img src="../assets/photos/a-12345678-1280.jpg" srcset="../assets/photos/a-12345678-480.jpg 480w, ' in html
    assert 'width="1280" height="960"' in html
    assert 'alt="普法&quot;进村&quot; &lt;宣讲&gt; &amp; 答疑"' in html
    assert 'loading="lazy" decoding="async"></picture>' in html
    assert html.count("sizes=") == 2


def test_first_photo_is_not_lazy():
    html = render_picture(sample(), "", "/assets/photos/", lazy=False)
    assert "loading=" not in html and 'fetchpriority="high"' in html
    assert 'src="/assets/photos/a-12345678-1280.jpg"' in html
