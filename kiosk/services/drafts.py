"""Drafts: answers kept on the server per page, resumable with a code until they expire."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition, Page
from kiosk.models import Draft, Upload

from . import events
from .journey import Journey
from .references import ALPHABET

RESUME_CODE_LENGTH = 12


def start_draft(
    session: Session,
    form: FormDefinition,
    *,
    language: str,
    channel: str,
    now: dt.datetime,
    ttl: dt.timedelta,
    today: dt.date | None = None,
) -> Draft:
    """A new draft of `form`; `today` is the office's date (`now`'s by default), the day
    its journey is counted as started."""
    draft = Draft(
        id=secrets.token_urlsafe(32),
        form_slug=form.slug,
        form_version=form.version,
        language=language,
        channel=channel,
        answers={},
        completed_pages=[],
        created_at=now,
        updated_at=now,
        expires_at=now + ttl,
        journey=events.new_journey(),
    )
    session.add(draft)
    session.commit()
    events.record(session, draft, "started", today or now.date())
    return draft


def find_draft(session: Session, draft_id: str | None, now: dt.datetime) -> Draft | None:
    """The draft if it exists and has not expired; submitted drafts are returned too."""
    if not draft_id:
        return None
    draft = session.get(Draft, draft_id)
    if draft is None or draft.expires_at <= now:
        return None
    return draft


@dataclass(frozen=True)
class DraftView:
    """What a question page reads of a draft, without the ORM.

    Showing a page is most of a resident's requests and changes nothing; one Core query
    by primary key costs a fifth of loading the ORM object (identity map, change
    tracking, a session to close), which was a quarter of the whole page.
    """

    id: str
    form_slug: str
    answers: Mapping[str, Any]
    completed_pages: Sequence[str]
    submission_id: int | None
    expires_at: dt.datetime


_DRAFT_VIEW = select(*(Draft.__table__.c[field.name] for field in fields(DraftView))).where(
    Draft.__table__.c.id == bindparam("draft_id")
)


def view_draft(connection: Connection, draft_id: str | None, now: dt.datetime) -> DraftView | None:
    """Like `find_draft`, for pages that only show the draft."""
    if not draft_id:
        return None
    row = connection.execute(_DRAFT_VIEW, {"draft_id": draft_id}).one_or_none()
    if row is None or row.expires_at <= now:
        return None
    return DraftView(**row._mapping)


def journey(
    form: FormDefinition, draft: Draft | DraftView, today: dt.date | None = None
) -> Journey:
    return Journey(form, draft.answers, frozenset(draft.completed_pages), today)


def save_page(
    session: Session,
    draft: Draft,
    page: Page,
    page_answers: Mapping[str, Any],
    *,
    complete: bool,
    now: dt.datetime,
    ttl: dt.timedelta,
) -> None:
    """Store the answers from one page; `complete` when they passed validation."""
    answers = dict(draft.answers)
    for question in page.fields:
        if question.id in page_answers:
            answers[question.id] = page_answers[question.id]
    draft.answers = answers
    completed = set(draft.completed_pages)
    if complete:
        completed.add(page.id)
    else:
        completed.discard(page.id)
    draft.completed_pages = sorted(completed)
    draft.updated_at = now
    draft.expires_at = max(draft.expires_at, now + ttl)
    session.commit()


def prefill(session: Session, draft: Draft, answers: Mapping[str, Any], *, now: dt.datetime):
    """Answers given before starting (the readiness check); their pages stay unfinished."""
    draft.answers = {**draft.answers, **answers}
    draft.updated_at = now
    session.commit()


def issue_resume_code(
    session: Session, draft: Draft, *, now: dt.datetime, ttl: dt.timedelta
) -> str:
    """A new code for "Save and come back later"; any earlier code stops working."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(RESUME_CODE_LENGTH))
    draft.resume_code_hash = _hash(code)
    draft.expires_at = now + ttl
    draft.updated_at = now
    session.commit()
    return format_resume_code(code)


def format_resume_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def resume(session: Session, typed_code: str, now: dt.datetime) -> Draft | None:
    """The unsubmitted, unexpired draft for a typed resume code, else None."""
    code = "".join(ch for ch in (typed_code or "").upper() if ch.isalnum())
    if len(code) != RESUME_CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    draft = session.scalar(select(Draft).where(Draft.resume_code_hash == _hash(code)))
    if draft is None or draft.expires_at <= now or draft.submission_id is not None:
        return None
    return draft


def purge_expired(
    session: Session, now: dt.datetime, storage=None, forms=None, today: dt.date | None = None
) -> int:
    """Delete expired drafts and the files uploaded to them. Returns how many.

    An unsubmitted draft leaves an "abandoned" event naming the page where it stopped.
    """
    expired = select(Draft.id).where(Draft.expires_at <= now)
    given_up = session.scalars(
        select(Draft).where(
            Draft.expires_at <= now, Draft.submission_id.is_(None), Draft.journey.is_not(None)
        )
    )
    for draft in given_up:
        form = forms.get(draft.form_slug) if forms is not None else None
        event = events.abandoned(draft, form, today or now.date())
        if event is not None:
            session.add(event)
    uploads = session.scalars(
        select(Upload).where(Upload.draft_id.in_(expired), Upload.submission_id.is_(None))
    ).all()
    for upload in uploads:
        if storage is not None:
            storage.delete(upload.storage_key)
        session.delete(upload)
    result = session.execute(delete(Draft).where(Draft.expires_at <= now))
    session.commit()
    return result.rowcount or 0


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
