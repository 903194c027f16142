"""Nothing outside the project reaches the site.

A symbolic link in content/ or theme/ that points outside the site's own folders stops the
build with a Finnish message naming the link and its target, and nothing it points to is
copied; a link loop stops it too instead of nesting copies. `invoke check` (its leak check)
also catches any file in the built site that no content or theme file produced.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import Build, run_invoke, run_pelican

KEY_TEXT = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"


def check(project: Path, only: str) -> subprocess.CompletedProcess:
    """`python -m sitetools.check out content --only …` in the project copy."""
    cmd = [sys.executable, "-m", "sitetools.check", "out", "content", "--only", only]
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, check=False)


def failures(output: str) -> list[str]:
    return [line[4:] for line in output.splitlines() if line.startswith("  - ")]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def secret(tmp_path) -> Path:
    """A folder outside the project copy, standing for /etc: a key and a shadow file."""
    folder = tmp_path / "etc"
    (folder / "ssh").mkdir(parents=True)
    (folder / "ssh" / "ssh_host_ed25519_key").write_text(KEY_TEXT)
    (folder / "shadow").write_text("root:$y$j9T$salattu:19000:0:99999:7:::\n")
    return folder


def holds_secret(folder: Path) -> list[str]:
    """Output files that carry the secret's bytes (none, when nothing leaked)."""
    if not folder.exists():
        return []
    return [
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file()
        and (b"OPENSSH PRIVATE KEY" in p.read_bytes() or b"root:$y$" in p.read_bytes())
    ]


def refused(build: Build | object, *phrases: str) -> str:
    output = build.output if isinstance(build, Build) else build.stdout + build.stderr
    said = one_line(output)
    code = build.returncode
    assert code != 0, said
    assert "Traceback" not in said, said
    for phrase in phrases:
        assert phrase in said, f"{phrase!r} not in: {said}"
    return said


def test_a_link_to_a_file_outside_stops_every_build(project_copy, secret, tmp_path):
    key = secret / "ssh" / "ssh_host_ed25519_key"
    (project_copy / "content" / "images" / "kuva.txt").symlink_to(key)

    said = refused(
        run_invoke(project_copy, "build", "--strict"), "content/images/kuva.txt", str(key)
    )
    assert "symbolinen linkki" in said and "Poista linkki" in said
    assert not (project_copy / "output").exists()

    production = run_pelican(project_copy, tmp_path / "julkaisu", "publishconf.py")
    refused(production, "content/images/kuva.txt", str(key))
    assert holds_secret(tmp_path / "julkaisu") == []


def test_a_link_to_a_folder_outside_copies_nothing(project_copy, secret, tmp_path):
    (project_copy / "content" / "images" / "asetukset").symlink_to(secret)
    build = run_pelican(project_copy, tmp_path / "out", "pelicanconf.py")
    refused(build, "content/images/asetukset", str(secret))
    assert holds_secret(tmp_path / "out") == []


def test_a_link_in_the_theme_to_outside_stops_the_build(project_copy, secret, tmp_path):
    (project_copy / "theme" / "static" / "css" / "tulostus.css").symlink_to(secret / "shadow")
    build = run_pelican(project_copy, tmp_path / "out", "publishconf.py")
    refused(build, "theme/static/css/tulostus.css", str(secret / "shadow"))
    assert holds_secret(tmp_path / "out") == []


def test_a_link_loop_stops_the_build_instead_of_nesting_copies(project_copy, tmp_path):
    (project_copy / "content" / "images" / "silmukka").symlink_to("..")
    started = time.monotonic()
    build = run_pelican(project_copy, tmp_path / "out", "pelicanconf.py")
    said = refused(build, "content/images/silmukka", "kiertää")
    assert time.monotonic() - started < 60, said
    nested = list((tmp_path / "out").rglob("silmukka")) if (tmp_path / "out").exists() else []
    assert nested == []


def test_a_broken_link_is_named(project_copy, tmp_path):
    (project_copy / "content" / "images" / "poistettu.png").symlink_to("ei-ole-olemassa.png")
    build = run_pelican(project_copy, tmp_path / "out", "pelicanconf.py")
    refused(build, "content/images/poistettu.png", "ei-ole-olemassa.png")


def test_a_link_inside_content_is_an_ordinary_file(project_copy, tmp_path):
    images = project_copy / "content" / "images"
    (images / "hinnasto.pdf").write_bytes(b"%PDF-1.4 hinnasto\n")  # copied as it is
    (images / "hinnasto-2024.pdf").symlink_to("hinnasto.pdf")
    build = run_pelican(project_copy, tmp_path / "out", "publishconf.py")
    assert build.returncode == 0, build.output
    copied = tmp_path / "out" / "images" / "hinnasto-2024.pdf"
    assert copied.read_bytes() == (images / "hinnasto.pdf").read_bytes()
    assert not copied.is_symlink()


def test_leak_check_catches_files_no_content_or_theme_file_made(project_copy):
    build = run_pelican(project_copy, project_copy / "out", "publishconf.py")
    assert build.returncode == 0, build.output
    clean = check(project_copy, "leaks")
    assert clean.returncode == 0, clean.stdout + clean.stderr

    out = project_copy / "out"
    (out / "images" / "avain.txt").write_text(KEY_TEXT)
    (out / ".salainen").write_text("salaisuus\n")
    (out / "favicon.svg").write_text("<svg>ei se kuva, joka sisällössä on</svg>")
    proc = check(project_copy, "leaks")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = failures(proc.stdout)
    unmade = [f for f in found if "mikään sisällön tai teeman tiedosto ei tehnyt" in f]
    assert sorted(f.split(":")[0] for f in unmade) == ["out/.salainen", "out/images/avain.txt"]
    changed = [f for f in found if f.startswith("content/extra/favicon.svg")]
    assert changed and "out/favicon.svg" in changed[0], proc.stdout


def test_a_site_built_into_output_has_its_record(project_copy):
    """`invoke preview` (the production build) builds beside output/ and swaps the folder in:
    the record moves along."""
    built = run_invoke(project_copy, "preview")
    assert built.returncode == 0, built.stdout + built.stderr
    cmd = [sys.executable, "-m", "sitetools.check", "output", "content", "--only", "leaks"]
    proc = subprocess.run(cmd, cwd=project_copy, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
