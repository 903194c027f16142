"""Fixtures: the real site built once per session (in this process), served locally and
seen by a real browser; throwaway copies of the project for tests that break content.

Helpers that tests import by name are in support.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitecore.plural import decimal
from sitetools.checks.browser import CHROMIUM, CHROMIUM_ARGS
from support import (
    FORM_ACTION,
    FORM_SERVICE,
    Build,
    build_here,
    copy_project,
    make_launch_ready,
    own_details,
    run_pelican,
    serve,
)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The production build (publishconf.py) of the real content."""
    out = tmp_path_factory.mktemp("site") / "output"
    build = build_here(out, "publishconf.py")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory) -> Build:
    """The preview build (pelicanconf.py), root-relative links, for the browser tests; its
    cache of its own (the project's cache/ may be older code's, or another test worker's)."""
    folder = tmp_path_factory.mktemp("dev")
    build = build_here(folder / "output", "pelicanconf.py", CACHE_PATH=str(folder / "cache"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def ready_project(tmp_path_factory) -> Path:
    """A copy filled in as for her first publish: her own details, her own text in every
    page and post (no Example mark, so everything is indexed and published)."""
    return make_launch_ready(copy_project(tmp_path_factory.mktemp("ready") / "project"))


@pytest.fixture(scope="session")
def ready_site(ready_project) -> Build:
    """The production build of ready_project."""
    build = run_pelican(ready_project, ready_project / "output", "publishconf.py")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def ready_dev_site(ready_project) -> Build:
    """The preview build of ready_project."""
    build = run_pelican(ready_project, ready_project / "preview", "pelicanconf.py")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


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


@pytest.fixture(scope="session")
def form_site(tmp_path_factory) -> Build:
    """The preview build of a copy whose tiedot.yaml has the practitioner's own details
    (OWN_DETAILS, booking link included) and a contact form with its service outside the
    EU/EEA (given with pelican -e, which takes JSON values)."""
    project = copy_project(tmp_path_factory.mktemp("form") / "project")
    (project / "tiedot.yaml").write_text(own_details(), encoding="utf-8")
    build = run_pelican(
        project,
        project / "output",
        "pelicanconf.py",
        "-e",
        f"CONTACT_FORM_ACTION={json.dumps(FORM_ACTION)}",
        f"CONTACT_FORM_SERVICE={json.dumps(FORM_SERVICE, ensure_ascii=False)}",
    )
    assert build.returncode == 0, build.output
    return build


# --- layers and timing -------------------------------------------------------------------
# tests/unit/: pure functions and tiny synthetic folders, milliseconds each.
# `slow`: a test that drives the browser or works on a copy of the project (a build, invoke
# or publish in a new process); set here from the fixtures it uses, so no test can forget it.
# bin/test runs everything; `pytest -m "not slow"` is the quick loop while working.
SLOW_FIXTURES = {
    "browser",
    "dev_server",
    "project_copy",
    "form_site",
    "ready_project",
    "ready_site",
    "ready_dev_site",
}
UNIT_TARGET_SECONDS = 10
FULL_TARGET_SECONDS = 240
_timing = {"start": 0.0, "unit": 0.0, "units": 0}


@pytest.hookimpl(tryfirst=True)  # before xdist's, which reads the xdist_group marks
def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if uses_module_fixture(item):
            # bin/test runs on every core (--dist loadgroup): the tests of a module that
            # shares a fixture (a build, a browser page) go to one worker, which makes it once
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    # The slow tests first: with every core busy on them, the quick ones fill the gaps at
    # the end, instead of one worker finishing a long test alone.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def uses_module_fixture(item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info else ()
    return any(d.scope == "module" for defs in definitions for d in defs)


def pytest_sessionstart(session):
    _timing["start"] = time.perf_counter()


def pytest_runtest_logreport(report):
    if report.nodeid.startswith("tests/unit/"):
        _timing["unit"] += report.duration
        if report.when == "call":
            _timing["units"] += 1


def pytest_terminal_summary(terminalreporter):
    total = time.perf_counter() - _timing["start"]
    terminalreporter.write_sep("-", "kesto")
    terminalreporter.write_line(
        f"yksikkötestit (tests/unit, {_timing['units']} kpl): {decimal(_timing['unit'])} s "
        f"(tavoite ≤ {UNIT_TARGET_SECONDS} s); koko ajo: {total:.0f} s "
        f"(tavoite ≤ {FULL_TARGET_SECONDS} s)"
    )
