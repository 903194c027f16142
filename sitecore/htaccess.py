"""The headers the site's hosts send, as data, and hooks for adding rules to the host files
the security_headers plugin writes: .htaccess (Apache) and _headers (Netlify, Cloudflare
Pages).

The headers are one list of HeaderRule per file: security_headers writes each file from
it and leaves it in the build's record (sitecore.outputs.note), where `invoke check` reads
it to serve the site as the host will; nothing parses the written files back.

A host reads one such file; more than one plugin has something to say in it. Rather than
read or append to each other's files (which would make the result depend on their order
in PLUGINS), a plugin hands its rules over as data when security_headers writes them:

    from sitecore.htaccess import htaccess_sections, header_rules
    htaccess_sections.connect(my_section)   # my_section(pelican) -> str ("" for nothing)
    header_rules.connect(my_headers)        # my_headers(pelican) -> [HeaderRule] (_headers)

Sections are written in the order of their receivers' module names, so every build writes
the same bytes. Without security_headers nothing asks, and no host file is written.
"""

import re
from dataclasses import dataclass

from blinker import Signal, signal

htaccess_sections = signal("sitecore.htaccess_sections")
header_rules = signal("sitecore.header_rules")  # receiver(pelican) -> list[HeaderRule]

Header = tuple[str, str]


@dataclass(frozen=True)
class HeaderRule:
    """Headers a host sends for the URL paths that match: path is as its file writes it
    (/images/* in _headers, ^/images/ in an .htaccess <If>), match a regex on the path."""

    path: str
    match: str
    headers: tuple[Header, ...]


# How a host joins the rules that match a path: Apache's `Header always set` replaces (a
# later rule wins); Netlify and Cloudflare Pages send every matching header.
REPLACES = {"_headers": False, ".htaccess": True}


def sent(rules: list[HeaderRule], replaces: bool, path: str) -> list[Header]:
    """The headers sent for a URL path."""
    found = [tuple(h) for rule in rules if re.match(rule.match, path) for h in rule.headers]
    return list(dict(found).items()) if replaces else found


def netlify_rule(path: str, headers: dict[str, str]) -> HeaderRule:
    """A _headers rule: its path with `*` for any text."""
    match = "^" + ".*".join(re.escape(part) for part in path.split("*")) + "$"
    return HeaderRule(path, match, tuple(headers.items()))


def answers(pelican, hook: Signal) -> list:
    """What the connected plugins give for this build, in a stable order (by module)."""
    ordered = sorted(hook.send(pelican), key=lambda answer: getattr(answer[0], "__module__", ""))
    return [answer for _receiver, answer in ordered if answer]


def extra_sections(pelican, hook: Signal) -> list[str]:
    """The text sections the connected plugins give for this build, in a stable order."""
    return [text.strip("\n") for text in answers(pelican, hook) if text.strip()]
