"""Residents are told by email, in the language they applied in, that their application
arrived and when a clerk changes its status; through the outbox, like the office's
copies."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from kiosk.models import Delivery, Submission
from kiosk.services import notices

from ..checking_client import csrf_token_in
from ..journeys import JOURNEYS
from ..support import Resident, break_the_seal, submit_records_request
from .test_delivery import Mailbox, free_port

EMAIL = dict(JOURNEYS["records-request"])["your-details"]["email"]


@pytest.fixture
def mailbox(app):
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_SECURITY="none")
    yield box
    controller.stop()


@pytest.fixture
def clerk(staff_client):
    return staff_client("clerk", name="Chris Clerk")


def set_status(clerk, reference, status, **extra):
    page = clerk.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    return clerk.post(
        f"/staff/submissions/{reference}/status",
        data={"csrf_token": csrf_token_in(page), "status": status, "note": "Done", **extra},
    )


def sent_to_resident(mailbox):
    return [message for _sender, to, message in mailbox.messages if to == [EMAIL]]


def test_the_resident_hears_of_each_decision_in_their_language(app, mailbox, clerk, db_session):
    visitor = Resident(app.test_client())
    visitor.get("/?lang=es")
    reference = submit_records_request(visitor)
    (receipt,) = sent_to_resident(mailbox)  # and the office's copy
    assert receipt["Subject"] == f"Hemos recibido su solicitud {reference}"
    submission = db_session.scalar(select(Submission).where(Submission.reference == reference))
    text = receipt.get_body(("plain",)).get_content()
    assert f"de {submission.due_on.year}" in text and "Tomaremos una decisión" in text
    assert "Tran Thi Mai" not in receipt["Subject"]

    set_status(clerk, reference, "in_review")
    set_status(clerk, reference, "approved")
    _receipt, first, second = sent_to_resident(mailbox)
    assert first["Subject"] == f"Su solicitud {reference}: En revisión"
    assert second["Subject"].startswith(f"Su solicitud {reference}: Aprobad")
    body = second.get_body(("plain",)).get_content()
    assert "http://127.0.0.1:5000/status" in body
    assert "Information Governance Team" in body and "020 7946 0300" in body
    assert "Done" not in body  # the clerk's note stays in the back office
    notices_kept = db_session.scalars(
        select(Delivery).where(Delivery.channel == notices.CHANNEL)
    ).all()
    assert [n.status for n in notices_kept] == ["delivered", "delivered"]
    page = clerk.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    assert "Email to the resident" in page and "Receipt to the resident" in page


def test_the_receipt_goes_out_even_while_the_pdf_keeps_failing(
    app, mailbox, db_session, monkeypatch
):
    from kiosk.deliveries import deliver_due
    from kiosk.extensions import db

    break_the_seal(monkeypatch)
    reference = submit_records_request(Resident(app.test_client()))
    with app.app_context():  # the minutely job, as the worker runs it
        deliver_due(db.session, app)
    (receipt,) = sent_to_resident(mailbox)
    assert reference in receipt["Subject"]
    assert len(mailbox.messages) == 1  # the office's copy waits for the PDF
    office_copy = db_session.scalar(select(Delivery).where(Delivery.channel == "email"))
    assert office_copy.status == "pending" and office_copy.attempts == 0

    monkeypatch.undo()
    assert "1 PDF(s) queued" in app.test_cli_runner().invoke(args=["pdfs", "retry"]).output
    assert len(mailbox.messages) == 2 and len(sent_to_resident(mailbox)) == 1


def test_a_request_for_a_document_sends_its_own_email_only(app, mailbox, clerk, db_session):
    reference = submit_records_request(Resident(app.test_client()))
    set_status(clerk, reference, "needs_information", document="other", document_other="ID")
    _receipt, only = sent_to_resident(mailbox)
    assert "We need a document" in only["Subject"]
    assert not db_session.scalars(select(Delivery).where(Delivery.channel == notices.CHANNEL)).all()


def test_without_an_email_address_there_is_no_notice(app, clerk, db_session):
    reference = submit_records_request(Resident(app.test_client()))
    submission = db_session.scalar(select(Submission).where(Submission.reference == reference))
    submission.answers = {k: v for k, v in submission.answers.items() if k != "email"}
    db_session.commit()
    set_status(clerk, reference, "rejected")
    db_session.expire_all()
    assert db_session.scalar(select(Submission.status)) == "rejected"
    assert not db_session.scalars(select(Delivery).where(Delivery.channel == notices.CHANNEL)).all()
    with app.app_context():
        from kiosk.catalog import forms

        planned = notices.plan(
            db_session, forms().get("records-request"), submission, submission.submitted_at
        )
    assert planned is None  # no receipt either


def test_a_notice_that_cannot_be_sent_waits_in_the_outbox_and_never_blocks_retention(
    app, mailbox, clerk, db_session
):
    import datetime as dt

    from kiosk.catalog import forms
    from kiosk.filestore import storage
    from kiosk.services import retention

    reference = submit_records_request(Resident(app.test_client()))  # the office has its copy
    app.config.update(SMTP_PORT=free_port())  # then the mail server goes away
    response = set_status(clerk, reference, "approved")
    assert response.status_code == 302  # the clerk's change went through
    notice = db_session.scalar(select(Delivery).where(Delivery.channel == notices.CHANNEL))
    assert notice.status == "pending" and notice.attempts == 1 and notice.last_error

    submission = db_session.scalar(select(Submission).where(Submission.reference == reference))
    later = submission.submitted_at + dt.timedelta(days=10 * 365)
    with app.app_context():
        report = retention.purge_expired(db_session, forms(), storage(), later)
    assert report.kept["with delivery unfinished"] == 0
    db_session.expire_all()
    assert db_session.scalar(select(Submission).where(Submission.reference == reference)) is None
