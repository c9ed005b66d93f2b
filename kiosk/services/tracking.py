"""Residents follow their application at /status with the reference and the email
address they gave. A wrong pair says nothing about which half was wrong, and repeated
failures from one network address are paused, so references cannot be enumerated."""

from __future__ import annotations

import datetime as dt
import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import Submission

from .references import normalise_reference
from .throttle import Throttle

MAX_FAILURES = 10
THROTTLE = Throttle("status:", MAX_FAILURES, dt.timedelta(minutes=15))


def resident_email(form: FormDefinition | None, answers) -> str:
    if form is not None:
        for question in form.fields():
            if question.type == "email" and isinstance(answers.get(question.id), str):
                return answers[question.id].strip().lower()
    return ""


def paused_until(session: Session, address: str, now: dt.datetime) -> dt.datetime | None:
    return THROTTLE.paused_until(session, address, now)


def find(
    session: Session, forms, reference: str, email: str, *, address: str, now: dt.datetime
) -> Submission | None:
    submission = None
    normalised = normalise_reference(reference or "")
    if normalised:
        submission = session.scalar(select(Submission).where(Submission.reference == normalised))
    given = (email or "").strip().lower().encode()
    on_record = b""
    if submission is not None:
        on_record = resident_email(forms.get(submission.form_slug), submission.answers).encode()
    if submission is not None and on_record and hmac.compare_digest(given, on_record):
        return submission
    THROTTLE.failed(session, address, now)
    return None
