"""`invoke wordpress-import` as the practitioner runs it, on a copy of the project: a
realistic Finnish export and WordPress's own Theme Unit Test export come over, the site
builds and passes its checks, and every old address answers 301 on a real Apache."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from apache_server import apache, request

from sitetools.wordpress import media
from sitetools.wordpress.media import Zip, find, wanted
from support import (
    DATA,
    HOSTILE_ENTRIES,
    Build,
    copy_project,
    hostile_zip,
    jpeg_claiming,
    png_of_zeros,
    run_invoke,
    run_pelican,
    snapshot,
)

pytestmark = pytest.mark.slow

WORDPRESS = DATA / "wordpress"
EXPORT = WORDPRESS / "tyonohjaus.WordPress.2024-05-31.xml"
THEME_UNIT_TEST = WORDPRESS / "themeunittestdata.wordpress.xml"
UPLOADS = WORDPRESS / "uploads"
OLD = "https://blogi.example.fi"
# What must never leave WordPress: commenters, the account, the password.
PERSONAL = [
    "Kalle Kommentoija",
    "kalle.kommentoija@example.com",
    "192.0.2.55",
    "kallen-sivu.example.com",
    "Liisa Lukija",
    "liisa@example.net",
    "198.51.100.7",
    "tämä kommentti ei saa siirtyä",
    "maijae",
    "maija.kirjautuminen@blogi.example.fi",
    "salasana2019",
]
UNPUBLISHED = [
    "Tämä luonnos ei ole vielä valmis",
    "Yksityisen muistiinpanon teksti",
    "Salasanalla suojatun kirjoituksen teksti",
    "Roskakoriin siirretyn kirjoituksen teksti",
]


@dataclass
class Imported:
    project: Path
    before: dict
    first: object  # CompletedProcess
    after: dict
    second: object
    again: dict

    @property
    def content(self) -> Path:
        return self.project / "content"

    def read(self, rel: str) -> str:
        return (self.content / rel).read_text(encoding="utf-8")


def all_text(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix not in (".jpg", ".png")
    ) + "\n".join(p.name for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def media_zip(tmp_path_factory) -> Path:
    """The media library as she downloads it: a zip with wp-content/uploads/ inside."""
    path = tmp_path_factory.mktemp("media") / "uploads.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(UPLOADS.rglob("*")):
            if file.is_file():
                archive.write(file, "wp-content/uploads/" + file.relative_to(UPLOADS).as_posix())
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory, media_zip) -> Imported:
    project = copy_project(tmp_path_factory.mktemp("wordpress") / "project")
    before = snapshot(project / "content")
    args = ["wordpress-import", str(EXPORT), "--media", str(media_zip)]
    first = run_invoke(project, *args)
    after = snapshot(project / "content")
    second = run_invoke(project, *args)
    return Imported(project, before, first, after, second, snapshot(project / "content"))


@pytest.fixture(scope="module")
def imported_site(imported) -> Build:
    build = run_pelican(imported.project, imported.project / "output", "publishconf.py")
    assert build.returncode == 0, build.output
    return build


# --- the import ------------------------------------------------------------------------------
def test_the_report_says_in_finnish_what_was_done(imported):
    assert imported.first.returncode == 0, imported.first.stderr
    report = imported.first.stdout
    assert "Traceback" not in report + imported.first.stderr
    for expected in [
        "Kirjoitukset: 2 julkaistua tuotu kansioon content/blogi/",
        "Sivut: 1 sivu tuotu kansioon content/sivut/",
        "”Keskeneräinen ajatus” (luonnos WordPressissä)",
        "”Yksityinen muistiinpano” (yksityinen kirjoitus WordPressissä)",
        "”Vain ryhmän jäsenille” (suojattu salasanalla WordPressissä)",
        "kirjoitus ”Mistä syntyy hyödyllinen työnohjaus?”: content/blogi/2013-05-31-mista-"
        "syntyy-hyodyllinen-tyonohjaus.md on jo olemassa",
        "sivu ”Minusta”: content/sivut/minusta.md on jo olemassa",
        "kirjoitus ”Poistettu kirjoitus”: roskakorissa, ei tuotu",
        "Kuvat: 4 kuvaa kopioitu kansioon content/images/, 1 puuttuu:",
        f"”Työnohjaus etänä – näin se onnistuu”: {OLD}/wp-content/uploads/2018/04/puuttuva.jpg",
        "[contact-form-7]: ”Työnohjaus etänä – näin se onnistuu”",
        "latest-posts: ”Mitä esimies tarvitsee?”",
        "Kommentit: 2 kommenttia 1 kirjoituksessa. Niitä ei tuotu",
        "4 liitettä (kuvat ja tiedostot), 1 valikon kohta, 1 vanha versio",
        "Uudelleenohjaukset: 17 riviä lisätty tiedostoon content/redirects.yaml.",
    ]:
        assert expected in report, expected


def test_posts_and_pages_are_markdown_the_site_reads(imported):
    block = imported.read("blogi/2016-03-14-mita-esimies-tarvitsee.md")
    assert block.startswith(
        "Title: Mitä esimies tarvitsee?\nDate: 2016-03-14 09:30\nCategory: Esimiestyö\n"
        "Tags: esimiestyö, työhyvinvointi\nSlug: mita-esimies-tarvitsee\n"
        "Summary: Esimerkkikirjoitus: mitä esimies tarvitsee työnohjaukselta – aikaa, "
        "näkökulmia ja vertaistukea.\n\n"
    )
    classic = imported.read("blogi/2018-04-20-tyonohjaus-etana.md")
    assert classic.startswith("Title: Työnohjaus etänä – näin se onnistuu\n")
    assert "Slug: tyonohjaus-etana\n" in classic
    assert '<img src="/images/2018/04/etatyonohjaus.jpg" alt="Kannettava tietokone pöydällä">' in (
        classic
    )
    assert "[Ajankohtaista](/blogi/kategoria/ajankohtaista/)" in classic
    page = imported.read("sivut/usein-kysyttya.md")
    assert page.startswith("Title: Usein kysyttyä\nSlug: usein-kysyttya\n\n## Kuinka usein")
    assert "<script" not in page and "<iframe" not in page and "alert(" not in page
    for name, note in [
        ("2019-01-10-keskenerainen-ajatus.md", ""),
        ("2019-02-01-yksityinen-muistiinpano.md", "oli yksityinen"),
        ("2019-03-01-vain-ryhman-jasenille.md", "suojattu salasanalla"),
    ]:
        text = imported.read(f"blogi/{name}")
        assert "\nStatus: draft\n" in text and note in text
    # the original, not WordPress's resized copy
    copied = imported.content / "images" / "2016" / "03" / "tyonohjaus.jpg"
    assert copied.read_bytes() == (UPLOADS / "2016" / "03" / "tyonohjaus.jpg").read_bytes()


def test_nothing_existing_is_changed_and_a_second_run_changes_nothing(imported):
    changed = {
        name for name, digest in imported.before.items() if imported.after.get(name) != digest
    }
    assert changed == set()
    assert imported.second.returncode == 0, imported.second.stderr
    assert imported.again == imported.after
    assert "Uudelleenohjaukset: 0 riviä lisätty" in imported.second.stdout
    assert "Ei mitään uutta" in imported.second.stdout


def test_nothing_personal_reaches_content_or_the_site(imported, imported_site):
    for folder in (imported.content, imported_site.path):
        text = all_text(folder)
        for secret in PERSONAL:
            assert secret not in text, (folder, secret)


def test_dry_run_lists_and_writes_nothing(tmp_path, media_zip):
    project = copy_project(tmp_path / "project")
    before = snapshot(project)
    run = run_invoke(
        project, "wordpress-import", str(EXPORT), "--media", str(media_zip), "--dry-run"
    )
    assert run.returncode == 0, run.stderr
    assert snapshot(project) == before
    assert "Kuivaharjoitus: mitään ei kirjoitettu" in run.stdout
    assert "content/blogi/2016-03-14-mita-esimies-tarvitsee.md" in run.stdout
    assert "17 riviä lisättäisiin tiedostoon content/redirects.yaml" in run.stdout


# --- the site -------------------------------------------------------------------------------------
def test_the_imported_site_builds_and_passes_its_checks(imported, imported_site):
    from sitetools.check import check_site

    site = imported_site.path
    assert (site / "blogi" / "mita-esimies-tarvitsee" / "index.html").is_file()
    assert (site / "usein-kysyttya" / "index.html").is_file()
    assert not (site / "luonnokset").exists()
    text = all_text(site)
    for secret in UNPUBLISHED:
        assert secret not in text, secret
    report = check_site(site, imported.content, ["html", "links", "leaks"])
    assert report.ok, "\n".join(report.lines())


def test_old_addresses_answer_301_on_apache(imported_site):
    new_post = "/blogi/mita-esimies-tarvitsee/"
    seed = "/blogi/mista-syntyy-hyodyllinen-tyonohjaus/"
    moved = {
        "/2013/05/31/mista-syntyy-hyodyllinen-tyonohjaus/": seed,
        "/2013/05/31/mista-syntyy-hyodyllinen-tyonohjaus": seed,
        "/2016/03/14/mit%C3%A4-esimies-tarvitsee/": new_post,
        "/2016/03/14/mit%c3%a4-esimies-tarvitsee/": new_post,
        "/2016/03/14/mit%C3%A4-esimies-tarvitsee": new_post,
        "/2016/03/14/mit%c3%a4-esimies-tarvitsee": new_post,
        "/2018/04/20/ty%C3%B6nohjaus-et%C3%A4n%C3%A4/": "/blogi/tyonohjaus-etana/",
        "/2018/04/20/ty%c3%b6nohjaus-et%c3%a4n%c3%a4": "/blogi/tyonohjaus-etana/",
        "/?p=12": seed,
        "/?p=25": new_post,
        "/index.php?p=25": new_post,
        "/?p=25&utm_source=uutiskirje": new_post,
        "/?page_id=63": "/usein-kysyttya/",
        "/palvelut/usein-kysytty%C3%A4/": "/usein-kysyttya/",
        "/category/ajankohtaista/": "/blogi/kategoria/ajankohtaista/",
        "/category/esimiestyo": "/blogi/kategoria/esimiestyo/",
        "/category/yleista/": "/blogi/aihe/yleista/",
        "/tag/ty%C3%B6hyvinvointi/": "/blogi/aihe/tyohyvinvointi/",
        "/tag/et%c3%a4ty%c3%b6": "/blogi/aihe/etatyo/",
        "/feed/": "/blogi/syote.xml",
    }
    gone = [
        "/2019/02/01/yksityinen-muistiinpano/",
        "/2019/03/01/vain-ryhman-jasenille/",
        "/2016/03/14/mit%C3%A4-esimies-tarvitsee/vanha/",
    ]
    with apache(imported_site.path) as server:
        for old, new in moved.items():
            status, location, headers = request(server, old)
            assert (status, location) == (301, f"http://{server[0]}:{server[1]}{new}"), old
            assert headers.get("X-Content-Type-Options") == "nosniff", old
        for old in gone:
            assert request(server, old)[0] == 404, old
        for unpublished in ("/?p=50", "/?p=51", "/?p=52"):
            assert request(server, unpublished)[:2] == (200, ""), unpublished
        status, _, _ = request(server, new_post)
        assert status == 200


def test_hosts_without_apache_get_redirects_and_pages(imported_site):
    site = imported_site.path
    lines = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    for old, new in (
        ("/2016/03/14/mit%C3%A4-esimies-tarvitsee/", "/blogi/mita-esimies-tarvitsee/"),
        ("/2016/03/14/mit%c3%a4-esimies-tarvitsee", "/blogi/mita-esimies-tarvitsee/"),
        ("/tag/ty%C3%B6hyvinvointi/", "/blogi/aihe/tyohyvinvointi/"),
    ):
        assert f"{old} {new} 301" in lines
    assert not [line for line in lines if "?" in line]  # query strings: Apache only
    page = imported_site.soup("2016/03/14/mitä-esimies-tarvitsee/")
    new = "https://www.example.fi/blogi/mita-esimies-tarvitsee/"
    assert page.find("link", rel="canonical")["href"] == new
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new}"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("main").find("a", href=new)
    assert page.html["lang"] == "fi" and "Sivu on siirtynyt" in page.title.string


# --- images over HTTP -----------------------------------------------------------------------------
class _OldSite(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_images_are_fetched_from_the_old_site_when_there_is_no_media_folder(tmp_path):
    from sitecore import settings as site_settings
    from sitecore.dates import today
    from sitetools.wordpress.importer import run

    root = tmp_path / "vanha-sivusto"
    shutil.copytree(UPLOADS, root / "wp-content" / "uploads")
    handler = functools.partial(_OldSite, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        local = f"http://127.0.0.1:{server.server_address[1]}"
        export = tmp_path / "vienti.xml"
        export.write_text(EXPORT.read_text(encoding="utf-8").replace(OLD, local), "utf-8")
        project = copy_project(tmp_path / "project")
        settings = site_settings.load(project)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert run(export, settings, today("Europe/Helsinki"), None, False) == 0
    finally:
        server.shutdown()
        server.server_close()
    report = out.getvalue()
    images = project / "content" / "images"
    for rel in (
        "2016/03/tyonohjaus.jpg",
        "2016/03/kevat.jpg",
        "2016/03/syksy.jpg",
        "2018/04/etatyonohjaus.jpg",
    ):
        assert (images / rel).read_bytes() == (UPLOADS / rel).read_bytes(), rel
    assert "Kuvat: 4 kuvaa kopioitu kansioon" in report
    assert f"{local}/wp-content/uploads/2018/04/puuttuva.jpg (palvelin vastasi 404" in report
    post = (project / "content" / "blogi" / "2016-03-14-mita-esimies-tarvitsee.md").read_text()
    assert "](/blogi/mista-syntyy-hyodyllinen-tyonohjaus/)" in post  # links to the old host too


# --- WordPress's own test export ------------------------------------------------------------
def test_the_theme_unit_test_export_imports_and_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    content = project / "content"
    existing = set((content / "blogi").glob("*.md")) | set((content / "sivut").glob("*.md"))
    media = tmp_path / "tyhja-mediakirjasto"
    media.mkdir()
    run = run_invoke(project, "wordpress-import", str(THEME_UNIT_TEST), "--media", str(media))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "Kirjoitukset: 55 julkaistua tuotu" in run.stdout
    assert "”Scheduled” (ajastettu julkaistavaksi WordPressissä)" in run.stdout
    written = set((content / "blogi").glob("*.md")) | set((content / "sivut").glob("*.md"))
    assert len(written - existing) == 55 + 3 + 21  # published posts, drafts, pages
    for file in sorted(written - existing):
        text = re.sub(r"```.*?```", "", file.read_text(encoding="utf-8"), flags=re.S)  # code
        for forbidden in ("<iframe", "<script", "<!-- wp:", "[gallery", "[/caption]"):
            assert forbidden not in text, (file.name, forbidden)
    build = run_pelican(project, project / "output", "publishconf.py")
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    for page in build.path.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<iframe" not in html and 'src="https://wpthemetestdata' not in html, page


# --- bad input ----------------------------------------------------------------------------------
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [\n <!ENTITY a "aaaaaaaaaa">\n'
    ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
    "<rss><channel><title>&c;</title></channel></rss>\n"
)


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    # the other kinds (not WXR, truncated) are read the same way: tests/unit/test_wordpress.py
    [
        ("pommi.xml", lambda raw: BOMB.encode(), "turvallisuussyistä"),
        (
            "rikki.xml",
            lambda raw: raw.replace("Kevätpäivä".encode(), b"Kev\xe4tp\xe4iv\xe4", 1),
            "(kirjoituksessa ”Mitä esimies tarvitsee?”): tiedostossa on merkkejä, jotka eivät ole",
        ),
    ],
)
def test_bad_exports_stop_with_a_finnish_message_and_write_nothing(tmp_path, name, make, expected):
    project = copy_project(tmp_path / "project")
    bad = tmp_path / name
    bad.write_bytes(make(EXPORT.read_bytes()))
    before = snapshot(project)
    run = run_invoke(project, "wordpress-import", str(bad), "--media", str(UPLOADS))
    assert run.returncode == 1
    assert expected in run.stderr and str(bad) in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert snapshot(project) == before


# --- a hostile media zip ------------------------------------------------------------------------
UPLOADS_2016 = "wp-content/uploads/2016/03/"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    entries = {f"{UPLOADS_2016}{kind}.jpg": kind for kind in HOSTILE_ENTRIES}
    path = hostile_zip(tmp_path_factory.mktemp("media") / "uploads.zip", entries)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(f"{UPLOADS_2016}kuva.jpg", jpeg_claiming(800, 600))
    return path


@pytest.mark.parametrize("kind", HOSTILE_ENTRIES)
def test_a_hostile_media_zip_entry_is_refused_naming_it_in_little_memory(hostile, kind):
    source = Zip(hostile)
    tracemalloc.start()
    data, reason = find(source, wanted(f"{OLD}/{UPLOADS_2016}{kind}.jpg", set()))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert data is None
    assert reason.startswith(f"zip-paketin tiedosto {UPLOADS_2016}{kind}.jpg"), reason
    assert HOSTILE_ENTRIES[kind] in reason, reason
    assert peak < 4 * 2**20, peak  # never the entry whole: at most a piece of it


def test_a_real_picture_in_the_media_zip_is_taken(hostile):
    data, reason = find(Zip(hostile), wanted(f"{OLD}/{UPLOADS_2016}kuva.jpg", set()))
    assert reason == "" and data == jpeg_claiming(800, 600)


def test_the_media_zip_stops_at_its_total(tmp_path, monkeypatch):
    monkeypatch.setattr(media, "MAX_TOTAL", 3 * 2**20)
    path = tmp_path / "uploads.zip"
    picture = png_of_zeros(3_000, 3_000) + bytes(1_200_000)  # a PNG ignores what follows
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in "abc":
            archive.writestr(f"{UPLOADS_2016}{name}.png", picture)
    source = Zip(path)
    found = [find(source, wanted(f"{OLD}/{UPLOADS_2016}{name}.png", set())) for name in "abc"]
    assert [data is not None for data, _ in found] == [True, True, False]
    assert "jäi ottamatta" in found[2][1] and "3 Mt" in found[2][1], found[2][1]


def import_measured(project: Path, media_zip: Path) -> tuple[int, str, int]:
    """`invoke wordpress-import` as she runs it: its exit code, what it said, its peak memory
    (kB, the process's own)."""
    out, err = project / "tuonti.out", project / "tuonti.err"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        command = [sys.executable, "-m", "invoke", "wordpress-import", str(EXPORT)]
        proc = subprocess.Popen(
            [*command, "--media", str(media_zip)], cwd=project, stdout=stdout, stderr=stderr
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
    said = out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8")
    return os.waitstatus_to_exitcode(status), said, usage.ru_maxrss


def test_the_import_takes_nothing_from_a_hostile_zip_and_says_why(tmp_path):
    """The export's four pictures, each replaced by a hostile entry; the import runs as she
    runs it, and its memory is measured against the same import of an empty zip (a 3 MB zip
    with a 1 GiB entry once took 2.1 GB; here the bomb is 100 MB unpacked)."""
    entries = {
        f"{UPLOADS_2016}tyonohjaus.jpg": "symlink",
        f"{UPLOADS_2016}kevat.jpg": "bomb",
        f"{UPLOADS_2016}syksy.jpg": "lying",
        "wp-content/uploads/2018/04/etatyonohjaus.jpg": "text",
    }
    media_zip = hostile_zip(tmp_path / "uploads.zip", entries)
    empty = tmp_path / "tyhja.zip"
    zipfile.ZipFile(empty, "w").close()
    _code, _said, baseline = import_measured(copy_project(tmp_path / "vertailu"), empty)
    project = copy_project(tmp_path / "project")
    before = snapshot(project / "content" / "images")
    code, report, peak = import_measured(project, media_zip)
    assert code == 0, report
    assert "Traceback" not in report
    assert "Kuvat: 0 kuvaa kopioitu kansioon content/images/, 5 puuttuu:" in report, report
    for name, kind in entries.items():
        assert f"(zip-paketin tiedosto {name}" in report, (name, report)
        line = next(line for line in report.splitlines() if f"tiedosto {name}" in line)
        assert HOSTILE_ENTRIES[kind] in line, line
    assert snapshot(project / "content" / "images") == before
    assert peak - baseline < 40 * 1024, (peak, baseline)  # kB: far below one entry unpacked


def test_a_redirect_to_nowhere_stops_the_build_naming_the_line(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "redirects.yaml").write_text(
        '"/2013/05/31/mista-syntyy-hyodyllinen-tyonohjaus/": /blogi/mista-syntyy-hyodyllinen-'
        'tyonohjaus/\n"/vanha/": /blogi/ei-ole-tallaista/\n',
        encoding="utf-8",
    )
    build = run_pelican(project, project / "output", "publishconf.py")
    assert build.returncode == 1
    assert "content/redirects.yaml, rivi 2: uutta osoitetta /blogi/ei-ole-tallaista/ ei ole" in (
        build.output
    )
    assert "Traceback" not in build.output


def test_redirect_outputs_do_not_depend_on_plugin_order(imported, imported_site):
    import json

    from sitecore.settings import load

    plugins = list(reversed(load(imported.project, "publishconf.py")["PLUGINS"]))
    output = imported.project / "output-reversed"
    build = run_pelican(
        imported.project, output, "publishconf.py", "-e", f"PLUGINS={json.dumps(plugins)}"
    )
    assert build.returncode == 0, build.output
    assert snapshot(output) == snapshot(imported_site.path)
    assert "RewriteRule" in (output / ".htaccess").read_text(encoding="utf-8")
