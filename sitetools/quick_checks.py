"""After every preview build: the quick part of `invoke check`, and what is not public.

Run on the preview build (output/) and after `invoke build`, in about a second: internal
links and #fragments written in her content, and images without alt text (an unknown
metadata key is the build's own warning). Their findings are printed as warnings (the preview
goes on); `invoke check` and `invoke publish` fail on the same.
Then the drafts and the scheduled posts, each with its preview address: they are built
under luonnokset/ for the preview only, never into the published site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitecore.metadata import read_header
from sitecore.plural import plural

from .checks.images import check_alt_texts
from .checks.links import check_links
from .checks.site import Finding, Site, SourcePage

# A draft or scheduled page, and for a scheduled post when it may go public
Unpublished = tuple[SourcePage, dt.datetime | None]


def quick_report(output: Path, content: Path, now: dt.datetime | None, base: str) -> list[str]:
    """The quick checks' lines, and the drafts' and scheduled posts' when now is given. They
    advise, so a check that cannot finish says so in a line (another build may have swapped
    output/ meanwhile) and the command goes on; `invoke check` checks everything."""
    try:
        site = Site.load(output, content)
        _summary, links, _external = check_links(site, written_only=True)
        _count, alts = check_alt_texts(site)
        return report_lines([*links, *alts], unpublished(site, now) if now else [], base)
    except OSError:
        return ["Pikatarkistus jäi kesken: toinen rakentaminen vaihtoi sivuston kesken kaiken."]
    except Exception as error:
        return [f"Pikatarkistus jäi kesken ({type(error).__name__}: {error})."]


def unpublished(site: Site, now: dt.datetime) -> list[Unpublished]:
    """Drafts and scheduled posts of the last build, with their addresses."""
    found = []
    for page in (p for p in site.sources if p.status == "draft"):
        fields = read_header(site.project / page.source)
        draft = fields.get("status", "").strip().lower() == "draft"  # else a scheduled post
        found.append((page, None if draft else parse_date(fields.get("date", ""), now.tzinfo)))
    return sorted(found, key=lambda u: (u[1] is not None, u[1] or now, u[0].source))


def parse_date(value: str, tz) -> dt.datetime | None:
    """A post's Date: (2025-03-01 or 2025-03-01 10:00) in her time zone; None if it is none."""
    try:
        return dt.datetime.fromisoformat(value.strip()).replace(tzinfo=tz)
    except ValueError:
        return None


def report_lines(findings: list[Finding], items: list[Unpublished], base: str) -> list[str]:
    lines: list[str] = []
    if findings:
        found = plural(len(findings), "korjattavan kohdan", "korjattavaa kohtaa")
        lines.append(f"Pikatarkistus löysi {found} (invoke check ei päästä läpi):")
        lines += [f"  Varoitus: {finding}" for finding in findings]
    drafts = [f"  {p.title} – {base}{p.url}  ({p.source})" for p, date in items if not date]
    scheduled = [
        f"  {date:%-d.%-m.%Y} {p.title} – {base}{p.url}  ({p.source})" for p, date in items if date
    ]
    if drafts:
        lines += ["Luonnokset (vain esikatselussa, eivät julkaistussa sivustossa):", *drafts]
    if scheduled:
        lines.append("Ajastetut (tulevat julki ensimmäisessä julkaisussa päivämäärän jälkeen):")
        lines += scheduled
    return lines
