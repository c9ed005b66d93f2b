"""A submission's status: received, in review, needs information, approved, rejected,
withdrawn. Every change is recorded with the clerk's note; a note alone is recorded the
same way, as a change from a status to itself, which tells no one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.messages import N_
from kiosk.models import StaffUser, StatusChange, Submission

from .staff import audit

STATUSES = {
    "received": N_("Received"),
    "in_review": N_("In review"),
    "needs_information": N_("Needs information"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
}
OPEN = ("received", "in_review", "needs_information")
NEXT = {
    "received": ("in_review", "needs_information", "approved", "rejected", "withdrawn"),
    "in_review": ("needs_information", "approved", "rejected", "withdrawn"),
    "needs_information": ("in_review", "approved", "rejected", "withdrawn"),
    "approved": (),
    "rejected": (),
    "withdrawn": (),
}


class NotAllowed(ValueError):
    pass


def check_allowed(submission: Submission, to_status: str) -> None:
    if to_status not in NEXT.get(submission.status, ()):
        raise NotAllowed(f"{submission.status} cannot become {to_status}")


def change_status(
    session: Session,
    submission: Submission,
    to_status: str,
    note: str,
    *,
    user: StaffUser,
    now: dt.datetime,
) -> StatusChange:
    check_allowed(submission, to_status)
    change = _recorded(session, submission, to_status, note, user, now)
    submission.status = to_status
    session.commit()
    audit(
        session,
        "status-change",
        user=user,
        now=now,
        submission_id=submission.id,
        to=to_status,
        from_=change.from_status,
    )
    return change


def add_note(
    session: Session, submission: Submission, note: str, *, user: StaffUser, now: dt.datetime
) -> StatusChange:
    """A clerk's note in the history, the status kept (on a closed submission too)."""
    entry = _recorded(session, submission, submission.status, note, user, now)
    session.commit()
    audit(session, "note", user=user, now=now, submission_id=submission.id)
    return entry


def _recorded(session, submission, to_status, note, user, now) -> StatusChange:
    """A history entry from the submission's status to `to_status`, with the note."""
    entry = StatusChange(
        submission_id=submission.id,
        from_status=submission.status,
        to_status=to_status,
        note=note.strip(),
        staff_user_id=user.id,
        at=now,
    )
    session.add(entry)
    return entry


def is_note(change: StatusChange) -> bool:
    return change.from_status == change.to_status


def history(session: Session, submission: Submission) -> list[StatusChange]:
    return list(
        session.scalars(
            select(StatusChange)
            .where(StatusChange.submission_id == submission.id)
            .order_by(StatusChange.at, StatusChange.id)
        )
    )


def last_change(session: Session, submission: Submission) -> StatusChange | None:
    """The latest real change of status (notes are not changes)."""
    changes = [change for change in history(session, submission) if not is_note(change)]
    return changes[-1] if changes else None


def is_overdue(submission: Submission, today: dt.date) -> bool:
    return submission.status in OPEN and submission.due_on < today
