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


def cache_key(key_parts: dict) -> str:
    return hashlib.sha256(json.dumps(key_parts, sort_keys=True).encode()).hexdigest()


QUALITY = Quality(jpeg=82)
CARD_FILE = "kortti.png"


@dataclass(frozen=True)
class Card:
    """What a share card shows, and in which colours and fonts; its key names the cached
    picture."""

    title: str
    kicker: str
    footer: str
    colours: Colours
    fonts: Fonts

    @functools.cached_property
    def key(self) -> str:
        """Names the picture by everything that decides its pixels."""
        return cache_key(
            {
                "share": "card",
                "version": CARD_VERSION,
                "texts": [self.title, self.kicker, self.footer],
                "colours": [self.colours.background, self.colours.text],
                "fonts": [font_digest(self.fonts.title), font_digest(self.fonts.small)],
                "pillow": PIL.__version__,
            }
        )

    def draw(self, splitters: list) -> bytes:
        image = draw_card(self.title, self.kicker, self.footer, self.colours, self.fonts, splitters)
        # Two colours and their anti-aliasing: a 64-colour palette looks the same, is half
        # the bytes and a third of the time to encode (a thousand posts, a thousand cards).
        palette = image.quantize(
            64, method=PIL.Image.Quantize.MEDIANCUT, dither=PIL.Image.Dither.NONE
        )
        return encode(palette, "png", Quality())


@dataclass
class Sharing:
    """A build's share images, made by the plugin when Pelican starts, with the build's
    picture library (and dropped with it when Pelican ends)."""

    settings: dict
    library: ImageLibrary
    colours: Colours
    fonts: Fonts
    folder: str = "images/jako"
    site: ShareImage | None = None  # the site's own picture, once asked for
    hyphenator: object = None  # sitecore.hyphenation.Hyphenator, opened for the first card

    @classmethod
    def configure(cls, settings: dict, library: ImageLibrary) -> Sharing:
        fonts = Fonts(settings["SHARE_CARD_FONT"], settings["SHARE_CARD_FONT_SMALL"])
        css = Path(settings["THEME"]) / "static" / "css" / "site.css"
        colours = Colours.from_css(css.read_text(encoding="utf-8") if css.is_file() else "")
        return cls(settings, library, colours, fonts, settings["SHARE_IMAGE_PATH"].strip("/"))

    def site_image(self) -> ShareImage:
        """The site's own picture, with the size it is published in."""
        if self.site is None:
            path = self.settings["SHARE_IMAGE"].strip("/")
            alt = self.settings["SHARE_IMAGE_ALT"] or self.settings["SITENAME"]
            lib = self.library
            if path in lib.sources and path in lib.pictures:
                picture = lib.prepared(path)
                self.site = ShareImage(path, picture.width, picture.height, picture.mime, alt)
            else:
                self.site = ShareImage(path, 1200, 630, "image/png", alt)
        return self.site

    def share_image(self, content) -> ShareImage:
        """The Jinja global: the share image of an article or page, else the site's."""
        return getattr(content, "share_image", None) or self.site_image()

    def image_path(self, value: str, page_save_as: str) -> str:
        """A site-relative image path from an Image: field or an <img src>."""
        value = re.sub(r"^(\{static\}|\{filename\}|\|static\||\|filename\|)", "", value.strip())
        siteurl = self.settings.get("SITEURL", "")
        if siteurl and value.startswith(siteurl + "/"):
            value = value[len(siteurl) :]
        if value.startswith("/"):
            return value.lstrip("/")
        for candidate in (value, f"images/{value}"):
            if candidate in self.library.sources:
                return candidate
        base = PurePosixPath(page_save_as).parent
        return (base / value).as_posix()

    def first_image(self, content) -> str | None:
        """The first picture the post shows (noted by responsive_images when it was read)."""
        found = [p for p in getattr(content, "pictures", []) if p in self.library.pictures]
        return found[0] if found else None

    def cached_file(self, key: str, name: str, make) -> Path:
        """The cached file for key, made with make() -> bytes when missing."""
        path = self.library.cache.path(key, name)
        if not path.is_file():
            self.library.cache.write(key, name, make())
        return path

    def publish(self, content, kind: str, file: Path, suffix: str, mime: str) -> ShareImage:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10]
        url = f"{self.folder}/{kind}-{content.slug}.{digest}.{suffix}"
        self.library.to_write[url] = file
        alt = text_of(content.metadata.get("image_alt") or content.title)
        return ShareImage(url, SIZE[0], SIZE[1], mime, alt)

    def photo_share(self, content, kind: str, path: str) -> ShareImage:
        data = self.library.sources[path].read_bytes()
        parts = {"share": "photo", "size": SIZE, "source": hashlib.sha256(data).hexdigest()}
        parts["pillow"] = PIL.__version__
        file = self.cached_file(
            cache_key(parts),
            "jako.jpg",
            lambda: encode(fit(open_clean(data), SIZE), "jpeg", QUALITY),
        )
        return self.publish(content, kind, file, "jpg", "image/jpeg")

    def card(self, content) -> Card:
        category = getattr(content, "category", None)
        kicker = text_of(str(category)) if category else ""
        footer = self.settings.get("SITENAME", "")
        return Card(text_of(content.title), kicker, footer, self.colours, self.fonts)

    def card_share(self, content, kind: str, card: Card) -> ShareImage:
        file = self.cached_file(card.key, CARD_FILE, lambda: card.draw(self.splitters()))
        return self.publish(content, kind, file, "png", "image/png")

    def splitters(self) -> list:
        """Voikko's break points, as pieces of a word: between the parts of a compound
        (työnohjaus|koulutus), then between syllables."""
        from sitecore.hyphenation import Hyphenator, VoikkoUnavailable, load_voikko

        if self.hyphenator is None:
            try:
                self.hyphenator = Hyphenator(load_voikko("fi"), 1)
            except VoikkoUnavailable as error:
                log.warning("%s", error)
                return []
        hyphenator = self.hyphenator

        def compounds(word: str) -> list[str]:
            return split_at(word, compound_boundaries(hyphenator.voikko, word))

        def syllables(word: str) -> list[str]:
            return hyphenator.word(word).split(SOFT_HYPHEN)

        return [compounds, syllables]

    def assign(self, generators) -> None:
        """Each written post's and page's share image (a card not drawn before is drawn
        now)."""
        lib = self.library
        chosen: list[tuple[object, str, str | Card]] = []  # content, kind, picture or card
        for content, kind in contents(generators):
            named = content.metadata.get("image")
            path = None
            if named:
                path = self.image_path(str(named), content.save_as)
                if path not in lib.pictures:
                    source = Path(content.source_path)
                    line = parse_header(read_utf8(source)).fields.get("image", (None,))[0]
                    said = f"jakokuvaa ”{named}” ei löydy. Tallenna kuva kansioon "
                    said += "content/images/ ja kirjoita esimerkiksi Image: /images/kuva.jpg"
                    log.error("%s", Problem(source, line, said))
                    continue
            elif kind == "blogi":
                path = self.first_image(content)
            if path:
                chosen.append((content, kind, path))
            elif kind == "blogi":
                chosen.append((content, kind, self.card(content)))
        try:
            for content, kind, source in chosen:
                if isinstance(source, Card):
                    content.share_image = self.card_share(content, kind, source)
                else:
                    content.share_image = self.photo_share(content, kind, source)
        except MissingFont as missing:
            log.error(
                "Jakokuvan fonttia %s ei ole. Aja bin/setup, joka asentaa fontit "
                "(Debianin paketit fonts-urw-base35 ja fonts-dejavu-core).",
                missing,
            )


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
