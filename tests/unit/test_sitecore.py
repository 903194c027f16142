"""Small shared pieces: the build's Finnish messages, slugs the site's way, settings."""

from __future__ import annotations

from pathlib import Path

from sitecore.build import BuildResult, Tally, plural
from sitecore.settings import load, make_slug


def test_counts_agree_with_their_number():
    assert plural(1, "virhe", "virhettä") == "1 virhe"
    assert plural(2, "virhe", "virhettä") == "2 virhettä"
    assert plural(0, "luonnos", "luonnosta") == "0 luonnosta"


def test_summary_and_failure_messages_in_finnish():
    ok = BuildResult(True, Path("o"), 0, 1.25, Tally(articles=1, pages=9, drafts=2))
    assert ok.summary() == "Valmis: 1 kirjoitus, 9 sivua, 2 luonnosta (1,2 s)."
    one = BuildResult(False, Path("o"), 1, 0.1, Tally())
    assert "1 virhe (katso" in one.failure()
    strict = BuildResult(False, Path("o"), 2, 0.1, Tally(), strict=True)
    assert "2 varoitusta tai virhettä" in strict.failure()


def test_slugs_are_made_with_the_sites_settings():
    settings = load()
    assert make_slug("Johdon ja esimiesten työnohjaus", settings) == (
        "johdon-ja-esimiesten-tyonohjaus"
    )
    assert make_slug("Mistä syntyy hyödyllinen työnohjaus?", settings) == (
        "mista-syntyy-hyodyllinen-tyonohjaus"
    )


def test_settings_paths_are_absolute_and_the_locale_is_left_alone():
    import locale

    before = locale.setlocale(locale.LC_ALL)
    settings = load(conf="publishconf.py")
    assert Path(settings["PATH"]).is_absolute() and settings["PATH"].endswith("content")
    assert settings["SITEURL"].startswith("https://")
    assert locale.setlocale(locale.LC_ALL) == before


def test_every_build_in_one_process_reports_its_warnings_once():
    """Pelican's duplicate filter remembers a message for the life of the process: a second
    build in the same process (livereload, the tests) must still print and count it."""
    import io
    import logging

    from sitecore.build import _logging

    log = logging.getLogger("pelican.generators")  # Pelican's, with its duplicate filter
    for _ in range(2):
        stream = io.StringIO()
        with _logging(True, logging.WARNING, stream) as report:
            log.warning("Sama varoitus %s.", "joka kerta")
            log.warning("Sama varoitus %s.", "joka kerta")
        assert (report.count, stream.getvalue()) == (1, "Varoitus: Sama varoitus joka kerta.\n")
