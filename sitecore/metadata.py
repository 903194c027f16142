"""The metadata block at the top of a Markdown file, read line by line.

Pelican's own reader gives values without line numbers; this one keeps them, so that
content_guard and the tools can say on which line a mistake is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from sitecore.problems import NotUtf8, read_utf8

META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*?)\s*$")
CONTINUATION = re.compile(r"^[ ]{4,}\S")


@dataclass
class Header:
    """The metadata block at the top of a Markdown file: key -> (line, value), each key's
    first value as Pelican takes it; repeated: (key, its first line, the line repeating it)."""

    fields: dict[str, tuple[int, str]]
    repeated: list[tuple[str, int, int]] = field(default_factory=list)

    def get(self, key: str, default: str = "") -> str:
        found = self.fields.get(key)
        return found[1] if found else default


def parse_header(text: str) -> Header:
    """Keys (lower case) with their line and value, up to the first blank or other line."""
    header, key = Header({}), None  # key: the field a continuation line adds to ("": none)
    for number, line in enumerate(text.splitlines(), start=1):
        match = META_LINE.match(line)
        if not line.strip() or not (match or key is not None and CONTINUATION.match(line)):
            break
        if match:
            key = match["key"].lower()
            if key in header.fields:  # only the first counts, and what continues it
                header.repeated.append((key, header.fields[key][0], number))
                key = ""
            else:
                header.fields[key] = (number, match["value"])
        elif key:
            first, value = header.fields[key]
            header.fields[key] = (first, f"{value} {line.strip()}")
    return header


def read_header(path: Path) -> Header:
    """The header of a Markdown file; empty when the file cannot be read or is not UTF-8
    (content_guard names such a file and its line before the build goes on)."""
    try:
        return parse_header(read_utf8(path))
    except (OSError, NotUtf8):
        return Header({})


def content_files(settings: dict, *kinds: str) -> Iterator[tuple[str, Path]]:
    """Each Markdown file Pelican reads as a post ("article") or page ("page"), with its
    kind: under PATH's ARTICLE_PATHS and PAGE_PATHS, sorted, IGNORE_FILES left out. kinds:
    only those (all when none is given)."""
    base = Path(settings["PATH"])
    for kind in kinds or ("article", "page"):
        for folder in settings[f"{kind.upper()}_PATHS"]:
            for path in sorted((base / folder).rglob("*.md")):
                if not any(fnmatch(path.name, pattern) for pattern in settings["IGNORE_FILES"]):
                    yield kind, path


# Pelican's lists of the posts and pages it read, in every status and language, by kind
# (each generator has only its own lists: drafts_translations is the posts', for one).
KINDS = ((ArticlesGenerator, "article"), (PagesGenerator, "page"))
LISTS = ("articles", "pages", "hidden_articles", "hidden_pages", "drafts", "draft_pages")
LISTS += ("drafts_translations", "draft_translations", "translations", "hidden_translations")


def contents_of(generators: Iterable) -> Iterator[tuple[str, object]]:
    """Every post ("article") and page ("page") Pelican read, with its kind: its drafts,
    hidden pages and translations too (a reader wants only those written: save_as)."""
    for generator in generators:
        for kind_of, kind in KINDS:
            if isinstance(generator, kind_of):
                for name in LISTS:
                    yield from ((kind, content) for content in getattr(generator, name, ()))


EXAMPLE_KEY = "example"
EXAMPLE_VALUES = {"true": True, "false": False}


def is_example(value: object) -> bool:
    """`Example: true` in a header: invented sample text, shown with a badge and never
    published (content_guard accepts only true or false)."""
    return str(value).strip().lower() == "true"


def service_pages(pages: list) -> list:
    """The service pages (Template: service) in their Order, then by title (no Order, or
    one that is no number: last), as every list of them shows them (site_pages, feedback)."""

    def order(page) -> tuple[int, str]:
        try:
            return int(getattr(page, "order", 99)), page.title
        except ValueError:
            return 99, page.title

    return sorted((page for page in pages if getattr(page, "template", "") == "service"), key=order)
