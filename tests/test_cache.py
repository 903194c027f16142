"""The preview's content cache (Pelican's reader cache, kept apart per Markdown configuration
by sitecore.build): the same bytes with and without it, a broken cache is rebuilt, and every
kind of edit reaches every page that shows it in a running `invoke livereload`, which
builds in processes forked from its first, warm one (sitecore.build.EarlyPages too)."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitetools.checks.server import free_port
from support import Preview, run_pelican, snapshot

POST = """\
Title: {title}
Date: 2016-0{day}-01 10:00
Category: Välimuisti
Tags: {tags}
Summary: Tiivistelmä {day}.

{body}
"""


def write_post(project: Path, day: int, title: str, body: str, tags: str = "koe") -> Path:
    path = project / "content" / "blogi" / f"2016-0{day}-01-valimuisti.md"
    path.write_text(POST.format(title=title, day=day, body=body, tags=tags), encoding="utf-8")
    return path


def build(project: Path, name: str):
    result = run_pelican(project, project / name, "pelicanconf.py")
    assert result.returncode == 0, result.output
    return result


def text_of(output: Path, url: str) -> str:
    """The page's HTML with the typography evened out (no soft hyphens, plain spaces)."""
    file = output / url if url.endswith(".xml") else output / url / "index.html"
    text = html.unescape(file.read_text(encoding="utf-8"))
    return " ".join(text.replace("\u00ad", "").replace("\u00a0", " ").split())


def test_cache_gives_the_same_bytes_and_a_broken_cache_is_rebuilt(project_copy):
    cold = build(project_copy, "cold")
    cache = project_copy / "cache" / "esikatselu"
    files = sorted(p for p in cache.rglob("*") if p.is_file())
    assert files, "the preview build writes its cache"
    warm = build(project_copy, "warm")
    assert snapshot(warm.path) == snapshot(cold.path)
    for file in files:  # an interrupted build: truncated cache files
        file.write_bytes(file.read_bytes()[:20])
    again = build(project_copy, "again")
    assert snapshot(again.path) == snapshot(cold.path)
    nocache = run_pelican(
        project_copy, project_copy / "nocache", "pelicanconf.py", "-e", "LOAD_CONTENT_CACHE=false"
    )
    assert snapshot(nocache.path) == snapshot(cold.path)
    # Changed code (here a plugin's text) means a new cache; the old one is removed, not kept.
    (before,) = [p.name for p in cache.iterdir()]
    plugin = project_copy / "plugins" / "writing.py"
    plugin.write_text(plugin.read_text(encoding="utf-8") + "\n# muutettu\n", encoding="utf-8")
    changed = build(project_copy, "changed")
    assert snapshot(changed.path) == snapshot(cold.path)
    (after,) = [p.name for p in cache.iterdir()]
    assert after != before


@pytest.fixture
def builder(project_copy) -> Iterator[Callable[[str], Path]]:
    """Build after an edit as the live preview does; its output folder. The preview's first
    build runs in its own process, every later one in a process forked from it, reading
    Pelican's content cache from disk (so this is also `invoke build` run again)."""
    preview: Preview | None = None

    def next_build(name: str) -> Path:
        nonlocal preview
        if preview is None:  # its first build: started after the first edits
            preview = Preview(project_copy, "--port", str(free_port()))
        said = "\n".join(preview.next_build())
        assert "Virheilmoitus" not in said, said
        return project_copy / "output"

    try:
        yield next_build
    finally:
        if preview is not None:
            preview.stop()


def test_every_kind_of_edit_reaches_every_page_that_shows_it(project_copy, builder):
    build = builder
    write_post(project_copy, 1, "Ensimmäinen välimuistikoe", "Alkuperäinen teksti.")
    second = write_post(project_copy, 2, "Toinen välimuistikoe", "Toinen teksti.")
    first = build("o1")
    assert "Alkuperäinen teksti." in text_of(first, "blogi/ensimmainen-valimuistikoe")

    # the body of a post
    write_post(project_copy, 1, "Ensimmäinen välimuistikoe", "Muutettu teksti.")
    out = build("o2")
    assert "Muutettu teksti." in text_of(out, "blogi/ensimmainen-valimuistikoe")

    # a title: its page, its neighbour's link, the lists and the feed
    write_post(project_copy, 1, "Uusi otsikko kokeelle", "Muutettu teksti.")
    out = build("o3")
    assert "Uusi otsikko kokeelle" in text_of(out, "blogi/uusi-otsikko-kokeelle")
    assert not (out / "blogi" / "ensimmainen-valimuistikoe").exists()
    assert "Uusi otsikko kokeelle" in text_of(out, "blogi/toinen-valimuistikoe")  # prev link
    assert "Uusi otsikko kokeelle" in text_of(out, "blogi/kategoria/valimuisti")
    assert "Uusi otsikko kokeelle" in text_of(out, "blogi/syote.xml")

    # a tag
    write_post(project_copy, 2, "Toinen välimuistikoe", "Toinen teksti.", tags="uusiaihe")
    out = build("o4")
    assert "Toinen välimuistikoe" in text_of(out, "blogi/aihe/uusiaihe")
    assert "Toinen välimuistikoe" not in text_of(out, "blogi/aihe/koe")
    assert second.is_file()

    # a feedback file: its quote on the benefits page
    feedback = sorted((project_copy / "content" / "feedback").glob("20*.yaml"))
    named = next(
        f for f in feedback if re.search(r"publish: named\n(.*\n)*quote:", f.read_text("utf-8"))
    )
    quote = "Välimuistikokeen lainaus näkyy heti."
    text = named.read_text("utf-8")
    text = re.sub(r"quote: \|\n(  .*\n)+", f"quote: |\n  {quote}\n", text)
    named.write_text(text, encoding="utf-8")
    out = build("o5")
    assert quote in text_of(out, "hyodyt")

    # a template: every page
    base = project_copy / "theme" / "templates" / "base.html"
    base.write_text(
        base.read_text("utf-8").replace("</body>", "<p hidden>pohjamerkki</p>\n</body>"), "utf-8"
    )
    out = build("o6")
    pages = sorted(out.rglob("index.html"))
    assert pages and all("pohjamerkki" in p.read_text("utf-8") for p in pages)

    # a UI string (the theme's messages.po, compiled in memory): every page
    po = project_copy / "theme" / "translations" / "fi" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8")
    po.write_text(text.replace('"Siirry sisältöön"', '"Hyppää sisältöön"'), encoding="utf-8")
    out = build("o7")
    assert all("Hyppää sisältöön" in p.read_text("utf-8") for p in pages_of(out))

    # a setting: the site's name (her details, tiedot.yaml) on every page
    details = project_copy / "tiedot.yaml"
    details.write_text(
        re.sub(
            r"(?m)^  nimi: .*$", "  nimi: Välimuistin kokeilusivusto", details.read_text("utf-8")
        ),
        encoding="utf-8",
    )
    out = build("o8")
    assert all("Välimuistin kokeilusivusto" in p.read_text("utf-8") for p in pages_of(out))


def pages_of(output: Path) -> list[Path]:
    return [p for p in sorted(output.rglob("index.html")) if "luonnokset" not in p.parts]


def test_kept_compiled_templates_give_the_same_bytes_and_follow_every_edit(project_copy):
    """TEMPLATE_CACHE_PATH keeps the templates compiled (Jinja's bytecode cache) for every
    build, the published one too: the pages are the same bytes, an edited template is
    compiled anew, and an edited style sheet gets its new hashed name at once (the name is
    looked up when a page is made, never kept in a compiled template)."""
    kept = project_copy / "cache" / "mallit"
    shutil.rmtree(kept)  # the copy's compiled templates: made here, from nothing
    first = run_pelican(project_copy, project_copy / "first", "publishconf.py")
    assert first.returncode == 0, first.output
    assert list(kept.rglob("*.cache")), "no compiled templates kept"
    again = run_pelican(project_copy, project_copy / "again", "publishconf.py")
    assert snapshot(again.path) == snapshot(first.path)

    css = project_copy / "theme" / "static" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.muokattu { color: #000; }\n")
    restyled = run_pelican(project_copy, project_copy / "restyled", "publishconf.py")
    assert restyled.returncode == 0, restyled.output
    before = re.findall(r"css/site\.([0-9a-f]{10})\.css", (first.path / "index.html").read_text())
    after = re.findall(r"css/site\.([0-9a-f]{10})\.css", (restyled.path / "index.html").read_text())
    assert before and after and after[0] != before[0], (before, after)
    shipped = restyled.path / "theme" / "css" / f"site.{after[0]}.css"
    assert shipped.read_bytes() == css.read_bytes()
    assert not (restyled.path / "theme" / "css" / "site.css").exists()

    base = project_copy / "theme" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- muokattu --></body>"))
    edited = run_pelican(project_copy, project_copy / "edited", "publishconf.py")
    assert edited.returncode == 0, edited.output
    assert "<!-- muokattu -->" in (edited.path / "index.html").read_text(encoding="utf-8")
