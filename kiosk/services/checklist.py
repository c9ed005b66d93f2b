"""The documents checklist of one application: what applies, what was provided, what is missing.

Which documents apply follows from the answers (`DocumentRequirement.show_if`), so the
checklist is always worked out afresh; the files themselves are `Upload` rows of the
draft with a `document_id`. Every file passes `documents.inspect_upload` before it is
stored: only what that returns (a re-encoded image, a checked PDF) reaches storage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.formdefs import DocumentRequirement, FormDefinition, Page
from kiosk.messages import N_
from kiosk.models import Draft, Upload

from .documents import DocumentRefused, Limits, inspect_upload
from .uploads import stored_upload


@dataclass(frozen=True)
class ChecklistItem:
    requirement: DocumentRequirement
    uploads: tuple[Upload, ...]
    in_person: bool = False  # the resident will hand it to a clerk (at a kiosk)

    @property
    def missing(self) -> bool:
        return self.requirement.required and not self.uploads and not self.in_person

    @property
    def full(self) -> bool:
        return len(self.uploads) >= self.requirement.max_files


def checklist(
    session: Session, form: FormDefinition, draft: Draft, today: dt.date | None = None
) -> list[ChecklistItem]:
    """The documents that apply to the draft's answers, each with the files given for it."""
    applicable = form.applicable_documents(draft.answers, today)
    if not applicable:
        return []
    by_document: dict[str, list[Upload]] = {}
    for upload in draft_document_uploads(session, draft):
        by_document.setdefault(upload.document_id, []).append(upload)
    in_person = set(draft.documents_in_person or ())
    return [
        ChecklistItem(doc, tuple(by_document.get(doc.id, ())), doc.id in in_person)
        for doc in applicable
    ]


def hand_in_person(session: Session, draft: Draft, document_id: str, *, yes: bool) -> None:
    """The resident will hand `document_id` to a clerk (yes) or upload it after all."""
    chosen = [doc for doc in (draft.documents_in_person or []) if doc != document_id]
    if yes:
        chosen.append(document_id)
    draft.documents_in_person = chosen
    session.commit()


def in_person(items: Iterable[ChecklistItem]) -> list[str]:
    """The documents, of those that apply, to be handed to a clerk (none uploaded)."""
    return [item.requirement.id for item in items if item.in_person and not item.uploads]


def to_hand_over(form: FormDefinition, submission) -> list[DocumentRequirement]:
    """The documents a sent application says the resident will give to a clerk."""
    chosen = set(submission.documents_in_person or ())
    return [doc for doc in form.documents if doc.id in chosen]


_readiness_pages: dict[int, tuple[FormDefinition, Page | None]] = {}


def readiness_page(form: FormDefinition) -> Page | None:
    """The questions the documents' conditions depend on, and nothing else.

    Asked before starting, they give the exact list of documents to bring. The
    questions keep their ids, so their answers can carry into the application.
    Built once per definition (definitions are immutable).
    """
    cached = _readiness_pages.get(id(form))
    if cached is None or cached[0] is not form:
        cached = _readiness_pages[id(form)] = (form, _readiness_page(form))
    return cached[1]


def _readiness_page(form: FormDefinition) -> Page | None:
    asked = {ref for doc in form.documents if doc.show_if for ref in doc.show_if.field_refs()}
    questions = tuple(
        dataclasses.replace(q, show_if=None)
        for q in form.fields()
        if q.id in asked and q.type != "group"
    )
    if not questions:
        return None
    return Page(id="readiness", title=N_("Find out which documents you need"), fields=questions)


def missing(items: Iterable[ChecklistItem]) -> list[DocumentRequirement]:
    return [item.requirement for item in items if item.missing]


def draft_document_uploads(session: Session, draft: Draft) -> list[Upload]:
    return list(
        session.scalars(
            select(Upload)
            .where(Upload.draft_id == draft.id, Upload.document_id.is_not(None))
            .order_by(Upload.id)
        )
    )


def add_document(
    session: Session,
    storage,
    draft: Draft,
    requirement: DocumentRequirement,
    data: bytes,
    filename: str,
    *,
    limits: Limits,
    application_limit: int,
    now: dt.datetime,
) -> Upload:
    """Check and store one file for `requirement`. Raises DocumentRefused with the reason.

    When the requirement takes one file, a new file replaces the one given before.
    """
    accepted = inspect_upload(data, filename, requirement.accept, limits)
    given = [u for u in draft_document_uploads(session, draft) if u.document_id == requirement.id]
    replaced = given[0] if requirement.max_files == 1 and given else None
    if replaced is None and len(given) >= requirement.max_files:
        raise DocumentRefused(
            N_("You can upload up to %(count)s files for this document. Remove one first"),
            count=requirement.max_files,
        )
    total = _draft_bytes(session, draft) - (replaced.size if replaced else 0)
    if total + len(accepted.data) > application_limit:
        raise DocumentRefused(
            N_(
                "Your files together must be smaller than %(size)s MB. "
                "Remove a file or upload a smaller copy"
            ),
            size=application_limit // (1024 * 1024),
        )
    upload = stored_upload(
        storage, draft, accepted, field_id=requirement.id, document_id=requirement.id, now=now
    )
    session.add(upload)
    if replaced is not None:
        session.delete(replaced)
    draft.updated_at = now
    session.commit()
    if replaced is not None:
        storage.delete(replaced.storage_key)
    return upload


def find_upload(session: Session, draft: Draft, upload_id: Any) -> Upload | None:
    """One of this draft's files, or None: a resident can only reach their own."""
    try:
        number = int(upload_id)
    except (TypeError, ValueError):
        return None
    upload = session.get(Upload, number)
    if upload is None or upload.draft_id != draft.id or upload.submission_id is not None:
        return None
    return upload


def remove_document(session: Session, storage, draft: Draft, upload_id: Any) -> bool:
    upload = find_upload(session, draft, upload_id)
    if upload is None or upload.document_id is None:
        return False
    key = upload.storage_key
    session.delete(upload)
    session.commit()
    storage.delete(key)
    return True


def discard_uploads(session: Session, storage, draft: Draft) -> int:
    """Delete every file of a draft that was abandoned; returns how many."""
    uploads = session.scalars(
        select(Upload).where(Upload.draft_id == draft.id, Upload.submission_id.is_(None))
    ).all()
    keys = [upload.storage_key for upload in uploads]
    for upload in uploads:
        session.delete(upload)
    session.commit()
    for key in keys:
        storage.delete(key)
    return len(keys)


def provided(items: Iterable[ChecklistItem]) -> list[Mapping[str, Any]]:
    """What the submission records about its documents (for clerks and the PDF)."""
    return [
        {
            "id": item.requirement.id,
            "name": item.requirement.name,
            "required": item.requirement.required,
            "files": [
                {"key": u.storage_key, "filename": u.filename, "content_type": u.content_type}
                for u in item.uploads
            ],
        }
        for item in items
    ]


def _draft_bytes(session: Session, draft: Draft) -> int:
    return session.scalar(
        select(func.coalesce(func.sum(Upload.size), 0)).where(
            Upload.draft_id == draft.id, Upload.submission_id.is_(None)
        )
    )
