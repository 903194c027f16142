"""Responsive, private, light pictures, made at build time.

Every raster image under the static paths (content/images/) is taken away from Pelican's
plain copying and published by the image library instead:

- at its own address, a clean fallback (no EXIF/GPS, orientation applied, at most the
  largest configured width), so links and feeds that name the file still work;
- for every <img> in a post or page that shows it, a <picture> with AVIF and WebP
  sources and the fallback in several widths (never above the original), `sizes` that
  match the content column, width and height (no layout shift), and lazy loading for
  all but the first picture of the text.

The text is rewritten when the post is read (content_object_init), not when its page is
written: pages may be rendered in forked processes (sitecore.parallel), and the summary,
the feeds and every template then show the same <picture>. The post remembers the
pictures it shows (`content.pictures`) for the share_image plugin.

Variants are cached in cache/kuvat/ by the source's content, so a rebuild encodes
nothing it encoded before, and every build writes the same bytes.

Settings (all optional): IMAGE_WIDTHS, IMAGE_FORMATS, IMAGE_QUALITY (dict: avif, webp,
jpeg), IMAGE_SIZES (the `sizes` attribute), IMAGE_CACHE_PATH (default "cache/kuvat",
relative to the project folder).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from pelican import signals
from pelican.contents import Article, Page

from sitecore import outputs
from sitecore.parallel import workers_for

from . import share
from .cache import VariantCache
from .images import RASTER_SUFFIXES, SIZED_SUFFIXES, ImageError, size_of
from .library import ImageLibrary, Picture, Settings, shown
from .markup import Sized, rewrite

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
    content: Path = Path("content")
    static_paths: tuple[str, ...] = ()
    settings: dict = {}


def configure(pelican) -> None:
    settings = State.settings = pelican.settings
    project = Path(settings["PATH"]).resolve().parent
    cache = VariantCache(project / settings.get("IMAGE_CACHE_PATH", DEFAULT_CACHE))
    State.library = ImageLibrary(cache, Settings.from_pelican(settings))
    State.sizes = settings.get("IMAGE_SIZES", DEFAULT_SIZES)
    State.siteurl = settings.get("SITEURL", "")
    State.content = Path(settings["PATH"]).resolve()
    State.static_paths = tuple(p.strip("/") for p in settings.get("STATIC_PATHS", []))
    share.configure(settings, State.library)


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


def prepare(generators) -> None:
    """Every picture's clean fallback at its own address, encoded before pages are written
    (the ones in posts already are); then each post's share image."""
    for save_as, error in State.library.publish_all():
        source = State.library.sources[save_as]
        log.error("%s: %s", shown(source), error)
    share.assign(generators, workers_for(State.settings))


def site_path(src: str, page_url: str) -> str | None:
    """The site-relative path an <img src> names on this site: /images/x.jpg,
    {static}/images/x.jpg, the full address, or relative to the page; None elsewhere."""
    src = STATIC_LINK.sub("", src.strip())
    siteurl = State.siteurl
    if siteurl and src.startswith(siteurl + "/"):
        src = src[len(siteurl) :]
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = "/" + PurePosixPath(page_url or "x").parent.as_posix().strip(".").strip("/")
    return unquote(urljoin(base.rstrip("/") + "/", parts.path)).lstrip("/")


def source_path(src: str, page_url: str) -> str | None:
    """The site-relative path of a picture the library publishes, if src names one."""
    path = site_path(src, page_url)
    if path is None:
        return None
    if path in State.library.sources:
        return path
    file = State.content / path
    inside = any(path == p or path.startswith(p + "/") for p in State.static_paths)
    if inside and file.suffix.lower() in RASTER_SUFFIXES and file.is_file():
        State.library.add_source(path, file)
        return path
    return None


def gif_size(src: str, page_url: str) -> Sized | None:
    """The size of a GIF of the site's own (published as it is, animation and all)."""
    path = site_path(src, page_url)
    if path is None or PurePosixPath(path).suffix.lower() not in SIZED_SUFFIXES:
        return None
    if not any(path == p or path.startswith(p + "/") for p in State.static_paths):
        return None
    size = size_of(State.content / path)
    return Sized(*size) if size else None


STATIC_LINK = re.compile(r"^(?:\{static\}|\|static\|)/?")


def rewrite_content(content) -> None:
    """<img> of the site's own pictures → <picture>, in the text as it was read."""
    if State.library is None or not isinstance(content, (Article, Page)):
        return
    html = content._content or ""
    content.pictures = []
    if "<img" not in html:
        return
    page_url = getattr(content, "url", "") or ""

    def resolve(src: str) -> Picture | Sized | None:
        sized = gif_size(src, page_url)
        if sized is not None:
            return sized
        path = source_path(src, page_url)
        if path is None:
            return None
        try:
            picture = State.library.picture(path)
        except ImageError as error:
            log.error("%s: kuvaa %s ei voi käyttää: %s", shown(content.source_path), path, error)
            return None
        content.pictures.append(path)
        return picture

    new, count = rewrite(html, resolve, State.sizes, State.siteurl)
    if count:
        content._content = new


def install(generator) -> None:
    generator.env.globals["share_image"] = share.share_image


def write_images(pelican) -> None:
    if State.library is not None:
        State.library.write(Path(pelican.output_path))
        for rel in State.library.to_write:  # the build's record (sitecore/outputs.py)
            outputs.record(pelican.output_path, rel, "plugins/responsive_images")


def register() -> None:
    signals.initialized.connect(configure)
    signals.static_generator_finalized.connect(take_images)
    signals.all_generators_finalized.connect(prepare)
    signals.content_object_init.connect(rewrite_content)
    signals.generator_init.connect(install)
    signals.finalized.connect(write_images)
