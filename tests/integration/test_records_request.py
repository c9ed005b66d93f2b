"""A resident asks for public records: a select list, a date range, a file, no signature."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select

from kiosk.models import Submission, Upload

from .. import samples
from ..support import date_fields, page_text

SLUG = "records-request"
PDF = samples.pdf()


REQUEST = {
    "service_area": "planning",
    "request_details": "All inspection reports for the footbridge on Mill Lane since 2020.",
    **date_fields("records_from", dt.date(2020, 1, 1)),
    **date_fields("records_to", dt.date(2024, 12, 31)),
}
DETAILS = {
    "full_name": "Tran Thi Mai",
    "requester_type": "media",
    "organisation_name": "Exampleton Gazette",
    "email": "mai@example.com",
}


def _request_page(resident, extra: dict | None = None):
    resident.start(SLUG)
    return resident.answer(
        SLUG, "your-request", {**REQUEST, **(extra or {})}, content_type="multipart/form-data"
    )


def test_journalist_asks_for_paper_copies_with_a_supporting_document(resident, db_session):
    response = _request_page(resident, {"supporting_document": (io.BytesIO(PDF), "letter.pdf")})
    assert response.location.endswith("/your-details")
    assert resident.answer(SLUG, "your-details", DETAILS).location.endswith("/how-we-reply")
    by_post = {
        "preferred_format": "post",
        "postal_address-line1": "2 Press Yard",
        "postal_address-town": "Exampleton",
        "postal_address-postcode": "EX3 3PP",
        "copies": "2",
    }
    assert resident.answer(SLUG, "how-we-reply", by_post).location.endswith("/check")
    check = page_text(resident.get(f"/forms/{SLUG}/check"))
    assert "Planning and building control" in check and "letter.pdf" in check
    assert "2 Press Yard" in check

    resident.get(f"/forms/{SLUG}/declaration")
    assert resident.soup().find(id="signature") is None  # this form asks for no signature
    response = resident.post(f"/forms/{SLUG}/declaration", {"confirm": "y"})
    assert response.location.endswith("/confirmation")

    stored = db_session.scalar(select(Submission))
    assert stored.reference.startswith("FOI-")
    assert stored.answers["service_area"] == "planning"
    assert stored.answers["copies"] == "2"
    assert stored.answers["records_from"] == "2020-01-01"
    assert stored.answers["organisation_name"] == "Exampleton Gazette"
    assert "signature" not in stored.declaration
    [document] = stored.answers["supporting_document"]
    assert document["filename"] == "letter.pdf" and document["size"] == len(PDF)
    assert document["content_type"] == "application/pdf" and "/" not in document["key"]
    upload = db_session.scalar(select(Upload))
    assert upload.submission_id == stored.id and upload.storage_key == document["key"]


def test_reply_by_email_needs_no_postal_address(resident, db_session):
    _request_page(resident)
    resident.answer(SLUG, "your-details", {**DETAILS, "requester_type": "individual"})
    posted_anyway = {"preferred_format": "email", "postal_address-line1": "Ignored", "copies": "9"}
    assert resident.answer(SLUG, "how-we-reply", posted_anyway).location.endswith("/check")
    resident.post(f"/forms/{SLUG}/declaration", {"confirm": "y"})
    stored = db_session.scalar(select(Submission))
    assert "postal_address" not in stored.answers and "copies" not in stored.answers
    assert "organisation_name" not in stored.answers


def test_without_javascript_each_revealed_question_says_when_it_applies(resident):
    _request_page(resident)
    resident.answer(SLUG, "your-details", DETAILS)
    resident.get(f"/forms/{SLUG}/how-we-reply")
    said = {
        block.select_one("input, select, textarea")["id"]: block.select_one(
            "[data-applies-when]"
        ).get_text(strip=True)
        for block in resident.soup().select(".conditional")
    }
    question = "“How do you want to get the information?”"
    assert said == {
        "accessible_format": f"Answer this only if your answer to {question} is "
        "“In another accessible format”.",
        "postal_address-line1": f"Answer this only if your answer to {question} is "
        "“Paper copies by post” or “In another accessible format”.",
        "copies": f"Answer this only if your answer to {question} is "
        "“Paper copies by post” or “In another accessible format”.",
    }
    resident.get(f"/forms/{SLUG}/how-we-reply?lang=es")
    assert "Responda a esto solo si" in resident.soup().select_one("[data-applies-when]").text


def test_post_needs_an_address_and_a_sensible_number_of_copies(resident):
    _request_page(resident)
    resident.answer(SLUG, "your-details", DETAILS)
    response = resident.answer(SLUG, "how-we-reply", {"preferred_format": "post", "copies": "40"})
    assert response.status_code == 200
    summary = resident.soup().select_one(".error-summary").get_text()
    assert "Enter address line 1" in summary and "Enter postcode" in summary
    assert "copies" in summary.lower()


def test_a_date_range_the_wrong_way_round_is_refused(resident):
    reversed_range = {
        **date_fields("records_from", dt.date(2024, 1, 1)),
        **date_fields("records_to", dt.date(2020, 1, 1)),
    }
    response = _request_page(resident, reversed_range)
    assert response.status_code == 200
    assert (
        "The 'to' date must be the same as or after the 'from' date"
        in resident.soup().select_one(".error-summary").get_text()
    )


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused(resident, db_session):
    fake = (io.BytesIO(b"<html><script>alert(1)</script></html>"), "report.pdf")
    response = _request_page(resident, {"supporting_document": fake})
    assert response.status_code == 200
    summary = resident.soup().select_one(".error-summary")
    assert "The selected file is a web page. Upload a PDF, JPEG, PNG file instead" in (
        summary.get_text()
    )
    assert summary.find("a")["href"] == "#supporting_document"
    assert db_session.scalar(select(Upload)) is None


def test_a_file_of_a_kind_the_question_does_not_accept_is_refused(resident):
    response = _request_page(
        resident, {"supporting_document": (io.BytesIO(b"MZ\x90\x00"), "tool.exe")}
    )
    assert response.status_code == 200
    assert "The selected file is a Windows program" in page_text(response)
