"""Only a website's own kinds of file are published from content/, and only from there.

Pelican copies every file under STATIC_PATHS, and any file a post links with {static} or
{attach}, wherever it is. A .htaccess copied along would change the server's rules for its
folder (the pictures' own security policy with them), a .php or .cgi would run on the
server, a .js or .html would run as the site itself, and a file from outside content/ is
nobody's to publish. So a file is copied only when it is inside content/, lands inside the
output, is not hidden and is one of the kinds below; anything else is left out with a
warning naming it (an error in a strict build, so publish never goes ahead without her
knowing). An SVG must carry no script and reach nowhere else (sitecore.svg), or it is
refused.
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path, PurePosixPath

from sitecore.problems import Problem
from sitecore.svg import svg_problems

log = logging.getLogger(__name__)

PUBLISHED = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg", ".ico", ".pdf"}
UNSHOWABLE = {".heic", ".heif", ".tif", ".tiff", ".bmp"}  # pictures, but no browser shows them
KINDS = (
    "Sivustolle julkaistaan kansiosta content/ vain kuvia (JPEG, PNG, WebP, AVIF, GIF, SVG, "
    "ICO) ja PDF-tiedostoja. Poista tiedosto kansiosta tai siirrä se muualle."
)


def static_problem(source: Path, save_as: str, content: Path) -> tuple[int, Problem] | None:
    """Why the file at source may not be published at save_as (with the log level)."""
    target = posixpath.normpath(save_as)
    inside = Path(os.path.normpath(source)).is_relative_to(content)  # links: links.py
    if not inside or f"{target}/".startswith(("../", "/")):
        return logging.ERROR, Problem(
            source,
            None,
            "tiedosto on sivuston kansion content/ ulkopuolella, eikä sieltä julkaista mitään. "
            "Jos kirjoitus viittaa siihen {static}- tai {attach}-osoitteella, kopioi tiedosto "
            "kansioon content/images/ ja korjaa osoite.",
        )
    suffix = PurePosixPath(target).suffix.lower()
    if any(part.startswith(".") for part in PurePosixPath(target).parts):
        said = f"piilotiedostoa (nimi alkaa pisteellä) ei julkaista. {KINDS}"
    elif suffix in UNSHOWABLE:
        said = (
            f"selaimet eivät näytä {suffix[1:].upper()}-kuvia. Tallenna kuva JPEG-muodossa "
            "(puhelimessa jaa kuva ja valitse JPEG tai ”yhteensopivin”) ja vaihda nimi tekstiin."
        )
    elif suffix not in PUBLISHED:
        kind = f"{suffix}-tiedostoja" if suffix else "tiedostoja ilman päätettä"
        said = f"{kind} ei julkaista. {KINDS}"
    elif suffix == ".svg" and (found := svg_problems(source)):
        return logging.ERROR, found[0]
    else:
        return None
    return logging.WARNING, Problem(source, None, said)


def leave_out(generator) -> None:
    """Take out of the static files everything static_problem refuses, saying why."""
    content = Path(generator.path)
    kept = []
    for static in generator.staticfiles:
        found = static.save_as and static_problem(Path(static.source_path), static.save_as, content)
        if found:
            log.log(found[0], "%s", found[1])
        else:
            kept.append(static)
    generator.staticfiles[:] = kept
