"""Remember which content file each output page comes from.

`invoke check` looks at the built site the way a visitor does, then must tell the
practitioner which Markdown file to change. This plugin writes, outside the output (it is
no business of the web server), a small JSON file that maps every post and page, in every
status, to the file it was written from:

    cache/lahteet.json   {"pages": [{"source": "content/blogi/x.md", "save_as": ...}]}

Drafts and hidden pages also carry their plain text, so that the check can prove none of
it leaked into the published site. The file depends on the content only, not on the output
folder. The plugin also records every file Pelican writes into the output and what from
(sitecore/outputs.py: its writer, its copies of static and theme files); the build saves
that record, with what other plugins record, in cache/tuotokset/ when it ends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.generators import StaticGenerator

from sitecore import outputs
from sitecore.html_text import text_of

SOURCE_MAP = Path("cache") / "lahteet.json"  # relative to the project (PATH's parent)


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
        "title": text_of(content.title, " "),
    }
    if item["status"] != "published":
        item["text"] = text_of(content.content, " ")
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


@dataclass
class SourceMap:
    """A build's project folder, and its pages from the end of reading until the end of
    writing."""

    root: Path
    pages: list[dict] = field(default_factory=list)

    def path(self, path: str | Path) -> str:
        """A source path as the practitioner sees it: relative to the project folder."""
        path = Path(path)
        inside = path.is_relative_to(self.root)
        return path.relative_to(self.root).as_posix() if inside else str(path)


# Per build, by output folder: made at initialized, dropped at finalized.
BUILDS: dict[str, SourceMap] = {}


def start(pelican) -> None:
    BUILDS[pelican.output_path] = SourceMap(Path(pelican.settings["PATH"]).resolve().parent)


def remember(generators) -> None:
    build = BUILDS.get(generators[0].output_path) if generators else None
    if build is None:
        return
    build.pages = collect(generators)
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            for static in generator.staticfiles:
                if static.save_as:
                    source = build.path(static.source_path)
                    outputs.record(generator.output_path, static.save_as, source, copy=True)


def page_written(path: str, context: dict) -> None:
    build = BUILDS.get(context.get("OUTPUT_PATH"))
    if build is None:  # a write outside a build (a test of the writer) is not ours
        return
    content = context.get("article") or context.get("page")
    if content is not None and getattr(content, "save_as", None) and path.endswith(content.save_as):
        source = build.path(content.source_path)
    else:
        source = "theme/templates"
    outputs.record(context["OUTPUT_PATH"], path, source)


def feed_written(path: str, context: dict, feed) -> None:
    if context.get("OUTPUT_PATH") in BUILDS:
        outputs.record(context["OUTPUT_PATH"], path, "theme/templates")


def theme_files(settings: dict, build: SourceMap) -> dict[str, str]:
    """The theme's static files as Pelican copies them: output path -> theme file."""
    theme = Path(settings["THEME"])
    found = {}
    for name in settings.get("THEME_STATIC_PATHS", []):
        source = theme / name
        files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        for file in files:
            rel = file.relative_to(source) if source.is_dir() else Path(file.name)
            found[(Path(settings["THEME_STATIC_DIR"]) / rel).as_posix()] = build.path(file)
    return found


def write_source_map(pelican) -> None:
    output = pelican.output_path
    build = BUILDS.pop(output, None)
    if build is None:
        return
    for rel, source in theme_files(pelican.settings, build).items():
        outputs.record(output, rel, source, copy=True)
    data = json.dumps({"pages": build.pages}, ensure_ascii=False, indent=1)
    # Written atomically: two builds of the same project may run at the same time.
    outputs.write(build.root / SOURCE_MAP, data + "\n")


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(remember)
    signals.content_written.connect(page_written)
    signals.feed_written.connect(feed_written)
    signals.finalized.connect(write_source_map)
