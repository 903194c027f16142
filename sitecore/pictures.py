"""What a picture file holds, read from its header alone: Pillow's lazy open gives the
format and the size without decoding a pixel. The build and the WordPress import look at
every picture here first, so a file that is no picture, an iPhone's HEIC photo under a .jpg
name or a picture of a billion pixels is refused with a Finnish reason before any decoding.
"""

import io

from babel.numbers import format_decimal
from PIL import Image, UnidentifiedImageError

MAX_MEGAPIXELS = 50  # a 50-megapixel phone photo fits; decoding one takes about 600 MB
# Pillow's own guard warns in English up to twice its limit and refuses above it without
# the size; identify() measures every picture before it is decoded instead.
Image.MAX_IMAGE_PIXELS = None
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
# The kinds of picture a website serves; Pillow is asked to read no other (an EPS or a PSD
# under a .jpg name is not a picture of hers). Phone JPEGs often open as MPO.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF")


class NotAPicture(ValueError):
    """Why a file cannot be used as a picture, in Finnish, without the file's name."""


def identify(data: bytes) -> tuple[str, tuple[int, int]]:
    """The format (Pillow's name: one of FORMATS, or MPO) and the size of a picture."""
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            kind, (width, height) = image.format, image.size
    except UnidentifiedImageError:  # an iPhone photo (HEIC), or no picture at all
        heic = data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS
        raise NotAPicture(HEIC if heic else NOT_A_PICTURE) from None
    except (OSError, SyntaxError, ValueError):
        raise NotAPicture(BROKEN) from None
    if width * height > MAX_MEGAPIXELS * 1_000_000:
        megapixels = format_decimal(width * height / 1_000_000, "#,##0.0", locale="fi")
        size = f"{format_decimal(width, locale='fi')} × {format_decimal(height, locale='fi')}"
        raise NotAPicture(
            f"kuvassa on {size} pikseliä ({megapixels} megapikseliä), ja suurin "
            f"sallittu on {MAX_MEGAPIXELS} megapikseliä. Pienennä kuva kuvankäsittely"
            "ohjelmassa esimerkiksi 4000 pikselin levyiseksi ja tallenna se uudelleen."
        )
    return kind, (width, height)


BROKEN = (
    "kuva on vioittunut tai keskeneräinen, eikä sitä voi lukea. Tallenna kuva uudelleen "
    "JPEG- tai PNG-muodossa (esimerkiksi avaa se kuvankäsittelyohjelmassa ja valitse "
    "Tallenna nimellä)."
)


HEIC = (
    "kuva on HEIC-muodossa (iPhonen oma kuvamuoto), jota selaimet eivät näytä eikä "
    "sivusto osaa lukea. Tallenna se JPEG-muodossa: iPhonessa Asetukset > Kamera > "
    "Formaatit > Yhteensopivin, tai avaa kuva kuvankäsittelyohjelmassa ja tallenna "
    "se JPEG-kuvana."
)
NOT_A_PICTURE = (
    "tiedosto ei ole kuva, jonka verkkosivu voi näyttää (JPEG, PNG, GIF, WebP tai AVIF). "
    "Tallenna kuva uudelleen JPEG- tai PNG-muodossa."
)
