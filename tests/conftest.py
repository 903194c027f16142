"""Shared fixtures: real builds of the real site, served locally, seen by a real browser.

Builds run the same command the practitioner's `invoke build` runs (python -m pelican),
in a subprocess, into temporary folders. Tests that need broken or extra content copy the
project into a temporary folder first (`project_copy`), so content/ is never touched.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitetools.checks.browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_URL = "blogi/mista-syntyy-hyodyllinen-tyonohjaus/"
# One page of each type the site has, by URL path.
PAGE_TYPES = {
    "home": "",
    "article": SEED_URL,
    "service": "yksilotyonohjaus/",
    "services": "palvelut/",
    "about": "minusta/",
    "contact": "yhteystiedot/",
    "privacy": "tietosuojaseloste/",
    "benefits": "hyodyt/",
    "blog": "blogi/",
    "blog page 2": "blogi/sivu/2/",
    "category": "blogi/kategoria/ajankohtaista/",
    "tag": "blogi/aihe/tyonohjaus/",
    "archive": "blogi/arkisto/",
    "year archive": "blogi/2013/",
    "404": "404.html",
}
PROJECT_FILES = [
    "content",
    "theme",
    "plugins",
    "sitetools",
    "pelicanconf.py",
    "publishconf.py",
    "tasks.py",
]
PROD_SITEURL = "https://www.example.fi"


@dataclass
class Build:
    """The result of one real Pelican run."""

    returncode: int
    output: str  # stdout and stderr together, as the practitioner sees them
    path: Path

    def soup(self, url_path: str) -> BeautifulSoup:
        """Parse the page a visitor gets at url_path ("" is the home page)."""
        file = self.path / url_path
        if url_path == "" or url_path.endswith("/"):
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")

    def html_files(self) -> list[Path]:
        return sorted(self.path.rglob("*.html"))

    def all_files(self) -> list[Path]:
        return sorted(p for p in self.path.rglob("*") if p.is_file())


def run_pelican(
    project: Path, output: Path, settings: str = "publishconf.py", *extra: str
) -> Build:
    """Run Pelican exactly as `invoke build` does, in project, into output."""
    cmd = [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", str(output), *extra]
    proc = subprocess.run(
        cmd, check=False, cwd=project, capture_output=True, text=True, env=_env(), timeout=300
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, output)


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["COLUMNS"] = "500"  # keep Pelican's log lines whole, so messages can be read
    env.pop("SITEURL", None)
    return env


def run_invoke(project: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """An invoke task as the practitioner runs it, with the project's own tasks.py."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=timeout,
        check=False,
    )


def snapshot(folder: Path, with_times: bool = False) -> dict[str, tuple]:
    """Every file under folder: its bytes' SHA-256 (and modification time if asked)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(folder).as_posix()] = (
                (digest, path.stat().st_mtime_ns) if with_times else (digest,)
            )
    return found


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project, to add or break content in."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The production build (publishconf.py) of the real content."""
    out = tmp_path_factory.mktemp("site") / "output"
    build = run_pelican(ROOT, out, "publishconf.py")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory) -> Build:
    """The preview build (pelicanconf.py), root-relative links, for the browser tests."""
    out = tmp_path_factory.mktemp("dev") / "output"
    build = run_pelican(ROOT, out, "pelicanconf.py")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on 127.0.0.1 at a free port, as a static host would."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def dev_server(dev_site) -> Iterator[str]:
    """Base URL of the preview build served locally."""
    server, url = serve(dev_site.path)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run bin/test, which installs it"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


FORM_ACTION = "https://lomake.example.fi/f/abc"
# The practitioner's own details, written into a copy's pelicanconf.py in place of the
# shipped placeholders, to show that every page takes them from there.
OWN_DETAILS = {
    "name": "Testi Ohjaaja",
    "email": "testi@ohjaus.example.fi",
    "phone": "+358 50 765 4321",
    "business_id": "7654321-0",
    "area": "Oulu ja Pohjois-Pohjanmaa",
    "booking_url": "https://ajanvaraus.example.fi/testi",
}


@pytest.fixture(scope="session")
def form_site(tmp_path_factory) -> Build:
    """The preview build of a copy whose pelicanconf.py has the practitioner's own details
    (OWN_DETAILS, booking link included) and a contact form address (given with pelican -e,
    which takes JSON values)."""
    import json

    from pelican.settings import get_settings_from_file

    project = copy_project(tmp_path_factory.mktemp("form") / "project")
    conf = project / "pelicanconf.py"
    shipped = get_settings_from_file(str(conf))["OWNER"]
    text = conf.read_text(encoding="utf-8")
    for key, value in OWN_DETAILS.items():
        old = f'"{key}": {json.dumps(shipped[key], ensure_ascii=False)},'
        assert old in text, f"pelicanconf.py has no line {old!r}"
        text = text.replace(old, f'"{key}": {json.dumps(value, ensure_ascii=False)},')
    text = text.replace(shipped["name"], OWN_DETAILS["name"])  # e.g. in SITENAME
    conf.write_text(text, encoding="utf-8")
    build = run_pelican(
        project,
        project / "output",
        "pelicanconf.py",
        "-e",
        f"CONTACT_FORM_ACTION={json.dumps(FORM_ACTION)}",
    )
    assert build.returncode == 0, build.output
    return build
