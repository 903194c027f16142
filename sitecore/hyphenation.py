"""Soft hyphens at Voikko's hyphenation points, so long Finnish compounds break correctly.

Browsers hyphenate Finnish poorly or not at all (Chromium on Linux has no Finnish
patterns), and a 25-letter compound does not fit a 320 px screen. Voikko, the hyphenator
LibreOffice uses, knows Finnish compounds (työn-oh-jaa-ja-kou-lu-tuk-ses-sa), so its
hyphenation points are written into the HTML as U+00AD at render time. Only the visible
text of pages is changed: the content itself, and with it feeds and metadata, never holds
a soft hyphen.

A word gets soft hyphens when it could be wider than its box on a 320 px screen, so that
the browser never has to cut it at an arbitrary letter: in running text from min_letters
up, in headings, titles, table cells and other narrow boxes from min_letters_narrow up.
Shorter words stay whole, so ordinary text is not hyphenated more than it must be.
"""

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from markupsafe import Markup

from sitecore.html_text import map_text, map_words

SOFT_HYPHEN = "\u00ad"
# Elements whose text sits in a narrow or large-type box: headings, cells, terms, captions.
NARROW_ELEMENTS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "dt", "caption", "figcaption", "summary"}
)

INSTALL_HELP = (
    "Suomen kielen tavutus (Voikko) ei ole käytettävissä: {reason}. "
    "Asenna järjestelmäpaketit libvoikko1 ja voikko-fi "
    "(sudo apt-get install libvoikko1 voikko-fi) ja Python-paketti libvoikko "
    "(.venv/bin/pip install --require-hashes -r requirements.lock), tai aja bin/setup, "
    "joka asentaa molemmat. Sivustoa ei rakennettu."
)
NO_PACKAGE = "Python-pakettia libvoikko ei löytynyt"


class VoikkoUnavailable(RuntimeError):
    """Voikko or its Finnish dictionary is not installed; the message says what to do."""


def load_voikko(language: str = "fi") -> Any:
    """Open Voikko for language, or raise VoikkoUnavailable with install instructions.

    There is deliberately no fallback: a site built without hyphenation looks fine on a
    wide screen and breaks on a phone, so a missing install must stop the build."""
    try:
        from libvoikko import Voikko

        voikko = Voikko(language)
    except Exception as error:  # ImportError, OSError (no C library), VoikkoException
        what = NO_PACKAGE if isinstance(error, ImportError) else "Voikon avaaminen epäonnistui"
        raise VoikkoUnavailable(INSTALL_HELP.format(reason=f"{what} ({error})")) from error
    voikko.setNoUglyHyphenation(True)
    voikko.setHyphenateUnknownWords(True)
    return voikko


class Hyphenator:
    """Hyphenates the text of HTML; asks Voikko about each distinct word only once."""

    def __init__(self, voikko: Any, min_letters: int, min_letters_narrow: int) -> None:
        self.voikko = voikko
        # Voikko is asked about each distinct word and each text is hyphenated only once
        # (a title or summary is printed on many list pages); cache_info() counts them.
        self.word = cache(self.hyphenated)
        self.html_text = cache(self.hyphenated_html)
        self._running = self.words_of(min_letters)
        self._narrow = self.words_of(min_letters_narrow)

    def hyphenated(self, word: str) -> str:
        """word with a soft hyphen at each of Voikko's hyphenation points."""
        pattern = self.voikko.getHyphenationPattern(word)
        return "".join(
            f"{SOFT_HYPHEN}{char}" if mark == "-" and i > 0 else char
            for i, (char, mark) in enumerate(zip(word, pattern, strict=False))
        )

    def words_of(self, min_letters: int) -> Callable[[str], str]:
        """Hyphenates the words of min_letters or more in a run of text, URLs kept whole."""
        # Only entities and long words reach the Python callback; shorter words are skipped
        # by the regex engine. An entity is matched whole, so its name is never a word.
        long = re.compile(rf"&#?\w+;|[^\W\d_](?:[^\W\d_]|\u00ad){{{max(1, min_letters - 1)},}}")

        def token(match: re.Match) -> str:
            found = match[0]
            return found if found[0] == "&" or SOFT_HYPHEN in found else self.word(found)

        return lambda text: map_words(text, lambda part: long.sub(token, part))

    def html(self, value: Any, narrow: bool = False) -> Markup:
        """The hyphenate filter: value is HTML (a body or a title); returns Markup.

        narrow=True treats all of value as narrow text (a title in a card, a label in a
        breadcrumb); otherwise only the headings, cells and captions in it are."""
        return Markup("") if value is None else self.html_text(str(value), narrow)

    def hyphenated_html(self, html: str, narrow: bool) -> Markup:
        running = self._narrow if narrow else self._running
        return Markup(
            map_text(html, running, inside=NARROW_ELEMENTS, transform_inside=self._narrow)
        )
