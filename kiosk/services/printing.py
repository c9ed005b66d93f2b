"""Printing: one submission's sealed PDF, or several merged into one file to print at once.

A merged file is for the printer only: a seal covers one PDF exactly as it was sealed, so
the copied pages carry no seal (it would only show as broken) and the file says it is a
print copy; the sealed originals stay in storage. Each submission starts on a new sheet
when printed on both sides, and has a bookmark named by its reference. Printing marks
the submissions printed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject
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
    chosen = list(dict.fromkeys(references))[:MAX_BATCH]
    return list(
        session.scalars(
            select(Submission)
            .where(Submission.reference.in_(chosen))
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
    *,
    title: str,
) -> PrintBatch:
    """One file to print: every PDF that could be read, in the order given, without its
    seal, each followed by a blank page if it has an odd number of pages (but the last),
    and `title` as the file's title. If some could not be read, `missing_page(those)`
    comes first, so that the clerk sees at the printer what is not in the pile; the rest
    still prints."""
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
    starts = []  # the first page of each part, for its bookmark
    for number, data in enumerate(parts):
        reader = PdfReader(io.BytesIO(data))
        starts.append(len(writer.pages))
        for page in reader.pages:
            _without_form_fields(writer.add_page(page))
        last = reader.pages[-1]
        if len(reader.pages) % 2 and number < len(parts) - 1:
            writer.add_blank_page(float(last.mediabox.width), float(last.mediabox.height))
    writer.root_object.pop(NameObject("/AcroForm"), None)  # the seals' fields
    writer.root_object.pop(NameObject("/Perms"), None)
    # A bookmark per submission, by reference, so the clerk can find one in the file.
    for submission, start in zip(printed, starts[1:] if missing else starts, strict=True):
        writer.add_outline_item(submission.reference, start)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return PrintBatch(buffer.getvalue(), printed, missing)


def _without_form_fields(page) -> None:
    """Drop a copied page's form widgets: a sealed PDF's only ones are its seal's."""
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = ArrayObject(
        annotation
        for annotation in annotations.get_object()
        if annotation.get_object().get("/Subtype") != "/Widget"
    )
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        del page["/Annots"]


def mark_printed(
    session: Session, submissions: Sequence[Submission], *, user: StaffUser, now: dt.datetime
) -> None:
    for submission in submissions:
        submission.printed_at = now
    session.commit()
    for submission in submissions:
        audit(session, "print", user=user, now=now, submission_id=submission.id)
