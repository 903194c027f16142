"""A Finnish editor's read of the built site: one form of address (sinä), a title that
promises only what the pages offer, the seed article in her own wording, and benefit lists
without near-duplicates."""

from __future__ import annotations

import re

from sitecore.settings import load
from support import PAGE_TYPES, SEED_URL

SOFT_HYPHEN = "\u00ad"
OWNER = load()["OWNER"]
# Plural or polite "you". The page for work communities speaks to a group (te, plural) and
# the 2013 article is her own text ("Olkaa reilusti yhteydessä … Teidän/Sinun kanssasi").
YOU_PLURAL = re.compile(r"\b(?:te|teidän|teille|teitä|teillä|teiltä|teistä|teihin)\b", re.I)
GROUP_PAGES = {"tyoyhteison-tyonohjaus/", SEED_URL}


def main_text(soup) -> str:
    main = soup.find("main")
    return re.sub(r"\s+", " ", main.get_text(" ").replace(SOFT_HYPHEN, ""))


def site_pages(site) -> dict[str, object]:
    pages = {}
    for file in site.html_files():
        url = file.relative_to(site.path).as_posix().removesuffix("index.html")
        pages[url] = site.soup(url if url.endswith("/") or url == "" else url)
    return pages


def test_the_site_says_sinä_to_one_reader(site):
    found = {}
    for url, soup in site_pages(site).items():
        if url in GROUP_PAGES:
            continue
        if hits := YOU_PLURAL.findall(main_text(soup)):
            found[url or "/"] = hits
    assert found == {}


def test_the_title_under_her_name_is_the_setting_and_no_page_promises_coaching(site):
    home = site.soup(PAGE_TYPES["etusivu"])
    assert home.select_one(".brand-title").get_text().replace(SOFT_HYPHEN, "") == OWNER["title"]
    for url, soup in site_pages(site).items():
        text = soup.get_text(" ").casefold()
        assert "valmenta" not in text and "coach" not in text, url or "/"


def test_the_seed_article_keeps_her_wording_with_slashes_closed_up(site):
    text = main_text(site.soup(SEED_URL))
    assert "työnohjaajan persoona/asenne, työnohjaajan toiminta" in text
    assert "hyödyllisintä työnohjauksen yhteistyötä Teidän/Sinun kanssasi." in text
    assert "Olkaa reilusti yhteydessä." in text
    assert "esimiehenä" in text  # her word, kept in her text


def test_benefit_lists_say_each_thing_once(site):
    soup = site.soup("hyodyt/")
    lists = soup.select("main ul.feedback-texts")
    assert len(lists) >= 3
    for items in lists:
        texts = [
            li.get_text().replace(SOFT_HYPHEN, "").casefold().rstrip(".")
            for li in items.find_all("li")
        ]
        assert len(texts) == len(set(texts)), texts
        for text in texts:
            longer = [other for other in texts if other != text and other.startswith(text)]
            assert longer == [], f"{text!r} is a shorter form of {longer}"
