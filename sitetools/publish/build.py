"""Build and check the production site into a fresh temporary folder; output/ is never
touched, and nothing is uploaded from a site that did not build strictly and pass."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sitecore import build as site_build
from sitecore import settings as site_settings
from sitecore.plural import plural
from sitecore.settings import Settings
from sitetools import launch_guard

from .errors import PublishError

NOTHING_SENT = (
    "Mitään ei julkaistu, ja palvelimella on edelleen edellinen versio. Korjaa kohdat ja aja "
    "komento uudelleen."
)


def production_settings(project: Path) -> Settings:
    """The settings of publishconf.py, with the site's time zone (for times in messages)."""
    settings = site_settings.load(project, site_settings.PRODUCTION)
    settings["TIMEZONE"] = settings.get("TIMEZONE") or "UTC"
    return settings


@contextlib.contextmanager
def built_site(project: Path) -> Iterator[tuple[Path, Settings]]:
    """Build and check into a fresh temporary folder; output/ is never touched. First of
    all, the launch guard: no sample detail or example goes out (nothing built or sent).
    The build is strict (every warning fatal): publish only what built cleanly. Its
    messages are printed as they come; the scheduled posts are listed at the end. Then the
    checks of `invoke check`, on the site about to be uploaded."""
    from sitetools.check import run_checks  # a browser driver and more: only when publishing

    if refused := launch_guard.refusal(project):
        raise PublishError(refused)
    settings = production_settings(project)
    with tempfile.TemporaryDirectory(prefix="julkaisu-") as tmp:
        site = Path(tmp) / "site"
        print("Rakennetaan julkaisuversio (publishconf.py)…")
        result = site_build.run(site, site_settings.PRODUCTION, project=project, strict=True)
        if not result.ok:
            what = plural(result.problems, "varoitus tai virhe", "varoitusta tai virhettä")
            raise PublishError(
                f"Sivuston rakentaminen epäonnistui: {what} (katso viestit yllä). Julkaistava "
                f"sivusto rakennetaan tiukasti, joten ne pitää korjata. {NOTHING_SENT}"
            )
        print("\n".join([result.summary(), *result.scheduled_lines()]))
        print("Tarkistetaan sivusto (samat tarkistukset kuin invoke check; kestää hetken)…")
        if failures := list(run_checks(site, Path(settings["PATH"]))):
            listing = "\n".join(f"  - {failure}" for failure in failures)
            raise PublishError(f"Tarkistus löysi korjattavaa:\n{listing}\n{NOTHING_SENT}")
        print("Tarkistukset: kaikki kunnossa.")
        yield site, settings
