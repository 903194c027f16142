"""Nothing she writes runs code: no <script> in a post or page but the theme's own (a script
from her own site included), no on… attribute, no javascript: or data: address (href, src,
action, formaction…, in any case and spacing), and no SVG picture with a script, an event
attribute or a reference to anything outside itself. Each is named with the content file and
the line it is written on (raw HTML is found there by its start tag as the page has it).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sitecore.plural import plural
from sitecore.svg import svg_problems

from .base import Check, CheckSite, Outcome
from .parse import Code
from .site import Finding, Site

THEME_TYPES = {"application/ld+json"}  # the theme's structured data: no code
SAID = {  # what it is, and what to do
    "script": (
        "skripti",
        "Sivusto toimii ilman JavaScriptiä, eikä sen turvallisuussääntö salli "
        "skriptejä sisällössä: poista se. Video tai kartta upotetaan linkkinä.",
    ),
    "on": ("skriptimääre", "Sivuilla ei ajeta skriptejä: poista määre."),
    "javascript": ("JavaScript-osoite", "Kirjoita tilalle tavallinen osoite."),
    "data": (
        "data-osoite",
        "Se kantaa sisältönsä (kuvan, sivun tai skriptin) itsessään: "
        "tallenna tiedosto kansioon content/images/ ja viittaa siihen, esim. /images/kuva.jpg.",
    ),
}


def is_theme_script(site: Site, item: Code) -> bool:
    """A script of the kinds the theme puts: structured data, or a file of the theme's."""
    theme = f"/{site.settings.get('THEME_STATIC_DIR', 'theme')}/"
    path = site.internal_path(item.src) if item.src else None
    return item.type in THEME_TYPES or (path or "").startswith(theme)


def page_findings(site: Site, file: Path, items: list[Code]) -> list[Finding]:
    page = site.source_of(file)
    found = []
    seen: Counter[str] = Counter()
    for item in items:
        nth = seen[item.written]
        seen[item.written] += 1
        own = page and site.line_in(page.source, item.written, nth=nth)
        if item.kind == "script" and not own and is_theme_script(site, item):
            continue  # put there by the theme, not written in this page's content file
        what, advice = SAID[item.kind]
        shown = " ".join(item.what.split())[:120]
        said = f"sivulla on {what} {shown}. {advice}"
        found.append(site.finding(file, said, item.written, item.needle, nth=nth))
    return found


def svg_findings(site: Site) -> tuple[int, list[Finding]]:
    files = sorted(site.path.rglob("*.svg"))
    findings = []
    for file in files:
        made = (site.outputs or {}).get(site.rel(file))
        source = made.source if made else f"{site.path.name}/{site.rel(file)}"
        findings += [Finding(source, p.message, p.line) for p in svg_problems(file)]
    return len(files), findings


def run(site: CheckSite) -> Outcome:
    files = site.html_files()
    findings = [f for file in files for f in page_findings(site, file, site.info(file).code)]
    svgs, in_svgs = svg_findings(site)
    summary = f"{plural(len(files), 'sivu', 'sivua')}, {plural(svgs, 'SVG-kuva', 'SVG-kuvaa')}"
    return Outcome(summary, sorted(set(findings), key=str) + in_svgs)


CHECK = Check("code", "Ei koodia sisällössä", run)
