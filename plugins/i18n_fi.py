"""Finnish UI strings and dates for the theme.

The theme's strings live in one gettext catalogue (theme/translations/fi/LC_MESSAGES/
messages.po), which is compiled in memory at build time so no binary .mo file has to be
kept in sync by hand. Dates are formatted with Babel's CLDR data, never with the system
locale, which CI machines do not have. Feeds say their language too (xml:lang on the Atom
feed element), which Pelican leaves out, and are punctuated as the pages are.
"""

import datetime as dt
import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from pelican import signals
from pelican.generators import Generator


@lru_cache(maxsize=4)
def load_translations(po: bytes, locale: str) -> Translations:
    """Compile a .po catalogue in memory into a gettext Translations object: kept by its
    text, so the live preview's warm process shows an edited catalogue at the next build."""
    catalog = read_po(po.splitlines(), locale=locale)  # lines will do
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return Translations(io.BytesIO(buffer.getvalue()))


def make_date_filter(pattern: str, locale: str) -> Callable[[dt.date | None], str]:
    return lambda value: "" if value is None else format_date(value, pattern, locale=locale)


def install(generator: Generator) -> None:
    settings = generator.settings
    lang = settings.get("DEFAULT_LANG", "fi")
    po_path = Path(settings["THEME"]) / "translations" / lang / "LC_MESSAGES" / "messages.po"
    env = generator.env
    env.add_extension("jinja2.ext.i18n")  # _() and gettext in every template
    env.install_gettext_translations(load_translations(po_path.read_bytes(), lang), newstyle=True)
    for name, pattern in settings["DATE_FORMATS_FI"].items():
        env.filters[f"date_{name}"] = make_date_filter(pattern, lang)


def finnish_feed(context: dict, feed) -> None:
    """Atom's root element gets xml:lang from the feed's language (feedgenerator); a
    category feed's title an en dash where Pelican writes " - "; each entry each category
    once (a tag spelt as the post's category in another case is not repeated)."""
    feed.feed["language"] = context.get("DEFAULT_LANG", "fi")
    name = context.get("SITENAME", "")
    feed.feed["title"] = feed.feed["title"].replace(f"{name} - ", f"{name} \u2013 ", 1)
    for item in feed.items:
        distinct: dict[str, str] = {}
        for category in item["categories"]:
            distinct.setdefault(category.casefold(), category)
        item["categories"] = list(distinct.values())


def register() -> None:
    signals.generator_init.connect(install)
    signals.feed_generated.connect(finnish_feed)
