"""A share image (og:image, twitter:image) for every post, and for pages that name one
(the responsive_images plugin calls this module; it shares the picture library).

- A post's `Image:` field (or a page's) names the picture to share; without it a post
  shares its first picture. Either is cropped to 1200×630, the size link previews use.
- A post without any picture gets a card drawn at build time (card.py): its title in the
  site's colours (read from the theme's CSS), hyphenated with Voikko where it must break.
- Pages without `Image:` keep the site's own picture (SHARE_IMAGE).

Templates ask `share_image(article or page)` for an object with url, width, height, mime
and alt (`Image_alt:`, else the title). Images are cached like the responsive variants
and written into images/jako/ at the end of the build; only for pages that are written,
so a draft's title never reaches the published site as a picture.

Settings (defaults in sitecore/settings.py): SHARE_IMAGE and SHARE_IMAGE_ALT (the site's
picture), SHARE_CARD_FONT and SHARE_CARD_FONT_SMALL (font files), SHARE_IMAGE_PATH.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL

from sitecore.html_text import text_of
from sitecore.metadata import parse_header
from sitecore.problems import Problem, read_utf8

from .card import SIZE, Colours, Fonts, draw_card
from .images import encode, fit, open_clean
from .library import ImageLibrary, Quality

log = logging.getLogger(__name__)

CARD_VERSION = 2
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class ShareImage:
    url: str  # relative to the site
    width: int
    height: int
    mime: str
    alt: str


class State:
    settings: dict = {}
    library: ImageLibrary | None = None
    colours: Colours | None = None
    fonts: Fonts | None = None
    folder: str = "images/jako"
    site_image: ShareImage | None = None
    hyphenator = None  # sitecore.hyphenation.Hyphenator, opened for the first card


def library() -> ImageLibrary:
    return State.library


def configure(settings: dict, lib: ImageLibrary) -> None:
    """Called by the plugin when Pelican starts, with the build's picture library."""
    State.settings = settings
    State.library = lib
    State.fonts = Fonts(settings["SHARE_CARD_FONT"], settings["SHARE_CARD_FONT_SMALL"])
    State.folder = settings["SHARE_IMAGE_PATH"].strip("/")
    css = Path(settings["THEME"]) / "static" / "css" / "site.css"
    State.colours = Colours.from_css(css.read_text(encoding="utf-8") if css.is_file() else "")
    State.site_image = None


def site_image() -> ShareImage:
    """The site's own picture, with the size it is published in."""
    if State.site_image is None:
        path = State.settings["SHARE_IMAGE"].strip("/")
        alt = State.settings["SHARE_IMAGE_ALT"] or State.settings["SITENAME"]
        lib = library()
        if path in lib.sources and path in lib.pictures:
            picture = lib.prepared(path)
            State.site_image = ShareImage(path, picture.width, picture.height, picture.mime, alt)
        else:
            State.site_image = ShareImage(path, 1200, 630, "image/png", alt)
    return State.site_image


def share_image(content) -> ShareImage:
    """The Jinja global: the share image of an article or page, else the site's."""
    return getattr(content, "share_image", None) or site_image()


def image_path(value: str, page_save_as: str) -> str:
    """A site-relative image path from an Image: field or an <img src>."""
    value = re.sub(r"^(\{static\}|\{filename\}|\|static\||\|filename\|)", "", value.strip())
    siteurl = State.settings.get("SITEURL", "")
    if siteurl and value.startswith(siteurl + "/"):
        value = value[len(siteurl) :]
    if value.startswith("/"):
        return value.lstrip("/")
    lib = library()
    for candidate in (value, f"images/{value}"):
        if candidate in lib.sources:
            return candidate
    base = PurePosixPath(page_save_as).parent
    return (base / value).as_posix()


def first_image(content) -> str | None:
    """The first picture the post shows (noted by responsive_images when it was read)."""
    lib = library()
    found = [p for p in getattr(content, "pictures", []) if p in lib.pictures]
    return found[0] if found else None


def cache_key(key_parts: dict) -> str:
    return hashlib.sha256(json.dumps(key_parts, sort_keys=True).encode()).hexdigest()


def cached(key_parts: dict, name: str, make) -> Path:
    """The cached file for key_parts, made with make() -> bytes when missing."""
    return cached_file(cache_key(key_parts), name, make)


def cached_file(key: str, name: str, make) -> Path:
    lib = library()
    path = lib.cache.path(key, name)
    if not path.is_file():
        lib.cache.write(key, name, make())
    return path


def publish(content, kind: str, file: Path, suffix: str, mime: str) -> ShareImage:
    digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10]
    url = f"{State.folder}/{kind}-{content.slug}.{digest}.{suffix}"
    library().to_write[url] = file
    alt = text_of(content.metadata.get("image_alt") or content.title)
    return ShareImage(url, SIZE[0], SIZE[1], mime, alt)


def photo_share(content, kind: str, path: str) -> ShareImage:
    source = library().sources[path]
    data = source.read_bytes()
    parts = {"share": "photo", "size": SIZE, "source": hashlib.sha256(data).hexdigest()}
    parts["pillow"] = PIL.__version__
    file = cached(parts, "jako.jpg", lambda: encode(fit(open_clean(data), SIZE), "jpeg", QUALITY))
    return publish(content, kind, file, "jpg", "image/jpeg")


QUALITY = Quality(jpeg=82)


@dataclass(frozen=True)
class Card:
    """What a share card shows; its key names the cached picture."""

    title: str
    kicker: str
    footer: str

    @classmethod
    def of(cls, content) -> Card:
        category = getattr(content, "category", None)
        return cls(
            text_of(content.title),
            text_of(str(category)) if category else "",
            State.settings.get("SITENAME", ""),
        )

    @functools.cached_property
    def key(self) -> str:
        """Names the picture by everything that decides its pixels."""
        fonts = State.fonts
        return cache_key(
            {
                "share": "card",
                "version": CARD_VERSION,
                "texts": [self.title, self.kicker, self.footer],
                "colours": [State.colours.background, State.colours.text],
                "fonts": [font_digest(fonts.title), font_digest(fonts.small)],
                "pillow": PIL.__version__,
            }
        )

    def draw(self) -> bytes:
        image = draw_card(
            self.title, self.kicker, self.footer, State.colours, State.fonts, splitters()
        )
        # Two colours and their anti-aliasing: a 64-colour palette looks the same, is half
        # the bytes and a third of the time to encode (a thousand posts, a thousand cards).
        palette = image.quantize(
            64, method=PIL.Image.Quantize.MEDIANCUT, dither=PIL.Image.Dither.NONE
        )
        return encode(palette, "png", Quality())


CARD_FILE = "kortti.png"


def card_share(content, kind: str, card: Card) -> ShareImage:
    file = cached_file(card.key, CARD_FILE, card.draw)
    return publish(content, kind, file, "png", "image/png")


def font_digest(path: str) -> str:
    """The font file's hash (a new version of the font draws new cards), read once per
    version: a thousand posts ask for it twice each."""
    try:
        stat = Path(path).stat()
    except OSError:
        raise MissingFont(path) from None
    return _font_digest(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _font_digest(path: str, size: int, mtime_ns: int) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        raise MissingFont(path) from None


class MissingFont(RuntimeError):
    pass


def splitters() -> list:
    """Voikko's break points, as pieces of a word: between the parts of a compound
    (työnohjaus|koulutus), then between syllables."""
    from sitecore.hyphenation import Hyphenator, VoikkoUnavailable, load_voikko

    if State.hyphenator is None:
        try:
            State.hyphenator = Hyphenator(load_voikko("fi"), 1)
        except VoikkoUnavailable as error:
            log.warning("%s", error)
            return []
    hyphenator = State.hyphenator

    def compounds(word: str) -> list[str]:
        return split_at(word, compound_boundaries(hyphenator.voikko, word))

    def syllables(word: str) -> list[str]:
        return hyphenator.word(word).split(SOFT_HYPHEN)

    return [compounds, syllables]


def compound_boundaries(voikko, word: str) -> set[int]:
    """Where the parts of a compound meet, as all of Voikko's analyses agree."""
    found: set[int] | None = None
    for analysis in voikko.analyze(word):
        index, starts = 0, set()
        for mark in analysis.get("STRUCTURE", ""):
            if mark == "=":
                if index:
                    starts.add(index)
            else:
                index += 1
        found = starts if found is None else found & starts
    return found or set()


def split_at(word: str, points: set[int]) -> list[str]:
    cuts = [0, *sorted(p for p in points if 0 < p < len(word)), len(word)]
    return [word[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def contents(generators):
    """(content, kind) for every article and page that is written in this build."""
    for generator in generators:
        for attr, kind in (
            ("articles", "blogi"),
            ("translations", "blogi"),
            ("hidden_articles", "blogi"),
            ("drafts", "blogi"),
            ("pages", "sivu"),
            ("hidden_pages", "sivu"),
            ("draft_pages", "sivu"),
        ):
            for content in getattr(generator, attr, []):
                if content.save_as:
                    yield content, kind


def assign(generators) -> None:
    """Each written post's and page's share image (a card not drawn before is drawn now)."""
    lib = library()
    chosen: list[tuple[object, str, str | Card]] = []  # content, kind, its picture or card
    for content, kind in contents(generators):
        named = content.metadata.get("image")
        path = None
        if named:
            path = image_path(str(named), content.save_as)
            if path not in lib.pictures:
                source = Path(content.source_path)
                line = parse_header(read_utf8(source)).fields.get("image", (None,))[0]
                said = f"jakokuvaa ”{named}” ei löydy. Tallenna kuva kansioon content/images/"
                said += " ja kirjoita esimerkiksi Image: /images/kuva.jpg"
                log.error("%s", Problem(source, line, said))
                continue
        elif kind == "blogi":
            path = first_image(content)
        if path:
            chosen.append((content, kind, path))
        elif kind == "blogi":
            chosen.append((content, kind, Card.of(content)))
    try:
        for content, kind, source in chosen:
            if isinstance(source, Card):
                content.share_image = card_share(content, kind, source)
            else:
                content.share_image = photo_share(content, kind, source)
    except MissingFont as missing:
        log.error(
            "Jakokuvan fonttia %s ei ole. Aja bin/setup, joka asentaa fontit "
            "(Debianin paketit fonts-urw-base35 ja fonts-dejavu-core).",
            missing,
        )
