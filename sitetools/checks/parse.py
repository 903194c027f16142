"""Read what the checks need from a page, with the standard library's HTML parser
(`invoke check` runs on the practitioner's machine, where the test packages are not).

`invoke check` loads one page of each type in the browser (browser.py). The other pages
differ from their sample only in their content, and what content can do is in its markup:
the addresses the browser would fetch for it, and what the site's policy refuses (only the
site itself, nothing inline: plugins/security_headers). read_load reads that from the
parsed page (shared with the link check), so the check's time grows with page types, not
pages, while every page is still looked at.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

# (element, attribute) of every address a page links to or loads
LINK_ATTRS = {(tag, "src") for tag in ("img", "script", "source", "audio", "video", "track")}
LINK_ATTRS |= {("iframe", "src"), ("embed", "src"), ("object", "data"), ("video", "poster")}
LINK_ATTRS |= {("a", "href"), ("area", "href"), ("link", "href"), ("form", "action")}
SRCSET_TAGS = {"img", "source"}
SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript"}  # what runs
META_URLS = {"og:url", "og:image", "twitter:image"}
# The elements whose address the browser fetches, and the policy directive that governs it.
FETCHED_BY_TAG = {"script": "script-src-elem", "iframe": "frame-src"}
FETCHED_BY_TAG |= dict.fromkeys(("img", "source"), "img-src")
FETCHED_BY_TAG |= dict.fromkeys(("embed", "object"), "object-src")
FETCHED_BY_TAG |= dict.fromkeys(("audio", "video", "track"), "media-src")
# A <link> is fetched for these rel values only (alternate, canonical, next… are addresses).
FETCHED_BY_REL = {
    "stylesheet": "style-src-elem",
    "icon": "img-src",
    "apple-touch-icon": "img-src",
    "preload": "default-src",
    "modulepreload": "script-src-elem",
    "prefetch": "default-src",
    "manifest": "manifest-src",
}

# Attributes holding an address a browser follows or loads, and the schemes that run code
# there (or carry a page or script in the address itself); javascript: in any attribute (an
# SVG <animate> can make it an address). Browsers drop tabs and line breaks anywhere in an
# address and spaces and control characters around it.
ADDRESS_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
RUNS = re.compile(r"(javascript|data):", re.I)
AROUND = "".join(map(chr, range(33)))


@dataclass
class Link:
    url: str
    tag: str
    line: int
    text: str = ""
    rel: str = ""  # a <link>'s rel, lower case: says whether the browser fetches it


@dataclass(frozen=True)
class Image:
    src: str
    line: int
    in_main: bool
    alt: str | None  # None: not given, or given without a value
    width: str | None
    height: str | None


@dataclass(frozen=True)
class Code:
    """What runs on a page: a <script>, an on… attribute, a javascript: or data: address."""

    kind: str  # script, on (an on… attribute), javascript or data (an address)
    what: str  # as a finding names it: <script src="…">, onclick=, href="javascript:…"
    written: str  # its start tag exactly as in the page: finds raw HTML in the content file
    line: int
    needle: str = ""  # what finds it when Markdown wrote the tag: the address, onclick=
    src: str = ""  # a script's
    type: str = ""  # a script's, lower case


@dataclass
class Load:
    """What loading a page does: what it fetches, what the policy refuses, what fails."""

    requests: list[tuple[str, str]] = field(default_factory=list)  # (url, resource type)
    csp: list[str] = field(default_factory=list)  # "directive address"
    console: list[str] = field(default_factory=list)  # errors: the console's and the script's


@dataclass
class PageInfo:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    code: list[Code] = field(default_factory=list)  # scripts, on… attributes, javascript:…
    # What a policy without 'unsafe-inline' refuses: (directive, sample)
    inline: list[tuple[str, str]] = field(default_factory=list)
    # Its text in pieces, each tag a space and its attribute values kept (html_text.text_of
    # with values=True): the leak check reads it without parsing the page again.
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, info: PageInfo) -> None:
        super().__init__(convert_charrefs=True)
        self.info = info
        self.main_depth = 0
        self.open_link: tuple[Link, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = [value for _name, value in attrs if value]
        self.info.text.append(" ".join(["", *given, ""]) if given else " ")
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.info.ids.add(values[key])
        if tag == "main":
            self.main_depth += 1
        self._links(tag, values, line)
        if tag == "img":
            given = dict(attrs)
            image = [given.get(name) for name in ("alt", "width", "height")]
            self.info.images.append(Image(values.get("src", ""), line, self.main_depth > 0, *image))
        written = self.get_starttag_text() or ""
        if tag == "script":
            kind, src = values.get("type", "").strip().lower(), values.get("src", "").strip()
            self.info.code.append(Code("script", written, written, line, src=src, type=kind))
            if not src and kind in SCRIPT_TYPES:
                self.info.inline.append(("script-src-elem", "<script>"))
        for name, value in values.items():
            address = re.sub(r"[\t\n\r]", "", value).strip(AROUND)
            scheme = RUNS.match(address)
            if name.startswith("on") or name == "srcdoc":  # srcdoc: a page, scripts and all
                self.info.code.append(Code("on", f"{name}=", written, line, f"{name}="))
            elif scheme and (name in ADDRESS_ATTRS or scheme[1].lower() == "javascript"):
                what = f'{name}="{address[:60]}"'
                self.info.code.append(Code(scheme[1].lower(), what, written, line, address))
        self._inline(tag, values)

    def _inline(self, tag: str, values: dict[str, str]) -> None:
        if tag == "style":
            self.info.inline.append(("style-src-elem", "<style>"))
        if "style" in values:
            self.info.inline.append(("style-src-attr", f'style="{values["style"][:40]}"'))
        self.info.inline += [("script-src-attr", f"{name}=") for name in values if name[:2] == "on"]

    def _links(self, tag: str, values: dict[str, str], line: int) -> None:
        """Every address the element points to: href/src, srcset candidates, meta URLs."""
        for name, value in values.items():
            if (tag, name) in LINK_ATTRS and value.strip():
                rel = values.get("rel", "").strip().lower() if tag == "link" else ""
                self.info.links.append(Link(value.strip(), tag, line, rel=rel))
                if tag == "a":
                    self.open_link = (self.info.links[-1], [])
            if tag in SRCSET_TAGS and name == "srcset":
                candidates = [c.split()[0] for c in value.split(",") if c.strip()]
                self.info.links.extend(Link(url, tag, line) for url in candidates)
        meta = values.get("property", values.get("name"))
        if tag == "meta" and meta in META_URLS and values.get("content"):
            self.info.links.append(Link(values["content"], "meta", line))

    def handle_endtag(self, tag: str) -> None:
        self.info.text.append(" ")
        if tag == "main" and self.main_depth:
            self.main_depth -= 1
        if tag == "a" and self.open_link:
            link, words = self.open_link
            link.text = " ".join("".join(words).split())[:60]
            self.open_link = None

    def handle_data(self, data: str) -> None:
        self.info.text.append(data)
        if self.open_link:
            self.open_link[1].append(data)


def parse_html(text: str, info: PageInfo | None = None) -> PageInfo:
    info = info or PageInfo()
    parser = _Parser(info)
    parser.feed(text)
    parser.close()
    return info


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(path: Path) -> PageInfo:
    """Links of a feed or a sitemap, including those inside the posts a feed carries."""
    info = PageInfo()
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return info
    for element in root.iter():
        if element.tag in (f"{SITEMAP}loc", "loc", "link") and element.text:
            info.links.append(Link(element.text.strip(), "loc", 0))
        elif element.tag == f"{ATOM}link" and element.get("href"):
            info.links.append(Link(element.get("href"), "link", 0))
        elif element.tag in (f"{ATOM}content", f"{ATOM}summary", "description") and element.text:
            parse_html(element.text, info)
    info.ids.clear()  # ids inside a feed's posts are not anchors of the feed
    return info


def read_load(info: PageInfo, page_url: str, own: Callable[[str], bool]) -> Load:
    """The Load a browser load of page_url would record: the absolute address and element
    of each fetch, and each policy violation as "directive address"."""
    load = Load()
    for link in info.links:
        table = FETCHED_BY_REL if link.tag == "link" else FETCHED_BY_TAG
        directive = next((table[n] for n in link.rel.split() or [link.tag] if n in table), None)
        if directive:
            address = urljoin(page_url, link.url)
            load.requests.append((address, link.tag))
            if address.startswith("data:") or not own(address):
                load.csp.append(f"{directive} {address}")
    load.csp += [f"{directive} inline {sample}" for directive, sample in info.inline]
    return load


ROBOTS_SITEMAP = re.compile(r"^\s*Sitemap:\s*(\S+)", re.I | re.M)


def parse_file(file: Path) -> PageInfo:
    """What the checks read of a page, a feed, the sitemap or robots.txt."""
    if file.suffix == ".html":
        return parse_html(file.read_text(encoding="utf-8", errors="replace"))
    if file.suffix == ".xml":
        return parse_xml(file)
    if file.name == "robots.txt":
        text = file.read_text(encoding="utf-8", errors="replace")
        return PageInfo(links=[Link(url, "robots", 0) for url in ROBOTS_SITEMAP.findall(text)])
    return PageInfo()
