"""sitemap.xml: every page the build wrote, with the date of what it shows.

The site's own rather than pelican-sitemap, whose date for a list page is the time its module
was imported: a build would differ from the one before. Here a page with a date (a post, a
page) gives its own (Modified: first), and every other page (the lists, the home page) the
newest date of any content, so the same content gives the same bytes. Settings:
SITEMAP_EXCLUDE, patterns of URL paths left out (the search page, 404, the drafts).
"""

import datetime as dt
import re
from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals

from sitecore import outputs

# Per build, by output folder: made at initialized, written and dropped at finalized.
BUILDS: dict[str, dict[str, dt.datetime | None]] = {}


def start(pelican) -> None:
    BUILDS[str(pelican.output_path)] = {}


def add(path: str, context: dict) -> None:
    pages = BUILDS.get(str(context.get("OUTPUT_PATH")))
    if pages is None or not path.endswith(".html"):
        return
    url = Path(path).relative_to(context["OUTPUT_PATH"]).as_posix()
    url = re.sub(r"(^|/)index\.html$", r"\1", url)
    shown = context.get("article") or context.get("page")
    if shown is None or getattr(shown, "status", "published") == "published":
        pages[url] = getattr(shown, "modified", None) or getattr(shown, "date", None)


def write(pelican) -> None:
    pages = BUILDS.pop(str(pelican.output_path))  # start() ran: Pelican registers, then starts
    skip = [re.compile(pattern) for pattern in pelican.settings["SITEMAP_EXCLUDE"]]
    newest = max((date for date in pages.values() if date), default=None)
    site = pelican.settings["SITEURL"]
    entries = []
    for url in sorted(pages):
        if not any(pattern.search(url) for pattern in skip):
            date = pages[url] or newest
            when = f"<lastmod>{date.isoformat(timespec='seconds')}</lastmod>" if date else ""
            entries.append(f"<url><loc>{escape(f'{site}/{url}')}</loc>{when}</url>\n")
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{"".join(entries)}</urlset>
"""
    outputs.write(Path(pelican.output_path, "sitemap.xml"), xml)
    outputs.record(pelican.output_path, "sitemap.xml", "plugins/sitemap")


def register() -> None:
    signals.initialized.connect(start)
    signals.content_written.connect(add)
    signals.finalized.connect(write)
