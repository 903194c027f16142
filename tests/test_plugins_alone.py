"""Each plugin alone: a tiny site (a few Markdown files, a few lines of templates) built with
PLUGINS = ["plugins.<name>"] and nothing else, as pelican-plugins test theirs, and what that
one plugin does looked at as a visitor sees it. A plugin that needs another to work fails
here; what one plugin takes from another comes as data (ARCHITECTURE.md lists it)."""

from __future__ import annotations

import io
import json
import re

import blinker
import pytest
from lxml import etree
from PIL import Image

from sitecore import build as site_build
from sitetools.checks.server import header_rules
from sitetools.checks.site import Site, fragments
from support import Build

CONF = """\
PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Helsinki"
DEFAULT_LANG = "fi"
ARTICLE_PATHS = ["blogi"]
PAGE_PATHS = ["sivut"]
STATIC_PATHS = ["images"]
ARTICLE_URL = "blogi/{slug}/"
ARTICLE_SAVE_AS = "blogi/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
INDEX_SAVE_AS = "blogi/index.html"
DIRECT_TEMPLATES = ["index"]
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
FEED_ALL_ATOM = "syote.xml"
CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
FEED_DOMAIN = "http://localhost"
"""
BASE = """\
<!doctype html>
<html lang="fi"><head><meta charset="utf-8"><title>{{ SITENAME }}</title>
{% block head %}{% endblock %}</head>
<body>{% block content %}{% endblock %}</body></html>
"""


def shown(name: str, body: str = "{{ %s.content }}", head: str = "") -> str:
    """A template for an article or a page: its title, body and anything else asked."""
    return (
        '{% extends "base.html" %}{% block head %}' + head + "{% endblock %}"
        "{% block content %}<main data-pagefind-body><h1>{{ "
        + name
        + ".title }}</h1>"
        + body.replace("%s", name)
        + "</main>{% endblock %}"
    )


FILES = {
    "pelicanconf.py": CONF,
    "tiedot.yaml": "nimi: Liisa Ohjaaja\nsivusto:\n  nimi: Pieni sivusto\n",
    "content/blogi/eka.md": (
        "Title: Ensimmäinen kirjoitus\nDate: 2024-05-31\nCategory: Yleinen\n\nHei maailma.\n"
    ),
    "content/sivut/minusta.md": "Title: Minusta\n\nOlen työnohjaaja.\n",
    "theme/templates/base.html": BASE,
    "theme/templates/article.html": shown("article"),
    "theme/templates/page.html": shown("page"),
}
POST = "blogi/ensimmainen-kirjoitus/"


def plugged() -> dict[str, list]:
    """The plugins connected to any signal (Pelican's, or sitecore's hooks): name -> what
    connects them."""
    found: dict[str, list] = {}
    for hook in list(blinker.default_namespace.values()):
        for receiver in list(hook.receivers_for(blinker.ANY)):
            module = getattr(receiver, "__module__", "") or ""
            if module.startswith("plugins."):
                found.setdefault(module.split(".")[1], []).append((hook, receiver))
    return found


def unplug() -> None:
    """Pelican connects each plugin's handlers to blinker's signals for the life of the
    process (and other tests build the whole site in this one): disconnect them all, so
    that a build here runs with its own plugin only."""
    for connected in plugged().values():
        for hook, receiver in connected:
            hook.disconnect(receiver)


@pytest.fixture(autouse=True)
def alone():
    yield
    unplug()  # the whole site's builds in this process connect theirs again, in their order


def host_headers(build: Build, name: str):
    """What the host of header file name sends for a path, as `invoke check` serves it."""
    send = header_rules(Site.load(build.path, build.path.parent / "content"), name)
    return lambda path: dict(send(path))


def build_alone(tmp_path, plugin: str, files: dict[str, str | bytes], **settings) -> Build:
    """The tiny site (FILES, then files) built into project/output with PLUGINS =
    ["plugins.<plugin>"] (plugins, "a b", for more), by the project's own runner; the
    messages are Build.output."""
    project = tmp_path / "project"
    for name, data in {**FILES, **files}.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    stream = io.StringIO()
    output = project / "output"
    names = plugin.split()
    unplug()  # also between two builds of one test: blinker keeps the first connection's order
    override = {"PLUGINS": [f"plugins.{name}" for name in names], **settings}
    result = site_build.run(output, project=project, override=override, stream=stream)
    assert set(plugged()) <= set(names), plugged()  # nothing else took part
    return Build(0 if result.ok else 1, stream.getvalue(), output)


def test_content_guard_stops_a_misspelt_field_and_leaves_out_a_script(tmp_path):
    bad = "Title: Huono\nDate: 2024-06-01\nCatgory: Yleinen\n\nTeksti.\n"
    build = build_alone(tmp_path / "a", "content_guard", {"content/blogi/huono.md": bad})
    assert build.returncode == 1
    said = "content/blogi/huono.md, rivi 3: tuntematon kenttä ”catgory”. Tarkoititko Category?"
    assert said in build.output
    assert not build.path.exists() or not any(build.path.rglob("*.html"))

    script = {"content/images/kuva.php": "<?php echo 1;", "content/images/kuva.png": png(8)}
    build = build_alone(tmp_path / "b", "content_guard", script)
    assert build.returncode == 0, build.output
    assert "kuva.php" in build.output and ".php-tiedostoja ei julkaista" in build.output
    assert not (build.path / "images" / "kuva.php").exists()
    assert (build.path / "images" / "kuva.png").is_file()


def test_writing_drops_an_empty_summary_and_every_comment(tmp_path):
    post = "Title: Uusi\nDate: 2024-06-01\nSummary:\n\nEka kappale.\n\n<!-- vihje: kirjoita -->\n"
    template = shown("article", head='<meta name="description" content="{{ article.summary }}">')
    files = {"content/blogi/uusi.md": post, "theme/templates/article.html": template}
    build = build_alone(tmp_path, "writing", files)
    assert build.returncode == 0, build.output
    html = (build.path / "blogi" / "uusi" / "index.html").read_text(encoding="utf-8")
    assert "vihje" not in html and "<!--" not in html
    description = build.soup("blogi/uusi/").find("meta", attrs={"name": "description"})
    assert "Eka kappale." in description["content"]


def test_plain_metadata_shows_a_title_as_she_typed_it(tmp_path):
    title = "<script>alert(1)</script> & <b>ystävät</b>"
    post = f"Title: {title}\nSlug: vaarallinen\nDate: 2024-06-01\n\nTeksti.\n"
    build = build_alone(tmp_path, "plain_metadata", {"content/blogi/eka.md": post})
    assert build.returncode == 0, build.output
    page = build.soup("blogi/vaarallinen/")
    assert page.h1.get_text() == title
    assert page.find("script") is None and page.find("b") is None


def test_i18n_fi_translates_the_theme_and_dates(tmp_path):
    catalogue = 'msgid ""\nmsgstr ""\n\nmsgid "Published"\nmsgstr "Julkaistu"\n'
    body = '<p class="date">{{ _("Published") }} {{ article.date|date_date }}</p>'
    files = {
        "theme/translations/fi/LC_MESSAGES/messages.po": catalogue,
        "theme/templates/article.html": shown("article", body),
    }
    build = build_alone(tmp_path, "i18n_fi", files)
    assert build.returncode == 0, build.output
    assert build.soup(POST).find(class_="date").get_text() == "Julkaistu 31.5.2024"
    feed = etree.parse(build.path / "syote.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fi"


def test_typography_fi_punctuates_and_hyphenates(tmp_path):
    post = 'Title: Työnohjauskokemuksia\nDate: 2024-06-01\n\n"Hyvä kysymys", hän sanoi.\n'
    template = shown("article").replace(".title }}", ".title|hyphenate(narrow=True) }}")
    files = {"content/blogi/eka.md": post, "theme/templates/article.html": template}
    build = build_alone(tmp_path, "typography_fi", files)
    assert build.returncode == 0, build.output
    page = build.soup("blogi/tyonohjauskokemuksia/")
    assert "\u00ad" in page.h1.get_text()
    assert page.h1.get_text().replace("\u00ad", "") == "Työnohjauskokemuksia"
    assert page.main.p.get_text() == "”Hyvä kysymys”, hän\u00a0sanoi."  # widont too


SITE_PAGES_FILES = {
    "content/sivut/etusivu.md": "Title: Tervetuloa\nSave_as: index.html\n\nEtusivu.\n",
    "content/sivut/ryhma.md": "Title: Ryhmätyönohjaus\nTemplate: service\nOrder: 2\n\nR.\n",
    "content/sivut/yksilo.md": "Title: Yksilötyönohjaus\nTemplate: service\nOrder: 1\n\nY.\n",
    "content/blogi/toka.md": (
        "Title: Toinen\nDate: 2024-06-02\nExample: true\n\n"
        + "sana " * 400
        + "\n\n<!-- "
        + "piilo > " * 200  # not words, though writing (which removes it) has not run
        + "-->\n"
    ),
    "tiedot.yaml": FILES["tiedot.yaml"] + "webhotelli:\n  palvelu: Hotelli\n  maa: US\n",
    "theme/templates/service.html": shown("page"),
    "theme/templates/page.html": shown(
        "page",
        "<ul>{% for s in SERVICES %}<li><a href='/{{ s.url }}'>{{ s.title }}</a></li>"
        "{% endfor %}</ul><p class='form'>{{ PROCESSORS.webhotelli.country_name }}</p>",
    ),
    "theme/templates/article.html": shown(
        "article",
        "<p class='time'>{{ article.reading_minutes }} min</p>"
        "{% if article.example %}<p class='example'>Esimerkki</p>{% endif %}"
        "{% for rel in ('prev', 'next') %}{% set n = article[rel ~ '_article'] %}"
        "{% if n %}<a rel='{{ rel }}' href='/{{ n.url }}'>{{ n.title }}</a>{% endif %}"
        "{% endfor %}",
    ),
}


def test_site_pages_home_services_reading_time_neighbours_examples(tmp_path):
    build = build_alone(tmp_path, "site_pages", SITE_PAGES_FILES)
    assert build.returncode == 0, build.output
    home = build.soup("")
    assert home.h1.get_text() == "Tervetuloa"
    services = [(a.get_text(), a["href"]) for a in home.find_all("a")]
    assert services == [
        ("Yksilötyönohjaus", "/yksilotyonohjaus/"),
        ("Ryhmätyönohjaus", "/ryhmatyonohjaus/"),
    ]
    assert home.find(class_="form").get_text() == "Yhdysvallat"
    first, second = build.soup(POST), build.soup("blogi/toinen/")
    assert first.find(class_="time").get_text() == "1 min"
    assert second.find(class_="time").get_text() == "3 min"  # 400 words at 180 a minute
    assert first.find("a", rel="next")["href"] == "/blogi/toinen/"
    assert second.find("a", rel="prev")["href"] == f"/{POST}"
    assert second.find(class_="example") and not first.find(class_="example")


FEEDBACK = """\
date: {date}
publish: named
author: {author}
quote: {quote}
benefits:
  - theme: jaksaminen
    text: Työn kuorma keveni
"""


def test_feedback_counts_and_quotes_the_files(tmp_path):
    template = shown(
        "page",
        "<p class='total'>{{ FEEDBACK.total }}</p>"
        "{% for theme in FEEDBACK.themes %}<p class='theme'>{{ theme.label }}: "
        "{{ theme.count }}</p>{% endfor %}"
        "{% for quote in FEEDBACK.quotes %}<blockquote>{{ quote.paragraphs|join }}"
        "</blockquote>{% endfor %}",
    )
    example = FEEDBACK.format(date="2024-03-01", author="Keksitty", quote="Keksitty lainaus.")
    files = {
        "content/feedback/themes.yaml": "- key: jaksaminen\n  label: Jaksaminen\n",
        "content/feedback/a.yaml": FEEDBACK.format(
            date="2024-01-10", author="Tiimi A", quote="Saimme puheeksi vaikeat asiat."
        ),
        "content/feedback/b.yaml": FEEDBACK.format(
            date="2024-02-10", author="Esihenkilö", quote="Sain uutta voimaa."
        ),
        "content/feedback/c.yaml": example + "example: true\n",
        "theme/templates/page.html": template,
    }
    build = build_alone(tmp_path, "feedback", files)
    assert build.returncode == 0, build.output
    page = build.soup("minusta/")
    assert page.find(class_="total").get_text() == "2"  # the example is not published
    assert page.find(class_="theme").get_text() == "Jaksaminen: 2"
    quotes = [quote.get_text() for quote in page.find_all("blockquote")]
    assert sorted(quotes) == ["Saimme puheeksi vaikeat asiat.", "Sain uutta voimaa."]


def png(size: int, colour: str = "#3a6") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size * 3 // 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_responsive_images_pictures_and_share_images(tmp_path):
    with_picture = "Title: Kuvallinen\nDate: 2024-06-01\n\n![Järvi](/images/jarvi.png)\n"
    head = '<meta property="og:image" content="/{{ share_image(article).url }}">'
    files = {
        "content/images/jarvi.png": png(800),
        "content/blogi/kuva.md": with_picture,
        "theme/templates/article.html": shown("article", head=head),
    }
    build = build_alone(tmp_path, "responsive_images", files, IMAGE_WIDTHS=[360, 720])
    assert build.returncode == 0, build.output
    page = build.soup("blogi/kuvallinen/")
    picture = page.find("picture")
    assert {s["type"] for s in picture.find_all("source")} == {"image/avif", "image/webp"}
    img = picture.find("img")
    assert (img["alt"], img["width"], img["height"]) == ("Järvi", "720", "540")
    for source in [*picture.find_all("source"), img]:
        for candidate in source["srcset"].split(","):
            assert (build.path / candidate.split()[0].lstrip("/")).is_file(), candidate
    assert Image.open(build.path / "images" / "jarvi.png").size == (720, 540)
    for url, kind in (("blogi/kuvallinen/", "JPEG"), (POST, "PNG")):  # a photo; a card
        share = build.soup(url).find("meta", property="og:image")["content"]
        assert Image.open(build.path / share.lstrip("/")).format == kind
        assert Image.open(build.path / share.lstrip("/")).size == (1200, 630)


def test_structured_data_describes_a_post(tmp_path):
    head = (
        '<script type="application/ld+json">{{ jsonld_article(article) }}</script>'
        '<meta name="x" content="{{ article.title|plain }}">'
    )
    files = {"theme/templates/article.html": shown("article", head=head)}
    build = build_alone(tmp_path, "structured_data", files, SHARE_IMAGE="images/jako.png")
    assert build.returncode == 0, build.output
    page = build.soup(POST)
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    nodes = {node.get("@id"): node for node in graph}
    data = next(node for node in graph if node["@type"] == "BlogPosting")
    assert data["headline"] == "Ensimmäinen kirjoitus"
    assert nodes[data["author"]["@id"]]["name"] == "Liisa Ohjaaja"
    assert data["publisher"]["@id"] in nodes
    assert data["image"] == "/images/jako.png"
    assert data["datePublished"].startswith("2024-05-31")


def test_sitemap_lists_published_pages_with_their_dates(tmp_path):
    files = {"content/blogi/luonnos.md": "Title: Kesken\nDate: 2024-07-01\nStatus: draft\n\nX\n"}
    build = build_alone(tmp_path, "sitemap", files, SITEMAP_EXCLUDE=["^minusta/"])
    assert build.returncode == 0, build.output
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = etree.parse(build.path / "sitemap.xml").getroot().findall("s:url", ns)
    dates = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in urls
    }
    assert set(dates) == {f"/{POST}", "/blogi/", "/category/yleinen.html"}
    assert set(dates.values()) == {"2024-05-31T00:00:00+03:00"}


def test_source_map_names_the_file_behind_each_page(tmp_path):
    files = {"content/blogi/luonnos.md": "Title: Kesken\nDate: 2024-07-01\nStatus: draft\n\nX\n"}
    files["content/sivut/piilo.md"] = "Title: Piilo\nStatus: hidden\n\nY\n"
    files["content/sivut/about.md"] = "Title: About me\nSlug: minusta\nLang: en\n\nZ\n"
    build = build_alone(tmp_path, "source_map", files)
    assert build.returncode == 0, build.output
    project = build.path.parent
    pages = json.loads((project / "cache" / "lahteet.json").read_text(encoding="utf-8"))
    found = {page["source"]: page for page in pages["pages"]}
    assert found["content/blogi/eka.md"]["save_as"] == f"{POST}index.html"
    assert found["content/sivut/minusta.md"]["url"] == "minusta/"
    assert found["content/blogi/luonnos.md"]["text"] == "X"  # for the leak check
    assert found["content/sivut/piilo.md"]["status"] == "hidden"
    assert found["content/sivut/about.md"]["save_as"] == "pages/minusta-en.html"  # translation
    (record,) = (project / "cache" / "tuotokset").glob("*.json")
    made = json.loads(record.read_text(encoding="utf-8"))["files"]
    assert made[f"{POST}index.html"]["source"] == "content/blogi/eka.md"


CSS = "body { color: #123; }\n"
LINK = '<link rel="stylesheet" href="/{{ THEME_STATIC_DIR }}/{{ "css/site.css"|content_hash }}">'
HASHED_CSS = {
    "theme/static/css/site.css": CSS,
    "theme/templates/base.html": BASE.replace("{% block head %}", LINK + "{% block head %}"),
}


def test_asset_hash_names_the_css_by_its_content(tmp_path):
    build = build_alone(tmp_path, "asset_hash", HASHED_CSS)
    assert build.returncode == 0, build.output
    href = build.soup(POST).find("link", rel="stylesheet")["href"]
    assert re.fullmatch(r"/theme/css/site\.[0-9a-f]{10}\.css", href), href
    assert (build.path / href.lstrip("/")).read_text(encoding="utf-8") == CSS
    assert not (build.path / "theme" / "css" / "site.css").exists()


def test_search_index_holds_the_published_posts_and_pages(tmp_path):
    example = "Title: Keksitty\nDate: 2024-06-01\nExample: true\n\nMustikkapiirakka.\n"
    files = {"content/blogi/keksitty.md": example}
    build = build_alone(tmp_path, "search_index", files, SEARCH_INDEX=True)
    assert build.returncode == 0, build.output
    index = {fragment.url: fragment.text for fragment in fragments(build.path)}
    assert set(index) == {f"/{POST}", "/minusta/"}
    assert "Hei maailma" in index[f"/{POST}"]


def test_security_headers_for_both_hosts(tmp_path):
    form = "lomake:\n  osoite: https://lomake.example.fi/f/abc\n"
    build = build_alone(tmp_path, "security_headers", {"tiedot.yaml": FILES["tiedot.yaml"] + form})
    assert build.returncode == 0, build.output
    hosts = {name: host_headers(build, name) for name in ("_headers", ".htaccess")}
    for sent in hosts.values():
        policy = sent(f"/{POST}")["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "form-action 'self' https://lomake.example.fi" in policy
        assert sent(f"/{POST}")["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in hosts[".htaccess"]("/images/x.svg")["Content-Security-Policy"]
    # each file is written from the rules the check serves the site with
    site = Site.load(build.path, build.path.parent / "content")
    netlify = (build.path / "_headers").read_text(encoding="utf-8")
    apache = (build.path / ".htaccess").read_text(encoding="utf-8")
    for rule in site.facts["headers"]["_headers"]:
        block = "".join(f"  {name}: {value}\n" for name, value in rule["headers"])
        assert f"{rule['path']}\n{block}" in netlify, rule
    for rule in site.facts["headers"][".htaccess"]:
        assert not rule["path"] or f"m#{rule['path']}#" in apache, rule
        for name, value in rule["headers"]:
            assert f'Header always set {name} "{value}"' in apache
    assert "immutable" not in (build.path / "_headers").read_text(encoding="utf-8")


def test_redirects_answer_old_addresses(tmp_path):
    redirect_page = '<link rel="canonical" href="{{ redirect_absolute }}">'
    files = {  # a new address may be a page or a static file Pelican copies
        "content/redirects.yaml": f'"/vanha/": /{POST}\n"/kuva.png": /images/kuva.png\n',
        "content/images/kuva.png": png(8),
        "theme/templates/redirect.html": redirect_page,
    }
    build = build_alone(tmp_path / "a", "redirects", files)
    assert build.returncode == 0, build.output
    lines = (build.path / "_redirects").read_text(encoding="utf-8").splitlines()
    assert f"/vanha/ /{POST} 301" in lines and f"/vanha /{POST} 301" in lines
    assert "/kuva.png /images/kuva.png 301" in lines
    assert build.soup("vanha/").find("link", rel="canonical")["href"] == f"/{POST}"

    files["content/redirects.yaml"] += '"/toinen/": /blogi/ei-ole/\n"/minusta/": /\n'
    build = build_alone(tmp_path / "b", "redirects", files)
    assert build.returncode == 1
    assert "content/redirects.yaml, rivi 3: uutta osoitetta /blogi/ei-ole/ ei ole" in build.output
    assert "content/redirects.yaml, rivi 4: vanha osoite /minusta/ on tämän sivuston" in (
        build.output
    )
    found = build.output.count("content/redirects.yaml, rivi ")
    assert f"korjaa osoitteiden ohjaukset yllä ({found} kpl)." in build.output
    assert build.output.count("Virhe: ") == found  # the end line is no error of its own


def test_hashed_names_reach_the_host_files_as_data_in_either_order(tmp_path):
    """asset_hash hands its rules to security_headers through sitecore.htaccess: a year's
    cache for the hashed CSS, on both hosts, the same bytes whichever plugin comes first."""
    orders = ("asset_hash security_headers", "security_headers asset_hash")
    builds = [build_alone(tmp_path / str(n), order, HASHED_CSS) for n, order in enumerate(orders)]
    assert [build.returncode for build in builds] == [0, 0], builds[0].output
    for name in ("_headers", ".htaccess"):
        assert len({(build.path / name).read_bytes() for build in builds}) == 1, name
    build = builds[0]
    href = build.soup(POST).find("link", rel="stylesheet")["href"]
    netlify = host_headers(build, "_headers")
    for path in (href, f"/{POST}"):
        cache = netlify(path).get("Cache-Control", "")
        assert ("immutable" in cache) == (path == href), (path, cache)
    apache = (build.path / ".htaccess").read_text(encoding="utf-8")
    rules = re.findall(r'<FilesMatch "([^"]+)">\s*Header set Cache-Control "([^"]+)"', apache)

    def apache_cache(path: str) -> list[str]:
        return [cache for match, cache in rules if re.search(match, path)]

    assert apache_cache(href) == ["public, max-age=31536000, immutable"]
    assert apache_cache("/theme/css/site.css") == []
    assert apache_cache(f"/{POST}index.html") == ["public, max-age=300, must-revalidate"]
