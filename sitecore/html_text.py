"""Apply a text transform to the text of an HTML fragment and to nothing else.

Typography and hyphenation must never touch tags, attribute values, comments, code or
the contents of <script> and <style>; this walker hands only the visible text between
tags to the transform and copies everything else through byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable

TAG = re.compile(
    r"<!--.*?-->"  # comment
    r"|<![^>]*>"  # doctype, CDATA
    r"|<\?.*?\?>"  # processing instruction
    r"|<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S,
)
# Elements whose text is code, data or drawing: copied as written.
SKIP = frozenset({"code", "kbd", "math", "pre", "samp", "svg", "tt"})
# Elements whose contents are raw text, where "<" does not start a tag.
RAW = frozenset({"script", "style", "textarea", "title"})
# URLs and e-mail addresses written as text stay exactly as written.
URL_OR_EMAIL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)[^\s<>\"”’]*[^\s<>\"”’.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.I,
)


def map_text(
    html: str,
    transform: Callable[[str], str],
    *,
    inside: frozenset[str] = frozenset(),
    transform_inside: Callable[[str], str] | None = None,
) -> str:
    """Return html with transform applied to each run of text outside tags and skipped
    elements; text within any of the elements named in inside gets transform_inside."""
    out: list[str] = []
    pos = 0
    skipped = 0  # how many SKIP elements we are inside
    within = 0  # how many of the inside elements we are in

    def apply(text: str) -> str:
        if skipped:
            return text
        if within and transform_inside is not None:
            return transform_inside(text)
        return transform(text)

    while match := TAG.search(html, pos):
        text = html[pos : match.start()]
        if text:
            out.append(apply(text))
        out.append(match.group(0))
        pos = match.end()
        name = (match.group("name") or "").lower()
        closing = bool(match.group("close"))
        if name in RAW and not closing:
            end = re.compile(rf"</{name}\s*>", re.I).search(html, pos)
            stop = end.start() if end else len(html)
            out.append(html[pos:stop])
            pos = stop
        elif name in SKIP and not match.group(0).endswith("/>"):
            skipped = max(0, skipped - 1) if closing else skipped + 1
        elif name in inside and not match.group(0).endswith("/>"):
            within = max(0, within - 1) if closing else within + 1
    text = html[pos:]
    if text:
        out.append(apply(text))
    return "".join(out)


URL_HINTS = ("://", "www.", "@", "mailto:")


def map_words(text: str, transform: Callable[[str], str]) -> str:
    """Apply transform to the parts of one text run that are not URLs or e-mail addresses."""
    lowered = text.lower()
    if not any(hint in lowered for hint in URL_HINTS):  # most runs: no regex scan needed
        return transform(text)
    out: list[str] = []
    pos = 0
    for match in URL_OR_EMAIL.finditer(text):
        out.append(transform(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(transform(text[pos:]))
    return "".join(out)
