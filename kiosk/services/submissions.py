"""Turning a finished draft into exactly one submission, committed in one transaction.

The confirmation page is shown only after `submit` returns, which is after the commit.
The submission's deliveries to the office (the outbox) are committed with it.
A second submit of the same draft (double tap, back and resubmit, two tabs) returns
the submission already made: `submissions.draft_id` is unique, so even two requests
racing each other end with one row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import Draft, Submission, Upload

from . import checklist, delivery, notices
from .drafts import journey
from .names import search_key
from .office_time import add_working_days
from .references import new_reference, normalise_reference

REFERENCE_ATTEMPTS = 5


class IncompleteApplication(Exception):
    """The draft still has a page to answer; `page_id` is where to send the resident."""

    def __init__(self, page_id: str):
        super().__init__(page_id)
        self.page_id = page_id


class MissingDocuments(Exception):
    """A required document has no file yet; `names` are the documents' names."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def submit(
    session: Session,
    form: FormDefinition,
    draft: Draft,
    declaration: Mapping[str, Any],
    *,
    now: dt.datetime,
    language: str | None = None,
    channel: str | None = None,
    closed_days: Collection[dt.date] = (),
    today: dt.date | None = None,
) -> Submission:
    """Submit `draft` once; `language` is the one the resident declared in, and
    `channel` where they finished (a draft started at a kiosk may end on a phone).
    The decision is due `form.service_standard_days` working days after `today` (the
    office's date; `now`'s by default), the office's `closed_days` not counted."""
    today = today or now.date()
    if draft.submission is not None:
        return draft.submission
    unfinished = journey(form, draft, today).first_unfinished()
    if unfinished is not None:
        raise IncompleteApplication(unfinished.id)
    documents = checklist.checklist(session, form, draft, today)
    if checklist.missing(documents):
        raise MissingDocuments([doc.name for doc in checklist.missing(documents)])
    answers = form.visible_answers(draft.answers, today)
    name = resident_name(form, answers)
    for _attempt in range(REFERENCE_ATTEMPTS):
        submission = Submission(
            reference=new_reference(form.reference_prefix),
            draft_id=draft.id,
            form_slug=form.slug,
            form_version=form.version,
            language=language or draft.language,
            channel=channel or draft.channel,
            answers=answers,
            declaration=dict(declaration),
            status="received",
            resident_name=name,
            search_name=search_key(name),
            started_at=draft.created_at,
            submitted_at=now,
            due_on=add_working_days(today, form.service_standard_days, closed_days),
            documents_in_person=checklist.in_person(documents),
        )
        try:
            session.add(submission)
            session.flush()  # a racing submit of this draft, or a taken reference, fails here
            _claim_uploads(session, draft, submission, answers, documents)
            session.add_all(delivery.planned(form, submission, now))
            notices.plan(session, form, submission, now, channel=notices.RECEIPT)
            draft.submission = submission
            draft.answers = {}
            draft.completed_pages = []
            draft.resume_code_hash = None
            draft.journey = None  # events stop here, and nothing links them to the submission
            session.commit()
            return submission
        except IntegrityError:
            session.rollback()
            existing = session.scalar(select(Submission).where(Submission.draft_id == draft.id))
            if existing is not None:
                return existing
    raise RuntimeError("could not allocate a unique reference")


def resident_name(form: FormDefinition, answers: Mapping[str, Any]) -> str:
    """The name the resident gave (the first question asking for a name), for the inbox."""
    for question in form.fields():
        if question.autocomplete == "name" and isinstance(answers.get(question.id), str):
            return answers[question.id].strip()[:200]
    return ""


def _claim_uploads(session: Session, draft: Draft, submission: Submission, answers, documents):
    """Attach the files the submitted answers and documents refer to; the rest stay behind."""
    kept = {item["key"] for item in _file_answers(answers)}
    kept |= {upload.storage_key for item in documents for upload in item.uploads}
    for upload in session.scalars(select(Upload).where(Upload.draft_id == draft.id)):
        if upload.storage_key in kept:
            upload.submission = submission


def _file_answers(value: Any):
    if isinstance(value, Mapping):
        if "key" in value and "filename" in value:
            yield value
        else:
            for item in value.values():
                yield from _file_answers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _file_answers(item)


def find_by_reference(session: Session, typed: str) -> Submission | None:
    reference = normalise_reference(typed)
    if reference is None:
        return None
    return session.scalar(select(Submission).where(Submission.reference == reference))
