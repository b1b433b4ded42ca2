"""Benchmark for pufa.media.photos: phone photos published cold (encode) and warm (from the cache).

    .venv/bin/python benchmarks/photos_bench.py [--count 20] [--workers 2]

Generates --count 4000×3000 JPEGs like a phone writes them (3–5 MB at quality 95, EXIF with GPS,
every other one portrait via the Orientation tag), publishes them twice in one process and checks
the targets: warm ≥ 20× faster than cold, every output ≤ 250 KB,
no EXIF in any output. Exits 1 when a target is missed, so it can run in CI.

Portrait photos are published at most 1280 px tall (960×1280), so they are held to 250 KB too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))  # run from a checkout without installing
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the phone-photo generator the tests use

from photogen import phone_exif, phone_photo

from pufa.media.photos import PhotoSettings, Published, publish_all

SOURCE_BYTES = (3_000_000, 5_000_000)  # what 12-megapixel phones write
MAX_OUTPUT = 250_000
MIN_SPEEDUP = 20


def make_sources(folder: Path, count: int) -> list[tuple[Path, str]]:
    items = []
    for seed in range(count):
        path = folder / f"IMG_2025{seed:04d}.jpg"
        orientation = 6 if seed % 2 else 1  # every other photo taken holding the phone upright
        phone_photo(seed).save(path, "JPEG", quality=95, exif=phone_exif(orientation, seed))
        size = path.stat().st_size
        if not SOURCE_BYTES[0] <= size <= SOURCE_BYTES[1]:
            sys.exit(f"generated {path.name} is {size / 1e6:.2f} MB, outside the 3–5 MB of real phone photos")
        items.append((path, f"photos/{path.name}"))
    return items


def timed_run(items, out: Path, cache: Path, workers: int) -> tuple[float, dict[str, Published]]:
    started = time.perf_counter()
    published, problems = publish_all(items, out, cache, PhotoSettings(), workers=workers)
    if problems:
        sys.exit("\n".join(p.format() for p in problems))
    return time.perf_counter() - started, published


def has_exif(path: Path) -> bool:
    with Image.open(path) as image:
        return bool(image.getexif()) or b"Exif\x00\x00" in path.read_bytes()


def variant_table(published: dict[str, Published]) -> dict[tuple[str, int, str], list[int]]:
    """Output sizes by (shape, width, format)."""
    sizes: dict[tuple[str, int, str], list[int]] = {}
    for pub in published.values():
        shape = "portrait" if pub.height > pub.width else "landscape"
        for v in pub.variants:
            sizes.setdefault((shape, v.width, v.format), []).append(v.size)
    return dict(sorted(sizes.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="number of 4000×3000 photos (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="threads, as publish_all (default 2)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="photos-bench-") as tmp:
        root = Path(tmp)
        (root / "docs").mkdir()
        started = time.perf_counter()
        items = make_sources(root / "docs", args.count)
        print(f"generated {args.count} photos in {time.perf_counter() - started:.1f} s")
        cold, published = timed_run(items, root / "cold", root / "cache", args.workers)
        warm, _ = timed_run(items, root / "warm", root / "cache", args.workers)
        outputs = [root / "warm" / v.name for pub in published.values() for v in pub.variants]
        return report(items, cold, warm, published, outputs, args.workers)


def report(items, cold: float, warm: float, published: dict[str, Published], outputs: list[Path], workers: int) -> int:
    source_mb = sum(path.stat().st_size for path, _ in items) / 1e6
    speedup = cold / warm
    with_exif = sum(has_exif(path) for path in outputs)
    table = variant_table(published)
    largest = max(max(sizes) for sizes in table.values())
    print(f"\nphotos:          {len(items)} (every other one portrait), workers {workers}")
    print(f"source total:    {source_mb:.1f} MB (mean {source_mb / len(items):.2f} MB)")
    print(f"cold:            {cold:.2f} s ({cold / len(items) * 1000:.0f} ms per photo)")
    print(f"warm:            {warm:.3f} s ({warm / len(items) * 1000:.1f} ms per photo)")
    print(f"warm/cold:       {warm / cold:.4f}  (speed-up {speedup:.0f}×, target ≥ {MIN_SPEEDUP}×)")
    print("output size per variant (KB):")
    for (shape, width, fmt), sizes in table.items():
        flag = "  > 250 KB" if max(sizes) > MAX_OUTPUT else ""
        mean = statistics.mean(sizes)
        print(f"  {shape:<9} {fmt:<4} {width:>4}w   max {max(sizes) / 1000:6.1f}   mean {mean / 1000:6.1f}{flag}")
    print(f"outputs with EXIF: {with_exif} of {len(outputs)}")
    missed = [
        f"speed-up {speedup:.0f}× < {MIN_SPEEDUP}×" if speedup < MIN_SPEEDUP else "",
        f"largest output {largest / 1000:.0f} KB > {MAX_OUTPUT / 1000:.0f} KB" if largest > MAX_OUTPUT else "",
        f"{with_exif} outputs keep EXIF" if with_exif else "",
    ]
    missed = [m for m in missed if m]
    print("targets: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
