"""<img> in rendered HTML → <picture> with AVIF, WebP and a fallback in several widths.

Only the tags are touched: each <img> whose address is one of the site's pictures is
replaced in place, its other attributes (alt, title, class) kept. The first picture of a
page is fetched at once (it is usually in view); every other one lazily.
"""

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote

from .images import MIME
from .library import Picture

REPLACED = {"src", "srcset", "sizes", "width", "height", "loading", "decoding", "fetchpriority"}
SIZED_REPLACED = REPLACED - {"src", "srcset"}  # a picture published as it is keeps its address
Attrs = list[tuple[str, str | None]]
# An <img src> to what it shows, if ours: a Picture, or the (width, height) of one published
# as it is (an animated GIF), which only gets its size written.
Resolve = Callable[[str], Picture | tuple[int, int] | None]


class _Finder(HTMLParser):
    """The <img> tags outside any <picture>: (start, end) offsets in the text, attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0, *(newline.end() for newline in re.finditer("\n", text))]
        self.found: list[tuple[int, int, Attrs]] = []
        self.picture_depth = 0

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        if tag == "picture":
            self.picture_depth += 1
        elif tag == "img" and not self.picture_depth:
            line, column = self.getpos()
            start = self.line_starts[line - 1] + column
            self.found.append((start, start + len(self.get_starttag_text() or ""), attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture" and self.picture_depth:
            self.picture_depth -= 1


def srcset(picture: Picture, fmt: str, siteurl: str) -> str:
    """Candidates "address width", comma-separated: a space or comma in a file's name would
    split one, so every address is percent-encoded."""
    return ", ".join(f"{siteurl}/{quote(v.url)} {v.width}w" for v in picture.of_format(fmt))


def picture_html(picture: Picture, attrs: Attrs, sizes: str, siteurl: str, first: bool) -> str:
    kept = [(name, value) for name, value in attrs if name not in REPLACED]
    img_attrs = [("src", f"{siteurl}/{quote(picture.save_as)}"), *kept]
    img_attrs += [
        ("width", str(picture.width)),
        ("height", str(picture.height)),
        ("srcset", srcset(picture, picture.fallback, siteurl)),
        ("sizes", sizes),
    ]
    sources = "".join(
        f'<source type="{MIME[fmt]}" srcset="{escape(srcset(picture, fmt, siteurl))}" '
        f'sizes="{escape(sizes)}">'
        for fmt in picture.formats
    )
    return f"<picture>{sources}{img_html(img_attrs, first)}</picture>"


def img_html(attrs: Attrs, first: bool) -> str:
    """The <img>; all but the first picture of a page (usually in view at once: fetched as
    the page loads) lazily."""
    if not first:
        attrs = [*attrs, ("loading", "lazy"), ("decoding", "async")]
    shown = (name if value is None else f'{name}="{escape(value)}"' for name, value in attrs)
    return "<img " + " ".join(shown) + ">"


def rewrite(html: str, resolve: Resolve, sizes: str, siteurl: str) -> str:
    """html with every resolvable <img> made a <picture> (or given its size)."""
    finder = _Finder(html)
    finder.feed(html)
    finder.close()
    parts: list[str] = []
    position = 0  # where the text not copied yet starts: 0 until a picture is made
    for start, end, attrs in finder.found:
        if (picture := resolve(dict(attrs).get("src") or "")) is None:
            continue
        parts.append(html[position:start])
        if isinstance(picture, tuple):
            kept = [(name, value) for name, value in attrs if name not in SIZED_REPLACED]
            kept += [("width", str(picture[0])), ("height", str(picture[1]))]
            parts.append(img_html(kept, first=not position))
        else:
            parts.append(picture_html(picture, attrs, sizes, siteurl, first=not position))
        position = end
    parts.append(html[position:])
    return "".join(parts)
