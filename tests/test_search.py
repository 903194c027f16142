"""Site search (plugins/search_index, theme/templates/haku.html, js/haku.js): what the
Pagefind index holds, the search field of every page, and searching in Chromium as a
visitor, under the headers the build wrote for both kinds of host.

Example pages and posts (`Example: true`) are never indexed, and most of the shipped pages
are examples; what is searched here is therefore a copy filled in as for her first publish
(ready_site, ready_dev_site), where every page is her own."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import apache_server
import pytest
from bs4 import BeautifulSoup

from plugins.search_index import (
    FOLD_MARK,
    build_index,
    bundle_files,
    for_index,
)
from sitecore import outputs
from sitecore.feedback import SHOWN, texts_of
from sitetools.checks.server import header_rules, start_server
from sitetools.checks.site import Site, fragments
from support import PROD_SITEURL, ROOT, SEED_URL, Build, copy_project, run_pelican

LIST_PAGE = re.compile(r"^/(blogi/(kategoria|aihe|arkisto|\d{4})/|blogi/$|.*sivu/\d+/$|haku/)")
BUSY_DONE = '#hakutulokset[aria-busy="false"]'
PHONE = {"width": 375, "height": 812}
DRAFT_WORD = "Sinisorsaparvi"
EXAMPLE_WORD = "Esimerkkikaakao"


def index_of(build: Build) -> dict[str, str]:
    """URL → everything the index holds of that page."""
    return {f.url: f.text for f in fragments(build.path)}


def bundle(site: Path) -> dict[str, bytes]:
    folder = site / "pagefind"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def published(build: Build) -> Site:
    """The built site with its sources: a copy's own content, or the project's."""
    content = build.path.parent / "content"
    return Site.load(build.path, content if content.is_dir() else ROOT / "content")


# --- pure functions ------------------------------------------------------------------


def test_soft_hyphens_are_taken_out_before_indexing():
    html = "<p>ryhmä\u00adtyön&shy;ohjaus ja työn&#173;ohjaaja&#xAD;koulutus</p>"
    assert for_index(html) == "<p>ryhmätyönohjaus ja työnohjaajakoulutus</p>"


def test_only_what_the_search_page_loads_is_published():
    entry = b'{"version":"1.4.0","languages":{"fi":{"hash":"fi_1","wasm":"fi","page_count":2}}}'
    files = {
        "pagefind-entry.json": entry,
        "pagefind.js": b"",
        "pagefind.fi_1.pf_meta": b"",
        "wasm.fi.pagefind": b"",
        "wasm.unknown.pagefind": b"",
        "index/fi_2.pf_index": b"",
        "fragment/fi_3.pf_fragment": b"",
        "pagefind-ui.js": b"",
        "pagefind-ui.css": b"",
        "pagefind-highlight.js": b"",
    }
    assert sorted(bundle_files(files)) == [
        "fragment/fi_3.pf_fragment",
        "index/fi_2.pf_index",
        "pagefind-entry.json",
        "pagefind.fi_1.pf_meta",
        "pagefind.js",
        "wasm.fi.pagefind",
    ]


# --- the production build ------------------------------------------------------------


def test_index_holds_every_published_post_and_page_and_nothing_else(ready_site):
    indexed = set(index_of(ready_site))
    sources = published(ready_site).sources
    expected = {f"/{p.url}" for p in sources if p.status == "published" and p.save_as and p.kind}
    assert indexed == expected
    assert {f"/{p.url}" for p in sources if p.kind == "article"} <= indexed
    assert "/404.html" not in indexed and not any(LIST_PAGE.match(url) for url in indexed)


def test_no_soft_hyphen_reaches_the_index(ready_site):
    html = [f.read_text(encoding="utf-8") for f in ready_site.html_files()]
    assert [t for t in html if "\u00ad" in t], "soft hyphens should be there to take out"
    for url, text in index_of(ready_site).items():
        assert "\u00ad" not in text, url
    assert "työnohjaussopimuksessa" in index_of(ready_site)["/tyoyhteison-tyonohjaus/"].lower()


def test_index_leaves_out_menus_calls_to_action_and_reading_time(site):
    article = index_of(site)[f"/{SEED_URL}"]
    soup = site.soup(SEED_URL)
    for selector in (".cta p", ".site-nav .menu-button", ".breadcrumbs li", ".post-nav span"):
        text = soup.select_one(selector).get_text(" ", strip=True).replace("\u00ad", "")
        assert text and text not in article, selector
    assert "lukuaika" not in article and "Y-tunnus" not in article
    assert "31.5.2013" in article  # the date is kept, as metadata for the result


def test_index_is_the_same_whatever_order_the_pages_come_in(site, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(site.path, copy)
    outputs.allow(copy)  # as the build does when it starts
    pages = [(f.url.lstrip("/"), f"{f.url.lstrip('/')}index.html") for f in fragments(copy)]
    build_index(copy, list(reversed(pages)), "", "fi")
    first = bundle(copy)
    build_index(copy, sorted(pages, key=lambda p: p[1]), "", "fi")
    assert bundle(copy) == first
    assert first == bundle(site.path) and len(first) > 5


def test_every_page_has_a_plain_search_form_in_its_header(site):
    for file in site.html_files():
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        form = soup.select_one("header form.header-search")
        if file == site.path / "haku" / "index.html":
            assert form is None  # the page has its own, bigger field
            form = soup.select_one("main form.search-form")
        assert form is not None, file
        assert form["action"] == f"{PROD_SITEURL}/haku/" and form["method"] == "get", file
        field = form.find("input", attrs={"name": "q"})
        label = soup.find("label", attrs={"for": field["id"]})
        assert label and label.get_text(strip=True), file
        assert form.find("button", type="submit").get_text(strip=True) == "Hae"


def test_ordinary_pages_load_no_search_script_or_style(site):
    for file in site.html_files():
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        loaded = [s.get("src", "") for s in soup.find_all("script")]
        loaded += [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        searchy = [u for u in loaded if "haku" in u or "pagefind" in u]
        if file == site.path / "haku" / "index.html":
            assert len(searchy) == 2, searchy
        else:
            assert searchy == [], file
            assert not any(s.get("src") for s in soup.find_all("script")), file


def test_search_page_says_in_finnish_that_it_needs_javascript(site):
    soup = site.soup("haku/")
    assert soup.html["lang"] == "fi"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    message = BeautifulSoup(soup.find("noscript").decode_contents(), "lxml")
    text = message.get_text(" ", strip=True)
    assert "Haku tarvitsee JavaScriptin" in text
    links = {a["href"] for a in message.find_all("a")}
    assert links == {
        f"{PROD_SITEURL}/blogi/arkisto/",
        f"{PROD_SITEURL}/blogi/arkisto/#topics-title",
    }
    archive = site.soup("blogi/arkisto/")
    assert archive.find(id="topics-title") and archive.select(".chips a[href*='/kategoria/']")
    box = soup.find(id="hakutulokset")
    texts = {k: v for k, v in box.attrs.items() if k.startswith("data-text-")}
    assert texts["data-text-none"].startswith("Haulla ”{query}” ei löytynyt")
    assert texts["data-text-many"] == "Haulla ”{query}” löytyi {count} sivua."
    assert texts["data-text-one"] == "Haulla ”{query}” löytyi 1 sivu."
    assert soup.select_one(".search-more").get_text(strip=True) == "Näytä lisää tuloksia"
    status = soup.find(id="haku-tila")  # the results' heading, which says how many
    assert status.name == "h2" and status["tabindex"] == "-1" and status["aria-live"] == "polite"
    for value in texts.values():
        assert not re.search(r"\b(results?|search|found|no)\b", value, re.I), value


def test_only_the_search_page_may_run_webassembly(site):
    sent = header_rules(published(site), ".htaccess")

    def policy(path: str) -> str:
        return dict(sent(path))["Content-Security-Policy"]

    assert "script-src 'self' 'wasm-unsafe-eval';" in policy("/haku/")
    for path in ("/", f"/{SEED_URL}", "/blogi/", "/pagefind/pagefind.js"):
        assert "wasm" not in policy(path), path
    netlify = (site.path / "_headers").read_text(encoding="utf-8")
    for text in (netlify, (site.path / ".htaccess").read_text(encoding="utf-8")):
        # no script runs inline or from eval anywhere (the pictures' own policy lets an
        # SVG's inline style through, and runs no script at all: sandbox)
        assert "'unsafe-eval'" not in text
        assert not re.search(r"script-src[^;\"]*'unsafe-inline'", text), text


# --- in the browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(ready_dev_site):
    """The preview build served twice: with the _headers rules and with the .htaccess ones."""
    site = published(ready_dev_site)
    servers = {name: start_server(site, headers=name) for name in ("_headers", ".htaccess")}
    yield {name: base for name, (_server, base) in servers.items()}
    for server, _base in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture
def visitor(browser):
    from sitetools.checks.browser import CSP_LISTENER

    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_init_script(CSP_LISTENER)
    yield context
    context.close()


def search(context, base: str, query: str):
    page = context.new_page()
    page.goto(f"{base}/haku/?q={quote(query)}")
    page.wait_for_selector(BUSY_DONE, state="attached")
    return page


def result_urls(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".search-result h3 a", "links => links.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs]


def status(page) -> str:
    return page.text_content("#haku-tila").strip()


def all_results(page) -> list[str]:
    """Every result, pressing "Näytä lisää tuloksia" until there are no more."""
    while page.is_visible(".search-more"):
        count = len(result_urls(page))
        page.click(".search-more")
        # (wait_for_function evaluates a string, which the page's policy forbids)
        page.wait_for_selector(f".search-result:nth-child({count + 1})")
    return result_urls(page)


@pytest.mark.slow
@pytest.mark.browser
def test_header_form_on_an_article_finds_inflected_forms(visitor, served, ready_dev_site):
    page = visitor.new_page()
    page.goto(f"{served['_headers']}/{SEED_URL}")
    page.fill("#otsikko-haku", "työnohjaajan")
    page.press("#otsikko-haku", "Enter")
    page.wait_for_url(re.compile(r"/haku/\?q=ty"))
    page.wait_for_selector(BUSY_DONE, state="attached")
    assert page.input_value("#haku-sana") == "työnohjaajan"
    focused = page.evaluate("[document.activeElement.id, document.activeElement.tagName]")
    assert focused == ["haku-tila", "H2"]  # the results' heading, not the page's body
    found = all_results(page)
    assert re.fullmatch(r"Haulla ”työnohjaajan” löytyi \d+ sivua\.", status(page)), status(page)
    texts = index_of(ready_dev_site)
    # Pages that only have other forms of the word are found through the stem.
    other_forms = [u for u in found if "työnohjaajan" not in texts[u].lower()]
    assert other_forms, found
    assert all("työnohjaaj" in texts[u].lower() for u in found)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    "query,stem", [("esimiehille", "esimieh"), ("työyhteisöille", "työyhteis")]
)
def test_inflected_query_finds_the_other_forms(visitor, served, ready_dev_site, query, stem):
    page = search(visitor, served["_headers"], query)
    found = all_results(page)
    texts = index_of(ready_dev_site)
    assert len(found) >= 3, status(page)
    assert any(query not in texts[u].lower() for u in found), found
    assert all(stem in texts[u].lower() for u in found)
    marks = page.eval_on_selector_all(".search-result mark", "m => m.map(e => e.textContent)")
    assert marks and all(m.lower().startswith(stem) for m in marks), marks


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    "folded,written",
    [
        ("tyonohjaus", "työnohjaus"),
        ("TYOYHTEISO", "työyhteisö"),
        ("tyonohjaajan", "työnohjaajan"),
        ("kasittely", "käsittely"),
        ("hyodyt", "hyödyt"),
        ("paattyy", "päättyy"),
    ],
)
def test_a_query_typed_without_umlauts_finds_what_the_written_one_finds(
    visitor, served, folded, written
):
    expected = all_results(search(visitor, served["_headers"], written))
    page = search(visitor, served["_headers"], folded)
    found = all_results(page)
    assert expected and set(expected) <= set(found), (found, expected)
    # What is marked is the page's own word, never the folded copy the index has of it.
    marks = page.eval_on_selector_all(".search-result mark", "m => m.map(e => e.textContent)")
    assert any(set(m) & set("åäöÅÄÖ") for m in marks), marks
    assert FOLD_MARK not in page.inner_text(".search-list")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    "typo,stem",
    [
        ("työnohjuas", "työnohj"),
        ("työnohjaos", "työnohj"),
        ("työnohjas", "työnohj"),
        ("tyonohjuas", "työnohj"),
        ("työnohjuas johdon", "työnohj"),
        ("esimeis", "esimie"),
        ("ryhmätyönhojaus", "ryhmätyönohj"),
    ],
)
def test_a_typo_brings_no_pages_that_only_share_its_first_letters(
    visitor, served, ready_dev_site, typo, stem
):
    """Pagefind answers a word it does not have with the longest word it does have that
    the query starts with ("työnohjuas" → "työn"): six unrelated pages."""
    page = search(visitor, served["_headers"], typo)
    texts = index_of(ready_dev_site)
    found = all_results(page)
    assert all(stem in texts[u].lower() for u in found), found
    if not found:
        assert status(page).startswith(f"Haulla ”{typo}” ei löytynyt mitään."), status(page)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    "query,url,reads",
    [
        (
            "sähköposti",
            "/yhteystiedot/",
            r"Sähköposti: testi@tyonohjaus-testi\.fi\. Puhelin: \+358",
        ),
        ("oulu", "/hinnat/", r"^Lähitapaamiset: Oulu\. Etätapaamiset: videoyhteydellä"),
        (
            "ajankäyttö",
            f"/{SEED_URL}",
            r"^Kokoan tähän .* hyötyjä: oma esimiestyö sai lisää voimaa; ",
        ),
        (
            "apua",
            "/johdon-tyonohjaus/",
            r"esimerkiksi silloin, kun: olet aloittanut esihenkilönä, ",
        ),
    ],
)
def test_excerpts_read_as_sentences(visitor, served, query, url, reads):
    page = search(visitor, served["_headers"], query)
    found = all_results(page)
    excerpt = page.locator(".search-result").nth(found.index(url)).locator("p").last.inner_text()
    assert re.search(reads, excerpt), excerpt


@pytest.mark.slow
@pytest.mark.browser
def test_every_excerpt_starts_a_sentence_after_the_title(visitor, served):
    page = search(visitor, served["_headers"], "työnohjaus")
    all_results(page)
    for result in page.locator(".search-result").all():
        title = result.locator("h3").inner_text().replace("\xa0", " ")
        excerpt = result.locator("p").last.inner_text()
        assert re.match(r"(… |[A-ZÅÄÖ0-9])", excerpt), excerpt
        assert not re.match(rf"{re.escape(title)}[.?!]? [A-ZÅÄÖ]", excerpt), excerpt


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlights_are_marks_not_links(visitor, served, scheme):
    page = search(visitor, served["_headers"], "työnohjaus")
    page.emulate_media(color_scheme=scheme)
    mark, text = page.eval_on_selector(
        ".search-result mark",
        """m => [m, m.parentElement].map(e => {
            const s = getComputedStyle(e);
            return [s.fontWeight, s.textDecorationLine, s.color, s.backgroundColor];
        })""",
    )
    assert mark[0] == text[0] and mark[1] == "none" and mark[2] == text[2], (mark, text)
    assert mark[3] not in (text[3], "rgba(0, 0, 0, 0)"), (mark, text)


SHIFTS = """window.__shift = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
}).observe({ type: "layout-shift", buffered: true });"""
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_results_move_nothing_on_the_page(browser, served, viewport):
    """Layout shift as Chromium measures it for Lighthouse: none, whatever the search
    brings (the results' space is kept from the first paint)."""
    context = browser.new_context(viewport=viewport, service_workers="block")
    context.add_init_script(SHIFTS)
    try:
        for query in ("?q=työnohjaus", "?q=tunnekuorma", "?q=kvanttifysiikka", "?q=", ""):
            page = context.new_page()
            page.goto(f"{served['_headers']}/haku/{query}")
            page.wait_for_selector(BUSY_DONE, state="attached")
            page.evaluate(TWO_FRAMES)
            assert page.evaluate("window.__shift") == 0, query
        # The measure itself works: content pushed down from above is a shift.
        page.evaluate("document.querySelector('h1').style.marginTop = '200px'")
        page.evaluate(TWO_FRAMES)
        assert page.evaluate("window.__shift") > 0
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_long_compound_is_found_whole(visitor, served):
    page = search(visitor, served["_headers"], "työnohjaussopimuksessa")
    assert "/tyoyhteison-tyonohjaus/" in result_urls(page)
    marks = page.eval_on_selector_all(".search-result mark", "m => m.map(e => e.textContent)")
    assert "työnohjaussopimuksessa" in [m.lower() for m in marks], marks
    excerpts = page.inner_text(".search-list")
    assert "\u00ad" not in excerpts and "&shy;" not in excerpts


@pytest.mark.slow
@pytest.mark.browser
def test_results_show_title_date_for_posts_and_highlighted_excerpt(visitor, served):
    page = search(visitor, served["_headers"], "tunnekuorma")
    first = page.locator(".search-result").first
    title = first.locator("h3 a").inner_text().replace("\xa0", " ")
    assert title == "Kun työ kuormittaa: tunnekuorman purkaminen"
    assert first.locator(".meta").inner_text() == "17.3.2015"
    assert first.locator("mark").count() >= 1
    page = search(visitor, served["_headers"], "tietosuojaseloste")
    assert page.locator(".search-result").first.locator(".meta").count() == 0  # a page


@pytest.mark.slow
@pytest.mark.browser
def test_no_results_is_said_in_finnish(visitor, served):
    page = search(visitor, served["_headers"], "kvanttifysiikka")
    assert status(page) == (
        "Haulla ”kvanttifysiikka” ei löytynyt mitään. Kokeile toista sanaa tai vähemmän sanoja."
    )
    assert result_urls(page) == [] and not page.is_visible(".search-more")
    page = search(visitor, served["_headers"], "   ")
    assert status(page) == "Kirjoita hakusana."


@pytest.mark.slow
@pytest.mark.browser
def test_search_works_with_the_keyboard_alone(visitor, served):
    page = visitor.new_page()
    page.goto(f"{served['_headers']}/haku/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "haku-sana":
            break
    else:
        pytest.fail("the search field cannot be reached with Tab")
    page.keyboard.type("työnohjaus")
    page.keyboard.press("Enter")
    page.wait_for_selector(BUSY_DONE, state="attached")
    assert "q=ty%C3%B6nohjaus" in page.url
    assert len(result_urls(page)) == 5
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the archive, to browse instead
    assert page.evaluate("document.activeElement.closest('.search-browse') !== null")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.search-result') !== null")
    page.focus(".search-more")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-result:nth-child(6)")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and urlsplit(focused).path == result_urls(page)[5]


@pytest.mark.slow
@pytest.mark.browser
def test_no_result_is_a_list_page_a_draft_or_unpublishable_feedback(
    visitor, served, ready_dev_site
):
    site = published(ready_dev_site)
    allowed = {f"/{p.url}" for p in site.sources if p.status == "published"}
    everything = set()
    for query in ("työnohjaus", "blogi", "kategoria", "arkisto", "esimies", "luottamus"):
        found = all_results(search(visitor, served["_headers"], query))
        everything.update(found)
        assert set(found) <= allowed, (query, set(found) - allowed)
        assert not any(LIST_PAGE.match(u) for u in found), query
    assert len(everything) >= 10, everything
    # Words only a statistics or a no feedback file has: never found.
    secret = [i for i in site.feedback if i.publish not in SHOWN]
    assert {i.publish for i in secret} == {"statistics", "no"}
    content = "\n".join(p.read_text(encoding="utf-8") for p in site.content_dir.rglob("*.md"))
    for word in ("väliseksemme", "kohtasivat"):
        assert any(word in " ".join(texts_of(i)) for i in secret), word
        assert word not in content
        page = search(visitor, served["_headers"], word)
        assert set(all_results(page)) <= allowed, word
        assert word not in page.inner_text(".search-list").lower(), word


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("headers", ["_headers", ".htaccess"])
def test_search_breaks_no_security_rule_under_either_header_file(visitor, served, headers):
    errors = []
    page = visitor.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{served[headers]}/haku/?q=esimiehen")
    page.wait_for_selector(BUSY_DONE, state="attached")
    assert result_urls(page)
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []


@pytest.mark.slow
@pytest.mark.browser
def test_without_wasm_in_the_policy_the_browser_refuses_and_says_so(visitor, dev_site, tmp_path):
    """The 'wasm-unsafe-eval' is really needed: without it the search fails, in Finnish."""
    site = Site.load(dev_site.path, ROOT / "content")
    assert "'wasm-unsafe-eval'" in json.dumps(site.facts["headers"]["_headers"])
    site.facts = json.loads(json.dumps(site.facts).replace(" 'wasm-unsafe-eval'", ""))
    server, base = start_server(site)  # the headers of a build that forgot it
    try:
        page = search(visitor, base, "esimiehen")
        assert page.evaluate("window.__cspViolations")
        assert status(page) == "Haku ei juuri nyt toimi. Kaikki kirjoitukset löydät arkistosta."
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
@pytest.mark.browser
def test_article_page_loads_nothing_of_the_search_and_stays_light(visitor, served, ready_dev_site):
    page = visitor.new_page()
    requests = []
    page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page.goto(f"{served['_headers']}/{SEED_URL}")
    page.wait_for_load_state("networkidle")
    assert not any("pagefind" in r or "haku" in r for r in requests), requests
    assert len(requests) <= 4, requests
    size = 0
    for path in requests:
        file = ready_dev_site.path / path.lstrip("/")
        file = file / "index.html" if path.endswith("/") else file
        size += len(gzip.compress(file.read_bytes(), compresslevel=6, mtime=0))
    assert size <= 15 * 1024, size


@pytest.mark.slow
@pytest.mark.browser
def test_search_page_with_results_passes_axe(visitor, served):
    from axe_playwright_python.base import AXE_SCRIPT

    from sitetools.checks.browser import WCAG_TAGS

    # axe is injected as a script, which the page's own policy refuses: served without it.
    context = visitor.browser.new_context(viewport=PHONE, bypass_csp=True)
    try:
        page = search(context, served["_headers"], "työnohjaus")
        assert len(result_urls(page)) == 5
        page.evaluate(AXE_SCRIPT)
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            violations = page.evaluate("(o) => axe.run(document, o)", options)["violations"]
            assert violations == [], [(v["id"], v["nodes"][0]["html"]) for v in violations]
    finally:
        context.close()


# --- drafts, examples and the checks, on copies of the project ---------------------------


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory) -> Build:
    """The preview build (drafts are written under luonnokset/) of a copy with a draft and
    an example post, each with a word no other page has."""
    project = copy_project(tmp_path_factory.mktemp("haku") / "project")
    blog = project / "content" / "blogi"
    header = "Title: {title}\nDate: 2016-01-0{day} 10:00\nCategory: Ajankohtaista\n{extra}\n"
    (blog / "2016-01-01-luonnos.md").write_text(
        header.format(title="Keskeneräinen", day=1, extra="Status: draft\n")
        + f"Tässä luonnoksessa on sana {DRAFT_WORD}, jota ei saa löytää.\n",
        encoding="utf-8",
    )
    (blog / "2016-01-02-esimerkki.md").write_text(
        header.format(title="Malliksi", day=2, extra="Example: true\n")
        + f"Esimerkkiteksti, jossa on sana {EXAMPLE_WORD}.\n",
        encoding="utf-8",
    )
    build = run_pelican(project, project / "output", "pelicanconf.py")
    assert build.returncode == 0, build.output
    return build


def test_drafts_and_examples_are_never_indexed(draft_site):
    drafts = list((draft_site.path / "luonnokset").rglob("index.html"))
    assert any(DRAFT_WORD in f.read_text(encoding="utf-8") for f in drafts)
    assert any(EXAMPLE_WORD in f.read_text(encoding="utf-8") for f in draft_site.html_files())
    indexed = index_of(draft_site)
    assert indexed, "the copy has an index"
    for url, text in indexed.items():
        assert DRAFT_WORD not in text and EXAMPLE_WORD not in text, url
        assert not url.startswith("/luonnokset/"), url


@pytest.mark.slow
@pytest.mark.browser
def test_a_draft_is_not_found_by_a_visitor(visitor, draft_site):
    server, base = start_server(Site.load(draft_site.path, draft_site.path.parent / "content"))
    try:
        for word in (DRAFT_WORD, EXAMPLE_WORD):
            page = search(visitor, base, word)
            found = all_results(page)
            # Pagefind may offer pages with a word that starts the same ("esimerkki"),
            # never the draft or the example itself.
            assert not any("luonnokset" in u or "malliksi" in u for u in found), found
            assert word.lower() not in page.inner_text(".search-list").lower(), word
    finally:
        server.shutdown()
        server.server_close()


def run_check(project: Path, output: Path, only: str) -> subprocess.CompletedProcess:
    if not (project / "sitetools").exists():
        shutil.copytree(ROOT / "sitetools", project / "sitetools")
    cmd = [sys.executable, "-m", "sitetools.check", str(output), "content", "--only", only]
    return subprocess.run(
        cmd, cwd=project, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def prod_copy(tmp_path_factory) -> tuple[Path, Path]:
    project = copy_project(tmp_path_factory.mktemp("hakutarkistus") / "project")
    build = run_pelican(project, project / "output", "publishconf.py")
    assert build.returncode == 0, build.output
    return project, build.path


def test_leak_check_reads_the_search_index(prod_copy, tmp_path):
    """Unpublishable feedback that reached only the index is still caught, and named."""
    project, built = prod_copy
    output = tmp_path / "output"
    shutil.copytree(built, output)
    page = output / "tietosuojaseloste" / "index.html"  # her own page, not an example
    original = page.read_text(encoding="utf-8")
    secret = "Hyvä prosessi, mutta tämä jää meidän väliseksemme."
    page.write_text(
        original.replace("</article>", f"<p>{secret}</p></article>", 1), encoding="utf-8"
    )
    pages = [(f.url.lstrip("/"), f"{f.url.lstrip('/')}index.html") for f in fragments(output)]
    outputs.allow(output)  # as the build does when it starts
    build_index(output, pages, PROD_SITEURL, "fi")
    page.write_text(original, encoding="utf-8")  # the page is clean again; the index is not
    proc = run_check(project, output, "leaks")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if "2021-10-14-ei-julkaista.yaml" in ln)
    assert "hakuhakemistossa" in line and "/tietosuojaseloste/" in line, line


@pytest.mark.slow
@pytest.mark.browser
def test_search_check_fails_when_the_search_page_may_not_run_webassembly(prod_copy, tmp_path):
    """The check serves the site with the headers the build noted for each host: a build
    whose .htaccess rules let no page, or every page, run WebAssembly fails it."""
    project, built = prod_copy
    output = tmp_path / "output"
    shutil.copytree(built, output)
    record = outputs.load(project, built)
    outputs.allow(project / "cache")  # as a build allows its own writes
    outputs.save(project, output, record)  # the copy's record: the same build's
    proc = run_check(project, output, "search")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"ensimmäinen haku siirtää ([\d,]+) kt \(raja 100,0 kt\)", proc.stdout)
    apache = record.facts["headers"][".htaccess"]
    for rules in (
        [rule for rule in apache if "wasm" not in json.dumps(rule)],  # no page may
        json.loads(json.dumps(apache).replace("script-src 'self';", WASM_EVERYWHERE)),
    ):
        assert rules != apache
        record.facts["headers"][".htaccess"] = rules
        outputs.save(project, output, record)
        proc = run_check(project, output, "search")
        assert proc.returncode == 1, proc.stdout
        if len(rules) < len(apache):
            assert ".htaccess: hakusivu /haku/ rikkoo turvallisuussääntöä" in proc.stdout
        else:
            assert "sallii WebAssemblyn" in proc.stdout


WASM_EVERYWHERE = "script-src 'self' 'wasm-unsafe-eval';"


# --- a real Apache, reading the .htaccess the build wrote --------------------------------


@pytest.fixture(scope="module")
def apache(ready_dev_site):
    """Debian's Apache serving the preview build with the site's own .htaccess, as a web
    hotel does (tests/apache_server.py)."""
    with apache_server.apache(ready_dev_site.path) as (host, port):
        yield f"http://{host}:{port}"


def policy_at(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["Content-Security-Policy"]


@pytest.mark.slow
def test_apache_gives_only_the_search_page_the_webassembly_policy(apache):
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy_at(f"{apache}/haku/?q=x")
    for path in ("", SEED_URL, "blogi/", "pagefind/pagefind.js"):
        policy = policy_at(f"{apache}/{path}")
        assert "script-src 'self';" in policy and "wasm" not in policy, path


@pytest.mark.slow
@pytest.mark.browser
def test_search_works_under_apache_with_no_policy_violation(visitor, apache):
    errors = []
    page = visitor.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{apache}/{SEED_URL}")
    page.fill("#otsikko-haku", "esimiehille")
    page.press("#otsikko-haku", "Enter")
    page.wait_for_selector(BUSY_DONE, state="attached")
    assert len(result_urls(page)) >= 3, status(page)
    assert page.evaluate("window.__cspViolations") == [] and errors == []
