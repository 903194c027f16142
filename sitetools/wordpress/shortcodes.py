"""WordPress shortcodes ([caption], [gallery], [embed] …) found, parsed and replaced.

The grammar is WordPress's own (get_shortcode_regex and shortcode_parse_atts in
shortcodes.php): [name attrs], [name attrs /], [name attrs]content[/name], and [[name]] for
a shortcode written out as text. WordPress only treats the names its plugins registered as
shortcodes; the export does not say which those were, so a bracketed word counts as one when
it is a known name, has attributes, has a closing tag, or is written like a plugin's name
(with - or _). "[sic]" and "[1]" stay text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

NAME = r"[A-Za-z][A-Za-z0-9_-]*"
CANDIDATE = re.compile(rf"\[({NAME})(?![\w-])([^\]]*)\]")
KNOWN = {"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"}
# name="value", name='value' or name=value (groups 1-4), else "value", 'value' or value (5-7)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))(?:\s|$)"""
    r"""|(?:"([^"]*)"|'([^']*)'|(\S+))(?:\s|$)"""
)


@dataclass
class Shortcode:
    name: str
    attrs: dict[str, str]
    content: str | None  # None for a shortcode without a closing tag


def parse_attrs(text: str) -> dict[str, str]:
    """The named attributes, as shortcode_parse_atts reads them (the positional ones, which
    no handler reads, are passed over)."""
    text = re.sub(r"[\u00a0\u200b]", " ", text)
    named = [match for match in ATTRIBUTE.finditer(text) if match[1]]
    return {match[1].lower(): match[2] or match[3] or match[4] or "" for match in named}


def names_in(text: str) -> set[str]:
    """The bracketed names in text that are shortcodes (see the module's docstring)."""
    return {
        name
        for name, rest in CANDIDATE.findall(text)
        if name.lower() in KNOWN or f"[/{name}]" in text or "=" in rest or re.search("[-_]", name)
    }


def replace(text: str, handle: Callable[[Shortcode], str]) -> str:
    """text with every shortcode replaced by handle(shortcode)'s answer; [[x]] → [x]."""
    names = names_in(text)
    if not names:
        return text
    tags = "|".join(re.escape(name) for name in sorted(names, key=lambda n: (-len(n), n)))
    pattern = re.compile(  # WordPress's get_shortcode_regex for these names
        r"\[(\[?)"
        rf"({tags})"
        r"(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)"
        r"(\]?)",
        re.S,
    )

    def one(match: re.Match) -> str:
        if match[1] == "[" and match[6] == "]":
            return match.group()[1:-1]  # written out as text on purpose
        code = Shortcode(match[2], parse_attrs(match[3] or ""), match[5])
        return match[1] + handle(code) + match[6]

    return pattern.sub(one, text)
