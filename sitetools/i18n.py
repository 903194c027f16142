"""`invoke i18n`: bring the theme's Finnish catalogue up to date with its templates.

Babel extracts every {% trans %} and _() string from theme/templates (with the options in
theme/babel.cfg) and merges them into theme/translations/fi/LC_MESSAGES/messages.po, the way
`pybabel extract` + `pybabel update` do; the catalogue's dates are kept when nothing changed,
so running it twice changes nothing. New strings arrive untranslated and are listed.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

LOCALE = "fi"


@dataclass
class CatalogueUpdate:
    added: list[str]
    obsolete: list[str]
    untranslated: list[str]
    changed: bool


def extract(theme: Path) -> Catalog:
    """Every translatable string in the theme's templates."""
    with open(theme / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    template = Catalog(locale=None)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(theme), method_map, options_map
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def write(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, sort_output=True)
    return buffer.getvalue()


def forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's id or string as its forms (a plural message has several)."""
    return value if isinstance(value, tuple) else (value,)


def update(theme: Path) -> CatalogueUpdate:
    po = theme / "translations" / LOCALE / "LC_MESSAGES" / "messages.po"
    with open(po, "rb") as handle:
        catalog = read_po(handle, locale=LOCALE)
    before, original = {m.id for m in catalog}, write(catalog)
    template = extract(theme)
    template.creation_date = catalog.creation_date  # no new date when nothing changed
    catalog.update(template, no_fuzzy_matching=True)
    data = write(catalog)
    if data != original:
        po.write_bytes(data)
    return CatalogueUpdate(
        added=sorted(forms(m.id)[0] for m in catalog if m.id not in before),
        obsolete=sorted(forms(i)[0] for i in catalog.obsolete),
        untranslated=sorted(forms(m.id)[0] for m in catalog if m.id and not all(forms(m.string))),
        changed=data != original,
    )
