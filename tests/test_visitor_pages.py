"""What a Finnish client looks for, as a visitor sees it: a privacy policy that says what
the site does (a form only when there is one), the Hinnat page, where and how sessions are
held, the portrait, the menu order; and the small things: heading order and landmark names,
print, the web manifest and touch icon, the feeds' language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from sitecore.settings import load
from support import PROD_SITEURL, build_here

CONF = load()
OWNER = CONF["OWNER"]


def norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def main_text(build, url: str) -> str:
    return norm(build.soup(url).select_one("main").get_text(" "))


# --- the privacy policy --------------------------------------------------------------------


def section(build, heading: str, url: str = "tietosuojaseloste/") -> str:
    """One section of a page as a visitor reads it: the h2 with this id and what follows it
    up to the next h2 ("" when there is no such heading)."""
    h2 = build.soup(url).find("h2", id=heading)
    if h2 is None:
        return ""
    parts = [h2]
    for sibling in h2.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling)
    return norm(" ".join(part.get_text(" ") for part in parts))


def test_the_shipped_policy_tells_of_her_feedback_and_of_her_providers_gaps(site):
    text = main_text(site, "tietosuojaseloste/")
    assert "lomak" not in text.casefold()
    contacts = section(site, "tiedot") + section(site, "peruste")
    assert "oikeutettu etu" in contacts and "suostum" not in contacts  # answering needs none
    for value in (OWNER["name"], OWNER["business_id"], OWNER["email"]):
        assert value in text  # the controller, named in the policy itself
    assert f"Lokit säilytetään {CONF['PRIVACY']['log_retention']}" in text
    assert CONF["PRIVACY"]["message_retention"] in text
    # her own feedback is published; no survey tool is named, so none is mentioned
    feedback = section(site, "palaute")
    assert "Palautteen käsittely perustuu suostumukseesi" in feedback
    assert "kysel" not in text.casefold()
    # where her providers keep the data is still a gap: shown as one, no claim either way
    assert "webhotelli [webhotellin nimi] ([maa]): sivuston palvelimen lokitiedot" in text
    assert "sähköpostipalvelu [sähköpostipalvelun nimi] ([maa])" in text
    assert "Siirron peruste" not in text and "siirretä" not in text


def service(name: str, country: str, basis: str = "") -> dict[str, str]:
    return {"name": name, "country": country, "transfer_basis": basis}


def survey(country: str = "", basis: str = "") -> dict[str, str]:
    return {**service("Kysely Oy" if country else "", country, basis), "retention": "3 kuukautta"}


SCC = "komission vakiosopimuslausekkeet"
ADEQUACY = "komission tietosuojan riittävyyttä koskeva päätös"
DPF = f"{ADEQUACY} (EU–US Data Privacy Framework)"
STATISTICS_ONLY = "vain-tilastot"  # a feedback folder where no client's words are shown
NO_FEEDBACK = "ei-palautteita"  # a feedback folder that is not there
# name: (settings, is feedback told of, who keeps data outside the EU/EEA (name, country)).
POLICIES = {
    "all inside, feedback and a survey tool": (
        {
            "WEB_HOST": service("Hotelli Oy", "FI"),
            "EMAIL_SERVICE": service("Posti Ab", "SE"),
            "SURVEY_SERVICE": survey("FI"),
            "CONTACT_FORM_ACTION": "https://lomake.example.fi/f/1",
            "CONTACT_FORM_SERVICE": service("Lomake Oy", "DE"),
        },
        True,
        [],
    ),
    "host and survey tool outside, a survey tool without feedback yet": (
        {
            "WEB_HOST": service("Host Inc.", "US", DPF),
            "EMAIL_SERVICE": service("Posti Oy", "EU"),
            "SURVEY_SERVICE": survey("US", SCC),
            "FEEDBACK_PATH": NO_FEEDBACK,
        },
        True,
        [("Host Inc.", "Yhdysvallat", DPF), ("Kysely Oy", "Yhdysvallat", SCC)],
    ),
    "e-mail and form outside, feedback without a survey tool": (
        {
            "WEB_HOST": service("Hotelli Oy", "FI"),
            "EMAIL_SERVICE": service("Mail Inc.", "US", SCC),
            "CONTACT_FORM_ACTION": "https://lomake.example.fi/f/1",
            "CONTACT_FORM_SERVICE": service("Forms Ltd", "GB", ADEQUACY),
        },
        True,
        [("Mail Inc.", "Yhdysvallat", SCC), ("Forms Ltd", "Iso-Britannia", ADEQUACY)],
    ),
    "no feedback folder, no survey tool": (
        {
            "WEB_HOST": service("Hotelli Oy", "FI"),
            "EMAIL_SERVICE": service("Posti Ab", "IS"),
            "FEEDBACK_PATH": NO_FEEDBACK,
        },
        False,
        [],
    ),
    "feedback only counted, unpublished or example, no survey tool": (
        {"WEB_HOST": service("Host Inc.", "CH", SCC), "FEEDBACK_PATH": STATISTICS_ONLY},
        False,
        [("Host Inc.", "Sveitsi", SCC)],
    ),
}


def statistics_only(folder: Path) -> Path:
    """Feedback files none of which shows a client's words on the published site."""
    folder.mkdir()
    (folder / "themes.yaml").write_text("- key: a\n  label: Luottamus\n", encoding="utf-8")
    head = "date: 2024-03-21\nbenefits:\n  - theme: a\n    text: Luottamus kasvoi\n"
    for name, rest in [
        ("tilasto", "publish: statistics\n"),
        ("ei", "publish: no\nauthor: Ei Julkaista\nquote: Ei näy.\n"),
        ("esimerkki", "publish: named\nexample: true\nauthor: Keksitty\nquote: Ei näy.\n"),
    ]:
        (folder / f"{name}.yaml").write_text(head + rest, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", POLICIES)
def test_the_policy_says_who_keeps_the_data_where_and_tells_of_feedback_only_if_any(tmp_path, name):
    settings, feedback, outside = POLICIES[name]
    if settings.get("FEEDBACK_PATH") == STATISTICS_ONLY:
        settings = {**settings, "FEEDBACK_PATH": str(statistics_only(tmp_path / "palaute"))}
    build = build_here(tmp_path / "out", "publishconf.py", **settings)
    assert build.returncode == 0, build.output
    text = main_text(build, "tietosuojaseloste/")
    policy = {**CONF, **settings}

    host, email = policy["WEB_HOST"], policy["EMAIL_SERVICE"]
    assert f"webhotelli {host['name']} (" in text and f"sähköpostipalvelu {email['name']} (" in text
    for who, country, basis in outside:
        said = f". {who} säilyttää tietoja EU:n ja ETA:n ulkopuolella ({country}). "
        assert said + f"Siirron peruste: {basis}." in text
    assert text.count("säilyttää tietoja EU:n ja ETA:n ulkopuolella") == len(outside)
    everything_inside = "tiedot EU:n tai ETA:n alueella, eikä tietoja siirretä EU:n ja ETA:n"
    assert (everything_inside in text) == (not outside)

    tool = policy["SURVEY_SERVICE"]["name"]
    assert (f"kyselypalvelu {tool} (" in text) == bool(tool)
    kept = "Kyselypalvelussa Kysely Oy vastaukset säilytetään sellaisinaan 3 kuukautta"
    assert (kept in text) == bool(tool)
    told = section(build, "palaute")
    if feedback:
        assert told.startswith("Asiakaspalaute ") and "perustuu suostumukseesi" in told
        email = policy["OWNER"]["email"]
        assert f"perua suostumuksesi milloin tahansa sähköpostitse osoitteeseen {email}" in told
        assert "se poistuu sivustolta seuraavassa päivityksessä" in told
        assert "Poikkeus on vain palaute, jonka julkaisemiseen sivustolla olet" in text
        assert "kun käsittely perustuu suostumukseen tai sopimukseen." in text
    else:
        assert told == ""
        for word in ("palaut", "suostum", "kysel"):
            assert word not in text.casefold(), word
        assert "kun käsittely perustuu sopimukseen." in text


# --- the service provider's municipality ---------------------------------------------------


def municipality_is_shown(build, town: str) -> None:
    """On Yhteystiedot among her details, and in the structured data as her address."""
    main = build.soup("yhteystiedot/").select_one("main")
    details = {
        norm(row.dt.get_text()): norm(row.dd.get_text())
        for row in main.select(".contact-details > div")
    }
    assert details["Kotipaikka"] == town, details
    scripts = build.soup("").find_all("script", type="application/ld+json")
    graph = [item for script in scripts for item in json.loads(script.string).get("@graph", [])]
    (person,) = [item for item in graph if item["@type"] == "Person"]
    address = {"@type": "PostalAddress", "addressLocality": town, "addressCountry": "FI"}
    assert person["address"] == address


def test_the_shipped_municipality_gap_is_shown_where_her_own_will_be(site):
    municipality_is_shown(site, OWNER["municipality"])


def test_her_own_municipality_is_on_the_contact_page_and_in_the_structured_data(form_site):
    municipality_is_shown(form_site, "Oulu")


# --- prices, sessions, the portrait, the menu --------------------------------------------


def test_prices_page_has_a_row_per_service_vat_and_cancellation_terms(site):
    soup = site.soup("hinnat/")
    rows = [
        [norm(cell.get_text(" ")) for cell in row.find_all(["dt", "dd"])]
        for row in soup.select(".price-list > div")
    ]
    titles = {
        service: norm(site.soup(f"{service}/").h1.get_text())
        for service in ("yksilotyonohjaus", "tyoyhteison-tyonohjaus", "johdon-tyonohjaus")
    }
    expected = []
    for price in CONF["PRICES"]:
        amount = f"alkaen {price['price']}" if price["from"] else price["price"]
        expected.append([titles[price["service"]], f"{amount} / {price['unit']}"])
    assert rows == expected
    text = main_text(site, "hinnat/")
    assert "Hinnat sisältävät arvonlisäveron (25,5 %)." in text
    assert norm(CONF["CANCELLATION_TERMS"]) in text
    assert "työnantaja" in text


PRICED = [
    {"service": "yksilotyonohjaus", "price": "110 €", "unit": "tapaaminen", "from": False},
    {"service": "tyoyhteison-tyonohjaus", "price": "1 200 €", "unit": "tapaaminen", "from": True},
    {"service": "johdon-tyonohjaus", "price": "80,50", "unit": "", "from": False},
]
WITHOUT_VAT = ["110 € / tapaaminen", "alkaen 1 200 € / tapaaminen", "80,50"]


@pytest.mark.parametrize(
    "vat, rate, last_price, rows, sentence",
    [
        (
            "added",
            "25,5 %",
            "80,50",
            [
                "110 € + alv 25,5 % (yhteensä 138,05 €) / tapaaminen",
                "alkaen 1 200 € + alv 25,5 % (yhteensä 1 506 €) / tapaaminen",
                "80,50 + alv 25,5 % (yhteensä 101,03 €)",
            ],
            "Hintoihin lisätään arvonlisävero (25,5 %).",
        ),
        (
            "added",
            "24 %",
            "[hinta €]",  # a placeholder has no total
            [
                "110 € + alv 24 % (yhteensä 136,40 €) / tapaaminen",
                "alkaen 1 200 € + alv 24 % (yhteensä 1 488 €) / tapaaminen",
                "[hinta €] + alv 24 %",
            ],
            "Hintoihin lisätään arvonlisävero (24 %).",
        ),
        ("included", "25,5 %", "80,50", WITHOUT_VAT, "Hinnat sisältävät arvonlisäveron (25,5 %)."),
        (
            "exempt",
            "25,5 %",
            "80,50",
            WITHOUT_VAT,
            "Hinnoissa ei ole arvonlisäveroa, koska liiketoimintani on vähäistä "
            "(arvonlisäverolaki 3 §).",
        ),
    ],
)
def test_prices_show_what_a_consumer_pays_in_each_vat_mode(
    tmp_path, vat, rate, last_price, rows, sentence
):
    prices = [*PRICED[:2], {**PRICED[2], "price": last_price}]
    build = build_here(
        tmp_path / "out", "publishconf.py", PRICES=prices, PRICES_VAT=vat, VAT_RATE=rate
    )
    assert build.returncode == 0, build.output
    soup = build.soup("hinnat/")
    shown = [dd.get_text() for dd in soup.select(".price-list dd")]
    assert [norm(text) for text in shown] == rows
    for text in [*shown, soup.select_one("main").get_text()]:
        # the site's typography: a number is never parted from its unit or sign
        assert not re.search(r"\d[ \t\n]+(€|%|§)", text), text
        assert not re.search(r"\d \d{3}\b", text), text  # 1 200: a no-break space
    text = main_text(build, "hinnat/")
    assert sentence in text
    assert ("yhteensä" in text) == (vat == "added") and ("alv " in text) == (vat == "added")


@pytest.mark.parametrize("url", ["hinnat/", "yhteystiedot/"])
def test_where_and_how_sessions_are_held_and_the_free_first_conversation(site, url):
    facts = site.soup(url).select_one(".sessions")
    text = norm(facts.get_text(" "))
    assert "Missä ja miten tapaamme" in text
    assert f"Lähitapaamiset {CONF['SESSIONS']['city']}" in text
    assert "Etätapaamiset videoyhteydellä" in text
    first = CONF["SESSIONS"]
    assert f"Maksuton tutustumiskeskustelu {first['first_length']}, {first['first_how']}." in text


@pytest.mark.parametrize("url", ["", "minusta/"])
def test_portrait_on_home_and_about_has_size_and_alt(site, url):
    image = site.soup(url).select_one("main img.portrait")
    assert image is not None, url
    assert image["alt"].strip()
    file = site.path / image["src"].removeprefix(PROD_SITEURL).lstrip("/")
    with Image.open(file) as picture:
        assert (int(image["width"]), int(image["height"])) == picture.size


def test_menu_order(site):
    labels = [norm(a.get_text()) for a in site.soup("").select("nav.site-nav a")]
    assert labels == [
        "Palvelut",
        "Hinnat",
        "Minusta",
        "Hyödyt ja palautteet",
        "Blogi",
        "Yhteystiedot",
    ]


# --- headings, landmarks, print, manifest, feeds -------------------------------------------


def test_services_page_headings_go_down_one_level_at_a_time(site):
    for url in ("palvelut/", ""):
        levels = [int(h.name[1]) for h in site.soup(url).select("main h1, main h2, main h3")]
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


def test_home_page_landmarks_have_unique_names(site):
    soup = site.soup("")
    named = []
    for region in soup.select("section[aria-labelledby], section[aria-label], nav, aside"):
        label = region.get("aria-label") or (
            norm(soup.find(id=region["aria-labelledby"]).get_text())
            if region.get("aria-labelledby")
            else ""
        )
        named.append((region.name, label))
    assert len(named) == len(set(named)), named


def test_print_styles_live_in_the_one_stylesheet(site):
    links = site.soup("").select('link[rel="stylesheet"]')
    assert len(links) == 1  # no extra request for print
    css = (site.path / links[0]["href"].removeprefix(PROD_SITEURL).lstrip("/")).read_text("utf-8")
    rules = css[css.index("@media print") :]
    for hidden in (".site-header", ".site-footer", ".cta"):
        assert hidden in rules
    assert 'content: " (" attr(href) ")"' in rules


def test_web_manifest_and_apple_touch_icon(site):
    head = site.soup("").head
    touch = head.select_one('link[rel="apple-touch-icon"]')["href"]
    manifest_url = head.select_one('link[rel="manifest"]')["href"]
    with Image.open(site.path / touch.removeprefix(PROD_SITEURL).lstrip("/")) as icon:
        assert icon.size == (180, 180)
    manifest = json.loads(
        (site.path / manifest_url.removeprefix(PROD_SITEURL).lstrip("/")).read_text("utf-8")
    )
    assert manifest["name"] == CONF["SITENAME"] and manifest["lang"] == "fi"
    assert manifest["start_url"] == f"{PROD_SITEURL}/"
    sizes = set()
    for icon in manifest["icons"]:
        file = site.path / icon["src"].removeprefix(PROD_SITEURL).lstrip("/")
        assert file.is_file(), icon
        if icon["type"] == "image/png":
            with Image.open(file) as picture:
                assert icon["sizes"] == "{}x{}".format(*picture.size)
                sizes.add(picture.size[0])
    assert {192, 512} <= sizes
    sitemap = (site.path / "sitemap.xml").read_text("utf-8")
    assert "webmanifest" not in sitemap


def test_feeds_say_they_are_in_finnish(site):
    feeds = sorted(site.path.rglob("*.xml"))
    feeds = [f for f in feeds if f.name == "syote.xml"]
    assert len(feeds) >= 2
    for feed in feeds:
        root = etree.parse(str(feed)).getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fi", feed


# --- print in a real browser ---------------------------------------------------------------

PRINT_JS = """() => {
  const shown = sel => { const el = document.querySelector(sel);
                         return el ? getComputedStyle(el).display !== 'none' : null; };
  const link = document.querySelector('main a[href^="http"]');
  return {
    header: shown('.site-header'), footer: shown('.site-footer'), cta: shown('.cta'),
    breadcrumbs: shown('.breadcrumbs'), article: shown('main article'),
    after: link ? getComputedStyle(link, '::after').content : null,
    href: link ? link.getAttribute('href') : null,
  };
}"""


@pytest.mark.browser
def test_an_article_prints_without_menu_footer_and_cta_with_link_addresses(browser, dev_server):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{dev_server}/blogi/mita-tyonohjauksessa-tapahtuu/")
        page.emulate_media(media="print")
        # the article has no outside link of its own: add one as a post would have it
        page.evaluate(
            """() => { const a = document.createElement('a');
                       a.href = 'https://tietosuoja.fi/'; a.textContent = 'tietosuoja';
                       document.querySelector('main p').append(a); }"""
        )
        printed = page.evaluate(PRINT_JS)
        page.emulate_media(media="screen")
        screen = page.evaluate(PRINT_JS)
    finally:
        context.close()
    assert printed["header"] is False and printed["footer"] is False and printed["cta"] is False
    assert printed["breadcrumbs"] is False and printed["article"] is True
    assert printed["after"] == '" (https://tietosuoja.fi/)"'
    assert (
        screen["header"] is True and screen["cta"] is True and screen["after"] in ("none", "normal")
    )
