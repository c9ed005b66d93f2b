"""The app's side of delivery: the courier built from settings, and what it carries.

Settings: `SMTP_HOST`, `SMTP_PORT`, `SMTP_SECURITY` (starttls, ssl or none),
`SMTP_USERNAME`, `SMTP_PASSWORD`, `MAIL_FROM`, `MAIL_ATTACHMENT_LIMIT`, and
`WEBHOOK_SECRET` (default: a random key kept in `instance/webhook_secret`). Without
`SMTP_HOST`, emails are written to `instance/mail/` as .eml files, for development.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from .addresses import external_url
from .catalog import forms
from .services import clock, delivery
from .services.storage import storage_from_config
from .services.submission_pdf import submission_uploads


def courier(app: Flask) -> delivery.Courier:
    config = app.config
    if config.get("SMTP_HOST"):
        mailer: delivery.Mailer = delivery.SmtpMailer(
            host=config["SMTP_HOST"],
            port=int(config["SMTP_PORT"]),
            security=config["SMTP_SECURITY"],
            username=config.get("SMTP_USERNAME"),
            password=config.get("SMTP_PASSWORD"),
        )
    else:
        mailer = delivery.FolderMailer(Path(app.instance_path) / "mail")
    return delivery.Courier(
        mailer=mailer,
        sender=config["MAIL_FROM"],
        attachment_limit=int(config["MAIL_ATTACHMENT_LIMIT"]),
        webhook_secret=str(config["WEBHOOK_SECRET"]).encode(),
        office_language=config["OFFICE_LANGUAGE"],
        translations_folder=Path(config["TRANSLATIONS_FOLDER"]),
        agency=config["AGENCY_NAME"],
        status_url=external_url("public.status", app=app),
        offices=app.extensions["kiosk.offices"],
        territory=config.get("OFFICE_TERRITORY"),
        zone=app.extensions["kiosk.office_zone"],
    )


def parcels(session, app: Flask):
    """Read a submission's PDF and documents for its deliveries."""
    storage = storage_from_config(app.config)

    def parcel_for(submission) -> delivery.Parcel:
        form = forms().get(submission.form_slug)
        if form is None:
            raise delivery.DeliveryFailed(f"the form {submission.form_slug} is not defined")
        reference = submission.reference
        return delivery.Parcel(
            submission=submission,
            form=form,
            read_pdf=lambda: storage.read(submission.pdf_key),
            read_documents=lambda: submission_uploads(session, submission),
            staff_url=external_url("staff.submission_page", app=app, reference=reference),
            pdf_url=external_url("staff.submission_pdf", app=app, reference=reference),
        )

    return parcel_for


def deliver_due(session, app: Flask, *, submission_id: int | None = None) -> dict[str, int]:
    return delivery.deliver_due(
        session, courier(app), parcels(session, app), clock.now(), submission_id=submission_id
    )


def email_code_to_resident(app: Flask, submission, issued) -> tuple[str, str]:
    """Send a document request's code to the email address the resident gave.

    Returns ("sent" | "failed" | "no-email", the address): the clerk is told, so that a
    code that could not be emailed is given by letter or phone instead.
    """
    from .services import information_requests, tracking

    form = forms().get(submission.form_slug)
    to = tracking.resident_email(form, submission.answers)
    if not to:
        return "no-email", ""
    post = courier(app)
    message = information_requests.email_to_resident(
        issued,
        submission,
        form,
        sender=post.sender,
        to=to,
        provide_url=external_url("public.provide", app=app),
        translations_folder=post.translations_folder,
        agency=post.agency,
    )
    try:
        post.mailer.send(message)
    except (delivery.DeliveryFailed, OSError):
        app.logger.exception("could not email a document request for %s", submission.reference)
        return "failed", to
    return "sent", to
