"""Problems the practitioner can fix, and reading her files in a way that can name them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing the practitioner has to fix: the file, the line, and what to write."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        path = shown_path(self.path)
        where = f"{path}, rivi {self.line}" if self.line else str(path)
        return f"{where}: {self.message}"


class BuildStopped(Exception):
    """Raised by a plugin to stop a build after it has logged, in Finnish, why.

    The problems are logged one by one (each is counted); an optional message is a note
    printed after them that is not itself a problem, so the count stays right."""


class NotUtf8(ValueError):
    """A file that is not UTF-8; line is where the first undecodable byte is."""

    def __init__(self, path: Path, line: int) -> None:
        super().__init__(f"{path}, rivi {line}: not UTF-8")
        self.path = path
        self.line = line


def shown_path(path: Path) -> Path:
    """The path as she would type it: relative to the project folder when inside it. Its
    last part is not resolved, so a symbolic link is shown as itself, not as its target."""
    try:
        return (path.parent.resolve() / path.name).relative_to(Path.cwd())
    except ValueError:
        return path


def read_utf8(path: Path) -> str:
    """The text of a UTF-8 file without a byte order mark; NotUtf8 names the bad line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise NotUtf8(path, raw[: err.start].count(b"\n") + 1) from None


def other_case(wanted: str, names: Iterable[str]) -> str | None:
    """The name that differs from wanted only in letter case (a picture saved as jarvi.jpg
    and written Jarvi.jpg: a web server tells them apart)."""
    return next((n for n in names if n.lower() == wanted.lower() and n != wanted), None)
