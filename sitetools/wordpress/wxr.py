"""WordPress's export file (Työkalut → Vie; WXR 1.0–1.2), read into plain dataclasses.

The file is parsed with defusedxml, so an entity bomb or an external entity is refused
instead of expanded. Everything a problem can be named by (the file, the line, the post) is
kept, and every way the file can be wrong ends in ExportError with a Finnish message. What
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
ITEM_START = re.compile(rb"<item>")
TITLE = re.compile(rb"<title>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</title>", re.S)
WANTED_META = {"_wp_attachment_image_alt", "_wp_attached_file", "_thumbnail_id"}
REEXPORT = "Vie tiedosto uudelleen WordPressistä (Työkalut → Vie → Kaikki sisältö)."


class ExportError(Exception):
    """The export file cannot be read; the message says why in Finnish, and where."""


@dataclass(frozen=True)
class Term:
    """A category or a tag as WordPress had it."""

    kind: str  # "category" or "post_tag"
    slug: str  # WordPress's nicename, as in the old address (may be percent-encoded)
    name: str
    parent: str = ""  # the parent category's slug


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
    line: int | None = None  # the line of <item> in the file

    @property
    def categories(self) -> list[Term]:
        return [term for term in self.terms if term.kind == "category"]

    @property
    def tags(self) -> list[Term]:
        return [term for term in self.terms if term.kind == "post_tag"]


@dataclass
class Export:
    path: Path
    title: str
    link: str
    base_site_url: str
    base_blog_url: str
    version: str
    items: list[Item]
    categories: dict[str, Term]  # slug -> term, for the parents of categories

    def of_type(self, *types: str) -> list[Item]:
        return [item for item in self.items if item.type in types]

    @property
    def attachments(self) -> dict[int, Item]:
        return {item.id: item for item in self.items if item.type == "attachment"}


def local(tag: str) -> tuple[str, str]:
    """(namespace kind, local name) of an element tag: wp, content, excerpt, dc or ""."""
    if not tag.startswith("{"):
        return "", tag
    namespace, name = tag[1:].split("}", 1)
    if "/export/" in namespace and "/excerpt/" in namespace:
        return "excerpt", name
    if "wordpress.org/export/" in namespace:
        return "wp", name
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content", name
    if "purl.org/dc/" in namespace:
        return "dc", name
    return "other", name


def children(element: Element, kind: str) -> dict[str, Element]:
    found: dict[str, Element] = {}
    for child in element:
        ns, name = local(child.tag)
        if ns == kind and name not in found:
            found[name] = child
    return found


def text(element: Element | None) -> str:
    return (element.text or "") if element is not None else ""


def integer(value: str) -> int:
    try:
        return int(value.strip() or 0)
    except ValueError:
        return 0


def read_item(element: Element, line: int | None) -> Item:
    wp = children(element, "wp")
    plain = {local(child.tag)[1]: child for child in element if not child.tag.startswith("{")}
    content = children(element, "content").get("encoded")
    excerpt = children(element, "excerpt").get("encoded")
    terms = []
    for child in element:
        if child.tag == "category" and child.get("domain") in ("category", "post_tag"):
            terms.append(
                Term(child.get("domain"), child.get("nicename") or "", unescape(text(child)))
            )
    meta: dict[str, str] = {}
    comments = 0
    for child in element:
        ns, name = local(child.tag)
        if ns != "wp":
            continue
        if name == "postmeta":
            fields = children(child, "wp")
            key = text(fields.get("meta_key"))
            if key in WANTED_META or (
                key.startswith("_oembed_") and not key.startswith("_oembed_time_")
            ):
                meta[key] = text(fields.get("meta_value"))
        elif name == "comment":
            comments += 1  # counted only: nothing of a comment is kept
    return Item(
        id=integer(text(wp.get("post_id"))),
        type=text(wp.get("post_type")).strip(),
        status=text(wp.get("status")).strip(),
        title=text(plain.get("title")),
        link=text(plain.get("link")).strip(),
        name=text(wp.get("post_name")).strip(),
        date=text(wp.get("post_date")).strip(),
        modified=text(wp.get("post_modified")).strip(),
        content=text(content),
        excerpt=text(excerpt),
        parent=integer(text(wp.get("post_parent"))),
        has_password=bool(text(wp.get("post_password")).strip()),
        terms=terms,
        comments=comments,
        attachment_url=text(wp.get("attachment_url")).strip(),
        meta=meta,
        line=line,
    )


def item_lines(raw: bytes) -> list[int]:
    """The line of each <item> start, in file order, for messages."""
    return [raw.count(b"\n", 0, match.start()) + 1 for match in ITEM_START.finditer(raw)]


def post_at(raw: bytes, offset: int) -> str:
    """The title of the post whose <item> holds the byte at offset ("" if none)."""
    start = raw.rfind(b"<item>", 0, offset)
    if start < 0:
        return ""
    match = TITLE.search(raw, start, offset)
    if not match:
        return ""
    return unescape(match[1].decode("utf-8", errors="replace")).strip()


def check_encoding(raw: bytes, path: Path) -> None:
    declared = ENCODING_DECL.match(raw)
    encoding = declared[1].decode("ascii").lower() if declared else "utf-8"
    if encoding not in ("utf-8", "utf8"):
        return  # expat decodes the encodings it knows; WordPress always writes UTF-8
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        title = post_at(raw, err.start)
        where = f" (kirjoituksessa ”{title}”)" if title else ""
        raise ExportError(
            f"{path}, rivi {line}{where}: tiedostossa on merkkejä, jotka eivät ole UTF-8-muotoa "
            "(esimerkiksi ääkkönen on tallentunut väärin). Mitään ei tuotu. Korjaa tämän "
            f"rivin merkit tekstieditorissa ja tallenna tiedosto UTF-8-muodossa, tai {REEXPORT}"
        ) from None


def parse(raw: bytes, path: Path) -> Element:
    check_encoding(raw, path)
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
        lines = raw.count(b"\n") + 1
        if line >= lines - 1 and _ends_early(err):
            raise ExportError(
                f"{path}: tiedosto loppuu kesken (rivillä {line}), joten vienti on katkennut. "
                f"Mitään ei tuotu. {REEXPORT}"
            ) from None
        title = post_at(raw, _offset(raw, line))
        where = f" (kirjoituksessa ”{title}”)" if title else ""
        raise ExportError(
            f"{path}, rivi {line}, sarake {column + 1}{where}: tiedosto ei ole ehjää XML:ää "
            f"({_reason(err)}). Mitään ei tuotu. Jos muokkasit tiedostoa, tarkista tämä kohta; "
            f"muuten {REEXPORT[0].lower()}{REEXPORT[1:]}"
        ) from None


def _ends_early(err: ParseError) -> bool:
    return any(word in str(err) for word in ("no element found", "unclosed token"))


def _offset(raw: bytes, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = raw.find(b"\n", offset) + 1
        if offset <= 0:
            return len(raw)
    return offset


def _reason(err: ParseError) -> str:
    reasons = {
        "not well-formed (invalid token)": "virheellinen merkki",
        "mismatched tag": "aloitus- ja lopetustagi eivät täsmää",
        "junk after document element": "tiedoston lopussa on ylimääräistä tekstiä",
        "undefined entity": "tuntematon &-merkintä",
        "syntax error": "tiedosto ei ala XML:nä",
    }
    message = str(err).split(":")[0]
    return reasons.get(message, message)


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
    wp = children(channel, "wp") if channel is not None else {}
    if channel is None or "wxr_version" not in wp:
        raise ExportError(
            f"{path}: tiedosto ei ole WordPressin vientitiedosto (WXR): siitä puuttuu "
            "WordPressin tunniste (wp:wxr_version). Vie blogi WordPressin hallinnasta: "
            "Työkalut → Vie → Kaikki sisältö, ja anna saatu .xml-tiedosto."
        )
    categories: dict[str, Term] = {}
    for element in channel:
        ns, name = local(element.tag)
        if ns == "wp" and name == "category":
            fields = children(element, "wp")
            slug = text(fields.get("category_nicename")).strip()
            categories[slug] = Term(
                "category",
                slug,
                unescape(text(fields.get("cat_name"))),
                text(fields.get("category_parent")).strip(),
            )
    lines = item_lines(raw)
    elements = channel.findall("item")
    items = [
        read_item(element, lines[i] if len(lines) == len(elements) else None)
        for i, element in enumerate(elements)
    ]
    plain = {child.tag: child for child in channel if not child.tag.startswith("{")}
    return Export(
        path=path,
        title=unescape(text(plain.get("title"))),
        link=text(plain.get("link")).strip(),
        base_site_url=text(wp.get("base_site_url")).strip(),
        base_blog_url=text(wp.get("base_blog_url")).strip(),
        version=text(wp.get("wxr_version")).strip(),
        items=items,
        categories=categories,
    )
