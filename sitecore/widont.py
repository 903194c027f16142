"""Keep a short last word off a line of its own, but never at the cost of a broken word.

typogrify's widont joins the last two words of every heading, paragraph and list item with
a no-break space. With Finnish compounds the joined pair is often wider than a phone's line
("hyödyllinen työnohjaus?" in a 28 px heading), and the browser then cuts a word anywhere
to make it fit. This widont joins the pair only when it is short enough to fit any line
of the site (max_length characters, the space included), which is exactly when a lone
last word would look orphaned; a long last word stands on its own line well enough.
"""

from __future__ import annotations

import re

from sitecore.html_text import text_of

NBSP = "\u00a0"

_INLINE = r"(?:a|abbr|b|em|i|q|small|span|strong)"
_INLINE_TAG = rf"</?{_INLINE}\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
# The last space of a block: the word before it (inline tags allowed inside), the space,
# the last word, optional closing inline tags, then the end of the block or string. A match
# never starts inside a word (it would have started a letter earlier), so the search tries
# only word starts: a word costs its length, not its length squared.
LAST_SPACE = re.compile(
    rf"(?<![^<>\s])(?P<before>(?:[^<>\s]|{_INLINE_TAG})+)"
    r"(?P<space>[ \t\r\n]+)"
    rf"(?P<last>(?:{_INLINE_TAG})*[^<>\s]+)(?P<tail>\s*(?:</{_INLINE}>\s*)*(?:</(?:p|h[1-6]|li|dt|dd)>|\Z))",
    re.I,
)


def widont(text: str, max_length: int) -> str:
    """text (HTML or plain) with each block's last two words joined by a no-break space,
    where the two together are at most max_length characters long."""

    def join(match: re.Match) -> str:
        before = match["before"]
        # Only the word after the last inline tag belongs to the pair: "<em>x</em>yz" → "yz".
        word = re.split(_INLINE_TAG, before, flags=re.I)[-1] or before
        # what a reader sees of the pair: tags and soft hyphens not counted
        if len(text_of(word)) + 1 + len(text_of(match["last"])) > max_length:
            return match.group(0)
        return f"{before}{NBSP}{match['last']}{match['tail']}"

    return LAST_SPACE.sub(join, text)
