"""Accepting a file a resident uploads to a `file` question on a question page.

The file goes through the same checks as documents (`documents.inspect_upload`):
only the safe copy that returns is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kiosk.formdefs import Field
from kiosk.models import Draft, Upload

from .documents import AcceptedFile, DocumentRefused, Limits, inspect_upload

# What a browser's file picker should offer for each kind a question or document accepts.
ACCEPT_ATTRIBUTE = {
    "pdf": ("application/pdf", ".pdf"),
    "jpeg": ("image/jpeg", ".jpg", ".jpeg"),
    "png": ("image/png", ".png"),
    "heic": ("image/heic", "image/heif", ".heic", ".heif"),
}


def accept_upload(
    session: Session,
    storage,
    draft: Draft,
    question: Field,
    data: bytes,
    filename: str,
    *,
    limits: Limits,
    now: dt.datetime,
) -> dict[str, Any]:
    """Check and store a file for `question`; return its answer entry.

    Raises DocumentRefused with the reason.
    """
    accepted = inspect_upload(data, filename, question.accept, limits)
    upload = stored_upload(storage, draft, accepted, field_id=question.id, now=now)
    session.add(upload)
    session.commit()
    return {
        "key": upload.storage_key,
        "filename": accepted.filename,
        "size": upload.size,
        "content_type": upload.content_type,
    }


def stored_upload(
    storage,
    draft: Draft,
    accepted: AcceptedFile,
    *,
    field_id: str,
    now: dt.datetime,
    document_id: str | None = None,
) -> Upload:
    """Put the checked copy of a file in storage; its row, not yet added to a session."""
    return Upload(
        storage_key=storage.save_bytes(accepted.data),
        draft_id=draft.id,
        field_id=field_id,
        document_id=document_id,
        filename=accepted.filename,
        content_type=accepted.content_type,
        size=len(accepted.data),
        created_at=now,
    )


__all__ = ["ACCEPT_ATTRIBUTE", "DocumentRefused", "accept_upload", "stored_upload"]
