"""Finnish typography for the whole site, and Voikko hyphenation for its pages.

- Finnish punctuation (sitecore/finnish.py) and a widont that joins only short last pairs
  (sitecore/widont.py; typogrify's own widont is left out in TYPOGRIFY_OMIT_FILTERS) are
  written into each article's and page's body, summary and description as the reader
  reads them (a step of the reader, sitecore/readers.py; kept in Pelican's reader
  cache), and into its title when the object is made (after Pelican has made the slug from
  the title as typed), so every output that reads them (the page, <title>, meta tags,
  JSON-LD, feeds) gets the same text. Pelican's TYPOGRIFY would run after the reader and
  see Finnish quotes it does not know (its initial_quotes wraps only a straight or English
  one), so with TYPOGRIFY on this plugin runs typogrify itself, first, as Pelican would,
  and turns Pelican's own run off.
- Soft hyphens (hyphenation.py) are added only when a template asks for them with the
  `hyphenate` filter, so they reach the visible page and nothing else.
- `typo_fi` is the Finnish punctuation as a Jinja filter, for texts that are not content
  objects (feedback quotes and the like).

Settings: HYPHENATE_MIN_LETTERS (default 12), the shortest word of running text that gets
soft hyphens; HYPHENATE_MIN_LETTERS_NARROW (default 9), the same in headings, titles,
table cells and other narrow boxes; WIDONT_MAX_LENGTH (default 12), the longest last pair
of words that is kept together.
"""

import functools
import logging

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from typogrify.filters import typogrify

from sitecore.finnish import finnish_typography
from sitecore.hyphenation import Hyphenator, VoikkoUnavailable, load_voikko
from sitecore.problems import BuildStopped
from sitecore.readers import add_step
from sitecore.widont import widont

log = logging.getLogger(__name__)


# By output folder, made at initialized and dropped at finalized: the build's hyphenator
# (Voikko is opened once a build) and whether typogrify is ours to run.
BUILDS: dict[str, tuple[Hyphenator, bool]] = {}


def open_hyphenator(pelican) -> None:
    settings = pelican.settings
    try:
        voikko = load_voikko("fi")
    except VoikkoUnavailable as error:
        log.critical("%s", error)
        raise BuildStopped from error
    narrow = settings["HYPHENATE_MIN_LETTERS_NARROW"]
    hyphenator = Hyphenator(voikko, settings["HYPHENATE_MIN_LETTERS"], narrow)
    BUILDS[pelican.output_path] = (hyphenator, settings["TYPOGRIFY"])
    settings["TYPOGRIFY"] = False  # run in the reader, before the Finnish punctuation


def typo_fi(value) -> Markup:
    """The typo_fi filter: Finnish punctuation for an HTML string; returns Markup."""
    return Markup("" if value is None else finnish_typography(str(value)))


def install_filters(generator: Generator) -> None:
    generator.env.filters["hyphenate"] = BUILDS[generator.output_path][0].html
    generator.env.filters["typo_fi"] = typo_fi


@functools.lru_cache(maxsize=8192, typed=True)  # Markup stays Markup
def typeset(html: str, widont_max_length: int) -> str:
    """The read-time typography of one HTML fragment: Finnish punctuation, then widont.
    Remembered: the live preview's warm process sets every title again in each build."""
    return widont(finnish_typography(html), widont_max_length)


class Typeset:
    """The reader's step: typogrify as Pelican would run it (when TYPOGRIFY is on),
    then the Finnish typography, in the body, the summary and the description."""

    def read(self, source_path):
        content, metadata = super().read(source_path)
        settings = self.settings
        if settings["OUTPUT_PATH"] not in BUILDS:
            return content, metadata
        _, ours = BUILDS[settings["OUTPUT_PATH"]]
        if ours:  # Pelican's own typogrify: the body, the title and the summary
            ignore = settings["TYPOGRIFY_IGNORE_TAGS"]
            omit = dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False)
            content = content and typogrify(content, ignore, **omit)
            for key in metadata.keys() & {"title", "summary"}:
                metadata[key] = typogrify(metadata[key], ignore, **omit)
        length = settings["WIDONT_MAX_LENGTH"]
        for key in ("summary", "description"):
            if isinstance(metadata.get(key), str):
                metadata[key] = typeset(metadata[key], length)
        return typeset(content, length), metadata


def use_reader(readers) -> None:
    add_step(readers, Typeset)


def punctuate_title(content) -> None:
    """The title's Finnish typography, once Pelican has made the slug from it."""
    title = content.metadata.get("title")
    if content.settings["OUTPUT_PATH"] in BUILDS and isinstance(title, str):
        length = content.settings["WIDONT_MAX_LENGTH"]
        content.title = content.metadata["title"] = typeset(title, length)


def report(pelican) -> None:
    hyphenator, _ = BUILDS.pop(pelican.output_path, (None, False))
    if hyphenator is not None:
        asked = hyphenator.word.cache_info()
        log.debug(
            "typography_fi: %d words hyphenated, %d distinct words asked from Voikko",
            asked.hits + asked.misses,
            asked.misses,
        )


def register() -> None:
    signals.initialized.connect(open_hyphenator)
    signals.readers_init.connect(use_reader)
    signals.generator_init.connect(install_filters)
    signals.content_object_init.connect(punctuate_title)
    signals.finalized.connect(report)
