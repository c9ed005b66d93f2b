"""Residents follow their application at /status with the reference and the email
address they gave. A wrong pair says nothing about which half was wrong, and repeated
failures from one network address are paused, so references cannot be enumerated."""

from __future__ import annotations

import datetime as dt
import hmac

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import FailedSignIn, Submission

from .references import normalise_reference

MAX_FAILURES = 10
WINDOW = dt.timedelta(minutes=15)
KEY = "status:"  # failed lookups share the sign-in failures table, under their own key


def resident_email(form: FormDefinition | None, answers) -> str:
    if form is not None:
        for question in form.fields():
            if question.type == "email" and isinstance(answers.get(question.id), str):
                return answers[question.id].strip().lower()
    return ""


def paused_until(session: Session, address: str, now: dt.datetime) -> dt.datetime | None:
    failures = session.scalar(
        select(func.count(FailedSignIn.id)).where(
            FailedSignIn.address == KEY + address[:50], FailedSignIn.at > now - WINDOW
        )
    )
    return now + WINDOW if failures >= MAX_FAILURES else None


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
    session.add(FailedSignIn(address=KEY + address[:50], at=now))
    session.execute(delete(FailedSignIn).where(FailedSignIn.at < now - WINDOW))
    session.commit()
    return None
