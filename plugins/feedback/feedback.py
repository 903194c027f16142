"""Client feedback files → the "Hyödyt ja palautteet" page, home page and service pages.

Settings (defaults in sitecore/settings.py): FEEDBACK_PATH (folder under PATH),
FEEDBACK_STRICT (True: any invalid feedback file stops the build), FEEDBACK_FEATURED_MAX,
FEEDBACK_SHOW_EXAMPLES (True: example files are shown, marked, in the preview).
The file format is documented in content/feedback/README.md.

The feedback is handed to the templates once all content has been read (the service pages
must be known to check `service:`) and before anything is written, so every template sees
the same data. In a normal build a bad file is left out with a warning; in strict mode
(`invoke build --strict`, `invoke publish`, the live preview) the problems are errors and
the build stops before writing anything.

Example feedback (`example: true`) is dropped here, before anything is counted, unless
FEEDBACK_SHOW_EXAMPLES is exactly True (pelicanconf.py, the preview); publishconf.py sets
it False, so the production site never holds a word or a count of it.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.generators import PagesGenerator

from sitecore.dates import today
from sitecore.feedback import folder_of, load_folder
from sitecore.metadata import service_pages
from sitecore.problems import BuildStopped

from .aggregate import featured, summarize
from .chart import bar_chart

log = logging.getLogger(__name__)


def add_feedback(generators: list) -> None:
    pages = next(gen for gen in generators if isinstance(gen, PagesGenerator))
    settings = pages.settings
    services = {page.slug: page for page in service_pages(pages.pages)}
    loaded = load_folder(folder_of(settings), services, today(settings.get("TIMEZONE", "UTC")))
    # Each problem: a warning (the file is left out), or with strict an error that stops the
    # build. Without themes.yaml no feedback at all could be shown: always an error.
    fatal = settings["FEEDBACK_STRICT"] or not loaded.themes
    for problem in loaded.problems:
        if fatal:
            log.error("%s", problem)
        else:
            log.warning("%s (Tiedosto jätettiin pois sivustolta.)", problem)
    if loaded.problems and fatal:
        raise BuildStopped(
            "Palautetiedostot tarkistetaan tiukasti (esikatselu, invoke build --strict ja "
            "julkaisu): virheellinen palautetiedosto pysäyttää rakentamisen."
            if loaded.themes
            else "Ilman teemoja (themes.yaml) yhtään palautetta ei voisi näyttää, joten "
            "rakentaminen pysähtyi."
        )
    show_examples = settings["FEEDBACK_SHOW_EXAMPLES"] is True
    feedback = [item for item in loaded.feedback if show_examples or not item.example]
    summary = summarize(feedback, loaded.themes, services)
    pages.context.update(
        FEEDBACK=summary,
        FEEDBACK_CHART=bar_chart(summary.themes) if summary.total else "",
        FEATURED_QUOTES=featured(summary.quotes, settings["FEEDBACK_FEATURED_MAX"]),
        FEEDBACK_BY_SERVICE={
            slug: summarize(feedback, loaded.themes, services, slug) for slug in services
        },
    )


def register() -> None:
    signals.all_generators_finalized.connect(add_feedback)
