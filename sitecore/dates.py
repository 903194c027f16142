"""Dates: today in the site's own time zone, and why a date she wrote is no day at all."""

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import get_month_names

_MONTHS = get_month_names("wide", context="stand-alone", locale="fi")


def today(timezone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(timezone)).date()


def missing_day(year: int, month: int, day: int) -> str:
    """Why the date is not in the calendar ("kesäkuussa on 30 päivää"), or "" if it is."""
    if not 1 <= month <= 12:
        return f"kuukausia on 12, ei {month}"
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return ""
    return f"{_MONTHS[month]}ssa on {days} päivää"
