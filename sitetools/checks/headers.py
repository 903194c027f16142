"""The security headers the build wrote for the web host are there and say what they
must; that the pages keep to them is checked in the browser (browser.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from sitecore.plural import plural

from .base import Check, CheckSite, Outcome
from .server import header_rules
from .site import Finding, Site

REQUIRED = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"]
REQUIRED += ["Permissions-Policy"]
HASHED = re.compile(r"\.[0-9a-f]{8,}\.(?:css|js)$")
FIX = "Ne kirjoittaa plugins/security_headers; tarkista, että se on PLUGINS-listassa."


def check_header_files(site: Site) -> tuple[str, list[Finding]]:
    """Every required header in both files (_headers for Netlify and Cloudflare, .htaccess
    for Apache, as the build noted them in its record), a policy that runs no foreign
    script, a year's cache for hashed files."""
    names = ("_headers", ".htaccess")
    missing = [name for name in names if not (site.path / name).is_file()]
    if missing:
        return "", [Finding(f"{site.path.name}/{n}", f"tiedosto puuttuu. {FIX}") for n in missing]
    if "headers" not in site.facts:  # an output folder no build here made (or a copy)
        said = "rakentaminen ei kertonut, mitä otsakkeita tiedostot lähettävät (kansiossa "
        said += "cache/tuotokset/ ei ole sen kirjaa). Rakenna sivusto uudelleen komennolla "
        return "", [Finding(f"{site.path.name}/_headers", said + "invoke build.")]
    rules = {name: header_rules(site, name) for name in names}
    sent = {name: dict(send("/")) for name, send in rules.items()}
    findings = [
        Finding(f"{site.path.name}/{file}", f"{name} puuttuu. {FIX}")
        for name in REQUIRED
        for file, headers in sent.items()
        if name not in headers
    ]
    findings += script_policy(site, sent["_headers"].get("Content-Security-Policy", ""))
    assets, cache_findings = long_cache(site, rules["_headers"])
    summary = (
        f"{plural(len(sent['_headers']), 'otsake', 'otsaketta')}, "
        f"{plural(len(assets), 'tiedosto', 'tiedostoa')} pitkällä välimuistilla"
    )
    return summary, findings + cache_findings


def script_policy(site: Site, csp: str) -> list[Finding]:
    """No policy that lets scripts from anywhere, inline or eval'd, run on every page."""
    directives = [d.strip() for d in csp.split(";")]
    script_src = next((d for d in directives if d.startswith("script-src")), "")
    directive = script_src or next((d for d in directives if d.startswith("default-src")), "")
    if not any(bad in directive for bad in ("'unsafe-inline'", "*", "'unsafe-eval'")):
        return []
    return [
        Finding(
            f"{site.path.name}/_headers",
            f"turvallisuussääntö sallii vieraat skriptit ({directive}). {FIX}",
        )
    ]


def long_cache(site: Site, sent: Callable) -> tuple[set[str], list[Finding]]:
    """The style sheets and scripts pages load: content-hashed names, a year's cache."""
    links = (link for file in site.html_files() for link in site.info(file).links)
    assets = {link.url for link in links if link.tag == "script" or link.rel == "stylesheet"}
    findings = []
    for url in sorted(assets):
        path = site.internal_path(url)
        if path is None:
            continue  # another host: the privacy check reports it
        cache = dict(sent("/" + path.lstrip("/"))).get("Cache-Control", "")
        if not HASHED.search(path):
            findings.append(
                Finding(
                    "theme/templates",
                    f"tiedoston {url} nimessä ei ole sisällön tiivistettä, joten selaimet "
                    'eivät voi säilyttää sitä pitkään. Käytä pohjassa "…"|content_hash.',
                )
            )
        elif "immutable" not in cache:
            findings.append(
                Finding(f"{site.path.name}/_headers", f"{url} ei saa pitkää välimuistia. {FIX}")
            )
    return assets, findings


def run(site: CheckSite) -> Outcome:
    summary, findings = check_header_files(site)
    if site.browser.failed:
        return Outcome(summary, findings + site.browser_failed().findings)
    return Outcome(summary, findings + site.browser.headers)


CHECK = Check("headers", "Turvallisuusotsakkeet", run, needs_browser=True)
