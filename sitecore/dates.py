"""The date in the site's own time zone, whatever the machine's clock zone is."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def today(timezone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(timezone)).date()
