"""The project's Pelican settings, read the way Pelican reads them, and what follows from them.

Tools (tasks.py, sitetools) read the settings here instead of importing pelicanconf.py, so
every default Pelican fills in is there too, and relative paths are resolved against the
project folder, not the current directory.
"""

from __future__ import annotations

import locale
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pelican.settings import read_settings
from pelican.utils import slugify

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = "pelicanconf.py"
PRODUCTION = "publishconf.py"

Settings = dict[str, Any]


def load(
    project: Path = ROOT, conf: str = PREVIEW, override: dict[str, Any] | None = None
) -> Settings:
    """Pelican's settings from project/conf, defaults filled in and paths made absolute."""
    with keep_locale():
        return read_settings(str(project / conf), override=override or {})


@contextmanager
def keep_locale() -> Iterator[None]:
    """Pelican sets the process locale from LOCALE ("C"), which would make every later
    open() without an encoding ASCII; the tools and tests go on in the same process."""
    old = locale.setlocale(locale.LC_ALL)
    try:
        yield
    finally:
        locale.setlocale(locale.LC_ALL, old)


def make_slug(text: str, settings: Settings) -> str:
    """A slug as Pelican makes it for a title with these settings (ASCII, Finnish folded)."""
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
