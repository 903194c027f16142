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

import json
from pathlib import Path

from pelican import signals

from sitecore import outputs
from sitecore.html_text import text_of
from sitecore.metadata import contents_of

SOURCE_MAP = Path("cache") / "lahteet.json"  # relative to the project (PATH's parent)


def entry(content, kind: str) -> dict:
    item = {
        "source": outputs.source(content.source_path, content.settings),
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


# A build's generators, by output folder: made at initialized, given when all is read, and
# mapped, written and dropped at finalized (after the pages: the live preview's early page
# does not wait for the map).
BUILDS: dict[str, list] = {}


def start(pelican) -> None:
    BUILDS[pelican.output_path] = []


def remember(generators) -> None:
    BUILDS[generators[0].output_path] = generators


def static_files(output: str, context: dict) -> None:
    for static in context["staticfiles"]:  # the StaticGenerator's, shared in the context
        if static.save_as:
            source = outputs.source(static.source_path, context)
            outputs.record(output, static.save_as, source, copy=True)


def page_written(path: str, context: dict, feed=None) -> None:
    """A page Pelican wrote (content_written), or a feed (feed_written, with the feed)."""
    output = context.get("OUTPUT_PATH")
    if output not in BUILDS:  # a write outside a build (a test of the writer) is not ours
        return
    content = context.get("article") or context.get("page")
    written = getattr(content, "save_as", None) and path.endswith(content.save_as)
    source = outputs.source(content.source_path, context) if written else "theme/templates"
    outputs.record(output, path, source)


def record_theme_files(output: str, settings: dict) -> None:
    """The theme's static files, as Pelican copies them: a folder's files into
    THEME_STATIC_DIR, a file by its name."""
    for name in settings["THEME_STATIC_PATHS"]:
        source = Path(settings["THEME"], name)
        root = source if source.is_dir() else source.parent
        files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        for file in files:
            copy = Path(settings["THEME_STATIC_DIR"], file.relative_to(root)).as_posix()
            outputs.record(output, copy, outputs.source(file, settings), copy=True)


def write_source_map(pelican) -> None:
    generators = BUILDS.pop(pelican.output_path)  # start() ran: Pelican registers, then starts
    pages = sorted(
        (entry(content, kind) for kind, content in contents_of(generators)),
        key=lambda item: item["source"],
    )
    if generators:
        static_files(pelican.output_path, generators[0].context)
    record_theme_files(pelican.output_path, pelican.settings)
    data = json.dumps({"pages": pages}, ensure_ascii=False, indent=1)
    # Written atomically: two builds of the same project may run at the same time.
    outputs.write(Path(pelican.settings["PATH"]).resolve().parent / SOURCE_MAP, data + "\n")


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(remember)
    signals.content_written.connect(page_written)
    signals.feed_written.connect(page_written)
    signals.finalized.connect(write_source_map)
