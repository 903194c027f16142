"""Small shared pieces: the build's Finnish messages, slugs the site's way, settings."""

from __future__ import annotations

import io
import re
import tracemalloc
import warnings
from pathlib import Path

import pytest
from PIL import Image

from sitecore.build import BuildResult, Tally, plural
from sitecore.html_text import start_tags, text_of
from sitecore.metadata import content_files, read_header
from sitecore.pictures import MAX_MEGAPIXELS, NotAPicture, identify
from sitecore.problems import NOT_UTF8, Problem
from sitecore.redirects import load as load_redirects
from sitecore.settings import load, make_slug
from support import heic_like, jpeg_claiming, png_of_zeros


def test_counts_agree_with_their_number():
    assert plural(1, "virhe", "virhettä") == "1 virhe"
    assert plural(2, "virhe", "virhettä") == "2 virhettä"
    assert plural(0, "luonnos", "luonnosta") == "0 luonnosta"


def test_summary_and_failure_messages_in_finnish():
    ok = BuildResult(True, Path("o"), 0, 1.25, Tally(articles=1, pages=9, drafts=2))
    assert ok.summary() == "Valmis: 1 kirjoitus, 9 sivua, 2 luonnosta (1,2 s)."
    one = BuildResult(False, Path("o"), 1, 0.1, Tally())
    assert "1 virhe (katso" in one.failure()
    strict = BuildResult(False, Path("o"), 2, 0.1, Tally(), strict=True)
    assert "2 varoitusta tai virhettä" in strict.failure()


def test_slugs_are_made_with_the_sites_settings():
    settings = load()
    assert make_slug("Johdon ja esimiesten työnohjaus", settings) == (
        "johdon-ja-esimiesten-tyonohjaus"
    )
    assert make_slug("Mistä syntyy hyödyllinen työnohjaus?", settings) == (
        "mista-syntyy-hyodyllinen-tyonohjaus"
    )


def test_settings_paths_are_absolute_and_the_locale_is_left_alone():
    import locale

    before = locale.setlocale(locale.LC_ALL)
    settings = load(conf="publishconf.py")
    assert Path(settings["PATH"]).is_absolute() and settings["PATH"].endswith("content")
    assert settings["SITEURL"].startswith("https://")
    assert locale.setlocale(locale.LC_ALL) == before


def test_every_build_in_one_process_reports_its_warnings_once():
    """Pelican's duplicate filter remembers a message for the life of the process: a second
    build in the same process (livereload, the tests) must still print and count it."""
    import io
    import logging

    from sitecore.build import Report

    log = logging.getLogger("pelican.generators")  # Pelican's, with its duplicate filter
    for _ in range(2):
        stream = io.StringIO()
        with Report(stream, logging.WARNING, logging.WARNING) as report:
            log.warning("Sama varoitus %s.", "joka kerta")
            log.warning("Sama varoitus %s.", "joka kerta")
        assert (report.count, stream.getvalue()) == (1, "Varoitus: Sama varoitus joka kerta.\n")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: png_of_zeros(20_000, 20_000), "20 000 × 20 000 pikseliä (400,0 megapikseliä)"),
        (lambda: png_of_zeros(8_000, 7_000), "8 000 × 7 000 pikseliä (56,0 megapikseliä)"),
        (lambda: jpeg_claiming(65_000, 65_000), "65 000 × 65 000 pikseliä (4 225,0 megap"),
    ],
    ids=["png-400-megapixels", "png-just-over", "jpeg-header-claiming-4225-megapixels"],
)
def test_a_pixel_bomb_is_refused_from_its_header_with_its_size_and_the_limit(make, words):
    data = make()
    tracemalloc.start()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's English DecompressionBombWarning
        with pytest.raises(NotAPicture) as refused:
            identify(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000, peak  # nothing decoded
    assert words in str(refused.value).replace("\xa0", " ")
    assert f"suurin sallittu on {MAX_MEGAPIXELS} megapikseliä" in str(refused.value)
    assert "Pienennä kuva" in str(refused.value)


@pytest.mark.parametrize("brand", [b"heic", b"heix", b"mif1", b"msf1"])
def test_an_iphone_photo_is_named_heic_with_what_to_do(brand):
    with pytest.raises(NotAPicture, match="HEIC-muodossa") as refused:
        identify(heic_like(brand))
    assert "Tallenna se JPEG-muodossa" in str(refused.value)


def bmp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "BMP")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"/etc/passwd\n",
        b"<?php echo 1; ?>",
        b"GIF8",
        bytes(64),
        bmp(),
        b"%!PS-Adobe-3.0 EPSF-3.0\n",
    ],
)
def test_what_is_no_picture_is_said_so(data):
    with pytest.raises(NotAPicture, match="ei ole kuva, jonka verkkosivu voi näyttää"):
        identify(data)


def test_a_real_picture_is_its_format_and_size():
    assert identify(jpeg_claiming(4_000, 3_000)) == ("JPEG", (4_000, 3_000))
    assert identify(png_of_zeros(8_000, 6_000)) == ("PNG", (8_000, 6_000))


@pytest.mark.parametrize("code", [0, 1, 27, 127])
def test_a_control_character_in_the_redirect_map_names_its_line(tmp_path, code):
    path = tmp_path / "redirects.yaml"
    path.write_text(f'"/vanha/": /blogi/\n"/toinen/": /blogi/x{chr(code)}/\n', encoding="utf-8")
    redirects, problems = load_redirects(path)
    assert redirects == []
    (problem,) = problems
    assert problem.line == 2 and f"ohjausmerkki (koodi {code})" in problem.message


@pytest.mark.parametrize(
    "bad", ["ä".encode("latin-1"), "ä".encode("cp1252"), b"\xff", b"\xc3", "ä".encode("utf-16")]
)
@pytest.mark.parametrize("line", [1, 3])
def test_a_redirect_map_that_is_not_utf8_names_its_line_as_every_reader_does(tmp_path, bad, line):
    path = tmp_path / "redirects.yaml"
    path.write_bytes(b'"/a/": /b/\n' * (line - 1) + b'"/p' + bad + b'/": /blogi/\n')
    assert load_redirects(path) == ([], [Problem(path, line, NOT_UTF8)])


@pytest.mark.parametrize(
    "text",
    [
        '"/vanha/": /blogi/\n"/toinen/: /blogi/x/\n',  # a quote left open
        '"/vanha/": /blogi/\n"/toinen/": /blogi/x/: y\n',  # a second colon
        '"/vanha/": /blogi/\n\t"/toinen/": /blogi/x/\n',  # a tab
        '"/vanha/": /blogi/\n"/toinen/": [/blogi/x/\n',  # a bracket left open
    ],
)
def test_a_redirect_map_that_is_not_yaml_is_named_in_finnish(tmp_path, text):
    path = tmp_path / "redirects.yaml"
    path.write_text(text, encoding="utf-8")
    redirects, problems = load_redirects(path)
    (problem,) = problems
    assert redirects == [] and problem.line == 2, problem
    assert "YAML-muotoa" in problem.message
    assert not re.search(r"\b(expected|found|while|mapping|scanning|could not)\b", problem.message)


def test_the_header_of_a_file_that_cannot_be_read_is_empty_and_a_bom_is_no_part_of_it(tmp_path):
    (tmp_path / "bom.md").write_bytes("\ufeffTitle: Kevät\r\nSlug: kevat\r\n\nTeksti".encode())
    (tmp_path / "latin.md").write_bytes("Title: Kevät".encode("latin-1"))
    assert read_header(tmp_path / "bom.md").fields == {"title": (1, "Kevät"), "slug": (2, "kevat")}
    assert read_header(tmp_path / "latin.md").fields == {}
    assert read_header(tmp_path / "poissa.md").fields == {}


def test_content_files_are_the_posts_and_pages_pelican_reads_in_order(tmp_path):
    for name in ["blogi/b.md", "blogi/a.md", "blogi/vanha/c.md", "blogi/README.md", "blogi/.#a.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Title: x\n")
    (tmp_path / "sivut").mkdir()
    (tmp_path / "sivut/s.md").write_text("Title: s\n")
    (tmp_path / "sivut/kuva.jpg").write_bytes(b"")
    settings = {"PATH": str(tmp_path), "ARTICLE_PATHS": ["blogi"], "PAGE_PATHS": ["sivut"]}
    settings["IGNORE_FILES"] = [".#*", "README.md"]
    found = [
        (kind, path.relative_to(tmp_path).as_posix()) for kind, path in content_files(settings)
    ]
    posts = [("article", "blogi/a.md"), ("article", "blogi/b.md"), ("article", "blogi/vanha/c.md")]
    assert found == [*posts, ("page", "sivut/s.md")]
    assert [kind for kind, _ in content_files(settings, "page")] == ["page"]


@pytest.mark.parametrize(
    ("html", "sep", "text"),
    [
        ("Main &raquo;\t<em>About</em>", "", "Main » About"),
        ("<em>työn</em>ohjaus", "", "työnohjaus"),  # an inline tag parts no word
        ("<p>yksi</p><p>kaksi</p>", " ", "yksi kaksi"),
        ("työn&shy;oh\u00adjaus\u200b", "", "työnohjaus"),
        ("a <!-- <p>kommentti</p> --> b", "", "a b"),
        ("  rivi\n\n  toinen\u00a0 ", "", "rivi toinen"),
        ("a &lt;b&gt; &amp; &#x41;", "", "a <b> & A"),
        ("", "", ""),
        (None, " ", ""),
    ],
)
def test_text_of_is_the_text_a_reader_sees(html, sep, text):
    assert text_of(html, sep) == text


def test_text_of_can_keep_attribute_values_and_start_tags_come_as_written():
    html = '<img alt="Kuva &amp; teksti" src=x.jpg>ja <A HREF="/y">linkki</A><br/>'
    assert text_of(html, " ", values=True) == "Kuva & teksti x.jpg ja /y linkki"
    assert start_tags(html) == ['<img alt="Kuva &amp; teksti" src=x.jpg>', '<A HREF="/y">', "<br/>"]
