"""Images written in content have alt text: a screen reader reads it aloud, and an
image without it is just "kuva" to a blind visitor. Python-Markdown writes alt="" for
![](kuva.jpg), which axe accepts as decoration, so the content files are checked here."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from sitecore.plural import plural

from .base import Check, CheckSite, Outcome
from .site import Finding, Site


def check_alt_texts(site: Site) -> tuple[int, list[Finding]]:
    findings = []
    count = 0
    for file in site.html_files():
        page = site.source_of(file)
        if page is None:
            continue
        for image in site.info(file).images:
            if not image.in_main:
                continue
            count += 1
            if image.alt is not None and image.alt.strip():
                continue
            name = PurePosixPath(unquote(urlsplit(image.src).path)).name
            line = site.line_in(page.source, name)
            if line is None:
                continue  # not written in the content file: the theme's decoration
            findings.append(
                Finding(
                    f"{page.source}, rivi {line}",
                    f"kuvalta {name} puuttuu tekstivastine. Kirjoita hakasulkeisiin, mitä "
                    f"kuvassa on, esimerkiksi ![Työnohjaaja ja asiakas keskustelevat]"
                    f"(…/{name}).",
                )
            )
    return count, findings


def run(site: CheckSite) -> Outcome:
    images, findings = check_alt_texts(site.site)
    found = site.browser
    if found.failed:
        failed = site.browser_failed()
        return Outcome(failed.summary, findings + failed.findings)
    summary = f"{plural(found.axe_runs, 'axe-ajo', 'axe-ajoa')}, " + plural(
        images, "sisällön kuva", "sisällön kuvaa"
    )
    return Outcome(summary, findings + found.a11y)


CHECK = Check("a11y", "Saavutettavuus (axe, WCAG 2.2 AA)", run, needs_browser=True)
