"""Site search: a Pagefind index of the published posts and pages, built with the site.

With SEARCH_INDEX = True (pelicanconf.py) every build ends by indexing, into
output/pagefind/, the pages a visitor may search: the published posts and pages (services,
benefits, about… and the home page's own text) — never a draft, a scheduled post, a
hidden page (404), example material (`Example: true`) or a list page (tag, category,
year, archive, blog pages), which only repeat the posts. Inside a page only the element
marked data-pagefind-body is read, minus what is marked data-pagefind-ignore (breadcrumbs,
reading time, calls to action): the templates say which.

Soft hyphens, which the templates add to long words (Voikko), are taken out of the HTML
handed to Pagefind, so "ryhmätyönohjaus" is one word in the index and in the excerpts.
The output files themselves are not touched.

Pages are indexed one by one in URL order through `pagefind --service`
(pagefind_service.py), so the same content gives a byte-identical index. Only the files
the search page uses are kept from Pagefind's bundle (no ready-made UI).

Settings: SEARCH_INDEX (default False: no index, no search page, no search form),
HAKU_URL / HAKU_SAVE_AS (the search page, a direct template; DIRECT_TEMPLATES must name
"haku").
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from sitecore import outputs
from sitecore.metadata import is_example as marked_example

from .pagefind_service import PagefindError, PagefindService, executable

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
# What the search page loads from Pagefind's bundle: its JavaScript API, the WebAssembly,
# the index and the fragments. The rest (ready-made UIs, other languages) is never
# requested, so it is not published.
KEEP = re.compile(
    r"^(pagefind\.js|pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta"
    r"|index/[\w-]+\.pf_index|fragment/[\w-]+\.pf_fragment|filter/[\w-]+\.pf_filter)$"
)
ENTRY = "pagefind-entry.json"
SOFT_HYPHEN = re.compile(r"\u00ad|&shy;|&#173;|&#x0*ad;", re.I)
BODY_MARK = "data-pagefind-body"


@dataclass(frozen=True)
class SearchPage:
    url: str  # site-relative, as Pelican gives it ("" for the home page)
    save_as: str  # the output file


def is_example(content) -> bool:
    return marked_example(content.metadata.get("example", ""))


def searchable(generators) -> list[SearchPage]:
    """The published posts and pages a visitor may find, sorted by address."""
    found: set[SearchPage] = set()
    for gen in generators:
        if isinstance(gen, ArticlesGenerator):
            items = gen.articles  # published only: drafts and scheduled posts are elsewhere
        elif isinstance(gen, PagesGenerator):
            items = gen.pages  # published only: hidden pages (404) and drafts are elsewhere
        else:
            continue
        for content in items:
            if content.save_as and not is_example(content):
                found.add(SearchPage(content.url, content.save_as))
    return sorted(found, key=lambda page: (page.url, page.save_as))


def without_soft_hyphens(html: str) -> str:
    return SOFT_HYPHEN.sub("", html)


def bundle_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """What the search page loads: the index's files and the WebAssembly of the index's
    language (named in pagefind-entry.json)."""
    entry = json.loads(files[ENTRY])
    wasm = {f"wasm.{lang['wasm']}.pagefind" for lang in entry.get("languages", {}).values()}
    return {path: data for path, data in files.items() if KEEP.match(path) or path in wasm}


def build_index(output: Path, pages: list[SearchPage], siteurl: str, language: str) -> None:
    """Index pages of the built site in output into output/pagefind/, in address order
    whatever the order given (the order decides the bytes of the index)."""
    bundle = output / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    base = urlsplit(siteurl).path.rstrip("/")
    with PagefindService(executable(), {"force_language": language}) as service:
        for page in sorted(pages, key=lambda page: (page.url, page.save_as)):
            file = output / page.save_as
            html = file.read_text(encoding="utf-8")
            if BODY_MARK not in html:
                log.warning(
                    "Haku: sivulta %s puuttuu %s, joten sitä ei voi hakea. Lisää se sivun "
                    "pohjaan (theme/templates) sisällön ympärille.",
                    page.save_as,
                    BODY_MARK,
                )
                continue
            service.add_html(f"{base}/{page.url}", without_soft_hyphens(html))
        files = bundle_files(service.files())
    for rel, data in sorted(files.items()):
        target = bundle / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        outputs.record(output, target, "plugins/search_index")


@dataclass
class SearchIndexer:
    """A build's search: the searchable pages, remembered when reading ends and indexed
    when the site is written."""

    siteurl: str
    language: str
    pages: list[SearchPage] = field(default_factory=list)


# Per build, by output folder: made at initialized, dropped at finalized.
BUILDS: dict[str, SearchIndexer] = {}


def configure(pelican) -> None:
    settings = pelican.settings
    if not settings.get("SEARCH_INDEX", False):
        settings["HAKU_SAVE_AS"] = ""  # no search page without an index
        return
    language = settings.get("DEFAULT_LANG", "fi")
    BUILDS[pelican.output_path] = SearchIndexer(settings.get("SITEURL", ""), language)


def collect(generators) -> None:
    indexer = BUILDS.get(generators[0].output_path) if generators else None
    if indexer is not None:
        indexer.pages = searchable(generators)


def write(pelican) -> None:
    indexer = BUILDS.pop(pelican.output_path, None)
    if indexer is None:
        return
    try:
        build_index(Path(pelican.output_path), indexer.pages, indexer.siteurl, indexer.language)
    except (PagefindError, OSError) as err:
        log.error(
            "Hakuhakemistoa ei voitu tehdä (Pagefind: %s). Asenna ohjelmat uudelleen "
            "komennolla bin/setup, tai poista haku käytöstä kirjoittamalla "
            "pelicanconf.py-tiedostoon SEARCH_INDEX = False.",
            err,
        )


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
