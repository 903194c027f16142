"""`invoke gh-pages`: the built and checked site committed to a branch with ghp-import and
pushed, for sites hosted on GitHub Pages."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from sitecore.plural import decimal

from .build import built_site
from .errors import PublishError, interruptible, run
from .remote import last_line

# A committer for a machine where git has none configured (a fresh machine).
COMMITTER = {
    "user.name": ("GIT_COMMITTER_NAME", "invoke gh-pages"),
    "user.email": ("GIT_COMMITTER_EMAIL", ""),
}


@interruptible
def gh_pages(project: Path, *, remote: str = "origin", branch: str = "gh-pages") -> None:
    """Build and check, then commit the site to `branch` with ghp-import and push it."""
    started = time.monotonic()
    env = dict(os.environ)  # git's and ghp-import's; this process's stays as it was
    for config, (key, value) in COMMITTER.items():
        if key not in env and not run(["git", "config", config], cwd=project).stdout.strip():
            env[key] = value
    if run(["git", "remote", "get-url", remote], cwd=project).returncode != 0:
        raise PublishError(
            f"Git-etävarastoa ”{remote}” ei löydy projektikansiosta {project}. Lisää se "
            f"(git remote add {remote} OSOITE) tai anna nimi: invoke gh-pages --remote NIMI"
        )
    with built_site(project) as (site, settings):
        # ghp-import builds on its remote-tracking branch: fetch it so the push is a
        # fast-forward even from a fresh clone. A missing branch is fine (first publish).
        fetch = ["fetch", "--quiet", remote, f"+{branch}:refs/remotes/{remote}/{branch}"]
        run(["git", *fetch], cwd=project, env=env)
        host = urlsplit(settings["SITEURL"]).hostname or ""
        cname = ["--cname", host] if host and not host.endswith("github.io") else []
        cmd = [sys.executable, "-m", "ghp_import", str(site), "--no-jekyll", "--push"]
        cmd += ["--message", "Sivuston julkaisu (invoke gh-pages)", *cname]
        proc = run([*cmd, "--remote", remote, "--branch", branch], cwd=project, env=env)
        if proc.returncode != 0:
            raise PublishError(
                f"Julkaisu haaraan {branch} epäonnistui. Tarkista, että etävarastoon {remote} "
                f"on kirjoitusoikeus. (Tekninen viesti: {last_line(proc.stderr)})"
            )
    seconds = decimal(time.monotonic() - started)
    print(f"Julkaistu haaraan {branch} etävarastoon {remote}, aikaa kului {seconds} s.")
    if settings["SITEURL"]:
        print(f"Sivusto: {settings['SITEURL']}/")
