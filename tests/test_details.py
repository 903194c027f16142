"""Smaller things a careful operator expects: only the files pages use are shipped, a broken
or missing themes.yaml is an error when there is feedback to show, text typed on a Mac is the
same text as any other, every message says one thing, and a slip in her details
(tiedot.yaml) or a misspelt or mistyped setting stops the build with its file and line."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitecore.feedback import load_file, load_themes
from support import PROD_SITEURL, ROOT, copy_project, run_invoke, run_pelican


def test_only_the_theme_files_pages_use_are_shipped(site):
    """Hashed CSS and JavaScript only: the plain copies Pelican makes are not shipped."""
    shipped = {p.relative_to(site.path).as_posix() for p in site.path.glob("theme/**/*.*")}
    used = set()
    for page in site.html_files():
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        links = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        links += [script["src"] for script in soup.find_all("script", src=True)]
        used |= {url.split("/", 3)[3] for url in links if url.startswith(PROD_SITEURL)}
    assert shipped == used, shipped ^ used
    assert not (site.path / "theme" / "css" / "site.css").exists()


def test_missing_themes_file_is_an_error_when_there_is_feedback(project_copy, tmp_path):
    (project_copy / "content" / "feedback" / "themes.yaml").unlink()
    build = run_pelican(project_copy, tmp_path / "out", "pelicanconf.py")
    said = re.sub(r"\s+", " ", build.output)
    assert build.returncode != 0, said
    assert "content/feedback/themes.yaml" in said and "teematiedosto puuttuu" in said


def test_broken_themes_file_is_an_error_naming_the_line(project_copy, tmp_path):
    (project_copy / "content" / "feedback" / "themes.yaml").write_text(
        "- key: johtaminen\n  label: [Esimiestyö\n", encoding="utf-8"
    )
    build = run_pelican(project_copy, tmp_path / "out", "pelicanconf.py")
    said = re.sub(r"\s+", " ", build.output)
    assert build.returncode != 0, said
    assert re.search(r"content/feedback/themes\.yaml, rivi \d", said), said


def test_no_feedback_needs_no_themes_file(project_copy, tmp_path):
    folder = project_copy / "content" / "feedback"
    for file in folder.glob("*.yaml"):
        file.unlink()
    build = run_pelican(project_copy, tmp_path / "out", "pelicanconf.py")
    assert build.returncode == 0, build.output


def test_text_typed_as_decomposed_letters_is_the_same_text(project_copy, tmp_path):
    """A Mac writes ä as a + ¨ (NFD): same title, same category, same words as NFC."""
    nfd = unicodedata.normalize("NFD", "Esimiestyö")
    title = unicodedata.normalize("NFD", "Hyvä päivä työssä")
    (project_copy / "content" / "blogi" / "2016-01-01-mac.md").write_text(
        f"Title: {title}\nDate: 2016-01-01\nCategory: {nfd}\n\n"
        + unicodedata.normalize("NFD", "Työnohjaus auttaa jäämään.")
        + "\n",
        encoding="utf-8",
    )
    build = run_pelican(project_copy, tmp_path / "out", "publishconf.py")
    assert build.returncode == 0, build.output
    for file in build.all_files():
        if file.suffix in (".html", ".xml", ".txt"):
            text = file.read_text("utf-8")
            assert unicodedata.is_normalized("NFC", text), file
    categories = [p.name for p in (build.path / "blogi" / "kategoria").iterdir()]
    assert categories.count("esimiestyo") == 1 and len(categories) == len(set(categories))
    page = build.soup("blogi/hyva-paiva-tyossa/")
    h1 = page.find("h1").get_text().replace("\u00ad", "").replace("\u00a0", " ")
    assert h1 == "Hyvä päivä työssä"
    listed = build.soup("blogi/kategoria/esimiestyo/").get_text()
    assert "Hyvä päivä työssä" in listed.replace("\u00ad", "").replace("\u00a0", " ")


def test_a_quoted_true_is_not_told_to_write_true(tmp_path):
    (tmp_path / "themes.yaml").write_text("- key: a\n  label: A\n", encoding="utf-8")
    themes, _ = load_themes(tmp_path / "themes.yaml")
    path = tmp_path / "palaute.yaml"
    for written in ('"true"', "'true'", '"True"'):
        path.write_text(
            f"date: 2013-05-31\npublish: anonymous\nfeatured: {written}\nquote: Hyvä.\n",
            encoding="utf-8",
        )
        item, problems = load_file(path, [t.key for t in themes], [], dt.date(2026, 1, 1))
        (problem,) = problems
        message = problem.message
        assert problem.line == 3 and "lainausmerkeittä" in message, message
        assert f"featured: {written} ei käy" in message, message


# --- her details (tiedot.yaml) and the settings schema, as the build meets them --------------


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    """A copy of the project whose tiedot.yaml and pelicanconf.py each test breaks anew."""
    return copy_project(tmp_path_factory.mktemp("tiedot") / "project", image_cache=False)


def broken(project: Path, name: str, old: str, new: str) -> int:
    """The shipped file name with old replaced by new; the line new starts on."""
    text = (ROOT / name).read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    (project / name).write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


DETAILS_MISTAKES = [
    ("nimi: Maija Esimerkki", "nimi: Maija: Esimerkki", "kelvollista YAML-muotoa: rivillä"),
    ("ammattinimike: T", 'ammattinimike: "T', "kelvollista YAML-muotoa: lainausmerkki jäi"),
    (
        "nimi: Maija",
        "nimii: Maija",
        "tuntematon kenttä ”nimii” tiedostossa tiedot.yaml. Tarkoititko ”nimi”?",
    ),
    ("  etänä: kyllä", "  etänä: joo", "tapaamiset, etänä: ”joo” ei ole vaihtoehto (kyllä tai ei)"),
    ("paikkakunta: ", "paikkakunta: [Tampere]  # ", "kohdassa paikkakunta pitää olla yksi arvo"),
    ("sähköposti: maija@example.fi", "sähköposti: maija.example.fi", "ei ole sähköposti"),
    ("y-tunnus: 1234567-8", "y-tunnus: 0112038-8", "”0112038-8” tarkistusnumero ei täsmää"),
    ('ajanvaraus: ""', "ajanvaraus: varaa.fi", "”varaa.fi” ei ole julkinen https-osoite"),
    ('  maa: "[maa]"', "  maa: Suomi", "webhotelli, maa: maata ”Suomi” ei tunneta: kirjoita"),
    (
        '  maa: ""\n  siirtoperuste: ""\n  säilytys',
        '  maa: FIN\n  siirtoperuste: ""\n  säilytys',
        "kysely, maa: maata ”FIN” ei tunneta: kirjoita maan kaksikirjaiminen tunnus.",
    ),
]
SETTINGS_MISTAKES = [
    ("SEARCH_INDEX = True", "SEARCH_INDEX = 1", "SEARCH_INDEX arvo on väärää tyyppiä"),
    ("SEARCH_INDEX = True", "SEARCH_INDEKS = True", "Tarkoititko ”SEARCH_INDEX”?"),
    ("SHARE_IMAGE =", "SHARE_IMAGES =", "tuntematon asetus SHARE_IMAGES"),
    ("SEARCH_INDEX = True", 'SITENAME = "Oma"', "asetus SITENAME on omia tietojasi"),
]


@pytest.mark.parametrize(
    "name, old, new, says",
    [("tiedot.yaml", *m) for m in DETAILS_MISTAKES]
    + [("pelicanconf.py", *m) for m in SETTINGS_MISTAKES],
)
@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_a_mistake_in_her_details_or_a_setting_stops_the_build_naming_the_line(
    desk, tmp_path, name, old, new, says, conf
):
    line = broken(desk, name, old, new)
    try:
        build = run_pelican(desk, tmp_path / "out", conf)
    finally:
        for shipped in ("tiedot.yaml", "pelicanconf.py"):
            (desk / shipped).write_text((ROOT / shipped).read_text("utf-8"), encoding="utf-8")
    said = re.sub(r"\s+", " ", build.output)
    assert build.returncode != 0 and "Traceback" not in build.output, build.output
    assert f"Virhe: {name}, rivi {line}: " in build.output and says in said, build.output
    assert not (tmp_path / "out" / "index.html").exists()


def test_invoke_build_names_her_slip_in_finnish(desk):
    line = broken(desk, "tiedot.yaml", "  nimi: Työnohjaus", "  nimi: Työnohjaus:")
    # what the failed build says of output/ is what is true of it
    kept = "jäi ennalleen" if (desk / "output").is_dir() else "Kansiota output ei vielä ole"
    try:
        proc = run_invoke(desk, "build")
    finally:
        (desk / "tiedot.yaml").write_text((ROOT / "tiedot.yaml").read_text("utf-8"), "utf-8")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "Traceback" not in output, output
    assert f"tiedot.yaml, rivi {line}: tiedosto ei ole kelvollista YAML-muotoa" in output
    assert kept in output, output
