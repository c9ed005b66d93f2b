"""Printing: one submission's sealed PDF, or several merged into one file to print at once.

A merged file is for the printer only: each part keeps its pages but not its seal,
which covers each PDF as it was sealed. Printing marks the submissions printed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import StaffUser, Submission

from .inbox import NEWEST_FIRST
from .staff import audit
from .storage import FileMissing

MAX_BATCH = 100


def printable(session: Session, references: Sequence[str]) -> list[Submission]:
    """The chosen submissions whose PDF is ready, at most MAX_BATCH, in the inbox's
    order (newest first), so that the pile comes out as the clerk saw the list."""
    return list(
        session.scalars(
            select(Submission)
            .where(Submission.reference.in_(list(references)[:MAX_BATCH]))
            .where(Submission.pdf_status == "ready")
            .order_by(*NEWEST_FIRST)
        )
    )


@dataclass(frozen=True)
class PrintBatch:
    pdf: bytes
    printed: list[Submission]
    missing: list[Submission]  # their file is gone from storage: named on a first page


def merged(
    submissions: Sequence[Submission],
    read: Callable[[str], bytes],
    missing_page: Callable[[list[Submission]], bytes],
) -> PrintBatch:
    """One file to print: every PDF that could be read, in order. If some could not,
    `missing_page(those)` comes first, so that the clerk sees at the printer what is
    not in the pile; the rest still prints."""
    parts, printed, missing = [], [], []
    for submission in submissions:
        try:
            parts.append(read(submission.pdf_key))
        except FileMissing:
            missing.append(submission)
            continue
        printed.append(submission)
    writer = PdfWriter()
    if missing:
        parts.insert(0, missing_page(missing))
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return PrintBatch(buffer.getvalue(), printed, missing)


def mark_printed(
    session: Session, submissions: Sequence[Submission], *, user: StaffUser, now: dt.datetime
) -> None:
    for submission in submissions:
        submission.printed_at = now
    session.commit()
    for submission in submissions:
        audit(session, "print", user=user, now=now, submission_id=submission.id)
