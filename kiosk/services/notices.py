"""Telling residents when their application's status changes, by email, in the
language they applied in.

A notice is a row in the outbox (`Delivery`, channel "resident"), made in the status
change's own transaction and sent by the same worker as the office's copies, with the
same retries; admins see it fail like any delivery. It says what the status is when it
is sent, where to follow the application, and how to reach the office. A request for a
document needs no notice: its own email carries the code.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import Delivery, Submission

from .offices import Office
from .pdf import Language
from .tracking import resident_email
from .workflow import STATUSES

CHANNEL = "resident"


def plan(
    session: Session, form: FormDefinition | None, submission: Submission, now: dt.datetime
) -> Delivery | None:
    """Add a notice to the session for the resident's email address, if they gave one;
    the caller's commit (the status change's) saves it."""
    address = resident_email(form, submission.answers)
    if not address:
        return None
    notice = Delivery.waiting(CHANNEL, address, now, submission_id=submission.id)
    session.add(notice)
    return notice


def email(
    submission: Submission,
    form: FormDefinition | None,
    office: Office | None,
    *,
    sender: str,
    to: str,
    status_url: str,
    translations_folder: Path,
    agency: str,
    now: dt.datetime,
) -> EmailMessage:
    _ = Language(submission.language, translations_folder)
    status = _(STATUSES.get(submission.status, submission.status))
    title = _(form.title) if form is not None else submission.form_slug
    message = EmailMessage()
    message["Subject"] = _(
        "Your application %(reference)s: %(status)s", reference=submission.reference, status=status
    )
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    lines = [
        _("There is news about your application %(reference)s.", reference=submission.reference),
        "",
        _("Form: %(form)s", form=title),
        _("Status: %(status)s", status=status),
        "",
        _(
            "You can follow it at %(url)s with your reference number and this email address.",
            url=status_url,
        ),
    ]
    if office is not None:
        name = office.name_in(_.code)
        lines += ["", _("If you have a question, contact %(office)s:", office=name)]
        lines += [line for line in (office.phone, office.email) if line]
    lines += ["", "-- ", agency]
    message.set_content("\n".join(lines))
    return message
