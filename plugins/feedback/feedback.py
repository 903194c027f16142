"""Client feedback files → the "Hyödyt ja palautteet" page, home page and service pages.

Settings (all optional): FEEDBACK_PATH = "feedback" (folder under PATH), FEEDBACK_STRICT =
False (True: any invalid feedback file stops the build), FEEDBACK_FEATURED_MAX = 3,
FEEDBACK_SHOW_EXAMPLES = False (True: example files are shown, marked, in the preview).
The file format is documented in content/feedback/README.md.
"""

from __future__ import annotations

from pelican import signals

from .context import add_feedback


def register() -> None:
    signals.all_generators_finalized.connect(add_feedback)
