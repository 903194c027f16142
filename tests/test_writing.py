"""Writing day to day: `invoke new`, and the preview that tells her at once.

`invoke new` and `invoke livereload` run as the practitioner runs them, in a copy of the
project; the preview is looked at in Chromium while a post is broken and fixed again.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitetools.checks.server import free_port
from support import Preview, run_invoke, run_pelican

TODAY = dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()


# --- invoke new ------------------------------------------------------------------------


def test_invoke_new_writes_a_draft_once_and_never_overwrites(project_copy):
    proc = run_invoke(project_copy, "new", "Mistä työnohjaus alkaa? – Ensimmäinen tapaaminen")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    name = f"{TODAY.isoformat()}-mista-tyonohjaus-alkaa-ensimmainen-tapaaminen.md"
    path = project_copy / "content" / "blogi" / name
    assert f"content/blogi/{name}" in proc.stdout
    address = "http://localhost:8000/luonnokset/mista-tyonohjaus-alkaa-ensimmainen-tapaaminen/"
    assert address in proc.stdout
    text = path.read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0].splitlines()
    categories = Counter(
        line.removeprefix("Category:").strip()
        for post in (project_copy / "content" / "blogi").glob("*.md")
        for line in post.read_text(encoding="utf-8").splitlines()
        if line.startswith("Category:")
    )
    assert head[0] == "Title: Mistä työnohjaus alkaa? – Ensimmäinen tapaaminen"
    assert head[1] == f"Date: {TODAY.isoformat()}"
    chosen = head[2].removeprefix("Category: ")
    assert categories[chosen] == max(categories.values()), (chosen, categories)
    assert head[3:] == ["Tags:", "Summary:", "Status: draft"]
    assert "Summary: kuvaus" in text and "Tags: aiheet" in text  # the hint

    path.write_text(text + "\nOma teksti, jota ei saa menettää.\n", encoding="utf-8")
    before = path.read_bytes()
    again = run_invoke(project_copy, "new", "Mistä työnohjaus alkaa? – Ensimmäinen tapaaminen")
    assert again.returncode == 1
    assert f"content/blogi/{name} on jo olemassa" in again.stderr, again.stderr
    assert "Traceback" not in again.stderr
    assert path.read_bytes() == before

    # a title that would give an existing post's address is refused as well
    same = run_invoke(project_copy, "new", "Mistä syntyy hyödyllinen työnohjaus?")
    assert same.returncode == 1
    assert "2013-05-31-mista-syntyy-hyodyllinen-tyonohjaus.md" in same.stderr

    page = run_invoke(project_copy, "new", "--page", "Hinnasto")
    assert page.returncode == 0, page.stderr
    assert "content/sivut/hinnasto.md" in page.stdout
    assert "http://localhost:8000/luonnokset/sivut/hinnasto/" in page.stdout
    other = run_invoke(project_copy, "new", "--category", "Esimiestyö", "Toinen teksti")
    assert "Category: Esimiestyö\n" in next(
        (project_copy / "content" / "blogi").glob("*-toinen-teksti.md")
    ).read_text(encoding="utf-8"), other.stderr

    # the drafts build; the hint comment and the empty fields do no harm
    build = run_pelican(project_copy, project_copy / "output", "pelicanconf.py")
    assert build.returncode == 0, build.output
    html = (
        build.path / "luonnokset/mista-tyonohjaus-alkaa-ensimmainen-tapaaminen/index.html"
    ).read_text(encoding="utf-8")
    assert "<!--" not in html and "Tags: aiheet" not in html
    soup = build.soup("luonnokset/mista-tyonohjaus-alkaa-ensimmainen-tapaaminen/")
    assert soup.find("meta", attrs={"name": "description"})["content"].strip()
    assert (build.path / "luonnokset/sivut/hinnasto/index.html").is_file()
    published = run_pelican(project_copy, project_copy / "julkinen", "publishconf.py")
    assert published.returncode == 0, published.output
    assert not (published.path / "luonnokset").exists()


def run_invoke_env(project: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


# --- the preview -----------------------------------------------------------------------


def listens(page, listening: list[str], count: int) -> None:
    """Wait until count pages have connected to livereload (it reloads only those)."""
    for _ in range(100):
        if len(listening) >= count:
            page.wait_for_timeout(200)
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page did not connect to livereload")


POST = "content/blogi/2015-03-17-kun-tyo-kuormittaa.md"
POST_URL = "blogi/kun-tyo-kuormittaa-tunnekuorman-purkaminen/"


@pytest.mark.slow
@pytest.mark.browser
def test_preview_shows_a_broken_post_in_the_browser_and_recovers(project_copy, browser):
    # what the quick checks and the list of unpublished texts must find
    blogi = project_copy / "content" / "blogi"
    next_year = TODAY.year + 1
    (blogi / "2099-01-01-tuleva.md").write_text(
        f"Title: Tuleva kirjoitus\nDate: {next_year}-06-01 09:00\nCategory: Ajankohtaista\n"
        "Summary: Julkaistaan myöhemmin.\n\nTeksti, jossa [rikkinäinen linkki](/ei-ole/).\n",
        encoding="utf-8",
    )
    (blogi / "2016-01-01-luonnos.md").write_text(
        "Title: Keskeneräinen ajatus\nDate: 2016-01-01\nCategory: Ajankohtaista\n"
        "Kategoria: Väärä\nStatus: draft\n\nKesken.\n",
        encoding="utf-8",
    )
    # the port asked for is taken: the next free one is used, and said so
    taken = socket.socket()
    taken.bind(("localhost", 0))
    taken.listen()
    port = taken.getsockname()[1]
    preview = Preview(project_copy, "--port", str(port))
    try:
        said = preview.wait_for(r"Portti (\d+) on jo käytössä.*Käytetään porttia (\d+)")
        assert int(said[1]) == port and int(said[2]) > port
        base = f"http://localhost:{said[2]}"
        preview.wait_for(r"Esikatselu: " + re.escape(base))
        output = "\n".join(preview.seen)
        assert re.search(r"Varoitus: content/blogi/2099-01-01-tuleva\.md.*/ei-ole/", output)
        assert re.search(
            r"Varoitus: content/blogi/2016-01-01-luonnos\.md, rivi 4: tuntematon kenttä "
            r"”kategoria”\. Tarkoititko Category\?",
            output,
        )
        assert f"Keskeneräinen ajatus – {base}/luonnokset/keskenerainen-ajatus/" in output
        assert re.search(
            rf"1\.6\.{next_year} Tuleva kirjoitus – {re.escape(base)}/luonnokset/tuleva-kirjoitus/",
            output,
        ), output
        page = browser.new_page()
        listening: list[str] = []  # a page tells livereload its address when it listens

        def watch(socket) -> None:
            socket.on("framesent", lambda f: listening.append(f) if '"info"' in f else None)

        page.on("websocket", watch)
        page.goto(f"{base}/{POST_URL}")
        assert "Kun työ kuormittaa" in page.locator("h1").inner_text()
        listens(page, listening, 1)

        post = project_copy / POST
        good = post.read_text(encoding="utf-8")
        post.write_text(re.sub(r"^Date: .*$", "Date: 31.5.2015", good, flags=re.M), "utf-8")
        page.wait_for_function(
            "() => document.title.startsWith('Sivustoa ei voitu rakentaa')", timeout=30_000
        )
        text = page.locator("main").inner_text()
        assert f"{POST}, rivi 2" in text and "Date: 2015-05-31" in text, text
        assert (project_copy / "output" / POST_URL / "index.html").is_file()  # last good site
        listens(page, listening, 2)  # the error page listens too

        post.write_text(good, encoding="utf-8")  # at once: no pause needed after a failure
        page.wait_for_function(
            "() => document.querySelector('h1') && "
            "document.querySelector('h1').innerText.includes('Kun työ kuormittaa')",
            timeout=30_000,
        )
        page.close()
    finally:
        preview.stop()
        taken.close()


def page_status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.mark.slow
def test_a_broken_feedback_file_is_shown_in_the_browser_not_only_the_terminal(project_copy):
    folder = project_copy / "content" / "feedback"
    good = (folder / "2024-03-21-palveluesimies.yaml").read_text(encoding="utf-8")
    copy = folder / "2024-03-22-kopio.yaml"
    port = free_port()
    base = f"http://localhost:{port}/"
    preview = Preview(project_copy, "--port", str(port))
    try:
        preview.wait_for(r"^Esikatselu: ")
        assert page_status(base)[0] == 200
        for text, where, words in [
            (good, copy.name, "sama palaute kuin tiedostossa content/feedback/2024-03-21-"),
            (good.replace("author: P", "author:\n  - P"), f"{copy.name}, rivi 6", "luettelo"),
            (good + "publish: no\n", f"{copy.name}, rivi 25", "riveillä 9 ja 25"),
        ]:
            copy.write_text(text, encoding="utf-8")
            said = "\n".join(preview.next_build())
            assert "Virheilmoitus näkyy myös selaimessa" in said, said
            status, page = page_status(base)
            assert status == 500 and "Sivustoa ei voitu rakentaa" in page, page
            assert where in page and words in page, page
        copy.unlink()
        said = "\n".join(preview.next_build())
        assert "Esikatselu: " in said, said
        assert page_status(base)[0] == 200
    finally:
        preview.stop()


def test_a_bad_port_is_refused_in_finnish(project_copy):
    proc = run_invoke(project_copy, "livereload", "--port", "kahdeksan", timeout=60)
    assert proc.returncode == 2
    assert "Portti ”kahdeksan” ei kelpaa" in proc.stderr and "Traceback" not in proc.stderr
    env_proc = run_invoke_env(project_copy, {"PORT": "99999"}, "serve")
    assert env_proc.returncode == 2 and "Portti ”99999” ei kelpaa" in env_proc.stderr


def test_port_environment_variable_sets_the_preview_address(project_copy):
    # PORT is read where --port is (tasks.port_setting), by livereload, serve and new
    proc = run_invoke_env(project_copy, {"PORT": "8765"}, "new", "Portti ympäristöstä")
    assert proc.returncode == 0, proc.stderr
    assert "http://localhost:8765/luonnokset/portti-ymparistosta/" in proc.stdout
