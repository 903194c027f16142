"""The site search works under the real security policy, shows only real pages, and
stays light.

The search page is opened with a query, as a visitor arriving from the header's search
field, once under the headers of _headers and once under those of .htaccess (server.py
serves either). Any Content-Security-Policy violation or script error fails, and so does
a query that finds nothing although its word is in a page title, or a result that is not
a published post or page (a list page, a draft, an address that does not exist). The
.htaccess policy of ordinary pages must not allow WebAssembly: only the search page's
may. The bytes the first search transfers (HTML, CSS and JavaScript as gzip, Pagefind's
index files as they are stored: already compressed) must stay within the budget.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from playwright.async_api import Error as PlaywrightError

from sitecore.plural import kb, plural

from .base import Check, CheckSite, Outcome
from .browser import BrowserRun, chromium, run_async
from .parse import Load
from .server import header_rules, start_server
from .site import BUNDLE, Finding, Site

SEARCH_BUDGET_BYTES = 100 * 1024
HEADER_FILES = ("_headers", ".htaccess")
WORD = re.compile(r"[^\W\d_]{6,}")
WASM = "'wasm-unsafe-eval'"
TIMEOUT_MS = 20_000


@dataclass
class SearchLoad(Load):
    """One load of the search page (console: its errors, the search's own among them)."""

    headers: str = ""  # which header file the page was served with
    status: str = ""
    results: list[str] = field(default_factory=list)  # result addresses, site-relative
    transfer_bytes: int = 0  # what its requests cost on the wire


def search_url(site: Site) -> str | None:
    """The search page's site-relative address, if the site has search."""
    url = site.settings.get("HAKU_URL") or "haku/"
    found = site.file_for(url) and (site.path / BUNDLE / "pagefind-entry.json").is_file()
    return url if found else None


def query_word(site: Site) -> str:
    """A word the index must find, with as many results as any: of the words in the indexed
    pages' titles, the one most pages contain (the heaviest first search), then the longest."""
    found = site.fragments
    texts = [f.text.casefold() for f in found]
    words = {w for f in found for w in WORD.findall(f.title.replace("\xa0", " "))}

    def weight(word: str) -> tuple[int, int, str]:
        return (sum(word.casefold() in text for text in texts), len(word), word)

    return max(words, key=weight, default="")


async def load_all(site: Site, url: str, query: str) -> list[SearchLoad]:
    """The search page under each header file, in one browser."""
    async with chromium() as browser:
        loads = [load_search(browser, site, url, query, h) for h in HEADER_FILES]
        return list(await asyncio.gather(*loads))


async def load_search(browser, site: Site, url: str, query: str, headers: str) -> SearchLoad:
    record = SearchLoad(headers=headers)
    server, local = start_server(site, headers=headers)
    run = BrowserRun(site, local)

    async def results(page) -> None:
        try:
            await page.wait_for_selector(
                '#hakutulokset[aria-busy="false"]', state="attached", timeout=TIMEOUT_MS
            )
        except PlaywrightError:
            record.console.append("haku ei valmistunut 20 sekunnissa")
        record.status = (await page.text_content("#haku-tila") or "").strip()
        hrefs = await page.eval_on_selector_all(
            ".search-result h3 a", "links => links.map(a => a.href)"
        )
        record.results = [run.path_of(h) for h in hrefs]

    with server:
        async with await run.context(browser, 375, service_workers="block") as context:
            await run.load_once(context, f"{url}?q={quote(query)}", results, record)
    record.transfer_bytes = sum(run.sent_size(address) for address, _type in record.requests)
    return record


def published_urls(site: Site) -> set[str]:
    return {p.url for p in site.sources if p.status == "published" and p.save_as}


def load_findings(site: Site, url: str, query: str, load: SearchLoad) -> list[Finding]:
    """What is wrong with one load of the search page: its policy, its script, its results."""
    where, headers = "theme/templates/haku.html", load.headers
    findings = [
        Finding(
            f"{site.path.name}/{headers}",
            f"hakusivu /{url} rikkoo turvallisuussääntöä ({headers}: {violation}). "
            "Hakusivun säännössä pitää olla script-src 'self' 'wasm-unsafe-eval' – "
            "sen kirjoittaa plugins/security_headers.",
        )
        for violation in sorted(set(load.csp))
    ]
    for error in sorted(set(load.console))[:3]:
        findings.append(Finding(where, f"hakusivulla tapahtui virhe ({headers}): {error[:200]}"))
    if not load.results:
        findings.append(
            Finding(
                where,
                f"haku sanalla ”{query}” ei löytänyt mitään ({headers}), vaikka "
                f"sana on sivun otsikossa. Hakusivu sanoi: ”{load.status}”.",
            )
        )
    allowed = published_urls(site)
    return findings + [
        Finding(
            where,
            f"hakutulos /{found} ei ole julkaistu kirjoitus tai sivu (luettelo, "
            "luonnos tai puuttuva sivu). Hakuun kuuluvat vain julkaistut "
            "kirjoitukset ja sivut (plugins/search_index).",
        )
        for found in load.results
        if found not in allowed
    ]


def ordinary_pages_without_wasm(site: Site, url: str) -> list[Finding]:
    """Under .htaccess only the search page may compile WebAssembly."""
    if not (site.path / ".htaccess").is_file():
        return []
    sent = header_rules(site, ".htaccess")
    base = urlsplit(site.siteurl).path.rstrip("/")
    policy = "Content-Security-Policy"
    return [
        Finding(
            f"{site.path.name}/.htaccess",
            f"sivun /{page} turvallisuussääntö sallii WebAssemblyn ({WASM}); vain "
            f"hakusivu /{url} tarvitsee sitä. Sen kirjoittaa plugins/security_headers.",
        )
        for page in sorted(published_urls(site))[:1] + [""]
        if WASM in dict(sent(f"{base}/{page}")).get(policy, "")
    ]


def run(site: CheckSite) -> Outcome:
    url = search_url(site)
    query = query_word(site) if url else ""
    if not query:
        empty = "hakuhakemisto on tyhjä: siinä ei ole sivuja."
        return Outcome(
            "sivustolla ei ole hakua", [Finding(f"{site.path.name}/{BUNDLE}", empty)] if url else []
        )
    loads = run_async(lambda: load_all(site, url, query))
    findings = [f for load in loads for f in load_findings(site, url, query, load)]
    transfer = loads[0].transfer_bytes
    if transfer > SEARCH_BUDGET_BYTES:
        findings.append(
            Finding(
                "theme/templates/haku.html",
                f"ensimmäinen haku siirtää {kb(transfer)} (raja "
                f"{kb(SEARCH_BUDGET_BYTES)}). Pidä hakusivu ja haun skripti pieninä.",
            )
        )
    findings += ordinary_pages_without_wasm(site, url)
    counts = ", ".join(
        f"{load.headers}: {plural(len(load.results), 'tulos', 'tulosta')}" for load in loads
    )
    index = sum(p.stat().st_size for p in (site.path / BUNDLE).rglob("*") if p.is_file())
    notes = [
        f"Haku: sana ”{query}” ({counts}); ensimmäinen haku siirtää {kb(transfer)} (raja "
        f"{kb(SEARCH_BUDGET_BYTES)}), hakemisto {kb(index)}."
    ]
    return Outcome(f"haettu sanalla ”{query}”", findings, notes)


CHECK = Check("search", "Haku (Pagefind)", run, needs_browser=True)
