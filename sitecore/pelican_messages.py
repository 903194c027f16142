"""Pelican's own warnings that her content can cause: in Finnish, or said better elsewhere.

Pelican logs them in English (readers.py, contents.py, urlwrappers.py, utils.py). The build's
handlers (sitecore.build) pass every record through `InFinnish` first, which looks up the
untranslated template (record.msg), never the formatted text. A message that a check says
with the file, line and what to write, or about a link Pelican mends itself, is dropped.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from sitecore.problems import shown_path

# Dropped: said better elsewhere, or about what Pelican mends itself.
DROPPED = {
    # The quick checks after every build, and invoke check, say these with the line.
    "Empty alt attribute for image %s in %s",
    "Other images have empty alt attributes",
    "Unable to find '%s', skipping url replacement.",
    "Other resources were not found and their urls not replaced",
    "Replacement Indicator %r not recognized in %r, skipping replacement",
    # Links Pelican mends itself: {filename} to a picture, a picture {attach}ed twice.
    "{filename} used for linking to static content %s in %s. Use {static} instead",
    "The {attach} link in %s cannot relocate %s because %s. Falling back to {filename} link "
    "behavior instead.",
    "More {attach} warnings silenced.",
    # content_guard stops the build first, naming the line: two texts at one address
    # (collisions.py), a tag or category with no letters (addresses.py).
    'There are %s items "%s" with lang %s',
    "There are %s original (not translated) items %s",
    'Unable to generate valid slug for %s "%s".',
    "Other invalid slugs.",
}


READ_FAILED = "Could not process %s"  # all Pelican says when reading a file fails


def unreadable(path: Path, error: BaseException | None) -> str:
    """Why a content file could not be read, in Finnish. Pelican logs READ_FAILED inside
    its except block, without the exception (only with DEBUG), so the exception being
    handled is the reason."""
    if isinstance(error, RecursionError):
        why = (
            "tekstissä on luettelo luettelon (tai lainaus lainauksen) sisällä niin monta tasoa, "
            "ettei sitä voi lukea. Kirjoita luettelot enintään muutaman tason syvyisiksi: "
            "vähemmän sisennyksiä tai rivin alun viivoja ja >-merkkejä."
        )
    else:
        why = (
            f"tiedostoa ei voitu lukea ({type(error).__name__}: {error}). Jos viesti ei kerro, "
            "mitä korjata, kysy apua ja näytä tämä rivi."
        )
    return f"{shown_path(path)}: {why}"


class InFinnish(logging.Filter):
    """Puts Pelican's message in Finnish into the record, or drops it (see DROPPED)."""

    def __init__(self) -> None:
        super().__init__()
        self.content = Path("content")  # the build sets PATH once it has read the settings

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == READ_FAILED and record.args:
            path = self.content / str(record.args[0])
            record.msg, record.args = unreadable(path, sys.exc_info()[1]), ()
            return True
        # A list of files is added to a few templates: "…: \n%s\n%s" (utils.py).
        return not isinstance(record.msg, str) or record.msg.split(": \n%s")[0] not in DROPPED
