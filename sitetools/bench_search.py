"""`invoke bench`, the site search (plugins/search_index): how many pages and words the
index holds, the size of its files, the time indexing adds to a build (Pagefind run again on
the built site, median of the same number of runs), and the bytes a visitor's first search
transfers on a phone (the search page opened with a query in Chromium, as `invoke check`
does).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitecore.plural import decimal, kb, plural

from .bench import BenchError


@dataclass(frozen=True)
class SearchBench:
    pages: int
    words: int
    index_bytes: int
    seconds: list[float]
    query: str = ""
    first_query_bytes: int | None = None  # None: no browser to measure with
    note: str = ""

    def lines(self) -> list[str]:
        from .checks.search import SEARCH_BUDGET_BYTES

        lines = [
            "Haku (Pagefind):",
            f"  hakemisto       {plural(self.pages, 'sivu', 'sivua')}, "
            f"{plural(self.words, 'sana', 'sanaa')}; tiedostot yhteensä "
            f"{kb(self.index_bytes)}",
            f"  indeksointi     {decimal(statistics.median(self.seconds), 2):>6} s (mediaani, "
            f"{plural(len(self.seconds), 'kerta', 'kertaa')})",
        ]
        if self.first_query_bytes is None:
            lines.append(f"  ensimmäinen haku  ei mitattu: {self.note}")
        else:
            lines.append(
                f"  ensimmäinen haku  {kb(self.first_query_bytes)} puhelimella sanalla "
                f"”{self.query}” (raja {kb(SEARCH_BUDGET_BYTES)})"
            )
        return lines


def bench_search(
    project: Path, runs: int = 5, settings: str = "publishconf.py"
) -> SearchBench | None:
    """Measure the search index of one in-process build; None if the site has no search."""
    from sitecore import build as site_build

    from .checks.search import check_search, index_bytes, query_word, transfer_size
    from .checks.site import Site

    with tempfile.TemporaryDirectory(prefix="mittaus-haku-") as tmp:
        output = Path(tmp) / "output"
        result = site_build.run(output, settings, project=project, quiet=True)
        if not result.ok:
            raise BenchError(result.failure())
        plugin = sys.modules.get("search_index.search_index")
        if plugin is None or not plugin.indexer.enabled:
            return None
        pages = plugin.indexer.pages
        siteurl = plugin.indexer.siteurl
        language = plugin.indexer.language
        report = plugin.indexer.last
        seconds = [
            plugin.build_index(output, pages, siteurl, language).seconds for _ in range(runs)
        ]
        site = Site.load(output, project / "content")
        search = SearchBench(report.pages, report.words, index_bytes(site), seconds)
        try:
            found = check_search(site)
        except Exception as err:  # no Chromium here: the rest is still worth reporting
            return SearchBench(**{**vars(search), "note": f"{type(err).__name__}: {err}"})
        if not found.loads:
            return SearchBench(**{**vars(search), "note": "hakusivua ei löytynyt"})
        first = found.loads[0]
        size = sum(transfer_size(site, path) for path in first.requests)
        return SearchBench(**{**vars(search), "query": query_word(site), "first_query_bytes": size})
