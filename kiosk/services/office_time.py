"""The office's time: the zone its clocks show and the days it is closed.

Times are stored in UTC; pages, PDFs and emails show them in the office's zone.
Service standards are promised in working days: Monday to Friday, less the public
holidays the office is closed on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .offices import OfficeSettingsError


@cache
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise OfficeSettingsError(f"OFFICE_TIMEZONE: {name!r} is not a time zone") from exc


def holidays(values: Iterable[str | dt.date]) -> frozenset[dt.date]:
    """The `PUBLIC_HOLIDAYS` setting read as dates ("2026-12-25" or a date)."""
    days = set()
    for value in values:
        if isinstance(value, dt.date):
            days.add(value)
            continue
        try:
            days.add(dt.date.fromisoformat(str(value)))
        except ValueError as exc:
            raise OfficeSettingsError(
                f"PUBLIC_HOLIDAYS: {value!r} is not a date (YYYY-MM-DD)"
            ) from exc
    return frozenset(days)


def add_working_days(start: dt.date, days: int, closed: Collection[dt.date] = ()) -> dt.date:
    """The date `days` working days after `start`: weekends and `closed` days skipped."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            remaining -= 1
    return current
