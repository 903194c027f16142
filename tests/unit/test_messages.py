"""The practitioner's messages, without a build: numbers and the words they govern agree
(CLDR's Finnish plural rule through Babel), decimals have a comma, the build's summary counts
scheduled posts, the feedback import's last line, and the date message says what is wrong
with the date: its form, or that there is no such day.
(invoke check's last line is read in tests/test_check.py, from the real command.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.generators import ArticlesGenerator

from plugins.content_guard.content_guard import check_date
from sitecore.build import BuildResult, Tally
from sitecore.dates import missing_day
from sitecore.plural import decimal, form, kb, plural
from sitetools.feedback_import import Report, summary


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 virhettä"), (1, "1 virhe"), (2, "2 virhettä"), (21, "21 virhettä")],
)
def test_a_count_agrees_with_its_number(count, expected):
    assert plural(count, "virhe", "virhettä") == expected
    assert form(count, "se", "ne") == ("se" if count == 1 else "ne")


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(7.84, 1, "7,8"), (0.3, 1, "0,3"), (12, 1, "12,0"), (1.257, 2, "1,26"), (1234.5, 1, "1234,5")],
)
def test_decimals_have_a_comma(value, digits, expected):
    assert decimal(value, digits) == expected


def test_kilobytes_have_a_comma():
    assert kb(3500) == "3,4 kt" and kb(1024) == "1,0 kt"


def test_build_failure_says_se_for_one_and_ne_for_many():
    one = BuildResult(False, Path("o"), 1, 0.1, Tally()).failure()
    assert "epäonnistui: 1 virhe (katso viestit yllä). Korjaa se, niin" in one
    two = BuildResult(False, Path("o"), 2, 0.1, Tally(), strict=True).failure()
    assert "2 varoitusta tai virhettä" in two and "korjaa ne," in two


def post(status: str | None = None, name: str = "a.md"):
    metadata = {"status": status} if status else {}
    return SimpleNamespace(date=dt.datetime(2099, 1, 1), metadata=metadata, source_path=name)


def test_the_summary_names_drafts_and_scheduled_posts_apart():
    # WITH_FUTURE_DATES = False: a future post is a draft without Status: draft.
    generator = ArticlesGenerator.__new__(ArticlesGenerator)  # only the lists Tally reads
    generator.__dict__.update(articles=[1, 2], drafts=[post(name="ajastettu.md"), post("draft")])
    tally = Tally()
    tally.take([generator])
    assert (tally.articles, tally.drafts, len(tally.scheduled)) == (2, 1, 1)
    done = BuildResult(True, Path("o"), 0, 0.31, Tally(5, 9, 1, tally.scheduled)).summary()
    assert done == "Valmis: 5 kirjoitusta, 9 sivua, 1 luonnos, 1 ajastettu kirjoitus (0,3 s)."
    two = BuildResult(True, Path("o"), 0, 0.3, Tally(1, 1, 0, tally.scheduled * 2)).summary()
    assert "1 kirjoitus, 1 sivu, 2 ajastettua kirjoitusta (0,3 s)" in two


def test_feedback_import_summary_agrees_with_each_count():
    folder = Path("content/feedback")
    one = Report(created=[Path("a.yaml")], existing=1, skipped=["rivi 3: x"])
    assert summary(one, folder) == (
        "Valmis: 1 uusi palautetiedosto kansioon content/feedback, 1 oli jo tuotu, "
        "1 rivi ohitettiin."
    )
    many = Report(created=[Path("a.yaml"), Path("b.yaml")], existing=4, skipped=[])
    assert summary(many, folder) == (
        "Valmis: 2 uutta palautetiedostoa kansioon content/feedback, 4 oli jo tuotu, "
        "0 riviä ohitettiin."
    )


def test_the_date_message_says_the_form_is_wrong_not_that_it_is_no_date(tmp_path):
    finnish = check_date(tmp_path / "a.md", 2, "31.5.2013", "date")
    assert "”31.5.2013” on väärässä muodossa" in finnish.message
    assert "Date: 2013-05-31" in finnish.message
    assert "ei ole oikea päivämäärä" not in finnish.message
    impossible = check_date(tmp_path / "a.md", 2, "2013-02-30", "modified")
    assert "oikeassa muodossa, mutta sellaista päivää" in impossible.message
    assert "Modified: 2024-05-31" in impossible.message
    assert check_date(tmp_path / "a.md", 2, "2013-02-28 10:00", "date") is None
    no_such_day = check_date(tmp_path / "a.md", 2, "31.6.2013", "date")
    assert "”31.6.2013” ei ole olemassa: kesäkuussa on 30 päivää" in no_such_day.message
    assert "väärässä muodossa" not in no_such_day.message


@pytest.mark.parametrize(
    ("year", "month", "day", "why"),
    [
        (2026, 6, 31, "kesäkuussa on 30 päivää"),
        (2026, 4, 31, "huhtikuussa on 30 päivää"),
        (2026, 2, 29, "helmikuussa on 28 päivää"),
        (2024, 2, 30, "helmikuussa on 29 päivää"),
        (2026, 1, 0, "tammikuussa on 31 päivää"),
        (2026, 13, 1, "kuukausia on 12, ei 13"),
        (2026, 0, 5, "kuukausia on 12, ei 0"),
        (2024, 2, 29, ""),
        (2026, 12, 31, ""),
    ],
)
def test_a_day_that_does_not_exist_says_why(year, month, day, why):
    assert missing_day(year, month, day) == why


def test_a_feedback_date_says_the_same(tmp_path):
    from sitecore.feedback import date_advice

    example = "date: 2013-05-31 (vuosi-kuukausi-päivä)."
    assert date_advice("31.5.2013", example) == (
        "päivämäärä ”31.5.2013” on väärässä muodossa. Kirjoita date: 2013-05-31 "
        "(vuosi-kuukausi-päivä)."
    )
    assert "”2013-02-30” ei ole olemassa: helmikuussa on 28 päivää" in date_advice(
        "2013-02-30", example
    )
    assert "”31.6.2013” ei ole olemassa: kesäkuussa on 30 päivää" in date_advice(
        "31.6.2013", example
    )
    assert "on väärässä muodossa. Kirjoita date: 2013-05-31" in date_advice("toukokuu", example)
    assert "on väärässä muodossa. Kirjoita date: 2013-05-31" in date_advice("2013-5-31", example)


def test_the_preview_counts_what_it_found():
    from sitetools.checks.site import Finding
    from sitetools.quick_checks import report_lines

    one = report_lines([Finding("content/blogi/a.md, rivi 3", "kuvalta puuttuu")], [], "")
    assert one[0] == "Pikatarkistus löysi 1 korjattavan kohdan (invoke check ei päästä läpi):"
