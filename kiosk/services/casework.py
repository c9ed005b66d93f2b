"""What a clerk does to a submission: change its status, which tells the resident by
email (a notice) or, for "needs information" with a named document, asks them for it
(a request with a one-time code, see `information_requests`); or add a note alone,
which keeps the status and tells the resident nothing.

Both are decided before anything changes, so a refused document or a status that may
not follow leaves the submission as it was.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.models import StaffUser, Submission

from . import notices, workflow
from .information_requests import Issued, ask_for_document, requested_document


def change_status(
    session: Session,
    submission: Submission,
    form: FormDefinition | None,
    to_status: str,
    note: str,
    *,
    document: str,
    description: str,
    user: StaffUser,
    now: dt.datetime,
) -> Issued | None:
    """A clerk's status change; with "needs information" and a `document` (one of the
    form's ids, or "other" with a `description`), also the request for it.

    The document is checked before anything changes (information_requests.RequestError);
    a status that may not follow raises workflow.NotAllowed. No `to_status` (the clerk
    kept the status) adds the note alone.
    """
    if not to_status:
        workflow.add_note(session, submission, note, user=user, now=now)
        return None
    asks = to_status == "needs_information" and bool(document)
    document_id = None if document == "other" else document
    workflow.check_allowed(submission, to_status)
    if asks:
        requested_document(form, document_id, description)
    else:
        notices.plan(session, form, submission, now)  # saved with the change, or not at all
    workflow.change_status(session, submission, to_status, note, user=user, now=now)
    if not asks:
        return None
    return ask_for_document(
        session,
        submission,
        form,
        document_id=document_id,
        description=description,
        note=note,
        user=user,
        now=now,
    )
