"""Residents save and come back later; expired drafts are purged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from kiosk.models import Draft
from kiosk.services import drafts

from ..support import Resident, page_text

SLUG = "parking-permit"
ABOUT_YOU = {"full_name": "Nguyen Van An", "email": "an@example.com"}


def _save_and_get_code(resident) -> str:
    resident.start(SLUG)
    response = resident.answer(SLUG, "about-you", ABOUT_YOU, action="save")
    assert response.location.endswith(f"/forms/{SLUG}/saved")
    saved = resident.get(response.location)
    assert "Your answers have been saved" in page_text(saved)
    return resident.soup().select_one("[data-resume-code]").get_text(strip=True)


def test_save_and_come_back_later_on_another_device(app, resident):
    code = _save_and_get_code(resident)
    assert len(code) == 14 and code.count("-") == 2

    other_device = Resident(app.test_client())
    response = other_device.post("/resume", {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    response = other_device.get(response.location)
    assert response.location.endswith("/your-address")  # the next page to answer
    other_device.get(f"/forms/{SLUG}/about-you")
    assert other_device.soup().find(id="full_name")["value"] == "Nguyen Van An"


def test_resume_code_is_not_in_the_page_after_it_was_shown(resident):
    _save_and_get_code(resident)
    response = resident.get(f"/forms/{SLUG}/saved")
    assert response.status_code == 302  # shown once only


def test_wrong_resume_code_gets_a_clear_error(resident):
    response = resident.post("/resume", {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 400
    soup = resident.soup()
    assert soup.title.get_text().startswith("Error:")
    assert "Enter the resume code you were given" in soup.select_one(".error-summary").get_text()
    assert soup.find(id="code")["value"] == "AAAA-BBBB-CCCC"


def test_an_empty_resume_code_is_asked_for_not_called_wrong(resident):
    response = resident.post("/resume", {"code": "  "})
    assert response.status_code == 400
    summary = resident.soup().select_one(".error-summary").get_text(" ", strip=True)
    assert "Enter your resume code" in summary
    assert "expired" not in summary
    assert resident.soup().select_one("#code-error") is not None


def test_resume_code_stops_working_when_the_draft_expires(app, resident, db_session):
    code = _save_and_get_code(resident)
    draft = db_session.scalar(select(Draft))
    later = draft.expires_at + dt.timedelta(seconds=1)
    assert drafts.resume(db_session, code, later) is None
    assert drafts.resume(db_session, code, draft.expires_at - dt.timedelta(days=1)) is not None


def test_expired_drafts_are_purged(app, resident, db_session, runner):
    _save_and_get_code(resident)
    draft = db_session.scalar(select(Draft))
    assert drafts.purge_expired(db_session, draft.expires_at - dt.timedelta(hours=1)) == 0
    assert drafts.purge_expired(db_session, draft.expires_at + dt.timedelta(hours=1)) == 1
    assert db_session.scalar(select(func.count()).select_from(Draft)) == 0
    result = runner.invoke(args=["drafts", "purge"])
    assert result.exit_code == 0 and "0 expired draft(s) deleted" in result.output


def test_visiting_a_question_without_a_draft_explains_the_session_ended(resident):
    response = resident.get(f"/forms/{SLUG}/about-you")
    assert response.status_code == 410
    assert "Your session has ended" in page_text(response)


def test_answers_are_kept_server_side_not_in_the_cookie(resident, client):
    resident.start(SLUG)
    resident.answer(SLUG, "about-you", ABOUT_YOU)
    cookie = client.get_cookie("kiosk_session")
    assert cookie is not None
    assert "Nguyen" not in cookie.value and "example.com" not in cookie.value


def test_a_question_page_after_the_draft_expired_explains_the_session_ended(resident, db_session):
    resident.start(SLUG)
    resident.answer(SLUG, "about-you", ABOUT_YOU)
    assert resident.get(f"/forms/{SLUG}/about-you").status_code == 200
    draft = db_session.scalar(select(Draft))
    draft.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db_session.commit()
    response = resident.get(f"/forms/{SLUG}/about-you")
    assert response.status_code == 410
    assert "Your session has ended" in page_text(response)


def test_a_draft_read_for_showing_has_what_the_stored_draft_has(resident, db_session):
    resident.start(SLUG)
    resident.answer(SLUG, "about-you", ABOUT_YOU)
    stored = db_session.scalar(select(Draft))
    now = dt.datetime.now(dt.UTC)
    shown = drafts.view_draft(db_session.connection(), stored.id, now)
    assert shown == drafts.DraftView(
        id=stored.id,
        form_slug=SLUG,
        answers=stored.answers,
        completed_pages=stored.completed_pages,
        submission_id=None,
        expires_at=stored.expires_at,
    )
    assert shown.answers["full_name"] == "Nguyen Van An"
    assert drafts.view_draft(db_session.connection(), "no-such-draft", now) is None
    assert drafts.view_draft(db_session.connection(), stored.id, stored.expires_at) is None


def test_a_head_request_reads_a_question_page_and_keeps_its_answers(resident):
    """Link checkers and prefetchers send HEAD: it must not be taken for a post."""
    resident.start("parking-permit")
    resident.answer("parking-permit", "about-you", {"full_name": "Amira Haddad", "email": "a@b.c"})
    head = resident.client.head("/forms/parking-permit/about-you")
    assert head.status_code == 200 and head.data == b""
    resident.get("/forms/parking-permit/about-you")
    assert resident.soup().find(id="full_name")["value"] == "Amira Haddad"
