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

import functools
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL
from pelican.contents import Article, Content
from PIL import Image

from sitecore import outputs
from sitecore.html_text import text_of
from sitecore.hyphenation import SOFT_HYPHEN, Hyphenator, VoikkoUnavailable, load_voikko
from sitecore.metadata import read_header
from sitecore.problems import Problem

from .card import SIZE, Colours, Fonts, draw_card
from .images import MIME, SUFFIX, encode, fit, open_clean
from .library import ImageLibrary, digest

log = logging.getLogger(__name__)

CARD_VERSION = 2
KINDS = {"article": "blogi", "page": "sivu"}  # in the share images' names


@dataclass(frozen=True)
class ShareImage:
    url: str  # relative to the site
    width: int
    height: int
    mime: str
    alt: str


class Sharing:
    """A build's share images, made by the plugin when Pelican starts, with the build's
    picture library (and dropped with it when Pelican ends)."""

    def __init__(self, settings: dict, library: ImageLibrary) -> None:
        self.settings = settings
        self.library = library
        self.fonts = Fonts(settings["SHARE_CARD_FONT"], settings["SHARE_CARD_FONT_SMALL"])
        css = Path(settings["THEME"]) / "static" / "css" / "site.css"
        self.colours = Colours.from_css(css.read_text(encoding="utf-8") if css.is_file() else "")
        self.folder = settings["SHARE_IMAGE_PATH"].strip("/")
        self.made: dict[str, ShareImage | None] = {}  # by the page's save_as

    @functools.cached_property
    def site_image(self) -> ShareImage:
        """The site's own picture, with the size it is published in."""
        path = self.settings["SHARE_IMAGE"].strip("/")
        alt = self.settings["SHARE_IMAGE_ALT"] or self.settings["SITENAME"]
        if picture := self.library.pictures.get(path):
            return ShareImage(path, picture.width, picture.height, MIME[picture.fallback], alt)
        return ShareImage(path, 1200, 630, "image/png", alt)

    def share_image(self, content) -> ShareImage:
        """The Jinja global: the share image of a written post or page, else the site's.
        Each is made when its page first asks (a card not drawn before is drawn then), so
        the live preview's edited page does not wait for a thousand others."""
        if not isinstance(content, Content) or not content.save_as:
            return self.site_image
        if content.save_as not in self.made:
            self.made[content.save_as] = self.image_of(content)
        return self.made[content.save_as] or self.site_image

    def image_path(self, value: str, page_save_as: str) -> str:
        """A site-relative image path from an Image: field or an <img src>."""
        value = re.sub(r"^(\{static\}|\{filename\}|\|static\||\|filename\|)", "", value.strip())
        if value.startswith(f"{self.settings['SITEURL']}/"):  # with no SITEURL, nothing cut
            value = value.removeprefix(self.settings["SITEURL"])
        if value.startswith("/"):
            return value.lstrip("/")
        for candidate in (value, f"images/{value}"):
            if candidate in self.library.sources:
                return candidate
        base = PurePosixPath(page_save_as).parent
        return (base / value).as_posix()

    def publish(self, content, kind: str, parts: dict, fmt: str, make) -> ShareImage:
        """The share image cached by parts (everything that decides its pixels), made with
        make() when missing, at an address named by its content."""
        key = digest(json.dumps(parts, sort_keys=True).encode())
        file = self.library.cached(key, f"jako.{SUFFIX[fmt]}")
        if not file.is_file():
            outputs.write(file, make())
        url = f"{self.folder}/{KINDS[kind]}-{content.slug}.{digest(file.read_bytes())[:10]}"
        self.library.to_write[f"{url}.{SUFFIX[fmt]}"] = file
        alt = text_of(content.metadata.get("image_alt") or content.title)
        return ShareImage(f"{url}.{SUFFIX[fmt]}", SIZE[0], SIZE[1], MIME[fmt], alt)

    def photo_share(self, content, kind: str, path: str) -> ShareImage:
        data = self.library.sources[path].read_bytes()
        parts = {"share": "photo", "size": SIZE, "source": digest(data), "pillow": PIL.__version__}

        def photo() -> bytes:
            return encode(fit(open_clean(data), SIZE), "jpeg", {"jpeg": 82})

        return self.publish(content, kind, parts, "jpeg", photo)

    def card_share(self, content, kind: str) -> ShareImage | None:
        """A card drawn from the title, the category and the site's name (None without its
        fonts)."""
        if self.font_digests is None:
            return None
        category = getattr(content, "category", None)  # none when DEFAULT_CATEGORY is ""
        texts = [text_of(content.title), text_of(str(category)) if category else ""]
        texts.append(self.settings.get("SITENAME", ""))
        colours = [self.colours.background, self.colours.text]
        parts = {"share": "card", "version": CARD_VERSION, "texts": texts, "colours": colours}
        parts |= {"fonts": self.font_digests, "pillow": PIL.__version__}
        return self.publish(content, kind, parts, "png", lambda: self.draw(texts))

    @functools.cached_property
    def font_digests(self) -> list[str] | None:
        """The font files' hashes (a new version of a font draws new cards), read once a
        build: a thousand posts ask for them. None, said once, when one is missing."""
        try:
            return [digest(Path(font).read_bytes()) for font in self.fonts]
        except OSError as missing:
            log.error(
                "Jakokuvan fonttia %s ei ole. Aja bin/setup, joka asentaa fontit "
                "(Debianin paketit fonts-urw-base35 ja fonts-dejavu-core).",
                missing.filename,
            )
            return None

    def draw(self, texts: list[str]) -> bytes:
        image = draw_card(*texts, self.colours, self.fonts, self.splitters)
        # Two colours and their anti-aliasing: a 64-colour palette looks the same, is half
        # the bytes and a third of the time to encode (a thousand posts, a thousand cards).
        palette = image.quantize(64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        return encode(palette, "png", {})

    @functools.cached_property
    def splitters(self) -> list:
        """Voikko's break points, as pieces of a word: between the parts of a compound
        (työnohjaus|koulutus), then between syllables; Voikko opened for the first card."""
        try:
            hyphenator = Hyphenator(load_voikko("fi"), 1, 1)
        except VoikkoUnavailable as error:
            log.warning("%s", error)
            return []

        def syllables(word: str) -> list[str]:
            return hyphenator.word(word).split(SOFT_HYPHEN)

        return [functools.partial(compound_parts, hyphenator.voikko), syllables]

    def image_of(self, content) -> ShareImage | None:
        """A post's or page's own share image: the picture its Image: names, or a post's
        first picture, or a post's card; None for a page without Image: (and said when
        the named picture is missing)."""
        kind = "article" if isinstance(content, Article) else "page"
        if named := content.metadata.get("image"):
            path = self.image_path(str(named), content.save_as)
            if path in self.library.pictures:
                return self.photo_share(content, kind, path)
            source = Path(content.source_path)
            line = read_header(source).fields.get("image", (None,))[0]
            said = f"jakokuvaa ”{named}” ei löydy. Tallenna kuva kansioon "
            said += "content/images/ ja kirjoita esimerkiksi Image: /images/kuva.jpg"
            log.error("%s", Problem(source, line, said))
            return None
        if kind == "page":
            return None
        if path := next(iter(getattr(content, "pictures", [])), None):  # its first picture
            return self.photo_share(content, kind, path)
        return self.card_share(content, kind)


def compound_parts(voikko, word: str) -> list[str]:
    """The parts of a compound, cut where all of Voikko's analyses agree that they meet."""
    found: set[int] | None = None
    for analysis in voikko.analyze(word):
        marks = [at for at, mark in enumerate(analysis.get("STRUCTURE", "")) if mark == "="]
        starts = {at - before for before, at in enumerate(marks)} - {0}  # as letters count
        found = starts if found is None else found & starts
    cuts = [0, *sorted(p for p in found or () if p < len(word)), len(word)]
    return [word[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
