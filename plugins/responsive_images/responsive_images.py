"""Responsive, private, light pictures, made at build time.

Every raster image under the static paths (content/images/) is taken away from Pelican's
plain copying and published by the image library instead:

- at its own address, a clean fallback (no EXIF/GPS, orientation applied, at most the
  largest configured width), so links and feeds that name the file still work;
- for every <img> of a rendered page that shows it, a <picture> with AVIF and WebP
  sources and the fallback in several widths (never above the original), `sizes` that
  match the content column, width and height (no layout shift), and lazy loading for
  all but the first picture of the page.

Variants are cached in cache/kuvat/ by the source's content, so a rebuild encodes
nothing it encoded before, and every build writes the same bytes.

Settings (all optional): IMAGE_WIDTHS, IMAGE_FORMATS, IMAGE_QUALITY (dict: avif, webp,
jpeg), IMAGE_SIZES (the `sizes` attribute), IMAGE_CACHE_PATH (default "cache/kuvat",
relative to the project folder).
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from pelican import signals

from .cache import VariantCache
from .images import RASTER_SUFFIXES
from .library import ImageLibrary, Picture, Settings
from .markup import rewrite

log = logging.getLogger(__name__)

# The content column (theme/static/css/site.css): .prose is 38rem of text plus 1.25rem
# padding on each side, so 38rem wide from a 40.5rem viewport up, else the viewport less
# the padding.
DEFAULT_SIZES = "(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)"
DEFAULT_CACHE = "cache/kuvat"
UNSHOWABLE = {".heic", ".heif", ".tif", ".tiff", ".bmp"}


class State:
    """The build's picture library, made when Pelican starts."""

    library: ImageLibrary | None = None
    sizes: str = DEFAULT_SIZES
    siteurl: str = ""
    output: Path = Path("output")


def configure(pelican) -> None:
    settings = pelican.settings
    project = Path(settings["PATH"]).resolve().parent
    cache = VariantCache(project / settings.get("IMAGE_CACHE_PATH", DEFAULT_CACHE))
    State.library = ImageLibrary(cache, Settings.from_pelican(settings))
    State.sizes = settings.get("IMAGE_SIZES", DEFAULT_SIZES)
    State.siteurl = settings.get("SITEURL", "")
    State.output = Path(pelican.output_path)


def library() -> ImageLibrary:
    """The current build's library (for the share_image plugin)."""
    if State.library is None:
        raise RuntimeError("responsive_images is not configured")
    return State.library


def take_images(generator) -> None:
    """Raster images are published by the library, not copied byte for byte."""
    kept = []
    for static in generator.staticfiles:
        suffix = Path(static.source_path).suffix.lower()
        if suffix in RASTER_SUFFIXES and static.save_as:
            State.library.add_source(static.save_as, Path(static.source_path))
            continue
        if suffix in UNSHOWABLE:
            log.warning(
                "%s: selaimet eivät näytä %s-kuvia. Tallenna kuva JPEG-muodossa (puhelimessa "
                "jaa kuva ja valitse JPEG tai ”yhteensopivin”) ja vaihda nimi tekstiin.",
                shown(static.source_path),
                suffix[1:].upper(),
            )
        kept.append(static)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles


def shown(path: str | Path) -> str:
    path = Path(path).resolve()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def prepare(generators) -> None:
    """Encode (or fetch from the cache) every picture before pages are written."""
    for save_as, error in State.library.publish_all():
        source = State.library.sources[save_as]
        log.error(
            "%s: %s. Tallenna kuva uudelleen JPEG- tai PNG-muodossa (esimerkiksi avaa se "
            "kuvankäsittelyohjelmassa ja valitse Tallenna nimellä).",
            shown(source),
            error,
        )


def resolver(page: str, siteurl: str):
    """Maps an <img src> written on the page at output path `page` to a picture."""
    base = "/" + PurePosixPath(page).parent.as_posix().strip(".").strip("/")
    base = base.rstrip("/") + "/"

    def resolve(src: str) -> Picture | None:
        src = src.strip()
        if siteurl and src.startswith(siteurl + "/"):
            src = src[len(siteurl) :]
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = unquote(urljoin(base, parts.path)).lstrip("/")
        lib = State.library
        if path not in lib.sources or path not in lib.pictures:
            return None  # not ours, or unreadable (already reported)
        return lib.picture(path)

    return resolve


def rewrite_page(path: str, context: dict) -> None:
    if not path.endswith(".html") or State.library is None:
        return
    file = Path(path)
    try:
        rel = file.resolve().relative_to(State.output.resolve()).as_posix()
    except ValueError:
        return
    html = file.read_text(encoding="utf-8")
    if "<img" not in html:
        return
    new, count = rewrite(html, resolver(rel, State.siteurl), State.sizes, State.siteurl)
    if count:
        file.write_text(new, encoding="utf-8")


def write_images(pelican) -> None:
    if State.library is not None:
        State.library.write(Path(pelican.output_path))


def register() -> None:
    signals.initialized.connect(configure)
    signals.static_generator_finalized.connect(take_images)
    signals.all_generators_finalized.connect(prepare)
    signals.content_written.connect(rewrite_page)
    signals.finalized.connect(write_images)
