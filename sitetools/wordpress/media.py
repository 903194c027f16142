"""The images of the old blog: where to find each one and where it goes in content/images/.

Sources, as the practitioner can have them:
- the media library she downloaded: a wp-content/uploads folder, or a zip of it (--media);
- without one, the images' own addresses over HTTP (her machine has the internet; nothing
  is ever fetched at build time).

WordPress shows resized copies (kuva-1024x683.jpg, kuva.jpg?w=640); the original beside
them is taken instead. Images keep WordPress's year/month folders (content/images/2013/05/),
which keeps names from colliding, with file names made ASCII the site's way.
"""

from __future__ import annotations

import re
import stat
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from sitecore.pictures import NotAPicture, identify
from sitecore.settings import Settings, make_slug

UPLOADS = "/wp-content/uploads/"
SIZE = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
SCALED = re.compile(r"-scaled(?=\.[A-Za-z0-9]+$)")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}
MB = 1024 * 1024
MAX_BYTES = 50 * MB  # one picture
MAX_TOTAL = 1024 * MB  # all the pictures read from one media zip
TIMEOUT = 30
TOO_BIG = f"{{}} on yli {MAX_BYTES // MB} Mt, enemmän kuin yksikään verkkosivun kuva tarvitsee"
MEDIA_HINT = (
    "Anna --media-valinnalle WordPressin wp-content/uploads-kansio tai siitä tehty zip-paketti."
)


class Unusable(ValueError):
    """The media library, or a file of it, that is not taken; the message names it, in
    Finnish."""


@dataclass(frozen=True)
class Wanted:
    """An image as a post names it, and where it lived among the uploads."""

    url: str
    rel: str  # "2013/05/kuva.jpg" (the original's name), or "" for another site's image
    sized: str  # the name as written ("2013/05/kuva-300x200.jpg"), "" when the same
    name: str  # the original's file name ("kuva.jpg")


def wanted(url: str, hosts: set[str]) -> Wanted:
    """Which upload an image address stands for (resized copies → the original)."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    rel = path.partition(UPLOADS)[2]
    dated = parts.netloc in hosts and re.match(r"^/\d{4}/\d{2}/", path)  # the blog's own
    if UPLOADS not in path and (parts.netloc.endswith(".files.wordpress.com") or dated):
        rel = path.lstrip("/")
    original = SIZE.sub("", rel)
    name = PurePosixPath(original or path).name
    return Wanted(url, original, rel if rel != original else "", name)


class Indexed:
    """A folder or a zip: files found by their path's end (…/2013/05/kuva.jpg), or by name
    alone when the library was kept flat."""

    by_rel: dict[str, str]  # the path without leading or trailing / → the name as stored

    def locate(self, rel: str) -> str | None:
        if rel in self.by_rel:
            return self.by_rel[rel]
        ends = [name for key, name in self.by_rel.items() if key.endswith("/" + rel)]
        if ends:
            return min(ends, key=len)
        name = PurePosixPath(rel).name
        same = [stored for stored in self.by_rel.values() if PurePosixPath(stored).name == name]
        return same[0] if len(same) == 1 else None

    def names(self, want: Wanted) -> tuple[list[str], str]:
        """The stored name of the original, else of the size the post named, else of
        WordPress's -scaled copy (the first found, only); and why there is none."""
        if not want.rel:
            return [], "kuva on toisella sivustolla, ei blogin mediakirjastossa"
        rels = dict.fromkeys([want.rel, want.sized or want.rel, SCALED.sub("", want.rel)])
        found = next((name for name in map(self.locate, rels) if name is not None), None)
        return [found] if found else [], f"kuvaa {want.rel} ei ole mediakirjastossa ({self.label})"


def checked(data: bytes, name: str, where: str) -> bytes:
    """data, if it is a picture the site can use (read from its header alone); else
    Unusable, naming where it came from and what it is."""
    if name.lower().endswith(".svg"):
        try:
            if fromstring(data).tag.rpartition("}")[2] == "svg":
                return data
        except (ParseError, DefusedXmlException, UnicodeDecodeError):
            pass  # not XML, so not an SVG either
        raise Unusable(f"{where} ei ole SVG-kuva")
    try:
        identify(data)
    except NotAPicture as error:
        raise Unusable(f"{where}: {error}") from None
    return data


class Folder(Indexed):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        files = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*")) if p.is_file()]
        self.by_rel = {name: name for name in files}

    def read(self, name: str) -> bytes:
        """The picture stored as name, or Unusable saying why not."""
        path = self.root / name
        if path.is_symlink():
            raise Unusable(f"{path} on symbolinen linkki eikä kuva")
        if path.stat().st_size > MAX_BYTES:
            raise Unusable(TOO_BIG.format(path))
        return checked(path.read_bytes(), name, str(path))


class Zip(Indexed):
    """A zip of the media library, read entry by entry in pieces: what an entry's header
    claims is only a first gate, the bytes actually unpacked are counted against the limit
    of one picture and of all of them, so a zip bomb stops at the limit."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.label = str(path)
        self.total = 0  # bytes unpacked so far
        names = [info.filename for info in self.zip.infolist() if not info.is_dir()]
        self.by_rel = {name.strip("/"): name for name in names}

    def read(self, name: str) -> bytes:
        """The picture stored as name, or Unusable saying why not."""
        info = self.zip.getinfo(name)
        where = f"zip-paketin tiedosto {name}"
        if stat.S_ISLNK(info.external_attr >> 16):
            raise Unusable(f"{where} on symbolinen linkki eikä kuva")
        self.within_limits(where, info.file_size)  # what the header claims, first
        data = bytearray()
        try:
            with self.zip.open(info) as entry:
                while chunk := entry.read(MB):
                    self.within_limits(where, len(data) + len(chunk))  # what is really there
                    data += chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise Unusable(f"{where} on vioittunut tai salattu, eikä sitä voi purkaa") from None
        self.total += len(data)
        return checked(bytes(data), name, where)

    def within_limits(self, where: str, size: int) -> None:
        if size > MAX_BYTES:
            raise Unusable(TOO_BIG.format(where))
        if self.total + size > MAX_TOTAL:
            raise Unusable(
                f"{where} jäi ottamatta: zip-paketista on jo purettu {MAX_TOTAL // MB} Mt "
                "kuvia, eikä enempää oteta yhdellä kertaa"
            )


class Http:
    """The images' own addresses, fetched once each (the original size first)."""

    def read(self, url: str) -> bytes:
        """The picture at url, or Unusable saying why not."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise Unusable(f"osoite {url} ei ole verkko-osoite")
        request = urllib.request.Request(url, headers={"User-Agent": "wordpress-import/1"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                data = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as err:
            raise Unusable(f"palvelin vastasi {err.code} osoitteelle {url}") from None
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = getattr(err, "reason", err)
            raise Unusable(f"osoitetta {url} ei saatu haettua ({reason})") from None
        if len(data) > MAX_BYTES:
            raise Unusable(TOO_BIG.format(f"kuva {url}"))
        return checked(data, urlsplit(url).path, f"osoitteesta {url} tullut tiedosto")

    def names(self, want: Wanted) -> tuple[list[str], str]:
        """The original size first (for an upload), then the address as the post wrote it
        (without its #fragment: site_path took it off)."""
        parts = urlsplit(want.url)
        original = parts._replace(path=SIZE.sub("", parts.path), query="").geturl()
        return list(dict.fromkeys([original, want.url] if want.rel else [want.url])), ""


Source = Folder | Zip | Http  # where images come from: names() to try, read() each


def find(source: Source, want: Wanted) -> tuple[bytes | None, str]:
    """The bytes of the first of the source's names for want that reads as a picture; or
    None and why not, in Finnish."""
    names, reason = source.names(want)
    for name in names:
        try:
            return source.read(name), ""
        except Unusable as error:
            reason = str(error)
    return None, reason


def open_source(path: Path | None) -> Source:
    """The --media folder or zip; without one, HTTP; Unusable when it cannot be read."""
    if path is None:
        return Http()
    if path.is_dir():
        return Folder(path)
    if path.is_file():
        try:
            return Zip(path)
        except zipfile.BadZipFile:
            raise Unusable(
                f"{path}: tiedosto ei ole zip-paketti tai se on vioittunut. {MEDIA_HINT}"
            ) from None
    raise Unusable(f"{path}: kuvakansiota tai zip-pakettia ei löydy. {MEDIA_HINT}")


@dataclass
class Images:
    """The images the import will copy, decided before anything is written."""

    source: Source | None  # None in a dry run over HTTP: nothing is downloaded
    folder: Path  # content/images
    settings: Settings
    hosts: set[str]
    planned: dict[str, bytes] = field(default_factory=dict)  # rel under folder → bytes
    present: set[str] = field(default_factory=set)  # already in content/images, same bytes
    unchecked: dict[str, str] = field(default_factory=dict)  # dry run: rel → url
    missing: list[str] = field(default_factory=list)  # for the report: post, url, reason
    by_url: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # rel, reason

    def site_path(self, url: str, post: str) -> str | None:
        """The address (/images/…) the image at url will have, or None if it is missing."""
        key = urlsplit(url)._replace(fragment="").geturl()
        if key not in self.by_url:
            self.by_url[key] = self.place(key)
        rel, reason = self.by_url[key]
        if rel is None:
            self.missing.append(f"”{post}”: {url} ({reason})")
            return None
        return f"/{self.folder.name}/{rel}"

    def place(self, url: str) -> tuple[str | None, str]:
        """Where the image at url goes under the folder, or None and why it cannot."""
        want = wanted(url, self.hosts)
        if PurePosixPath(want.name).suffix.lower() not in IMAGE_SUFFIXES:
            return None, f"{want.name} ei ole kuvatiedosto"
        if self.source is None:
            rel = self.destination(want, None)
            self.unchecked[rel] = url
            return rel, ""
        data, reason = find(self.source, want)
        return (None, reason) if data is None else (self.destination(want, data), "")

    def destination(self, want: Wanted, data: bytes | None) -> str:
        """A free name under content/images for these bytes (the same bytes: the same
        name); without the bytes (a dry run), the first name not on disk."""
        folder = PurePosixPath(want.rel).parent.as_posix() if want.rel else "."
        if not re.fullmatch(r"\d{4}/\d{2}|\.", folder):
            folder = "/".join(make_slug(p, self.settings) or "kansio" for p in folder.split("/"))
        path = PurePosixPath(want.name)
        stem = make_slug(path.stem, self.settings) or "kuva"
        suffix = path.suffix.lower().replace(".jpeg", ".jpg")
        for number in range(1, 1000):
            name = f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
            rel = (PurePosixPath(folder) / name).as_posix()
            on_disk = self.folder / rel
            if data is None:
                if rel in self.unchecked or not on_disk.exists():
                    return rel
            elif not on_disk.exists():  # planned names are never on disk: planned, or taken
                if self.planned.setdefault(rel, data) == data:
                    return rel
            elif on_disk.is_file() and on_disk.read_bytes() == data:
                self.present.add(rel)
                return rel
        raise RuntimeError(f"no free name for {want.name}")  # pragma: no cover
