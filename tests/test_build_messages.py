"""The build's own messages as the practitioner reads them in a narrow terminal: `invoke build`
on a copy of the project with one and with two broken posts, and `invoke build --strict` with
one broken feedback file. The count agrees with its number ("1 virhe", "2 virhettä") and with
what was actually wrong (a closing note is not counted as another error), and a long file
name is printed whole on the line that names it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LONG_NAME = (
    "2024-05-31-tyonohjaajakoulutuksessa-opittua-asiakaslahtoisyydesta-ja-"
    "ryhmadynamiikasta-seka-esimiestyoskentelytaidoista.md"
)
FINNISH_DATE = "Title: Kevään kuulumiset\nDate: 31.5.2013\nCategory: Ajankohtaista\n\nTeksti.\n"
NO_TITLE = "Date: 2013-06-01 10:00\nCategory: Ajankohtaista\n\nTeksti.\n"


def invoke_narrow(project: Path, *args: str) -> tuple[int, list[str]]:
    """`invoke ARGS` in a 60-column terminal; the return code and the lines it printed."""
    env = {**os.environ, "COLUMNS": "60", "LINES": "24"}
    env.pop("SITEURL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    return proc.returncode, (proc.stdout + proc.stderr).splitlines()


def test_one_error_is_one_virhe_and_the_long_file_name_stays_whole(project_copy):
    (project_copy / "content" / "blogi" / LONG_NAME).write_text(FINNISH_DATE, "utf-8")
    code, lines = invoke_narrow(project_copy, "build")
    assert code != 0
    path = f"content/blogi/{LONG_NAME}"
    named = [line for line in lines if path in line]
    assert len(named) == 1, lines  # the whole path, on one line, once
    assert named[0].endswith(
        "on väärässä muodossa. Kirjoita se muodossa vuosi-kuukausi-"
        "päivä, esimerkiksi Date: 2013-05-31."
    ), named
    assert named[0].startswith(f"Virhe: {path}, rivi 2: ")
    assert lines[-1].startswith("Sivuston rakentaminen epäonnistui: 1 virhe (katso"), lines
    assert "Korjaa se, niin sivusto rakentuu." in lines[-1]
    assert not any("virhettä" in line or "Traceback" in line for line in lines), lines


def test_two_errors_are_two_virhettä(project_copy):
    blog = project_copy / "content" / "blogi"
    (blog / LONG_NAME).write_text(FINNISH_DATE, "utf-8")
    (blog / "rikki.md").write_text(NO_TITLE, "utf-8")
    code, lines = invoke_narrow(project_copy, "build")
    assert code != 0
    assert sum(line.startswith("Virhe: content/blogi/") for line in lines) == 2, lines
    assert lines[-1].startswith("Sivuston rakentaminen epäonnistui: 2 virhettä (katso"), lines
    assert "Korjaa ne, niin sivusto rakentuu." in lines[-1]


def test_a_strict_build_counts_one_broken_feedback_file_once(project_copy):
    feedback = project_copy / "content" / "feedback" / "2020-01-01-rikki.yaml"
    feedback.write_text("date: 2020-01-01\npublish: kyllä\n", "utf-8")
    code, lines = invoke_narrow(project_copy, "build", "--strict")
    assert code != 0
    named = [line for line in lines if "2020-01-01-rikki.yaml" in line]
    assert len(named) == 1 and named[0].startswith("Virhe: "), lines
    assert any(line.startswith("Palautetiedostot tarkistetaan tiukasti") for line in lines)
    assert lines[-1].startswith("Sivuston rakentaminen epäonnistui: 1 varoitus tai virhe (katso"), (
        lines
    )
