"""Her details (sitecore/details.py) and the launch guard's checks (sitetools/launch_guard.py)
as pure functions over small files: each mistake and each kind of placeholder is named with
its file, line and what to write, and filled-in values pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitecore.details import Details, business_id_problem, read
from sitecore.problems import Finding
from sitetools.launch_guard import (
    ContentFile,
    by_line,
    content_findings,
    details_findings,
    privacy_findings,
)
from support import ROOT, own_details

SHIPPED = (ROOT / "tiedot.yaml").read_text(encoding="utf-8")
POLICY = "Title: Tietosuojaseloste\nTemplate: privacy\nSlug: tietosuoja\n\nTämä seloste kertoo.\n"


def policy(text: str = POLICY) -> list[ContentFile]:
    return [ContentFile("content/sivut/tietosuojaseloste.md", "page", text)]


def details_of(tmp_path: Path, text: str) -> Details:
    path = tmp_path / "tiedot.yaml"
    path.write_text(text, encoding="utf-8")
    return read(path)


def line_of(text: str, start: str) -> int:
    """The line of text that starts with start (the shipped file's own layout)."""
    return next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(start))


def said(details: Details) -> list[str]:
    return [str(finding) for finding in details_findings(details)]


# --- the Y-tunnus ------------------------------------------------------------------------


@pytest.mark.parametrize("valid", ["0112038-9", "7654321-2", "1234567-1", "1572860-0"])
def test_valid_business_ids_pass(valid):
    assert business_id_problem(valid) is None


@pytest.mark.parametrize(("digits", "check"), [("0112038", "9"), ("1572860", "0")])
def test_the_check_digit_follows_the_weights_7_9_10_5_8_4_2(digits, check):
    # 0·7+1·9+1·10+2·5+0·8+3·4+8·2 = 57; 57 mod 11 = 2; 11 − 2 = 9; remainder 0: check digit 0
    # (remainder 1, never given out: test_with_remainder_one_no_check_digit_is_valid)
    valid = [digit for digit in "0123456789" if business_id_problem(f"{digits}-{digit}") is None]
    assert valid == [check]


@pytest.mark.parametrize("digit", "0123456789")
def test_with_remainder_one_no_check_digit_is_valid(digit):
    assert "ei voi olla olemassa" in business_id_problem(f"1000411-{digit}")


@pytest.mark.parametrize("wrong", ["0112038-8", "1234567-8", "7654321-0"])
def test_a_wrong_check_digit_is_caught(wrong):
    problem = business_id_problem(wrong)
    assert problem and "tarkistusnumero ei täsmää" in problem and "ytj.fi" in problem


@pytest.mark.parametrize(
    "written, says",
    [
        ("1234567", "ei ole oikeaa muotoa"),
        ("12345678-9", "ei ole oikeaa muotoa"),
        ("1234567 8", "ei ole oikeaa muotoa"),
        ("112038-9", "0112038-9"),  # an old six-digit ID gets its leading zero
    ],
)
def test_a_malformed_business_id_says_what_to_write(written, says):
    assert says in business_id_problem(written)


# --- her details as written ----------------------------------------------------------------


def test_the_shipped_details_read_without_a_problem_and_fill_the_settings(tmp_path):
    details = details_of(tmp_path, SHIPPED)
    assert details.problems == []
    settings = details.settings
    assert settings["OWNER"]["name"] == settings["AUTHOR"] == "Maija Esimerkki"
    assert settings["OWNER"]["municipality"] == settings["SESSIONS"]["city"] == "[paikkakunta]"
    assert settings["SESSIONS"]["remote"] is True and settings["PRICES_VAT"] == "included"
    assert [row["from"] for row in settings["PRICES"]] == [False, True, True]
    assert settings["SITE_DESCRIPTION"].endswith("johtamiseen ja yhteistyöhön.")


def test_numbers_and_words_stay_as_she_wrote_them(tmp_path):
    text = own_details().replace("puhelin: +358 50 765 4321", "puhelin: 0401234567")
    assert details_of(tmp_path, text).settings["OWNER"]["phone"] == "0401234567"  # not 401234567


@pytest.mark.parametrize(
    "old, new, says",
    [
        ("sähköposti: testi@", "sähköposti: testi.", "ei ole sähköpostiosoite"),
        ("sähköposti: testi@tyonohjaus-testi.fi", "sähköposti: testi@", "sähköpostiosoite"),
        ("sähköposti: testi@tyonohjaus-testi.fi", "sähköposti: a b@c.fi", "sähköpostiosoite"),
        ("y-tunnus: 7654321-2", "y-tunnus: 7654321-3", "tarkistusnumero ei täsmää"),
        ("y-tunnus: 7654321-2", "y-tunnus: 654321-2", "0654321-2"),
        ("y-tunnus: 7654321-2", "y-tunnus: 1000411-5", "ei voi olla olemassa"),
        ("ajanvaraus: https://", "ajanvaraus: http://", "ei ole julkinen https-osoite"),
        ("  osoite: https://www.tyonohjaus-testi.fi", "  osoite: https://localhost", "https"),
        ("  osoite: https://www.tyonohjaus-testi.fi", "  osoite: www.testi.fi", "https"),
        ("  osoite: https://www.tyonohjaus-testi.fi", "  osoite: https://[x", "https"),
        ("  etänä: kyllä", "  etänä: joo", "(kyllä tai ei)"),
        ("  etänä: kyllä", "  etänä: true", "(kyllä tai ei)"),
        ("arvonlisävero: sisältyy", "arvonlisävero: kyllä", "(sisältyy, lisätään tai ei)"),
        ("paikkakunta: Oulu", "paikkakunta: [Oulu]", "lainausmerkkeihin"),
        ("paikkakunta: Oulu", "paikkakunta: {Oulu}", "lainausmerkkeihin"),
        ("nimi: Testi", "nimii: Testi", "Tarkoititko ”nimi”?"),
        ("  kuvaus:", "  kuvas:", "Tarkoititko ”kuvaus”?"),
        ("    hinta: 120 €", "    hinat: 120 €", "Tarkoititko ”hinta”?"),
        ("tapaamiset:\n", "tapaamiset: kyllä\nvanhat:\n", "kenttiä muodossa avain: arvo"),
        ("hinnat:\n", "hinnat: 120 €\nvanhat:\n", "pitää olla luettelo"),
    ],
)
def test_each_mistake_is_named_on_its_line(tmp_path, old, new, says):
    text = own_details()
    assert old in text
    text = text.replace(old, new, 1)
    details = details_of(tmp_path, text)
    line = line_of(text, new.split("\n")[0])
    assert any(p.line == line and says in p.message for p in details.problems), details.problems
    assert said(details)[0].startswith("tiedot.yaml, rivi ")  # the guard lists them too


def test_a_key_written_twice_is_named_on_the_second(tmp_path):
    text = own_details() + "nimi: Toinen Nimi\n"
    (problem,) = details_of(tmp_path, text).problems
    assert problem.line == len(text.splitlines()) and "kahteen kertaan" in problem.message


@pytest.mark.parametrize(
    "broken, line, cause",
    [
        ("nimi: Testi: Ohjaaja\n", 1, "kaksoispiste keskellä tekstiä"),
        ('puhelin: 1\nnimi: "Testi Ohjaaja\nsähköposti: a@b.fi\n', 2, "lainausmerkki jäi"),
        ("sivusto:\n  nimi: A\n osoite: https://a.fi\n", 3, "sisennys ei täsmää"),
        ("nimi: Testi\n\tsähköposti: a@b.fi\n", 2, "sarkain (Tab)"),
        ("nimi: Testi\npaikkakunta: [Oulu\npuhelin: 1\n", 2, "hakasulje [ tai"),
        ("nimi: @testi\n", 1, "erikoismerkillä"),
    ],
)
def test_a_syntax_slip_names_the_line_and_how_to_write(tmp_path, broken, line, cause):
    details = details_of(tmp_path, broken)
    (problem,) = details.problems
    assert problem.line == line and "ei ole kelvollista YAML-muotoa" in problem.message
    assert cause in problem.message and "lainausmerkkeihin" in problem.message
    assert said(details) == [f"tiedot.yaml, rivi {line}: {problem.message}"]


def test_a_missing_file_is_named(tmp_path):
    details = read(tmp_path / "tiedot.yaml")
    (problem,) = details.problems
    assert "tiedot.yaml puuttuu" in problem.message


@pytest.mark.parametrize("text", ["", "# vain kommentti\n", "nimii: Liisa\n"])
def test_an_empty_file_asks_for_everything_the_site_needs(tmp_path, text):
    found = " ".join(said(details_of(tmp_path, text)))
    for needed in ("nimi puuttuu", "sähköposti puuttuu", "y-tunnus puuttuu", "paikkakunta puuttuu"):
        assert needed in found, found


def test_a_trailing_slash_of_the_address_is_dropped(tmp_path):
    text = own_details("https://www.ohjaaja.fi/")
    assert details_of(tmp_path, text).settings["SITEURL"] == "https://www.ohjaaja.fi"


# --- what the launch guard asks of them ------------------------------------------------------


def test_shipped_details_are_each_named_with_their_line(tmp_path):
    found = said(details_of(tmp_path, SHIPPED))
    for key, what in [
        ("nimi:", "mallitieto"),
        ("sähköposti:", "malliosoite"),
        ("puhelin:", "mallitieto"),
        ("y-tunnus:", "mallitieto"),
        ("paikkakunta:", "paikkamerkki"),
        ("toiminta-alue:", "paikkamerkki"),
        ("  nimi:", "mallitieto"),
        ("  osoite: https", "malliosoite"),
        ("  tutustumiskeskustelu:", "paikkamerkki"),
        ("  lokit:", "paikkamerkki"),
    ]:
        line = line_of(SHIPPED, key)
        assert any(f.startswith(f"tiedot.yaml, rivi {line}: ") and what in f for f in found), key
    prices = [f for f in found if "hinnat, hinta" in f]
    lines = [n for n, row in enumerate(SHIPPED.splitlines(), 1) if "[hinta €]" in row]
    assert [f.split(":")[0] for f in prices] == [f"tiedot.yaml, rivi {n}" for n in lines]
    # a gap in a value written on two lines is named on its own line
    for gap in ("[24 tuntia]", "[puolet]"):
        line = next(n for n, row in enumerate(SHIPPED.splitlines(), 1) if gap in row)
        assert any(f.startswith(f"tiedot.yaml, rivi {line}: ") and gap in f for f in found)
    # where her providers keep the data: the shipped gaps, each on its own line
    for gap in ("[webhotellin nimi]", "[sähköpostipalvelun nimi]", '"[maa]"'):
        lines = [n for n, row in enumerate(SHIPPED.splitlines(), 1) if gap in row]
        for line in lines:
            assert any(f.startswith(f"tiedot.yaml, rivi {line}: ") for f in found), gap
    assert len(found) == 19  # a comment with "[paikkakunta]" is not a value


def test_filled_in_details_pass(tmp_path):
    assert said(details_of(tmp_path, own_details())) == []


def with_form(tmp_path: Path, **service: str) -> list[str]:
    form = "lomake:\n  osoite: https://lomake.palvelu.com/f/1\n"
    form += "".join(f"  {key}: {value}\n" for key, value in service.items())
    return said(details_of(tmp_path, own_details() + form))


def test_a_form_needs_its_service_named_and_located(tmp_path):
    found = " ".join(with_form(tmp_path))
    assert "lomake, palvelu puuttuu" in found and "lomake, maa puuttuu" in found


def test_a_form_service_outside_the_eea_needs_a_transfer_basis(tmp_path):
    (finding,) = with_form(tmp_path, palvelu="Palvelu", maa="US")
    assert "lomake, siirtoperuste puuttuu" in finding
    assert with_form(tmp_path, palvelu="Palvelu", maa="us", siirtoperuste="lausekkeet") == []
    assert with_form(tmp_path, palvelu="Palvelu", maa="DE") == []
    (unknown, *_) = with_form(tmp_path, palvelu="Palvelu", maa="XX")
    assert "maata ”XX” ei tunneta" in unknown


def test_no_form_and_a_policy_without_a_form_agree(tmp_path):
    assert privacy_findings(details_of(tmp_path, own_details()), policy()) == []


def test_a_policy_text_about_a_form_without_a_form_is_caught_on_its_line(tmp_path):
    text = POLICY.replace("Slug: tietosuoja", "Summary: Lomakkeen tiedot") + "Lomakkeella.\n"
    (finding,) = privacy_findings(details_of(tmp_path, own_details()), policy(text))
    assert finding.where == "content/sivut/tietosuojaseloste.md, rivi 6"  # not the header's
    assert "lomake, osoite" in finding.message
    form = own_details() + "lomake:\n  osoite: https://lomake.palvelu.com/f/1\n"
    assert privacy_findings(details_of(tmp_path, form), policy(text)) == []


def test_a_missing_policy_is_named(tmp_path):
    (finding,) = privacy_findings(details_of(tmp_path, own_details()), [])
    assert "tietosuojaseloste puuttuu" in finding.message


# --- content -------------------------------------------------------------------------------


def test_published_examples_gaps_and_the_placeholder_portrait_are_listed():
    files = [
        ContentFile(
            "content/blogi/a.md", "article", "Title: A\nDate: 2020-01-01\nExample: true\n\nX"
        ),
        ContentFile("content/blogi/b.md", "article", "Title: B\nExample: true\nStatus: draft\n\nX"),
        ContentFile(
            "content/sivut/c.md", "page", "Title: C\nExample: false\n\nKoulutus: [koulutus]."
        ),
        ContentFile(
            "content/sivut/d.md",
            "page",
            "Title: D\n\n![Kuva](/images/muotokuva-paikkamerkki.jpg)\n\n"
            "[Linkki](/a/), [viite][1], ![kuva](/b.png), alaviite[^1] ja [1]: /c/\n",
        ),
        ContentFile("content/sivut/e.md", "page", "Title: E\nExample: true\n\n[ala] [koulutus]"),
    ]
    found = [str(f) for f in content_findings(files)]
    assert found[0].startswith("content/blogi/a.md, rivi 3: kirjoitus on esimerkki")
    assert found[1].startswith("content/sivut/c.md, rivi 4:") and "”[koulutus]”" in found[1]
    assert found[2].startswith("content/sivut/d.md, rivi 3:") and "paikkamerkki" in found[2]
    assert found[3].startswith("content/sivut/e.md, rivi 2: sivu on esimerkki")
    # an example page's own gaps are listed at once, not after its mark is gone
    assert found[4].startswith("content/sivut/e.md, rivi 4:") and "”[ala]”" in found[4]
    assert found[5].startswith("content/sivut/e.md, rivi 4:") and "”[koulutus]”" in found[5]
    assert len(found) == 6  # a draft is not published; links and images are no gaps


@pytest.mark.parametrize(
    "message",
    ["tieto puuttuu", "kirjoita rivi 99 uudelleen", "content/a.md, rivi 1: lainattu viesti"],
)
def test_findings_are_listed_by_file_and_line_as_data_not_by_their_words(message):
    """Her details first, then file by file, each by its line as a number (10 after 9),
    whatever the message says."""
    shuffled = [
        Finding("content/b.md", message, 10),
        Finding("content/a.md", message, 9),
        Finding("content/b.md", message, 9),
        Finding("tiedot.yaml", message, 12),
        Finding("content/b.md", message),
        Finding("tiedot.yaml", message),
    ]
    assert [(f.file, f.line) for f in sorted(shuffled, key=by_line)] == [
        ("tiedot.yaml", None),
        ("tiedot.yaml", 12),
        ("content/a.md", 9),
        ("content/b.md", None),
        ("content/b.md", 9),
        ("content/b.md", 10),
    ]
    assert str(Finding("content/b.md", message, 10)) == f"content/b.md, rivi 10: {message}"


# --- where her providers keep the data, and the survey tool -----------------------------------

SURVEY = "  palvelu: Testikysely GmbH\n  maa: DE\n  säilytys: 3 kuukautta\n"


@pytest.mark.parametrize(
    "old, new, feedback, says",
    [
        (SURVEY, "", True, ["kysely, palvelu puuttuu: sivustolla julkaistaan asiakaspalautetta"]),
        (SURVEY, "", False, []),  # no client's words on the site: no survey tool to name
        (SURVEY, "  palvelu: ei\n", True, []),  # collected without a survey tool
        (SURVEY, "  palvelu: EI\n", True, []),
        ("  maa: DE\n  säilytys: 3 kuukautta\n", "", False, ["kysely, maa", "kysely, säilytys"]),
        ("  maa: DE\n", "  maa: US\n", False, ["kysely, siirtoperuste puuttuu: palvelu on EU:n"]),
        ("  maa: DE\n", "  maa: US\n  siirtoperuste: vakiosopimuslausekkeet\n", True, []),
        ("  maa: FI\n", "  maa: US\n", True, ["webhotelli, siirtoperuste puuttuu"]),
        ("  maa: SE\n", "  maa: ch\n", True, ["sähköpostipalvelu, siirtoperuste puuttuu"]),
        ("  maa: SE\n", "  maa: EU\n", True, []),  # "in the EU" is inside
        ("  maa: SE\n", "  maa: NO\n", True, []),  # the EEA is inside
        ("  maa: FI\n", '  maa: "[maa]"\n', True, ["webhotelli, maa: ”[maa]” on vielä paikka"]),
        ("  palvelu: Testiposti Ab\n", "  palvelu:\n", True, ["sähköpostipalvelu, palvelu"]),
        (
            "webhotelli:\n  palvelu: Testihotelli Oy\n  maa: FI\n",
            "",
            False,
            ["webhotelli, palvelu puuttuu", "webhotelli, maa puuttuu"],
        ),
    ],
)
def test_each_provider_is_asked_where_it_keeps_the_data_when_the_site_uses_it(
    tmp_path, old, new, feedback, says
):
    text = own_details()
    assert old in text, old
    details = details_of(tmp_path, text.replace(old, new, 1))
    assert details.problems == []
    found = [str(finding) for finding in details_findings(details, feedback)]
    assert len(found) == len(says), found
    for finding, expected in zip(found, says, strict=True):
        assert expected in finding and "Kirjoita" in finding, finding


def with_country(section: str, value: str) -> str:
    """Her details with one service's country written as value (the form's added)."""
    text = own_details()
    if f"\n{section}:\n" not in text:
        text += f"{section}:\n  osoite: https://lomake.palvelu.com/f/1\n  maa: FI\n"
    head, rest = text.split(f"\n{section}:\n", 1)
    rest = re.sub(r"^  maa: .*$", f"  maa: {value}", rest, count=1, flags=re.MULTILINE)
    return f"{head}\n{section}:\n{rest}"


@pytest.mark.parametrize("section", ["lomake", "webhotelli", "sähköpostipalvelu", "kysely"])
@pytest.mark.parametrize("value", ["Suomi", "XX", "F1", "001", "FIN"])
def test_a_country_that_is_not_a_country_code_is_named_with_its_line(tmp_path, section, value):
    text = with_country(section, value)
    (problem,) = details_of(tmp_path, text).problems
    assert problem.line == text.splitlines().index(f"  maa: {value}") + 1
    assert problem.message == (
        f"{section}, maa: maata ”{value}” ei tunneta: kirjoita maan kaksikirjaiminen tunnus. "
        "Kirjoita esimerkiksi maa: FI"
    )


@pytest.mark.parametrize("value, code", [("us", "US"), ("Se", "SE"), ('"[maa]"', "[maa]")])
def test_a_country_is_read_as_its_code_and_a_gap_is_left_to_the_guard(tmp_path, value, code):
    details = details_of(tmp_path, with_country("webhotelli", value))
    assert details.problems == [] and details.settings["WEB_HOST"]["country"] == code
