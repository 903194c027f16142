"""Build and check the production site into a fresh temporary folder; output/ is never
touched, and nothing is uploaded from a site that did not build strictly and pass."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitecore import build as site_build
from sitecore import settings as site_settings
from sitetools import launch_guard

from .errors import PublishError, Say

NOTHING_SENT = (
    "Mitään ei julkaistu, ja palvelimella on edelleen edellinen versio. Korjaa kohdat ja aja "
    "komento uudelleen."
)


@dataclass(frozen=True)
class SiteSettings:
    content: Path
    siteurl: str
    timezone: str  # the site's, for times in messages


def read_site_settings(project: Path, conf: str = site_settings.PRODUCTION) -> SiteSettings:
    settings = site_settings.load(project, conf)
    return SiteSettings(
        Path(settings["PATH"]), settings["SITEURL"], settings.get("TIMEZONE") or "UTC"
    )


def build_site(project: Path, output: Path, say: Say, conf: str = site_settings.PRODUCTION):
    """The production build, strict (every warning fatal): publish only what built cleanly.
    Its messages are printed as they come; the scheduled posts are listed at the end."""
    result = site_build.run(output, conf, project=project, strict=True)
    if not result.ok:
        what = site_build.plural(result.problems, "varoitus tai virhe", "varoitusta tai virhettä")
        raise PublishError(
            f"Sivuston rakentaminen epäonnistui: {what} (katso viestit yllä). Julkaistava "
            f"sivusto rakennetaan tiukasti, joten ne pitää korjata. {NOTHING_SENT}"
        )
    say("\n".join([result.summary(), *result.scheduled_lines()]))


def run_site_checks(site: Path, content: Path, say: Say) -> None:
    """The checks of `invoke check`, on the site about to be uploaded."""
    from sitetools.check import run_checks

    say("Tarkistetaan sivusto (samat tarkistukset kuin invoke check; kestää hetken)…")
    failures = list(run_checks(site, content))
    if not failures:
        say("Tarkistukset: kaikki kunnossa.")
        return
    listing = "\n".join(f"  - {failure}" for failure in failures)
    raise PublishError(f"Tarkistus löysi korjattavaa:\n{listing}\n{NOTHING_SENT}")


@contextlib.contextmanager
def built_site(project: Path, say: Say) -> Iterator[tuple[Path, SiteSettings]]:
    """Build and check into a fresh temporary folder; output/ is never touched. First of
    all, the launch guard: no sample detail or example goes out (nothing built or sent)."""
    if refused := launch_guard.refusal(project):
        raise PublishError(refused)
    settings = read_site_settings(project)
    with tempfile.TemporaryDirectory(prefix="julkaisu-") as tmp:
        site = Path(tmp) / "site"
        say("Rakennetaan julkaisuversio (publishconf.py)…")
        build_site(project, site, say)
        run_site_checks(site, settings.content, say)
        yield site, settings


def local_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
