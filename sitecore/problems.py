"""Problems the practitioner can fix, and reading her files in a way that can name them."""

import errno
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing the practitioner has to fix: the file, the line, and what to write."""

    path: Path
    line: int | None
    message: str

    @property
    def where(self) -> str:
        """The file as she would type it, and the line: "content/a.md, rivi 3"."""
        path = shown_path(self.path)
        return f"{path}, rivi {self.line}" if self.line else str(path)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Finding:
    """One failure: what is wrong, in which file and line, and what to change."""

    file: str  # the content file, or the output file when there is none
    message: str
    line: int | None = None

    @property
    def where(self) -> str:
        """The file and the line, as she reads them: "content/a.md, rivi 3"."""
        return f"{self.file}, rivi {self.line}" if self.line else self.file

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Said:
    """One message a build logged, as data for whoever shows it (the preview's error page):
    its level (ERROR, WARNING), where (file and line, "" when it names none) and its text."""

    level: str
    where: str
    text: str

    @classmethod
    def of(cls, record, text: str | None = None) -> "Said":
        """A logging record as a Said: a Problem logged as its only argument keeps its
        parts; any other message is its text (text: as the build words it)."""
        args = record.args if isinstance(record.args, tuple) else ()
        if len(args) == 1 and isinstance(args[0], Problem):
            return cls(record.levelname, args[0].where, args[0].message)
        return cls(record.levelname, "", record.getMessage() if text is None else text)


class BuildStopped(Exception):
    """Raised by a plugin to stop a build after it has logged, in Finnish, why.

    The problems are logged one by one (each is counted); an optional message is a note
    printed after them that is not itself a problem, so the count stays right."""


NOT_UTF8 = (
    "tiedosto ei ole UTF-8-muodossa (merkkiä ei voi lukea). Tallenna tiedosto "
    "tekstieditorissa muodossa UTF-8 ja tarkista tämän rivin ääkköset."
)


class NotUtf8(ValueError):
    """A file that is not UTF-8; line is where the first undecodable byte is, problem what
    she is told of it (every reader of her files says it in these words)."""

    def __init__(self, path: Path, line: int) -> None:
        super().__init__(f"{path}, rivi {line}: not UTF-8")
        self.line = line
        self.problem = Problem(path, line, NOT_UTF8)


def shown_path(path: Path) -> Path:
    """The path as she would type it: relative to the project folder when inside it. Its
    last part is not resolved, so a symbolic link is shown as itself, not as its target."""
    try:
        return (path.parent.resolve() / path.name).relative_to(Path.cwd())
    except ValueError:
        return path


def line_of(text: str, *needles: str, nth: int = 0) -> int | None:
    """The line of text where the first of needles that is in it stands: its nth occurrence
    (a thing given twice is written twice), else its last; None when none is there."""
    for needle in filter(None, needles):
        found = [match.start() for match in re.finditer(f"(?={re.escape(needle)})", text)]
        if found:
            return text.count("\n", 0, found[min(nth, len(found) - 1)]) + 1
    return None


def read_utf8(path: Path) -> str:
    """The text of a UTF-8 file without a byte order mark; NotUtf8 names the bad line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise NotUtf8(path, raw[: err.start].count(b"\n") + 1) from None


NOT_WRITABLE = {
    errno.EROFS: "levy on vain luku -tilassa. Siirrä kansio levylle, jolle voi kirjoittaa",
    errno.EACCES: "sinulla ei ole siihen kirjoitusoikeutta. Korjaa kansion oikeudet",
    errno.ENOSPC: "levy on täynnä. Vapauta levytilaa",
    errno.EDQUOT: "levytilasi kiintiö on täynnä. Vapauta levytilaa",
    errno.ENOTDIR: "sen paikalla tai polulla on tiedosto eikä kansio. Siirrä tiedosto pois",
    errno.ENOENT: "sitä ei ole, eikä sitä voi tehdä",
    errno.EBUSY: "siihen on liitetty toinen levy, eikä sitä voi vaihtaa toiseen kansioon",
}
NOT_WRITABLE[errno.EPERM] = NOT_WRITABLE[errno.EACCES]
NOT_WRITABLE[errno.EEXIST] = NOT_WRITABLE[errno.ENOTDIR]


def not_writable(folder: Path, err: OSError) -> str:
    """Why folder cannot be written to, and what to do, in Finnish (the system's own words
    only for a reason without a translation here)."""
    why = NOT_WRITABLE.get(err.errno, f"järjestelmä ilmoitti: {err.strerror}")
    return f"Kansioon {shown_path(folder)} ei voi kirjoittaa: {why}."


def control_character(code: int) -> str:
    """What to say of a NUL or another control character pasted in with some text: the
    feeds (XML) and YAML refuse them, and no reader sees them."""
    return (
        f"rivillä on näkymätön ohjausmerkki (koodi {code}), jota verkkosivu ja syöte eivät "
        "salli. Poista se: kirjoita rivin teksti uudelleen tai liitä se muotoilemattomana "
        "tekstinä."
    )


def other_case(wanted: str, names: Iterable[str]) -> str | None:
    """The name that differs from wanted only in letter case (a picture saved as jarvi.jpg
    and written Jarvi.jpg: a web server tells them apart)."""
    return next((n for n in names if n.lower() == wanted.lower() and n != wanted), None)
