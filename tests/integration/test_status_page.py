"""Residents track an application at /status with its reference and their email address."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.models import Submission
from kiosk.services import tracking

from ..journeys import JOURNEYS


def submit(resident) -> str:
    resident.start("records-request")
    for page_id, data in JOURNEYS["records-request"]:
        resident.answer("records-request", page_id, data)
    resident.post("/forms/records-request/declaration", {"confirm": "y"})
    resident.get("/forms/records-request/confirmation")
    assert resident.soup().find("a", href="/status") is not None
    return resident.soup().find(attrs={"data-reference": True})["data-reference"]


def email_given() -> str:
    return dict(JOURNEYS["records-request"])["your-details"]["email"]


def test_the_resident_sees_the_status_and_the_expected_decision_date(resident, db_session):
    reference = submit(resident)
    response = resident.post(
        "/status", {"reference": reference.lower().replace("-", " "), "email": email_given()}
    )
    assert response.status_code == 200
    shown = resident.soup().select_one("[data-status]")
    assert shown["data-status"] == "received"
    text = shown.get_text(" ", strip=True)
    submission = db_session.scalar(select(Submission))
    assert "Received" in text and "Expected decision by" in text
    assert str(submission.due_on.year) in text
    office = resident.soup().find(attrs={"data-office": "information-governance"})
    assert office is not None and "foi@city.example" in office.get_text()


def test_a_wrong_pair_says_the_same_whichever_half_is_wrong(resident):
    reference = submit(resident)
    wrong_email = resident.post("/status", {"reference": reference, "email": "x@example.com"})
    wrong_text = resident.soup().select_one(".error-summary").get_text(" ", strip=True)
    unknown = resident.post("/status", {"reference": "FOI-2222-2223", "email": email_given()})
    unknown_text = resident.soup().select_one(".error-summary").get_text(" ", strip=True)
    assert wrong_email.status_code == unknown.status_code == 400
    assert wrong_text == unknown_text and "could not find" in wrong_text


def test_repeated_failures_are_paused(resident, client):
    reference = submit(resident)
    for number in range(tracking.MAX_FAILURES):
        resident.post("/status", {"reference": f"FOI-2222-{number:04d}", "email": "a@b.c"})
    response = resident.post("/status", {"reference": reference, "email": email_given()})
    assert response.status_code == 400
    assert "Too many tries" in resident.soup().select_one(".error-summary").get_text()
