"""The practitioner's own commands: `invoke build` and `invoke preview` in a copy of the
project, and production builds that are byte-for-byte repeatable and never touch content/."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

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


def test_invoke_bench_times_the_real_build(site):
    """The benchmark reports measured numbers for the real build (no timing is asserted)."""
    import re

    result = run_invoke(ROOT, "bench", "--runs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    build_line = next(line for line in result.stdout.splitlines() if "tämä sivusto" in line)
    seconds = [
        float(s.replace(",", "."))
        for s in re.findall(r"(?:nopein|mediaani)\s+(\d+,\d+) s", build_line)
    ]
    assert len(seconds) == 2 and all(s > 0 for s in seconds)
    edit = re.search(r"kirjoitus sivuineen: nopein (\d+,\d+) s", result.stdout)
    whole = re.search(r"koko sivusto: nopein (\d+,\d+) s", result.stdout)
    assert edit and whole, result.stdout
    assert 0 < float(edit[1].replace(",", ".")) <= float(whole[1].replace(",", "."))
    pages = int(re.search(r"(\d+) sivua  muistia", result.stdout).group(1))
    assert pages == len(site.html_files())


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


def test_one_or_two_workers_write_the_same_bytes(project_copy):
    """Files read, share cards drawn and pages rendered in forked processes
    (sitecore.parallel) or all in one: no difference, with just enough generated posts
    that the reading, the drawing and the rendering all fork."""
    from sitecore.parallel import MIN_PARALLEL
    from sitetools.corpus import write_corpus

    shipped = sum(1 for _ in (project_copy / "content").rglob("*.md"))
    posts = max(8, MIN_PARALLEL - shipped + 4)  # just enough Markdown files to fork
    write_corpus(project_copy / "content" / "blogi" / "koe", posts)
    # each build draws the posts' share cards itself (sitecore.parallel.in_parallel)
    shutil.copytree(project_copy / "cache" / "kuvat", project_copy / "cache" / "kuvat-2")
    one = run_pelican(project_copy, project_copy / "one", "publishconf.py", "-e", "BUILD_WORKERS=1")
    two = run_pelican(
        project_copy,
        project_copy / "two",
        "publishconf.py",
        "-e",
        "BUILD_WORKERS=2",
        'IMAGE_CACHE_PATH="cache/kuvat-2"',
    )
    assert one.returncode == 0 and two.returncode == 0, one.output + two.output
    assert snapshot(one.path) == snapshot(two.path)
    assert len(snapshot(two.path)) > MIN_PARALLEL + posts


def test_the_edited_posts_pages_are_rendered_first_and_the_site_is_the_same(project_copy):
    """The live preview's fast path (sitecore.parallel.RenderFirst): the edited post's page
    and the list pages that show it are rendered and handed over before any other page,
    and the finished site is byte for byte the one built without it."""
    import io

    from sitecore import build as site_build
    from sitecore.parallel import RenderFirst

    post = project_copy / "content" / "blogi" / "2015-03-17-kun-tyo-kuormittaa.md"
    url = "blogi/kun-tyo-kuormittaa-tunnekuorman-purkaminen/"
    seen: dict[str, list[str]] = {}

    def ready(root: Path, files: list[Path]) -> None:
        seen["first"] = sorted(f.relative_to(root).as_posix() for f in files)
        pages = root.rglob("*.html")
        seen["rendered"] = sorted(p.relative_to(root).as_posix() for p in pages if p.stat().st_size)
        seen["lists"] = [
            name for name in seen["first"] if f'href="/{url}"' in (root / name).read_text("utf-8")
        ]

    first = RenderFirst(frozenset({str(post)}), ready)
    fast = site_build.run(
        project_copy / "fast",
        "pelicanconf.py",
        project=project_copy,
        first=first,
        stream=io.StringIO(),
    )
    assert fast.ok
    assert seen["rendered"] == seen["first"]  # nothing else rendered yet
    assert f"{url}index.html" in seen["first"] and "blogi/index.html" in seen["first"]
    assert len(seen["first"]) >= 3  # its category's and tags' pages too
    assert set(seen["first"]) - set(seen["lists"]) <= {f"{url}index.html"}  # each shows it
    plain = site_build.run(
        project_copy / "plain", "pelicanconf.py", project=project_copy, stream=io.StringIO()
    )
    assert plain.ok
    assert snapshot(project_copy / "fast") == snapshot(project_copy / "plain")
