"""What a visitor and a search engine get from the production build of the real content.

Every check reads the built files (parsed with BeautifulSoup, feedparser or lxml), never the
templates. Text is compared after normalising the typography another part of the build
owns (no-break spaces, soft hyphens), so these tests hold whatever the typography does.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pyld import jsonld as jsonld_processor

from sitecore.settings import load
from support import (
    FORM_ACTION,
    OWN_DETAILS,
    PAGE_TYPES,
    PROD_SITEURL,
    ROOT,
    SEED,
    SEED_URL,
    Build,
)

CONF = load()
OWNER = CONF["OWNER"]
SCHEMA = "https://schema.org/"
FI_MONTHS = [
    "tammikuu",
    "helmikuu",
    "maaliskuu",
    "huhtikuu",
    "toukokuu",
    "kesäkuu",
    "heinäkuu",
    "elokuu",
    "syyskuu",
    "lokakuu",
    "marraskuu",
    "joulukuu",
]


# --- helpers ---------------------------------------------------------------------------


def norm(text: str) -> str:
    """Visible text with the typography evened out: no-break spaces as spaces, no soft
    hyphens, runs of white space as one space."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def squash(text: str) -> str:
    """Text without any white space, for comparing wording whatever the spacing."""
    return re.sub(r"\s+", "", norm(text)).casefold()


def url_of(site: Build, file: Path) -> str:
    """The URL path a visitor uses for a built file ("" for the home page)."""
    rel = file.relative_to(site.path).as_posix()
    return rel.removesuffix("index.html")


def metadata(path: Path) -> dict[str, str]:
    """The `Key: value` header of a Markdown content file."""
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return meta


def content_files(folder: str) -> list[tuple[Path, dict[str, str]]]:
    files = sorted((ROOT / "content" / folder).glob("*.md"))
    return [(path, metadata(path)) for path in files]


ARTICLES = [
    (path, meta)
    for path, meta in content_files("blogi")
    if meta.get("status", "published") == "published"
]
PAGES = content_files("sivut")


def page_url(meta: dict[str, str]) -> str:
    if "save_as" in meta:
        return meta["save_as"].removesuffix("index.html")
    return f"{meta['slug']}/"


def html_pages(site: Build) -> list[tuple[str, BeautifulSoup]]:
    return [(url_of(site, f), site.soup(url_of(site, f) or "")) for f in site.html_files()]


@pytest.fixture(scope="session")
def pages(site) -> list[tuple[str, BeautifulSoup]]:
    return html_pages(site)


@pytest.fixture(scope="session")
def article_urls(site) -> dict[str, str]:
    """Title of every published post -> its URL path, found by its <h1>."""
    found = {}
    for file in sorted((site.path / "blogi").glob("*/index.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        if soup.select_one("article .article-header h1"):
            found[norm(soup.h1.get_text())] = url_of(site, file)
    return found


def canonical(soup: BeautifulSoup) -> str:
    link = soup.find("link", rel="canonical")
    assert link is not None, "no <link rel=canonical>"
    return link["href"]


def meta_content(soup: BeautifulSoup, **attrs: str) -> str:
    tag = soup.find("meta", attrs=attrs)
    assert tag is not None, f"no <meta {attrs}>"
    return tag.get("content", "")


def jsonld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def jsonld_types(soup: BeautifulSoup) -> set[str]:
    types = set()
    for data in jsonld(soup):
        for item in data.get("@graph", [data]):
            types.add(item["@type"])
    return types


def strings_in(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_in(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_in(value)]
    return []


def article_body_text(soup: BeautifulSoup) -> str:
    """The post's own text: the article without its header, topics, CTA and post links."""
    article = BeautifulSoup(str(soup.select_one("main article")), "lxml").article
    for extra in article.select("header, .tags, aside, nav"):
        extra.decompose()
    return norm(article.get_text(" "))


# --- every page at its URL -------------------------------------------------------------


@pytest.mark.parametrize("kind,url", PAGE_TYPES.items())
def test_each_page_type_is_at_its_url(site, kind, url):
    soup = site.soup(url)
    assert soup.html["lang"] == "fi"
    assert len(soup.find_all("h1")) == 1, f"{kind}: one <h1> expected"
    assert norm(soup.title.get_text()), f"{kind}: empty <title>"


@pytest.mark.parametrize("path,meta", PAGES, ids=[p.name for p, _ in PAGES])
def test_every_page_is_published_at_its_slug(site, path, meta):
    soup = site.soup(page_url(meta))
    assert norm(soup.h1.get_text()) == norm(meta["title"])


def test_every_post_is_published_under_blogi(article_urls):
    titles = {norm(meta["title"]) for _, meta in ARTICLES}
    assert set(article_urls) == titles
    for url in article_urls.values():
        assert re.fullmatch(r"blogi/[a-z0-9-]+/", url), url


def test_slugs_are_ascii_folded_finnish(site, article_urls):
    assert article_urls["Mistä syntyy hyödyllinen työnohjaus?"] == SEED_URL
    for file in site.all_files():
        rel = file.relative_to(site.path).as_posix()
        assert re.fullmatch(r"[a-z0-9/._-]+", rel), f"not a clean URL: {rel}"


# --- the seed article ------------------------------------------------------------------


def seed_parts() -> tuple[list[str], list[str], list[str]]:
    """The seed's capital-letter headings, its dash list items and its paragraphs, without
    the three WordPress footer lines."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line][:-2]  # "Kategoria(t): …", "Kommentointi …"
    headings = [line for line in lines if line == line.upper() and line.upper() != line.lower()]
    items = [line[1:] for line in lines if line.startswith("-")]
    paragraphs = [line for line in lines if line not in headings and not line.startswith("-")]
    return headings, items, paragraphs


@pytest.fixture(scope="session")
def seed_page(site) -> BeautifulSoup:
    return site.soup(SEED_URL)


def test_seed_title_and_heading_in_normal_case(seed_page):
    headings, _, _ = seed_parts()
    title, *subheadings = headings
    assert norm(seed_page.h1.get_text()).casefold() == title.casefold()
    assert norm(seed_page.h1.get_text()) == "Mistä syntyy hyödyllinen työnohjaus?"
    body_h2 = [norm(h.get_text()) for h in seed_page.select("main article h2")]
    body_h2 = [h for h in body_h2 if h.casefold() in {s.casefold() for s in subheadings}]
    assert body_h2 == ["Miten työnohjauksesta voisi saada vielä paremman hyödyn?"]
    for heading in seed_page.select("main article h1, main article h2"):
        text = norm(heading.get_text())
        assert text != text.upper(), f"heading still in capitals: {text}"


def test_seed_dash_lines_are_list_items(seed_page):
    _, items, _ = seed_parts()
    shown = [squash(li.get_text()) for li in seed_page.select("main article ul > li")]
    for item in items:
        assert squash(item) in shown, f"not a list item: {item}"
    assert "oma esimiestyö sai lisää voimaa" in [
        norm(li.get_text()) for li in seed_page.select("main article li")
    ]


def test_seed_paragraphs_are_all_there(seed_page):
    _, _, paragraphs = seed_parts()
    body = squash(article_body_text(seed_page))
    assert len(paragraphs) >= 10
    for paragraph in paragraphs:
        assert squash(paragraph) in body, f"missing: {paragraph[:60]}…"
    text = article_body_text(seed_page)
    assert "Yhteistyön asenteesta kaikki alkaa." in text
    assert text.endswith("kunhan keskitytään oikeisiin asioihin!")


def test_wordpress_footer_is_dropped_everywhere(pages):
    for url, soup in pages:
        text = norm(soup.get_text(" "))
        for leftover in ("Kommentointi on suljettu", "kestolinkki", "Kategoria(t)"):
            assert leftover not in text, f"{url or '/'}: {leftover}"


def test_seed_date_and_category(seed_page):
    time = seed_page.select_one("main article header time")
    assert time.get_text() == "31.5.2013"
    assert time["datetime"].startswith("2013-05-31")
    category = seed_page.select_one('main article header a[href*="/kategoria/"]')
    assert norm(category.get_text()) == "Ajankohtaista"
    assert category["href"] == f"{PROD_SITEURL}/blogi/kategoria/ajankohtaista/"


# --- dates -----------------------------------------------------------------------------


def test_every_date_is_finnish(pages):
    seen = 0
    for url, soup in pages:
        for time in soup.find_all("time"):
            value = time["datetime"]
            if re.fullmatch(r"\d{4}-\d{2}", value):  # a month: "toukokuu 2013"
                year, month = map(int, value.split("-"))
                assert norm(time.get_text()) == f"{FI_MONTHS[month - 1]} {year}", url
                continue
            date = dt.datetime.fromisoformat(value)
            assert time.get_text() == f"{date.day}.{date.month}.{date.year}", url
            seen += 1
    assert seen >= 2 * len(ARTICLES)


@pytest.mark.parametrize("url", ["blogi/arkisto/", "blogi/2013/"])
def test_archive_months_are_finnish(site, url):
    soup = site.soup(url)
    headings = soup.select("main .archive-year h3")
    assert "toukokuu 2013" in [norm(h.get_text()) for h in headings]
    for heading in headings:
        month, year = norm(heading.get_text()).split(" ")
        posts = heading.find_next_sibling("ul").find_all("time")
        dates = [dt.datetime.fromisoformat(t["datetime"]) for t in posts]
        assert dates, heading
        assert {(FI_MONTHS[d.month - 1], str(d.year)) for d in dates} == {(month, year)}


def test_year_archive_holds_that_years_posts(site, article_urls):
    for year in ("2013", "2014", "2015"):
        soup = site.soup(f"blogi/{year}/")
        years = {t["datetime"][:4] for t in soup.select("main time")}
        assert years == {year}
    listed = {a["href"] for a in site.soup("blogi/2013/").select("main li a")}
    assert f"{PROD_SITEURL}/{SEED_URL}" in listed


# --- feeds, sitemap, robots.txt ---------------------------------------------------------


def test_main_feed_parses_and_lists_every_post(site, article_urls):
    feed = feedparser.parse((site.path / CONF["FEED_ALL_ATOM"]).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    links = {entry.link for entry in feed.entries}
    assert links == {f"{PROD_SITEURL}/{url}" for url in article_urls.values()}
    titles = {norm(entry.title) for entry in feed.entries}
    assert titles == set(article_urls)


def test_every_category_has_a_feed_of_its_posts(site):
    categories = sorted((site.path / "blogi" / "kategoria").iterdir())
    assert len(categories) >= 2
    for folder in categories:
        soup = site.soup(f"blogi/kategoria/{folder.name}/")
        feed_links = [
            link["href"]
            for link in soup.find_all("link", rel="alternate", type="application/atom+xml")
        ]
        expected = f"{PROD_SITEURL}/blogi/kategoria/{folder.name}/syote.xml"
        assert expected in feed_links, feed_links
        feed = feedparser.parse((folder / "syote.xml").read_bytes())
        assert not feed.bozo
        posts = {a["href"] for a in soup.select("main .card-title a")}
        assert {entry.link for entry in feed.entries} == posts


def test_category_feed_titles_use_an_en_dash(site):
    titles = set()
    for feed_file in (site.path / "blogi" / "kategoria").glob("*/syote.xml"):
        feed = feedparser.parse(feed_file.read_bytes())
        assert not feed.bozo
        titles.add(feed.feed.title)
    names = {meta["category"] for _path, meta in ARTICLES}
    assert titles == {f"{CONF['SITENAME']} \u2013 {name}" for name in names}


def test_every_feed_link_in_head_points_to_a_built_feed(pages, site):
    for _url, soup in pages:
        for link in soup.find_all("link", rel="alternate", type="application/atom+xml"):
            href = link["href"]
            assert href.startswith(PROD_SITEURL + "/"), href
            assert (site.path / href.removeprefix(PROD_SITEURL + "/")).is_file(), href


def test_sitemap_lists_every_page_and_post_and_nothing_else(site):
    tree = etree.parse(str(site.path / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.findall(".//s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    # The search page (noindex: it only shows results of a query) and 404 are left out.
    left_out = {site.path / "404.html", site.path / "haku" / "index.html"}
    expected = {f"{PROD_SITEURL}/{url_of(site, f)}" for f in site.html_files() if f not in left_out}
    assert set(locs) == expected


def test_robots_txt_allows_crawling_and_names_the_sitemap(site):
    lines = (site.path / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {PROD_SITEURL}/sitemap.xml" in lines


# --- meta tags, canonical, Open Graph, Twitter -----------------------------------------


def test_every_page_has_title_description_canonical_and_share_tags(site, pages):
    for url, soup in pages:
        where = url or "/"
        expected_url = f"{PROD_SITEURL}/{url}"
        assert canonical(soup) == expected_url, where
        assert CONF["SITENAME"] in norm(soup.title.get_text()), where
        description = meta_content(soup, name="description")
        assert 25 <= len(description) <= 160, f"{where}: {description!r}"
        assert meta_content(soup, property="og:url") == expected_url, where
        assert norm(meta_content(soup, property="og:title")) == norm(soup.title.get_text())
        assert meta_content(soup, property="og:description"), where
        assert meta_content(soup, property="og:locale") == "fi_FI"
        image = meta_content(soup, property="og:image")
        assert image.startswith(PROD_SITEURL + "/"), where
        assert (site.path / image.removeprefix(PROD_SITEURL + "/")).is_file(), image
        assert meta_content(soup, name="twitter:card") == "summary_large_image"
        assert meta_content(soup, name="twitter:image") == image
        assert meta_content(soup, name="twitter:title"), where
        assert meta_content(soup, name="twitter:description"), where
        og_type = meta_content(soup, property="og:type")
        is_post = soup.select_one("main article .article-header") is not None
        assert og_type == ("article" if is_post else "website"), where


@pytest.mark.parametrize("path,meta", ARTICLES + PAGES, ids=[p.name for p, _ in ARTICLES + PAGES])
def test_description_comes_from_the_summary(site, article_urls, path, meta):
    url = article_urls.get(norm(meta["title"])) if path.parent.name == "blogi" else None
    soup = site.soup(url if url is not None else page_url(meta))
    description = norm(meta_content(soup, name="description")).rstrip("…")
    assert norm(meta["summary"]).startswith(description[:-5])


def test_the_share_image_is_big_enough_for_cards(site):
    image = meta_content(site.soup(""), property="og:image")
    data = (site.path / image.removeprefix(PROD_SITEURL + "/")).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 1200 and height >= 600
    soup = site.soup("")
    assert meta_content(soup, property="og:image:width") == str(width)
    assert meta_content(soup, property="og:image:height") == str(height)


def test_404_page_is_not_indexed(site):
    assert meta_content(site.soup("404.html"), name="robots") == "noindex"


# --- JSON-LD ---------------------------------------------------------------------------


def test_every_jsonld_block_parses_and_holds_plain_text(pages):
    for url, soup in pages:
        for data in jsonld(soup):  # json.loads raises on bad JSON
            assert data["@context"] == "https://schema.org"
            for text in strings_in(data):
                assert not re.search(r"&#?\w+;|<[a-z/]", text), f"{url or '/'}: {text!r}"


def nodes(soup: BeautifulSoup) -> list[dict]:
    """The top-level nodes of every JSON-LD block of a page."""
    return [item for data in jsonld(soup) for item in data.get("@graph", [data])]


def schema_context(url: str, options=None) -> dict:
    """The document loader of the tests: schema.org's context as the pages use it (its
    terms are schema.org's), so the processor downloads nothing."""
    assert url == "https://schema.org", f"the pages' JSON-LD asks for the context {url}"
    context = {"@context": {"@vocab": "https://schema.org/"}}
    return {"contextUrl": None, "documentUrl": url, "document": context}


def flattened(soup: BeautifulSoup) -> dict[str, dict]:
    """The page's JSON-LD as a JSON-LD processor reads it: one flat graph of every node the
    page defines (a node only pointed to is left out), by @id, terms as full IRIs."""
    document = {"@context": "https://schema.org", "@graph": nodes(soup)}
    graph = jsonld_processor.flatten(document, options={"documentLoader": schema_context})
    return {node["@id"]: node for node in graph}


def pointed(node: dict, term: str) -> list[str]:
    return [value["@id"] for value in node.get(SCHEMA + term, []) if "@id" in value]


def only(graph: dict[str, dict], kind: str) -> dict:
    found = [node for node in graph.values() if SCHEMA + kind in node.get("@type", [])]
    assert len(found) == 1, f"{len(found)} nodes of type {kind}"
    return found[0]


@pytest.mark.parametrize("kind,url", PAGE_TYPES.items())
def test_every_id_a_page_points_to_is_defined_on_that_page(site, kind, url):
    graph = flattened(site.soup(url))
    for node in graph.values():
        for term, values in node.items():
            for value in values if not term.startswith("@") else ():
                target = value.get("@id") if isinstance(value, dict) else None
                assert target is None or target in graph, f"{kind}: {term} -> {target}"


def test_the_about_page_defines_the_person_other_pages_point_to(site, pages):
    about = flattened(site.soup(CONF["SITE_PAGES"]["about"]))
    person = only(about, "Person")
    assert person["@id"] == f"{PROD_SITEURL}/{CONF['SITE_PAGES']['about']}#henkilo"
    assert pointed(only(about, "ProfilePage"), "mainEntity") == [person["@id"]]
    details = {term: person[SCHEMA + term][0]["@value"] for term in ("name", "email", "jobTitle")}
    assert details == {"name": OWNER["name"], "email": OWNER["email"], "jobTitle": OWNER["title"]}
    for url, soup in pages:
        people = [item for item in nodes(soup) if item["@type"] == "Person"]
        assert [item["@id"] for item in people] in ([], [person["@id"]]), url


def test_the_email_is_written_one_way(pages):
    for url, soup in pages:
        for item in nodes(soup):
            assert item.get("email", OWNER["email"]) == OWNER["email"], url


def test_home_page_defines_the_business_and_what_it_offers(site):
    graph = flattened(site.soup(""))
    business = only(graph, "ProfessionalService")
    assert business["@id"] == f"{PROD_SITEURL}/#yritys"
    values = {term: business[SCHEMA + term][0]["@value"] for term in ("email", "telephone")}
    assert values == {"email": OWNER["email"], "telephone": OWNER["phone"]}
    offered = [pointed(graph[offer], "itemOffered")[0] for offer in pointed(business, "makesOffer")]
    urls = {graph[service][SCHEMA + "url"][0]["@value"] for service in offered}
    assert {f"{PROD_SITEURL}/{u}" for u in ("yksilotyonohjaus/", "johdon-tyonohjaus/")} <= urls


@pytest.mark.parametrize("service", ["yksilotyonohjaus", "tyoyhteison-tyonohjaus"])
def test_a_service_page_carries_its_service_and_provider(site, service):
    graph = flattened(site.soup(f"{service}/"))
    offered = only(graph, "Service")
    assert offered[SCHEMA + "url"][0]["@value"] == f"{PROD_SITEURL}/{service}/"
    assert pointed(offered, "provider") == [only(graph, "ProfessionalService")["@id"]]


def test_articles_have_blogposting(site, article_urls):
    for title, url in article_urls.items():
        soup = site.soup(url)
        posts = [item for item in nodes(soup) if item["@type"] == "BlogPosting"]
        assert len(posts) == 1, url
        post = posts[0]
        assert norm(post["headline"]) == title
        assert post["url"] == canonical(soup)
        assert post["datePublished"] == soup.select_one("main article header time")["datetime"]
        assert post["inLanguage"] == "fi"
        graph = flattened(soup)
        blog_post = only(graph, "BlogPosting")
        assert pointed(blog_post, "publisher") == [only(graph, "ProfessionalService")["@id"]]
        author = graph[pointed(blog_post, "author")[0]]
        assert author[SCHEMA + "name"][0]["@value"] == OWNER["name"]


def test_breadcrumb_list_matches_the_visible_breadcrumbs(pages):
    with_crumbs = 0
    for url, soup in pages:
        nav = soup.select_one("nav.breadcrumbs")
        lists = [data for data in jsonld(soup) if data.get("@type") == "BreadcrumbList"]
        if nav is None:
            assert not lists, url
            continue
        with_crumbs += 1
        assert len(lists) == 1, url
        shown = [(norm(a.get_text()), a["href"]) for a in nav.select("li a")]
        listed = [(norm(i["name"]), i["item"]) for i in lists[0]["itemListElement"]]
        assert listed == shown, url
        assert [i["position"] for i in lists[0]["itemListElement"]] == list(
            range(1, len(shown) + 1)
        )
    assert with_crumbs >= len(PAGE_TYPES) - 2


# --- breadcrumbs -----------------------------------------------------------------------


def test_inner_pages_have_breadcrumbs_ending_at_themselves(pages):
    for url, soup in pages:
        if url in ("", "404.html"):
            assert soup.select_one("nav.breadcrumbs") is None, url or "/"
            continue
        nav = soup.select_one("nav.breadcrumbs")
        assert nav is not None, f"{url}: no breadcrumbs"
        links = nav.select("li a")
        assert norm(links[0].get_text()) == "Etusivu"
        assert links[0]["href"] == f"{PROD_SITEURL}/"
        current = nav.select('[aria-current="page"]')
        assert current == [links[-1]], url
        assert norm(nav["aria-label"]) and "Breadcrumb" not in nav["aria-label"]
        if url.startswith("blogi/sivu/"):
            continue  # page 2 of the blog sits under the blog itself
        assert links[-1]["href"] == f"{PROD_SITEURL}/{url}".split("sivu/")[0], url


def test_breadcrumb_trails(site):
    def trail(url):
        return [norm(a.get_text()) for a in site.soup(url).select("nav.breadcrumbs li a")]

    assert trail(SEED_URL) == [
        "Etusivu",
        "Blogi",
        "Ajankohtaista",
        "Mistä syntyy hyödyllinen työnohjaus?",
    ]
    assert trail("yksilotyonohjaus/") == ["Etusivu", "Palvelut", "Yksilötyönohjaus"]
    assert trail("blogi/arkisto/") == ["Etusivu", "Blogi", "Arkisto"]
    assert trail("blogi/2013/") == ["Etusivu", "Blogi", "Arkisto", "2013"]
    assert trail("minusta/") == ["Etusivu", "Minusta"]


# --- blog index, pagination, categories, tags -------------------------------------------


def test_blog_index_is_paginated_and_shows_every_post_once(site, article_urls):
    per_page = CONF["DEFAULT_PAGINATION"]
    url, previous, shown, number = "blogi/", None, [], 1
    total = math.ceil(len(article_urls) / per_page)
    assert total >= 2, "too few posts to page"
    while True:
        soup = site.soup(url)
        cards = [a["href"] for a in soup.select("main .card-title a")]
        assert 1 <= len(cards) <= per_page
        shown += cards
        nav = soup.select_one("nav.pagination")
        assert norm(nav.get_text(" ")).count(f"Sivu {number} / {total}") == 1
        older = nav.select_one('a[rel="next"]')
        newer = nav.select_one('a[rel="prev"]')
        if previous is None:
            assert newer is None
        else:
            assert newer["href"] == f"{PROD_SITEURL}/{previous}"
        if older is None:
            break
        number += 1
        previous, url = url, older["href"].removeprefix(f"{PROD_SITEURL}/")
        assert url == f"blogi/sivu/{number}/"
    assert number == total
    assert set(shown) == {f"{PROD_SITEURL}/{u}" for u in article_urls.values()}
    assert len(shown) == len(set(shown))


def test_blog_index_lists_newest_first(site):
    dates = [t["datetime"] for t in site.soup("blogi/").select("main .card time")]
    assert dates == sorted(dates, reverse=True)


def test_category_and_tag_pages_list_their_posts(site, article_urls):
    for title, url in article_urls.items():
        soup = site.soup(url)
        post = f"{PROD_SITEURL}/{url}"
        category = soup.select_one('main article header a[href*="/kategoria/"]')["href"]
        cat_soup = site.soup(category.removeprefix(PROD_SITEURL + "/"))
        assert post in [a["href"] for a in cat_soup.select("main .card-title a")], title
        for tag in soup.select('main a[rel="tag"]'):
            assert re.fullmatch(rf"{PROD_SITEURL}/blogi/aihe/[a-z0-9-]+/", tag["href"])
            tag_url = tag["href"].removeprefix(PROD_SITEURL + "/")
            listed = []
            while tag_url:
                tag_soup = site.soup(tag_url)
                listed += [a["href"] for a in tag_soup.select("main .card-title a")]
                older = tag_soup.select_one('nav.pagination a[rel="next"]')
                tag_url = older["href"].removeprefix(PROD_SITEURL + "/") if older else None
            assert post in listed, (title, tag["href"])


# --- article extras: reading time, previous/next, CTA -----------------------------------


def test_reading_time_matches_the_length_of_the_post(site, article_urls):
    wpm = CONF["READING_SPEED_WPM"]
    for url in article_urls.values():
        soup = site.soup(url)
        meta = norm(soup.select_one("main article header .meta").get_text(" "))
        minutes = int(re.search(r"Lukuaika (\d+) min", meta)[1])
        words = len(re.findall(r"\w+", article_body_text(soup)))
        assert abs(minutes - math.ceil(words / wpm)) <= 1, (url, minutes, words)
        assert minutes >= 1


def test_reading_time_on_cards(site):
    """ "Lukuaika 3 min" on every card, never split across lines (no-break spaces)."""
    for card in site.soup("blogi/").select("main .card"):
        assert re.search(r"\bLukuaika\u00a0\d+\u00a0min\b", card.get_text(" "))


def test_previous_and_next_post_links_follow_the_dates(site, article_urls):
    by_date = sorted(
        article_urls.values(),
        key=lambda u: site.soup(u).select_one("main article header time")["datetime"],
    )
    for index, url in enumerate(by_date):
        nav = site.soup(url).select_one("nav.post-nav")
        assert nav is not None, f"{url}: no previous/next links"
        prev = nav.select_one('a[rel="prev"]')
        nxt = nav.select_one('a[rel="next"]')
        if index == 0:
            assert prev is None
        else:
            assert prev["href"] == f"{PROD_SITEURL}/{by_date[index - 1]}"
        if index == len(by_date) - 1:
            assert nxt is None
        else:
            assert nxt["href"] == f"{PROD_SITEURL}/{by_date[index + 1]}"
        for link in nav.find_all("a"):
            assert "Edellinen" in link.get_text() or "Seuraava" in link.get_text()


def test_every_post_ends_with_a_call_to_action(site, article_urls):
    for url in article_urls.values():
        cta = site.soup(url).select_one("main article aside.cta")
        assert cta is not None, url
        assert norm(cta.h2.get_text()) == "Tavataan ja tuumataan"
        assert cta.find("a", href=f"{PROD_SITEURL}/yhteystiedot/")


def test_home_page_has_services_posts_and_cta(site, article_urls):
    soup = site.soup("")
    hrefs = [a["href"] for a in soup.select("main a")]
    for service in ("yksilotyonohjaus/", "tyoyhteison-tyonohjaus/", "johdon-tyonohjaus/"):
        assert f"{PROD_SITEURL}/{service}" in hrefs
    newest = max(article_urls.values(), key=lambda u: site.soup(u).time["datetime"])
    assert f"{PROD_SITEURL}/{newest}" in hrefs
    assert "Tavataan ja tuumataan" in norm(soup.select_one("main").get_text(" "))
    assert f"{PROD_SITEURL}/yhteystiedot/" in hrefs


def test_home_page_quotes_are_only_the_marked_examples_of_the_preview(site, dev_site):
    # The shipped quotes are invented: the production home page has none, the preview shows
    # them, each with its "Esimerkki" badge.
    assert site.soup("").select_one("main #palautteet") is None
    quotes = dev_site.soup("").select("main #palautteet blockquote")
    assert quotes
    for quote in quotes:
        assert norm(quote.select_one(".badge-example").get_text()) == "Esimerkki"


# --- contact details, footer, settings --------------------------------------------------


def test_contact_page_shows_direct_contacts_and_no_form_by_default(site):
    assert CONF["CONTACT_FORM_ACTION"] == ""
    main = site.soup("yhteystiedot/").select_one("main")
    assert main.find("form") is None
    assert main.find("a", href=f"mailto:{OWNER['email']}")
    assert main.find("a", href="tel:" + OWNER["phone"].replace(" ", ""))
    assert OWNER["area"] in norm(main.get_text(" "))
    assert "Varaa" not in norm(main.get_text(" ")), "booking link shown without an address"


def test_footer_has_contact_details_and_business_id(pages):
    contact_links = [f"mailto:{OWNER['email']}", "tel:" + OWNER["phone"].replace(" ", "")]
    for url, soup in pages:
        footer = soup.select_one("body > footer")
        assert footer is not None, url
        text = norm(footer.get_text(" "))
        for href in contact_links:
            if url == CONF["SITE_PAGES"]["contact"]:  # there in its text, once, not the footer
                assert len(soup.find_all("a", href=href)) == 1 and soup.main.find("a", href=href)
            else:
                assert footer.find("a", href=href), url
        assert f"Y-tunnus {OWNER['business_id']}" in text or (
            "Y-tunnus" in text and OWNER["business_id"] in text
        ), url


def test_own_details_in_tiedot_yaml_are_used_everywhere(form_site):
    shipped = [OWNER["name"], OWNER["email"], OWNER["phone"], OWNER["business_id"]]
    for file in form_site.all_files():
        if file.suffix not in (".html", ".xml", ".txt"):
            continue
        text = file.read_text(encoding="utf-8")
        for value in shipped:
            assert value not in text, f"{file.name}: {value} is not from the settings"
    for file in form_site.html_files():
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        shown = norm(soup.select_one("body > footer").get_text(" "))
        if file.parent.name == CONF["SITE_PAGES"]["contact"].strip("/"):
            shown = norm(soup.select_one("main").get_text(" "))  # there, not in its footer
        for key in ("email", "phone", "business_id", "area"):
            assert OWN_DETAILS[key] in shown, (file, key)
        assert OWN_DETAILS["name"] in norm(soup.select_one("body > header").get_text(" "))


def test_booking_link_is_shown_when_set(form_site):
    main = form_site.soup("yhteystiedot/").select_one("main")
    assert main.find("a", href=OWN_DETAILS["booking_url"])


def test_contact_form_when_an_address_is_set(form_site):
    main = form_site.soup("yhteystiedot/").select_one("main")
    form = main.find("form")
    assert form is not None
    assert form["action"] == FORM_ACTION
    assert form["method"].lower() == "post"
    assert main.find("a", href=f"mailto:{OWN_DETAILS['email']}"), "direct contacts must stay"
    fields = form.find_all(["input", "textarea", "select"])
    for field in fields:
        if field.get("type") in ("submit", "hidden"):
            continue
        label = form.find("label", attrs={"for": field.get("id")})
        assert label is not None and norm(label.get_text()), f"no label for {field}"
    required = {f["name"] for f in fields if f.has_attr("required")}
    assert required == {"nimi", "email", "viesti"}
    assert form.find("input", attrs={"type": "email", "required": True})
    assert form.find("textarea", attrs={"required": True})
    submit = form.find("button", type="submit") or form.find("input", type="submit")
    assert submit is not None and norm(submit.get_text() or submit.get("value", ""))


def test_contact_form_links_to_the_privacy_policy_and_asks_no_consent(form_site):
    # Answering a message rests on legitimate interest, which needs no consent box.
    form = form_site.soup("yhteystiedot/").find("form", class_="contact-form")
    assert form.find("input", type="checkbox") is None
    note = form.select_one(".privacy-note")
    assert note.find("a", href=re.compile(r"/tietosuojaseloste/$"))
    assert "tietosuojaselosteessa" in norm(note.get_text(" "))
    assert (form_site.path / "tietosuojaseloste" / "index.html").is_file()


def test_contact_form_has_a_hidden_honeypot(form_site):
    form = form_site.soup("yhteystiedot/").find("form", class_="contact-form")
    visible_names = {"nimi", "email", "puhelin", "viesti"}
    traps = [
        f
        for f in form.find_all("input")
        if f.get("name") not in visible_names and f.get("type") not in ("submit", "hidden")
    ]
    assert len(traps) == 1, traps
    trap = traps[0]
    assert not trap.has_attr("required")
    assert trap.get("tabindex") == "-1"
    assert trap.get("autocomplete") == "off"
    wrapper = trap.find_parent(attrs={"aria-hidden": "true"})
    assert wrapper is not None, "the honeypot must be hidden from screen readers"
    css = next((form_site.path / "theme" / "css").glob("site.*.css")).read_text(encoding="utf-8")
    rule = re.search(r"\.honeypot\s*\{([^}]*)\}", css)
    assert "honeypot" in wrapper.get("class", [])
    assert rule and re.search(r"display:\s*none|left:\s*-\d{4,}px", rule[1])


def test_settings_from_pelicanconf_reach_the_pages(site):
    soup = site.soup("")
    assert meta_content(soup, property="og:site_name") == CONF["SITENAME"]
    assert norm(soup.select_one(".brand").get_text(" ")).startswith(OWNER["name"])
    menu = [(norm(a.get_text()), a["href"]) for a in soup.select("nav.site-nav a")]
    assert menu == [(label, f"{PROD_SITEURL}/{url}") for label, url in CONF["MENU"]]
    assert CONF["SITE_DESCRIPTION"] in norm(soup.get_text(" "))
