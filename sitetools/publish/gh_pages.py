"""`invoke gh-pages`: the built and checked site committed to a branch with ghp-import and
pushed, for sites hosted on GitHub Pages."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from sitecore.plural import decimal

from .build import built_site
from .errors import PublishError, Say, interruptible
from .remote import last_line

COMMITTER_DEFAULTS = {"GIT_COMMITTER_NAME": "invoke gh-pages", "GIT_COMMITTER_EMAIL": ""}


@interruptible
def gh_pages(
    project: Path,
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    say: Say = print,
) -> None:
    """Build and check, then commit the site to `branch` with ghp-import and push it."""
    started = time.monotonic()
    env = git_env(project)
    found = git(project, env, "remote", "get-url", remote)
    if found.returncode != 0:
        raise PublishError(
            f"Git-etävarastoa ”{remote}” ei löydy projektikansiosta {project}. Lisää se "
            f"(git remote add {remote} OSOITE) tai anna nimi: invoke gh-pages --remote NIMI"
        )
    with built_site(project, say) as (site, settings):
        # ghp-import builds on its remote-tracking branch: fetch it so the push is a
        # fast-forward even from a fresh clone. A missing branch is fine (first publish).
        git(project, env, "fetch", "--quiet", remote, f"+{branch}:refs/remotes/{remote}/{branch}")
        host = urlsplit(settings.siteurl).hostname or ""
        cname = ["--cname", host] if host and not host.endswith("github.io") else []
        cmd = [sys.executable, "-m", "ghp_import", str(site), "--no-jekyll", "--push"]
        cmd += ["--message", "Sivuston julkaisu (invoke gh-pages)", *cname]
        cmd += ["--remote", remote, "--branch", branch]
        proc = subprocess.run(
            cmd, cwd=project, env=env, capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            detail = last_line(proc.stderr)
            raise PublishError(
                f"Julkaisu haaraan {branch} epäonnistui. Tarkista, että etävarastoon {remote} "
                f"on kirjoitusoikeus. (Tekninen viesti: {detail})"
            )
    seconds = decimal(time.monotonic() - started)
    say(f"Julkaistu haaraan {branch} etävarastoon {remote}, aikaa kului {seconds} s.")
    if settings.siteurl:
        say(f"Sivusto: {settings.siteurl}/")


def git(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=project, env=env, capture_output=True, text=True, check=False
    )


def git_env(project: Path) -> dict[str, str]:
    """The environment for git: a committer name when git has none configured (a fresh
    machine), given to git and ghp-import only; this process's environment stays as it was."""
    env = dict(os.environ)
    for key, value in COMMITTER_DEFAULTS.items():
        config = "user.name" if key.endswith("NAME") else "user.email"
        if key not in env and not git(project, env, "config", config).stdout.strip():
            env[key] = value
    return env
