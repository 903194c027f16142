"""Everything she reads from the commands is Finnish: every task's help, the task list, a
mistyped command or option, the build of the shipped site, Pelican's own warnings her
content can cause (each with the file and line), and the live preview's server log (its
first lines, and a request for a page that does not exist).
English is found with support.english_lines (common English words, code names aside)."""

from __future__ import annotations

import queue
import urllib.error
import urllib.request

import pytest
from invoke import Collection

import tasks
from sitetools.checks.server import free_port
from support import ROOT, Preview, english_lines, run_invoke

TASKS = sorted(Collection.from_module(tasks).tasks)


def said(proc) -> str:
    return proc.stdout + proc.stderr


def assert_finnish(text: str) -> None:
    assert "Traceback" not in text, text
    assert english_lines(text) == [], text


@pytest.mark.parametrize("task", TASKS)
def test_every_tasks_help_is_finnish(task):
    shown = run_invoke(ROOT, "--help", task)
    assert shown.returncode == 0, said(shown)
    assert shown.stdout.startswith(f"Käyttö: invoke {task}"), shown.stdout
    assert_finnish(said(shown))


@pytest.mark.parametrize("args", [["--list"], ["--help"], []], ids=["list", "help", "none"])
def test_the_task_list_is_finnish(args):
    shown = run_invoke(ROOT, *args)
    assert shown.returncode == 0, said(shown)
    assert "Komennot:" in shown.stdout and all(task in shown.stdout for task in TASKS)
    assert_finnish(said(shown))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["publish", "--dry-runn"], "Tarkoititko ”--dry-run”?"),
        (["feedback-import", "kysely.csv", "--dry-run"], "ei ole valitsinta --dry-run"),
        (["buidl"], "Tarkoititko ”build”?"),
        (["--help", "chek"], "Tarkoititko ”check”?"),
        (["new"], "tarvitsee: otsikko lainausmerkeissä"),
        (["build", "--output"], "Valitsimen --output perään tarvitaan arvo"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_a_mistyped_command_is_answered_in_finnish(args, expected):
    answer = run_invoke(ROOT, *args)
    assert answer.returncode != 0, said(answer)
    assert expected in answer.stderr, said(answer)
    assert_finnish(said(answer))


def test_the_build_of_the_shipped_site_is_finnish(project_copy):
    built = run_invoke(project_copy, "build")
    assert built.returncode == 0, said(built)
    assert_finnish(said(built))


POST = "content/blogi/2024-02-01-kokeilu.md"
# Content that makes Pelican warn (readers.py, contents.py, urlwrappers.py, utils.py): what
# she reads instead, on the line she wrote it (None: nothing, Pelican mends the link itself).
PELICAN_WARNINGS = {
    "empty alt": (
        "![](/images/jakokuva.png)",
        "Varoitus: {post}, rivi 6: kuvalta jakokuva.png puuttuu tekstivastine",
    ),
    "{filename} to nothing": (
        "[vanha]({filename}/blogi/poistettu.md)",
        "Varoitus: {post}, rivi 6: linkki ”{{filename}}/blogi/poistettu.md” (linkin teksti "
        "”vanha”) ei vie mihinkään",
    ),
    "unknown {…}": (
        "[hinnat]({hinta}/hinnat/)",
        "Varoitus: {post}, rivi 6: linkki ”{{hinta}}/hinnat/” (linkin teksti ”hinnat”) ei vie",
    ),
    "a tag without letters": (  # content_guard stops the build before Pelican warns
        "Tags: ???\n\nTeksti.",
        "Virhe: {post}, rivi 3: aiheen nimestä ”???” ei voi tehdä osoitetta",
    ),
    "{filename} to a picture": ("[jakokuva]({filename}/images/jakokuva.png)", None),
}


@pytest.mark.parametrize("case", PELICAN_WARNINGS)
def test_pelicans_warnings_are_finnish_with_file_and_line(project_copy, case):
    body, expected = PELICAN_WARNINGS[case]
    header = "Title: Kokeilu\nDate: 2024-02-01\n"
    text = f"{header}{body}\n" if body.startswith("Tags:") else f"{header}\nTeksti.\n\n{body}\n"
    (project_copy / POST).write_text(text, encoding="utf-8")
    built = run_invoke(project_copy, "build")
    assert built.returncode == int(bool(expected and expected.startswith("Virhe"))), said(built)
    if expected is None:
        assert POST not in built.stderr, said(built)
        page = project_copy / "output" / "blogi" / "kokeilu" / "index.html"
        assert 'href="/images/jakokuva.png"' in page.read_text(encoding="utf-8")
    else:
        assert expected.format(post=POST) in built.stderr, said(built)
    assert_finnish(said(built))


def test_two_posts_at_one_address_are_said_once_in_finnish(project_copy):
    post = project_copy / "content" / "blogi" / "2015-03-17-kun-tyo-kuormittaa.md"
    (project_copy / POST).write_text(post.read_text(encoding="utf-8"), encoding="utf-8")
    built = run_invoke(project_copy, "build")
    assert built.returncode == 1
    assert f"{POST}, rivi 1: osoitteessa blogi/kun-tyo-kuormittaa" in built.stderr, said(built)
    assert_finnish(said(built))


def test_the_live_preview_says_nothing_in_english_even_of_a_404(project_copy):
    port = free_port()
    preview = Preview(project_copy, "--port", str(port))
    try:
        preview.wait_for(rf"^Esikatselu: http://localhost:{port}/")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://localhost:{port}/ei-ole/", timeout=10)
        assert missing.value.code == 404
        page = missing.value.read().decode("utf-8")  # the browser shows the site's own page
        assert '<html lang="fi"' in page and "Not Found" not in page, page[:200]
        while True:  # what the server printed about the request
            try:
                preview.seen.append(preview.lines.get(timeout=2))
            except queue.Empty:
                break
    finally:
        preview.stop()
    assert_finnish("\n".join(preview.seen))
