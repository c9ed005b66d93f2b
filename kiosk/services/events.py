"""Recording where residents go in a form, and where they stop, without personal data.

Each draft carries a random `journey` token from its start until it is submitted; events
name that token, the form, the channel, the kind of event and, where it matters, the
page, the question or the document. They hold no answers, no time of day and nothing
that leads back to a submission. Recording an event never breaks the resident's way:
it is written after the resident's own changes are committed, and a failure is logged
and forgotten.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import Draft, JourneyEvent

from .journey import Journey

log = logging.getLogger(__name__)

KINDS = (
    "started",
    "page_completed",
    "validation_error",
    "saved",
    "resumed",
    "documents_missing",
    "submitted",
    "abandoned",
)


def new_journey() -> str:
    return secrets.token_urlsafe(16)


def event_for(draft: Draft, kind: str, today: dt.date, **detail) -> JourneyEvent | None:
    if not draft.journey:
        return None
    return JourneyEvent(
        journey=draft.journey,
        form_slug=draft.form_slug,
        channel=draft.channel,
        kind=kind,
        occurred_on=today,
        **detail,
    )


def record(session: Session, draft: Draft | None, kind: str, today: dt.date, **detail) -> None:
    """Record one event for `draft`'s journey; `detail` is page_id, field_id or document_id."""
    record_many(session, draft, kind, today, [detail])


def record_many(
    session: Session, draft: Draft | None, kind: str, today: dt.date, details: list[dict]
) -> None:
    if draft is None or not details:
        return
    events = [event_for(draft, kind, today, **detail) for detail in details]
    _save_quietly(session, [event for event in events if event is not None], kind)


def _save_quietly(session: Session, events: list[JourneyEvent], kind: str) -> None:
    """Write events after the resident's own changes; a failure is logged and forgotten."""
    try:
        session.add_all(events)
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.exception("could not record a %s event", kind)


def record_submitted(
    session: Session, draft: Draft, journey: str, now: dt.datetime, today: dt.date | None = None
) -> None:
    """The last event of a journey: how long it took, from start to submission; `today`
    is the office's date (`now`'s by default)."""
    elapsed = int((now - draft.created_at).total_seconds())
    event = JourneyEvent(
        journey=journey,
        form_slug=draft.form_slug,
        channel=draft.channel,
        kind="submitted",
        elapsed_seconds=max(elapsed, 0),
        occurred_on=today or now.date(),
    )
    _save_quietly(session, [event], "submitted")


def abandoned(draft: Draft, form: FormDefinition | None, today: dt.date) -> JourneyEvent | None:
    """The event for a draft that expired unsubmitted: the page where the resident stopped."""
    page_id = None
    if form is not None:
        journey = Journey(form, draft.answers, frozenset(draft.completed_pages), today)
        stopped = journey.first_unfinished()
        if stopped is not None:
            page_id = stopped.id
        else:  # every page answered: stopped at the documents or the declaration
            page_id = "documents" if journey.has_documents_step else "declaration"
    return event_for(draft, "abandoned", today, page_id=page_id)
