"""Making a submission's sealed PDF, once, and recording how it went.

The job renders the PDF (`pdf`), seals it (`signing`), stores it and records its
SHA-256 with the submission, so the verification page can tell whether a PDF someone
holds is the one on record. A failure is recorded on the submission each time; after
the last retry the submission shows a failed PDF that staff can see and retry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import Submission, Upload

from . import pdf, signing


@dataclass(frozen=True)
class PdfSettings:
    agency: str
    office_language: str
    translations_folder: Path
    verify_url: Callable[[str], str]  # the verification page's address for a reference
    currency: str
    base_url: str
    seal: signing.SealIdentity
    timestamp_url: str | None = None
    territory: str | None = None  # the office's country: how dates are written
    zone: dt.tzinfo = dt.UTC  # the office's clock


def submission_uploads(session: Session, submission: Submission) -> list[Upload]:
    """The files that went with a submission, in the order they were uploaded."""
    return list(
        session.scalars(
            select(Upload).where(Upload.submission_id == submission.id).order_by(Upload.id)
        )
    )


def sheet_for(
    form: FormDefinition, submission: Submission, uploads, read, settings: PdfSettings
) -> pdf.Sheet:
    return pdf.build_sheet(
        form,
        submission,
        uploads,
        read,
        agency=settings.agency,
        office_language=settings.office_language,
        translations_folder=settings.translations_folder,
        verify_url=settings.verify_url(submission.reference),
        currency=settings.currency,
        territory=settings.territory,
        zone=settings.zone,
    )


def sealed_pdf(
    form: FormDefinition,
    submission: Submission,
    uploads,
    read,
    settings: PdfSettings,
    render_html: Callable[[pdf.Sheet], str],
) -> bytes:
    """The submission's PDF, rendered and sealed (everything the job does but storing it)."""
    sheet = sheet_for(form, submission, uploads, read, settings)
    rendered = pdf.render(
        sheet, render_html(sheet), settings.base_url, pdf.answers_document(form, submission)
    )
    return signing.seal_pdf(rendered, settings.seal, timestamp_url=settings.timestamp_url)


def produce(
    session: Session,
    submission: Submission,
    form: FormDefinition,
    storage,
    settings: PdfSettings,
    render_html: Callable[[pdf.Sheet], str],
    now: dt.datetime,
) -> Submission:
    """Render, seal and store the PDF of `submission`; a ready PDF is never made again."""
    if submission.pdf_status == "ready":
        return submission
    uploads = submission_uploads(session, submission)
    sealed = sealed_pdf(form, submission, uploads, storage.read, settings, render_html)
    old_key = submission.pdf_key
    submission.pdf_key = storage.save_bytes(sealed)
    submission.pdf_sha256 = hashlib.sha256(sealed).hexdigest()
    submission.pdf_size = len(sealed)
    submission.pdf_status = "ready"
    submission.pdf_error = None
    submission.pdf_ready_at = now
    session.commit()
    if old_key:
        storage.delete(old_key)
    return submission


def record_failure(session: Session, submission_id: int, error: Exception, *, final: bool):
    session.rollback()
    submission = session.get(Submission, submission_id)
    if submission is None:
        return
    submission.pdf_attempts = (submission.pdf_attempts or 0) + 1
    submission.pdf_error = f"{type(error).__name__}: {error}"[:2000]
    if final:
        submission.pdf_status = "failed"
    session.commit()


def failed_pdfs(session: Session) -> list[Submission]:
    """Submissions whose PDF could not be made after every attempt, oldest first."""
    return list(
        session.scalars(
            select(Submission)
            .where(Submission.pdf_status == "failed")
            .order_by(Submission.submitted_at, Submission.id)
        )
    )


def failed_pdf_count(session: Session) -> int:
    return (
        session.scalar(select(func.count(Submission.id)).where(Submission.pdf_status == "failed"))
        or 0
    )


def make_again(session: Session, submission: Submission) -> None:
    """Mark a failed (or stuck) PDF to be made again; the caller queues the job."""
    submission.pdf_status = "pending"
    session.commit()


def find_by_hash(session: Session, sha256: str) -> Submission | None:
    return session.scalar(select(Submission).where(Submission.pdf_sha256 == sha256))
