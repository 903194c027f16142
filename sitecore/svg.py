"""An SVG picture carries no script and fetches nothing from elsewhere: the project's one
reading of SVG, which content_guard refuses a file by and `invoke check` judges the built
site by, each thing found at its line.

Opened at its own address (a link to it, or one someone sends), an SVG is a document of
the site: a <script>, an onload= attribute, a javascript: link or HTML inside
<foreignObject> would run as the site, and a font, stylesheet or picture it loads from
another host tells that host who looks at it. Her SVGs are rare (an icon, a diagram), so
such a file is refused, naming what was found, rather than rewritten. It is read with
defusedxml's expat parser (no entities, nothing from outside; it tells the line), never
with patterns over the raw text, so `java&#9;script:` is already `java\tscript:` when it is
looked at, and a browser's way of reading an address (no whitespace, any case) is applied.

Only a fragment (#id) stays inside the file: any other address, a data: one included, is
refused, as what is inside it is not read here.
"""

import re
from collections.abc import Iterable, Iterator
from io import BytesIO
from pathlib import Path
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from sitecore.problems import Problem

SVG_ROOT = ("http://www.w3.org/2000/svg", "svg")
XHTML = "http://www.w3.org/1999/xhtml"
ACTIVE = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
ADDRESSES = {"href", "src", "base"}  # href, xlink:href, xml:base
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
REFUSED = (
    "SVG-kuvassa on {}: sivuston osoitteessa avattuna se voisi ajaa ohjelmakoodia tai hakea "
    "jotain toiselta palvelimelta. Poista se kuvankäsittelyohjelmassa tai tallenna kuva "
    "PNG-muodossa."
)
UNREADABLE = (
    "SVG-kuvaa ei voi lukea: se ei ole kelvollista XML:ää, tai siinä on <!ENTITY>-määrittely. "
    "Tallenna se kuvankäsittelyohjelmassa uudelleen tavallisena SVG-tiedostona tai PNG-kuvana."
)


class _Reader(ContentHandler):
    """Notes (line, what) for each thing that could run or reach elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []
        self.root: tuple[str | None, str] | None = None
        self.text: list[str] = []
        self.locator = None

    def setDocumentLocator(self, locator) -> None:
        self.locator = locator

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 1

    def note(self, found: Iterable[str]) -> None:
        self.found += [(self.line(), what) for what in found]

    def startElementNS(self, name, qname, attrs) -> None:
        self.flush()
        if self.root is None:
            self.root = name
            if name != SVG_ROOT:
                self.note(["muuta kuin SVG-kuva (ei <svg>-juurta)"])
        pairs = [(key.lower(), value) for (_uri, key), value in attrs.items()]
        self.note(found_in(name, pairs))

    def endElementNS(self, name, qname) -> None:
        self.flush()

    def flush(self) -> None:
        """The text so far is read as CSS (a <style>'s, and any other)."""
        self.note(in_css("".join(self.text)))
        self.text.clear()

    def characters(self, content: str) -> None:
        self.text.append(content)

    def processingInstruction(self, target: str, data: str) -> None:
        self.note([f"käsittelyohje <?{target}?>"])


def svg_problems(path: Path) -> list[Problem]:
    """Everything in the SVG at path that could run or reach elsewhere, each at its line;
    or why it cannot be read. An empty list: the picture may be published."""
    reader = _Reader()
    parser = make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(reader)
    try:
        parser.parse(BytesIO(path.read_bytes()))
    except SAXParseException as error:
        return [Problem(path, error.getLineNumber(), UNREADABLE)]
    except (DefusedXmlException, OSError):
        return [Problem(path, reader.line(), UNREADABLE)]
    return [Problem(path, line, REFUSED.format(what)) for line, what in reader.found]


def found_in(name: tuple[str | None, str], attrs: list[tuple[str, str]]) -> Iterator[str]:
    """What in one element (its namespace and name, its attributes' local names and
    values) could run or reach elsewhere."""
    tag = name[1].lower()
    if tag in ACTIVE or name[0] == XHTML:
        yield f"elementti <{tag}>"
    # the attribute an animation changes, without its namespace prefix (xlink:href → href)
    animated = [value.rpartition(":")[2].lower() for key, value in attrs if key == "attributename"]
    if tag in ("animate", "set") and ADDRESSES.intersection(animated):
        yield "osoitetta muuttava animaatio"
    for key, value in attrs:
        if key.startswith("on"):
            yield f"tapahtuma-attribuutti {key}"
        elif key in ADDRESSES and not inside(value):
            yield f"viittaus {value.strip()[:80]}"
        else:  # presentation attributes, style
            yield from in_css(value)


def in_css(sheet: str) -> Iterator[str]:
    """What in CSS (an attribute's, a <style>'s) fetches from elsewhere."""
    sheet = CSS_ESCAPE.sub(unescape, sheet)
    if "@import" in sheet.lower():
        yield "tyylisääntö @import"
    for address in CSS_URL.findall(sheet):
        if not inside(address):
            yield f"viittaus url({address.strip()[:80]})"


def inside(address: str) -> bool:
    """Whether an address stays inside the file, as a browser reads it: a fragment (#id), or
    a raster picture embedded in it (data:image/png…, as Inkscape writes an embedded photo:
    it fetches nothing, and a picture never runs script; an SVG inside one is not read)."""
    address = "".join(char for char in address if char > " ").lower()
    return address.startswith(("#", "data:image/")) and not address.startswith("data:image/svg")


def unescape(match: re.Match) -> str:
    """A CSS escape decoded (\\75 rl( is url()."""
    return chr(min(int(match[1], 16), 0x10FFFF)) if match[1] else match[2]
