"""Metadata is text: what she types after `Title:` is shown as she typed it, everywhere.

Pelican treats a title and a summary as HTML (it strips their tags for feeds and runs
typogrify on them) but category, tag and author names as text. So `Title: <script>…` became
a script in every list, breadcrumb and <head> attribute. This plugin swaps in a Markdown
reader that escapes the text fields once, as they are read, before anything else sees them:

- Title, Description and Image_alt become HTML text (`<` → `&lt;`), so every consumer that
  treats them as HTML (templates, feeds, typography, JSON-LD's plain text) gets them right;
- Summary is escaped the same way and then rendered as Markdown, as Pelican does, so
  *emphasis* still works but raw HTML does not;
- the whole file is NFC-normalised first, so a title typed on a Mac (ä as a + ¨) is the
  same text, slug, category and search word as one typed elsewhere.

The templates escape everything else (Jinja autoescape, JINJA_ENVIRONMENT in
pelicanconf.py); they mark what is HTML already with |safe or an HTML filter.
"""

from __future__ import annotations

import html
import unicodedata

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

TEXT_FIELDS = {"title", "description", "image_alt"}


class TextMetadataReader(MarkdownReader):
    """Pelican's Markdown reader with NFC text and the text fields escaped once."""

    def read(self, source_path):
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        with pelican_open(source_path) as text:
            content = self._md.convert(unicodedata.normalize("NFC", text))
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

    def _parse_metadata(self, meta):
        formatted = set(self.settings["FORMATTED_FIELDS"])
        escaped = {
            name: [html.escape(line, quote=False) for line in lines]
            if name.lower() in TEXT_FIELDS | formatted
            else lines
            for name, lines in meta.items()
        }
        return super()._parse_metadata(escaped)


def use_reader(readers) -> None:
    for extension in TextMetadataReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = TextMetadataReader


def register() -> None:
    signals.readers_init.connect(use_reader)
