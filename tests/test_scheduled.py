"""A post dated in the future waits for its day.

The production build leaves it out of every page, feed, sitemap and list, and names it as
scheduled with its date; the local preview shows it under luonnokset/ with a note. No feed
says it was updated in the future. (The first build on or after the date publishes it: the
README tells how to run `invoke publish` daily with cron.)
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from support import copy_project, run_pelican

HELSINKI = ZoneInfo("Europe/Helsinki")
TITLE = "Tuleva kirjoitus odottaa päiväänsä"
SLUG = "tuleva-kirjoitus-odottaa-paivaansa"
WORD = "Aikakonekappale"  # a word only the future post has
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def future() -> dt.datetime:
    now = dt.datetime.now(HELSINKI)
    return now.replace(year=now.year + 2, month=5, day=31, hour=10, minute=0, second=0)


@pytest.fixture(scope="module")
def project(tmp_path_factory, future):
    project = copy_project(tmp_path_factory.mktemp("ajastus") / "project")
    post = project / "content" / "blogi" / f"{future:%Y-%m-%d}-tuleva.md"
    post.write_text(
        f"Title: {TITLE}\nDate: {future:%Y-%m-%d %H:%M}\nCategory: Tulevaisuus\n"
        f"Tags: ajastus\nSummary: Kirjoitus, joka julkaistaan myöhemmin.\n\n{WORD} on tässä.\n",
        encoding="utf-8",
    )
    return project


def texts(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_text("utf-8", errors="replace")
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".txt", ".json"}
    }


def test_production_build_leaves_a_future_post_out_and_names_it(project, future):
    build = run_pelican(project, project / "julkaisu", "publishconf.py")
    assert build.returncode == 0, build.output
    said = re.sub(r"\s+", " ", build.output)
    assert "1 ajastettu" in said, said
    day = f"{future.day}.{future.month}.{future.year}"
    assert re.search(rf"content/blogi/{future:%Y-%m-%d}-tuleva\.md: {day} klo 10\.00", said), said
    for name, text in texts(build.path).items():
        for needle in (TITLE, SLUG, WORD, "Tulevaisuus", "ajastus", str(future.year)):
            assert needle not in text, f"{needle} in {name}"
    assert not (build.path / "blogi" / str(future.year)).exists()
    assert not list(build.path.rglob(f"*{SLUG}*"))


def test_no_feed_is_updated_in_the_future(project):
    build = run_pelican(project, project / "syotteet", "publishconf.py")
    assert build.returncode == 0, build.output
    now = dt.datetime.now(HELSINKI)
    feeds = sorted(build.path.rglob("syote.xml"))
    assert feeds
    for feed in feeds:
        root = etree.parse(str(feed)).getroot()
        for updated in root.iter(f"{ATOM}updated"):
            assert dt.datetime.fromisoformat(updated.text) <= now, (feed, updated.text)


def test_preview_shows_it_under_drafts_with_its_date(project, future):
    build = run_pelican(project, project / "esikatselu", "pelicanconf.py")
    assert build.returncode == 0, build.output
    page = build.soup(f"luonnokset/{SLUG}/")
    note = page.find(class_="scheduled")
    assert note is not None, page
    text = note.get_text(" ")
    assert "Ajastettu" in text and f"{future.day}.{future.month}.{future.year}" in text
    others = {n: t for n, t in texts(build.path).items() if not n.startswith("luonnokset/")}
    for name, text in others.items():
        assert WORD not in text and TITLE not in text, name


def test_a_future_modified_date_is_refused(project_copy, tmp_path):
    post = project_copy / "content" / "blogi" / "2015-03-17-kun-tyo-kuormittaa.md"
    later = dt.datetime.now(HELSINKI).year + 1
    post.write_text(
        post.read_text("utf-8").replace(
            "Date: 2015-03-17 10:00", f"Date: 2015-03-17 10:00\nModified: {later}-01-01"
        ),
        "utf-8",
    )
    build = run_pelican(project_copy, tmp_path / "out", "publishconf.py")
    said = re.sub(r"\s+", " ", build.output)
    assert build.returncode != 0, said
    assert "content/blogi/2015-03-17-kun-tyo-kuormittaa.md, rivi 3:" in said
    assert "tulevaisuudessa" in said and "Traceback" not in said
