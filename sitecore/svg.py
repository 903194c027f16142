"""An SVG picture carries no script and fetches nothing from elsewhere, or content_guard
refuses it (and whatever else must judge an SVG asks svg_problem too: one reading of SVG).

Opened at its own address (a link to it, or one someone sends), an SVG is a document of
the site: a <script>, an onload= attribute, a javascript: link or HTML inside
<foreignObject> would run as the site, and a font, stylesheet or picture it loads from
another host tells that host who looks at it. Her SVGs are rare (an icon, a diagram), so
such a file is refused, naming what was found, rather than rewritten. It is read with the
project's XML parser (defusedxml: no entities, nothing from outside), never with patterns
over the raw text, so `java&#9;script:` is already `java\tscript:` when it is looked at,
and a browser's way of reading an address (no whitespace, any case) is applied to it.

A data: address is allowed for a raster picture (data:image/png…): it is part of the file,
fetches nothing, and a picture an SVG shows never runs script. An SVG inside one
(data:image/svg+xml) is not, as what is inside it is not read here.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
XHTML = "{http://www.w3.org/1999/xhtml}"
ACTIVE = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
ADDRESSES = {"href", "src", "base"}  # href, xlink:href, xml:base
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)


def svg_problem(path: Path) -> str | None:
    """What in the SVG at path could run or reach elsewhere, as a message; None if nothing."""
    root = ""
    try:
        for event, element in iterparse(str(path), events=("end", "pi")):
            if event == "pi":
                found = "xml-stylesheet" if element.text.startswith("xml-stylesheet") else None
            else:
                root = element.tag
                found = found_in(element.tag, element.attrib, element.text or "")
            if found:
                break
        else:
            found = None if root == SVG_ROOT else "muuta kuin SVG-kuva (ei <svg>-juurta)"
    except (ParseError, DefusedXmlException, OSError) as error:
        return (
            f"SVG-kuvaa ei voi lukea ({error}). Tallenna se kuvankäsittelyohjelmassa "
            "uudelleen tavallisena SVG-tiedostona tai PNG-kuvana."
        )
    if found is None:
        return None
    return (
        f"SVG-kuvassa on {found}, joten sitä ei julkaista: sivuston osoitteessa avattuna se "
        "voisi ajaa ohjelmakoodia tai hakea jotain toiselta palvelimelta. Poista se "
        "kuvankäsittelyohjelmassa tai tallenna kuva PNG-muodossa."
    )


def found_in(tag: str, attrib: dict[str, str], text: str) -> str | None:
    """What in one element could run or reach elsewhere."""
    name = local(tag)
    if name in ACTIVE or tag.startswith(XHTML):
        return f"elementti <{name}>"
    if name in ("animate", "set") and local(attrib.get("attributeName", "")) in ADDRESSES:
        return "osoitetta muuttava animaatio"
    for key, value in attrib.items():
        if local(key).startswith("on"):
            return f"tapahtuma-attribuutti {local(key)}"
        if local(key) in ADDRESSES and not inside(value):
            return f"viittaus {value.strip()}"
    for sheet in (*attrib.values(), text):  # presentation attributes, style, <style>
        sheet = CSS_ESCAPE.sub(unescape, sheet)
        if "@import" in sheet.lower():
            return "tyylisääntö @import"
        for address in CSS_URL.findall(sheet):
            if not inside(address):
                return f"viittaus url({address.strip()})"
    return None


def local(name: str) -> str:
    """A tag or attribute name without its namespace ({…}href, xlink:href → href)."""
    return re.split(r"[}:]", name)[-1].lower()


def inside(address: str) -> bool:
    """Whether an address stays inside the file: a fragment (#id), or a raster picture."""
    plain = "".join(char for char in address if char > " ").lower()  # as a browser reads it
    return (
        plain.startswith("#")
        or plain == ""
        or plain.startswith("data:image/")
        and (not plain.startswith("data:image/svg"))
    )


def unescape(match: re.Match) -> str:
    """A CSS escape decoded (\\75 rl( is url()."""
    return chr(min(int(match[1], 16), 0x10FFFF)) if match[1] else match[2]
