"""`invoke i18n`'s catalogue update, on a copy of the theme (no build)."""

from __future__ import annotations

import shutil

from sitetools.i18n import update
from support import ROOT


def test_every_template_string_is_in_the_catalogue_and_translated(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    result = update(theme)
    assert result.added == [] and result.untranslated == [], result
    assert not result.changed  # running it on an up-to-date catalogue changes nothing
    assert result.obsolete == []  # every string of the catalogue was found in the templates


def test_a_new_template_string_is_added_untranslated(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "uusi.html").write_text('{{ _("Brand new string") }}\n', "utf-8")
    result = update(theme)
    assert result.added == ["Brand new string"]
    assert result.untranslated == ["Brand new string"]
    po = (theme / "translations" / "fi" / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    assert 'msgid "Brand new string"\nmsgstr ""' in po
    assert update(theme).changed is False
    (theme / "templates" / "uusi.html").unlink()
    result = update(theme)
    assert result.obsolete == ["Brand new string"] and result.changed
    po = (theme / "translations" / "fi" / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    assert '#~ msgid "Brand new string"' in po  # kept, marked obsolete
