"""Broken posts stop the practitioner's real `invoke build` with a Finnish message that
names the file and the line and says what to write; the last good site and the content stay
exactly as they were."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import copy_project, heic_like, jpeg_claiming, png_of_zeros, run_invoke, snapshot


@dataclass(frozen=True)
class BadPost:
    folder: str  # under content/
    data: bytes
    line: int  # the line the message must name
    advice: tuple[str, ...]  # what the message must tell her to write


GOOD_BODY = "\n\nTyönohjauksessa pysähdytään oman työn äärelle.\n"
LONG_TITLE = "Pitkä otsikko joka jatkuu ja jatkuu " + "ja vielä vähän " * 20
BAD_POSTS = {
    "invalid-date": BadPost(
        "blogi",
        (
            "Title: Kevään kuulumiset\nDate: 2013-13-45\nCategory: Ajankohtaista" + GOOD_BODY
        ).encode(),
        2,
        ("Kirjoita", "Date: 2024-05-31"),
    ),
    "finnish-date": BadPost(
        "blogi",
        ("Title: Kevään kuulumiset\nCategory: Ajankohtaista\nDate: 31.5.2013" + GOOD_BODY).encode(),
        3,
        ("Kirjoita", "vuosi-kuukausi-päivä", "Date: 2013-05-31"),  # her own date, rewritten
    ),
    "no-title": BadPost(
        "blogi",
        ("Date: 2013-06-01 10:00\nCategory: Ajankohtaista" + GOOD_BODY).encode(),
        1,
        ("otsikko puuttuu", "Title:"),
    ),
    "not-utf8": BadPost(
        "blogi",
        ("Title: Kevaan kuulumiset\nDate: 2013-06-01\nCategory: Ajankohtaista" + GOOD_BODY).encode(
            "latin-1"
        ),
        5,
        ("UTF-8", "Tallenna"),
    ),
    "unknown-status": BadPost(
        "blogi",
        (
            "Title: Kevään kuulumiset\nDate: 2013-06-01\nCategory: Ajankohtaista\n"
            "Status: julkaistu" + GOOD_BODY
        ).encode(),
        4,
        ("Kirjoita", "Status: published", "Status: draft"),
    ),
    "page-without-title": BadPost(
        "sivut",
        ("Slug: hinnasto\nSummary: Hinnat" + GOOD_BODY).encode(),
        1,
        ("otsikko puuttuu", "Title:"),
    ),
    "title-too-long": BadPost(
        "blogi",
        (f"Title: {LONG_TITLE}\nDate: 2013-06-01\nCategory: Ajankohtaista" + GOOD_BODY).encode(),
        1,
        ("liian pitkä", "Slug: pitka-otsikko-joka-jatkuu"),
    ),
    "unknown-template": BadPost(
        "sivut",
        ("Title: Hinnasto\nTemplate: palvelu\nSummary: Hinnat" + GOOD_BODY).encode(),
        2,
        ("palvelu", "Template: service", "page", "contact"),
    ),
    "slug-outside": BadPost(
        "blogi",
        (
            "Title: Kevään kuulumiset\nDate: 2013-06-01\nCategory: Ajankohtaista\n"
            "Slug: ../../../tmp/kuulumiset" + GOOD_BODY
        ).encode(),
        4,
        ("Slug: kevaan-kuulumiset", "pieniä kirjaimia"),
    ),
    "save-as-outside": BadPost(
        "blogi",
        (
            "Title: Kevään kuulumiset\nDate: 2013-06-01\nCategory: Ajankohtaista\n"
            "Save_as: ../../kuulumiset.html" + GOOD_BODY
        ).encode(),
        4,
        ("Save_as", "Poista rivi"),
    ),
    "unknown-field": BadPost(
        "blogi",
        ("Title: Kevään kuulumiset\nDate: 2013-06-01\nCatgory: Ajankohtaista" + GOOD_BODY).encode(),
        3,
        ("tuntematon kenttä", "Tarkoititko Category?"),
    ),
    # A field given twice: Pelican would take the first value, the checks the last.
    "status-twice": BadPost(
        "blogi",
        (
            "Title: Kevään kuulumiset\nStatus: draft\nDate: 2013-06-01\nCategory: Ajankohtaista\n"
            "Status: published" + GOOD_BODY
        ).encode(),
        5,
        ("Status", "kahteen kertaan", "riveillä 2 ja 5", "Jätä vain yksi"),
    ),
    "status-twice-other-case": BadPost(
        "blogi",
        (
            "Title: Kevään kuulumiset\nStatus: published\nDate: 2013-06-01\n"
            "status: draft\nCategory: Ajankohtaista" + GOOD_BODY
        ).encode(),
        4,
        ("Status", "riveillä 2 ja 4"),
    ),
    "example-twice": BadPost(
        "sivut",
        ("Title: Hinnasto\nExample: false\nSummary: Hinnat\n  EXAMPLE: true" + GOOD_BODY).encode(),
        4,
        ("Example", "riveillä 2 ja 4"),
    ),
    "title-twice-same-value": BadPost(
        "blogi",
        (
            "Title: Kevään kuulumiset\nTitle: Kevään kuulumiset\nDate: 2013-06-01\n"
            "Category: Ajankohtaista" + GOOD_BODY
        ).encode(),
        2,
        ("Title", "riveillä 1 ja 2"),
    ),
    # Characters the feeds cannot hold: a NUL byte, a pasted control code
    "nul-byte": BadPost(
        "blogi",
        (
            "Title: Kevään kuulumiset\nDate: 2013-06-01\nCategory: Ajankohtaista\n\nEka.\n\n"
            "Toka \x00 rivi.\n"
        ).encode(),
        7,
        ("ohjausmerkki (koodi 0)", "Poista se"),
    ),
    "control-code-in-title": BadPost(
        "sivut",
        ("Title: Hinnasto\x0c\nSummary: Hinnat" + GOOD_BODY).encode(),
        1,
        ("ohjausmerkki (koodi 12)",),
    ),
}


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project with a good site already built by `invoke build`."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    first = run_invoke(project, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert (project / "output" / "index.html").is_file()
    return project


@pytest.mark.parametrize("case", BAD_POSTS.keys())
def test_bad_post_stops_the_build_and_keeps_everything(built_project, tmp_path, case):
    bad = BAD_POSTS[case]
    project_copy = tmp_path / "project"
    shutil.copytree(built_project, project_copy)  # modification times kept
    output = project_copy / "output"
    site_before = snapshot(output)

    post = project_copy / "content" / bad.folder / f"rikki-{case}.md"
    post.write_bytes(bad.data)
    content_before = snapshot(project_copy / "content")

    result = run_invoke(project_copy, "build")
    said = one_line(result.stdout + result.stderr)

    assert result.returncode != 0, said
    assert f"content/{bad.folder}/{post.name}, rivi {bad.line}:" in said, said
    for advice in bad.advice:
        assert advice in said, f"the message does not say {advice!r}: {said}"
    assert "Traceback" not in said
    assert "Sivustoa ei rakennettu" in said or "epäonnistui" in said
    assert "Aiemmin rakennettu sivusto kansiossa output jäi ennalleen." in said, said
    assert snapshot(output) == site_before, "the last good site was changed"
    assert snapshot(project_copy / "content") == content_before, "content/ was changed"
    assert post.read_bytes() == bad.data
    leftovers = [p.name for p in project_copy.iterdir() if p.name.startswith(".output")]
    assert leftovers == [], "a half-built site was left beside output/"


def test_every_problem_in_a_build_is_reported_at_once(project_copy):
    """Two broken posts: both are named, so she need not rebuild to find the second."""
    blog = project_copy / "content" / "blogi"
    (blog / "rikki-1.md").write_bytes(BAD_POSTS["invalid-date"].data)
    (blog / "rikki-2.md").write_bytes(BAD_POSTS["no-title"].data)
    content_before = snapshot(project_copy / "content")
    result = run_invoke(project_copy, "build")
    said = one_line(result.stdout + result.stderr)
    assert result.returncode != 0
    assert "content/blogi/rikki-1.md, rivi 2:" in said
    assert "content/blogi/rikki-2.md, rivi 1:" in said
    assert not (project_copy / "output").exists(), "a broken build produced a site"
    assert "jäi ennalleen" not in said, "there was no earlier site to keep"
    assert "Kansiota output ei vielä ole: se tehdään, kun rakentaminen onnistuu." in said
    assert snapshot(project_copy / "content") == content_before


def refused(project: Path) -> str:
    """`invoke build` in project: it must fail in Finnish; the message on one line."""
    result = run_invoke(project, "build")
    said = one_line(result.stdout + result.stderr)
    assert result.returncode != 0, said
    assert "Traceback" not in said and "Error:" not in said, said
    return said


def test_two_posts_at_one_address_name_both_files(project_copy):
    """The same title twice (Pelican: FileOverwriteFailedError)."""
    post = project_copy / "content" / "blogi" / "2016-01-01-sama-otsikko.md"
    post.write_text(
        "Title: Kun työ kuormittaa: tunnekuorman purkaminen\nDate: 2016-01-01\n"
        "Category: Työyhteisö" + GOOD_BODY,
        encoding="utf-8",
    )
    said = refused(project_copy)
    assert "content/blogi/2016-01-01-sama-otsikko.md, rivi 1:" in said, said
    assert "content/blogi/2015-03-17-kun-tyo-kuormittaa.md" in said, said
    assert "blogi/kun-tyo-kuormittaa-tunnekuorman-purkaminen/" in said
    assert "Slug: kun-tyo-kuormittaa-tunnekuorman-purkaminen-2" in said


def test_save_as_index_html_in_a_post_names_the_home_page(project_copy):
    post = project_copy / "content" / "blogi" / "2016-01-01-etusivulle.md"
    post.write_text(
        "Title: Etusivulle\nDate: 2016-01-01\nCategory: Työyhteisö\nSave_as: index.html"
        + GOOD_BODY,
        encoding="utf-8",
    )
    said = refused(project_copy)
    assert "content/blogi/2016-01-01-etusivulle.md, rivi 4:" in said, said
    assert "content/sivut/etusivu.md" in said, said


def test_a_slug_taken_by_a_blog_page_is_named(project_copy):
    post = project_copy / "content" / "blogi" / "2016-01-01-arkisto.md"
    post.write_text(
        "Title: Arkisto\nDate: 2016-01-01\nCategory: Työyhteisö\nSlug: arkisto" + GOOD_BODY,
        encoding="utf-8",
    )
    said = refused(project_copy)
    assert "content/blogi/2016-01-01-arkisto.md, rivi 4:" in said, said
    assert "blogi/arkisto/" in said and "arkisto" in said
    assert "Slug: arkisto-2" in said


def test_a_plugin_that_fails_to_load_fails_the_build(project_copy, tmp_path):
    """Pelican logs a plugin it cannot import before any plugin could count errors."""
    from pelican.settings import get_settings_from_file

    from support import run_pelican

    plugins = get_settings_from_file(str(project_copy / "pelicanconf.py"))["PLUGINS"]
    plugins = json.dumps([*plugins, "puuttuva_laajennus"])
    build = run_pelican(
        project_copy, tmp_path / "out", "pelicanconf.py", "-e", f"PLUGINS={plugins}"
    )
    assert build.returncode != 0, build.output
    assert "puuttuva_laajennus" in build.output
    assert "epäonnistui" in build.output and "Traceback" not in build.output


def test_a_misspelt_field_stops_every_build(project_copy, tmp_path):
    """A misspelt field (Catgory) would silently put the post in no category: an error
    in the preview as in the published build, naming the file, the line and the fix."""
    from support import run_pelican

    post = project_copy / "content" / "blogi" / "kirjoitusvirhe.md"
    post.write_text(
        "Title: Kevään kuulumiset\nDate: 2013-06-01\nCatgory: Ajankohtaista" + GOOD_BODY,
        encoding="utf-8",
    )
    for conf in ("pelicanconf.py", "publishconf.py"):
        build = run_pelican(project_copy, tmp_path / conf, conf)
        assert build.returncode != 0, build.output
        assert "kirjoitusvirhe.md, rivi 3" in build.output
        assert "Tarkoititko Category?" in build.output
        assert "Traceback" not in build.output


DEEP_LISTS = {
    "viivat": "- " * 10_000 + "x\n",
    "tahdet": "* " * 10_000 + "x\n",
    "numerot": "1. " * 10_000 + "x\n",
    "sisennykset": "".join("    " * level + "- kohta\n" for level in range(300)),
}


def test_lists_nested_too_deep_name_their_files_in_finnish(built_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built_project, project)
    site_before = snapshot(project / "output")
    for name, body in DEEP_LISTS.items():
        (project / "content" / "blogi" / f"2016-01-01-{name}.md").write_text(
            f"Title: {name}\nDate: 2016-01-01\nCategory: Ajankohtaista\n\nAlku.\n\n{body}",
            encoding="utf-8",
        )
    result = run_invoke(project, "build")
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    for name in DEEP_LISTS:
        assert f"content/blogi/2016-01-01-{name}.md: tekstissä on luettelo luettelon" in said
    assert "Could not process" not in said and "Traceback" not in said, said
    assert "4 virhettä" in said, said
    assert snapshot(project / "output") == site_before


def test_pictures_that_cannot_be_published_are_named_with_what_they_are(built_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built_project, project)
    site_before = snapshot(project / "output")
    pictures = {
        "pommi.png": (png_of_zeros(20_000, 20_000), "20 000 × 20 000 pikseliä"),
        "iso.png": (png_of_zeros(8_000, 7_000), "8 000 × 7 000 pikseliä"),
        "otsake.jpg": (jpeg_claiming(65_000, 65_000), "65 000 × 65 000 pikseliä"),
        "iphone.jpg": (heic_like(), "HEIC-muodossa"),
        "iphone2.jpeg": (heic_like(b"mif1"), "HEIC-muodossa"),
        "salasanat.jpg": (b"root:x:0:0:root:/root:/bin/bash\n", "ei ole kuva"),
    }
    images = project / "content" / "images"
    for name, (data, _words) in pictures.items():
        (images / name).write_bytes(data)
    body = "\n\n".join(f"![Kuva {name}](/images/{name})" for name in pictures)
    (project / "content" / "blogi" / "2016-01-01-kuvat.md").write_text(
        f"Title: Kuvat\nDate: 2016-01-01\nCategory: Ajankohtaista\n\n{body}\n", encoding="utf-8"
    )
    result = run_invoke(project, "build")
    said = (result.stdout + result.stderr).replace("\xa0", " ")
    assert result.returncode != 0, said
    for name, (_data, words) in pictures.items():
        assert re.search(rf"content/images/{re.escape(name)}: [^\n]*{words}", said), (name, said)
    for name in ("pommi.png", "iso.png", "otsake.jpg"):
        assert said.count(f"content/images/{name}: kuvassa on") == 1, said
    assert "suurin sallittu on 50 megapikseliä" in said
    assert "Tallenna se JPEG-muodossa" in said
    for english in ("DecompressionBomb", "cannot identify", "Traceback", "Could not"):
        assert english not in said, said
    assert snapshot(project / "output") == site_before
