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

from .documents import DocumentRefused, Limits, inspect_upload

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
    key = storage.save_bytes(accepted.data)
    upload = Upload(
        storage_key=key,
        draft_id=draft.id,
        field_id=question.id,
        filename=accepted.filename,
        content_type=accepted.content_type,
        size=len(accepted.data),
        created_at=now,
    )
    session.add(upload)
    session.commit()
    return {
        "key": key,
        "filename": accepted.filename,
        "size": upload.size,
        "content_type": upload.content_type,
    }


__all__ = ["ACCEPT_ATTRIBUTE", "DocumentRefused", "accept_upload"]
