"""Numbers in the practitioner's messages, as Finns write them: counts that agree with
their number ("1 virhe", "2 virhettä", "1 rivi ohitettiin", "3 riviä ohitettiin") and
decimals with a comma ("7,8 s").

The rules are the Finnish ones of the Unicode CLDR, read through Babel: the plural rule is
the one gettext's Plural-Forms header in the theme's catalogue (nplurals=2; plural=(n != 1))
comes from. The messages themselves are written in Finnish, so there is no catalogue to
look them up in; each call gives the singular and the partitive plural form.
"""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_decimal

_FINNISH = Locale.parse("fi")


def form(count: int, one: str, many: str) -> str:
    """The form that agrees with count, without the number: 'Korjaa se' / 'Korjaa ne'."""
    return one if _FINNISH.plural_form(count) == "one" else many


def plural(count: int, one: str, many: str) -> str:
    """'1 virhe', '2 virhettä', '0 virhettä': count and the form that agrees with it."""
    return f"{count} {form(count, one, many)}"


def decimal(value: float, digits: int = 1) -> str:
    """'7,8': value with digits decimals and a decimal comma (no digit grouping)."""
    return format_decimal(value, format="0." + "0" * digits if digits else "0", locale=_FINNISH)


def kb(size: int) -> str:
    """'3,4 kt': a file's size in kilobytes (1 kt = 1,024 bytes)."""
    return f"{decimal(size / 1024)} kt"
