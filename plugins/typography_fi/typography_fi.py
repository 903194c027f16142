"""Finnish typography for the whole site, and Voikko hyphenation for its pages.

- Finnish punctuation (sitecore/finnish.py) and a widont that joins only short last pairs
  (sitecore/widont.py; typogrify's own widont is left out in TYPOGRIFY_OMIT_FILTERS) are
  written into each article's and page's body, title, summary and description when the
  object is created, so every output that reads them (the page, <title>, meta tags,
  JSON-LD, feeds) gets the same text.
- Soft hyphens (hyphenation.py) are added only when a template asks for them with the
  `hyphenate` filter, so they reach the visible page and nothing else.
- `typo_fi` is the Finnish punctuation as a Jinja filter, for texts that are not content
  objects (feedback quotes and the like).

Settings: HYPHENATE_MIN_LETTERS (default 12), the shortest word of running text that gets
soft hyphens; HYPHENATE_MIN_LETTERS_NARROW (default 9), the same in headings, titles,
table cells and other narrow boxes; WIDONT_MAX_LENGTH (default 12), the longest last pair
of words that is kept together; TYPESET_MEMO (default: on where the content cache is loaded,
i.e. in the preview) keeps each typeset text in memory for the next build in this process
(MEMO).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import Generator

from sitecore.finnish import finnish_typography
from sitecore.hyphenation import Hyphenator, VoikkoUnavailable, load_voikko
from sitecore.problems import BuildStopped
from sitecore.widont import widont

log = logging.getLogger(__name__)

METADATA_FIELDS = ("title", "summary", "description")


@dataclass
class Memo:
    """A pure cache of typeset(), a pure function of its arguments, kept for the life of
    the process: the preview rebuilds in one warm process (and in processes forked from
    it), and a text typeset once is not typeset again. Pelican's reader cache keeps what
    the reader made, and the typesetting runs after it, on every object, in every build.
    Only the texts of the last build are kept, so editing all day does not fill memory."""

    last: dict[tuple[str, int], str] = field(default_factory=dict)
    now: dict[tuple[str, int], str] = field(default_factory=dict)

    def next_build(self, keep: bool) -> None:
        self.last, self.now = (self.now if keep else {}), {}

    def typeset(self, html: str, length: int) -> str:
        key = (html, length)
        found = self.now.get(key) or self.last.get(key)
        if found is None:
            found = typeset(html, length)
        self.now[key] = found
        return found


MEMO = Memo()


@dataclass
class Typesetting:
    """A build's typography: made when Pelican starts (Voikko is opened once a build),
    dropped when it ends."""

    hyphenator: Hyphenator
    widont_max_length: int
    memo: Memo | None = None  # MEMO, where TYPESET_MEMO is on

    def typeset(self, html: str) -> str:
        if self.memo is None:
            return typeset(html, self.widont_max_length)
        return self.memo.typeset(html, self.widont_max_length)


# Per build, by output folder: made at initialized, dropped at finalized.
BUILDS: dict[str, Typesetting] = {}


def open_hyphenator(pelican) -> None:
    settings = pelican.settings
    min_letters = settings["HYPHENATE_MIN_LETTERS"]
    narrow = settings["HYPHENATE_MIN_LETTERS_NARROW"]
    remember = settings["TYPESET_MEMO"]
    remember = settings["LOAD_CONTENT_CACHE"] if remember is None else remember
    MEMO.next_build(keep=bool(remember))
    try:
        voikko = load_voikko("fi")
    except VoikkoUnavailable as error:
        log.critical("%s", error)
        raise BuildStopped from error
    hyphenator = Hyphenator(voikko, min_letters, narrow)
    memo = MEMO if remember else None
    BUILDS[pelican.output_path] = Typesetting(hyphenator, settings["WIDONT_MAX_LENGTH"], memo)


def typo_fi(value) -> Markup:
    """The typo_fi filter: Finnish punctuation for an HTML string; returns Markup."""
    if value is None:
        return Markup("")
    return Markup(finnish_typography(str(value)))


def install_filters(generator: Generator) -> None:
    generator.env.filters["hyphenate"] = BUILDS[generator.output_path].hyphenator.html
    generator.env.filters["typo_fi"] = typo_fi


def typeset(html: str, widont_max_length: int) -> str:
    """The read-time typography of one HTML fragment: Finnish punctuation, then widont."""
    return widont(finnish_typography(html), widont_max_length)


def punctuate(content) -> None:
    """Finnish punctuation in an article's or page's body and text metadata."""
    build = BUILDS.get(content.settings["OUTPUT_PATH"])
    if build is None or not isinstance(content, (Article, Page)):
        return
    if content._content:
        content._content = build.typeset(content._content)
    for key in METADATA_FIELDS:
        value = content.metadata.get(key)
        if isinstance(value, str):
            value = build.typeset(value)
            content.metadata[key] = value
            setattr(content, key, value)
    if hasattr(content, "_summary") and isinstance(content._summary, str):
        content._summary = build.typeset(content._summary)


def report(pelican) -> None:
    build = BUILDS.pop(pelican.output_path, None)
    if build is not None:
        log.debug(
            "typography_fi: %d words hyphenated, %d distinct words asked from Voikko",
            build.hyphenator.lookups,
            build.hyphenator.voikko_calls,
        )


def register() -> None:
    signals.initialized.connect(open_hyphenator)
    signals.generator_init.connect(install_filters)
    signals.content_object_init.connect(punctuate)
    signals.finalized.connect(report)
