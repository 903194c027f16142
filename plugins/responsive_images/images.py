"""One source picture into the files a visitor gets: pure functions, no Pelican.

A phone photo arrives as 4000×3000 pixels and several megabytes, turned sideways by an
EXIF tag, carrying the place it was taken (GPS) and a colour profile. What is published
is only the picture: orientation applied, converted to sRGB, re-encoded from its pixels
alone, so no EXIF, XMP or comment can travel along. Encoding is deterministic (same
pixels, same settings, same Pillow: same bytes); the library's cache relies on that.
"""

import io

from PIL import Image, ImageCms, ImageOps

from sitecore.pictures import BROKEN, FORMATS, NotAPicture, identify

# Raster formats the site re-encodes; anything else in content/images (SVG, PDF, an
# animated GIF) is copied as it is. A GIF still gets its width and height on the page.
RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif"}
SIZED_SUFFIXES = {".gif"}
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
SUFFIX = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
# Encoder quality per format (IMAGE_QUALITY overrides): photos look the same as the
# original on a phone.
QUALITY = {"avif": 55, "webp": 75, "jpeg": 80}
# Pillow's name and save options of each format, chosen for deterministic output.
SAVE = {
    "avif": ("AVIF", {"speed": 6, "max_threads": 1}),
    "webp": ("WEBP", {"method": 4, "exact": False}),
    "jpeg": ("JPEG", {"optimize": True, "progressive": True}),
    "png": ("PNG", {"optimize": True}),
}


def open_clean(data: bytes) -> Image.Image:
    """The picture as it is meant to be seen, and nothing else.

    Orientation from EXIF is applied, colours are converted to sRGB, and the pixels are
    copied into a fresh image, so no metadata of the file (EXIF with its GPS position,
    XMP, ICC, comments) is left to be written out by any encoder. What is no picture, or
    too many pixels to decode, is refused from its header first (sitecore.pictures)."""
    identify(data)
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as source:
            source.seek(0)
            image = ImageOps.exif_transpose(source)
            profile = source.info.get("icc_profile")
    except (OSError, SyntaxError, ValueError) as error:
        raise NotAPicture(BROKEN) from error
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if alpha else "RGB")
    if profile:
        image = to_srgb(image, profile)
    return Image.frombytes(image.mode, image.size, image.tobytes())


def to_srgb(image: Image.Image, profile: bytes) -> Image.Image:
    """Phones shoot in Display P3; a browser without colour management shows sRGB."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        srgb = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, source, srgb, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: the pixels as they are


def fallback_format(source_suffix: str, image: Image.Image) -> str:
    """The format every browser shows: JPEG for photos, PNG for drawings and transparency."""
    transparent = image.mode == "RGBA" and image.getextrema()[3][0] < 255
    return "png" if transparent or source_suffix.lower() == ".png" else "jpeg"


def widths_for(original: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to make: the configured ones below the original, and the largest that
    is wanted at all (never above the original: upscaling only adds bytes)."""
    largest = min(original, max(widths))
    return sorted({w for w in widths if w < largest} | {largest})


def resized(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def encode(image: Image.Image, fmt: str, quality: dict[str, int]) -> bytes:
    """The image in fmt (avif, webp, jpeg, png), deterministically."""
    name, options = SAVE[fmt]
    if fmt in quality:
        options = {**options, "quality": quality[fmt]}
    if fmt == "jpeg":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, name, **options)
    return buffer.getvalue()


def fit(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Cropped to fill size exactly, a little above the middle (faces, horizons)."""
    return ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
