"""The one way Kiosk writes an email: headers, a plain-text body, the agency's signature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def compose(
    *,
    sender: str,
    to: str,
    subject: str,
    lines: Iterable[str],
    agency: str,
    now: dt.datetime | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    if now is not None:
        message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content("\n".join([*lines, "", "-- ", agency]))
    return message
