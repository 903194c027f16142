"""The launch guard as a line of `invoke check`: what is still sample material or a
placeholder (sitetools/launch_guard.py). `invoke publish` runs the same guard first of all
and refuses while this line has anything to fix."""

from __future__ import annotations

from sitecore.plural import plural
from sitetools.launch_guard import findings

from .base import Check, CheckSite, Outcome


def run(site: CheckSite) -> Outcome:
    found = findings(site.content_dir.parent)
    summary = f"{plural(len(found), 'kohta', 'kohtaa')} korjattavana" if found else ""
    return Outcome(summary or "omat tiedot täytetty", found)


CHECK = Check("launch", "Valmis julkaistavaksi", run)
