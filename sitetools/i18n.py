"""`invoke i18n`: bring the theme's Finnish catalogue up to date with its templates.

Babel's own command line (`pybabel extract` + `pybabel update`, through its public
CommandLineInterface) extracts every {% trans %} and _() string from theme/templates (with
the options in theme/babel.cfg) and merges them into theme/translations/fi/LC_MESSAGES/
messages.po, in a copy first: the catalogue is written only when it changed, and its dates
are kept, so running it twice changes nothing. New strings arrive untranslated and are listed.
"""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

LOCALE = "fi"
# No file names or line numbers in the catalogue, sorted, lines never wrapped; no guessed
# ("fuzzy") translations; the date of the templates' extraction kept when nothing changed.
EXTRACT = ["extract", "--no-location", "--sort-output", "-w", "0"]
UPDATE = ["update", "-l", LOCALE, "--no-fuzzy-matching", "--ignore-pot-creation-date", "-w", "0"]


@dataclass
class CatalogueUpdate:
    added: list[str]
    obsolete: list[str]
    untranslated: list[str]
    changed: bool


def forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's id or string as its forms (a plural message has several)."""
    return value if isinstance(value, tuple) else (value,)


def update(theme: Path) -> CatalogueUpdate:
    po = theme / "translations" / LOCALE / "LC_MESSAGES" / "messages.po"
    with tempfile.TemporaryDirectory() as tmp:
        pot, new = Path(tmp, "messages.pot"), Path(shutil.copy(po, tmp))
        cfg = theme / "babel.cfg"
        babel = CommandLineInterface()
        babel.run(["pybabel", "-q", *EXTRACT, "-F", str(cfg), "-o", str(pot), str(theme)])
        babel.run(["pybabel", "-q", *UPDATE, "-i", str(pot), "-o", str(new)])
        with open(po, "rb") as old, open(new, "rb") as handle:
            before, catalog = {m.id for m in read_po(old)}, read_po(handle, locale=LOCALE)
        data = new.read_bytes()
    changed = data != po.read_bytes()
    if changed:
        po.write_bytes(data)
    return CatalogueUpdate(
        added=sorted(forms(m.id)[0] for m in catalog if m.id not in before),
        obsolete=sorted(forms(i)[0] for i in catalog.obsolete),
        untranslated=sorted(forms(m.id)[0] for m in catalog if m.id and not all(forms(m.string))),
        changed=changed,
    )
