"""Pelican's own warnings that her content can cause, in Finnish, with the file and line.

Pelican logs them in English (readers.py, contents.py, urlwrappers.py, utils.py). The build's
handlers (sitecore.build) pass every record through `InFinnish` first, which looks up the
untranslated template (record.msg), never the formatted text. A message that a check says
with the file, line and what to write, or about a link Pelican mends itself, is dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sitecore.problems import shown_path


def read(file: Path) -> str:
    return file.read_text(encoding="utf-8", errors="replace")


def where(needle: str, content: Path) -> str:
    """The content file a message is about: the one needle (the message's last arg) names,
    or the first with needle written in it, and that line."""
    file, line = content / needle, None  # Pelican's paths: relative to content/, or absolute
    if not file.is_file():
        file = next((f for f in sorted(content.rglob("*.md")) if needle in read(f)), None)
        rows = enumerate(read(file).splitlines() if file else [], 1)
        line = next((number for number, row in rows if needle in row), None)
    shown = shown_path(file).as_posix() if file else "content/"
    return f"{shown}, rivi {line}" if line else shown


# Finnish: str.format over the record's args and {where}; None: the message is dropped.
MESSAGES: dict[str, str | None] = {
    # The quick checks after every build, and invoke check, say these with the line.
    "Empty alt attribute for image %s in %s": None,
    "Other images have empty alt attributes": None,
    "Unable to find '%s', skipping url replacement.": None,
    "Other resources were not found and their urls not replaced": None,
    "Replacement Indicator %r not recognized in %r, skipping replacement": None,
    # Links Pelican mends itself: {filename} to a picture, a picture {attach}ed twice.
    "{filename} used for linking to static content %s in %s. Use {static} instead": None,
    "The {attach} link in %s cannot relocate %s because %s. Falling back to {filename} link "
    "behavior instead.": None,
    "More {attach} warnings silenced.": None,
    # content_guard says these (collisions.py): two texts at one address.
    'There are %s items "%s" with lang %s': None,
    "There are %s original (not translated) items %s": None,
    'Unable to generate valid slug for %s "%s".': (
        "{where}: nimestä ”{1}” ei voi tehdä osoitetta, koska siinä ei ole kirjaimia eikä "
        "numeroita. Kirjoita nimeksi sana, esimerkiksi Tags: työnohjaus."
    ),
    "Other invalid slugs.": None,  # the first five are said
    "Could not process %s": (
        "{where}: tiedostoa ei voitu lukea, joten se jäi pois sivustolta. Tarkista sen alun "
        "kentät (Title:, Date: …) ja tallenna se UTF-8-muodossa."
    ),
}


class InFinnish(logging.Filter):
    """Puts Pelican's message in Finnish into the record, or drops it (see MESSAGES)."""

    def __init__(self) -> None:
        super().__init__()
        self.content = Path("content")  # the build sets PATH once it has read the settings

    def filter(self, record: logging.LogRecord) -> bool:
        # A list of files is added to a few templates: "…: \n%s\n%s" (utils.py).
        key = record.msg.split(": \n%s", 1)[0] if isinstance(record.msg, str) else None
        if key not in MESSAGES:
            return True
        said, args = MESSAGES[key], [str(arg) for arg in record.args or ()]
        if said is not None:
            record.msg, record.args = said.format(*args, where=where(args[-1], self.content)), ()
        return said is not None
