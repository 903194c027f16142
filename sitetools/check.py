"""`invoke check`: the built site proves itself before it goes out.

Runs the checks listed in sitetools/checks/__init__.py on a built site folder and reports
in Finnish, naming the content file to change:

    launch    no sample details, placeholder or example left (sitetools/launch_guard.py)
    html      valid HTML (Nu HTML Checker)
    links     internal links, #fragments, srcset, feeds and sitemap resolve
    a11y      axe-core WCAG 2.2 A/AA and best practices on each page type, 375/1280 px,
              light/dark;
              alt text for every image written in content
    privacy   no request to another host; an article's weight and request budget
    leaks     no draft, hidden page or unpublishable feedback in any output file
    headers   .htaccess and _headers with the security policy, which no page breaks
    search    the search page finds real pages under both header files, within budget
    images    no published picture over IMAGE_BUDGET_KB; every <img> has width and height

Use from Python (`invoke publish` does):

    failures = run_checks(site_dir, content_dir)           # [] when all is well
    report = check_site(site_dir, content_dir); print("\\n".join(report.lines()))
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitecore.plural import plural

from .checks import CHECKS
from .checks.base import CheckSite, Outcome
from .checks.browser import CHROMIUM, browse

KEYS = [check.key for check in CHECKS]


@dataclass
class Report:
    results: list[tuple[str, Outcome]]  # each check's label and outcome
    pages: list[str]  # the page types asked for (--pages)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> list[str]:
        return [str(f) for _label, outcome in self.results for f in outcome.findings]

    def lines(self) -> list[str]:
        """The printed report: one line per check, their notes, then what to fix."""
        lines = []
        for label, outcome in self.results:
            found = len(outcome.findings)
            count = f" – {plural(found, 'korjattava', 'korjattavaa')}" if found else ""
            summary = f": {outcome.summary}" if outcome.summary else ""
            lines.append(f"{'VIRHE' if found else 'OK   '} {label}{summary}{count}")
        if self.pages:
            lines.append(
                f"Selaimessa vain sivutyypit {', '.join(self.pages)} (--pages): ennen "
                "julkaisua tarkistetaan kaikki."
            )
        for _label, outcome in self.results:
            if outcome.notes:
                lines += ["", *outcome.notes]
        if self.failures:
            lines += ["", "Korjattavaa:"]
            lines += [f"  - {failure}" for failure in self.failures]
        return lines


def check_site(
    site_dir: Path,
    content_dir: Path,
    only: Iterable[str] | None = None,
    pages: Iterable[str] | None = None,
) -> Report:
    """Run the checks named in only (default: all) on a built site folder; the browser
    checks on the page types named in pages (default: every one in PAGE_TYPES)."""
    only = list(only or [])
    unknown = set(only) - set(KEYS)
    if unknown:
        raise ValueError(
            f"Tuntematon tarkistus: {', '.join(sorted(unknown))}. Tarkistukset: {', '.join(KEYS)}"
        )
    checks = [check for check in CHECKS if not only or check.key in only]
    needs_browser = [check.label for check in checks if check.needs_browser]
    if needs_browser and not Path(CHROMIUM).is_file():
        raise ValueError(
            f"Tarkistukset {', '.join(needs_browser)} tarvitsevat Chromium-selaimen ({CHROMIUM}), "
            "jota ei löydy. Asenna se komennolla bin/setup (pääkäyttäjänä) tai aja vain muut "
            "tarkistukset: invoke check --only html,links,leaks."
        )
    site = CheckSite.load(site_dir, content_dir, wanted={c.key for c in checks}, browse=browse)
    pages = list(pages or [])
    site.narrow_page_types(pages)
    try:
        for check in checks:
            if check.start:
                site.started[check.key] = check.start(site)
        return Report([(check.label, check.run(site)) for check in checks], pages)
    finally:  # also when stopped (Ctrl+C, publish's stop signals): no Java left running
        for started in filter(None, site.started.values()):
            started.kill()  # a process that has ended: kill() does nothing
            started.wait()


def names(text: str) -> list[str]:
    """The names in a comma-separated option (--only, --pages): "a11y, links" → both."""
    return [name.strip() for name in text.split(",") if name.strip()]


def run_checks(site_dir: Path, content_dir: Path, only: Iterable[str] | None = None) -> list[str]:
    """Failures in Finnish, one a line, each naming the file to change; [] if all is well
    (every check on every page type: what invoke publish runs)."""
    return check_site(site_dir, content_dir, only).failures


def main(argv: list[str] | None = None) -> int:
    """python -m sitetools.check SITE_DIR [CONTENT_DIR] [--only links,html] [--pages etusivu]"""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("content_dir", type=Path, nargs="?", default=Path("content"))
    parser.add_argument("--only", default="", help=f"pilkuin eroteltuna: {', '.join(KEYS)}")
    parser.add_argument("--pages", default="", help="vain nämä sivutyypit selaimessa")
    args = parser.parse_args(argv)
    try:
        report = check_site(args.site_dir, args.content_dir, names(args.only), names(args.pages))
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
