"""The feedback plugin in real builds: a project copy with its own feedback files, built the
way `invoke build` builds it, looked at as a visitor would; plus the real content."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from support import ROOT, copy_project, run_invoke, run_pelican

THEMES = """\
- key: johtaminen
  label: Esimiestyö ja johtaminen
- key: luottamus
  label: Luottamus ja yhteistyö
  description: Puhumme avoimemmin.
- key: jaksaminen
  label: Jaksaminen & <rajat>
"""
HOSTILE_QUOTE = '<script>alert("xss")</script> <b>Lihavaa</b> & "lainaus"'
FILES = {
    "named-2013.yaml": {
        "author": "Ryhmä <i>kursiivi</i>",
        "date": "2013-05-31",
        "service": "johdon-tyonohjaus",
        "publish": "named",
        "featured": True,
        "quote": HOSTILE_QUOTE,
        "benefits": [
            {"theme": "johtaminen", "text": "Oma esimiestyö sai lisää voimaa"},
            {"theme": "luottamus", "text": "Vertaistuki vahvistui"},
        ],
        "success_factors": ["Työnohjaajan kokemus"],
        "improvements": ["Pidempi prosessi"],
    },
    "named-2024.yaml": {
        "author": "Kotihoidon tiimi",
        "date": "2024-01-15",
        "service": "tyoyhteison-tyonohjaus",
        "publish": "named",
        "featured": True,
        "quote": "Tiimimme oppi puhumaan.",
        "benefits": [{"theme": "luottamus", "text": "Vertaistuki vahvistui."}],
        "success_factors": ["työnohjaajan kokemus"],
    },
    "named-2020.yaml": {
        "author": "Osastonhoitaja",
        "date": "2020-06-01",
        "service": "yksilotyonohjaus",
        "publish": "named",
        "featured": True,
        "quote": "Yksilölainaus kolme.",
        "benefits": [{"theme": "johtaminen", "text": "Rohkeus kasvoi"}],
    },
    "named-2010.yaml": {
        "author": "Vanha asiakas",
        "date": "2010-01-01",
        "service": "yksilotyonohjaus",
        "publish": "named",
        "featured": True,
        "quote": "Vanhin lainaus.",
    },
    "anonymous.yaml": {
        "author": "Nimettömänpiilo Salaperäinen",
        "date": "2022-09-09",
        "service": "yksilotyonohjaus",
        "publish": "anonymous",
        "featured": True,
        "quote": "Anonyymi lainaus tässä.",
        "benefits": [{"theme": "jaksaminen", "text": "Rajat selkiytyivät"}],
    },
    "statistics.yaml": {
        "author": "Tilastokirjoittaja Xyzzy",
        "date": "2023-03-03",
        "service": "johdon-tyonohjaus",
        "publish": "statistics",
        "featured": True,
        "quote": "Tilastolainaus Plugh",
        "benefits": [{"theme": "johtaminen", "text": "Tilastohyöty Quuxwort"}],
        "success_factors": ["Tilastotekijä Frobnitz"],
        "improvements": ["Tilastoparannus Wibble"],
    },
    "no.yaml": {
        "author": "Kieltäjä Zorkmid",
        "date": "2021-02-02",
        "service": "johdon-tyonohjaus",
        "publish": "no",
        "featured": True,
        "quote": "Kieltolainaus Grue",
        "benefits": [{"theme": "luottamus", "text": "Kieltohyöty Blorple"}],
        "success_factors": ["Kieltotekijä Gazonk"],
    },
}
BAD_FILE = "date: 2019-04-04\npublish: yes\nquote: Virhetiedosto Snargle\n"


def write_feedback(project: Path, files: dict[str, dict], bad: str | None = BAD_FILE) -> Path:
    folder = project / "content" / "feedback"
    for old in folder.glob("*.yaml"):
        if old.name != "import-mapping.yaml":
            old.unlink()
    (folder / "themes.yaml").write_text(THEMES, encoding="utf-8")
    for name, data in files.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        text = text.replace("publish: 'no'", "publish: no")  # as she would write it
        (folder / name).write_text(text, encoding="utf-8")
    if bad:
        (folder / "bad.yaml").write_text(bad, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def fb_project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("feedback") / "project")
    write_feedback(project, FILES)
    return project


@pytest.fixture(scope="module")
def fb_site(fb_project, tmp_path_factory):
    build = run_pelican(fb_project, tmp_path_factory.mktemp("fb-out") / "output")
    assert build.returncode == 0, build.output
    return build


def words(*texts: str) -> set[str]:
    return {word for text in texts for word in re.findall(r"\w{4,}", text)}


def secret_words() -> set[str]:
    """Every word of the statistics and no files, and the anonymous file's author."""
    secret = set()
    for data in FILES.values():
        if data["publish"] in ("statistics", "no"):
            texts = [data["author"], data["quote"]]
            texts += [b["text"] for b in data.get("benefits", [])]
            texts += data.get("success_factors", []) + data.get("improvements", [])
            secret |= words(*texts)
        elif data["publish"] == "anonymous":
            secret |= words(data["author"])
    return secret


def visible_text(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return html.unescape(text.replace("&shy;", "")).replace("\u00ad", "").casefold()


def cite_texts(soup) -> list[str]:
    """The quotes' sources as read (soft hyphens are invisible)."""
    cites = (b.find("cite").get_text().replace("\u00ad", "") for b in soup.select("blockquote"))
    return [" ".join(cite.split()) for cite in cites]


def test_a_bad_file_is_left_out_with_a_warning_and_the_rest_builds(fb_site):
    assert "bad.yaml, rivi 2" in fb_site.output
    assert "publish: yes ei ole sallittu arvo" in fb_site.output
    assert "publish: anonymous" in fb_site.output
    assert "Tiedosto jätettiin pois" in fb_site.output
    assert fb_site.soup("hyodyt/").select("blockquote")


def test_not_one_word_of_statistics_or_no_files_nor_an_anonymous_author_is_published(fb_site):
    secrets = {word.casefold() for word in secret_words()} | {"snargle", "virhetiedosto"}
    assert len(secrets) > 15
    files = fb_site.all_files()
    assert any(path.suffix == ".xml" for path in files)  # feeds and sitemap are looked at too
    leaks = [
        (path.relative_to(fb_site.path), word)
        for path in files
        for word in secrets & set(re.findall(r"\w{4,}", visible_text(path)))
    ]
    assert leaks == []


def test_benefits_by_theme_with_counts_and_merged_texts(fb_site):
    soup = fb_site.soup("hyodyt/")
    assert soup.h1.get_text(strip=True).replace("\xa0", " ") == "Hyödyt ja palautteet"
    assert "Aina, kun yhteistyöni" in soup.select_one("article").get_text()  # the intro page
    themes = soup.select(".feedback-theme")
    assert [t.h3.get_text() for t in themes] == [
        "Esimiestyö ja johtaminen",
        "Luottamus ja yhteistyö",
        "Jaksaminen & <rajat>",
    ]
    counts = [t.select_one(".feedback-count").get_text(strip=True) for t in themes]
    assert counts == ["3 palautteessa 6:sta", "2 palautteessa 6:sta", "1 palautteessa 6:sta"]
    texts = [[li.get_text() for li in t.select("li")] for t in themes]
    assert texts[0] == ["Rohkeus kasvoi", "Oma esimiestyö sai lisää voimaa"]
    assert [text.rstrip(".") for text in texts[1]] == ["Vertaistuki vahvistui"]
    assert texts[2] == ["Rajat selkiytyivät"]
    assert "Puhumme avoimemmin." in themes[1].get_text()
    assert not soup.select("rajat")  # the label was escaped


def test_chart_is_inline_svg_with_the_numbers_as_text_for_screen_readers(fb_site):
    soup = fb_site.soup("hyodyt/")
    figure = soup.select_one("figure.feedback-chart")
    svg = figure.find("svg")
    assert svg["aria-hidden"] == "true"
    assert not svg.find("script") and not svg.find("image") and not svg.find("foreignobject")
    bars = [rect["width"] for rect in svg.select("rect.chart-bar")]
    assert bars == ["50%", "33.33%", "16.67%"]
    assert [t.get_text() for t in svg.select("text.chart-count")] == ["3/6", "2/6", "1/6"]
    assert "Jaksaminen & <rajat>" in svg.get_text()
    table = figure.select_one("table.visually-hidden")
    rows = [[cell.get_text(strip=True) for cell in tr.select("th, td")] for tr in table.tbody("tr")]
    assert rows == [
        ["Esimiestyö ja johtaminen", "3 palautteessa 6:sta"],
        ["Luottamus ja yhteistyö", "2 palautteessa 6:sta"],
        ["Jaksaminen & <rajat>", "1 palautteessa 6:sta"],
    ]
    assert "Palautteita on yhteensä 6." in figure.figcaption.get_text()


def test_quotes_newest_first_with_author_month_and_service(fb_site):
    soup = fb_site.soup("hyodyt/")
    quotes = soup.select("blockquote")
    assert cite_texts(soup) == [
        "Kotihoidon tiimi",
        "Asiakkaan palaute",
        "Osastonhoitaja",
        "Ryhmä <i>kursiivi</i>",
        "Vanha asiakas",
    ]
    oldest_named = quotes[3]
    assert oldest_named.find("time").get_text() == "toukokuu 2013"
    assert oldest_named.find("time")["datetime"] == "2013-05"
    assert oldest_named.find("a")["href"] == "https://www.example.fi/johdon-tyonohjaus/"
    anonymous = quotes[1]
    assert "Anonyymi lainaus tässä." in anonymous.get_text()
    assert anonymous.find("a") is None  # no service: it could identify the client
    assert anonymous.find("time").get_text() == "syyskuu 2022"


def test_html_in_a_quote_shows_as_text(fb_site):
    soup = fb_site.soup("hyodyt/")
    hostile = soup.select("blockquote")[3]
    # shown as text, word for word, only with Finnish quotation marks
    assert hostile.p.get_text() == HOSTILE_QUOTE.replace('"', "\u201d")
    assert hostile.find("script") is None and hostile.find("b") is None
    assert hostile.find("i") is None
    for path in fb_site.html_files():
        for script in path.read_text(encoding="utf-8").split("<script")[1:]:
            assert "alert(" not in script.split("</script>")[0]


def test_success_factors_and_improvements_merged(fb_site):
    soup = fb_site.soup("hyodyt/")
    factors = soup.select_one("#mika-auttoi").find_parent("section")
    assert [li.get_text() for li in factors("li")] == ["työnohjaajan kokemus"]
    improvements = soup.select_one("#viela-parempi").find_parent("section")
    assert [li.get_text() for li in improvements("li")] == ["Pidempi prosessi"]


def test_service_pages_show_their_own_counts_and_named_quotes(fb_site):
    expected = {
        "johdon-tyonohjaus": (
            ["Esimiestyö ja johtaminen: 2 palautteessa 2:sta", "Luottamus ja yhteistyö: 1 "
             "palautteessa 2:sta"],
            ["Ryhmä <i>kursiivi</i>"],
        ),
        "yksilotyonohjaus": (
            ["Esimiestyö ja johtaminen: 1 palautteessa 3:sta", "Jaksaminen & <rajat>: 1 "
             "palautteessa 3:sta"],
            ["Osastonhoitaja", "Vanha asiakas"],
        ),
        "tyoyhteison-tyonohjaus": (
            ["Luottamus ja yhteistyö: 1 palautteessa 1:stä"],
            ["Kotihoidon tiimi"],
        ),
    }  # fmt: skip
    for slug, (counts, authors) in expected.items():
        soup = fb_site.soup(f"{slug}/")
        section = soup.select_one("#palvelun-palautteet").find_parent("section")
        assert [" ".join(li.get_text().split()) for li in section.select("li")] == counts
        assert cite_texts(section) == authors
        assert "Anonyymi lainaus" not in soup.get_text()


def test_home_page_shows_the_three_newest_featured_quotes(fb_site):
    soup = fb_site.soup("")
    section = soup.select_one("section.home-quotes")
    assert cite_texts(section) == ["Kotihoidon tiimi", "Asiakkaan palaute", "Osastonhoitaja"]
    assert section.select_one('a[href="https://www.example.fi/hyodyt/"]')


def test_no_review_or_rating_structured_data(fb_site):
    for path in fb_site.all_files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert "AggregateRating" not in text and '"Review"' not in text
    for script in fb_site.soup("hyodyt/").select('script[type="application/ld+json"]'):
        assert "Review" not in json.dumps(json.loads(script.string))


def test_build_is_deterministic(fb_project, fb_site, tmp_path):
    again = run_pelican(fb_project, tmp_path / "output")
    assert again.returncode == 0
    page = "hyodyt/index.html"
    assert (again.path / page).read_bytes() == (fb_site.path / page).read_bytes()


def test_strict_build_stops_on_an_invalid_file(fb_project, tmp_path):
    project = copy_project(tmp_path / "strict")
    write_feedback(project, FILES)
    proc = run_invoke(project, "build", "--strict")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "bad.yaml, rivi 2" in output and "publish: named" in output
    assert "Palautetiedostot tarkistetaan tiukasti" in output
    assert "epäonnistui: 1 varoitus tai virhe" in output
    assert not (project / "output").exists()
    (project / "content" / "feedback" / "bad.yaml").unlink()
    proc = run_invoke(project, "build", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (project / "output" / "hyodyt" / "index.html").exists()


def test_missing_themes_file_stops_the_build_when_there_is_feedback(tmp_path):
    """Without themes.yaml no feedback could be shown: an error, not a quiet empty page."""
    project = copy_project(tmp_path / "project")
    write_feedback(project, FILES, bad=None)
    (project / "content" / "feedback" / "themes.yaml").unlink()
    build = run_pelican(project, tmp_path / "output")
    assert build.returncode != 0, build.output
    assert "themes.yaml" in build.output and "teematiedosto puuttuu" in build.output
    assert "Traceback" not in build.output


# --- the real content --------------------------------------------------------------------


def real_feedback() -> list[dict]:
    folder = ROOT / "content" / "feedback"
    skip = {"themes.yaml", "import-mapping.yaml"}
    return [
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "no" stays "no"
        for path in sorted(folder.glob("*.yaml"))
        if path.name not in skip
    ]


def test_real_content_every_theme_has_her_own_feedback_and_no_invented_quote(site):
    # Production holds only the seed's two summaries: every theme counted from them, each
    # listed benefit of the clients' summary as one mention (not a feedback), and no quote
    # (the seed has no client's own sentence) on the benefits page, the home page or a
    # service page.
    soup = site.soup("hyodyt/")
    themes = yaml.safe_load((ROOT / "content/feedback/themes.yaml").read_text(encoding="utf-8"))
    shown = soup.select(".feedback-theme")
    labels = [t.h3.get_text().replace("\u00ad", "") for t in shown]
    assert labels == [theme["label"] for theme in themes]
    own = [d for d in real_feedback() if d.get("example") != "true"]
    assert len(own) == 2
    total = sum(len(d["benefits"]) if d.get("count") == "each_benefit" else 1 for d in own)
    for theme in shown:
        count = theme.select_one(".feedback-count").get_text()
        mentions = r"(1 maininta|([2-9]|[1-9]\d+) mainintaa)"
        assert re.fullmatch(rf"{mentions} {total}:st[aä]", count), count
        assert theme.select("li")
    caption = soup.select_one("figcaption").get_text()
    assert caption.startswith("Palautteita ja koosteiden hyötyjä on yhteensä 9; koosteen")
    assert "palautteessa" not in soup.select_one(".feedback-section").get_text()
    assert soup.select_one("figure table thead").get_text(" ", strip=True) == "Teema Maininnat"
    assert soup.select("blockquote") == []
    assert site.soup("").select("blockquote") == []
    assert soup.select(".badge-example, .example-note") == []
    section = site.soup("johdon-tyonohjaus/").select_one("#palvelun-palautteet").parent
    assert section.select("li") and section.select("blockquote") == []


def test_preview_shows_the_examples_marked(dev_site):
    soup = dev_site.soup("hyodyt/")
    note = soup.select_one(".feedback-section .example-note").get_text(" ")
    examples = [d for d in real_feedback() if d.get("example") == "true"]
    counted = [d for d in examples if d["publish"] != "no"]
    assert f"{len(counted)} näistä palautteista on keksittyjä esimerkkejä" in " ".join(note.split())
    quotes = soup.select("blockquote")
    assert quotes and all(q.select_one(".badge-example") for q in quotes)
    assert len(dev_site.soup("").select("section.home-quotes blockquote")) == 3


EXAMPLE_FILE = """example: true
author: Keksitty Tiimi Xylofoni
date: 2020-02-02
service: yksilotyonohjaus
publish: named
featured: true
quote: Keksitty lainaus Zyxwvu, jota kukaan ei sanonut.
benefits:
  - theme: luottamus
    text: Keksitty hyöty Qwertyuiop
success_factors:
  - Keksitty tekijä Asdfghjkl
improvements:
  - Keksitty parannus Zxcvbnm
"""


def test_no_example_feedback_reaches_any_production_output(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "feedback" / "2020-02-02-keksitty.yaml").write_text(
        EXAMPLE_FILE, encoding="utf-8"
    )
    production = run_pelican(project, tmp_path / "production")
    preview = run_pelican(project, tmp_path / "preview", "pelicanconf.py")
    assert production.returncode == 0 and preview.returncode == 0, production.output
    unique = ["Xylofoni", "Zyxwvu", "Qwertyuiop", "Asdfghjkl", "Zxcvbnm"]
    for path in production.all_files():  # pages, feeds, sitemap, manifest, JSON-LD, any index
        text = visible_text(path)
        assert not [word for word in unique if word.casefold() in text], path
    total = "Palautteita ja koosteiden hyötyjä on yhteensä 9;"  # the two files of her own
    assert total in production.soup("hyodyt/").figcaption.get_text()
    page = preview.soup("hyodyt/")
    assert "Zyxwvu" in page.get_text() and "Xylofoni" in page.get_text()
    quote = next(q for q in page.select("blockquote") if "Zyxwvu" in q.get_text())
    assert quote.select_one(".badge-example").get_text() == "Esimerkki"
    assert total not in page.figcaption.get_text()
    # the leak check: the preview may show the marked example, a production build never
    from sitetools.check import check_site

    assert check_site(preview.path, project / "content", ["leaks"]).ok
    assert check_site(production.path, project / "content", ["leaks"]).ok
    leaking = run_pelican(project, tmp_path / "leaking", "publishconf.py", "-e",
                          "FEEDBACK_SHOW_EXAMPLES=true")  # fmt: skip
    report = check_site(leaking.path, project / "content", ["leaks"])
    assert any(
        f.startswith("content/feedback/2020-02-02-keksitty.yaml: esimerkkipalaute")
        for f in report.failures
    ), report.failures


def test_real_content_statistics_and_no_texts_are_not_published(site):
    feedback = real_feedback()
    shown = [d for d in feedback if d["publish"] in ("named", "anonymous")]
    hidden = [d for d in feedback if d["publish"] in ("statistics", "no")]
    assert hidden

    def texts(data: dict) -> list[str]:
        found = [data.get("author", ""), data.get("quote", "")]
        found += [b.get("text", "") for b in data.get("benefits", [])]
        return found + data.get("success_factors", []) + data.get("improvements", [])

    published = {" ".join(t.split()).casefold() for d in shown for t in texts(d)}
    markdown = " ".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md")
    ).casefold()
    secret = {
        " ".join(t.split()).casefold() for d in hidden for t in texts(d) if len(t) > 12
    } - published
    secret = {t for t in secret if t not in markdown}
    assert secret
    for path in site.all_files():
        text = " ".join(visible_text(path).split())
        assert not [t for t in secret if t in text], path


# --- the chart in a real browser ----------------------------------------------------------

CHART_JS = """() => {
  const svg = document.querySelector('.feedback-chart svg');
  const box = svg.getBoundingClientRect();
  const root = getComputedStyle(document.documentElement);
  const bar = getComputedStyle(svg.querySelector('.chart-bar'));
  const track = getComputedStyle(svg.querySelector('.chart-track'));
  const labels = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());
  const probe = document.createElement('span');
  document.body.append(probe);
  probe.style.color = root.getPropertyValue('--accent');
  const accent = getComputedStyle(probe).color;
  probe.style.color = root.getPropertyValue('--bg');
  const background = getComputedStyle(probe).color;
  probe.remove();
  const overlaps = [...svg.querySelectorAll('.chart-count')].filter(count => {
    const label = svg.querySelector(`.chart-label[y="${count.getAttribute('y')}"]`);
    return label.getBoundingClientRect().right > count.getBoundingClientRect().left - 4;
  }).length;
  return {
    overlaps,
    left: box.left, right: box.right, width: box.width,
    page: document.documentElement.scrollWidth, viewport: innerWidth,
    fontPx: parseFloat(getComputedStyle(svg.querySelector('text')).fontSize),
    textLeft: Math.min(...labels.map(r => r.left)),
    textRight: Math.max(...labels.map(r => r.right)),
    barFill: bar.fill, trackFill: track.fill,
    labelFill: getComputedStyle(svg.querySelector('text')).fill,
    accent, background,
    bodyColor: getComputedStyle(document.body).color,
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_fits_a_320px_phone_and_follows_the_colour_scheme(browser, dev_server, scheme):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, color_scheme=scheme, java_script_enabled=True
    )
    try:
        page = context.new_page()
        page.goto(f"{dev_server}/hyodyt/")
        m = page.evaluate(CHART_JS)
    finally:
        context.close()
    assert m["page"] <= m["viewport"]  # nothing scrolls sideways
    assert m["left"] >= 0 and m["right"] <= m["viewport"] and m["width"] > 250
    # labels and counts stay inside the chart (a glyph may overhang by a pixel)
    assert m["textLeft"] >= m["left"] - 2 and m["textRight"] <= m["right"] + 2
    assert m["overlaps"] == 0  # a long label wraps before it reaches its count
    assert m["fontPx"] >= 14  # readable: text is not scaled down with the chart
    assert m["barFill"] == m["accent"]  # the site's accent colour, light or dark
    assert m["labelFill"] == m["bodyColor"]
    assert m["trackFill"] != m["barFill"] and m["trackFill"] != m["background"]
