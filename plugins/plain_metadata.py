"""Metadata is text: what she types after `Title:` is shown as she typed it, everywhere.

Pelican treats a title and a summary as HTML (it strips their tags for feeds and runs
typogrify on them) but category, tag and author names as text. So `Title: <script>…` became
a script in every list, breadcrumb and <head> attribute. This plugin gives the build's
Markdown reader one more step, which escapes the text fields once, as they are read,
before anything else sees them:

- Title, Description and Image_alt become HTML text (`<` → `&lt;`), so every consumer that
  treats them as HTML (templates, feeds, typography, JSON-LD's plain text) gets them right;
- Summary is escaped the same way and then rendered as Markdown, as Pelican does, so
  *emphasis* still works but raw HTML does not;
- (the whole file is NFC-normalised first by the Markdown extension sitecore/nfc.py, listed
  in MARKDOWN, so the header and the body are the same text on every machine).

The templates escape everything else (Jinja autoescape, JINJA_ENVIRONMENT in
pelicanconf.py); they mark what is HTML already with |safe or an HTML filter.
"""

import html
from functools import cache

from pelican import signals
from pelican.readers import MarkdownReader

TEXT_FIELDS = {"title", "description", "image_alt"}


class TextMetadata:
    """Mixed into the build's Markdown reader class: the text fields escaped once."""

    def _parse_metadata(self, meta):
        formatted = set(self.settings["FORMATTED_FIELDS"])
        escaped = {
            name: [html.escape(line, quote=False) for line in lines]
            if name.lower() in TEXT_FIELDS | formatted
            else lines
            for name, lines in meta.items()
        }
        return super()._parse_metadata(escaped)


@cache
def text_reader(base: type) -> type:
    """base (Pelican's MarkdownReader, or another plugin's) with TextMetadata."""
    return type(f"Text{base.__name__}", (TextMetadata, base), {})


def use_reader(readers) -> None:
    for extension, reader in list(readers.reader_classes.items()):
        if isinstance(reader, type) and issubclass(reader, MarkdownReader):
            plain = issubclass(reader, TextMetadata)
            readers.reader_classes[extension] = reader if plain else text_reader(reader)


def register() -> None:
    signals.readers_init.connect(use_reader)
