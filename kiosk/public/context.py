"""What the resident's views share: the draft in this browser session, time, limits."""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, redirect, render_template, session, url_for

from ..agency import office_today
from ..extensions import db
from ..formdefs import FormDefinition
from ..i18n import current_formats, request_translations
from ..models import Draft
from ..services import clock, drafts, events
from ..services.documents import Limits


def draft_ttl() -> dt.timedelta:
    return dt.timedelta(days=current_app.config["DRAFT_TTL_DAYS"])


def upload_limits() -> Limits:
    config = current_app.config
    return Limits(max_bytes=config["MAX_UPLOAD_BYTES"], max_pdf_pages=config["MAX_PDF_PAGES"])


def form_meta() -> dict:
    """WTForms meta for this request: translations, the locale numbers and dates are
    written in (the language's, at the office's country) and today's date."""
    return {
        "translations": request_translations(),
        "locale": current_formats(),
        "today": office_today(),
    }


def current_draft(form: FormDefinition) -> Draft | None:
    """The draft this browser session is filling in for `form`, if it is still there."""
    draft = drafts.find_draft(db.session, _draft_id(form), clock.now())
    return draft if draft is not None and draft.form_slug == form.slug else None


def shown_draft(form: FormDefinition) -> drafts.DraftView | None:
    """`current_draft` for a page that only shows it (read without the ORM)."""
    draft_id = _draft_id(form)
    if not draft_id:
        return None
    with db.reader.connect() as connection:
        draft = drafts.view_draft(connection, draft_id, clock.now())
    return draft if draft is not None and draft.form_slug == form.slug else None


def _draft_id(form: FormDefinition) -> str | None:
    return session.get("drafts", {}).get(form.slug)


def remember_draft(form: FormDefinition, draft: Draft) -> None:
    mine = dict(session.get("drafts", {}))
    mine[form.slug] = draft.id
    session["drafts"] = mine
    session.permanent = True


def draft_or_expired(form: FormDefinition, *, only_shown: bool = False):
    """This session's unsubmitted draft for `form` (a `DraftView` if `only_shown`);
    else the expired page, or, once it was sent, the confirmation."""
    draft = shown_draft(form) if only_shown else current_draft(form)
    if draft is None:
        abort(expired(form))
    if draft.submission_id is not None:
        abort(redirect(url_for("public.confirmation", slug=form.slug)))
    return draft


def expired(form: FormDefinition):
    return current_app.make_response(
        (render_template("public/session_expired.html", form=form), 410)
    )


def save_for_later(form: FormDefinition, draft: Draft):
    """ "Save and come back later": a resume code for the draft, shown once."""
    code = drafts.issue_resume_code(db.session, draft, now=clock.now(), ttl=draft_ttl())
    events.record(db.session, draft, "saved", office_today())
    session["resume_code"] = code
    return redirect(url_for("public.saved", slug=form.slug))
