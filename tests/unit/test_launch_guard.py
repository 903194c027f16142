"""The launch guard's checks as pure functions (sitetools/launch_guard.py): each kind of
placeholder is named with its file, line and what to write, and filled-in values pass."""

from __future__ import annotations

import pytest

from sitetools.launch_guard import (
    ConfText,
    ContentFile,
    business_id_check_digit,
    business_id_problem,
    content_findings,
    owner_findings,
    placeholder_findings,
    prices_findings,
    privacy_findings,
    siteurl_findings,
)

CONF = ConfText(
    "pelicanconf.py",
    """\
# A comment with "[paikkakunta]" is not a setting.
OWNER = {
    "name": "Maija Esimerkki",
    "title": "Työnohjaaja",
    "email": "maija@example.fi",
    "phone": "+358 40 123 4567",
    "business_id": "1234567-8",
    "area": "[paikkakunta] ja lähialue",
    "booking_url": "",
}
SESSIONS = {"city": "[paikkakunta]", "first_length": "[30 min]"}
PRICES = [{"service": "a", "price": "[hinta €]"}, {"service": "b", "price": "[hinta €]"}]
SITENAME = "Työnohjaus Maija Esimerkki"
CONTACT_FORM_SERVICE = {"name": "", "country": "", "transfer_basis": ""}
PRIVACY = {"message_retention": "12 kuukautta", "log_retention": "30 päivää"}
""",
)
SHIPPED = {
    "OWNER": {
        "name": "Maija Esimerkki",
        "title": "Työnohjaaja",
        "email": "maija@example.fi",
        "phone": "+358 40 123 4567",
        "business_id": "1234567-8",
        "area": "[paikkakunta] ja lähialue",
        "booking_url": "",
    },
    "SESSIONS": {"city": "[paikkakunta]", "first_length": "[30 min]"},
    "PRICES": [{"service": "a", "price": "[hinta €]"}, {"service": "b", "price": "[hinta €]"}],
    "SITENAME": "Työnohjaus Maija Esimerkki",
    "PRICES_VAT": "included",
    "CONTACT_FORM_ACTION": "",
    "CONTACT_FORM_SERVICE": {"name": "", "country": "", "transfer_basis": ""},
    "PRIVACY": {"message_retention": "12 kuukautta", "log_retention": "30 päivää"},
}
FILLED = {
    **SHIPPED,
    "OWNER": {
        "name": "Liisa Ohjaaja",
        "title": "Työnohjaaja",
        "email": "liisa@ohjaaja.fi",
        "phone": "",
        "business_id": "0112038-9",
        "area": "Oulu ja lähialue",
        "booking_url": "https://varaa.ohjaaja.fi/",
    },
    "SESSIONS": {"city": "Oulu", "first_length": "30 min"},
    "PRICES": [{"service": "a", "price": "120 €"}],
    "SITENAME": "Työnohjaus Liisa Ohjaaja",
}
PRIVACY_PAGE = ("content/sivut/tietosuojaseloste.md", "\n\n\n\nTämä seloste kertoo tiedoista.\n")


# --- the Y-tunnus ------------------------------------------------------------------------


@pytest.mark.parametrize("valid", ["0112038-9", "7654321-2", "1234567-1", "1572860-0"])
def test_valid_business_ids_pass(valid):
    assert business_id_problem(valid) is None


def test_the_check_digit_follows_the_weights_7_9_10_5_8_4_2():
    # 0·7+1·9+1·10+2·5+0·8+3·4+8·2 = 57; 57 mod 11 = 2; 11 − 2 = 9
    assert business_id_check_digit("0112038") == 9
    assert business_id_check_digit("1572860") == 0  # remainder 0: check digit 0
    assert business_id_check_digit("1000411") is None  # remainder 1: never given out


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
        ("", "Y-tunnus puuttuu"),
        ("1234567", "ei ole oikeaa muotoa"),
        ("12345678-9", "ei ole oikeaa muotoa"),
        ("1234567 8", "ei ole oikeaa muotoa"),
        ("112038-9", "0112038-9"),  # an old six-digit ID gets its leading zero
    ],
)
def test_a_malformed_business_id_says_what_to_write(written, says):
    assert says in business_id_problem(written)


# --- settings ----------------------------------------------------------------------------


def test_shipped_owner_details_are_each_named_with_their_line():
    found = {str(f) for f in owner_findings(SHIPPED, CONF)}
    assert any(f.startswith("pelicanconf.py, rivi 3:") and "mallinimi" in f for f in found)
    assert any(f.startswith("pelicanconf.py, rivi 5:") and "malliosoite" in f for f in found)
    assert any(f.startswith("pelicanconf.py, rivi 6:") and "mallinumero" in f for f in found)
    assert any(f.startswith("pelicanconf.py, rivi 7:") and "mallitunnus" in f for f in found)
    assert any(f.startswith("pelicanconf.py, rivi 13:") and "SITENAME" in f for f in found)
    assert len(found) == 5


def test_filled_in_owner_details_pass():
    assert owner_findings(FILLED, CONF) == []


def test_a_missing_email_or_business_id_is_asked_for():
    owner = {**FILLED["OWNER"], "email": "", "business_id": ""}
    found = " ".join(str(f) for f in owner_findings({**FILLED, "OWNER": owner}, CONF))
    assert "sähköpostiosoite puuttuu" in found and "Y-tunnus puuttuu" in found


def test_each_bracketed_gap_in_a_setting_is_named_on_its_own_line():
    found = [str(f) for f in placeholder_findings(SHIPPED, CONF)]
    assert found[0].startswith("pelicanconf.py, rivi 8:") and "[paikkakunta]" in found[0]
    assert found[1].startswith("pelicanconf.py, rivi 11:") and '"city"' in found[1]
    assert found[2].startswith("pelicanconf.py, rivi 11:") and "[30 min]" in found[2]
    assert [f.split(":")[0] for f in found[3:]] == ["pelicanconf.py, rivi 12"] * 2
    assert len(found) == 5  # the comment on line 1 is not a setting
    assert placeholder_findings(FILLED, CONF) == []


def test_an_unknown_vat_choice_lists_the_three():
    assert prices_findings(FILLED, CONF) == []
    (finding,) = prices_findings({**FILLED, "PRICES_VAT": "kyllä"}, CONF)
    for choice in ('"included"', '"added"', '"exempt"'):
        assert choice in finding.message


@pytest.mark.parametrize(
    "siteurl, says",
    [
        ("https://www.example.fi", "malliosoite"),
        ("https://example.com", "malliosoite"),
        ("", "puuttuu"),
        ("http://www.ohjaaja.fi", "https"),
        ("https://localhost", "https"),
        ("https://127.0.0.1", "oman koneen"),
        ("https://www.ohjaaja.fi/", "kauttaviiva"),
    ],
)
def test_the_public_address_must_be_her_own(siteurl, says):
    conf = ConfText("publishconf.py", f'SITEURL = "{siteurl}"\n')
    (finding,) = siteurl_findings(siteurl, conf, from_environment=False)
    assert says in finding.message
    assert finding.where.startswith("publishconf.py")


def test_her_own_address_passes_and_one_from_the_environment_says_so():
    conf = ConfText("publishconf.py", 'SITEURL = "https://www.ohjaaja.fi"\n')
    assert siteurl_findings("https://www.ohjaaja.fi", conf, from_environment=False) == []
    (finding,) = siteurl_findings("https://www.example.fi", conf, from_environment=True)
    assert finding.where == "ympäristömuuttuja SITEURL"


# --- the privacy policy and the contact settings -------------------------------------------


def with_form(**service) -> dict:
    return {
        **FILLED,
        "CONTACT_FORM_ACTION": "https://lomake.palvelu.com/f/1",
        "CONTACT_FORM_SERVICE": {"name": "", "country": "", "transfer_basis": "", **service},
    }


def test_no_form_and_a_policy_without_a_form_agree():
    assert privacy_findings(FILLED, CONF, PRIVACY_PAGE) == []


def test_a_policy_text_about_a_form_without_a_form_is_caught_on_its_line():
    page = ("content/sivut/tietosuojaseloste.md", "\n\n\n\nEka.\nLomakkeella lähetetyt viestit.\n")
    (finding,) = privacy_findings(FILLED, CONF, page)
    assert finding.where == "content/sivut/tietosuojaseloste.md, rivi 6"
    assert "CONTACT_FORM_ACTION" in finding.message


def test_a_form_needs_its_service_named_and_located():
    found = " ".join(str(f) for f in privacy_findings(with_form(), CONF, PRIVACY_PAGE))
    assert '"name"' in found and '"country"' in found
    assert "pelicanconf.py, rivi 14" in found


def test_a_form_service_outside_the_eea_needs_a_transfer_basis():
    (finding,) = privacy_findings(with_form(name="Palvelu", country="US"), CONF, PRIVACY_PAGE)
    assert "Yhdysvallat" in finding.message and "transfer_basis" in finding.message
    basis = with_form(name="Palvelu", country="us", transfer_basis="vakiosopimuslausekkeet")
    assert privacy_findings(basis, CONF, PRIVACY_PAGE) == []
    assert privacy_findings(with_form(name="Palvelu", country="DE"), CONF, PRIVACY_PAGE) == []
    (unknown,) = privacy_findings(with_form(name="Palvelu", country="XX"), CONF, PRIVACY_PAGE)
    assert "ei tunneta" in unknown.message


def test_a_missing_policy_or_retention_period_is_named():
    found = " ".join(
        str(f)
        for f in privacy_findings({**FILLED, "PRIVACY": {"message_retention": "1 v"}}, CONF, None)
    )
    assert "log_retention" in found and "tietosuojaseloste puuttuu" in found


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
    assert len(found) == 4  # a draft is not published; links and images are no gaps
