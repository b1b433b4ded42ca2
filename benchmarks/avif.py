"""Would AVIF variants pay? Bytes, visual quality and cold encode time against pufa's WebP and JPEG.

    .venv/bin/python benchmarks/avif.py [--photos 12]

For each pool photo (benchmarks/corpus.py), the 720 w variant (what a 360 px phone at DPR 2
loads) is encoded as pufa encodes it today (WebP q70 method 4, progressive JPEG q72) and as AVIF
at a few qualities with Pillow's encoder (libavif). Quality is SSIM on luma (8×8 windows) against
the lossless reduced image, and against the JPEG (the issue's reference). Pure Python: no NumPy.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (also puts scripts/ on sys.path)
from PIL import Image, features  # noqa: E402

from pufa.media.photos import PhotoSettings, _decode  # noqa: E402

WIDTH = 720
AVIF_QUALITIES = (40, 50, 60)
AVIF_SPEED = 6  # Pillow's default


def ssim(a: Image.Image, b: Image.Image, block: int = 8) -> float:
    """Mean SSIM of the luma of a and b over non-overlapping block×block windows."""
    x, y = a.convert("L"), b.convert("L")
    w, h = x.size
    px, py = x.tobytes(), y.tobytes()
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    n = block * block
    total, count = 0.0, 0
    for top in range(0, h - block + 1, block):
        rows = [slice((top + r) * w, (top + r) * w + w) for r in range(block)]
        line_x = [px[s] for s in rows]
        line_y = [py[s] for s in rows]
        for left in range(0, w - block + 1, block):
            vx = [v for row in line_x for v in row[left : left + block]]
            vy = [v for row in line_y for v in row[left : left + block]]
            mx, my = sum(vx) / n, sum(vy) / n
            sxx = sum(v * v for v in vx) / n - mx * mx
            syy = sum(v * v for v in vy) / n - my * my
            sxy = sum(p * q for p, q in zip(vx, vy, strict=True)) / n - mx * my
            total += ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
            count += 1
    return total / count


def encode(image: Image.Image, fmt: str, **options) -> tuple[bytes, float]:
    started = time.perf_counter()
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue(), time.perf_counter() - started


def measure(pool: list[Path]) -> dict:
    """Per format: median bytes, median SSIM (vs lossless and vs JPEG), total encode seconds."""
    settings = PhotoSettings()
    rows: dict[str, dict[str, list[float]]] = {}
    for path in pool:
        image = _decode(path.read_bytes(), f"docs/{path.name}", settings)
        scaled = image.resize((WIDTH, max(1, round(image.height * WIDTH / image.width))), Image.Resampling.LANCZOS)
        jpeg, jpeg_time = encode(scaled, "JPEG", quality=settings.jpeg_quality, progressive=True, optimize=True)
        jpeg_image = Image.open(io.BytesIO(jpeg))
        candidates = {"jpeg q72": (jpeg, jpeg_time), "webp q70": encode(scaled, "WEBP", quality=settings.webp_quality, method=4)}
        for quality in AVIF_QUALITIES:
            candidates[f"avif q{quality}"] = encode(scaled, "AVIF", quality=quality, speed=AVIF_SPEED)
        for label, (data, seconds) in candidates.items():
            decoded = Image.open(io.BytesIO(data))
            row = rows.setdefault(label, {"bytes": [], "ssim": [], "ssim_jpeg": [], "seconds": []})
            row["bytes"].append(len(data))
            row["ssim"].append(ssim(scaled, decoded))
            row["ssim_jpeg"].append(ssim(jpeg_image, decoded))
            row["seconds"].append(seconds)
    return {
        label: {
            "bytes": statistics.median(row["bytes"]),
            "ssim": statistics.median(row["ssim"]),
            "ssim_jpeg": statistics.median(row["ssim_jpeg"]),
            "seconds": sum(row["seconds"]),
            "photos": len(row["bytes"]),
        }
        for label, row in rows.items()
    }


def report(results: dict) -> list[str]:
    webp = results["webp q70"]["bytes"]
    lines = [f"{'720 w variant':<10} {'median bytes':>13} {'vs WebP':>8} {'SSIM':>7} {'SSIM vs JPEG':>13} {'encode, all':>12}"]
    for label, r in results.items():
        lines.append(
            f"{label:<10} {r['bytes'] / 1000:>10.1f} KB {r['bytes'] / webp:>8.2f} {r['ssim']:>7.4f} {r['ssim_jpeg']:>13.4f} {r['seconds']:>10.2f} s"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=12)
    parser.add_argument("--photos-dir", type=Path, default=corpus.DEFAULT_PHOTOS_DIR)
    args = parser.parse_args(argv)
    if not features.check("avif"):
        print("this Pillow has no AVIF encoder")
        return 2
    pool = corpus.photo_pool(args.photos_dir)[: args.photos]
    print(f"{len(pool)} pool photos, 720 w variant:")
    print("\n".join(report(measure(pool))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
