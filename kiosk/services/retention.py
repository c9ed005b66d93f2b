"""Retention: a submission and its files are deleted when the form's retention period is
over, and never before it was delivered.

A submission may go when `submitted_at + retention days` has passed, its sealed PDF was
made, and every delivery to the office succeeded (a form without a mailbox or webhook
has nothing to deliver). Its uploaded files and PDF, its rows (files, status history,
document requests, deliveries, the draft it came from) go; the audit trail stays,
without the link to the deleted submission, and gains a "retention-delete" event with
the reference. Each submission is deleted in its own transaction, rows first and files
after the commit, so a crash leaves at most an orphan file, never a row without its file.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session

from kiosk.models import (
    AuditEvent,
    Delivery,
    Draft,
    InformationRequest,
    StatusChange,
    Submission,
    Upload,
)

from . import notices

log = logging.getLogger(__name__)
BATCH = 500


@dataclass
class PurgeReport:
    deleted: list[str] = field(default_factory=list)  # references
    kept: Counter[str] = field(default_factory=Counter)  # reason -> how many

    def summary(self) -> str:
        kept = ", ".join(f"{count} {reason}" for reason, count in sorted(self.kept.items()))
        return f"{len(self.deleted)} submission(s) deleted" + (f"; kept: {kept}" if kept else "")


def purge_expired(
    session: Session, forms, storage, now: dt.datetime, *, dry_run: bool = False
) -> PurgeReport:
    """Delete every submission whose retention period is over and that was delivered."""
    report = PurgeReport()
    # The office's copies must have arrived; notices to the resident never hold a
    # submission past its retention period.
    undelivered = exists().where(
        Delivery.submission_id == Submission.id,
        Delivery.status != "delivered",
        Delivery.channel.not_in(notices.CHANNELS),
    )
    for form in forms:
        cutoff = now - dt.timedelta(days=form.retention_days)
        expired = select(Submission.id).where(
            Submission.form_slug == form.slug, Submission.submitted_at <= cutoff
        )
        report.kept["with delivery unfinished"] += _count(session, expired.where(undelivered))
        report.kept["without a sealed PDF"] += _count(
            session, expired.where(~undelivered, Submission.pdf_status != "ready")
        )
        ready = expired.where(~undelivered, Submission.pdf_status == "ready").order_by(
            Submission.id
        )
        last_id = 0
        while True:
            ids = session.scalars(ready.where(Submission.id > last_id).limit(BATCH)).all()
            if not ids:
                break
            last_id = ids[-1]
            for submission_id in ids:
                reference = _delete(session, storage, submission_id, now, dry_run=dry_run)
                if reference:
                    report.deleted.append(reference)
    known = [form.slug for form in forms]
    report.kept["of forms no longer defined"] += _count(
        session, select(Submission.id).where(Submission.form_slug.not_in(known))
    )
    report.kept = Counter({reason: n for reason, n in report.kept.items() if n})
    return report


def _count(session: Session, query) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _delete(session: Session, storage, submission_id: int, now, *, dry_run: bool) -> str | None:
    submission = session.get(Submission, submission_id)
    if submission is None:
        return None
    reference = submission.reference
    if dry_run:
        return reference
    drafts = select(Draft.id).where(Draft.submission_id == submission_id)
    files = (Upload.submission_id == submission_id) | (
        Upload.draft_id.in_(drafts) & Upload.submission_id.is_(None)  # left on its draft
    )
    keys = list(session.scalars(select(Upload.storage_key).where(files)))
    if submission.pdf_key:
        keys.append(submission.pdf_key)
    session.execute(
        update(InformationRequest)
        .where(InformationRequest.submission_id == submission_id)
        .values(upload_id=None)
    )
    session.execute(
        delete(InformationRequest).where(InformationRequest.submission_id == submission_id)
    )
    session.execute(delete(Upload).where(files))
    session.execute(delete(StatusChange).where(StatusChange.submission_id == submission_id))
    session.execute(delete(Delivery).where(Delivery.submission_id == submission_id))
    session.execute(delete(Draft).where(Draft.submission_id == submission_id))
    session.execute(
        update(AuditEvent)
        .where(AuditEvent.submission_id == submission_id)
        .values(submission_id=None)
    )
    session.add(
        AuditEvent(
            at=now,
            action="retention-delete",
            staff_user_id=None,
            submission_id=None,
            detail={"reference": reference, "form": submission.form_slug},
        )
    )
    session.execute(delete(Submission).where(Submission.id == submission_id))
    session.commit()
    for key in keys:
        try:
            storage.delete(key)
        except Exception:  # noqa: BLE001 - an orphan file is logged, the purge goes on
            log.exception("could not delete a stored file of %s", reference)
    return reference
