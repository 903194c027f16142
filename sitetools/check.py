"""`invoke check`: the built site proves itself before it goes out.

Checks a built site folder as a whole and reports in Finnish, naming the content file
to change:

    html      valid HTML (Nu HTML Checker)
    links     internal links, #fragments, srcset, feeds and sitemap resolve
    a11y      axe-core WCAG 2.2 A/AA on each page type, 375/1280 px, light/dark;
              alt text for every image written in content
    privacy   no request to another host; an article's weight and request budget
    leaks     no draft, hidden page or unpublishable feedback in any output file
    headers   .htaccess and _headers with the security policy, which no page breaks

Use from Python (`invoke publish` does):

    failures = run_checks(site_dir, content_dir)           # [] when all is well
    report = check_site(site_dir, content_dir); print("\\n".join(report.lines()))
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .checks.headers import check_header_files
from .checks.html_valid import HtmlValidation
from .checks.images import check_alt_texts
from .checks.leaks import check_leaks
from .checks.links import Pages, check_links
from .checks.site import Finding, Site

CHECKS = {
    "html": "HTML (Nu HTML Checker)",
    "links": "Linkit",
    "a11y": "Saavutettavuus (axe, WCAG 2.2 AA)",
    "privacy": "Yksityisyys ja keveys",
    "leaks": "Ei julkaisemattomia tekstejä",
    "headers": "Turvallisuusotsakkeet",
}


@dataclass
class CheckResult:
    key: str
    summary: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def line(self) -> str:
        mark = "OK   " if self.ok else "VIRHE"
        count = "" if self.ok else f" – {len(self.findings)} korjattavaa"
        summary = f": {self.summary}" if self.summary else ""
        return f"{mark} {CHECKS[self.key]}{summary}{count}"


@dataclass
class Report:
    results: list[CheckResult] = field(default_factory=list)
    weights: list = field(default_factory=list)  # checks.browser.Weight
    external_links: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def failures(self) -> list[str]:
        return [str(f) for result in self.results for f in result.findings]

    def lines(self) -> list[str]:
        """The printed report: one line per check, the page weights, then what to fix."""
        from .checks.browser import kb

        lines = [result.line() for result in self.results]
        if self.weights:
            lines += ["", "Sivujen paino (HTML, CSS, fontit ja skriptit gzip-pakattuina):"]
            width = max(len(w.name) for w in self.weights)
            for w in self.weights:
                lines.append(
                    f"  {w.name:<{width}}  {kb(w.gzip_bytes):>8}  {w.requests} pyyntöä  /{w.url}"
                )
        if self.external_links:
            lines += ["", f"Linkit muille sivustoille ({len(self.external_links)}, ei haettu):"]
            lines += [f"  {url}" for url in self.external_links]
        if self.failures:
            lines += ["", "Korjattavaa:"]
            lines += [f"  - {failure}" for failure in self.failures]
        return lines


def check_site(site_dir: Path, content_dir: Path, only: Iterable[str] | None = None) -> Report:
    """Run the checks named in only (default: all) on a built site folder."""
    wanted = list(CHECKS) if not only else [key for key in CHECKS if key in set(only)]
    unknown = set(only or []) - set(CHECKS)
    if unknown:
        raise ValueError(f"Tuntematon tarkistus: {', '.join(sorted(unknown))}")
    site = Site.load(site_dir, content_dir)
    pages = Pages(site)
    report = Report()
    results: dict[str, CheckResult] = {}
    validation = HtmlValidation(site) if "html" in wanted else None
    if validation:
        validation.start()  # Java runs while the rest is checked
    if "links" in wanted:
        summary, findings, external = check_links(site, pages)
        results["links"] = CheckResult("links", summary, findings)
        report.external_links = external
    if "leaks" in wanted:
        results["leaks"] = CheckResult("leaks", *check_leaks(site))
    if "headers" in wanted:
        results["headers"] = CheckResult("headers", *check_header_files(site))
    if "a11y" in wanted:
        images, findings = check_alt_texts(site, pages)
        results["a11y"] = CheckResult("a11y", f"{images} sisällön kuvaa", findings)
    want_privacy = "privacy" in wanted or "headers" in wanted
    if want_privacy or "a11y" in wanted:
        browser_checks(site, report, results, want_privacy, "a11y" in wanted)
    if validation:
        results["html"] = CheckResult("html", *validation.finish())
    report.results = [results[key] for key in wanted if key in results]
    return report


def browser_checks(site: Site, report: Report, results: dict, privacy: bool, a11y: bool):
    from .checks.browser import run_browser
    from .checks.server import start_server

    server, base = start_server(site)
    try:
        found = run_browser(site, base, privacy, a11y)
    finally:
        server.shutdown()
        server.server_close()
    if "privacy" in CHECKS and privacy:
        results["privacy"] = CheckResult(
            "privacy", f"{found.pages_loaded} sivua ladattu selaimessa", found.privacy
        )
        report.weights = found.weights
    if "headers" in results:
        results["headers"].findings += found.headers
    if a11y:
        result = results["a11y"]
        result.summary = f"{found.axe_runs} axe-ajoa, {result.summary}"
        result.findings += found.a11y


def run_checks(site_dir: Path, content_dir: Path, only: Iterable[str] | None = None) -> list[str]:
    """Failures in Finnish, one a line, each naming the file to change; [] if all is well."""
    return check_site(site_dir, content_dir, only).failures


def main(argv: list[str] | None = None) -> int:
    """python -m sitetools.check SITE_DIR [CONTENT_DIR] [--only links,html]"""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("content_dir", type=Path, nargs="?", default=Path("content"))
    parser.add_argument("--only", default="", help=f"pilkuin eroteltuna: {', '.join(CHECKS)}")
    args = parser.parse_args(argv)
    only = [c.strip() for c in args.only.split(",") if c.strip()]
    report = check_site(args.site_dir, args.content_dir, only)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
