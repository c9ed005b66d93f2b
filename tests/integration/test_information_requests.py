"""A clerk asks for a missing document; the resident uploads it with reference and code."""

from __future__ import annotations

import functools
import io
import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from kiosk.catalog import forms
from kiosk.models import (
    AuditEvent,
    InformationRequest,
    StaffUser,
    StatusChange,
    Submission,
    Upload,
)
from kiosk.services import information_requests

from ..checking_client import csrf_token_in
from ..journeys import JOURNEYS
from ..samples import png
from ..support import Resident, submit_records_request

EMAIL = dict(JOURNEYS["records-request"])["your-details"]["email"]


@pytest.fixture
def clerk_client(staff_client):
    return staff_client("clerk", name="Chris Clerk")


def ask_for(clerk_client, reference, document="other", described="A photo of your ID card"):
    page = clerk_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    return clerk_client.post(
        f"/staff/submissions/{reference}/status",
        data={
            "csrf_token": csrf_token_in(page),
            "status": "needs_information",
            "note": "Please send a photo of your ID card, both sides on one page.",
            "document": document,
            "document_other": described,
        },
    )


def issued_code(clerk_client, reference) -> str:
    page = clerk_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    match = re.search(r'data-request-code><bdi dir="ltr">([A-Z0-9-]+)</bdi>', page)
    assert match, "the code is not on the page"
    return match.group(1)


def test_the_resident_provides_the_document_the_clerk_asked_for(
    app, resident, clerk_client, staff_client, db_session
):
    reference = submit_records_request(resident)
    assert ask_for(clerk_client, reference).status_code == 302
    code = issued_code(clerk_client, reference)
    again = clerk_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    assert code not in again and "waiting" in again  # shown once; the request stays listed
    stored = db_session.scalar(select(InformationRequest))
    assert stored.code_hash != code and code.replace("-", "") not in stored.code_hash

    visitor = Resident(app.test_client())  # the resident, at home, days later
    status = visitor.post("/status", {"reference": reference, "email": EMAIL})
    text = status.get_data(as_text=True)
    assert "We need a document from you" in text and "A photo of your ID card" in text

    wrong = visitor.post("/provide", {"reference": reference, "code": "2345-6789"})
    assert wrong.status_code == 400 and "could not find a request" in wrong.get_data(as_text=True)
    typed = code.lower().replace("-", " ")
    opened = visitor.post("/provide", {"reference": reference.lower(), "code": typed})
    assert opened.location.endswith("/provide/upload")
    page = visitor.get("/provide/upload").get_data(as_text=True)
    assert "A photo of your ID card" in page and "both sides on one page" in page

    refused = visitor.post(
        "/provide/upload",
        {"file": (io.BytesIO(b"<html><script>x</script></html>"), "id.png")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "Error:" in visitor.soup().title.get_text()
    done = visitor.post(
        "/provide/upload",
        {"file": (io.BytesIO(png()), "id-card.png")},
        content_type="multipart/form-data",
    )
    assert done.location.endswith("/provide/done")
    assert reference in visitor.get("/provide/done").get_data(as_text=True)

    db_session.expire_all()
    submission = db_session.scalar(select(Submission).where(Submission.reference == reference))
    assert submission.status == "in_review"
    upload = db_session.scalar(select(Upload).where(Upload.submission_id == submission.id))
    assert upload.filename == "id-card.png" and upload.content_type == "image/png"
    asked = db_session.scalar(select(InformationRequest))
    assert asked.provided_at is not None and asked.upload_id == upload.id
    change = db_session.scalars(select(StatusChange).order_by(StatusChange.id)).all()[-1]
    assert change.staff_user_id is None and change.to_status == "in_review"
    assert "document-provided" in db_session.scalars(select(AuditEvent.action)).all()
    log = BeautifulSoup(
        staff_client("admin").get("/staff/audit").get_data(as_text=True), "html.parser"
    )
    provided = log.select_one("td[data-action=document-provided]").parent
    who, what = [cell.get_text(" ", strip=True) for cell in provided.select("td")[1:3]]
    assert (who, what) == (
        "The resident",
        "The resident provided a document: A photo of your ID card",
    )

    used = Resident(app.test_client()).post("/provide", {"reference": reference, "code": code})
    assert used.status_code == 400  # a code works once
    detail = clerk_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    assert "id-card.png" in detail and "provided" in detail
    assert clerk_client.get(f"/staff/submissions/{reference}/files/{upload.id}").status_code == 200


def test_a_named_document_must_be_one_of_the_forms(app, resident, clerk_client, db_session):
    reference = submit_records_request(resident)
    submission = db_session.scalar(select(Submission).where(Submission.reference == reference))
    clerk = db_session.scalar(select(StaffUser))
    with app.app_context():
        parking, records = forms().get("parking-permit"), forms().get("records-request")
    ask = functools.partial(
        information_requests.ask_for_document,
        db_session,
        submission,
        description="",
        note="",
        user=clerk,
        now=submission.submitted_at,
    )
    with pytest.raises(information_requests.RequestError):
        ask(records, document_id="proof_of_address")
    issued = ask(parking, document_id="proof_of_address")
    assert issued.request.document_name == "Proof of address"
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", issued.code)


def test_other_needs_a_description(resident, clerk_client, db_session):
    reference = submit_records_request(resident)
    response = ask_for(clerk_client, reference, described="  ")
    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = page.select_one(".error-summary a")
    assert summary.get_text() == "Describe the document the resident should provide"
    assert summary["href"] == "#document_other"
    # what the clerk chose and wrote is still there, to correct rather than retype
    assert page.select_one("#status-select option[selected]")["value"] == "needs_information"
    assert page.select_one("#document option[selected]")["value"] == "other"
    note = page.select_one("#note").get_text()
    assert note == "Please send a photo of your ID card, both sides on one page."
    db_session.expire_all()
    assert db_session.scalar(select(Submission.status)) == "received"
    assert db_session.scalar(select(InformationRequest)) is None


def test_a_new_code_replaces_a_lost_one(app, resident, clerk_client, db_session):
    reference = submit_records_request(resident)
    ask_for(clerk_client, reference)
    first = issued_code(clerk_client, reference)
    asked = db_session.scalar(select(InformationRequest))
    page = clerk_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    clerk_client.post(
        f"/staff/submissions/{reference}/requests/{asked.id}/code",
        data={"csrf_token": csrf_token_in(page)},
    )
    second = issued_code(clerk_client, reference)
    assert second != first
    visitor = Resident(app.test_client())
    assert visitor.post("/provide", {"reference": reference, "code": first}).status_code == 400
    assert visitor.post("/provide", {"reference": reference, "code": second}).status_code == 302


def test_guessing_codes_is_paused(app, resident, clerk_client):
    reference = submit_records_request(resident)
    ask_for(clerk_client, reference)
    code = issued_code(clerk_client, reference)
    visitor = Resident(app.test_client())
    for number in range(information_requests.MAX_FAILURES):
        visitor.post("/provide", {"reference": reference, "code": f"2345-{number:04d}"})
    response = visitor.post("/provide", {"reference": reference, "code": code})
    assert response.status_code == 400 and "Too many tries" in response.get_data(as_text=True)


def test_the_upload_page_needs_a_code_first(client):
    response = client.get("/provide/upload")
    assert response.status_code == 302 and response.location.endswith("/provide")
    assert client.get("/provide").status_code == 200


def test_the_code_is_emailed_to_the_resident_in_their_language(app, clerk_client, db_session):
    from .test_delivery import Mailbox, free_port

    mailbox, port = Mailbox(), free_port()
    from aiosmtpd.controller import Controller

    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_SECURITY="none")
        visitor = Resident(app.test_client())
        visitor.get("/?lang=es")
        reference = submit_records_request(visitor)
        mailbox.messages.clear()  # the office's copy of the application, the receipt
        ask_for(clerk_client, reference)
        page = clerk_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
        assert f"We emailed the code to the resident at {EMAIL}" in page
    finally:
        controller.stop()
    (_sender, recipients, message) = mailbox.messages[0]
    assert recipients == [EMAIL]
    assert reference in message["Subject"] and "Necesitamos" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "A photo of your ID card" in body and "/provide" in body
    code = re.search(r"^([2-9A-Z]{4}-[2-9A-Z]{4})\r?$", body, re.MULTILINE).group(1)
    opened = visitor.post("/provide", {"reference": reference, "code": code})
    assert opened.location.endswith("/provide/upload")
