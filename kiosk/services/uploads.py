"""Accepting a file a resident uploads to a question: kind, size, then storage.

The first bytes must match the kind the name claims; everything else about the
content (re-encoding images, opening PDFs) belongs to the documents service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kiosk.formdefs import Field
from kiosk.models import Draft, Upload

from .storage import TooLarge

EXTENSIONS = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "heic": (".heic", ".heif"),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "heic": "image/heic",
}


class UploadRefused(Exception):
    """The file cannot be accepted; `message` is a msgid, `params` fill it in."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message)
        self.message = message
        self.params = params


def sniff(head: bytes) -> str | None:
    """The kind of file these first bytes begin, among those we accept."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif"):
        return "heic"
    return None


def accept_upload(
    session: Session,
    storage,
    draft: Draft,
    question: Field,
    file,
    *,
    limit: int,
    now: dt.datetime,
) -> dict[str, Any]:
    """Store `file` (a werkzeug FileStorage) for `question`; return its answer entry."""
    name = (file.filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    claimed = next((kind for kind, exts in EXTENSIONS.items() if name.lower().endswith(exts)), None)
    allowed = ", ".join(kind.upper() for kind in question.accept)
    if claimed is None or claimed not in question.accept:
        raise UploadRefused("The selected file must be a %(kinds)s", kinds=allowed)
    head = file.stream.read(16)
    if not head:
        raise UploadRefused("The selected file is empty")
    if sniff(head) != claimed:
        raise UploadRefused(
            "The selected file is not really a %(kind)s. Choose a %(kinds)s file",
            kind=claimed.upper(),
            kinds=allowed,
        )
    file.stream.seek(0)
    try:
        key, size = storage.save(file.stream, limit=limit)
    except TooLarge as exc:
        raise UploadRefused(
            "The selected file must be smaller than %(size)s MB", size=exc.limit // (1024 * 1024)
        ) from exc
    upload = Upload(
        storage_key=key,
        draft_id=draft.id,
        field_id=question.id,
        filename=name,
        content_type=CONTENT_TYPES[claimed],
        size=size,
        created_at=now,
    )
    session.add(upload)
    session.commit()
    return {"key": key, "filename": name, "size": size, "content_type": upload.content_type}
