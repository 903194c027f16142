"""Every metadata key of every post and page is one Pelican knows.

A misspelt key (Tagit:, Kategoria:, Summmary:) is silently ignored by Pelican: the post
goes out without its topics or description. The build warns; the preview lists it after
each build; here it fails, so nothing goes out with it.
"""

from __future__ import annotations

import difflib
import sys

from sitecore.metadata import parse_header
from sitecore.plural import plural

from .base import Check, CheckSite, Outcome
from .site import Finding, Site


def known_keys(site: Site) -> set[str]:
    """content_guard's list of the keys the site uses (plugins/ is not a package)."""
    plugins = str(site.content_dir.parent / "plugins")
    sys.path.insert(0, plugins)
    try:
        from content_guard.content_guard import KNOWN_KEYS
    finally:
        sys.path.remove(plugins)
    return set(KNOWN_KEYS)


def unknown_fields(site: Site) -> list[Finding]:
    known = known_keys(site)
    findings = []
    for page in site.sources:
        path = site.content_dir.parent / page.source
        try:
            text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            continue
        for key, (line, _value) in parse_header(text).fields.items():
            if key not in known:
                guess = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f" Tarkoititko {guess[0].capitalize()}?" if guess else ""
                findings.append(
                    Finding(f"{page.source}, rivi {line}", f"tuntematon kenttä ”{key}”.{hint}")
                )
    return findings


def run(site: CheckSite) -> Outcome:
    findings = unknown_fields(site.site)
    return Outcome(plural(len(site.site.sources), "tiedosto", "tiedostoa"), findings)


CHECK = Check("fields", "Kirjoitusten ja sivujen kentät", run)
