"""A share card drawn for a post without a picture: its title in the site's colours.

Pure drawing: the caller gives the texts, the colours, the fonts and a hyphenation
function; the same input always gives the same pixels. The title is set as large as it
fits in four lines, broken between words, and inside a long Finnish compound only at a
point Voikko allows (työnohjaus-|koulutus, never työnoh-|jauskoulutus).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from PIL import Image, ImageColor, ImageDraw, ImageFont

SIZE = (1200, 630)
MARGIN = 96
TITLE_SIZES = (76, 68, 60, 54, 48, 42)
MAX_LINES = 4


@dataclass(frozen=True)
class Colours:
    background: tuple[int, int, int]
    text: tuple[int, int, int]

    @classmethod
    def from_css(cls, css: str) -> "Colours":
        """The light scheme's --accent and --accent-contrast of the theme's :root."""
        root = css.split("}", 1)[0]
        accent = re.search(r"--accent:\s*(#[0-9a-fA-F]{6})", root)
        contrast = re.search(r"--accent-contrast:\s*(#[0-9a-fA-F]{6})", root)
        background = ImageColor.getrgb(accent[1] if accent else "#1d5c57")
        return cls(background, ImageColor.getrgb(contrast[1] if contrast else "#ffffff"))

    def mix(self, amount: float) -> tuple[int, int, int]:
        """Background blended towards the text colour by amount (0…1)."""
        return tuple(
            round(b + (t - b) * amount) for b, t in zip(self.background, self.text, strict=True)
        )

    def shade(self, amount: float) -> tuple[int, int, int]:
        return tuple(round(c * (1 - amount)) for c in self.background)


class Fonts(NamedTuple):
    title: str  # a font file
    small: str


# Returns the pieces of a word between its allowed break points: työn|oh|jaa|ja, or
# työnohjaus|koulutus.
Hyphenate = Callable[[str], list[str]]


def wrap(text: str, fits: Callable[[str], bool], hyphenate: Hyphenate | None) -> list[str] | None:
    """Lines of text that each fit, breaking words only at hyphenation points (and after
    a hyphen already in the word); None when a piece cannot fit at all."""
    lines: list[str] = []
    line = ""
    for word in filter(None, text.split(" ")):  # a no-break space keeps its words together
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            continue
        pieces = split_points(word, hyphenate)
        if line:  # as much of the word as fits after the line, the rest on the next
            head, pieces = longest_head(pieces, lambda h, line=line: fits(f"{line} {h}"))
            lines.append(f"{line} {head}" if head else line)
        line = ""
        while pieces:
            whole = "".join(pieces)
            if fits(whole):
                line = whole
                break
            head, pieces = longest_head(pieces, fits)
            if not head:
                return None
            lines.append(head)
    return [*lines, line] if line else lines


def split_points(word: str, hyphenate: Hyphenate | None) -> list[str]:
    pieces: list[str] = []
    for part in re.split(r"(?<=[-‐–])", word):  # after a hyphen already written
        pieces += hyphenate(part) if hyphenate and len(part) > 5 else [part]
    return [p for p in pieces if p]


def longest_head(pieces: list[str], fits: Callable[[str], bool]) -> tuple[str, list[str]]:
    """The most pieces that fit on a line with a hyphen after them, and the rest."""
    for cut in range(len(pieces) - 1, 0, -1):
        head = "".join(pieces[:cut])
        shown = head if head.endswith(("-", "‐", "–")) else f"{head}-"
        if len(head) >= 3 and fits(shown):
            return shown, pieces[cut:]
    return "", pieces


def layout_title(
    title: str, fonts: Fonts, width: int, splitters: list[Hyphenate]
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose lines fit in MAX_LINES: whole words at any size
    first, then breaks between the parts of compounds, then between syllables."""
    fonts_by_size = [ImageFont.truetype(fonts.title, size) for size in TITLE_SIZES]
    lines: list[str] | None = None
    for splitter in (None, *splitters):
        for font in fonts_by_size:
            lines = wrap(title, lambda text, font=font: font.getlength(text) <= width, splitter)
            if lines is not None and len(lines) <= MAX_LINES:
                return font, lines
    return fonts_by_size[-1], (lines or [title])[:MAX_LINES]


def draw_card(
    title: str, kicker: str, footer: str, colours: Colours, fonts: Fonts, splitters: list[Hyphenate]
) -> Image.Image:
    """The card; splitters break a word that does not fit, tried in order (card.py's
    caller gives Voikko's compound parts, then its syllables)."""
    image = Image.new("RGB", SIZE, colours.background)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    # the same quiet circles as the site's own share picture
    draw.ellipse((800, -260, 1320, 400), fill=colours.mix(0.06))
    draw.ellipse((640, 410, 1060, 830), fill=colours.shade(0.12))
    small = ImageFont.truetype(fonts.small, 28)
    draw.text((MARGIN, 72), kicker.upper(), font=small, fill=colours.mix(0.72))
    font, lines = layout_title(title, fonts, width - 2 * MARGIN, splitters)
    ascent, descent = font.getmetrics()
    line_height = round((ascent + descent) * 1.08)
    top = 130 + (height - 130 - 120 - line_height * len(lines)) // 2  # the block in the middle
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=font, fill=colours.text)
    draw.text((MARGIN, height - 72), footer, font=small, fill=colours.mix(0.85), anchor="ls")
    return image
