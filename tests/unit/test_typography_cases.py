"""The typography fixtures straight through the steps an article goes through, without a
build: Pelican's Markdown reader with the site's settings, typogrify as Pelican calls it,
the read-time Finnish typography (plugins/typography_fi.typeset) and Voikko's soft hyphens.
Milliseconds a case; tests/test_typography.py checks the same cases in a real build.

Also the pieces on their own: ranges, dashes and signs, widont that spares long pairs, and
soft hyphens in narrow places.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from pelican.readers import MarkdownReader
from typogrify.filters import typogrify

from plugins.typography_fi import typeset
from sitecore.finnish import finnish_plain
from sitecore.hyphenation import Hyphenator, load_voikko
from sitecore.settings import load
from sitecore.widont import widont
from support import DATA

SOFT_HYPHEN = "\u00ad"
NBSP = "\u00a0"
NO_BREAK = "\u00a0\u202f"
FIXTURES = (
    "typography-fi.jsonl",
    "typography-fi-ranges.jsonl",
    "typography-fi-project.jsonl",
    "typography-fi-round3.jsonl",
)
CASES = [
    (name, json.loads(line))
    for name in FIXTURES
    for line in (DATA / "fixtures" / name).read_text("utf-8").splitlines()
    if line.strip()
]


@pytest.fixture(scope="module")
def settings():
    return load()


@pytest.fixture(scope="module")
def hyphenator(settings):
    return Hyphenator(
        load_voikko("fi"),
        settings["HYPHENATE_MIN_LETTERS"],
        settings["HYPHENATE_MIN_LETTERS_NARROW"],
    )


@pytest.fixture(scope="module")
def render(settings, hyphenator, tmp_path_factory):
    """Markdown body → the HTML of an article's body as the page shows it."""
    folder = tmp_path_factory.mktemp("cases")
    reader = MarkdownReader(settings)

    def run(markdown: str) -> str:
        source = folder / "case.md"
        source.write_text(f"Title: Testi\n\n{markdown}\n", "utf-8")
        html, _ = reader.read(str(source))
        html = typogrify(
            html,
            settings["TYPOGRIFY_IGNORE_TAGS"],
            **dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False),
        )
        html = typeset(html, settings["WIDONT_MAX_LENGTH"])
        return str(hyphenator.html(html))

    return run


def normal(text: str) -> str:
    """As the fixtures README reads text: no soft hyphens, no-break spaces as spaces."""
    text = re.sub(f"[{NO_BREAK}]", " ", text.replace(SOFT_HYPHEN, ""))
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "case", [case for _, case in CASES], ids=[f"{name[:-6]}:{case['id']}" for name, case in CASES]
)
def test_fixture_case(render, case):
    html = render(case["input"])
    text = BeautifulSoup(html, "lxml").get_text().replace(SOFT_HYPHEN, "")
    assert normal(text) == case["expected_text"]
    for phrase in case.get("no_break", []):
        pattern = f"[{NO_BREAK}]".join(re.escape(part) for part in phrase.split(" "))
        assert re.search(pattern, text), f"{phrase!r} without a no-break space: {text!r}"
    for snippet in case.get("html_contains", []):
        assert snippet in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,5-2 h", f"1,5–2{NBSP}h"),
        ("vuosina 2012 - 2013", "vuosina 2012–2013"),
        ("sivut 12--15", "sivut 12–15"),
        ("0,5-1 h", f"0,5–1{NBSP}h"),
        ("10:30-11:00", "10:30–11:00"),
        ("1 200-1 500 €", f"1{NBSP}200–1{NBSP}500{NBSP}€"),
        # Ranges she typed with a dash, spaced or not, or with uneven spaces.
        ("klo 9 – 11", f"klo{NBSP}9–11"),
        ("1,5 – 2 h", f"1,5–2{NBSP}h"),
        ("vuodet 2012 — 2013", "vuodet 2012–2013"),
        ("10 -12 kertaa", "10–12 kertaa"),
        ("klo 8 –16", f"klo{NBSP}8–16"),
        # Dates and weekdays.
        ("5.-7.3.2025", "5.–7.3.2025"),
        ("5.3.-7.4.2025", "5.3.–7.4.2025"),
        ("5.3.2025 - 7.3.2025", "5.3.2025–7.3.2025"),
        ("30.12.2024–2.1.2025", "30.12.2024–2.1.2025"),
        ("1.2.2013-3.2.2013", "1.2.2013–3.2.2013"),
        ("1.-3.6. Oulussa", "1.–3.6. Oulussa"),
        ("ma-pe", "ma–pe"),
        ("Ma - Pe", "Ma–Pe"),
        ("la – su klo 10-14", f"la–su klo{NBSP}10–14"),
        ("maanantai-perjantai", "maanantai–perjantai"),
        # The minus sign.
        ("oli -5 °C", f"oli −5{NBSP}°C"),
        ("muutos (-3,5) ja –12 astetta", "muutos (−3,5) ja −12 astetta"),
        # Spans between places; a region's name keeps its hyphen.
        ("Helsinki-Tampere", "Helsinki–Tampere"),
        ("Turku-Oulu-Kajaani", "Turku–Oulu–Kajaani"),
        ("Helsingin-Tampereen junat", "Helsingin–Tampereen junat"),
        ("Suomi-Ruotsi-maaottelu", "Suomi–Ruotsi-maaottelu"),
        ("Etelä-Suomi, Itä-Uusimaa, Pohjois-Karjala", "Etelä-Suomi, Itä-Uusimaa, Pohjois-Karjala"),
        ("Kanta-Häme ja Varsinais-Suomi", "Kanta-Häme ja Varsinais-Suomi"),
        ("Itä-Helsinki ja Anna-Liisa", "Itä-Helsinki ja Anna-Liisa"),
        # The section sign and a dash she typed between words.
        ("laki 3 § ja 10 ja 11 §", f"laki 3{NBSP}§ ja 10 ja 11{NBSP}§"),
        ("3 §:n mukaan, § 4", f"3{NBSP}§:n mukaan, §{NBSP}4"),
        ("auttaa – usein", f"auttaa{NBSP}– usein"),
        ("auttaa — usein", f"auttaa{NBSP}— usein"),
        ("auttaa - usein", f"auttaa{NBSP}– usein"),
        ("5 - kolme", f"5{NBSP}– kolme"),
        # Not ranges or signs: phone numbers, business IDs, ISO dates, codes, case endings.
        ("040-1234567", "040-1234567"),
        ("09-123 4567", "09-123 4567"),
        ("2345678-0", "2345678-0"),
        ("2024-05-31", "2024-05-31"),
        ("ISBN 978-951-1-12345-6", "ISBN 978-951-1-12345-6"),
        ("+358-40-123", "+358-40-123"),
        ("1990-luvulla", "1990-luvulla"),
        ("COVID-19", "COVID-19"),
        ("1-2-3", "1-2-3"),
        ("klo 9.00-10.30", f"klo{NBSP}9.00–10.30"),
        ("to-do-lista ja Kela-kortti", "to-do-lista ja Kela-kortti"),
        ("sosiaali- ja terveysala", "sosiaali- ja terveysala"),
    ],
)
def test_ranges_dashes_and_signs(text, expected):
    assert finnish_plain(text) == expected
    assert finnish_plain(expected) == expected  # twice changes nothing


@pytest.mark.parametrize(
    ("html", "joined"),
    [
        # A short pair is kept together ...
        ("<p>Asenteesta se on kiinni.</p>", "on kiinni."),
        ("<h1>Esimies, kenen kanssa sinä puhut?</h1>", "sinä puhut?"),
        ("<li>sinä <em>puhut</em></li>", "sinä <em>puhut</em>"),
        ('<p>Katso <a href="/a b/">tämä sivu</a></p>', "tämä sivu"),
        # ... a long one is not: it would not fit a phone's line, and a word would be cut.
        ("<h1>Mistä syntyy hyödyllinen työnohjaus?</h1>", None),
        ("Kun työ kuormittaa: tunnekuorman purkaminen", None),
        ("<h2>Näin pääset alkuun</h2>", None),
        ("<p>Yksi</p>", None),
        ("<pre>ei tässä</pre>", None),
    ],
)
def test_widont_joins_only_short_pairs(html, joined):
    expected = html.replace(joined, joined.replace(" ", NBSP, 1)) if joined else html
    assert widont(html, 12) == expected


def test_widont_counts_what_the_reader_sees():
    # Soft hyphens and tags are not characters on the line; an entity is one.
    assert widont("<p>sanaa j&amp;a</p>", 9) == "<p>sanaa\u00a0j&amp;a</p>"
    assert widont("<p>sanaa j&amp;a</p>", 8) == "<p>sanaa j&amp;a</p>"
    assert widont("<p>ab c\u00add\u00ade</p>", 6) == "<p>ab\u00a0c\u00add\u00ade</p>"
    assert widont("<p>abcd efgh</p>", 8) == "<p>abcd efgh</p>"


def test_narrow_places_get_soft_hyphens_from_fewer_letters(hyphenator):
    word = "rekisterinpitäjä"  # 16 letters: a heading's box at 320 px may be narrower
    short = "Rekisteröidyn"  # 13 letters: only in narrow places
    body = hyphenator.html(f"<h2>{short} oikeudet</h2><p>{short} {word}</p>")
    heading, paragraph = BeautifulSoup(str(body), "lxml").find_all(["h2", "p"])
    assert SOFT_HYPHEN in heading.get_text().split()[0]
    assert paragraph.get_text().split()[0] == short  # running text: under 14 letters, whole
    assert SOFT_HYPHEN in paragraph.get_text().split()[1]
    title = str(hyphenator.html(short, narrow=True))
    assert title.replace(SOFT_HYPHEN, "") == short and SOFT_HYPHEN in title
    assert str(hyphenator.html("työnohjaus", narrow=True)) == "työnohjaus"  # fits anywhere


def test_no_soft_hyphen_in_code_or_addresses_even_in_headings(hyphenator):
    html = "<h2><code>rekisterinpitäjä</code> www.rekisterinpitaja.fi</h2>"
    assert str(hyphenator.html(html)) == html
