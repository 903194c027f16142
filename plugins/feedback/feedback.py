"""Client feedback files → the "Hyödyt ja palautteet" page, home page and service pages.

Settings (defaults in sitecore/settings.py): FEEDBACK_PATH (folder under PATH),
FEEDBACK_STRICT (True: any invalid feedback file stops the build), FEEDBACK_FEATURED_MAX,
FEEDBACK_SHOW_EXAMPLES (True: example files are shown, marked, in the preview).
The file format is documented in content/feedback/README.md.
"""

from __future__ import annotations

from pelican import signals

from .context import add_feedback


def register() -> None:
    signals.all_generators_finalized.connect(add_feedback)
