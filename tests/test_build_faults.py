"""`invoke build` and `invoke new` where things go wrong around them, run as she runs them in a
copy of the project: builds started together, folders that cannot be written, a build killed
half way, output read through a pipe that closes. Each ends with a Finnish message naming
the folder (or quietly, for the pipe), never a traceback, and output/ is always a whole site.

Read-only and full disks are real file systems mounted for the test (tests run as root, where
no file permission stops a write)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitecore import swap
from sitetools.checks.server import free_port
from support import run_invoke, snapshot

POST = "content/blogi/2015-03-17-kun-tyo-kuormittaa.md"
EDIT = "\n\nTämä kappale lisättiin kesken rakentamisen.\n"


def said(proc: subprocess.CompletedProcess) -> str:
    return re.sub(r"\s+", " ", proc.stdout + proc.stderr)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".output-"))


@contextlib.contextmanager
def mounted(folder: Path, *args: str) -> Iterator[Path]:
    """folder with a file system mounted on it (as root; umounted afterwards)."""
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", *args, str(folder)], capture_output=True, text=True)
    assert proc.returncode == 0, f"mounting needs root: {proc.stderr}"
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """folder as it is, on a read-only mount (a bind of itself)."""
    with mounted(folder, "--bind", str(folder)):
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield folder


def full_disk(folder: Path, stack: contextlib.ExitStack) -> Path:
    stack.enter_context(mounted(folder, "-t", "tmpfs", "-o", "size=4k", "tmpfs"))
    with contextlib.suppress(OSError):
        (folder / "täyttö").write_bytes(b"x" * 8192)
    return folder


# --- builds started together -------------------------------------------------------------

TOGETHER = {
    "six builds": [["build"]] * 6,
    "four kinds": [["build"], ["preview"], ["rebuild"], ["build", "--strict"]],
}


@pytest.mark.parametrize("case", TOGETHER.keys())
def test_builds_started_together_take_turns(project_copy, tmp_path, case):
    """Each waits for the one before (saying so), all succeed, output/ is one whole site.
    The test holds the lock while they start, so that every one of them meets another."""
    procs, logs = [], []
    with swap.project_lock(project_copy, print):
        for number, args in enumerate(TOGETHER[case]):
            logs.append(tmp_path / f"{number}.log")
            with open(logs[-1], "w") as log:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "invoke", *args],
                        cwd=project_copy,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        deadline = time.monotonic() + 180
        while not all(swap.WAITING in log.read_text() for log in logs):
            assert time.monotonic() < deadline, [log.read_text() for log in logs]
            assert all(proc.poll() is None for proc in procs)
            time.sleep(0.1)
    for proc, log, args in zip(procs, logs, TOGETHER[case], strict=True):
        assert proc.wait(timeout=300) == 0, log.read_text()
        text = log.read_text()
        assert "Traceback" not in text and "Error" not in text, text
        # rebuild is clean, then build: each may wait
        assert text.count(swap.WAITING) in ((1, 2) if args == ["rebuild"] else (1,)), text
    assert leftovers(project_copy) == []
    assert (project_copy / "output" / "index.html").is_file()
    if case == "six builds":  # the very site one build alone makes
        together = snapshot(project_copy / "output")
        assert run_invoke(project_copy, "build").returncode == 0
        assert snapshot(project_copy / "output") == together


# --- a build killed half way -------------------------------------------------------------


@pytest.mark.parametrize("when", ["first file", "home page"])
def test_a_killed_build_leaves_output_whole_and_the_next_cleans_up(project_copy, when):
    assert run_invoke(project_copy, "build").returncode == 0
    output = project_copy / "output"
    before = snapshot(output)
    (project_copy / POST).write_text((project_copy / POST).read_text() + EDIT)
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", "build"],
        cwd=project_copy,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers too
    )
    deadline = time.monotonic() + 180
    want = "index.html" if when == "home page" else "*"
    while not list(project_copy.glob(f".output-uusi-*/{want}")):
        assert proc.poll() is None, "the build ended before it was killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    assert snapshot(output) == before
    assert leftovers(project_copy) != []
    again = run_invoke(project_copy, "build")
    assert again.returncode == 0, said(again)
    assert leftovers(project_copy) == []
    assert "lisättiin kesken rakentamisen" in (output / "blogi").joinpath(
        "kun-tyo-kuormittaa-tunnekuorman-purkaminen", "index.html"
    ).read_text(encoding="utf-8")


# --- folders that cannot be written ------------------------------------------------------

IN_THE_WAY = "sen paikalla tai polulla on tiedosto eikä kansio"


def unwritable_output(case: str, project: Path, tmp: Path, stack) -> tuple[Path, str, str]:
    """(--output, the folder the message names, why) for each way output/ cannot be written."""
    if case == "read-only disk":
        disk = stack.enter_context(mounted(tmp / "levy", "-t", "tmpfs", "-o", "ro", "tmpfs"))
        return disk / "output", str(disk / "output"), "levy on vain luku -tilassa"
    if case == "read-only output":
        assert run_invoke(project, "build").returncode == 0
        stack.enter_context(read_only(project / "output"))
        return project / "output", "output", "siihen on liitetty toinen levy"
    if case == "read-only cache":
        stack.enter_context(mounted(project / "cache", "-t", "tmpfs", "-o", "ro", "tmpfs"))
        return project / "output", "cache", "levy on vain luku -tilassa"
    if case == "a file in its path":
        (tmp / "tiedosto").write_text("")
        return tmp / "tiedosto" / "output", str(tmp / "tiedosto" / "output"), IN_THE_WAY
    if case == "output is a file":
        (project / "muistiinpanot.txt").write_text("tärkeä")
        return project / "muistiinpanot.txt", "muistiinpanot.txt", IN_THE_WAY
    if case == "no such place":
        return Path("/proc/tyonohjaus/output"), "/proc/tyonohjaus/output", "sitä ei ole"
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "read-only disk",
        "read-only output",
        "read-only cache",
        "a file in its path",
        "output is a file",
        "no such place",
    ],
)
def test_an_output_folder_that_cannot_be_written_is_named(project_copy, tmp_path, case):
    with contextlib.ExitStack() as stack:
        output, named, why = unwritable_output(case, project_copy, tmp_path, stack)
        beside = sorted(output.parent.iterdir()) if output.parent.is_dir() else []
        before = snapshot(output) if output.is_dir() else None
        result = run_invoke(project_copy, "build", "--output", str(output))
        text = said(result)
        assert result.returncode != 0, text
        assert "Traceback" not in text and "Error" not in text, text
        assert f"Virhe: Kansioon {named} ei voi kirjoittaa: {why}" in text, text
        assert "Sivuston rakentaminen epäonnistui: 1 virhe" in text, text
        if before is not None:
            assert snapshot(output) == before
            assert f"Aiemmin rakennettu sivusto kansiossa {named} jäi ennalleen." in text
        elif output.is_file():
            assert output.read_text() == "tärkeä"
            assert f"{named} on tiedosto eikä kansio, eikä sitä muutettu." in text
        else:
            assert "jäi ennalleen" not in text, text
            assert "ei vielä ole: se tehdään, kun rakentaminen onnistuu." in text, text
        if output.parent.is_dir():
            assert sorted(output.parent.iterdir()) == beside


@pytest.mark.parametrize("where", [".", "..", "content", "theme", "omat"])
def test_a_folder_that_is_no_site_is_never_built_over(project_copy, where):
    """`invoke build --output content` (or the project, or a folder of her own files)
    replaced that folder with the site and deleted what was in it."""
    (project_copy / "omat" / "kirjeet").mkdir(parents=True)
    (project_copy / "omat" / "kirjeet" / "kirje.txt").write_text("tärkeä")
    around = project_copy.parent
    before = snapshot(around)
    result = run_invoke(project_copy, "build", "--output", where)
    (project_copy / swap.LOCK).unlink()  # the one file made: the build took its turn
    text = said(result)
    assert result.returncode != 0, text
    assert "Traceback" not in text and "Error" not in text, text
    named = (project_copy / where).resolve()
    shown = named.relative_to(project_copy) if named != around else named
    assert f"Kansiossa {shown} on muutakin kuin rakennettu sivusto" in text, text
    assert snapshot(around) == before


def test_a_full_disk_keeps_the_site_and_leaves_nothing_on_it(project_copy, tmp_path):
    with contextlib.ExitStack() as stack:
        disk = full_disk(tmp_path / "levy", stack)
        result = run_invoke(project_copy, "build", "--output", str(disk / "output"))
        text = said(result)
        assert result.returncode != 0 and "Traceback" not in text, text
        assert "Sivuston rakentaminen epäonnistui" in text
        assert f"Kansiota {disk / 'output'} ei vielä ole" in text, text
        assert [p.name for p in disk.iterdir()] == ["täyttö"]


# `invoke new` where the new file cannot be written: its folder is named, nothing is left.
NEW_CASES = {
    "read-only content, post": (["new", "Uusi teksti"], "content/blogi", "vain luku"),
    "read-only content, page": (["new", "--page", "Uusi sivu"], "content/sivut", "vain luku"),
    "full disk": (["new", "--page", "Uusi sivu"], "content/sivut", "levy on täynnä"),
    "a file for its folder": (["new", "Uusi teksti"], "content/blogi", "tiedosto eikä kansio"),
    "a name too long": (["new", "Pitkä otsikko " * 20], "", "liian pitkä tiedostonimi"),
}


@pytest.mark.parametrize("case", NEW_CASES.keys())
def test_invoke_new_where_it_cannot_write_names_the_folder(project_copy, case):
    args, folder, why = NEW_CASES[case]
    content = project_copy / "content"
    with contextlib.ExitStack() as stack:
        if case.startswith("read-only"):
            stack.enter_context(read_only(content))
        elif case == "full disk":
            full_disk(content / "sivut", stack)
        elif case == "a file for its folder":
            shutil.rmtree(content / "blogi")
            (content / "blogi").write_text("")
        before = snapshot(content)
        result = run_invoke(project_copy, *args)
        text = said(result)
        assert result.returncode != 0, text
        assert "Traceback" not in text and "Error" not in text, text
        assert why in text and (not folder or f"Kansioon {folder} ei voi kirjoittaa: " in text)
        assert snapshot(content) == before


# --- output read through a pipe that closes ----------------------------------------------

PIPED = [["--list"], ["--help", "build"], ["new", "Putkeen kirjoitettu"], ["build"], ["i18n"]]


@pytest.mark.parametrize("args", [*PIPED, ["livereload"]], ids=" ".join)
def test_output_into_a_pipe_that_closes_ends_quietly(project_copy, args):
    """`invoke … | head -1` or `| true`: the reader has gone before the command writes."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", *args],
        cwd=project_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PORT": str(free_port())},
    )
    proc.stdout.close()
    errors = proc.stderr.read()
    assert proc.wait(timeout=300) != 0
    for noise in ("Traceback", "BrokenPipe", "Exception ignored", "Error"):
        assert noise not in errors, errors


def test_a_build_whose_messages_go_into_a_closed_pipe_leaves_a_whole_site(project_copy):
    """`invoke build 2>&1 | head -1`: nothing can be said, and nothing is left half done."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", "build"],
        cwd=project_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    proc.stdout.close()
    assert proc.wait(timeout=300) != 0
    assert leftovers(project_copy) == []
    alone = project_copy / "yksin"
    assert run_invoke(project_copy, "build", "--output", str(alone)).returncode == 0
    assert snapshot(project_copy / "output") == snapshot(alone)
