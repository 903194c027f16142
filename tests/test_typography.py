"""Finnish typography and Voikko hyphenation, as a visitor, a feed reader and a phone see them.

One throwaway copy of the project gets three extra texts: an article with one paragraph per
case of the shared typography fixtures (and quotes in its title and summary), a page with
quotes in its title, and an article full of long compounds. It is built once, with the
real build in its own process, and every test reads that build; the browser tests serve it
and look at each kind of page on a 320 px wide screen, and at where lines break at each of
the widths of tests/line_breaks.py.
"""

from __future__ import annotations

import json
import re
import textwrap

import feedparser
import pytest
from bs4 import BeautifulSoup
from line_breaks import WIDTHS, mid_word_breaks

from support import DATA, PAGE_TYPES, Build, copy_project, run_pelican, serve

SOFT_HYPHEN = "\u00ad"
NO_BREAK = "\u00a0\u202f"
# The shared cases, the range cases and the project's own (tests/data/fixtures/README.md).
FIXTURES = (
    "typography-fi.jsonl",
    "typography-fi-ranges.jsonl",
    "typography-fi-project.jsonl",
    "typography-fi-round3.jsonl",
)
CASES = [
    json.loads(line)
    for name in FIXTURES
    for line in (DATA / "fixtures" / name).read_text("utf-8").splitlines()
    if line.strip()
]

TYPO_SLUG = "typografia"
TYPO_TITLE = "\"Hyvä\" työnohjaus -- ja 'pieni' ero..."
TYPO_TITLE_FI = "”Hyvä” työnohjaus – ja ’pieni’ ero…"
TYPO_SUMMARY = 'Hän sanoi "hyvä" - ja lähti...'
TYPO_SUMMARY_FI = "Hän sanoi ”hyvä” – ja lähti…"
PAGE_SLUG = "lainauksia"
PAGE_TITLE_FI = "Sivu ”lainauksin” – ja ’hyvin’"

LONG_SLUG = "yhdyssanoja"
LONG_ARTICLE = """\
Title: Työnohjaajakoulutuksessa opittua asiakaslähtöisyydestä ja ryhmädynamiikasta
Date: 2021-02-03 10:00
Slug: yhdyssanoja
Category: Esimiestyöskentelytaidot
Tags: työnohjaajakoulutuksessa, asiakaslähtöisyytenä, ryhmädynamiikan, esimiestyöskentelytaitojen
Summary: Esimiestyöskentelytaitojen kehittäminen työnohjaajakoulutuksessa ja ryhmädynamiikan \
ymmärtäminen asiakaslähtöisyytenä.

Työnohjaajakoulutuksessa harjoittelimme esimiestyöskentelytaitojen kehittämistä, \
ryhmädynamiikan tunnistamista ja asiakaslähtöisyytenä näkyvää työotetta.

## Esimiestyöskentelytaitojen kehittämismahdollisuudet työnohjaajakoulutuksessa

Työyhteisökehittämisprosessien ja esimiestyöskentelytaitojen yhteensovittaminen \
vaatii ryhmädynamiikan ymmärtämistä ja asiakaslähtöisyytenä näkyvää \
vuorovaikutustaitojen vahvistamista.

### Asiakaslähtöisyytenä ymmärretty ryhmädynamiikan kokonaisuus

- työnohjaajakoulutuksessa opitut vuorovaikutustaitojen harjoitukset
- esimiestyöskentelytaitojen vertaisarviointikeskustelut
- asiakaslähtöisyytenä näkyvä palvelukokonaisuussuunnittelu

> Ryhmädynamiikan ymmärtäminen työnohjaajakoulutuksessa muutti esimiestyöskentelytaitojeni \
perusteita.

| Työnohjaajakoulutuksessa | Asiakaslähtöisyytenä |
|---|---|
| esimiestyöskentelytaitojen | ryhmädynamiikan kehittämismahdollisuudet |

Lue lisää: https://www.example.fi/tyonohjaajakoulutuksessa/asiakaslahtoisyytena/ryhmadynamiikan \
tai kirjoita osoitteeseen tyonohjaajakoulutuksessa.asiakaslahtoisyytena@example.fi.

Koodina `työnohjaajakoulutuksessa "lainaus"` ja lohkona:

```
työnohjaajakoulutuksessa "esimiestyöskentelytaitojen" -- ryhmädynamiikan...
```
"""


def typo_article() -> str:
    body = "\n\n".join(case["input"] for case in CASES)
    return (
        f"Title: {TYPO_TITLE}\nDate: 2021-01-02 10:00\nSlug: {TYPO_SLUG}\n"
        f"Category: Ajankohtaista\nTags: työnohjaus\nSummary: {TYPO_SUMMARY}\n\n{body}\n"
    )


TYPO_PAGE = f"""\
Title: Sivu "lainauksin" - ja 'hyvin'
Slug: {PAGE_SLUG}
Summary: {TYPO_SUMMARY}

Sivun teksti.
"""


@pytest.fixture(scope="module")
def typo_site(tmp_path_factory) -> Build:
    """The preview build of a project copy with the three extra texts, with debug logging."""
    base = tmp_path_factory.mktemp("typography")
    project = copy_project(base / "project")
    blog = project / "content" / "blogi"
    (blog / "2021-01-02-typografia.md").write_text(typo_article(), "utf-8")
    (blog / "2021-02-03-yhdyssanoja.md").write_text(LONG_ARTICLE, "utf-8")
    (project / "content" / "sivut" / "lainauksia.md").write_text(TYPO_PAGE, "utf-8")
    build = run_pelican(project, base / "output", "pelicanconf.py", "--debug")
    assert build.returncode == 0, build.output
    return build


def normal(text: str) -> str:
    """Text read as the fixtures README says: soft hyphens out, no-break spaces as spaces."""
    text = text.replace(SOFT_HYPHEN, "")
    text = re.sub(f"[{NO_BREAK}]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def body_paragraphs(build: Build, slug: str) -> list:
    article = build.soup(f"blogi/{slug}/").select_one("main article")
    return [p for p in article.find_all("p", recursive=False) if not p.get("class")]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_fixture_case(typo_site, case):
    paragraphs = body_paragraphs(typo_site, TYPO_SLUG)
    assert len(paragraphs) == len(CASES), [p.get_text() for p in paragraphs]
    paragraph = paragraphs[CASES.index(case)]
    decoded = paragraph.get_text().replace(SOFT_HYPHEN, "")
    assert normal(decoded) == case["expected_text"]
    for phrase in case.get("no_break", []):
        pattern = f"[{NO_BREAK}]".join(re.escape(part) for part in phrase.split(" "))
        assert re.search(pattern, decoded), f"{phrase!r} without a no-break space: {decoded!r}"
    html = (typo_site.path / "blogi" / TYPO_SLUG / "index.html").read_text("utf-8")
    for snippet in case.get("html_contains", []):
        assert snippet in html


def meta(soup: BeautifulSoup, **attrs) -> str:
    tag = soup.find("meta", attrs=attrs)
    assert tag is not None, attrs
    return tag["content"]


def test_title_with_quotes_in_heading_title_og_jsonld_and_feed(typo_site):
    soup = typo_site.soup(f"blogi/{TYPO_SLUG}/")
    assert normal(soup.h1.get_text()) == TYPO_TITLE_FI
    assert re.search(f"työnohjaus[{NO_BREAK}]–", soup.h1.get_text().replace(SOFT_HYPHEN, ""))
    assert normal(soup.title.get_text()).startswith(TYPO_TITLE_FI + " – ")
    assert normal(meta(soup, property="og:title")).startswith(TYPO_TITLE_FI + " – ")
    scripts = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    nodes = [node for data in scripts for node in data.get("@graph", [data])]
    posting = next(node for node in nodes if node["@type"] == "BlogPosting")
    assert normal(posting["headline"]) == TYPO_TITLE_FI
    feed = feedparser.parse(typo_site.path / "blogi" / "syote.xml")
    entry = next(e for e in feed.entries if e.link.rstrip("/").endswith(f"/{TYPO_SLUG}"))
    assert normal(entry.title) == TYPO_TITLE_FI
    assert "”hyvä”" in entry.content[0].value
    assert '"hyvä"' not in entry.content[0].value


def test_summary_with_quotes_in_meta_descriptions(typo_site):
    for url in (f"blogi/{TYPO_SLUG}/", f"{PAGE_SLUG}/"):
        soup = typo_site.soup(url)
        assert normal(meta(soup, name="description")) == TYPO_SUMMARY_FI
        assert normal(meta(soup, property="og:description")) == TYPO_SUMMARY_FI


def test_page_title_with_quotes(typo_site):
    soup = typo_site.soup(f"{PAGE_SLUG}/")
    assert normal(soup.h1.get_text()) == PAGE_TITLE_FI
    assert normal(soup.title.get_text()).startswith(PAGE_TITLE_FI + " – ")
    assert normal(meta(soup, property="og:title")).startswith(PAGE_TITLE_FI + " – ")


def test_long_words_get_soft_hyphens_at_voikko_points(typo_site):
    soup = typo_site.soup(f"blogi/{LONG_SLUG}/")
    article = soup.select_one("main article")
    hyphenated = SOFT_HYPHEN.join(["työn", "oh", "jaa", "ja", "kou", "lu", "tuk", "ses", "sa"])
    assert hyphenated.capitalize() in article.h1.get_text()
    assert hyphenated in article.h2.get_text()
    first = body_paragraphs(typo_site, LONG_SLUG)[0].get_text()
    assert hyphenated.capitalize() in first
    assert SOFT_HYPHEN.join(["ryh", "mä", "dy", "na", "mii", "kan"]) in first
    # Short words, code, URLs and e-mail addresses stay whole.
    assert SOFT_HYPHEN not in "".join(t.get_text() for t in article.find_all(["code", "pre"]))
    assert article.pre.get_text().startswith('työnohjaajakoulutuksessa "esimies')
    assert "www.example.fi/tyonohjaajakoulutuksessa/asiakaslahtoisyytena/" in article.get_text()
    assert "tyonohjaajakoulutuksessa.asiakaslahtoisyytena@example.fi" in article.get_text()
    assert " näkyvää" in first


def soft_hyphen_leaks(build: Build) -> list[str]:
    """Every place outside visible text where a soft hyphen turns up in a build."""
    leaks = []
    for file in build.all_files():
        if file.suffix not in {".html", ".xml", ".txt", ".json", ".js"}:
            continue
        text = file.read_text("utf-8")
        name = str(file.relative_to(build.path))
        if file.suffix != ".html":
            if SOFT_HYPHEN in text or re.search(r"&(shy|#173|#xad);", text, re.I):
                leaks.append(name)
            continue
        soup = BeautifulSoup(text, "lxml")
        hidden = [soup.title] + soup.find_all(["script", "code", "pre", "style"])
        for tag in hidden:
            if tag is not None and SOFT_HYPHEN in tag.get_text():
                leaks.append(f"{name}: <{tag.name}>")
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                if SOFT_HYPHEN in (" ".join(value) if isinstance(value, list) else value):
                    leaks.append(f"{name}: <{tag.name} {attr}>")
    return leaks


def test_soft_hyphens_only_in_visible_text_of_the_test_build(typo_site):
    assert soft_hyphen_leaks(typo_site) == []
    for feed in typo_site.path.rglob("*.xml"):
        assert SOFT_HYPHEN not in feed.read_text("utf-8")


def test_soft_hyphens_only_in_visible_text_of_the_production_site(site):
    body = site.soup("blogi/mista-syntyy-hyodyllinen-tyonohjaus/").select_one("main article")
    assert SOFT_HYPHEN in body.get_text()
    assert (site.path / "sitemap.xml").exists()
    assert list(site.path.rglob("syote.xml"))
    assert soft_hyphen_leaks(site) == []


def test_voikko_is_asked_once_per_distinct_word(typo_site):
    log = re.sub(r"\s+", " ", typo_site.output)
    found = re.search(r"typography_fi: (\d+) words hyphenated, (\d+) distinct words", log)
    assert found, typo_site.output[-2000:]
    lookups, calls = int(found[1]), int(found[2])
    distinct = set()
    for file in typo_site.html_files():
        text = BeautifulSoup(file.read_text("utf-8"), "lxml").body.get_text(" ")
        distinct.update(re.findall(r"[^\W\d_]+", text.replace(SOFT_HYPHEN, "")))
    assert 0 < calls <= len({word for word in distinct if len(word) >= 12})
    assert lookups > calls  # titles and words recur across pages: the cache answered


FAKE_LIBVOIKKO = {
    "python-package-missing": "raise ImportError(\"No module named 'libvoikko'\")\n",
    "c-library-missing": textwrap.dedent(
        """\
        class Voikko:
            def __init__(self, language, path=None):
                raise OSError("libvoikko.so.1: cannot open shared object file")
        """
    ),
}


@pytest.mark.parametrize("broken", sorted(FAKE_LIBVOIKKO))
def test_build_stops_with_finnish_help_when_voikko_is_missing(
    project_copy, tmp_path, monkeypatch, broken
):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "libvoikko.py").write_text(FAKE_LIBVOIKKO[broken], "utf-8")
    monkeypatch.setenv("PYTHONPATH", str(fake))
    build = run_pelican(project_copy, tmp_path / "output", "pelicanconf.py")
    assert build.returncode != 0
    output = re.sub(r"\s+", " ", build.output)
    for words in ("Voikko", "libvoikko1", "voikko-fi", "bin/setup", "Sivustoa ei rakennettu"):
        assert words in output, build.output
    assert not (tmp_path / "output" / "index.html").exists()


# --- A 320 px wide phone -------------------------------------------------------------------

# Every page type, with this copy's own long-compound category, topic and year.
PAGE_TYPES_320 = {
    **PAGE_TYPES,
    "long-compounds": f"blogi/{LONG_SLUG}/",
    "typography": f"blogi/{TYPO_SLUG}/",
    "service-2": "tyoyhteison-tyonohjaus/",
    "service-3": "johdon-tyonohjaus/",
    "kategoria": "blogi/kategoria/esimiestyoskentelytaidot/",
    "aihe": "blogi/aihe/esimiestyoskentelytaitojen/",
    "vuosi": "blogi/2021/",
}

OVERFLOW_JS = """
() => {
  const helpers = '.skip-link, .visually-hidden, .honeypot';
  for (const menu of document.querySelectorAll('details')) menu.open = true;
  const scrolls = (el) => getComputedStyle(el).overflowX !== 'visible';
  const problems = [];
  for (const el of document.body.querySelectorAll('*')) {
    const parent = el.parentElement;
    if (el.closest(helpers) || ['SCRIPT', 'STYLE'].includes(el.tagName)) continue;
    let inScroller = false;
    for (let a = parent; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) { inScroller = true; break; }
    }
    const box = el.getBoundingClientRect();
    if (inScroller || (box.width === 0 && box.height === 0)) continue;
    const style = getComputedStyle(parent);
    const outer = parent.getBoundingClientRect();
    const right = outer.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
    if (box.right > right + 0.5) {
      problems.push(`${el.tagName.toLowerCase()}.${el.className} ` +
        `"${el.textContent.trim().slice(0, 40)}" ends at ${box.right.toFixed(1)}, ` +
        `its parent ${parent.tagName.toLowerCase()}.${parent.className} at ${right.toFixed(1)}`);
    }
  }
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    problems,
  };
}
"""


@pytest.fixture(scope="module")
def typo_server(typo_site):
    server, url = serve(typo_site.path)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, offline=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("url", list(PAGE_TYPES_320.values()), ids=list(PAGE_TYPES_320))
def test_nothing_overflows_on_a_320px_screen(typo_site, typo_server, phone, url):
    assert (typo_site.path / (url or "index.html")).exists() or (
        typo_site.path / url / "index.html"
    ).exists(), url
    response = phone.goto(f"{typo_server}/{url}")
    assert response is not None and response.ok
    result = phone.evaluate(OVERFLOW_JS)
    assert result["innerWidth"] == 320
    assert result["problems"] == []
    assert result["scrollWidth"] <= result["innerWidth"]


@pytest.mark.parametrize("width", WIDTHS)
def test_long_compounds_wrap_only_at_spaces_and_hyphenation_points(typo_server, browser, width):
    """Every page type of this copy, its 24-letter category and topic included, at each
    width: a line ends inside a word only at a soft hyphen."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        found = {}
        for name, url in PAGE_TYPES_320.items():
            page.goto(f"{typo_server}/{url}")
            if breaks := mid_word_breaks(page):
                found[name] = breaks
        page.goto(f"{typo_server}/blogi/{LONG_SLUG}/")
        hyphenated = page.evaluate(HYPHENATED_BREAKS_JS)
    finally:
        context.close()
    assert found == {}
    if width == 320:
        assert hyphenated > 0  # the long compounds did break, at Voikko's points


HYPHENATED_BREAKS_JS = """
() => {
  // How many soft hyphens in the article ended a line.
  const range = document.createRange();
  let count = 0;
  const walker = document.createTreeWalker(document.querySelector('main article'),
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = node.data.indexOf('\u00ad'); i > 0 && i + 1 < node.length;
         i = node.data.indexOf('\u00ad', i + 1)) {
      range.setStart(node, i - 1); range.setEnd(node, i);
      const before = range.getClientRects();
      range.setStart(node, i + 1); range.setEnd(node, i + 2);
      const after = range.getClientRects();
      if (before.length && after.length &&
          after[after.length - 1].top > before[before.length - 1].top + 1) count++;
    }
  }
  return count;
}
"""
