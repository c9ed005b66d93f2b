"""Date bounds in definitions: ISO dates, `today`, or `today` plus or minus an offset."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_RELATIVE = re.compile(r"^today(?:\s*([+-])\s*(\d+)\s*([dwmy]))?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date_expression(text: str) -> bool:
    return resolve_date(text, dt.date(2000, 1, 1)) is not None


def resolve_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """`2024-01-31`, `today`, `today-18y`, `today+30d` -> a date; anything else -> None."""
    text = text.strip()
    match = _RELATIVE.match(text)
    if match:
        base = today or dt.date.today()
        sign, amount, unit = match.groups()
        if not sign:
            return base
        n = int(amount) * (1 if sign == "+" else -1)
        if unit == "d":
            return base + dt.timedelta(days=n)
        if unit == "w":
            return base + dt.timedelta(weeks=n)
        months = n * (12 if unit == "y" else 1)
        return _add_months(base, months)
    if not _ISO_DATE.match(text):
        return None  # "20240101" is a number, not a date
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
