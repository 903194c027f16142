"""A Finnish editor's read of the built site: one form of address (sinä), a title that
promises only what the pages offer, the seed article in her own wording, and benefit lists
without near-duplicates."""

from __future__ import annotations

import re

from sitecore.settings import load
from support import PAGE_TYPES, ROOT, SEED_URL

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


# Her own pages (not the posts, which keep the words they were written in), read as the
# page's own text: the Markdown body with its title and summary, without the clients' words
# (quotes, benefit lists) and the lists of other pages (service cards, post cards).
OTHERS_WORDS = (
    ".feedback-section, blockquote, .service-list, .cards, .cta, .sessions, .example-note"
)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ”])")


def her_pages(site) -> dict[str, str]:
    pages = {}
    for url, soup in site_pages(site).items():
        if url.startswith(("blogi/", "luonnokset/", "haku/")) or not soup.select(".prose"):
            continue
        for part in soup.select(OTHERS_WORDS):
            part.decompose()
        title = soup.title.get_text() if soup.title else ""
        summary = soup.find("meta", attrs={"name": "description"})
        texts = [title, summary["content"] if summary else ""]
        texts += [prose.get_text(" ") for prose in soup.select(".prose")]
        pages[url or "/"] = re.sub(r"\s+", " ", " ".join(texts).replace(SOFT_HYPHEN, ""))
    return pages


def test_her_pages_say_esihenkilö_and_tuntia(site):
    pages = her_pages(site)
    assert {"/", "palvelut/", "johdon-tyonohjaus/", "minusta/", "hinnat/"} <= set(pages)
    for url, text in pages.items():
        assert not re.search(r"esimie", text, re.I), (url, re.findall(r"\w*esimie\w*", text, re.I))
        assert not re.search(r"\d h\b", text), url  # "1,5–2 tuntia" in prose, not "h"


def test_the_free_first_conversation_has_one_name(site):
    for url, text in her_pages(site).items():
        assert not re.search(r"ensimmäi\w* (tutustumis)?keskustelu", text, re.I), url


def test_no_sentence_of_hers_is_said_twice(site):
    seen: dict[str, str] = {}
    for url, text in her_pages(site).items():
        for sentence in SENTENCE.split(text):
            key = sentence.strip().casefold()
            if len(key.split()) < 4:
                continue
            assert key not in seen, f"{sentence!r} on {url} and on {seen[key]}"
            seen[key] = url


def test_no_page_says_the_same_sentence_twice(site):
    for url, soup in site_pages(site).items():
        main = soup.find("main")
        if main is None:
            continue
        sentences = [
            s.strip().casefold() for s in SENTENCE.split(main_text(soup)) if len(s.split()) >= 4
        ]
        repeated = {s for s in sentences if sentences.count(s) > 1}
        assert not repeated, (url, repeated)


def test_each_service_has_one_name_in_the_survey_and_on_its_page(site):
    import yaml

    mapping = yaml.safe_load((ROOT / "content/feedback/import-mapping.yaml").read_text("utf-8"))
    for answer, slug in mapping["services"].items():
        title = site.soup(f"{slug}/").h1.get_text().replace(SOFT_HYPHEN, "")
        assert answer == title, slug
