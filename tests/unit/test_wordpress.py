"""The WordPress import's pure parts: reading the export, WordPress's own markup rules,
converting one post, image names, and the redirect map's lines and rules."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from sitecore.redirects import check_line, key
from sitecore.redirects import load as load_map
from sitecore.settings import load, make_slug
from sitetools.wordpress import blocks, shortcodes
from sitetools.wordpress.convert import Converter, OldSite, wpautop
from sitetools.wordpress.media import wanted
from sitetools.wordpress.wxr import ExportError, read
from support import DATA, SEED

EXPORT = DATA / "wordpress" / "tyonohjaus.WordPress.2024-05-31.xml"
SETTINGS = load()


@pytest.fixture(scope="module")
def export():
    return read(EXPORT)


def item(export, post_id: int):
    return next(i for i in export.items if i.id == post_id)


def converter(paths=None, images=None, attachments=None):
    site = OldSite({"blogi.example.fi"}, paths=paths or {}, ids={12: "/blogi/seed/"})
    found = images or {}
    return Converter(site, lambda url, title: found.get(url), attachments or {})


# --- the export file ---------------------------------------------------------------------
def test_the_export_is_read_and_nothing_personal(export):
    assert export.version == "1.2"
    assert export.title == "Työnohjaus Maija Esimerkki"
    seed = item(export, 12)
    assert seed.type == "post" and seed.status == "publish"
    assert seed.date == "2013-05-31 10:00:00"
    assert [(t.kind, t.name) for t in seed.terms] == [("category", "Ajankohtaista")]
    password = item(export, 52)
    assert password.has_password and "salasana2019" not in repr(password)
    commented = item(export, 31)
    assert commented.comments == 2
    assert "Kalle" not in repr(export) and "maija.kirjautuminen" not in repr(export)


def write(tmp_path: Path, data: bytes, name: str = "vienti.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_file_that_is_not_wordpress_says_so(tmp_path):
    feed = write(
        tmp_path,
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
    )
    with pytest.raises(ExportError, match=r"vienti\.xml: tiedosto ei ole WordPressin vienti"):
        read(feed)
    with pytest.raises(ExportError, match="zip-paketti"):
        read(write(tmp_path, b"PK\x03\x04 zip", "uploads.zip"))
    with pytest.raises(ExportError, match="tiedostoa ei löydy"):
        read(tmp_path / "ei-ole.xml")


def test_a_truncated_export_says_it_was_cut(tmp_path):
    raw = EXPORT.read_bytes()
    cut = write(tmp_path, raw[: len(raw) // 2])
    with pytest.raises(ExportError, match="loppuu kesken .* vienti on katkennut"):
        read(cut)


def test_an_entity_bomb_is_refused_not_expanded(tmp_path):
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        b"<rss><channel><title>&lol3;</title></channel></rss>\n"
    )
    with pytest.raises(ExportError, match="turvallisuussyistä"):
        read(write(tmp_path, bomb))


def test_bytes_that_are_not_utf8_name_the_line_and_the_post(tmp_path):
    raw = EXPORT.read_bytes()
    broken = raw.replace("Esimiehen työ on usein".encode(), b"Esimiehen ty\xf6 on usein", 1)
    line = broken[: broken.index(b"ty\xf6 on")].count(b"\n") + 1
    with pytest.raises(ExportError) as err:
        read(write(tmp_path, broken))
    message = str(err.value)
    assert f"vienti.xml, rivi {line} (kirjoituksessa ”Mitä esimies tarvitsee?”)" in message
    assert "UTF-8" in message and "Mitään ei tuotu" in message


def test_broken_xml_names_line_and_column(tmp_path):
    raw = EXPORT.read_bytes().replace(b"<wp:post_id>25</wp:post_id>", b"<wp:post_id>25</wp:pst>")
    with pytest.raises(ExportError, match=r"vienti\.xml, rivi \d+, sarake \d+ .*ehjää XML"):
        read(write(tmp_path, raw))


# --- WordPress's own rules ---------------------------------------------------------------
def test_wpautop_makes_paragraphs_and_line_breaks_like_wordpress():
    html = wpautop("Eka\nrivi\n\nToka <b>x</b>\n<ul>\n\t<li>a</li>\n</ul>\nLoppu")
    assert html == (
        "<p>Eka<br />\nrivi</p>\n<p>Toka <b>x</b></p>\n<ul>\n<li>a</li>\n</ul>\n<p>Loppu</p>\n"
    )
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"
    assert wpautop('<a\nhref="x">y</a>') == '<p><a href="x">y</a></p>\n'


def test_shortcodes_by_wordpress_grammar_and_text_stays_text():
    seen = []

    def handle(code):
        seen.append((code.name, code.attrs, code.content))
        return "<X>"

    text = 'a [caption id="c1" "vasen" width=300]<img src="k.jpg"> Teksti[/caption] [sic] [1] b'
    assert shortcodes.replace(text, handle) == "a <X> [sic] [1] b"
    assert seen == [("caption", {"id": "c1", "width": "300"}, '<img src="k.jpg"> Teksti')]
    assert shortcodes.replace("[[gallery]] ja [contact-form-7 id=5]", handle) == (
        "[gallery] ja <X>"
    )


def test_blocks_keep_saved_html_and_list_dynamic_ones():
    content = (
        "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->"
        '<!-- wp:embed {"url":"https://v.example/1"} --><figure>x</figure><!-- /wp:embed -->'
        "<!-- wp:latest-posts /--><!-- wp:spacer /-->"
    )
    left_out: set[str] = set()
    html = blocks.render(content, lambda b: "[E]" if b.name == "embed" else None, left_out)
    assert html == "<p>a</p>[E]"
    assert left_out == {"latest-posts"}


# --- one post ------------------------------------------------------------------------------
def test_the_seed_article_comes_over_with_its_lists_and_heading(export):
    markdown = converter().convert(item(export, 12)).markdown
    seed_items = [
        line[1:] for line in SEED.read_text(encoding="utf-8").splitlines() if line.startswith("-")
    ]
    items = re.findall(r"^- (.*)$", markdown, re.M)
    assert items == seed_items and len(items) == 16
    assert "\n## Miten työnohjauksesta voisi saada vielä paremman hyödyn?\n" in markdown
    assert "näkyy lisääntyvänä" in markdown
    assert "&nbsp;" not in markdown and "\u00a0" not in markdown and "Kategoria(t)" not in markdown
    assert markdown.startswith("Oma tieni työnohjaajaksi alkoi siitä")
    assert markdown.rstrip().endswith("kunhan keskitytään oikeisiin asioihin!")


def test_block_post_images_embeds_buttons_and_old_links(export):
    uploads = "https://blogi.example.fi/wp-content/uploads/2016/03/"
    images = {
        uploads + "tyonohjaus-1024x683.jpg": "/images/2016/03/tyonohjaus.jpg",
        uploads + "kevat-1024x768.jpg": "/images/2016/03/kevat.jpg",
        uploads + "syksy.jpg?w=640": "/images/2016/03/syksy.jpg",
    }
    paths = {key("/2013/05/31/mista-syntyy-hyodyllinen-tyonohjaus/"): "/blogi/seed/"}
    result = converter(paths, images, export.attachments).convert(item(export, 25))
    md = result.markdown
    assert (
        '<figure><img src="/images/2016/03/tyonohjaus.jpg" alt="Kaksi ihmistä keskustelee '
        'pöydän ääressä"><figcaption>Työnohjauksessa on aikaa <em>pysähtyä</em>.'
        "</figcaption></figure>"
    ) in md
    # no alt in the post: the media library's alt text
    assert '<img src="/images/2016/03/syksy.jpg" alt="Syksyn lehtiä metsäpolulla">' in md
    assert "## Aikaa omalle ajattelulle" in md and "### Vertaistuki" in md
    assert "- ulkopuolisen näkökulman\n    - omaan työhön" in md
    assert "> Yhteistyön asenteesta kaikki alkaa.\n>\n> — Esimerkkilainaus" in md
    assert (
        "[Työnohjaus lyhyesti (esimerkkivideo)](https://www.youtube.com/watch?v=abcdEFGH123)" in md
    )
    assert "[Lue lisää hyödyistä](/blogi/seed/)" in md
    assert "[työnohjauksen hyödyistä](/blogi/seed/)" in md
    assert "iframe" not in md and "wp:" not in md
    assert result.blocks == {"latest-posts"}


def test_classic_post_caption_unknown_shortcode_and_missing_image(export):
    result = converter().convert(item(export, 31))
    md = result.markdown
    assert result.shortcodes == {"[contact-form-7]"}
    assert "contact-form" not in md and "[caption" not in md
    assert "<figure>" not in md  # its picture is missing here: the caption stays as text
    assert "Etätapaamiseen riittää tavallinen tietokone." in md
    assert "puuttuva.jpg" not in md
    assert "Tapaamisen voi pitää  \nkotoa tai työpaikalta." in md
    assert "1. kokeilla yhteyttä\n2. varata aikaa" in md


def test_headings_start_at_two_and_capitals_become_a_sentence():
    from sitetools.wordpress.wxr import Item

    post = Item(
        1,
        "post",
        "publish",
        "T",
        "",
        "",
        "",
        "",
        "<h1>ISO OTSIKKO</h1>\n\n<h4>Pieni</h4>",
        "",
        0,
        False,
    )
    result = converter().convert(post)
    assert result.markdown == "## Iso otsikko\n\n### Pieni\n"
    assert "tarkista erisnimet" in result.notes[0]


# --- images and slugs --------------------------------------------------------------------------
def test_resized_copies_map_back_to_the_original():
    hosts = {"blogi.example.fi"}
    base = "https://blogi.example.fi/wp-content/uploads/2016/03/"
    assert wanted(base + "kuva-1024x683.jpg", hosts).rel == "2016/03/kuva.jpg"
    assert wanted(base + "kuva-1024x683.jpg", hosts).sized == "2016/03/kuva-1024x683.jpg"
    assert wanted(base + "kuva.jpg?w=640", hosts).rel == "2016/03/kuva.jpg"
    assert wanted("https://muu.example.com/kuva.jpg", hosts).rel == ""


def test_slugs_from_percent_encoded_names_the_sites_way():
    from urllib.parse import unquote

    assert make_slug(unquote("mit%c3%a4-esimies-tarvitsee"), SETTINGS) == "mita-esimies-tarvitsee"
    assert make_slug(unquote("ty%C3%B6nohjaus-et%C3%A4n%C3%A4"), SETTINGS) == "tyonohjaus-etana"


# --- the redirect map and its rules --------------------------------------------------------------
def test_the_map_names_the_line_of_each_mistake(tmp_path):
    text = (
        '"/vanha/": /blogi/uusi/\n'
        '"vanha2/": /blogi/uusi/\n'
        '"/vanha/": /blogi/toinen/\n'
        '"/sama/": /sama/\n'
        '"/?p=x y": /blogi/uusi/\n'
        '"/?p=12": /blogi/uusi/\n'
    )
    (tmp_path / "redirects.yaml").write_text(text, encoding="utf-8")
    redirects, problems = load_map(tmp_path / "redirects.yaml")
    assert [(r.old, r.new, r.line) for r in redirects] == [
        ("/vanha/", "/blogi/uusi/", 1),
        ("/?p=12", "/blogi/uusi/", 6),
    ]
    assert [p.line for p in problems] == [2, 3, 4, 5]
    assert "ei ala kauttaviivalla" in problems[0].message
    assert "on jo rivillä 1" in problems[1].message
    assert check_line("/2014/mitä/", "/blogi/mita/") is None
    assert key("/2014/mit%C3%A4/") == key("/2014/mitä") == "/2014/mitä"


def test_apache_rules_and_netlify_spellings():
    from importlib import import_module

    plugin = import_module("plugins.redirects")
    assert plugin.apache_pattern("/2014/02/20/mitä-x.y/") == r"^2014/02/20/mitä-x\.y/?$"
    assert plugin.apache_pattern("/") == r"^(index\.php)?$"
    assert plugin.spellings("/2014/mitä/") == [
        "/2014/mit%C3%A4/",
        "/2014/mit%C3%A4",
        "/2014/mit%c3%a4/",
        "/2014/mit%c3%a4",
    ]


def test_a_classic_gallery_shows_the_images_it_names(export):
    from sitetools.wordpress.wxr import Item

    uploads = "https://blogi.example.fi/wp-content/uploads/2016/03/"
    images = {
        uploads + "kevat.jpg": "/images/2016/03/kevat.jpg",
        uploads + "syksy.jpg": "/images/2016/03/syksy.jpg",
    }
    post = Item(
        9, "post", "publish", "G", "", "", "", "", 'Kuvia:\n\n[gallery ids="43,42"]', "", 0, False
    )
    md = converter(images=images, attachments=export.attachments).convert(post).markdown
    assert md == (
        "Kuvia:\n\n"
        '<figure><img src="/images/2016/03/syksy.jpg" alt="Syksyn lehtiä metsäpolulla"></figure>'
        "\n\n"
        '<figure><img src="/images/2016/03/kevat.jpg" alt="Kevätpäivä järven rannalla"></figure>'
        "\n"
    )


def test_a_media_folder_that_is_not_there_is_named(tmp_path):
    from sitetools.wordpress.media import Folder, Unusable, open_source

    with pytest.raises(Unusable, match="kuvakansiota tai zip-pakettia ei löydy"):
        open_source(tmp_path / "uploads")
    (tmp_path / "kuvat.zip").write_text("ei zip")
    with pytest.raises(Unusable, match="ei ole zip-paketti"):
        open_source(tmp_path / "kuvat.zip")
    broken = tmp_path / "rikki.zip"  # its directory's signature broken
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("kuva.jpg", b"x")
    broken.write_bytes(broken.read_bytes().replace(b"PK\x01\x02", b"XXXX"))
    with pytest.raises(Unusable, match="ei ole zip-paketti tai se on vioittunut"):
        open_source(broken)
    assert isinstance(open_source(DATA / "wordpress" / "uploads"), Folder)


def test_text_that_looks_like_markdown_stays_text():
    from sitetools.wordpress.wxr import Item

    content = "2013. vuonna aloitin.\n\n- ei lista\n#aihetunniste\n\nTavallinen 1. rivi"
    post = Item(2, "post", "publish", "T", "", "", "", "", content, "", 0, False)
    assert converter().convert(post).markdown == (
        "2013\\. vuonna aloitin.\n\n\\- ei lista  \n\\#aihetunniste\n\nTavallinen 1. rivi\n"
    )


def test_links_to_the_old_blog_lose_wordpress_anchors():
    site = OldSite({"blogi.example.fi"}, paths={key("/2013/x/"): "/blogi/x/"}, ids={7: "/y/"})
    assert site.new_address("https://blogi.example.fi/2013/x/#comments") == "/blogi/x/"
    assert site.new_address("https://blogi.example.fi/?p=7#more-7") == "/y/"
    assert site.new_address("https://blogi.example.fi/2014/ei-ole/") is None


def test_a_link_around_pictures_goes_when_one_is_missing():
    from sitetools.wordpress.wxr import Item

    content = '<p><a href="/x"><img src="a.jpg"><img src="b.jpg"></a> teksti</p>'
    post = Item(3, "post", "publish", "T", "", "", "", "", content, "", 0, False)
    assert converter().convert(post).markdown == "teksti\n"


@pytest.mark.parametrize(
    "text",
    [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "Soita &amp; sovi",
        "&lt;b&gt;Varaa&lt;/b&gt; aika",
        "&lt;img src=x onerror=alert(1)&gt;",
    ],
)
@pytest.mark.parametrize(
    "html",
    [
        "<p>{}</p>",
        '<p><a href="/x/">{}</a></p>',
        '<!-- wp:buttons --><div class="wp-block-buttons"><!-- wp:button --><div class="wp-block-'
        'button"><a href="/x/">{}</a></div><!-- /wp:button --></div><!-- /wp:buttons -->',
        "<ul><li>{}</li></ul>",
        "<h2>{}</h2>",
    ],
)
def test_text_that_looks_like_markup_stays_text(export, text, html):
    """What WordPress showed as text (escaped in the export) is text in the post too: no
    tag of it reaches the Markdown, in a paragraph, a link, a button, a list or a heading."""
    from dataclasses import replace

    import markdown

    md = converter().convert(replace(item(export, 25), content=html.format(text))).markdown
    page = markdown.markdown(md)
    assert not re.search(r"<(script|b|img)\b", page), (md, page)


@pytest.mark.parametrize(
    "caption, written",
    [
        (
            '<a href="https://example.org/" class="c">Maija </a>ja Matti',
            '<a href="https://example.org/">Maija </a>ja Matti',
        ),
        ("<span>Maija</span> <strong>ja</strong> Matti", "Maija <strong>ja</strong> Matti"),
        ("Maija<!-- huom --> ja <em title='x'>Matti</em>", "Maija ja <em>Matti</em>"),
        ("<b>Maija</b><br/>ja\n  Matti", "<b>Maija</b><br>ja Matti"),
        (
            "<a href=\"https://example.org/?q='x'\">Maija ja Matti</a>",
            "<a href=\"https://example.org/?q='x'\">Maija ja Matti</a>",
        ),
    ],
)
@pytest.mark.parametrize("editor", ["classic", "block"])
def test_a_caption_keeps_its_words_apart_and_only_simple_tags(caption, written, editor):
    """A caption's words stay apart whatever tags stood between them, and it keeps only
    links (their address alone) and emphasis, on one line."""
    from sitetools.wordpress.wxr import Item

    url = "https://blogi.example.fi/wp-content/uploads/2016/03/kuva.jpg"
    picture = f'<img src="{url}" alt="Kuva">'
    content = (
        f"[caption]{picture} {caption}[/caption]"
        if editor == "classic"
        else f"<!-- wp:image --><figure>{picture}<figcaption>{caption}</figcaption>"
        "</figure><!-- /wp:image -->"
    )
    post = Item(4, "post", "publish", "T", "", "", "", "", content, "", 0, False)
    md = converter(images={url: "/images/2016/03/kuva.jpg"}).convert(post).markdown
    assert md == (
        f'<figure><img src="/images/2016/03/kuva.jpg" alt="Kuva"><figcaption>{written}'
        "</figcaption></figure>\n"
    )


def test_an_image_gets_a_free_name_and_the_same_bytes_keep_theirs(tmp_path):
    """Different pictures of one name are numbered; the same bytes, planned or already in
    content/images, keep their name; a dry run without the bytes takes the first free one."""
    from sitetools.wordpress.media import Images

    folder = tmp_path / "images"
    (folder / "2016" / "03").mkdir(parents=True)
    (folder / "2016" / "03" / "kuva.jpg").write_bytes(b"levylla")
    (folder / "2016" / "03" / "kuva-2.jpg").mkdir()  # not a file: never taken
    want = wanted("https://blogi.example.fi/wp-content/uploads/2016/03/Kuva.JPEG", set())
    images = Images(None, folder, SETTINGS, set())
    assert images.destination(want, b"levylla") == "2016/03/kuva.jpg"
    assert images.present == {"2016/03/kuva.jpg"} and images.planned == {}
    assert images.destination(want, b"uusi") == "2016/03/kuva-3.jpg"
    assert images.destination(want, b"toinen") == "2016/03/kuva-4.jpg"
    assert images.destination(want, b"uusi") == "2016/03/kuva-3.jpg"
    assert images.planned == {"2016/03/kuva-3.jpg": b"uusi", "2016/03/kuva-4.jpg": b"toinen"}
    assert images.destination(want, None) == "2016/03/kuva-3.jpg"


@pytest.mark.parametrize(
    "url, rel",
    [
        (
            "https://blogi.example.fi/wp-content/uploads/2016/03/kuva-300x200.jpg",
            "2016/03/kuva.jpg",
        ),
        ("https://muu.example.com/wp-content/uploads/kuva.jpg", "kuva.jpg"),
        ("https://maija.files.wordpress.com/2016/03/kuva.jpg?w=640", "2016/03/kuva.jpg"),
        ("https://maija.files.wordpress.com/kuva.jpg", "kuva.jpg"),
        ("https://blogi.example.fi/2016/03/kuva-1024x683.jpg", "2016/03/kuva.jpg"),
        ("https://blogi.example.fi/kuvat/kuva.jpg", ""),
        ("https://muu.example.com/2016/03/kuva.jpg", ""),
    ],
)
def test_an_image_address_names_its_upload(url, rel):
    """An upload is known by its uploads folder, a wordpress.com file host, or a dated path
    on the blog's own host; anything else is another site's picture."""
    assert wanted(url, {"blogi.example.fi"}).rel == rel


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert('pois')</script>",
        "<style>p { color: red }</style>",
        "<noscript>pois</noscript>",
        '<form action="/x"><label>pois</label><input name="n"><button>Lähetä</button></form>',
        "<select><option>pois</option></select><textarea>pois</textarea>",
        "<svg><g><text>pois</text></g></svg><math><mi>pois</mi></math><canvas>pois</canvas>",
        "<template><p>pois</p></template>",
        '<link rel="stylesheet" href="/x.css"><meta name="x" content="pois">',
        '<div class="wp-block-file"><a href="/f.pdf">Ohje</a>'
        '<a href="/f.pdf" class="wp-block-file__button" download>pois</a></div>',
    ],
)
def test_what_runs_asks_or_draws_goes_with_its_content(html):
    """Scripts, styles, forms, drawings and the file block's download button go whole;
    the text around them stays."""
    from sitetools.wordpress.wxr import Item

    post = Item(
        5, "post", "publish", "T", "", "", "", "", f"<p>Alku</p>{html}<p>Loppu</p>", "", 0, False
    )
    md = converter().convert(post).markdown
    assert "pois" not in md and "Lähetä" not in md and "<" not in md, md
    assert md.startswith("Alku\n") and md.endswith("Loppu\n"), md


@pytest.mark.parametrize(
    "data, taken",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', True),
        (b"<svg><rect/></svg>", True),
        (b"<html><body>ei kuva</body></html>", False),
        (b"ei XML:aa lainkaan", False),
        (b"\xff\xfe<svg/>", False),
        (b'<!DOCTYPE s [<!ENTITY a "aaaa">]><svg>&a;&a;</svg>', False),
    ],
)
def test_an_svg_is_taken_only_when_it_is_one(data, taken):
    from sitetools.wordpress.media import Unusable, checked

    if taken:
        assert checked(data, "kuva.svg", "kuva.svg") == data
    else:
        with pytest.raises(Unusable, match="^kuva.svg ei ole SVG-kuva$"):
            checked(data, "kuva.svg", "kuva.svg")


@pytest.mark.parametrize(
    "heading, written",
    [
        ("<h2>ISO OTSIKKO</h2>", "## Iso otsikko"),
        ("<h2> ÄÄNI JA KUVA</h2>", "## Ääni ja kuva"),
        ("<h2>2024: <em>VUODEN</em> KATSAUS</h2>", "## 2024: *vuoden* katsaus"),
        ("<h2><!-- HUOM --><strong>TYÖNOHJAUS</strong> ON</h2>", "## **Työnohjaus** on"),
        (
            '<h2><a href="https://example.org/">LUE LISÄÄ</a></h2>',
            "## [Lue lisää](https://example.org/)",
        ),
        ("<h2>ABC</h2>", "## ABC"),  # fewer than four letters: an abbreviation stays
    ],
)
def test_a_heading_in_capitals_becomes_a_sentence(heading, written):
    from sitetools.wordpress.wxr import Item

    post = Item(6, "post", "publish", "T", "", "", "", "", heading, "", 0, False)
    assert converter().convert(post).markdown == written + "\n"
