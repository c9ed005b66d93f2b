"""The one place the current time comes from, so tests can fix it."""

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
