"""<img> in rendered HTML → <picture> with AVIF, WebP and a fallback in several widths.

Only the tags are touched: each <img> whose address is one of the site's pictures is
replaced in place, its other attributes (alt, title, class) kept. The first picture of a
page is fetched at once (it is usually in view); every other one lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote

from .images import MIME
from .library import Picture


@dataclass(frozen=True)
class Sized:
    """A picture published as it is (an animated GIF): only its size is written."""

    width: int
    height: int


REPLACED = {"src", "srcset", "sizes", "width", "height", "loading", "decoding", "fetchpriority"}


@dataclass(frozen=True)
class ImgTag:
    start: int  # offsets in the document
    end: int
    attrs: tuple[tuple[str, str | None], ...]


class _Finder(HTMLParser):
    """The <img> tags outside any <picture>, with their offsets in the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.found: list[ImgTag] = []
        self.picture_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "picture":
            self.picture_depth += 1
        elif tag == "img" and not self.picture_depth:
            line, column = self.getpos()
            start = self.line_starts[line - 1] + column
            raw = self.get_starttag_text() or ""
            self.found.append(ImgTag(start, start + len(raw), tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture" and self.picture_depth:
            self.picture_depth -= 1


def find_images(html: str) -> list[ImgTag]:
    finder = _Finder(html)
    finder.feed(html)
    finder.close()
    return finder.found


def srcset(picture: Picture, fmt: str, siteurl: str) -> str:
    """Candidates "address width", comma-separated: a space or comma in a file's name would
    split one, so every address is percent-encoded."""
    return ", ".join(f"{siteurl}/{quote(v.url)} {v.width}w" for v in picture.of_format(fmt))


def picture_html(picture: Picture, attrs, sizes: str, siteurl: str, first: bool) -> str:
    kept = [(name, value) for name, value in attrs if name not in REPLACED]
    img_attrs = [("src", f"{siteurl}/{quote(picture.save_as)}"), *kept]
    img_attrs += [
        ("width", str(picture.width)),
        ("height", str(picture.height)),
        ("srcset", srcset(picture, picture.fallback, siteurl)),
        ("sizes", sizes),
    ]
    if not first:  # the first is usually in view at once: fetched as the page loads
        img_attrs += [("loading", "lazy"), ("decoding", "async")]
    sources = "".join(
        f'<source type="{v_type}" srcset="{escape(srcset(picture, fmt, siteurl))}" '
        f'sizes="{escape(sizes)}">'
        for fmt, v_type in ((f, MIME[f]) for f in picture.formats)
    )
    img = "<img " + " ".join(_attr(name, value) for name, value in img_attrs) + ">"
    return f"<picture>{sources}{img}</picture>"


def sized_html(size: Sized, attrs, first: bool) -> str:
    kept = [(name, value) for name, value in attrs if name not in REPLACED - {"src", "srcset"}]
    kept += [("width", str(size.width)), ("height", str(size.height))]
    if not first:
        kept += [("loading", "lazy"), ("decoding", "async")]
    return "<img " + " ".join(_attr(name, value) for name, value in kept) + ">"


def _attr(name: str, value: str | None) -> str:
    return name if value is None else f'{name}="{escape(value)}"'


def rewrite(
    html: str,
    resolve: Callable[[str], Picture | Sized | None],
    sizes: str,
    siteurl: str,
) -> tuple[str, int]:
    """html with every resolvable <img> made a <picture> (or given its size); and how
    many were."""
    parts: list[str] = []
    position = 0
    count = 0
    for tag in find_images(html):
        src = dict(tag.attrs).get("src") or ""
        picture = resolve(src)
        if picture is None:
            continue
        parts.append(html[position : tag.start])
        if isinstance(picture, Sized):
            parts.append(sized_html(picture, tag.attrs, first=count == 0))
        else:
            parts.append(picture_html(picture, tag.attrs, sizes, siteurl, first=count == 0))
        position = tag.end
        count += 1
    parts.append(html[position:])
    return "".join(parts), count
