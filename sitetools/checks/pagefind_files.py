"""Reading the site's Pagefind search index (written by plugins/search_index).

Pagefind stores each indexed page's text, title and other metadata in a fragment file,
gzip-compressed JSON after the signature "pagefind_dcd". The leak check reads these,
so that text which must not be published is caught in the index too.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
BUNDLE = "pagefind"


@dataclass(frozen=True)
class Fragment:
    rel: str  # the fragment file, relative to the site folder
    url: str  # the page a search result links to
    title: str
    text: str  # everything a visitor could see of it: title, metadata and content


def fragments(site: Path) -> list[Fragment]:
    found = []
    for file in sorted((site / BUNDLE / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(file.read_bytes()).removeprefix(SIGNATURE))
        meta = data.get("meta") or {}
        rel, title = file.relative_to(site).as_posix(), str(meta.get("title", ""))
        text = "\n".join([*(str(v) for v in meta.values()), data.get("content", "")])
        found.append(Fragment(rel, data.get("url", ""), title, text))
    return found
