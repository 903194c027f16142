"""The detector the language tests use (support.english_lines): the English she used to
meet is found; Finnish messages, with their file names, addresses and flags, are not."""

from __future__ import annotations

import pytest

from support import english_lines

ENGLISH = [
    "Varoitus: Empty alt attribute for image jakokuva.png in /tmp/p/content/blogi/x.md",
    "[I 240601 10:00:00 server:331] Serving on http://localhost:8000",
    "[I 240601 10:00:00 handlers:62] Start watching changes",
    "[W 240601 10:00:01 web:2348] 404 GET /ei-ole/ (127.0.0.1) 0.52ms",
    "No idea what '--dry-run' is!",
    "Usage: inv[oke] [--core-opts] task1 [--task1-opts] ... taskN [--taskN-opts]",
    "Available tasks:",
    "Docstring:",
    "Options:",
    "  -t STRING, --title=STRING      the title, in quotes",
    "'new' did not receive required positional arguments: 'title'",
    "Traceback (most recent call last):",
    'Varoitus: Unable to generate valid slug for Tag "???".',
]
FINNISH = [
    "Varoitus: content/blogi/x.md, rivi 7: kuvalta jakokuva.png puuttuu tekstivastine. "
    "Kirjoita hakasulkeisiin, mitä kuvassa on, esimerkiksi ![Työnohjaaja](…/jakokuva.png).",
    "Esikatselu: http://localhost:8000/  (lopeta: Ctrl+C)",
    "Komennolla invoke publish ei ole valitsinta --dry-runn. Tarkoititko --dry-run? Sen "
    "valitsimet: --target, --atomic, --dry-run, --force, --ssh-config. Ohje: invoke --help",
    "  --ssh-config=TEKSTI   SSH-asetustiedosto tiedoston ~/.ssh/config sijaan",
    "  wordpress-import   Tuo WordPress-blogin: kirjoitukset, sivut, kuvat ja ohjaukset",
    "Virhe: content/blogi/x.md, rivi 3: tila ”julkaistu” on tuntematon. Kirjoita Status: "
    "published (julkaistu), Status: draft (luonnos) tai Status: hidden (piilotettu).",
    "Valmis: 6 kirjoitusta, 10 sivua (4,1 s).",
    "Sivusto rakennettu kansioon /tmp/project/output",
]


@pytest.mark.parametrize("line", ENGLISH)
def test_english_is_found(line):
    assert english_lines(f"Valmis.\n{line}\n") == [line]


@pytest.mark.parametrize("line", FINNISH)
def test_finnish_with_code_and_names_is_not(line):
    assert english_lines(line) == []
