"""WordPress's export file (Työkalut → Vie; WXR 1.0–1.2), read into plain dataclasses.

The file is parsed with defusedxml, so an entity bomb or an external entity is refused
instead of expanded. Every way the file can be wrong ends in ExportError with a Finnish
message naming the file, the line and the post where it can. What
the importer must never publish is not even read: commenters' names, e-mails and addresses,
the account's login and e-mail, post passwords (only whether there was one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

ENCODING_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
TITLE = re.compile(rb"<title>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</title>", re.S)
# The post meta the import uses: images' alt texts and files, and the titles of embeds.
WANTED_META = re.compile(
    r"_wp_attachment_image_alt|_wp_attached_file|_thumbnail_id|_oembed_(?!time_).*"
)
REEXPORT = "Vie tiedosto uudelleen WordPressistä (Työkalut → Vie → Kaikki sisältö)."
# The namespaces WordPress writes (each WXR version its own), by the prefix it uses.
NAMESPACES = [
    ("excerpt", re.compile(r"/export/.*/excerpt/")),
    ("wp", re.compile(r"wordpress\.org/export/")),
    ("content", re.compile(r"purl\.org/rss/1\.0/modules/content")),
]
SITES = ("link", "wp:base_blog_url", "wp:base_site_url")
# expat's reasons, in Finnish
REASONS = {
    "not well-formed (invalid token)": "virheellinen merkki",
    "mismatched tag": "aloitus- ja lopetustagi eivät täsmää",
    "junk after document element": "tiedoston lopussa on ylimääräistä tekstiä",
    "undefined entity": "tuntematon &-merkintä",
    "syntax error": "tiedosto ei ala XML:nä",
}


class ExportError(Exception):
    """The export file cannot be read; the message says why in Finnish, and where."""


@dataclass(frozen=True)
class Term:
    """A category or a tag as WordPress had it."""

    kind: str  # "category" or "post_tag"
    slug: str  # WordPress's nicename, as in the old address (may be percent-encoded)
    name: str


@dataclass
class Item:
    """One <item>: a post, a page, an attachment, a menu item or anything else."""

    id: int
    type: str
    status: str
    title: str  # as stored: HTML entities not yet decoded
    link: str
    name: str  # post_name: the slug, maybe percent-encoded
    date: str  # post_date: local time, "2013-05-31 10:00:00"
    modified: str
    content: str
    excerpt: str
    parent: int
    has_password: bool
    terms: list[Term] = field(default_factory=list)
    comments: int = 0
    attachment_url: str = ""
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Export:
    path: Path
    title: str
    sites: list[str]  # the blog's addresses: its link, base_blog_url and base_site_url
    version: str
    items: list[Item]
    parents: dict[str, str]  # category slug -> its parent's slug ("" for none)

    def of_type(self, *types: str) -> list[Item]:
        return [item for item in self.items if item.type in types]

    @property
    def attachments(self) -> dict[int, Item]:
        return {item.id: item for item in self.items if item.type == "attachment"}


def key(tag: str) -> str:
    """An element's tag as "wp:name", "content:name", "excerpt:name" or "name" (RSS's own);
    another namespace's elements get "other:name", so none is taken for WordPress's."""
    if not tag.startswith("{"):
        return tag
    namespace, _, name = tag[1:].rpartition("}")
    prefix = next((prefix for prefix, marker in NAMESPACES if marker.search(namespace)), "other")
    return f"{prefix}:{name}"


def fields(element: Element) -> dict[str, str]:
    """The text of each child element, by key(tag)."""
    return {key(child.tag): child.text or "" for child in element}


def read_item(element: Element) -> Item:
    wp = fields(element)
    terms = [
        Term(child.get("domain"), child.get("nicename") or "", unescape(child.text or ""))
        for child in element.iterfind("category")
        if child.get("domain") in ("category", "post_tag")
    ]
    postmeta = [fields(child) for child in element if key(child.tag) == "wp:postmeta"]
    pairs = [(each.get("wp:meta_key", ""), each.get("wp:meta_value", "")) for each in postmeta]
    return Item(
        id=integer(wp.get("wp:post_id", "")),
        type=wp.get("wp:post_type", "").strip(),
        status=wp.get("wp:status", "").strip(),
        title=wp.get("title", ""),
        link=wp.get("link", "").strip(),
        name=wp.get("wp:post_name", "").strip(),
        date=wp.get("wp:post_date", "").strip(),
        modified=wp.get("wp:post_modified", "").strip(),
        content=wp.get("content:encoded", ""),
        excerpt=wp.get("excerpt:encoded", ""),
        parent=integer(wp.get("wp:post_parent", "")),
        has_password=bool(wp.get("wp:post_password", "").strip()),
        terms=terms,
        # counted only: nothing of a comment is kept
        comments=sum(key(child.tag) == "wp:comment" for child in element),
        attachment_url=wp.get("wp:attachment_url", "").strip(),
        meta={name: value for name, value in pairs if WANTED_META.fullmatch(name)},
    )


def integer(value: str) -> int:
    return int(value) if value.strip().isdecimal() else 0


def post_at(raw: bytes, offset: int) -> str:
    """ " (kirjoituksessa ”title”)" for the post whose <item> holds the byte at offset, for
    a message; "" when there is none."""
    start = raw.rfind(b"<item>", 0, offset)
    match = TITLE.search(raw, start, offset) if start >= 0 else None
    if not match:
        return ""
    title = unescape(match[1].decode("utf-8", errors="replace")).strip()
    return f" (kirjoituksessa ”{title}”)" if title else ""


def parse(raw: bytes, path: Path) -> Element:
    """The XML's root element, or ExportError naming where and how the file is broken."""
    declared = ENCODING_DECL.match(raw)  # expat decodes the others; WordPress writes UTF-8
    try:
        if not declared or declared[1].lower() in (b"utf-8", b"utf8"):
            raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ExportError(
            f"{path}, rivi {line}{post_at(raw, err.start)}: tiedostossa on merkkejä, jotka "
            "eivät ole UTF-8-muotoa (esimerkiksi ääkkönen on tallentunut väärin). Mitään ei "
            "tuotu. Korjaa tämän rivin merkit tekstieditorissa ja tallenna tiedosto "
            f"UTF-8-muodossa, tai {REEXPORT}"
        ) from None
    try:
        return fromstring(raw, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ExportError(
            f"{path}: tiedostossa on XML-määrittelyjä (<!ENTITY …>), joita WordPressin vienti "
            "ei koskaan sisällä. Tiedostoa ei luettu turvallisuussyistä, eikä mitään tuotu. "
            f"Käytä WordPressin tekemää tiedostoa sellaisenaan: {REEXPORT}"
        ) from None
    except ParseError as err:
        line, column = err.position
        message = str(err).split(":")[0]
        if line >= raw.count(b"\n") and message in ("no element found", "unclosed token"):
            raise ExportError(
                f"{path}: tiedosto loppuu kesken (rivillä {line}), joten vienti on katkennut. "
                f"Mitään ei tuotu. {REEXPORT}"
            ) from None
        offset = sum(len(text) for text in raw.split(b"\n")[: line - 1]) + line - 1
        raise ExportError(
            f"{path}, rivi {line}, sarake {column + 1}{post_at(raw, offset)}: tiedosto ei ole "
            f"ehjää XML:ää ({REASONS.get(message, message)}). Mitään ei tuotu. Jos muokkasit "
            f"tiedostoa, tarkista tämä kohta; muuten {REEXPORT[0].lower()}{REEXPORT[1:]}"
        ) from None


def read(path: Path) -> Export:
    """The export at path, or ExportError saying in Finnish what is wrong with it."""
    if not path.is_file():
        raise ExportError(
            f"{path}: tiedostoa ei löydy. Anna WordPressin vientitiedoston (.xml) polku, "
            "esimerkiksi invoke wordpress-import ~/Lataukset/blogi.WordPress.2024-05-31.xml"
        )
    raw = path.read_bytes()
    if raw[:2] == b"PK":
        raise ExportError(
            f"{path}: tämä on zip-paketti, ei WordPressin vientitiedosto. Pura se ja anna "
            "sen sisältä .xml-tiedosto (kuvien zip annetaan valinnalla --media)."
        )
    root = parse(raw, path)
    channel = root.find("channel") if root.tag == "rss" else None
    wp = fields(channel) if channel is not None else {}
    if "wp:wxr_version" not in wp:
        raise ExportError(
            f"{path}: tiedosto ei ole WordPressin vientitiedosto (WXR): siitä puuttuu "
            "WordPressin tunniste (wp:wxr_version). Vie blogi WordPressin hallinnasta: "
            "Työkalut → Vie → Kaikki sisältö, ja anna saatu .xml-tiedosto."
        )
    categories = [fields(element) for element in channel if key(element.tag) == "wp:category"]
    return Export(
        path=path,
        title=unescape(wp.get("title", "")),
        sites=[wp.get(name, "").strip() for name in SITES],
        version=wp["wp:wxr_version"].strip(),
        items=[read_item(element) for element in channel.iterfind("item")],
        parents={
            each.get("wp:category_nicename", "").strip(): each.get("wp:category_parent", "").strip()
            for each in categories
        },
    )
