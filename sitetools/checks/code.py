"""Nothing she writes runs code: no <script> in a post or page but the theme's own (a script
from her own site included), no on… attribute, no javascript: or data: address (href, src,
action, formaction…, in any case and spacing), and no SVG picture with a script, an event
attribute or a reference to anything outside itself. Each is named with the content file and
the line it is written on (raw HTML is found there by its start tag as the page has it).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from xml.parsers import expat

from sitecore.plural import plural

from .base import Check, CheckSite, Outcome
from .parse import Code
from .site import Finding, Site

THEME_TYPES = {"application/ld+json"}  # the theme's structured data: no code
CSS_OUTSIDE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.I)  # url(#id) stays inside
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
        where = site.locate(file, item.written, item.needle, nth=nth)
        shown = " ".join(item.what.split())[:120]
        found.append(Finding(where, f"sivulla on {what} {shown}. {advice}"))
    return found


def svg_problems(data: bytes) -> list[tuple[int, str]]:
    """(line, what) for each thing in an SVG that could run or reach outside it."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    found: list[tuple[int, str]] = []
    style = [0]  # how many <style> elements are open

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        line = parser.CurrentLineNumber
        style[0] += local == "style"
        if local.lower() in ("script", "foreignobject"):
            found.append((line, f"<{local}>"))
        for attr, value in attrs.items():
            key = attr.rpartition(" ")[2]
            if key.lower().startswith("on"):
                found.append((line, f"{key}="))
            elif CSS_OUTSIDE.search(value) or key in ("href", "src") and value.strip()[:1] != "#":
                found.append((line, f'{key}="{value.strip()[:80]}"'))

    def text(data: str) -> None:
        if style[0] and CSS_OUTSIDE.search(data):
            found.append((parser.CurrentLineNumber, "<style>, joka hakee tiedoston muualta"))

    def end(name: str) -> None:
        style[0] -= name.rpartition(" ")[2] == "style"

    def instruction(target: str, _data: str) -> None:
        found.append((parser.CurrentLineNumber, f"<?{target}?>"))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.EndElementHandler = end
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        found.append(
            (error.lineno, "virhe, jonka vuoksi sitä ei voi lukea (ei kelvollista XML:ää)")
        )
    return found


def svg_findings(site: Site) -> tuple[int, list[Finding]]:
    files = sorted(site.path.rglob("*.svg"))
    findings = []
    for file in files:
        made = (site.outputs or {}).get(site.rel(file))
        source = made.source if made else f"{site.path.name}/{site.rel(file)}"
        for line, what in svg_problems(file.read_bytes()):
            findings.append(
                Finding(
                    f"{source}, rivi {line}",
                    f"SVG-kuvassa on {what}. Kuva voisi ajaa koodia tai hakea tiedostoja "
                    "muualta: tallenna se PNG-muodossa tai poista tämä kohta.",
                )
            )
    return len(files), findings


def run(site: CheckSite) -> Outcome:
    files = site.site.html_files()
    findings = []
    for file in files:
        info = site.pages.info(file)
        findings += page_findings(site.site, file, info.scripts + info.code)
    svgs, in_svgs = svg_findings(site.site)
    summary = f"{plural(len(files), 'sivu', 'sivua')}, {plural(svgs, 'SVG-kuva', 'SVG-kuvaa')}"
    return Outcome(summary, sorted(set(findings), key=str) + in_svgs)


CHECK = Check("code", "Ei koodia sisällössä", run)
