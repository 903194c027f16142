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

from __future__ import annotations

import re
from dataclasses import dataclass, field
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


class VoikkoUnavailable(RuntimeError):
    """Voikko or its Finnish dictionary is not installed; the message says what to do."""


def load_voikko(language: str = "fi") -> Any:
    """Open Voikko for language, or raise VoikkoUnavailable with install instructions.

    There is deliberately no fallback: a site built without hyphenation looks fine on a
    wide screen and breaks on a phone, so a missing install must stop the build."""
    try:
        from libvoikko import Voikko
    except ImportError as error:
        raise VoikkoUnavailable(
            INSTALL_HELP.format(reason=f"Python-pakettia libvoikko ei löytynyt ({error})")
        ) from error
    try:
        voikko = Voikko(language)
    except Exception as error:  # OSError (no C library) or VoikkoException (no dictionary)
        raise VoikkoUnavailable(
            INSTALL_HELP.format(reason=f"Voikon avaaminen epäonnistui ({error})")
        ) from error
    voikko.setNoUglyHyphenation(True)
    voikko.setHyphenateUnknownWords(True)
    return voikko


@dataclass
class Hyphenator:
    """Hyphenates the text of HTML; asks Voikko about each distinct word only once."""

    voikko: Any
    min_letters: int = 12
    min_letters_narrow: int = 9
    lookups: int = 0  # words looked up, and of them asked from Voikko: for the debug log
    voikko_calls: int = 0
    _cache: dict[str, str] = field(default_factory=dict)
    _long: re.Pattern = field(init=False, repr=False)
    _long_narrow: re.Pattern = field(init=False, repr=False)
    _done: dict[tuple[str, bool], Markup] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Only entities and words of min_letters or more reach the Python callback; shorter
        # words are skipped by the regex engine. An entity is matched whole, so its name
        # is never taken for a word.
        self._long = self._words_of(self.min_letters)
        self._long_narrow = self._words_of(self.min_letters_narrow)

    @staticmethod
    def _words_of(min_letters: int) -> re.Pattern:
        letters = max(1, min_letters - 1)
        return re.compile(rf"&#?\w+;|[^\W\d_](?:[^\W\d_]|\u00ad){{{letters},}}")

    def word(self, word: str) -> str:
        """word with a soft hyphen at each of Voikko's hyphenation points."""
        self.lookups += 1
        try:
            return self._cache[word]
        except KeyError:
            pass
        self.voikko_calls += 1
        pattern = self.voikko.getHyphenationPattern(word)
        result = "".join(
            f"{SOFT_HYPHEN}{char}" if mark == "-" and i > 0 else char
            for i, (char, mark) in enumerate(zip(word, pattern, strict=False))
        )
        self._cache[word] = result
        return result

    def _token(self, match: re.Match) -> str:
        token = match.group(0)
        if token[0] == "&" or SOFT_HYPHEN in token:
            return token
        return self.word(token)

    def _running(self, text: str) -> str:
        return map_words(text, lambda part: self._long.sub(self._token, part))

    def _narrow(self, text: str) -> str:
        return map_words(text, lambda part: self._long_narrow.sub(self._token, part))

    def html(self, value: Any, narrow: bool = False) -> Markup:
        """The hyphenate filter: value is HTML (a body or a title); returns Markup.

        narrow=True treats all of value as narrow text (a title in a card, a label in a
        breadcrumb); otherwise only the headings, cells and captions in it are."""
        if value is None:
            return Markup("")
        text = str(value)
        # A title or summary is printed on many list pages: hyphenate each text once.
        done = self._done.get((text, narrow))
        if done is None:
            if narrow:
                html = map_text(text, self._narrow)
            else:
                html = map_text(
                    text, self._running, inside=NARROW_ELEMENTS, transform_inside=self._narrow
                )
            done = self._done[(text, narrow)] = Markup(html)
        return done
