"""The block editor's content: <!-- wp:name {"attrs"} --> … <!-- /wp:name --> comments.

A block's saved HTML between its comments is already what visitors saw, so most blocks
are kept as that HTML; a few need their comment's attributes (an embed's address), and
dynamic blocks (latest posts, search, archives …) saved nothing at all: WordPress drew them
from its database when the page was shown. Those are left out and listed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)"
    r"\s+(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.S,
)
# Blocks that leave nothing behind on purpose: no need to tell the practitioner.
SILENT = {"more", "nextpage", "spacer", "separator", "paragraph", "freeform"}


@dataclass
class Block:
    name: str  # "paragraph", "embed", "core-embed/youtube", "jetpack/contact-form" …
    attrs: dict
    inner: str  # the saved HTML, inner blocks already rendered in place


Handler = Callable[[Block], str | None]


def attributes(match: re.Match) -> dict:
    """The block's attributes: a JSON object, as the pattern only takes one in braces."""
    try:
        return json.loads(match["attrs"] or "{}")
    except ValueError:
        return {}


def render(content: str, handle: Handler, left_out: set[str]) -> str:
    """content with every block replaced by handle(block), or by its saved HTML when
    handle answers None; the dynamic blocks that saved nothing are added to left_out.
    Unclosed blocks are closed at the end, as WordPress does."""
    stack: list[tuple[str, dict, list[str]]] = [("", {}, [])]
    position = 0
    for match in DELIMITER.finditer(content):
        stack[-1][2].append(content[position : match.start()])
        position = match.end()
        if not match["closer"]:
            namespace = "" if match["namespace"] in (None, "core/") else match["namespace"]
            stack.append((namespace + match["name"], attributes(match), []))
        if (match["closer"] or match["void"]) and len(stack) > 1:
            _close(stack, handle, left_out)  # a void block closes where it opens
    stack[-1][2].append(content[position:])
    while len(stack) > 1:
        _close(stack, handle, left_out)
    return "".join(stack[0][2])


def _close(stack, handle: Handler, left_out: set[str]) -> None:
    name, attrs, parts = stack.pop()
    block = Block(name, attrs, "".join(parts))
    html = handle(block)  # None: the saved HTML as it is
    if not (html or "").strip() and not block.inner.strip() and name not in SILENT:
        left_out.add(name)
    stack[-1][2].append(block.inner if html is None else html)
