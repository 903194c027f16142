"""Metadata is text: what she types after `Title:` is shown as she typed it, everywhere.

Pelican treats a title and a summary as HTML (it strips their tags for feeds and runs
typogrify on them) but category, tag and author names as text. So `Title: <script>…` became
a script in every list, breadcrumb and <head> attribute. This plugin adds to the
build's MARKDOWN setting a Python-Markdown preprocessor that runs right after the meta
extension has read the header and escapes the text fields once, before anything else
(Pelican's rendering of Summary included) sees them:

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

from markdown import Extension
from markdown.preprocessors import Preprocessor
from pelican import signals

TEXT_FIELDS = {"title", "description", "image_alt"}
PRIORITY = 26  # just after the meta extension (27), which fills md.Meta


class EscapeFields(Preprocessor):
    """The header's text fields in md.Meta (names lower case, a list of lines each) escaped;
    the text itself is left as it is."""

    def __init__(self, md, fields: set[str]) -> None:
        super().__init__(md)
        self.fields = fields

    def run(self, lines: list[str]) -> list[str]:
        meta = getattr(self.md, "Meta", {})
        for name in meta.keys() & self.fields:
            meta[name] = [html.escape(line, quote=False) for line in meta[name]]
        return lines


class TextFields(Extension):
    def __init__(self, fields: set[str]) -> None:
        super().__init__()
        self.fields = fields

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(EscapeFields(md, self.fields), "plain_metadata", PRIORITY)


def add_extension(pelican) -> None:
    """TextFields in the MARKDOWN setting of this build, so every Markdown reader has it."""
    settings = pelican.settings
    fields = TEXT_FIELDS | set(settings["FORMATTED_FIELDS"])
    settings["MARKDOWN"].setdefault("extensions", []).append(TextFields(fields))


def register() -> None:
    signals.initialized.connect(add_extension)
