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
i.e. in the preview) keeps the typeset texts in memory for the next build in this process
(typeset's cache).
"""

import logging
from functools import lru_cache

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


# A build's hyphenator (Voikko is opened once a build), by output folder: made at
# initialized, dropped at finalized.
BUILDS: dict[str, Hyphenator] = {}


def open_hyphenator(pelican) -> None:
    settings = pelican.settings
    remember = settings["TYPESET_MEMO"]
    if not (settings["LOAD_CONTENT_CACHE"] if remember is None else remember):
        typeset.cache_clear()
    try:
        voikko = load_voikko("fi")
    except VoikkoUnavailable as error:
        log.critical("%s", error)
        raise BuildStopped from error
    narrow = settings["HYPHENATE_MIN_LETTERS_NARROW"]
    BUILDS[pelican.output_path] = Hyphenator(voikko, settings["HYPHENATE_MIN_LETTERS"], narrow)


def typo_fi(value) -> Markup:
    """The typo_fi filter: Finnish punctuation for an HTML string; returns Markup."""
    return Markup("" if value is None else finnish_typography(str(value)))


def install_filters(generator: Generator) -> None:
    generator.env.filters["hyphenate"] = BUILDS[generator.output_path].html
    generator.env.filters["typo_fi"] = typo_fi


@lru_cache(maxsize=1 << 14)
def typeset(html: str, widont_max_length: int) -> str:
    """The read-time typography of one HTML fragment: Finnish punctuation, then widont.

    Pure, so its answers are kept for the life of the process (room for a 1,000-post
    site's texts a few times over, the oldest dropped first, so editing all day does not
    fill memory): the preview rebuilds in one warm process (and in processes forked from
    it), and a text typeset once is not typeset again. Pelican's reader cache keeps what
    the reader made, and the typesetting runs after it, on every object, in every build. A
    build without TYPESET_MEMO starts with none kept."""
    return widont(finnish_typography(html), widont_max_length)


def punctuate(content) -> None:
    """Finnish punctuation in an article's or page's body and text metadata."""
    if content.settings["OUTPUT_PATH"] not in BUILDS or not isinstance(content, (Article, Page)):
        return
    length = content.settings["WIDONT_MAX_LENGTH"]
    if content._content:
        content._content = typeset(content._content, length)
    for key in METADATA_FIELDS:
        if isinstance(content.metadata.get(key), str):
            content.metadata[key] = typeset(content.metadata[key], length)
            setattr(content, key, content.metadata[key])
    if isinstance(getattr(content, "_summary", None), str):
        content._summary = typeset(content._summary, length)


def report(pelican) -> None:
    hyphenator = BUILDS.pop(pelican.output_path, None)
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
