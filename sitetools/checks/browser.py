"""The checks that need a real browser: Debian's Chromium (its headless shell), driven by
Playwright, one browser for the whole run.

- privacy and security: one page of each type is loaded under the security headers the
  build wrote (served by server.py), and every other page is read for what loading it would
  do (parse.py); any request to another host, and any Content-Security-Policy violation,
  fails;
- weight: each page type's transfer size (gzip) and request count; an article must stay
  within the budget and read no JavaScript;
- accessibility: axe-core (shipped by axe-playwright-python) on each page type at phone
  and desktop width, for the WCAG 2.2 A and AA rules and axe's best practices (unique
  landmarks, heading order and the like), and the colour rules again in the dark scheme
  (the rest do not depend on colours, and the colour rule is axe's slowest).

The production site links to its own address (https://www.example.fi/…): the browser
asks for that, and every such request is answered from the local server, so the pages
run at their real origin and 'self' in the policy means what it will mean on the host.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import gzip
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from sitecore.plural import kb, plural

from .base import Check, CheckSite, Outcome
from .parse import Load, read_load
from .server import start_server
from .site import Finding, Site

# Chromium's headless shell (Debian's chromium-headless-shell, the same engine): what
# Playwright itself runs headless. The full browser in headless mode also draws its own
# window in software, which cost a third more processor time for the same checks.
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
CHROMIUM_ARGS += ["--disable-background-networking", "--disable-component-update", "--disable-quic"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # all that the colour scheme changes
# Every rule in the light scheme; in the dark one only what colours change (axe's slowest).
AXE_SCHEMES = {
    "light": {"type": "tag", "values": WCAG_TAGS},
    "dark": {"type": "rule", "values": COLOUR_RULES},
}
VIEWPORTS = {375: 812, 1280: 900}
WEIGHED_TYPES = {"document", "stylesheet", "font", "script"}
ARTICLE_BUDGET_BYTES = 15 * 1024
ARTICLE_BUDGET_REQUESTS = 4
PARALLEL = 4
STORED_COMPRESSED = {".pagefind", ".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter"}
CSP_HINTS = {
    "style-src-attr": "HTML:n seassa on style-määrite; poista se. ",
    "style-src-elem": "sivulla on <style>-elementti tai vieras tyylitiedosto; poista se. ",
    "script-src-elem": "sivulla on <script>; poista se. ",
    "script-src-attr": "HTML:n seassa on onclick- tai muu skriptimääre; poista se. ",
    "img-src": "kuva haetaan muualta; tallenna kuva kansioon content/images/. ",
    "frame-src": "sivulle on upotettu toisen sivuston sisältöä; vaihda upotus linkiksi. ",
}
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} ${e.blockedURI || 'inline'} ${e.sample || ''}`.trim());
});
"""


@dataclass
class PageType:
    name: str  # Finnish, as printed
    url: str  # site-relative address
    file: Path  # the output file the address is answered with


@dataclass
class Weight:
    name: str
    url: str
    gzip_bytes: int
    requests: int
    scripts: int
    image_bytes: int = 0  # as sent: pictures are compressed already


def page_types(site: Site) -> list[PageType]:
    """One page of each kind a visitor meets: the samples in the PAGE_TYPES setting, with
    the largest post in place of the sample post (the weight budget is about the worst)."""
    samples = dict(site.settings["PAGE_TYPES"])
    published = [p for p in site.sources if p.status == "published"]
    articles = [p for p in published if p.kind == "article" and site.file_for(p.url)]
    largest = max(articles, key=lambda p: site.file_for(p.url).stat().st_size, default=None)
    if largest and "artikkeli" in samples:
        samples["artikkeli"] = largest.url
    found: list[PageType] = []
    for name, url in samples.items():
        # 404: the site's 404 page, at an address that has no page
        file = site.path / "404.html" if name == "404" else site.file_for(url)
        if file and file.is_file():
            found.append(PageType(name, "ei-tallaista-sivua/" if name == "404" else url, file))
    return found


class BrowserRun:
    """One site served on local_base, as the browser sees it at the site's own origin."""

    def __init__(self, site: Site, local_base: str) -> None:
        self.site = site
        self.local = local_base
        self.origin = site.siteurl or local_base
        self.base = urlsplit(self.origin).path.rstrip("/")
        self.sizes: dict[tuple[Path, bool], int] = {}

    # --- answering the browser -------------------------------------------------
    async def answer(self, route) -> None:
        """Serve the site's own addresses from the local server, refuse all others. A page
        closed meanwhile (Route.fetch: Request context disposed) needs no answer: the load
        that wanted it fails, and twice() tries the page again."""
        url = route.request.url
        try:
            if url.startswith(self.origin + "/") or url == self.origin:
                response = await route.fetch(url=self.local + url[len(self.origin) :])
                await route.fulfill(response=response)
            else:
                await route.abort("blockedbyclient")
        except PlaywrightError:
            pass

    async def context(self, browser, width: int, script: str = CSP_LISTENER, **options):
        """A browser context at a width of VIEWPORTS, with script run in every page as it
        opens, whose requests answer() answers."""
        viewport = {"width": width, "height": VIEWPORTS[width]}
        context = await browser.new_context(viewport=viewport, **options)
        await context.add_init_script(script)
        await context.route("**/*", self.answer)
        return context

    def own(self, url: str) -> bool:
        return url.startswith(self.origin + "/") or url.startswith("data:")

    def path_of(self, url: str) -> str | None:
        """The site-relative path of an address the browser asked for (None: not the site's)."""
        path = urlsplit(url).path
        return path[len(self.base) :].lstrip("/") if path.startswith(self.base) else None

    def sent_size(self, url: str, packed: bool = False) -> int:
        """Bytes on the wire for url: gzip for text, the stored size for what is packed
        already (pictures, Pagefind's files); nothing for what is not the site's. A missing
        file is answered with the site's 404 page."""
        if not url.startswith(self.origin + "/"):
            return 0
        file = self.site.file_for(self.path_of(url)) or self.site.path / "404.html"
        if (file, packed) not in self.sizes:
            data = file.read_bytes() if file.is_file() else b""
            stored = packed or file.suffix in STORED_COMPRESSED
            self.sizes[file, packed] = len(data if stored else gzip.compress(data, 6, mtime=0))
        return self.sizes[file, packed]

    # --- one page load -------------------------------------------------------------
    async def load_once(self, context, url: str, then=None, record: Load | None = None) -> Load:
        """Load url in a new page of context: its requests, errors and policy violations
        (into record, when given); then(page), when given, waits for what the page does once
        loaded (else 30 ms)."""
        record = record or Load()
        async with await context.new_page() as page:
            page.on("request", lambda r: record.requests.append((r.url, r.resource_type)))
            page.on(
                "console",
                lambda m: record.console.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: record.console.append(str(e)))
            await page.goto(f"{self.origin}/{url}", wait_until="load")
            if then:
                await then(page)
            else:
                await page.evaluate("() => new Promise((r) => setTimeout(r, 30))")
            record.csp = await page.evaluate("() => window.__cspViolations || []")
        return record

    async def privacy(self, browser, urls: list[str]) -> dict[str, Load]:
        context = await self.context(browser, 1280, service_workers="block")
        limit = asyncio.Semaphore(PARALLEL)

        async def one(url: str) -> tuple[str, Load]:
            async with limit:
                return url, await twice(url, lambda: self.load_once(context, url))

        return dict(await asyncio.gather(*(one(u) for u in urls)))

    def read(self, files: list[Path]) -> dict[str, Load]:
        """What loading each of files would do, read from its markup (parse.py)."""
        urls = {self.site.url_of(file): file for file in files}
        return {
            url: read_load(self.site.info(file), f"{self.origin}/{url}", self.own)
            for url, file in urls.items()
        }

    async def axe(self, browser, types: list[PageType]) -> list[tuple[PageType, str, dict]]:
        """axe on each page type at each width. A few pages per width are reused from one
        type to the next, with axe loaded into every page as it opens: a new page and a
        fresh injection for each run cost more than axe itself. axe is injected as a
        script, which the page's own policy would refuse; the policy itself is checked in
        privacy() with nothing injected."""
        results: list[tuple[PageType, str, dict]] = []
        lanes = max(1, PARALLEL // len(VIEWPORTS))
        contexts = {
            w: await self.context(browser, w, AXE_SCRIPT, bypass_csp=True) for w in VIEWPORTS
        }
        # the lanes are made here, not above: a stop while a context opens would leave
        # them never awaited
        await asyncio.gather(
            *(
                self.axe_lane(context, width, types[lane::lanes], results)
                for width, context in contexts.items()
                for lane in range(lanes)
            )
        )
        return results

    async def axe_lane(self, context, width: int, kinds: list[PageType], results: list) -> None:
        """One page of context takes the page types one after another; a page that failed
        is replaced by a new one for the next attempt."""
        pages = []

        async def run(kind: PageType) -> list[tuple[PageType, str, dict]]:
            if not pages:
                pages.append(await context.new_page())
            try:
                await pages[0].goto(f"{self.origin}/{kind.url}", wait_until="load")
                found = []
                for scheme, rules in AXE_SCHEMES.items():
                    await pages[0].emulate_media(color_scheme=scheme)
                    options = {"runOnly": rules, "resultTypes": ["violations"]}
                    answer = await pages[0].evaluate("(o) => axe.run(document, o)", options)
                    found += [(kind, f"{width} px, {scheme}", v) for v in answer["violations"]]
                return found
            except PlaywrightError:
                with contextlib.suppress(PlaywrightError):
                    await pages.pop().close()
                raise

        for kind in kinds:
            results.extend(await twice(kind.url, lambda k=kind: run(k)))


class BrowserFailed(Exception):
    """The browser failed twice on one page: the message is one Finnish line."""


async def twice(url: str, attempt):
    """Run attempt(); if the browser fails in passing (a page or its context closed under
    it, a crashed tab), once more; if it fails again, BrowserFailed with one Finnish line."""
    for _ in range(2):
        try:
            return await attempt()
        except PlaywrightError as err:
            error = err
    first = (str(error).strip().splitlines() or [""])[0][:160]
    raise BrowserFailed(
        f"selain (Chromium) epäonnistui kahdesti sivulla /{url} ({type(error).__name__}: "
        f"{first}). Vika on selaimessa, ei sivustossa: aja tarkistus uudelleen, ja jos sama "
        "toistuu, kysy apua ja näytä tämä rivi."
    )


@contextlib.asynccontextmanager
async def chromium():
    """Debian's Chromium for one run of the checks (a launch costs more than a load).
    Closing it at the end closes the contexts and pages the checks opened in it."""
    async with async_playwright() as pw:
        launch = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        async with await launch as browser:
            yield browser


def run_async(make):
    """asyncio.run(make()), in a thread of its own when this one already runs an event loop
    (a caller that drives Playwright's sync API, as the tests do)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


@dataclass
class BrowserResults:
    privacy: list[Finding] = field(default_factory=list)
    headers: list[Finding] = field(default_factory=list)
    a11y: list[Finding] = field(default_factory=list)
    weights: list[Weight] = field(default_factory=list)
    pages_loaded: int = 0  # in the browser: one of each page type
    pages_read: int = 0  # the others, from their markup
    axe_runs: int = 0
    failed: str = ""  # BrowserFailed's line: the browser checks could not be done


def moved(file: Path) -> bool:
    """A page that only sends the visitor on (an old address, plugins/redirects): the
    browser would leave it at once, and the page it leads to is loaded on its own."""
    with open(file, encoding="utf-8", errors="replace") as handle:
        return 'http-equiv="refresh"' in handle.read(16384)


def browse(site: CheckSite) -> BrowserResults:
    """One browser pass over the site (CheckSite.browser): every page loaded under the real
    headers (for privacy, weight and the security policy) and axe on each page type."""
    server, base = start_server(site)
    with server:
        try:
            return run_async(lambda: _run(BrowserRun(site, base), site.wanted))
        except BrowserFailed as failed:
            return BrowserResults(failed=str(failed))


async def _run(run: BrowserRun, wanted: set[str]) -> BrowserResults:
    site = run.site
    want_privacy = bool({"privacy", "headers"} & wanted)
    types = page_types(site)
    results = BrowserResults()
    # One page of each type in the browser (an old address only sends the visitor on); the
    # rest differ from their sample in content only, which is read from its markup.
    sampled = [kind.url for kind in types if not moved(kind.file)]
    others = [f for f in site.html_files() if site.url_of(f) not in sampled]
    async with chromium() as browser:
        tasks = [run.privacy(browser, sampled)] if want_privacy else []
        if "a11y" in wanted:
            tasks.append(run.axe(browser, types))
        done = await asyncio.gather(*tasks)
    if want_privacy:
        loads = done[0]
        results.pages_loaded, results.pages_read = len(loads), len(others)
        loads.update(run.read(others))
        privacy_findings(site, run, loads, results)
        results.weights = weights(run, types, loads)
        results.privacy += budget_findings(site, results.weights)
    if "a11y" in wanted:
        results.axe_runs = len(types) * len(VIEWPORTS) * 2
        results.a11y = axe_findings(site, done[-1])
    return results


def privacy_findings(site: Site, run: BrowserRun, loads: dict[str, Load], results) -> None:
    for url, load in sorted(loads.items()):
        file = site.file_for(url) or site.path / "404.html"
        foreign = sorted({u for u, _ in load.requests if not run.own(u)})
        results.privacy += [
            site.finding(
                file,
                f"sivu /{url} hakee tiedoston toiselta palvelimelta: {address}. Kävijän "
                "tiedot eivät saa mennä muille: poista tämä upotus tai lataa tiedosto "
                "omalle sivustolle (esimerkiksi content/images/).",
                urlsplit(address).netloc,
            )
            for address in foreign
        ]
        # The page's own violation events say it briefly; the console is the fallback.
        refused = sorted(set(load.csp)) or sorted(
            {c for c in load.console if "Content Security Policy" in c}
        )
        results.headers += [
            site.finding(
                file,
                f"sivu /{url} rikkoo sivuston turvallisuussääntöä (Content-Security-"
                f"Policy: {violation[:160]}): {CSP_HINTS.get(violation.split()[0], '')}"
                "Selain ei näytä sitä kävijälle. Tyylit kuuluvat teeman CSS-tiedostoon, "
                "eikä sivuilla käytetä skriptejä tai muiden palvelimien tiedostoja.",
                "style=" if "style" in violation else "<script",
            )
            for violation in refused
        ]


def weights(run: BrowserRun, types: list[PageType], loads: dict[str, Load]) -> list[Weight]:
    """Each page type's weight as loaded (a page that only sends the visitor on is not)."""
    found = []
    for kind in (k for k in types if k.url in loads):
        load = loads[kind.url]
        scripts = sum(1 for _, t in load.requests if t == "script")
        size = sum(run.sent_size(u) for u, t in load.requests if t in WEIGHED_TYPES)
        images = sum(run.sent_size(u, True) for u, t in load.requests if t == "image")
        found.append(Weight(kind.name, kind.url, size, len(load.requests), scripts, images))
    return found


def budget_findings(site: Site, found: list[Weight]) -> list[Finding]:
    """The article's weight, requests and scripts against the budget."""
    weight = next((w for w in found if w.name == "artikkeli"), None)
    if weight is None:
        return []
    over = [
        (
            weight.gzip_bytes > ARTICLE_BUDGET_BYTES,
            f"on liian raskas: {kb(weight.gzip_bytes)} (raja {kb(ARTICLE_BUDGET_BYTES)}, "
            "HTML, CSS, fontit ja skriptit pakattuina). Lyhennä tekstiä tai jaa se "
            "kahdeksi kirjoitukseksi.",
        ),
        (
            weight.requests > ARTICLE_BUDGET_REQUESTS,
            f"tekee {plural(weight.requests, 'pyynnön', 'pyyntöä')} (raja "
            f"{ARTICLE_BUDGET_REQUESTS}). Vähennä kuvia tai upotuksia.",
        ),
        (
            weight.scripts > 0,
            f"lataa JavaScriptiä ({plural(weight.scripts, 'tiedosto', 'tiedostoa')}). "
            "Sivujen pitää toimia ilman sitä: poista <script>.",
        ),
    ]
    where = site.where(site.file_for(weight.url))
    return [Finding(where, f"artikkelisivu /{weight.url} {text}") for on, text in over if on]


def axe_findings(site: Site, violations: list[tuple[PageType, str, dict]]) -> list[Finding]:
    """One finding per element that breaks a rule, with every width and scheme it did."""
    grouped: dict[tuple[str, str, str], tuple[PageType, dict, dict, list[str]]] = {}
    for kind, condition, violation in violations:
        for node in violation["nodes"]:
            key = (kind.url, violation["id"], " ".join(map(str, node["target"])))
            grouped.setdefault(key, (kind, violation, node, []))[3].append(condition)
    findings = []
    for kind, violation, node, conditions in grouped.values():
        snippet = " ".join(node.get("html", "").split())[:140]
        detail = (node.get("failureSummary") or "").replace("\n", " ")
        findings.append(
            site.finding(
                kind.file,
                f"saavutettavuus ({kind.name} /{kind.url}, {', '.join(conditions)}): "
                f"{violation['help']} [{violation['id']}]. Kohta: {snippet}. {detail[:300]}",
                snippet[:40],
            )
        )
    return sorted(findings, key=str)


def weight_table(found: list[Weight]) -> list[str]:
    width = max((len(w.name) for w in found), default=0)
    rows = [
        f"  {w.name:<{width}}  {kb(w.gzip_bytes):>8}  {plural(w.requests, 'pyyntö', 'pyyntöä')}"
        f"  kuvat {kb(w.image_bytes):>8}  /{w.url}"
        for w in found
    ]
    title = (
        "Sivujen paino (HTML, CSS, fontit ja skriptit gzip-pakattuina; kuvat erikseen, "
        "1280 px:n näytöllä):"
    )
    return [title, *rows] if rows else []


def run_privacy(site: CheckSite) -> Outcome:
    found = site.browser
    if found.failed:
        return site.browser_failed()
    return Outcome(
        f"{plural(found.pages_loaded, 'sivu', 'sivua')} ladattu selaimessa (yksi kutakin "
        f"tyyppiä), {plural(found.pages_read, 'muu', 'muuta')} luettu",
        found.privacy,
        weight_table(found.weights),
    )


PRIVACY = Check("privacy", "Yksityisyys ja keveys", run_privacy, needs_browser=True)
