"""Telling residents, by email in the language they applied in, that their application
arrived (with the date a decision is due) and, later, whenever its status changes.

A notice is a row in the outbox (`Delivery`, channel "resident-receipt" or
"resident"), made in the submission's or the status change's own transaction and sent
by the same worker as the office's copies, with the same retries; admins see it fail
like any delivery. It says where to follow the application and how to reach the
office; the clerk's notes stay in the back office. A request for a document needs no
notice: its own email carries the code.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from pathlib import Path

from babel.dates import format_date
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import Delivery, Submission

from . import mail
from .offices import Office
from .pdf import Language
from .tracking import resident_email
from .workflow import STATUSES

CHANNEL = "resident"  # the status changed
RECEIPT = "resident-receipt"  # the application arrived
CHANNELS = (RECEIPT, CHANNEL)


def plan(
    session: Session,
    form: FormDefinition | None,
    submission: Submission,
    now: dt.datetime,
    *,
    channel: str = CHANNEL,
) -> Delivery | None:
    """Add a notice to the session for the resident's email address, if they gave one;
    the caller's commit (the submission's or the status change's) saves it."""
    address = resident_email(form, submission.answers)
    if not address:
        return None
    notice = Delivery.waiting(channel, address, now, submission_id=submission.id)
    session.add(notice)
    return notice


def email(
    kind: str,
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
    territory: str | None = None,
) -> EmailMessage:
    _ = Language(submission.language, translations_folder, territory)
    title = _(form.title) if form is not None else submission.form_slug
    reference = submission.reference
    if kind == RECEIPT:
        subject = _("We have received your application %(reference)s", reference=reference)
        due = format_date(submission.due_on, "long", locale=_.locale)
        lines = [
            _("We have received your application %(reference)s.", reference=reference),
            "",
            _("Form: %(form)s", form=title),
            _("We will make a decision by %(date)s.", date=due),
        ]
    else:
        status = _(STATUSES.get(submission.status, submission.status))
        subject = _(
            "Your application %(reference)s: %(status)s", reference=reference, status=status
        )
        lines = [
            _("There is news about your application %(reference)s.", reference=reference),
            "",
            _("Form: %(form)s", form=title),
            _("Status: %(status)s", status=status),
        ]
    lines += [
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
    return mail.compose(sender=sender, to=to, subject=subject, lines=lines, agency=agency, now=now)
