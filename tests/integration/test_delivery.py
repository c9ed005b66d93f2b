"""New submissions reach the office: by email through a real SMTP server started here,
and to a real HTTP receiver as signed JSON; failures are retried with backoff, then
shown to admins, who can try again."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import hmac
import json
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from kiosk import deliveries
from kiosk.extensions import db
from kiosk.models import AuditEvent, Delivery, Submission
from kiosk.services import clock, delivery

from ..checking_client import csrf_token_in
from ..support import PASSWORD, sign_in, submit_records_request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(app):
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_SECURITY="none", MAIL_FROM="kiosk@city.example"
    )
    yield mailbox
    controller.stop()


class Receiver:
    """A real HTTP server that records each POST and answers with `status`."""

    def __init__(self):
        self.requests: list[tuple[dict, bytes]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/kiosk-hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(app, tmp_path):
    """The records-request form, delivering to a webhook on this machine as well."""
    with Receiver() as receiver:
        folder = tmp_path / "forms"
        shutil.copytree(app.config["FORMS_FOLDER"], folder)
        definition = folder / "records-request.yaml"
        text = definition.read_text()
        marker = "  email: foi@city.example\n"
        assert marker in text
        definition.write_text(text.replace(marker, marker + f"  webhook: {receiver.url}\n"))
        app.config.update(FORMS_FOLDER=str(folder), WEBHOOK_SECRET="hook-secret")
        app.extensions["kiosk.forms"] = None
        yield receiver


def stored(db_session, reference) -> Submission:
    db_session.expire_all()
    return db_session.scalar(select(Submission).where(Submission.reference == reference))


def deliveries_of(db_session, submission) -> dict[str, Delivery]:
    rows = db_session.scalars(select(Delivery).where(Delivery.submission_id == submission.id))
    return {row.channel: row for row in rows}


def test_the_office_gets_an_email_with_the_sealed_pdf(smtp_server, resident, db_session):
    reference = submit_records_request(resident)
    submission = stored(db_session, reference)
    (sender, recipients, message), receipt = smtp_server.messages  # the office's, the resident's
    assert sender == "kiosk@city.example" and recipients == ["foi@city.example"]
    assert receipt[1] == ["mai@example.com"] and "We have received" in receipt[2]["Subject"]
    assert reference in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert f"/staff/submissions/{reference}" in body
    assert "Tran Thi Mai" not in message["Subject"]  # no personal data in the subject line
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == f"{reference}.pdf"
    pdf = attachment.get_content()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == submission.pdf_sha256
    row = deliveries_of(db_session, submission)["email"]
    assert (row.status, row.attempts, row.target) == ("delivered", 1, "foi@city.example")


def test_a_pdf_over_the_attachment_limit_is_linked(app, smtp_server, resident, db_session):
    app.config["MAIL_ATTACHMENT_LIMIT"] = 1000
    reference = submit_records_request(resident)
    _, _, message = smtp_server.messages[0]
    assert list(message.iter_attachments()) == []
    body = message.get_body(("plain",)).get_content()
    assert f"/staff/submissions/{reference}/pdf" in body and "too large to attach" in body


def test_without_an_smtp_server_emails_are_kept_in_the_instance_folder(app, resident, db_session):
    reference = submit_records_request(resident)
    written = (Path(app.instance_path) / "mail").glob("*.eml")
    messages = [
        email.message_from_bytes(w.read_bytes(), policy=email.policy.default) for w in written
    ]
    assert sorted(message["To"] for message in messages) == ["foi@city.example", "mai@example.com"]
    assert all(reference in message["Subject"] for message in messages)


def test_the_webhook_gets_signed_json(smtp_server, receiver, resident, db_session):
    reference = submit_records_request(resident)
    ((headers, body),) = receiver.requests
    timestamp = headers["X-Kiosk-Timestamp"]
    expected = hmac.new(b"hook-secret", timestamp.encode() + b"." + body, hashlib.sha256)
    assert headers["X-Kiosk-Signature"] == "sha256=" + expected.hexdigest()
    assert headers["Content-Type"] == "application/json"
    sent = json.loads(body)
    submission = stored(db_session, reference)
    assert sent["reference"] == reference and sent["form"]["slug"] == "records-request"
    assert sent["answers"]["full_name"] == "Tran Thi Mai"
    assert sent["pdf"]["sha256"] == submission.pdf_sha256
    assert sent["pdf"]["url"].endswith(f"/staff/submissions/{reference}/pdf")
    assert headers["X-Kiosk-Delivery"] == str(sent["delivery_id"])
    rows = deliveries_of(db_session, submission)
    assert rows["webhook"].status == "delivered" and rows["email"].status == "delivered"


def test_failures_back_off_then_wait_for_an_admin_who_retries(
    app, smtp_server, receiver, resident, db_session, client, runner, monkeypatch
):
    receiver.status = 503
    submitted = clock.now()
    monkeypatch.setattr(clock, "now", lambda: submitted)
    reference = submit_records_request(resident)  # the resident is not held up by it
    assert resident.soup().find(attrs={"data-reference": True}) is not None
    submission = stored(db_session, reference)
    row = deliveries_of(db_session, submission)["webhook"]
    assert (row.status, row.attempts, row.last_error) == (
        "pending",
        1,
        "HTTP 503 Service Unavailable",
    )
    assert row.next_attempt_at == submitted + delivery.FIRST_DELAY

    waits = []
    while row.status == "pending":
        due_at = row.next_attempt_at
        waits.append(due_at)
        for moment in (due_at - dt.timedelta(seconds=1), due_at):
            monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
            with app.app_context():
                deliveries.deliver_due(db.session, app)
        db_session.expire_all()
        row = db_session.get(Delivery, row.id)
        assert row.attempts == len(waits) + 1  # the early run did not try it
    assert row.status == "failed" and row.attempts == delivery.MAX_ATTEMPTS
    gaps = [later - earlier for earlier, later in zip(waits, waits[1:], strict=False)]
    assert gaps == [delivery.backoff(n) for n in range(2, delivery.MAX_ATTEMPTS)]
    assert gaps[0] == dt.timedelta(minutes=2) and gaps[-1] == dt.timedelta(minutes=64)
    assert len(receiver.requests) == delivery.MAX_ATTEMPTS
    assert deliveries_of(db_session, submission)["email"].status == "delivered"

    monkeypatch.setattr(clock, "now", lambda: waits[-1] + dt.timedelta(hours=1))
    result = runner.invoke(
        args=["users", "create", "admin@example.gov", "--role", "admin", "--name", "Ada Admin"],
        env={"KIOSK_NEW_USER_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    sign_in(client, "admin@example.gov")
    inbox = client.get("/staff/").get_data(as_text=True)
    assert "1 failed" in inbox
    page = client.get("/staff/deliveries")
    text = page.get_data(as_text=True)
    assert reference in text and "HTTP 503" in text and receiver.url in text
    receiver.status = 204
    retried = client.post(
        f"/staff/deliveries/{row.id}/retry",
        data={"csrf_token": csrf_token_in(text)},
    )
    assert retried.status_code == 302
    db_session.expire_all()
    row = db_session.get(Delivery, row.id)
    assert row.status == "delivered" and len(receiver.requests) == delivery.MAX_ATTEMPTS + 1
    assert "Every submission has been delivered" in client.get(retried.location).get_data(
        as_text=True
    )
    actions = db_session.scalars(select(AuditEvent.action)).all()
    assert "delivery-retry" in actions


def test_a_clerk_sees_delivery_on_the_submission_but_cannot_retry(
    app, resident, db_session, client, runner
):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_SECURITY="none")
    reference = submit_records_request(resident)  # nothing listens on that port
    row = deliveries_of(db_session, stored(db_session, reference))["email"]
    assert row.status == "pending" and "Connection refused" in row.last_error
    runner.invoke(
        args=["users", "create", "clerk@example.gov", "--role", "clerk"],
        env={"KIOSK_NEW_USER_PASSWORD": PASSWORD},
    )
    sign_in(client, "clerk@example.gov")
    page = client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    assert 'id="deliveries">Deliveries</h2>' in page and "foi@city.example" in page
    assert "Try again now" not in page
    token = csrf_token_in(page)
    assert (
        client.post(f"/staff/deliveries/{row.id}/retry", data={"csrf_token": token}).status_code
        == 403
    )
    assert client.get("/staff/deliveries").status_code == 403
