"""Database models: drafts being filled in, and the submissions they become."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use datetime.now(UTC)")
            value = value.astimezone(dt.UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


# Made by a migration on one database only, so not described here: on PostgreSQL, the
# trigram index that answers the inbox's name search (migrations 0012 and 0013).
INDEXES_OUTSIDE_THE_MODELS = frozenset({"ix_submissions_search_name_trigrams"})


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONDocument, list[Any]: JSONDocument}


class Draft(Base):
    """Answers kept server-side while a resident fills a form, until submitted or expired."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    form_slug: Mapped[str] = mapped_column(String(60))
    form_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    completed_pages: Mapped[list[Any]] = mapped_column(default=list)
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    journey: Mapped[str | None] = mapped_column(String(32))  # insights token, until submitted
    # Documents the resident will hand to a clerk at the office instead of uploading.
    documents_in_person: Mapped[list[Any]] = mapped_column(default=list)

    submission: Mapped[Submission | None] = relationship(foreign_keys=[submission_id])
    uploads: Mapped[list[Upload]] = relationship(back_populates="draft")


class Submission(Base):
    """A committed application: what the resident sent, exactly as they saw it."""

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_form_received", "form_slug", "submitted_at"),
        Index("ix_submissions_status_received", "status", "submitted_at"),
        Index("ix_submissions_received", "submitted_at"),
        Index("ix_submissions_resident_name", "resident_name"),
        Index("ix_submissions_pdf_status", "pdf_status"),  # failed PDFs, counted per admin page
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    draft_id: Mapped[str] = mapped_column(String(43), unique=True)
    form_slug: Mapped[str] = mapped_column(String(60))
    form_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column()
    declaration: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(30), default="received")
    resident_name: Mapped[str] = mapped_column(String(200), default="")  # for the inbox
    search_name: Mapped[str] = mapped_column(String(200), default="")  # names.search_key
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    due_on: Mapped[dt.date] = mapped_column()
    # The sealed PDF, made by a background job: pending -> ready, or failed after retries.
    pdf_status: Mapped[str] = mapped_column(String(16), default="pending")
    pdf_key: Mapped[str | None] = mapped_column(String(80))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_size: Mapped[int | None] = mapped_column(Integer)
    pdf_attempts: Mapped[int] = mapped_column(Integer, default=0)
    pdf_error: Mapped[str | None] = mapped_column(Text)
    pdf_ready_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    printed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    documents_in_person: Mapped[list[Any]] = mapped_column(default=list)  # to hand to a clerk

    uploads: Mapped[list[Upload]] = relationship(back_populates="submission")


class Upload(Base):
    """A file a resident uploaded; the bytes live in storage under a random key.

    It answers a `file` question (`field_id`) or a document requirement
    (`document_id`, with `field_id` the same id).
    """

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    draft_id: Mapped[str | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="SET NULL"), index=True
    )
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    field_id: Mapped[str] = mapped_column(String(60))
    document_id: Mapped[str | None] = mapped_column(String(60))
    filename: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    draft: Mapped[Draft | None] = relationship(back_populates="uploads")
    submission: Mapped[Submission | None] = relationship(back_populates="uploads")


class StaffUser(Base):
    """A clerk or an administrator of the back office."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # clerk | admin
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class StatusChange(Base):
    """One step of a submission's status workflow, with the clerk's note."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    staff_user: Mapped[StaffUser | None] = relationship()


class AuditEvent(Base):
    """Who did what, when: sign-ins, views, downloads, prints, status changes."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(40))
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    staff_user: Mapped[StaffUser | None] = relationship()
    submission: Mapped[Submission | None] = relationship()


class FailedSignIn(Base):
    """A wrong password or unknown email, by network address, to slow down guessing."""

    __tablename__ = "failed_sign_ins"
    __table_args__ = (Index("ix_failed_sign_ins_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Delivery(Base):
    """One submission on its way to the office: by email or to a webhook (the outbox).

    Made in the submission's own transaction, so nothing is submitted without it; sent
    once the sealed PDF is ready; retried with backoff until `delivered` or `failed`.
    """

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # email | webhook
    target: Mapped[str] = mapped_column(Text)  # the mailbox or the webhook URL
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|delivered|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship()

    @classmethod
    def waiting(cls, channel: str, target: str, now: dt.datetime, **submission) -> Delivery:
        """A new delivery, to be tried at once (`submission=` or `submission_id=`)."""
        return cls(
            channel=channel,
            target=target,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            **submission,
        )


class InformationRequest(Base):
    """A clerk asking the resident for a missing document; answered with a code."""

    __tablename__ = "information_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    document_id: Mapped[str | None] = mapped_column(String(60))  # one of the form's documents
    document_name: Mapped[str] = mapped_column(Text)  # what to provide, as the clerk asked
    note: Mapped[str] = mapped_column(Text, default="")
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    provided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))

    submission: Mapped[Submission] = relationship()
    upload: Mapped[Upload | None] = relationship()


class JourneyEvent(Base):
    """One step of a resident's way through a form, for the service's insights.

    No personal data: `journey` is a random token that only the draft carries, and
    only until it is submitted; the date has no time of day.
    """

    __tablename__ = "journey_events"
    __table_args__ = (Index("ix_journey_events_form_day", "form_slug", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey: Mapped[str] = mapped_column(String(32))
    form_slug: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(24))
    page_id: Mapped[str | None] = mapped_column(String(60))
    field_id: Mapped[str | None] = mapped_column(String(60))
    document_id: Mapped[str | None] = mapped_column(String(60))
    elapsed_seconds: Mapped[int | None] = mapped_column(Integer)  # for "submitted"
    occurred_on: Mapped[dt.date] = mapped_column()


class SurveyResponse(Base):
    """How satisfied a resident was (1 to 5), with an optional comment; never linked to
    a submission or a draft."""

    __tablename__ = "survey_responses"
    __table_args__ = (Index("ix_survey_responses_form_day", "form_slug", "answered_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_slug: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16))
    moment: Mapped[str] = mapped_column(String(16))  # submitted | exit
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")  # emails and phone numbers masked
    answered_on: Mapped[dt.date] = mapped_column()


class KioskDevice(Base):
    """An enrolled touchscreen in an office: it starts kiosk sessions on its own."""

    __tablename__ = "kiosk_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    office: Mapped[str] = mapped_column(String(200))
    default_language: Mapped[str] = mapped_column(String(16))
    idle_seconds: Mapped[int] = mapped_column(Integer, default=90)
    keyboard: Mapped[bool] = mapped_column(default=True)  # the on-screen keyboard
    enrollment_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrollment_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    key_hash: Mapped[str | None] = mapped_column(String(64))  # of the device cookie's key
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    enrolled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Handoff(Base):
    """A short-lived, single-use link that moves a draft from a kiosk to a phone."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
