"""Soft hyphens at Voikko's hyphenation points, so long Finnish compounds break correctly.

Browsers hyphenate Finnish poorly or not at all (Chromium on Linux has no Finnish
patterns), and a 25-letter compound does not fit a 320 px screen. Voikko, the hyphenator
LibreOffice uses, knows Finnish compounds (työn-oh-jaa-ja-kou-lu-tuk-ses-sa), so its
hyphenation points are written into the HTML as U+00AD at render time. Only the visible
text of pages is changed: the content itself, and with it feeds and metadata, never holds
a soft hyphen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from sitecore.html_text import map_text, map_words

SOFT_HYPHEN = "\u00ad"

INSTALL_HELP = (
    "Suomen kielen tavutus (Voikko) ei ole käytettävissä: {reason}. "
    "Asenna järjestelmäpaketit libvoikko1 ja voikko-fi "
    "(sudo apt-get install libvoikko1 voikko-fi) ja Python-paketti libvoikko "
    "(.venv/bin/pip install -r requirements.txt), tai aja bin/setup, "
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
    lookups: int = 0  # words looked up, and of them asked from Voikko: for the debug log
    voikko_calls: int = 0
    _cache: dict[str, str] = field(default_factory=dict)
    _long: re.Pattern = field(init=False, repr=False)
    _done: dict[str, Markup] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Only entities and words of min_letters or more reach the Python callback; shorter
        # words are skipped by the regex engine. An entity is matched whole, so its name
        # is never taken for a word.
        letters = max(1, self.min_letters - 1)
        self._long = re.compile(rf"&#?\w+;|[^\W\d_](?:[^\W\d_]|\u00ad){{{letters},}}")

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
        if token[0] == "&" or SOFT_HYPHEN in token or len(token) < self.min_letters:
            return token
        return self.word(token)

    def _words(self, text: str) -> str:
        return self._long.sub(self._token, text)

    def _text_run(self, text: str) -> str:
        return map_words(text, self._words)

    def html(self, value: Any) -> Markup:
        """The hyphenate filter: value is HTML (a body or a title); returns Markup."""
        if value is None:
            return Markup("")
        text = str(value)
        # A title or summary is printed on many list pages: hyphenate each text once.
        done = self._done.get(text)
        if done is None:
            done = self._done[text] = Markup(map_text(text, self._text_run))
        return done
