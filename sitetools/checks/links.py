"""Every internal link and image address resolves: to a file, and for a #fragment to an
element with that id in it. Feeds, the sitemap and robots.txt included. Links to other
sites are listed, never fetched (the check must work offline)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from sitecore.plural import form, plural
from sitecore.problems import other_case

from .base import Check, CheckSite, Outcome
from .parse import Link
from .site import Finding, Site

PSEUDO_HOST = "https://sivusto.invalid"  # stands for the site when SITEURL is ""
SKIP_SCHEMES = {"mailto", "tel", "sms", "data", "javascript"}  # the last two: code.py


def check_links(site: Site, written_only: bool = False) -> tuple[str, list[Finding], list[str]]:
    """Every link of the site (written_only: only those written in her content files, as
    the quick checks after a build report them, not the theme's links of a draft)."""
    base_url = site.siteurl or PSEUDO_HOST
    host = urlsplit(base_url).netloc
    base_path = urlsplit(base_url).path.rstrip("/")
    files = [
        f for f in site.text_files() if f.suffix in (".html", ".xml") or site.rel(f) == "robots.txt"
    ]
    # (address as written, the page it leads to when only its #fragment is missing there)
    # → every (file, link) where it is written
    broken: dict[tuple[str, str | None], list[tuple[Path, Link]]] = defaultdict(list)
    external: set[str] = set()
    count = 0
    for file in files:
        page_url = f"{base_url}/{site.url_of(file)}"
        page = site.source_of(file)
        written = site.written(page.source) if page else ""
        for link in site.info(file).links:
            if written_only and link.url not in written:
                continue
            count += 1
            if urlsplit(link.url).scheme.lower() in SKIP_SCHEMES:
                continue
            absolute = urljoin(page_url, link.url)
            target = urlsplit(absolute)
            if target.scheme not in ("http", "https") or target.netloc != host:
                external.add(link.url)
                continue
            path = target.path[len(base_path) :] if target.path.startswith(base_path) else None
            dest = None if path is None else site.file_for(unquote(path))
            if dest is None:
                broken[link.url, None].append((file, link))
            elif target.fragment and dest.suffix == ".html":
                fragment = unquote(target.fragment)
                if fragment not in site.info(dest).ids and fragment != "top":
                    broken[link.url, site.url_of(dest)].append((file, link))
    findings = group(site, broken)
    summary = (
        f"{plural(count, 'linkki', 'linkkiä')} {len(files)} tiedostossa, "
        f"{plural(len(external), 'ulkoinen', 'ulkoista')} (ei haettu)"
    )
    return summary, findings, sorted(external)


def group(site: Site, broken: dict) -> list[Finding]:
    """One finding per broken address, named by the content file it is written in."""
    findings = []
    for (url, target), items in broken.items():
        with_source = [(file, link) for file, link in items if site.source_of(file)]
        file, link = (with_source or items)[0]
        parts = urlsplit(url)
        # the other content files she wrote it in (not the lists and feeds that show them)
        others = sorted({site.source_of(f).source for f, _ in with_source} - {site.where(file)})
        files = form(len(others), "tiedostossa", "tiedostoissa")
        also = f" Sama linkki on myös {files} {', '.join(others)}." if others else ""
        text = f" (linkin teksti ”{link.text}”)" if link.text else ""
        if target is None:
            guess = suggest(site, url)
            hint = f" Tarkoititko ”{guess}”?" if guess else ""
            what = (
                f"linkki ”{url}”{text} ei vie mihinkään: sivustolla ei ole sellaista sivua "
                f"tai tiedostoa.{hint} Korjaa osoite tai poista linkki."
            )
        else:
            anchors = sorted(site.info(site.file_for(target) or file).ids)
            shown = ", ".join(f"#{a}" for a in anchors[:8]) or "ei yhtään"
            what = (
                f"linkki ”{url}”{text} vie sivulle /{target}, mutta siellä ei ole kohtaa "
                f"#{urlsplit(url).fragment}. Sivun kohdat: {shown}. Korjaa #-osa tai "
                "poista se."
            )
        needles = (url, parts.path.rstrip("/").rsplit("/", 1)[-1], parts.fragment)
        findings.append(site.finding(file, what + also, *needles))
    return sorted(findings, key=str)


def suggest(site: Site, url: str) -> str | None:
    """The address she meant: the same in other letter case (any file), or a page's."""
    known = ["/" + site.url_of(f) for f in site.html_files()]
    path = urlsplit(url).path
    if site.siteurl and url.startswith(site.siteurl):
        path = url[len(site.siteurl) :]
    files = ("/" + site.rel(f) for f in site.path.rglob("*") if f.is_file())
    match = difflib.get_close_matches(path, known, n=1, cutoff=0.75)
    return other_case(path, files) or (match[0] if match else None)


def run(site: CheckSite) -> Outcome:
    summary, findings, external = check_links(site)
    notes = [f"Linkit muille sivustoille ({len(external)}, ei haettu):"] if external else []
    return Outcome(summary, findings, notes + [f"  {url}" for url in external])


CHECK = Check("links", "Linkit", run)
