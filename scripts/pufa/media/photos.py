"""Photos for cheap phones on slow rural networks: each photo in docs/ is published at a few widths.

Editors drop photos straight from the phone (4000×3000, 3–5 MB, EXIF with GPS). Readers get
WebP with a JPEG fallback at 480/960/1280 px through <picture srcset>, so a phone downloads
roughly 30–200 KB instead of megabytes. All metadata is dropped: the GPS position of a photo
taken at someone's home must never reach the public site.

Encoding is slow, so results are cached by a digest of the source bytes and the settings: a
rebuild with unchanged photos never decodes an image. A source whose size, modification time,
change time and inode are those it had last time is not even read again (the stat index), and
variants are hard-linked out of the cache where the filesystem allows it (copied elsewhere).
A cache file modified through a link (its size or modification time differs from what the
manifest recorded) is not used: the photo is encoded again.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import pillow_heif
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from pufa.problems import Problem

FORMAT_VERSION = 2  # bump when the encoding below changes, so old cache entries are not reused
MAX_WIDTH = 1280  # wider is wasted on phones and costs rural readers data
# The content column: the screen less Material's 16 px margins on phones, at most 800 px wide.
SIZES = "(max-width: 832px) calc(100vw - 32px), 800px"
MANIFEST = "variants.json"  # written last into a cache entry: its presence marks the entry complete
STAT_INDEX = "stat-index.json"  # source path -> (size, mtime, ctime, inode, settings) -> its digest
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
# Only formats phones and office PCs produce. Never hand an editor's file to Ghostscript (EPS) or exotic decoders.
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "AVIF", "HEIF", "GIF", "BMP", "TIFF", "ICO")
MAX_FILE_BYTES = 60 * 1024 * 1024  # a phone photo is 3–5 MB; larger is a scan, a video or a mistake
# Decoded pixels all workers may hold at once. Pillow keeps 4 bytes a pixel for colour images, and a
# photo briefly exists twice (turned upright, then reduced): two near-limit PNGs side by side would
# otherwise take 1.5 GB on an office PC. One image larger than this simply runs alone.
MEMORY_BUDGET = 600 * 1024 * 1024
# Site images under assets/ keep their format (a transparent logo stays PNG).
ASSET_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".gif": "GIF", ".ico": "ICO"}
PROGRESS_EVERY = 10  # photos
PROGRESS_SECONDS = 2.0


@dataclass(frozen=True)
class PhotoSettings:
    # 720 serves the common phone (a 328 px column at 2 device pixels per CSS pixel) without the 960.
    widths: tuple[int, ...] = (480, 720, 960, 1280)  # never upscale; the largest fits 1280×1280
    webp_quality: int = 70
    jpeg_quality: int = 72
    max_pixels: int = 60_000_000  # larger = decompression bomb: refuse with a message

    def __post_init__(self) -> None:
        # Settings come from code or mkdocs.yml, not from editors' photos: a plain error is enough.
        widths = self.widths
        if not widths or any(w < 1 for w in widths) or list(widths) != sorted(set(widths)) or widths[-1] > MAX_WIDTH:
            raise ValueError(f"widths must be increasing positive integers up to {MAX_WIDTH}: {widths!r}")
        if not (1 <= self.webp_quality <= 100 and 1 <= self.jpeg_quality <= 100):
            raise ValueError("qualities must be between 1 and 100")
        if self.max_pixels < 1:
            raise ValueError("max_pixels must be positive")


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # "webp" | "jpeg"
    name: str  # file name relative to the output folder, e.g. "<stem>-<digest8>-960.webp"
    size: int  # bytes


@dataclass(frozen=True)
class Published:
    source: str  # docs-relative source path
    width: int  # of the largest variant (for <img width height>)
    height: int
    variants: tuple[Variant, ...]  # webp and jpeg for each width, narrowest first


class PhotoError(Exception):
    """A photo that cannot be published; `problem` tells the editor what to do."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def digest(data: bytes, settings: PhotoSettings) -> str:
    """Cache key: changes when the photo, the settings or the encoding code change."""
    hasher = hashlib.sha256(f"pufa-photos-{FORMAT_VERSION}\n{settings!r}\n".encode())
    hasher.update(data)
    return hasher.hexdigest()


def publish_photo(src: Path, docs_rel: str, out_dir: Path, cache_dir: Path, settings: PhotoSettings) -> Published:
    """Write every variant of one photo into out_dir; raises PhotoError for a photo that cannot be used."""
    return _publish(Path(src), docs_rel, Path(out_dir), Path(cache_dir), settings)[0]


def publish_all(
    items: list[tuple[Path, str]],
    out_dir: Path,
    cache_dir: Path,
    settings: PhotoSettings,
    *,
    workers: int = 2,
    progress: Callable[[str], None] = print,
) -> tuple[dict[str, Published], list[Problem]]:
    """Publish many photos in parallel (Pillow releases the GIL while decoding and encoding).

    Returns the published photos by docs-relative path, and one Problem per unusable photo, so
    one build lists every bad photo instead of stopping at the first.
    """
    sources = {rel: Path(src) for src, rel in items}  # a photo used on several pages is done once
    if not sources:
        return {}, []
    published: dict[str, Published] = {}
    problems: list[Problem] = []
    report = _Progress(len(sources), progress)
    index = _StatIndex(Path(cache_dir), settings)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(_publish, src, rel, Path(out_dir), Path(cache_dir), settings, index): rel for rel, src in sources.items()
        }
        pending = set(futures)
        try:
            while pending:
                # Wake up every PROGRESS_SECONDS even if nothing finished, so a slow photo still shows progress.
                done, pending = wait(pending, timeout=PROGRESS_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    report.hits += _collect(future, futures[future], published, problems)
                report.update(len(sources) - len(pending))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # a disk error: do not encode hundreds more photos first
            raise
    report.finish(len(problems))
    index.save()
    ordered = {rel: published[rel] for rel in sources if rel in published}
    return ordered, sorted(problems, key=lambda p: p.path)


def render_picture(pub: Published, alt: str, url_prefix: str, *, lazy: bool) -> str:
    """<picture> with WebP for current phones and JPEG for old browsers; the browser picks the width.

    width/height stop the text jumping while the photo loads. The first photo of a page is above
    the fold, so it is not lazy and is fetched with high priority.
    """
    prefix = url_prefix if not url_prefix or url_prefix.endswith("/") else url_prefix + "/"

    def srcset(fmt: str) -> str:
        return ", ".join(f"{html.escape(prefix + v.name)} {v.width}w" for v in pub.variants if v.format == fmt)

    fallback = max((v for v in pub.variants if v.format == "jpeg"), key=lambda v: v.width)
    loading = ' loading="lazy"' if lazy else ' fetchpriority="high"'
    return (
        f'<picture><source type="image/webp" srcset="{srcset("webp")}" sizes="{SIZES}">'
        f'<img src="{html.escape(prefix + fallback.name)}" srcset="{srcset("jpeg")}" sizes="{SIZES}" '
        f'width="{pub.width}" height="{pub.height}" alt="{html.escape(alt)}"{loading} decoding="async"></picture>'
    )


def clean_asset(src: Path, docs_rel: str, out: Path, settings: PhotoSettings) -> None:
    """A site image under assets/ (a logo, a favicon): same path and format, re-encoded without metadata.

    Raises PhotoError for a file that cannot be used. Only the first frame of an animation is kept."""
    rel = f"docs/{docs_rel}"
    image = _decode(_read(Path(src), rel), rel, settings, box=(MAX_WIDTH, MAX_WIDTH), keep_alpha=True)
    fmt = ASSET_FORMATS[Path(docs_rel).suffix.lower()]
    if fmt == "JPEG" and image.mode != "RGB":
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA")).convert("RGB")
    out.parent.mkdir(parents=True, exist_ok=True)
    options = {
        "PNG": {"optimize": True},
        "JPEG": {"quality": 85, "progressive": True, "optimize": True},
        "WEBP": {"quality": 85},
        "GIF": {},
        "ICO": {},
    }[fmt]
    if fmt == "ICO":
        options["sizes"] = [(n, n) for n in (16, 32, 48, 64, 128, 256) if n <= max(image.size)] or [image.size]
    image.save(out, fmt, **options)


def metadata_in(path: Path) -> list[str]:
    """What an image file carries besides its pixels (EXIF, GPS, XMP, IPTC, comments, text); [] when clean.

    A colour profile (ICC) is not counted: it describes colours, not the photo or the person."""
    with open(path, "rb") as handle:
        head = handle.read(12)
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return _webp_metadata(handle)
    with Image.open(path) as image:
        if image.format == "PNG":
            image.load()  # text chunks after the pixel data are only read with them
        found = []
        exif = image.getexif()
        if exif or "exif" in image.info:
            found.append("EXIF（含 GPS 位置）" if exif.get_ifd(ExifTags.IFD.GPSInfo) else "EXIF")
        keys = {str(key).lower() for key in image.info}
        if keys & {"xmp", "xml:com.adobe.xmp"}:
            found.append("XMP")
        if keys & {"photoshop", "iptc"}:
            found.append("IPTC")
        if "comment" in keys:
            found.append("注释（comment）")
        text = {k for k in getattr(image, "text", {}) or {} if str(k).lower() != "xml:com.adobe.xmp"}
        if text:
            found.append("文字说明（" + "、".join(sorted(map(str, text))[:3]) + "）")
        return found


def _webp_metadata(handle) -> list[str]:
    """A WebP file is a list of RIFF chunks; metadata lives in its EXIF and XMP chunks. Reading the
    chunk headers is exact and a hundred times faster than Pillow, which decodes the frames on open."""
    found = []
    while header := handle.read(8):
        if len(header) < 8:
            break
        kind, size = header[:4], int.from_bytes(header[4:], "little")
        if kind == b"EXIF":
            found.append("EXIF")
        elif kind == b"XMP ":
            found.append("XMP")
        handle.seek(size + (size & 1), 1)  # chunks are padded to an even length
    return found


# ---------------------------------------------------------------- one photo


def _publish(
    src: Path, docs_rel: str, out_dir: Path, cache_dir: Path, settings: PhotoSettings, index: _StatIndex | None = None
) -> tuple[Published, bool]:
    """Published photo and whether it came from the cache."""
    rel = f"docs/{docs_rel}"
    key = index.lookup(src) if index else None
    records = _cached(cache_dir / key) if key else None
    if records is None:
        data = _read(src, rel)
        key = digest(data, settings)
        records = _cached(cache_dir / key)
    entry = cache_dir / key
    hit = records is not None
    if records is None:
        records = _encode_to_cache(data, rel, entry, settings)
    if index:
        index.remember(src, key)
    variants = _copy_out(entry, records, variant_base(docs_rel, key), out_dir)
    largest = variants[-1]
    return Published(docs_rel, largest.width, largest.height, variants), hit


def variant_base(docs_rel: str, key: str) -> str:
    """Published names start with this: "<stem>-<digest8>", then "-<width>.<ext>". Also used by the
    WeChat export (wechat.py) to find a photo's published JPEG without encoding anything."""
    return f"{_slug(docs_rel)}-{key[:8]}"


def _read(src: Path, rel: str) -> bytes:
    try:
        if src.stat().st_size > MAX_FILE_BYTES:
            raise _error(
                rel,
                f"照片文件太大（{src.stat().st_size / 1024 / 1024:.0f} MB）",
                expected=f"不超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的照片",
                fix="用手机或电脑重新导出这张照片，或缩小到 4000 像素宽以内",
            )
        return src.read_bytes()
    except OSError as err:
        raise _error(
            rel, "照片文件读不出来", actual=err.strerror or type(err).__name__, fix="检查文件是否还在、能否在电脑上打开"
        ) from err


def _slug(docs_rel: str) -> str:
    """File stem safe in a URL and in srcset (where a space would split the entry)."""
    return re.sub(r"[^a-z0-9_-]+", "-", Path(docs_rel).stem.lower()).strip("-") or "photo"


def _target_widths(width: int, height: int, settings: PhotoSettings) -> tuple[int, ...]:
    """The configured widths, never wider than the photo (upscaling only adds bytes) and with the
    largest fitting a square of the largest width: a portrait photo gets 960×1280, not 1280×1707
    (a third more pixels, over the 250 KB budget)."""
    largest = min(width, settings.widths[-1], settings.widths[-1] * width // height)
    return (*tuple(w for w in settings.widths if w < largest), largest)


# ---------------------------------------------------------------- cache


def _cached(entry: Path) -> list[dict] | None:
    """The variant records of a complete cache entry, or None (missing, damaged, pruned by hand, or
    changed through a hard link: size or modification time no longer what the manifest says)."""
    try:
        records = json.loads((entry / MANIFEST).read_text("utf-8"))["variants"]
        stats = [(entry / _cache_name(r)).stat() for r in records]
        if any(s.st_size != r["size"] for s, r in zip(stats, records, strict=True)):
            return None
        if all("mtime_ns" in r for r in records):
            return records if all(s.st_mtime_ns == r["mtime_ns"] for s, r in zip(stats, records, strict=True)) else None
        # An entry from before the check: record its files as they are now, from here on.
        for s, r in zip(stats, records, strict=True):
            r["mtime_ns"] = s.st_mtime_ns
        _write_manifest(entry, records)
        return records
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _write_manifest(folder: Path, records: list[dict]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=folder)
    with open(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"variants": records}))
    Path(tmp).replace(folder / MANIFEST)


class _StatIndex:
    """Which cache entry a source had when its size, times and inode were as they are now: a warm
    build looks a photo up without reading its megabytes. Any change to the file changes its
    change time (ctime), which nobody can set back, so a stale answer needs a deliberate forgery."""

    def __init__(self, cache_dir: Path, settings: PhotoSettings):
        self.path = cache_dir / STAT_INDEX
        self.settings = f"{FORMAT_VERSION}:{settings!r}"
        self.lock = threading.Lock()
        try:
            data = json.loads(self.path.read_text("utf-8"))
            self.old = data["sources"] if data.get("settings") == self.settings else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.old = {}
        self.new: dict[str, list] = {}

    @staticmethod
    def _stamp(src: Path) -> list[int] | None:
        try:
            stat = src.stat()
        except OSError:
            return None
        return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]

    def lookup(self, src: Path) -> str | None:
        known = self.old.get(str(Path(src).absolute()))
        stamp = self._stamp(src)
        return known[1] if known and stamp and known[0] == stamp else None

    def remember(self, src: Path, key: str) -> None:
        stamp = self._stamp(src)
        if stamp:
            with self.lock:
                self.new[str(Path(src).absolute())] = [stamp, key]

    def save(self) -> None:
        if not self.new:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".stat-", dir=self.path.parent)
            with open(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps({"settings": self.settings, "sources": self.new}))
            Path(tmp).replace(self.path)
        except OSError:
            pass  # only the next build's shortcut is lost


def _cache_name(record: dict) -> str:
    # Named by width only: the same photo saved under two names shares one entry.
    return f"{record['width']}.{EXTENSIONS[record['format']]}"


def _encode_to_cache(data: bytes, rel: str, entry: Path, settings: PhotoSettings) -> list[dict]:
    image = _decode(data, rel, settings)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{entry.name[:8]}-", dir=entry.parent))
    try:
        records = _write_variants(image, settings, tmp)
        for record in records:
            record["mtime_ns"] = (tmp / _cache_name(record)).stat().st_mtime_ns
        (tmp / MANIFEST).write_text(json.dumps({"variants": records}), "utf-8")
        _install(tmp, entry)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return records


def _install(tmp: Path, entry: Path) -> None:
    """Move a finished entry into place in one rename, so no build ever sees half an entry."""
    try:
        tmp.rename(entry)
        return
    except OSError:
        if _cached(entry) is not None:
            return  # another worker just made it (the same bytes under a second name)
    shutil.rmtree(entry, ignore_errors=True)  # a damaged entry: replace it
    tmp.rename(entry)


def _copy_out(entry: Path, records: list[dict], base: str, out_dir: Path) -> tuple[Variant, ...]:
    out_dir.mkdir(parents=True, exist_ok=True)
    variants = []
    for record in records:
        name = f"{base}-{record['width']}.{EXTENSIONS[record['format']]}"
        link_or_copy(entry / _cache_name(record), out_dir / name)
        variants.append(Variant(record["width"], record["height"], record["format"], name, record["size"]))
    return tuple(variants)


def link_or_copy(src: Path | str, dest: Path | str) -> None:
    """A hard link where the filesystem allows it (nothing ever writes into a published file), else a copy."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(dest)
    if os.name == "posix":
        try:
            os.link(src, dest)
            return
        except OSError:
            pass
    shutil.copyfile(src, dest)


# ---------------------------------------------------------------- decoding and encoding


def _decode(
    data: bytes, rel: str, settings: PhotoSettings, box: tuple[int, int] | None = None, keep_alpha: bool = False
) -> Image.Image:
    """Upright, sRGB, metadata-free image, no larger than needed.

    box: the largest size any variant needs (default: what the widest photo variant needs);
    keep_alpha keeps transparency (site images under assets/) instead of flattening on white."""
    suffix = Path(rel).suffix.lower()
    try:
        image = Image.open(io.BytesIO(data), formats=_formats())
        _check_pixels(image.size, rel, settings)  # reads only the header: nothing allocated yet
        with _BUDGET.hold(image.size[0] * image.size[1] * 4 * 2):
            if box is None:
                _draft(image, settings)
            image.load()
            image = ImageOps.exif_transpose(image)  # first: portrait phone photos are stored sideways
            if box is None:
                _check_height(image.size, rel, settings)
                width = _target_widths(image.width, image.height, settings)[-1]
                box = (width, max(1, -(-image.height * width // image.width)))
            image = _reduce(image, box)  # drops the full-size pixels before anything else is allocated
        image = _to_srgb(image, keep_alpha)
    except PhotoError:
        raise
    except Image.DecompressionBombError as err:
        pixels = re.search(r"\((\d+) pixels\)", str(err))
        raise _too_big(rel, f"约 {int(pixels.group(1)) / 1e8:.3g} 亿像素" if pixels else "像素过多", settings) from err
    except Exception as err:  # untrusted bytes: Pillow raises many kinds of errors for broken files
        raise _unreadable(rel, suffix, err) from err
    image.info.clear()  # EXIF (with GPS), XMP, ICC, comments: savers must find nothing to copy
    return image


def _reduce(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """At most box in size, same proportions; palette and 16-bit images become RGB(A) first."""
    if image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image.width > box[0] or image.height > box[1]:
        image.thumbnail(box, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image


class _MemoryBudget:
    """Bytes of decoded pixels held by all photo workers together, at most `limit`."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0
        self.changed = threading.Condition()

    @contextlib.contextmanager
    def hold(self, size: int):
        size = min(size, self.limit)  # an image larger than the whole budget waits until it is alone
        with self.changed:
            self.changed.wait_for(lambda: self.used + size <= self.limit)
            self.used += size
        try:
            yield
        finally:
            with self.changed:
                self.used -= size
                self.changed.notify_all()


_BUDGET = _MemoryBudget(MEMORY_BUDGET)


def _formats() -> tuple[str, ...]:
    pillow_heif.register_heif_opener()  # iPhone photos (.heic); registering twice is harmless
    Image.init()  # Image.open fails on a format name no plugin registered
    return tuple(f for f in PHOTO_FORMATS if f in Image.OPEN)


def _check_pixels(size: tuple[int, int], rel: str, settings: PhotoSettings) -> None:
    # Pillow only warns between its limit and twice its limit: refusing above it too turns the warning into an error.
    limit = min(settings.max_pixels, Image.MAX_IMAGE_PIXELS or settings.max_pixels)
    if size[0] * size[1] > limit or min(size) < 1:
        raise _too_big(rel, f"{size[0]}×{size[1]} 像素", settings)


def _check_height(size: tuple[int, int], rel: str, settings: PhotoSettings) -> None:
    # Fitting the largest variant in a square leaves a long screenshot too narrow to read.
    width = _target_widths(size[0], size[1], settings)[-1]
    if width < min(size[0], settings.widths[0]):
        raise _error(rel, f"照片太长（{size[0]}×{size[1]} 像素），手机上无法显示", fix="把长图裁成几张，分别放进文章")


def _draft(image: Image.Image, settings: PhotoSettings) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the widest variant: several times faster.

    No-op for other formats. The box is in stored orientation, which is sideways for portrait photos.
    """
    sideways = image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8)
    width, height = image.size[::-1] if sideways else image.size
    target = _target_widths(width, height, settings)[-1]
    box = (target, max(1, -(-height * target // width)))  # ceil: never decode smaller than needed
    image.draft("RGB", box[::-1] if sideways else box)


def _to_srgb(image: Image.Image, keep_alpha: bool = False) -> Image.Image:
    """RGB(A) in sRGB: browsers treat untagged images as sRGB, so iPhone Display P3 colours stay right."""
    icc = image.info.get("icc_profile")
    alpha = image.has_transparency_data
    if alpha and not keep_alpha:
        # Flatten on white, as the page background: transparent pixels often hide black or junk colours.
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA")).convert("RGB")
        alpha = False
    if icc and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: slightly off colours beat refusing the photo
    return image.convert("RGBA" if alpha else "RGB")


def _write_variants(image: Image.Image, settings: PhotoSettings, folder: Path) -> list[dict]:
    """Each width as WebP and progressive JPEG, narrowest first; returns the cache records."""
    records = []
    for width in _target_widths(image.width, image.height, settings):
        height = max(1, round(image.height * width / image.width))
        scaled = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for fmt, options in _encoders(settings):
            record = {"width": width, "height": height, "format": fmt}
            path = folder / _cache_name(record)
            scaled.save(path, fmt.upper(), **options)
            records.append(record | {"size": path.stat().st_size})
    return records


def _encoders(settings: PhotoSettings) -> tuple[tuple[str, dict], ...]:
    return (
        ("webp", {"quality": settings.webp_quality, "method": 4}),
        # Progressive: a blurry whole photo appears early on a slow connection. Optimize: smaller Huffman tables.
        ("jpeg", {"quality": settings.jpeg_quality, "progressive": True, "optimize": True}),
    )


# ---------------------------------------------------------------- messages


def _error(rel: str, message: str, *, expected: str = "", actual: str = "", fix: str = "") -> PhotoError:
    return PhotoError(Problem(rel, None, message, expected=expected, actual=actual, fix=f"如何修改：{fix}" if fix else ""))


def _unreadable(rel: str, suffix: str, err: Exception) -> PhotoError:
    if suffix in (".heic", ".heif"):
        fix = "在苹果手机“设置 > 相机 > 格式”中选“兼容性最佳”后重拍，或把照片导出为 JPG 再替换这个文件"
    else:
        fix = "用手机或电脑重新导出这张照片（JPG 格式），替换这个文件"
    return _error(rel, "照片无法打开（文件损坏或不是图片）", expected="JPG 或 PNG 照片", actual=_describe(err), fix=fix)


def _too_big(rel: str, dimensions: str, settings: PhotoSettings) -> PhotoError:
    limit = min(settings.max_pixels, Image.MAX_IMAGE_PIXELS or settings.max_pixels)
    return _error(
        rel,
        f"照片尺寸异常（{dimensions}），可能是损坏或恶意文件",
        expected=f"不超过 {limit // 10_000} 万像素",
        fix="用手机或电脑重新导出这张照片；确实很大的图片先缩小到 4000 像素宽以内",
    )


def _describe(err: Exception) -> str:
    # In words an editor can act on, and the same on every run (Pillow's texts carry memory addresses).
    if isinstance(err, UnidentifiedImageError):
        return "不是能识别的图片格式"
    if "truncated" in str(err):
        return "文件不完整（可能没有传完或没有复制完）"
    return "图片数据有错误"


class _Progress:
    """Chinese progress lines every PROGRESS_EVERY photos or PROGRESS_SECONDS, and a summary."""

    def __init__(self, total: int, emit: Callable[[str], None]):
        self.total, self.emit = total, emit
        self.hits = self.shown = 0
        self.started = self.last = time.monotonic()

    def update(self, done: int) -> None:
        now = time.monotonic()
        if done < self.total and (done - self.shown >= PROGRESS_EVERY or now - self.last >= PROGRESS_SECONDS):
            self.emit(f"照片处理中：{done}/{self.total}（命中缓存 {self.hits}）")
            self.shown, self.last = done, now

    def finish(self, failed: int) -> None:
        tail = f"，{failed} 张有问题" if failed else ""
        seconds = time.monotonic() - self.started
        self.emit(f"照片处理完成：{self.total} 张（命中缓存 {self.hits}{tail}），用时 {seconds:.1f} 秒")


def _collect(future, rel: str, published: dict[str, Published], problems: list[Problem]) -> int:
    """Record one finished photo; returns 1 for a cache hit. Errors other than PhotoError propagate."""
    try:
        pub, hit = future.result()
    except PhotoError as err:
        problems.append(err.problem)
        return 0
    published[rel] = pub
    return int(hit)
