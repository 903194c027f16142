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
i.e. in the preview) keeps each typeset text in memory for the next build in this process.
"""

from __future__ import annotations

import logging

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


class State:
    """The build's hyphenator: Voikko is opened once, when Pelican starts."""

    hyphenator: Hyphenator | None = None
    widont_max_length: int = 0  # WIDONT_MAX_LENGTH, set when Pelican starts
    # The preview rebuilds in one warm process (and in processes forked from it): a text
    # typeset once is not typeset again. Pelican's reader cache keeps what the reader made,
    # and this runs after it, on every object, in every build.
    # Only the texts of the last build are kept, so editing all day does not fill memory.
    memo: dict[tuple[str, int], str] | None = None
    last_memo: dict[tuple[str, int], str] = {}


def open_hyphenator(pelican) -> None:
    settings = pelican.settings
    min_letters = settings["HYPHENATE_MIN_LETTERS"]
    narrow = settings["HYPHENATE_MIN_LETTERS_NARROW"]
    State.widont_max_length = settings["WIDONT_MAX_LENGTH"]
    remember = settings["TYPESET_MEMO"]
    remember = settings["LOAD_CONTENT_CACHE"] if remember is None else remember
    State.last_memo = (State.memo or {}) if remember else {}
    State.memo = {} if remember else None
    try:
        voikko = load_voikko("fi")
    except VoikkoUnavailable as error:
        log.critical("%s", error)
        raise BuildStopped from error
    State.hyphenator = Hyphenator(voikko, min_letters, narrow)


def typo_fi(value) -> Markup:
    """The typo_fi filter: Finnish punctuation for an HTML string; returns Markup."""
    if value is None:
        return Markup("")
    return Markup(finnish_typography(str(value)))


def install_filters(generator: Generator) -> None:
    if State.hyphenator is None:  # generators made outside a Pelican run
        open_hyphenator(generator)
    generator.env.filters["hyphenate"] = State.hyphenator.html
    generator.env.filters["typo_fi"] = typo_fi


def typeset(html: str, widont_max_length: int) -> str:
    """The read-time typography of one HTML fragment: Finnish punctuation, then widont."""
    return widont(finnish_typography(html), widont_max_length)


def remembered(html: str, length: int) -> str:
    """typeset(), from State.memo where this process has typeset the same text before."""
    memo = State.memo
    if memo is None:
        return typeset(html, length)
    key = (html, length)
    found = memo.get(key) or State.last_memo.get(key)
    if found is None:
        found = typeset(html, length)
    memo[key] = found
    return found


def punctuate(content) -> None:
    """Finnish punctuation in an article's or page's body and text metadata."""
    if not isinstance(content, (Article, Page)):
        return
    length = State.widont_max_length
    if content._content:
        content._content = remembered(content._content, length)
    for key in METADATA_FIELDS:
        value = content.metadata.get(key)
        if isinstance(value, str):
            value = remembered(value, length)
            content.metadata[key] = value
            setattr(content, key, value)
    if hasattr(content, "_summary") and isinstance(content._summary, str):
        content._summary = remembered(content._summary, length)


def report(pelican) -> None:
    hyphenator = State.hyphenator
    if hyphenator is not None:
        log.debug(
            "typography_fi: %d words hyphenated, %d distinct words asked from Voikko",
            hyphenator.lookups,
            hyphenator.voikko_calls,
        )


def register() -> None:
    signals.initialized.connect(open_hyphenator)
    signals.generator_init.connect(install_filters)
    signals.content_object_init.connect(punctuate)
    signals.finalized.connect(report)
