"""Delivering submissions to the office: by email with the sealed PDF, and to a webhook.

Each form names its office's mailbox and/or webhook. When a submission is committed,
one `Delivery` row per destination is committed with it (the outbox), so nothing is
submitted that is not also on its way. Once the sealed PDF is ready, a job sends each
delivery (a resident's notice does not wait for it); a failure is recorded and retried
later with exponential backoff, and after `MAX_ATTEMPTS` the delivery is `failed`,
shown to admins with a retry button.

Email: the PDF is attached, or linked (to the back office, behind sign-in) when it is
larger than the attachment limit. Webhook: a JSON POST signed with HMAC-SHA256 over
`<timestamp>.<body>`, in `X-Kiosk-Signature: sha256=<hex>` with `X-Kiosk-Timestamp`;
`X-Kiosk-Delivery` is the same on every retry of one delivery, for the receiver to
ignore repeats.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import smtplib
import ssl
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from functools import cached_property
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.formdefs import FormDefinition
from kiosk.messages import N_
from kiosk.models import Delivery, Submission, Upload

from . import channels, mail, notices
from .offices import Office
from .pdf import Language

MAX_ATTEMPTS = 8
CHANNELS = {
    "email": N_("Email"),
    "webhook": N_("Webhook"),
    notices.RECEIPT: N_("Receipt to the resident"),
    notices.CHANNEL: N_("Email to the resident"),
}
FIRST_DELAY = dt.timedelta(minutes=1)
LONGEST_DELAY = dt.timedelta(hours=6)
WEBHOOK_TIMEOUT = 15  # seconds
SMTP_TIMEOUT = 30


class DeliveryFailed(Exception):
    """The office's mail server or webhook did not take the submission."""


def planned(form: FormDefinition, submission: Submission, now: dt.datetime) -> list[Delivery]:
    """The deliveries a new submission needs, to be committed with it."""
    destination = form.destination
    targets = [("email", destination.email), ("webhook", destination.webhook)]
    return [
        Delivery.waiting(channel, target, now, submission=submission)
        for channel, target in targets
        if target
    ]


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4 ... minutes, at most 6 h."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


# -- what is sent ---------------------------------------------------------------------


@dataclass(frozen=True)
class Parcel:
    """Everything a delivery carries, read from the database and storage once, and only
    when a delivery needs it (a notice to the resident needs neither PDF nor documents)."""

    submission: Submission
    form: FormDefinition
    read_pdf: Callable[[], bytes]
    read_documents: Callable[[], Sequence[Upload]]
    staff_url: str  # the submission in the back office
    pdf_url: str  # its sealed PDF in the back office

    @cached_property
    def pdf(self) -> bytes:
        return self.read_pdf()

    @cached_property
    def documents(self) -> Sequence[Upload]:
        return self.read_documents()


@dataclass(frozen=True)
class Courier:
    """How this deployment sends: its mailer, sender, limits and webhook secret."""

    mailer: Mailer
    sender: str
    attachment_limit: int
    webhook_secret: bytes
    office_language: str
    translations_folder: Path
    agency: str
    status_url: str  # where residents follow their application (/status)
    offices: Mapping[str, Office]
    territory: str | None = None  # the office's country: how dates are written
    zone: dt.tzinfo = dt.UTC  # the office's clock

    def send(self, delivery: Delivery, parcel: Parcel, now: dt.datetime) -> None:
        if delivery.channel == "email":
            self.mailer.send(self.email(delivery.target, parcel, now))
        elif delivery.channel == "webhook":
            body = webhook_body(delivery, parcel)
            post_webhook(delivery.target, body, self.webhook_secret, delivery.id, now)
        elif delivery.channel in notices.CHANNELS:
            self.mailer.send(self.notice(delivery, parcel, now))
        else:
            raise DeliveryFailed(f"unknown delivery channel {delivery.channel!r}")

    def notice(self, delivery: Delivery, parcel: Parcel, now: dt.datetime) -> EmailMessage:
        """The resident's receipt, or notice that their application's status changed."""
        form = parcel.form
        return notices.email(
            delivery.channel,
            parcel.submission,
            form,
            self.offices.get(form.destination.office),
            sender=self.sender,
            to=delivery.target,
            status_url=self.status_url,
            translations_folder=self.translations_folder,
            agency=self.agency,
            now=now,
            territory=self.territory,
        )

    def email(self, to: str, parcel: Parcel, now: dt.datetime) -> EmailMessage:
        _ = Language(self.office_language, self.translations_folder)
        submission, form = parcel.submission, parcel.form
        attach = len(parcel.pdf) <= self.attachment_limit
        received = submission.submitted_at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M %Z")
        size = "%.1f" % (len(parcel.pdf) / 1_000_000)
        lines = [
            _("A new application has arrived for %(office)s.", office=form.destination.office),
            "",
            _("Reference: %(reference)s", reference=submission.reference),
            _("Form: %(form)s", form=_(form.title)),
            _("Received: %(when)s", when=received),
            _("Decision due by: %(date)s", date=submission.due_on.isoformat()),
            _("Channel: %(channel)s", channel=_(channels.name(submission.channel))),
            _("Documents: %(count)s", count=len(parcel.documents)),
            "",
            _("Open it in the back office: %(url)s", url=parcel.staff_url),
            "",
        ]
        if attach:
            lines.append(_("The sealed PDF is attached."))
        else:
            lines.append(
                _(
                    "The sealed PDF (%(size)s MB) is too large to attach; download it from "
                    "the back office: %(url)s",
                    size=size,
                    url=parcel.pdf_url,
                )
            )
        lines.append(_("SHA-256 of the PDF: %(sha)s", sha=hashlib.sha256(parcel.pdf).hexdigest()))
        subject = _(
            "New application %(reference)s: %(form)s",
            reference=submission.reference,
            form=_(form.title),
        )
        message = mail.compose(
            sender=self.sender, to=to, subject=subject, lines=lines, agency=self.agency, now=now
        )
        if attach:
            message.add_attachment(
                parcel.pdf,
                maintype="application",
                subtype="pdf",
                filename=f"{submission.reference}.pdf",
            )
        return message


def webhook_body(delivery: Delivery, parcel: Parcel) -> bytes:
    submission = parcel.submission
    document = {
        "event": "submission.received",
        "delivery_id": delivery.id,
        "reference": submission.reference,
        "form": {
            "slug": parcel.form.slug,
            "version": submission.form_version,
            "title": parcel.form.title,
        },
        "office": parcel.form.destination.office,
        "language": submission.language,
        "channel": submission.channel,
        "submitted_at": submission.submitted_at.isoformat(),
        "due_on": submission.due_on.isoformat(),
        "status": submission.status,
        "answers": submission.answers,
        "documents": [
            {
                "document_id": upload.document_id,
                "filename": upload.filename,
                "content_type": upload.content_type,
                "size": upload.size,
            }
            for upload in parcel.documents
        ],
        "pdf": {
            "url": parcel.pdf_url,
            "sha256": hashlib.sha256(parcel.pdf).hexdigest(),
            "size": len(parcel.pdf),
        },
        "back_office_url": parcel.staff_url,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()


def signature(secret: bytes, timestamp: str, body: bytes) -> str:
    """`sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>`; receivers recompute it."""
    mac = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def post_webhook(url: str, body: bytes, secret: bytes, delivery_id: int, now: dt.datetime) -> None:
    """POST `body` to `url`; any answer but 2xx, or no answer, is a failure."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeliveryFailed(f"not a web address: {url}")
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Kiosk-Delivery/1",
        "X-Kiosk-Delivery": str(delivery_id),
        "X-Kiosk-Timestamp": timestamp,
        "X-Kiosk-Signature": signature(secret, timestamp, body),
    }
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=WEBHOOK_TIMEOUT)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(10_000)
    except (OSError, http.client.HTTPException) as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error}") from error
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise DeliveryFailed(f"HTTP {response.status} {response.reason}")


# -- mailers --------------------------------------------------------------------------


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int
    security: str = "starttls"  # starttls | ssl | none
    username: str | None = None
    password: str | None = None

    def send(self, message: EmailMessage) -> None:
        try:
            if self.security == "ssl":
                server = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=SMTP_TIMEOUT, context=ssl.create_default_context()
                )
            else:
                server = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)
            with server:
                if self.security == "starttls":
                    server.starttls(context=ssl.create_default_context())
                if self.username:
                    server.login(self.username, self.password or "")
                server.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed(f"{type(error).__name__}: {error}") from error


@dataclass(frozen=True)
class FolderMailer:
    """Writes each message as an .eml file: for development, when no SMTP server is set."""

    folder: Path

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("/", "_")
        (self.folder / f"{name}.eml").write_bytes(bytes(message))


# -- the outbox -----------------------------------------------------------------------


def due(session: Session, now: dt.datetime, *, submission_id: int | None = None, limit=100):
    """Pending deliveries whose time has come, oldest first: the office's copies once the
    PDF is ready, the resident's notices at once (they carry no PDF, and a PDF that keeps
    failing must not keep the resident from hearing that the application arrived)."""
    query = (
        select(Delivery)
        .join(Submission, Delivery.submission_id == Submission.id)
        .where(
            Delivery.status == "pending",
            Delivery.next_attempt_at <= now,
            or_(Submission.pdf_status == "ready", Delivery.channel.in_(notices.CHANNELS)),
        )
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
    )
    if submission_id is not None:
        query = query.where(Delivery.submission_id == submission_id)
    return list(session.scalars(query))


def attempt(
    session: Session,
    delivery: Delivery,
    courier: Courier,
    parcel_for: Callable[[Submission], Parcel],
    now: dt.datetime,
) -> bool:
    """Send one delivery now and record how it went; True when it was delivered."""
    try:
        courier.send(delivery, parcel_for(delivery.submission), now)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        delivery.attempts += 1
        delivery.last_error = _describe(error)
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = "failed"
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        session.commit()
        return False
    delivery.attempts += 1
    delivery.status = "delivered"
    delivery.delivered_at = now
    delivery.next_attempt_at = None
    delivery.last_error = None
    session.commit()
    return True


def deliver_due(
    session: Session,
    courier: Courier,
    parcel_for: Callable[[Submission], Parcel],
    now: dt.datetime,
    *,
    submission_id: int | None = None,
) -> dict[str, int]:
    """Attempt every delivery that is due; how many were delivered and how many failed."""
    counts = {"delivered": 0, "failed": 0}
    for delivery in due(session, now, submission_id=submission_id):
        delivered = attempt(session, delivery, courier, parcel_for, now)
        counts["delivered" if delivered else "failed"] += 1
    return counts


def retry(session: Session, delivery: Delivery, now: dt.datetime) -> None:
    """An admin asks for a failed (or waiting) delivery to be tried again now."""
    if delivery.status == "delivered":
        return
    delivery.status = "pending"
    delivery.attempts = 0
    delivery.next_attempt_at = now
    session.commit()


def for_submission(session: Session, submission: Submission) -> list[Delivery]:
    return list(
        session.scalars(
            select(Delivery).where(Delivery.submission_id == submission.id).order_by(Delivery.id)
        )
    )


def undelivered(session: Session, *, limit: int = 200) -> list[Delivery]:
    """Failed deliveries first, then those still waiting: what an admin must watch."""
    return list(
        session.scalars(
            select(Delivery)
            .where(Delivery.status != "delivered")
            .order_by((Delivery.status == "failed").desc(), Delivery.created_at.desc())
            .limit(limit)
        )
    )


def failed_count(session: Session) -> int:
    return session.scalar(select(func.count(Delivery.id)).where(Delivery.status == "failed")) or 0


def _describe(error: Exception) -> str:
    text = str(error) if isinstance(error, DeliveryFailed) else f"{type(error).__name__}: {error}"
    return text[:2000]
