"""Counts that agree with their number in the practitioner's messages: "1 virhe",
"2 virhettä", "1 rivi ohitettiin", "3 riviä ohitettiin".

The rule is the Finnish plural rule of the Unicode CLDR, read through Babel: the same rule
gettext's Plural-Forms header in the theme's catalogue (nplurals=2; plural=(n != 1)) comes
from. The messages themselves are written in Finnish, so there is no catalogue to look them
up in; each call gives the singular and the partitive plural form.
"""

from __future__ import annotations

from babel import Locale

_FINNISH = Locale.parse("fi")


def form(count: int, one: str, many: str) -> str:
    """The form that agrees with count, without the number: 'Korjaa se' / 'Korjaa ne'."""
    return one if _FINNISH.plural_form(count) == "one" else many


def plural(count: int, one: str, many: str) -> str:
    """'1 virhe', '2 virhettä', '0 virhettä': count and the form that agrees with it."""
    return f"{count} {form(count, one, many)}"
