"""A post's topics (tags) never repeat its category, whatever the case they are written in:
not on the post's page, not in the feeds. One production build of a copy with a post for
each spelling of the same word."""

from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup

from support import PROD_SITEURL, Build, copy_project, run_pelican

CATEGORY = "Esimiestyö"
# The category's word as a tag, in every case a writer might type it.
SPELLINGS = ["esimiestyö", "ESIMIESTYÖ", "EsimiesTyö", "Esimiestyö", "esimiestyÖ"]


def post(number: int, tags: str) -> str:
    return (
        f"Title: Aihekoe {number}\nDate: 2016-06-0{number + 1} 10:00\nCategory: {CATEGORY}\n"
        f"Tags: {tags}\nSummary: Kokeilu.\n\nTavallinen teksti.\n"
    )


@pytest.fixture(scope="module")
def topics_site(tmp_path_factory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("topics") / "project")
    posts = project / "content" / "blogi"
    for number, spelling in enumerate(SPELLINGS):
        (posts / f"2016-06-0{number + 1}-aihekoe.md").write_text(
            post(number, f"{spelling}, jaksaminen"), "utf-8"
        )
    (posts / "2016-06-09-vain-kategoria.md").write_text(post(8, SPELLINGS[0]), "utf-8")
    build = run_pelican(project, project / "output", "publishconf.py")
    assert build.returncode == 0, build.output
    return build


def entry_terms(build: Build, feed: str, number: int) -> list[str]:
    parsed = feedparser.parse((build.path / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    link = f"{PROD_SITEURL}/blogi/aihekoe-{number}/"
    entry = next(entry for entry in parsed.entries if entry.link == link)
    return [tag.term for tag in entry.tags]


@pytest.mark.parametrize("number,spelling", enumerate(SPELLINGS), ids=SPELLINGS)
def test_a_tag_spelt_as_the_category_is_not_repeated(topics_site, number, spelling):
    soup = BeautifulSoup(
        (topics_site.path / f"blogi/aihekoe-{number}/index.html").read_text("utf-8"), "lxml"
    )
    topics = [a.get_text().replace("\u00ad", "") for a in soup.select("main .tags a")]
    assert topics == ["jaksaminen"], spelling
    for feed in ("blogi/syote.xml", "blogi/kategoria/esimiestyo/syote.xml"):
        assert entry_terms(topics_site, feed, number) == [CATEGORY, "jaksaminen"], feed


def test_no_topics_line_when_the_only_tag_is_the_category(topics_site):
    soup = BeautifulSoup(
        (topics_site.path / "blogi/aihekoe-8/index.html").read_text("utf-8"), "lxml"
    )
    assert soup.select_one("main .tags") is None
    assert entry_terms(topics_site, "blogi/syote.xml", 8) == [CATEGORY]
