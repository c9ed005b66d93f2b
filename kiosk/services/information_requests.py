"""A clerk asks for a missing document; the resident uploads it with their reference
and a one-time code.

When a clerk sets a submission to "needs information" they may name the document that
is missing: one of the form's documents, or one they describe. A code (`7KQM-9XDA`,
the reference alphabet, about 40 bits) is made for the request and shown to the clerk
once, to pass on by letter, phone or email; only its hash is stored. At `/provide` the
resident types the reference and the code (failures are rate limited like `/status`),
and uploads the file, which goes through the same checks as every document. The file
is added to the submission and the submission returns to "in review".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import (
    InformationRequest,
    StaffUser,
    StatusChange,
    Submission,
    Upload,
)

from . import mail
from .documents import AcceptedFile
from .pdf import Language
from .references import ALPHABET, normalise_reference
from .staff import audit
from .throttle import Throttle

CODE_LENGTH = 8
CODE_VALID_FOR = dt.timedelta(days=30)
MAX_FAILURES = 10
THROTTLE = Throttle("provide:", MAX_FAILURES, dt.timedelta(minutes=15))
DEFAULT_ACCEPT = ("pdf", "jpeg", "png")


class RequestError(ValueError):
    pass


@dataclass(frozen=True)
class Issued:
    request: InformationRequest
    code: str  # shown once, to the clerk


def email_to_resident(
    issued: Issued,
    submission: Submission,
    form: FormDefinition | None,
    *,
    sender: str,
    to: str,
    provide_url: str,
    translations_folder,
    agency: str,
) -> EmailMessage:
    """The code and what is needed, in the language the resident applied in."""
    _ = Language(submission.language, translations_folder)
    request = issued.request
    document = _(request.document_name) if request.document_id else request.document_name
    title = _(form.title) if form is not None else submission.form_slug
    lines = [
        _(
            "To continue with your application %(reference)s (%(form)s), we need: %(document)s.",
            reference=submission.reference,
            form=title,
            document=document,
        ),
        "",
    ]
    if request.note:
        lines += [_("Our message to you:"), request.note, ""]
    lines += [
        _("Upload it at %(url)s with your reference number and this code:", url=provide_url),
        "",
        issued.code,
        "",
        _("The code works once, for 30 days."),
    ]
    subject = _(
        "We need a document for your application %(reference)s", reference=submission.reference
    )
    return mail.compose(sender=sender, to=to, subject=subject, lines=lines, agency=agency)


def new_code() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def _hash(code: str) -> str:
    compact = re.sub(r"[\s\-–—]", "", code or "").upper()
    return hashlib.sha256(compact.encode()).hexdigest()


def requested_document(form: FormDefinition | None, document_id: str | None, description: str):
    """The name of the document asked for: one of the form's, or the clerk's description."""
    if document_id:
        requirement = form.document(document_id) if form else None
        if requirement is None:
            raise RequestError(f"{document_id} is not one of this form's documents")
        return requirement.name
    if not description.strip():
        raise RequestError("name the document the resident should provide")
    return description.strip()


def ask_for_document(
    session: Session,
    submission: Submission,
    form: FormDefinition | None,
    *,
    document_id: str | None,
    description: str,
    note: str,
    user: StaffUser,
    now: dt.datetime,
) -> Issued:
    """Record that `submission` needs a document; the code to give the resident."""
    name = requested_document(form, document_id, description)
    code = new_code()
    request = InformationRequest(
        submission_id=submission.id,
        document_id=document_id or None,
        document_name=name[:500],
        note=note.strip()[:2000],
        code_hash=_hash(code),
        requested_at=now,
        requested_by_id=user.id,
    )
    session.add(request)
    session.commit()
    audit(
        session,
        "document-requested",
        user=user,
        now=now,
        submission_id=submission.id,
        document=request.document_name,
    )
    return Issued(request, code)


def new_code_for(
    session: Session, request: InformationRequest, *, user: StaffUser, now: dt.datetime
) -> Issued:
    """A fresh code for an open request (the old one stops working), e.g. when lost."""
    if request.provided_at is not None:
        raise RequestError("this document has already been provided")
    code = new_code()
    request.code_hash = _hash(code)
    request.requested_at = now
    session.commit()
    audit(session, "document-code", user=user, now=now, submission_id=request.submission_id)
    return Issued(request, code)


def for_submission(session: Session, submission: Submission) -> list[InformationRequest]:
    return list(
        session.scalars(
            select(InformationRequest)
            .where(InformationRequest.submission_id == submission.id)
            .order_by(InformationRequest.requested_at, InformationRequest.id)
        )
    )


def open_requests(session: Session, submission: Submission) -> list[InformationRequest]:
    return [
        request for request in for_submission(session, submission) if request.provided_at is None
    ]


def open_request(
    session: Session, submission: Submission, request_id: int
) -> InformationRequest | None:
    """The submission's request `request_id`, if it is still waiting for the resident."""
    for request in open_requests(session, submission):
        if request.id == request_id:
            return request
    return None


def paused_until(session: Session, address: str, now: dt.datetime) -> dt.datetime | None:
    return THROTTLE.paused_until(session, address, now)


def find(
    session: Session, reference: str, code: str, *, address: str, now: dt.datetime
) -> InformationRequest | None:
    """The open request that `reference` and `code` name together, or None.

    A wrong reference, a wrong code, a used or expired code all look the same to the
    resident, and each counts as a failure towards the pause.
    """
    normalised = normalise_reference(reference or "")
    request = None
    if normalised:
        request = session.scalar(
            select(InformationRequest)
            .join(Submission, InformationRequest.submission_id == Submission.id)
            .where(
                Submission.reference == normalised,
                InformationRequest.code_hash == _hash(code),
                InformationRequest.provided_at.is_(None),
                InformationRequest.requested_at > now - CODE_VALID_FOR,
                Submission.status == "needs_information",
            )
        )
    if request is not None:
        return request
    THROTTLE.failed(session, address, now)
    return None


def still_open(session: Session, request_id: int | None, now: dt.datetime):
    """The request a resident unlocked earlier in their session, if it is still open."""
    request = session.get(InformationRequest, request_id) if request_id else None
    if (
        request is None
        or request.provided_at is not None
        or request.submission.status != "needs_information"
        or request.requested_at <= now - CODE_VALID_FOR
    ):
        return None
    return request


def accepted_kinds(request: InformationRequest, form: FormDefinition | None) -> tuple[str, ...]:
    for requirement in form.documents if form else ():
        if requirement.id == request.document_id:
            return requirement.accept
    return DEFAULT_ACCEPT


def provide(
    session: Session, storage, request: InformationRequest, accepted: AcceptedFile, now
) -> Upload:
    """Add the checked file to the submission, close the request, back to "in review"."""
    submission = request.submission
    upload = Upload(
        storage_key=storage.save_bytes(accepted.data),
        submission_id=submission.id,
        field_id=request.document_id or "requested",
        document_id=request.document_id,
        filename=accepted.filename,
        content_type=accepted.content_type,
        size=len(accepted.data),
        created_at=now,
    )
    session.add(upload)
    session.flush()
    request.provided_at = now
    request.upload_id = upload.id
    if submission.status == "needs_information" and not _others_open(session, request):
        session.add(
            StatusChange(
                submission_id=submission.id,
                from_status=submission.status,
                to_status="in_review",
                note=f"The resident provided: {request.document_name}",
                staff_user_id=None,
                at=now,
            )
        )
        submission.status = "in_review"
    session.commit()
    audit(
        session,
        "document-provided",
        user=None,
        now=now,
        submission_id=submission.id,
        document=request.document_name,
    )
    return upload


def _others_open(session: Session, request: InformationRequest) -> bool:
    return any(other.id != request.id for other in open_requests(session, request.submission))
