"""One submission per draft, even when two requests race (two tabs, double tap)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.extensions import db
from kiosk.formdefs import load_definition
from kiosk.models import Draft, Submission, Upload
from kiosk.services import drafts, submissions

FORMS = Path(__file__).resolve().parents[2] / "forms"
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _finished_draft(session, form, documents=True) -> Draft:
    draft = drafts.start_draft(
        session, form, language="en", channel="home", now=NOW, ttl=dt.timedelta(days=28)
    )
    draft.answers = {
        "full_name": "Lena Park",
        "email": "lena@example.com",
        "home_address": {"line1": "1 Road", "line2": "", "town": "Town", "postcode": "AB1"},
        "moved_in": "2020-01-01",
        "keeper": "yes",
        "vehicles": [{"registration": "AB12 CDE", "make": "Ford", "fuel": "petrol"}],
        "start_date": NOW.date().isoformat(),
        "duration": "12",
        "blue_badge": "no",
    }
    draft.completed_pages = [page.id for page in form.pages]
    if documents:
        for number, document_id in enumerate(("proof_of_address", "vehicle_registration")):
            session.add(
                Upload(
                    storage_key=f"{draft.id[:20]}-{number}",
                    draft_id=draft.id,
                    field_id=document_id,
                    document_id=document_id,
                    filename=f"{document_id}.pdf",
                    content_type="application/pdf",
                    size=100,
                    created_at=NOW,
                )
            )
    session.commit()
    return draft


def test_two_racing_submits_of_one_draft_make_one_submission(app):
    form = load_definition(FORMS / "parking-permit.yaml")
    with app.app_context():
        engine = db.engine
    with Session(engine) as setup:
        draft_id = _finished_draft(setup, form).id
    with Session(engine) as tab_one, Session(engine) as tab_two:
        first_draft = tab_one.get(Draft, draft_id)
        second_draft = tab_two.get(Draft, draft_id)  # loaded before the first commits
        first = submissions.submit(tab_one, form, first_draft, {"confirmed": True}, now=NOW)
        second = submissions.submit(tab_two, form, second_draft, {"confirmed": True}, now=NOW)
        assert first.reference == second.reference
    with Session(engine) as check:
        assert check.scalar(select(func.count()).select_from(Submission)) == 1
        stored = check.scalar(select(Submission))
        assert stored.due_on == dt.date(2026, 12, 4)  # 10 working days after a Friday
        assert stored.answers["vehicles"][0]["registration"] == "AB12 CDE"


def test_an_unfinished_draft_cannot_be_submitted(app):
    form = load_definition(FORMS / "parking-permit.yaml")
    with app.app_context():
        engine = db.engine
    with Session(engine) as session:
        draft = drafts.start_draft(
            session, form, language="en", channel="home", now=NOW, ttl=dt.timedelta(days=28)
        )
        try:
            submissions.submit(session, form, draft, {}, now=NOW)
        except submissions.IncompleteApplication as exc:
            assert exc.page_id == "about-you"
        else:
            raise AssertionError("an empty draft was submitted")
        assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_a_reference_already_taken_is_never_reused(app, monkeypatch):
    form = load_definition(FORMS / "parking-permit.yaml")
    with app.app_context():
        engine = db.engine
    with Session(engine) as session:
        first = submissions.submit(session, form, _finished_draft(session, form), {}, now=NOW)
        second_draft = _finished_draft(session, form)
        offered = iter([first.reference, "PKP-2222-2223"])
        monkeypatch.setattr(submissions, "new_reference", lambda prefix: next(offered))
        second = submissions.submit(session, form, second_draft, {}, now=NOW)
        assert second.reference == "PKP-2222-2223"
        assert second.draft_id == second_draft.id


def test_a_draft_without_its_required_documents_cannot_be_submitted(app):
    form = load_definition(FORMS / "parking-permit.yaml")
    with app.app_context():
        engine = db.engine
    with Session(engine) as session:
        draft = _finished_draft(session, form, documents=False)
        try:
            submissions.submit(session, form, draft, {}, now=NOW)
        except submissions.MissingDocuments as exc:
            assert exc.names == ["Proof of address", "Vehicle registration certificate"]
        else:
            raise AssertionError("submitted without its documents")
        assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_the_documents_go_with_the_submission(app):
    form = load_definition(FORMS / "parking-permit.yaml")
    with app.app_context():
        engine = db.engine
    with Session(engine) as session:
        submission = submissions.submit(session, form, _finished_draft(session, form), {}, now=NOW)
        assert sorted(u.document_id for u in submission.uploads) == [
            "proof_of_address",
            "vehicle_registration",
        ]
