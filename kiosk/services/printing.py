"""Printing: one submission's sealed PDF, or several merged into one file to print at once.

A merged file is for the printer only: each part keeps its pages but not its seal,
which covers each PDF as it was sealed. Printing marks the submissions printed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence

from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import StaffUser, Submission

from .staff import audit

MAX_BATCH = 100


def printable(session: Session, references: Sequence[str]) -> list[Submission]:
    """The chosen submissions whose PDF is ready, oldest first, at most MAX_BATCH."""
    return list(
        session.scalars(
            select(Submission)
            .where(Submission.reference.in_(list(references)[:MAX_BATCH]))
            .where(Submission.pdf_status == "ready")
            .order_by(Submission.submitted_at, Submission.id)
        )
    )


def merged(submissions: Sequence[Submission], read: Callable[[str], bytes]) -> bytes:
    writer = PdfWriter()
    for submission in submissions:
        writer.append(PdfReader(io.BytesIO(read(submission.pdf_key))))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def mark_printed(
    session: Session, submissions: Sequence[Submission], *, user: StaffUser, now: dt.datetime
) -> None:
    for submission in submissions:
        submission.printed_at = now
    session.commit()
    for submission in submissions:
        audit(session, "print", user=user, now=now, submission_id=submission.id)
