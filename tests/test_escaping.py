"""Markup written into metadata is text, escaped exactly once, in every output.

A post and a service page carry hostile values in every metadata field a template prints
(Title, Category, Tags, Summary): an attribute break-out and a script. The production build
of that copy is read the way each consumer reads it: pages as a browser parses HTML (body
and attributes), feeds and the sitemap as XML, JSON-LD as JSON. Nowhere may the markup
become markup, and nowhere may it be escaped twice (a visitor would read "&lt;").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from support import PROD_SITEURL, Build, copy_project, run_pelican

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = 'Vaarallinen "><img src=x onerror=alert(1)> <script>alert(2)</script> & otsikko'
CATEGORY = 'Kate"><img src=x onerror=alert(3)>goria <script>alert(4)</script> & co'
TAG = 'ta"><img src=x onerror=alert(5)>gi'
TAG_2 = "<b>lihava</b> & aihe"
SUMMARY = 'Tiivistelmä "><img src=x onerror=alert(6)> <script>alert(7)</script> & *korostus*'
SERVICE = 'Palvelu "><img src=x onerror=alert(8)> <script>alert(9)</script>'
SERVICE_SUMMARY = 'Palvelun kuvaus "><img src=x onerror=alert(10)> & muuta'
POST = f"""Title: {TITLE}
Date: 2016-06-01 10:00
Category: {CATEGORY}
Tags: {TAG}, {TAG_2}
Summary: {SUMMARY}

Tavallinen teksti.
"""
PAGE = f"""Title: {SERVICE}
Template: service
Order: 9
Summary: {SERVICE_SUMMARY}

Palvelun teksti.
"""
# What each value shows as, once typography is undone (Finnish quotes, soft hyphens).
SHOWN = {
    "title": '"><img src=x onerror=alert(1)> <script>alert(2)</script> & otsikko',
    "category": CATEGORY,
    "tag": TAG,
    "tag 2": TAG_2,
    "summary": '"><img src=x onerror=alert(6)> <script>alert(7)</script> & korostus',
    "service": '"><img src=x onerror=alert(8)> <script>alert(9)</script>',
    "service summary": '"><img src=x onerror=alert(10)> & muuta',
}
DOUBLE_ESCAPED = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);", re.I)


def undo_typography(text: str) -> str:
    for shown, plain in (("\u00ad", ""), ("\u00a0", " "), ("\u201d", '"'), ("\u201c", '"')):
        text = text.replace(shown, plain)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / "content" / "blogi" / "2016-06-01-vaarallinen.md").write_text(POST, "utf-8")
    (project / "content" / "sivut" / "vaarallinen-palvelu.md").write_text(PAGE, "utf-8")
    build = run_pelican(project, project / "output", "publishconf.py")
    assert build.returncode == 0, build.output
    return build


def pages(build: Build) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(build.path).as_posix(): BeautifulSoup(p.read_text("utf-8"), "lxml")
        for p in build.html_files()
    }


def test_no_page_gets_markup_from_metadata(hostile):
    for name, soup in pages(hostile).items():
        for element in soup.find_all(True):
            events = [a for a in element.attrs if a.lower().startswith("on")]
            assert not events, f"{name}: {element}"
        scripts = [
            s
            for s in soup.find_all("script")
            if s.get("type") != "application/ld+json"  # JSON-LD: checked below
            and not s.get("src", "").startswith(f"{PROD_SITEURL}/theme/")  # the theme's own
        ]
        assert scripts == [], name
        assert not soup.find_all(["img"], src="x"), name


def test_values_show_as_written_in_the_body(hostile):
    article = hostile.soup("blogi/vaarallinen-img-srcx-onerroralert1-scriptalert2script-otsikko/")
    text = undo_typography(article.get_text(" "))
    for key in ("title", "category", "tag", "tag 2"):
        assert SHOWN[key] in text, key
    h1 = undo_typography(article.find("h1").get_text())
    assert SHOWN["title"] in h1
    crumbs = undo_typography(article.find("nav", class_="breadcrumbs").get_text(" "))
    assert SHOWN["title"] in crumbs and SHOWN["category"] in crumbs
    lists = {
        "blog": hostile.soup("blogi/"),
        "archive": hostile.soup("blogi/arkisto/"),
        "home": hostile.soup(""),
        "services": hostile.soup("palvelut/"),
    }
    blog = undo_typography(lists["blog"].get_text(" "))
    assert SHOWN["title"] in blog and SHOWN["category"] in blog and SHOWN["summary"] in blog
    assert SHOWN["title"] in undo_typography(lists["archive"].get_text(" "))
    assert SHOWN["service"] in undo_typography(lists["home"].get_text(" "))
    services = undo_typography(lists["services"].get_text(" "))
    assert SHOWN["service"] in services and SHOWN["service summary"] in services
    older = hostile.soup("blogi/kun-tyo-kuormittaa-tunnekuorman-purkaminen/")
    neighbour = undo_typography(older.find("nav", class_="post-nav").get_text(" "))
    assert SHOWN["title"] in neighbour


def test_nothing_is_escaped_twice_in_text_or_attributes(hostile):
    for name, soup in pages(hostile).items():
        for script in soup.find_all("script"):
            script.extract()  # JSON-LD: checked as JSON below
        assert not DOUBLE_ESCAPED.search(soup.get_text()), name
        for element in soup.find_all(True):
            for attr, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                for item in values:
                    assert not DOUBLE_ESCAPED.search(item), f"{name}: {attr}={item!r}"


def test_attributes_in_head_keep_the_value_whole(hostile):
    article = hostile.soup("blogi/vaarallinen-img-srcx-onerroralert1-scriptalert2script-otsikko/")
    feeds = [link["title"] for link in article.find_all("link", rel="alternate")]
    assert any(SHOWN["category"] in title for title in feeds), feeds
    assert SHOWN["title"] in undo_typography(article.find("title").get_text())
    for prop in ("og:title", "twitter:title"):
        meta = article.find("meta", attrs={"property": prop}) or article.find(
            "meta", attrs={"name": prop}
        )
        assert SHOWN["title"] in undo_typography(meta["content"]), prop
    description = article.find("meta", attrs={"name": "description"})["content"]
    assert SHOWN["summary"] in undo_typography(description)
    folder = next(hostile.path.glob("blogi/kategoria/*alert4*/"))
    category = hostile.soup(folder.relative_to(hostile.path).as_posix() + "/")
    assert SHOWN["category"] in undo_typography(category.find("h1").get_text())
    assert SHOWN["category"] in undo_typography(category.find("title").get_text())


def test_json_ld_has_the_values_as_plain_text(hostile):
    found: dict[str, list] = {"headline": [], "articleSection": [], "keywords": [], "name": []}
    for name, soup in pages(hostile).items():
        for script in soup.find_all("script", type="application/ld+json"):
            raw = script.string
            assert "<" not in raw and ">" not in raw, name  # \\u003c: never ends the element
            collect(json.loads(raw), found)
    assert any(SHOWN["title"] in undo_typography(h) for h in found["headline"])
    assert CATEGORY in found["articleSection"]
    assert TAG in found["keywords"] and TAG_2 in found["keywords"]
    names = [undo_typography(n) for n in found["name"]]
    assert any(SHOWN["service"] in n for n in names) and CATEGORY in names
    for value in [*found["headline"], *found["articleSection"], *found["name"]]:
        assert not DOUBLE_ESCAPED.search(value), value


def collect(data, found: dict[str, list]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in found and isinstance(value, str):
                found[key].append(value)
            elif key in found and isinstance(value, list):
                found[key] += [v for v in value if isinstance(v, str)]
            collect(value, found)
    elif isinstance(data, list):
        for item in data:
            collect(item, found)


def test_feeds_carry_text_once_and_html_without_markup(hostile):
    feeds = sorted(hostile.path.rglob("syote.xml"))
    assert len(feeds) > 3
    titles, terms, summaries = [], [], []
    for feed in feeds:
        root = etree.parse(str(feed)).getroot()
        assert root.find(f"{ATOM}title").text
        for entry in root.iter(f"{ATOM}entry"):
            titles.append(entry.find(f"{ATOM}title").text)
            terms += [c.get("term") for c in entry.iter(f"{ATOM}category")]
            summary = entry.find(f"{ATOM}summary")
            if summary is not None:
                summaries.append(summary.text)
    assert any(SHOWN["title"] in undo_typography(t) for t in titles), titles
    assert CATEGORY in terms and TAG in terms and TAG_2 in terms
    hostile_summaries = [s for s in summaries if "alert(6)" in s]
    assert hostile_summaries
    for html in hostile_summaries:
        soup = BeautifulSoup(html, "lxml")
        assert not soup.find_all(["img", "script"]), html
        assert SHOWN["summary"] in undo_typography(soup.get_text())
    for value in [*titles, *terms]:
        assert not DOUBLE_ESCAPED.search(value), value


def test_sitemap_is_well_formed_and_has_no_markup(hostile):
    sitemap = hostile.path / "sitemap.xml"
    root = etree.parse(str(sitemap)).getroot()
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any("vaarallinen" in loc for loc in locs)
    assert all(re.fullmatch(r"https://www\.example\.fi/[a-z0-9/._-]*", loc) for loc in locs)
    assert "<img" not in sitemap.read_text("utf-8")


def test_source_map_titles_are_plain_text(hostile):
    data = json.loads((Path(hostile.path).parent / "cache" / "lahteet.json").read_text("utf-8"))
    titles = [undo_typography(page["title"]) for page in data["pages"]]
    assert any(SHOWN["title"] in title for title in titles)
