"""Phone-like photos for the photo tests and benchmarks: one generator, so both measure the same thing."""

from __future__ import annotations

import random

from PIL import ExifTags, Image, ImageChops, ImageDraw

PHONE_SIZE = (4000, 3000)


def phone_photo(seed: int, size: tuple[int, int] = PHONE_SIZE) -> Image.Image:
    """Shapes for edges, coarse texture that survives downscaling, fine sensor noise that does not:
    about 4.5 MB as a quality 95 JPEG at 4000×3000, like a 12-megapixel phone."""
    rnd = random.Random(seed)
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    flip = Image.Transpose
    image = Image.merge("RGB", (gradient, gradient.transpose(flip.FLIP_TOP_BOTTOM), gradient.transpose(flip.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(image)
    for _ in range(80):
        x, y, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(width // 100, width * 3 // 20)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
    coarse = Image.merge("RGB", [Image.effect_noise((width // 4, height // 4), 12) for _ in range(3)])
    fine = Image.merge("RGB", [Image.effect_noise(size, 3) for _ in range(3)])
    return ImageChops.add(ImageChops.add(image, coarse.resize(size, Image.Resampling.BICUBIC), 1, -128), fine, 1, -128)


def phone_exif(orientation: int = 1, seed: int = 0) -> Image.Exif:
    """What a phone writes: make, model, time, orientation and GPS (near Lushan)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "HUAWEI"
    exif[ExifTags.Base.Model] = "nova 9"
    exif[ExifTags.Base.DateTime] = f"2025:10:{seed % 28 + 1:02d} 09:30:00"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (33.0, 44.0, float(12 + seed % 48)),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (112.0, 54.0, 3.0),
        ExifTags.GPS.GPSProcessingMethod: b"ASCII\x00\x00\x00GPS",
    }
    return exif
