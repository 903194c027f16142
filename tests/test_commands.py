"""The commands as the README writes them: `invoke …` works in any folder of the site, once
bin/setup has put its launcher (bin/invoke) on the PATH, without activating anything."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from support import ROOT


def run_invoke_as_written(home: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    launcher = home / ".local" / "bin"
    launcher.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "bin" / "invoke", launcher / "invoke")  # what bin/setup does
    env = {**os.environ, "HOME": str(home), "PATH": f"{launcher}:/usr/bin:/bin"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        ["invoke", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_invoke_runs_the_projects_tasks_from_any_folder_of_it(tmp_path):
    for folder in (ROOT, ROOT / "content" / "blogi"):
        done = run_invoke_as_written(tmp_path, folder, "--list")
        assert done.returncode == 0, done.stderr
        assert "livereload" in done.stdout and "publish" in done.stdout


def test_invoke_outside_the_site_says_where_to_go_in_finnish(tmp_path):
    done = run_invoke_as_written(tmp_path, tmp_path, "build")
    assert done.returncode == 1
    assert "ei ole sivuston kansio" in done.stderr and "bin/setup" in done.stderr
    assert "Traceback" not in done.stderr
