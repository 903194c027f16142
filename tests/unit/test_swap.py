"""A new build takes output/'s place in one step, builds of a project take turns, and what
killed builds left beside output/ is cleaned (sitecore.swap), on tiny folders."""

from __future__ import annotations

import errno
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sitecore import swap


def site(folder: Path, text: str) -> Path:
    (folder / "blogi").mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "blogi" / "index.html").write_text(text, encoding="utf-8")
    return folder


def files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


SWAP = (
    "import sys; from pathlib import Path; from sitecore import swap; "
    "swap.put_in_place(Path(sys.argv[1]), Path(sys.argv[2]))"
)
LOOKS = {"newfstatat", "statx", "stat", "lstat", "access", "faccessat", "faccessat2"}


def test_the_swap_is_one_system_call(tmp_path):
    """Every system call of put_in_place on the two folders, as the kernel sees them
    (strace): besides looking, one renameat2 with RENAME_EXCHANGE, so there is no moment
    without a whole site in output/."""
    old = site(tmp_path / "output", "vanha")
    new = site(tmp_path / ".output-uusi-1", "uusi")
    log = tmp_path / "strace.log"
    subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(log)]
        + [sys.executable, "-c", SWAP, str(new), str(old)],
        check=True,
        cwd=Path(swap.__file__).parent.parent,
    )
    calls = [
        line.split(None, 1)[1]
        for line in log.read_text().splitlines()
        if str(tmp_path) in line and line.split(None, 1)[1].split("(")[0] not in LOOKS
    ]
    assert len(calls) == 1 and calls[0].startswith("renameat2("), calls
    assert calls[0].endswith("RENAME_EXCHANGE) = 0"), calls
    assert set(files(old).values()) == {"uusi"}
    assert set(files(new).values()) == {"vanha"}


def test_without_the_exchange_two_renames_do_it(tmp_path, monkeypatch):
    def unsupported(a, b):
        raise OSError(errno.EINVAL, "not on this file system")

    monkeypatch.setattr(swap, "exchange", unsupported)
    old = site(tmp_path / "output", "vanha")
    new = site(tmp_path / ".output-uusi-1", "uusi")
    swap.put_in_place(new, old)
    assert set(files(old).values()) == {"uusi"}
    assert set(files(new).values()) == {"vanha"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output-uusi-1", "output"]


def test_the_first_build_is_renamed_into_place(tmp_path):
    new = site(tmp_path / ".output-uusi-1", "uusi")
    swap.put_in_place(new, tmp_path / "output")
    assert set(files(tmp_path / "output").values()) == {"uusi"}
    assert not new.exists()


# What a build killed at each point leaves beside output/, and what the next build finds.
KILLED = {
    "while building": ({".output-uusi-a": "puolikas"}, "vanha"),
    "after the exchange": ({".output-uusi-b": "vanha"}, "uusi"),
    "between the two renames": ({".output-vanha": "vanha"}, None),
    "after the two renames": ({".output-vanha": "vanha"}, "uusi"),
    "several builds": ({".output-uusi-c": "x", ".output-uusi-d": "y", ".output-vanha": "z"}, "v"),
}


@pytest.mark.parametrize("case", KILLED.keys())
def test_what_killed_builds_left_is_cleaned_and_output_is_whole(tmp_path, case):
    left, in_output = KILLED[case]
    for name, text in left.items():
        site(tmp_path / name, text)
    if in_output:
        site(tmp_path / "output", in_output)
    others = {"output-uusi-x", ".outputs-uusi-x", ".muu-uusi-x", ".output-uusi"}
    for name in others:
        (tmp_path / name).mkdir()  # not this output's: kept

    fresh = swap.fresh_folder(tmp_path / "output", tmp_path / "projekti")

    assert fresh.parent == tmp_path and fresh.name.startswith(".output-uusi-")
    assert list(fresh.iterdir()) == []
    expected = in_output or "vanha"  # the old site put back
    assert set(files(tmp_path / "output").values()) == {expected}
    assert {p.name for p in tmp_path.iterdir()} == {"output", fresh.name, *others}


def test_a_second_build_waits_for_the_first_and_says_so_once(tmp_path):
    said: list[str] = []
    order: list[str] = []

    def second() -> None:
        with swap.project_lock(tmp_path, said.append):
            order.append("second")

    with swap.project_lock(tmp_path, said.append):
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(timeout=0.5)
        assert waiting.is_alive(), "the second build did not wait"
        order.append("first")
    waiting.join(timeout=10)
    assert order == ["first", "second"]
    assert said == [swap.WAITING]
    assert (tmp_path / swap.LOCK).is_file()


@pytest.mark.parametrize("blocker", ["cache", "project"])
def test_a_lock_that_cannot_be_made_names_the_folder(tmp_path, blocker):
    project = tmp_path / "projekti"
    project.mkdir()
    (tmp_path / "projekti" / "cache").write_text("tiedosto kansion paikalla")
    if blocker == "project":
        project = tmp_path / "tiedosto"
        project.write_text("")
    with pytest.raises(swap.NotWritable) as err, swap.project_lock(project, print):
        pass
    assert f"Kansioon {project / 'cache'} ei voi kirjoittaa" in str(err.value)
    assert "tiedosto eikä kansio" in str(err.value)


def test_a_file_where_output_should_be_is_never_replaced(tmp_path):
    target = tmp_path / "README.md"
    target.write_text("tärkeä")
    with pytest.raises(swap.NotWritable) as err:
        swap.fresh_folder(target, tmp_path / "projekti")
    assert "tiedosto eikä kansio" in str(err.value)
    assert target.read_text() == "tärkeä"
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


# Folders a site must never be put in place of: their files would be removed.
NOT_SITES = {
    "the project": "projekti",
    "the folder around the project": ".",
    "content": "projekti/content",
    "a folder of her own": "koti",
    "a site deeper down only": "koti/vanha",
}


@pytest.mark.parametrize("case", NOT_SITES.keys())
def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path, case):
    (tmp_path / "projekti" / "content").mkdir(parents=True)
    (tmp_path / "projekti" / "content" / "teksti.md").write_text("Title: T\n")
    (tmp_path / "projekti" / "index.html").write_text("")  # the project itself is no site
    (tmp_path / "koti" / "vanha" / "sivusto").mkdir(parents=True)
    (tmp_path / "koti" / "vanha" / "sivusto" / "index.html").write_text("")
    (tmp_path / "koti" / "vanha" / "muistio.txt").write_text("tärkeä")
    before = sorted(tmp_path.rglob("*"))
    target = (tmp_path / NOT_SITES[case]).resolve()
    with pytest.raises(swap.NotWritable) as err:
        swap.fresh_folder(target, tmp_path / "projekti")
    assert "on muutakin kuin rakennettu sivusto" in str(err.value)
    assert "Valitse uusi tai tyhjä kansio" in str(err.value)
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("held", [None, "index.html"])
def test_a_site_or_an_empty_folder_may_be_replaced(tmp_path, held):
    (tmp_path / "output").mkdir()
    if held:
        (tmp_path / "output" / held).write_text("")
    fresh = swap.fresh_folder(tmp_path / "output", tmp_path / "projekti")
    assert fresh.is_dir() and fresh.parent == tmp_path
