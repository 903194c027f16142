"""Remember which content file each output page comes from.

`invoke check` looks at the built site the way a visitor does, then must tell the
practitioner which Markdown file to change. This plugin writes, outside the output (it is
no business of the web server), a small JSON file that maps every post and page, in every
status, to the file it was written from:

    cache/lahteet.json   {"pages": [{"source": "content/blogi/x.md", "save_as": ...}]}

Drafts and hidden pages also carry their plain text, so that the check can prove none of
it leaked into the published site. The file depends on the content only, not on the
output folder, so preview and production builds write the same bytes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from html import unescape
from pathlib import Path

from pelican import signals

SOURCE_MAP = Path("cache") / "lahteet.json"  # relative to the project (PATH's parent)
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b"), None)


def plain_text(html: str) -> str:
    text = unescape(TAG.sub(" ", html or "")).translate(INVISIBLE)
    return SPACE.sub(" ", text).strip()


def entry(content, kind: str, root: Path) -> dict:
    source = Path(content.source_path)
    if source.is_relative_to(root):
        source = source.relative_to(root)
    item = {
        "source": source.as_posix(),
        "kind": kind,
        "status": getattr(content, "status", "published"),
        "save_as": content.save_as or "",
        "url": content.url or "",
        "template": getattr(content, "template", kind),
        "title": plain_text(content.title),
    }
    if item["status"] != "published":
        item["text"] = plain_text(content.content)
    return item


def collect(generators) -> list[dict]:
    items: list[dict] = []
    for generator in generators:
        settings = generator.settings
        root = Path(settings["PATH"]).resolve().parent
        for attr, kind in (
            ("articles", "article"),
            ("hidden_articles", "article"),
            ("drafts", "article"),
            ("pages", "page"),
            ("hidden_pages", "page"),
            ("draft_pages", "page"),
        ):
            items.extend(entry(content, kind, root) for content in getattr(generator, attr, []))
    return sorted(items, key=lambda item: item["source"])


def write_source_map(generators) -> None:
    if not generators:
        return
    root = Path(generators[0].settings["PATH"]).resolve().parent
    target = root / SOURCE_MAP
    target.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"pages": collect(generators)}, ensure_ascii=False, indent=1)
    # Written atomically: two builds of the same project may run at the same time.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".lahteet-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(data + "\n")
    os.replace(tmp, target)


def register() -> None:
    signals.all_generators_finalized.connect(write_source_map)
