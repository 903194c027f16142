"""Smaller things a careful operator expects: only the files pages use are shipped, a broken
or missing themes.yaml is an error when there is feedback to show, text typed on a Mac is the
same text as any other, and every message says one thing."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from bs4 import BeautifulSoup

from sitecore.feedback import load_file, load_themes
from support import PROD_SITEURL, run_pelican


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
        item, problems = load_file(path, {t.key: t for t in themes}, [], dt.date(2026, 1, 1))
        (problem,) = problems
        message = problem.message
        assert problem.line == 3 and "lainausmerkeittä" in message, message
        assert f"featured: {written} ei käy" in message, message
