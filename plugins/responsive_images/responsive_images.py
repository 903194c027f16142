"""Responsive, private, light pictures, made at build time.

Every raster image under the static paths (content/images/) is taken away from Pelican's
plain copying and published by the image library instead:

- at its own address, a clean fallback (no EXIF/GPS, orientation applied, at most the
  largest configured width), so links and feeds that name the file still work;
- for every <img> in a post or page that shows it, a <picture> with AVIF and WebP
  sources and the fallback in several widths (never above the original), `sizes` that
  match the content column, width and height (no layout shift), and lazy loading for
  all but the first picture of the text.

The pictures are made when a post's or page's page is rendered (the class of the build's
templates, set at `generator_init`, whichever writer renders them: Pelican's or the live
preview's early page) and in the feeds' entries, text and summary (`feed_generated`),
from the text as Pelican shows it, so all of them show the same <picture>, and whatever
reads a page when it is written (`content_written`) reads it whole. Before anything is
written, each written text is read once for the pictures it shows (`content.pictures`,
for its share image) and for the addresses that name no picture of the site. Not in the
reader (sitecore.readers): Pelican's reader cache would keep markup that depends on the
picture files and skip the reading that registers a picture's variants, and an address
relative to the page needs the page's address.

Variants are cached in cache/kuvat/ by the source's content, so a rebuild encodes
nothing it encoded before, and every build writes the same bytes.

Settings (defaults in sitecore/settings.py): IMAGE_WIDTHS, IMAGE_FORMATS, IMAGE_QUALITY
(dict: avif, webp, jpeg), IMAGE_SIZES (the `sizes` attribute: the content column, .prose in
theme/static/css/site.css, is 38rem of text and 1.25rem padding on each side, so 38rem wide
from a 40.5rem viewport up, else the viewport less the padding), IMAGE_CACHE_PATH (relative
to the project folder).
"""

from __future__ import annotations

import logging
import posixpath
import re
from itertools import product
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from jinja2 import Template
from pelican import signals
from pelican.contents import Content
from pelican.generators import StaticGenerator

from sitecore import outputs
from sitecore.metadata import contents_of
from sitecore.pictures import NotAPicture, identify
from sitecore.problems import Problem, line_of, other_case, read_utf8

from .images import RASTER_SUFFIXES, SIZED_SUFFIXES
from .library import ImageLibrary, Picture
from .markup import rewrite
from .share import Sharing

log = logging.getLogger(__name__)


class Pictures:
    """A build's picture library and where its pictures live: made when Pelican starts,
    dropped when it ends."""

    def __init__(self, settings: dict) -> None:
        self.library = ImageLibrary(settings)
        self.share = Sharing(settings, self.library)
        self.siteurl = settings.get("SITEURL", "")
        self.sizes = settings["IMAGE_SIZES"]
        self.static_paths = tuple(f"{p.strip('/')}/" for p in settings.get("STATIC_PATHS", []))
        self.published: dict[str, Path] = {}  # the static paths' files, by their address
        self.folders: dict[str, str] = {}  # a written text's address -> its content folder


# Per build, by output folder: made at initialized, dropped at finalized.
BUILDS: dict[str, Pictures] = {}


def configure(pelican) -> None:
    BUILDS[pelican.output_path] = Pictures(pelican.settings)


def take_images(generators, build: Pictures) -> None:
    """Raster images are published by the library, not copied byte for byte; every file of
    the static paths is noted by its address (taken once every generator is done, so
    content_guard has left out what must not be published)."""
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            for static in generator.staticfiles:
                source, save_as = Path(static.source_path), static.save_as
                if not (save_as and source.is_file()):  # or a {static} link to no file
                    continue
                if f"{static.relative_source_path}/".startswith(build.static_paths):
                    build.published[save_as] = source
                if source.suffix.lower() in RASTER_SUFFIXES:
                    build.library.sources[save_as] = source
            taken = build.library.sources  # the list the context holds, without them:
            generator.staticfiles[:] = [s for s in generator.staticfiles if s.save_as not in taken]


def prepare(generators) -> None:
    """Pelican's static files sorted out; each written text read for the pictures it shows
    (the ones it shows encoded first); every picture's clean fallback at its own address,
    encoded before pages are written (share images are made as pages ask for them)."""
    if (build := BUILDS.get(generators[0].output_path)) is None:
        return
    take_images(generators, build)
    read_texts(generators, build)
    for save_as, error in build.library.publish_all():  # each error says what to do
        log.error("%s", Problem(build.library.sources[save_as], None, str(error)))


class NotOurs(ValueError):
    """A picture address that names no picture of the site's own (its argument: the path)."""


STATIC_LINK = re.compile(r"^(?:\{(?:static|attach)\}|\|(?:static|attach)\|)?")
ON_HER_COMPUTER = re.compile(r"^(?:file:|[a-z]:[\\/])", re.IGNORECASE)  # file:, C:\, C:/


def site_file(pictures: Pictures, src: str, page_url: str, folder: str) -> tuple[str, Path] | None:
    """The site-relative path and the file of the picture an <img src> names on this site
    (/images/x.jpg, {static}/images/x.jpg, the full address, or relative to the page or,
    after {static} or {attach}, to the post's folder); None for a picture on another site.

    The address is decoded once and only then normalised, a backslash read as the slash
    a browser reads it as; NotOurs unless it then is the address of a file of the static
    paths that is published (content_guard has left out hidden files and other kinds, and
    a link out of content/ and theme/ has stopped the build) and not one on her computer."""
    src = src.strip()
    static = STATIC_LINK.match(src)
    base = folder if static.group() else posixpath.dirname(page_url)
    src = src[static.end() :]
    if src.startswith(f"{pictures.siteurl}/"):  # with no SITEURL, "/" and nothing cut
        src = src.removeprefix(pictures.siteurl)
    parts = urlsplit(src)
    own = ON_HER_COMPUTER.match(src)
    if not own and (parts.scheme or parts.netloc or not parts.path):
        return None
    path = unquote(parts.path).replace("\\", "/")
    path = posixpath.normpath(path if path.startswith("/") else f"{base}/{path}").lstrip("/")
    if own or path not in pictures.published:
        raise NotOurs(path)
    return path, pictures.published[path]


def shown(build: Pictures, html: str, url: str, content=None) -> tuple[str, list[str]]:
    """html of the text at url (a page, a feed's entry) with each <img> of the site's own
    pictures made a <picture> (an animated GIF given its size), and the pictures shown;
    what names no picture of ours is said against content (the text's first reading, once
    a build), else passed over."""
    pictures: list[str] = []

    def resolve(src: str) -> Picture | tuple[int, int] | None:
        try:
            found = site_file(build, src, url, build.folders.get(url, ""))
        except NotOurs as not_ours:
            if content is not None:
                log.error("%s", missing(build, content, src, str(not_ours)))
            return None
        if found is None:
            return None
        path, file = found
        if file.suffix.lower() in SIZED_SUFFIXES:  # published as it is, animation and all
            try:
                return identify(file.read_bytes())[1]
            except NotAPicture:
                return None
        if file.suffix.lower() not in RASTER_SUFFIXES:
            return None
        try:
            picture = build.library.picture(path)
        except NotAPicture as error:  # it says what to do
            if content is not None:
                said = f"kuvaa {path} ei voi käyttää: {error}"
                log.error("%s", Problem(Path(content.source_path), None, said))
            return None
        pictures.append(path)
        return picture

    html = rewrite(html, resolve, build.sizes, build.siteurl) if "<img" in html else html
    return html, pictures


def missing(build: Pictures, content, src: str, path: str) -> Problem:
    """A picture address that names no picture of the site: where, and what to write."""
    name = quote(PurePosixPath(path).name) or "kuva.jpg"
    line = line_of(read_utf8(Path(content.source_path)), src, name)
    meant = other_case(path, build.published)
    fix = f"Kopioi kuva sinne ja kirjoita esimerkiksi ![Kuvan kuvaus](/images/{name})"
    if meant:
        fix = (
            f"Tarkoititko {PurePosixPath(meant).name}? Kirjoita nimi samoin kirjaimin "
            f"kuin tiedoston nimessä: ![Kuvan kuvaus](/{quote(meant)})"
        )
    said = f"kuvaa {src} ei ole sivuston kuvissa (kansiossa content/images/), joten "
    return Problem(Path(content.source_path), line, said + f"sitä ei voi näyttää. {fix}")


def read_texts(generators, build: Pictures) -> None:
    """Each written post's and page's pictures (content.pictures, for its share image),
    read from its text as Pelican shows it; a picture it cannot show is said here."""
    for _kind, content in contents_of(generators):
        if content.save_as:  # an unwritten draft's links are never resolved
            build.folders[content.url] = posixpath.dirname(content.relative_source_path)
            content.pictures = shown(build, content.content, content.url, content)[1]


class PictureTemplate(Template):
    """A template of the build's: a page that shows a post or a page gets its pictures
    made <picture> as it is rendered."""

    def render(self, *args, **kwargs) -> str:
        html, page = super().render(*args, **kwargs), dict(*args, **kwargs)
        build, content = BUILDS.get(page["OUTPUT_PATH"]), page.get("article") or page.get("page")
        if build is None or not isinstance(content, Content):
            return html
        return shown(build, html, content.url)[0]


def feed_pictures(context: dict, feed) -> None:
    """The same <picture> in the feeds' entries (their text and summary) as on the page
    each entry links to."""
    build = BUILDS.get(context["OUTPUT_PATH"])
    for item, key in product(feed.items if build else [], ("content", "description")):
        if item.get(key):
            url = urlsplit(item["link"].removeprefix(context["SITEURL"])).path.lstrip("/")
            item[key] = shown(build, item[key], url)[0]


def install(generator) -> None:
    generator.env.template_class = PictureTemplate  # Jinja's public hook for its templates
    generator.env.globals["share_image"] = BUILDS[generator.output_path].share.share_image


def write_images(pelican) -> None:
    build = BUILDS.pop(pelican.output_path, None)
    for rel, cached in sorted(build.library.to_write.items()) if build else []:
        outputs.write(Path(pelican.output_path, rel), cached.read_bytes())
        outputs.record(pelican.output_path, rel, "plugins/responsive_images")


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(prepare)
    signals.feed_generated.connect(feed_pictures)
    signals.generator_init.connect(install)
    signals.finalized.connect(write_images)
