"""The practitioner's own commands: `invoke build` and `invoke preview` in a copy of the
project, and production builds that are byte-for-byte repeatable and never touch content/."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import signals

from support import PROD_SITEURL, ROOT, SEED_URL, run_invoke, run_pelican, snapshot

QUICKSTART_TASKS = [
    "clean",
    "build",
    "rebuild",
    "regenerate",
    "serve",
    "reserve",
    "preview",
    "livereload",
    "publish",
]


def canonical(output: Path, url: str) -> str:
    soup = BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "lxml")
    return soup.find("link", rel="canonical")["href"]


def test_invoke_has_the_quickstart_tasks(project_copy):
    result = run_invoke(project_copy, "--list")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()}
    assert set(QUICKSTART_TASKS) <= listed


def test_invoke_build_and_preview_in_a_copy(project_copy):
    content_before = snapshot(project_copy / "content", with_times=True)
    output = project_copy / "output"

    built = run_invoke(project_copy, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (output / "index.html").is_file()
    assert (output / SEED_URL / "index.html").is_file()
    assert canonical(output, SEED_URL) == f"/{SEED_URL}"  # the preview: root-relative links
    assert PROD_SITEURL not in (output / SEED_URL / "index.html").read_text(encoding="utf-8")

    previewed = run_invoke(project_copy, "preview")
    assert previewed.returncode == 0, previewed.stdout + previewed.stderr
    assert canonical(output, SEED_URL) == f"{PROD_SITEURL}/{SEED_URL}"  # publishconf.py
    assert canonical(output, "") == f"{PROD_SITEURL}/"
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PROD_SITEURL}/sitemap.xml" in robots

    assert snapshot(project_copy / "content", with_times=True) == content_before
    leftovers = [p.name for p in project_copy.iterdir() if p.name.startswith(".output")]
    assert leftovers == []

    cleaned = run_invoke(project_copy, "clean")
    assert cleaned.returncode == 0
    assert not output.exists()
    assert snapshot(project_copy / "content", with_times=True) == content_before


def test_production_builds_are_byte_identical(site, project_copy):
    """Same content, another folder, another moment: the very same bytes."""
    again = run_pelican(project_copy, project_copy / "output", "publishconf.py")
    assert again.returncode == 0, again.output
    first, second = snapshot(site.path), snapshot(again.path)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    assert len(first) > 30


def test_a_build_never_modifies_content(project_copy):
    before = snapshot(project_copy / "content", with_times=True)
    for settings in ("pelicanconf.py", "publishconf.py"):
        build = run_pelican(project_copy, project_copy / f"out-{settings}", settings)
        assert build.returncode == 0, build.output
    assert snapshot(project_copy / "content", with_times=True) == before


def test_bin_bench_times_our_build_against_plain_pelican_and_an_edit():
    """The developers' benchmark builds a generated blog with both, and times the preview's
    edit → page of the newest post, the oldest and a page (measured numbers; no timing is
    asserted)."""
    import re
    import subprocess
    import sys

    cmd = [sys.executable, "bin/bench", "--posts", "3", "--runs", "1", "--edit"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    seconds = re.findall(r"^  (tämä sivusto|pelkkä Pelican) +([\d.]+) s", done.stdout, re.M)
    assert [label for label, _ in seconds] == ["tämä sivusto", "pelkkä Pelican"]
    assert all(float(s) > 0 for _, s in seconds) and "suhde pelkkään Pelicaniin" in done.stdout
    edits = re.findall(
        r"^  (\S+): muokattu sivu ([\d.]+) s \(suoritinaikaa ([\d.]+) s\), "
        r"koko sivusto ([\d.]+) s$",
        done.stdout,
        re.M,
    )  # the newest post, the oldest and a page
    assert [name for name, *_ in edits] == [
        "kirjoitus-00002.md",
        "kirjoitus-00000.md",
        "minusta.md",
    ]
    for _, page, cpu, whole in edits:
        assert 0 < float(page) <= float(whole) and float(cpu) > 0, done.stdout


def test_plugin_order_does_not_matter(site, project_copy):
    """PLUGINS reversed, in a new process (signal handlers connect in load order): the same
    bytes. No plugin imports another, and none relies on another having run first."""
    import json

    from sitecore.settings import load

    reversed_plugins = list(reversed(load(conf="publishconf.py")["PLUGINS"]))
    again = run_pelican(
        project_copy,
        project_copy / "output",
        "publishconf.py",
        "-e",
        f"PLUGINS={json.dumps(reversed_plugins)}",
    )
    assert again.returncode == 0, again.output
    assert snapshot(again.path) == snapshot(site.path)


def test_sitemap_lastmod_of_lists_is_the_newest_content_date(site):
    """A list page's lastmod is the newest content date, never the build's time (the sitemap
    plugin): two builds of the same content write the same sitemap."""
    import re

    sitemap = (site.path / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    post = re.compile(rf"{PROD_SITEURL}/blogi/(?!arkisto/)[a-z-]+/$")  # not lists or years
    post_dates = [date for url, date in entries.items() if post.match(url)]
    assert len(post_dates) >= 5
    assert entries[f"{PROD_SITEURL}/blogi/"] == max(post_dates)
    assert entries[f"{PROD_SITEURL}/blogi/arkisto/"] == max(post_dates)


EDITED = [  # Pelican writes posts newest first, pages after all posts, drafts last
    ("blogi/2015-03-17-kun-tyo-kuormittaa.md", "blogi/kun-tyo-kuormittaa-tunnekuorman-purkaminen"),
    (
        "blogi/2013-05-31-mista-syntyy-hyodyllinen-tyonohjaus.md",
        "blogi/mista-syntyy-hyodyllinen-tyonohjaus",
    ),
    ("sivut/minusta.md", "minusta"),
    (
        "blogi/2014-02-20-esimies-kenen-kanssa-sina-puhut.md",
        "luonnokset/esimies-kenen-kanssa-sina-puhut",
    ),
]


@pytest.mark.parametrize(
    ("source", "folder"), EDITED, ids=["newest post", "oldest post", "page", "draft"]
)
def test_the_edited_page_is_handed_over_before_anything_else_is_written(
    project_copy, source, folder
):
    """The live preview's early page (sitecore.build.EarlyPages): the edited post's, page's
    or draft's page is handed over whole before Pelican writes any other page, whatever its
    turn, and the finished site is byte for byte the one built without it. A build that has
    logged an error hands nothing over."""
    import io

    from sitecore import build as site_build

    post = project_copy / "content" / source
    if folder.startswith("luonnokset/"):  # a draft, as `invoke new` writes one
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("\n", "\nStatus: draft\n", 1), "utf-8")
    url = f"{folder}/index.html"
    seen: list[tuple[str, bytes, int]] = []

    def ready(root: Path, page: Path) -> None:
        written = sum(1 for _ in root.rglob("*.html"))
        seen.append((page.relative_to(root).as_posix(), page.read_bytes(), written))

    first = site_build.EarlyPages(frozenset({str(post)}), ready)

    def build(name: str, first=None):
        out = project_copy / name
        return site_build.run(out, project=project_copy, first=first, stream=io.StringIO())

    heard: list = []  # the pages' generate_output runs twice; its signal is sent once
    with signals.page_writer_finalized.connected_to(lambda sender, **_: heard.append(sender)):
        assert build("fast", first).ok
    assert len(heard) == 1
    assert build("plain").ok
    assert snapshot(project_copy / "fast") == snapshot(project_copy / "plain")
    [(page, data, written)] = seen
    assert page == url and data == (project_copy / "plain" / url).read_bytes()
    assert written == 1  # no other page yet

    seen.clear()  # an error logged before the page is written: nothing is shown early
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("\n", "\nImage: /ei-ole.jpg\n", 1), "utf-8")
    failed = build("failed", first)
    assert not failed.ok and seen == []
