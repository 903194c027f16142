"""Addresses copied from the preview (http://localhost:8000/…, 127.0.0.1, [::1], 0.0.0.0)
work only on her own computer: on the published site they lead every visitor nowhere, and
nothing else would notice (the checks take them for another site's links). A post or page
with one stops the build, with the site's own address to write instead. A comment is not
published, so an address in one (`invoke new` writes the preview's) is no problem."""

from __future__ import annotations

import re
from pathlib import Path

from sitecore.problems import Problem

LOCAL = re.compile(
    r"(?:https?:)?//(?:localhost|127(?:\.\d{1,3}){3}|\[::1?\]|0\.0\.0\.0)(?![\w.-])"
    r"(?::\d+)?(?P<path>[/?#][^\s)\"'<>\]]*)?",
    re.IGNORECASE,
)


COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # never published (plugins/writing)


def local_link_problems(path: Path, text: str) -> list[Problem]:
    problems = []
    text = COMMENT.sub(lambda comment: "\n" * comment[0].count("\n"), text)  # lines kept
    for number, line in enumerate(text.splitlines(), 1):
        for match in LOCAL.finditer(line):
            own = (match["path"] or "/").rstrip(".,;:!?")
            own = own if own.startswith("/") else f"/{own}"
            problems.append(
                Problem(
                    path,
                    number,
                    f"osoite {match[0].rstrip('.,;:!?')} on esikatselun osoite, joka toimii vain "
                    "omalla koneellasi: julkaistulla sivustolla se ei vie kävijää mihinkään. "
                    f"Kirjoita sen tilalle sivuston oma osoite {own}",
                )
            )
    return problems
