"""`invoke audit`: Lighthouse's four scores (performance, accessibility, best practices,
SEO) for each page type, on a phone, in Debian's Chromium. It reports; it never fails.

Lighthouse comes from npm and is installed on first use into .tools/ (git-ignored), at a
pinned version. The site is built for the local address it is served at, so every page
loads only from 127.0.0.1 with the real security headers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from .browser import CHROMIUM, CHROMIUM_ARGS, PageType, page_types
from .server import start_server
from .site import Site

LIGHTHOUSE_VERSION = "12.2.3"  # 13 needs Node 22; Debian 12 machines have Node 20
CATEGORIES = {
    "performance": "suorituskyky",
    "accessibility": "saavutettavuus",
    "best-practices": "hyvät käytännöt",
    "seo": "hakukoneet",
}


class AuditError(Exception):
    """Something the practitioner can fix, said in Finnish."""


def install(tools: Path) -> Path:
    """Install the pinned Lighthouse into tools/ unless it is there already."""
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if not npm:
        raise AuditError("npm puuttuu. Asenna Node.js ja npm: sudo apt-get install nodejs npm")
    print(f"Asennetaan Lighthouse {LIGHTHOUSE_VERSION} kansioon {tools} (vain kerran)…")
    tools.mkdir(parents=True, exist_ok=True)
    cmd = [npm, "install", "--prefix", str(tools), "--no-audit", "--no-fund", "--save-exact"]
    cmd += [f"lighthouse@{LIGHTHOUSE_VERSION}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode or not binary.exists():
        raise AuditError(f"Lighthouse ei asentunut:\n{proc.stderr.strip()[-2000:]}")
    return binary


def run_lighthouse(binary: Path, url: str) -> dict[str, int | None]:
    cmd = [str(binary), url, "--output=json", "--output-path=stdout", "--quiet"]
    cmd += ["--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}"]
    cmd += [f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=300)
    if proc.returncode:
        message = proc.stderr.strip()[-500:]
        raise AuditError(message or f"Lighthouse päättyi koodiin {proc.returncode}")
    scores = {key: found["score"] for key, found in json.loads(proc.stdout)["categories"].items()}
    return {key: None if scores[key] is None else round(scores[key] * 100) for key in CATEGORIES}


def audit_site(
    site_dir: Path, content_dir: Path, port: int, tools: Path, names=None
) -> list[tuple[PageType, dict[str, int | None] | str]]:
    """Scores for each page type (or those in names) of a site built for
    http://127.0.0.1:port, or why Lighthouse failed on it; ValueError, in Finnish, for an
    unknown page type."""
    site = Site.load(site_dir, content_dir)
    site.narrow_page_types(names or [])
    binary = install(tools)
    server, base = start_server(site, port)
    results = []
    with server:
        for kind in page_types(site):
            # Lighthouse refuses a 404 status: the not-found page is audited at its file.
            url = f"{base}/404.html" if kind.name == "404" else f"{base}/{kind.url}"
            try:
                results.append((kind, run_lighthouse(binary, url)))
            except (AuditError, ValueError, KeyError, subprocess.TimeoutExpired) as err:
                results.append((kind, str(err)))
    return results


def report_lines(results: list[tuple[PageType, dict[str, int | None] | str]]) -> list[str]:
    width = max((len(kind.name) for kind, _ in results), default=8)
    header = "  ".join(f"{label:>15}" for label in CATEGORIES.values())
    lines = [f"{'sivutyyppi':<{width}}  {header}"]
    for kind, scores in results:
        if isinstance(scores, str):
            cells = f"Lighthouse ei onnistunut: {scores}"
        else:
            cells = "  ".join(f"{'–' if s is None else s:>15}" for s in map(scores.get, CATEGORIES))
        lines.append(f"{kind.name:<{width}}  {cells}")
    return lines
