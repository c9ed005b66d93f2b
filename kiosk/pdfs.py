"""The app's side of submission PDFs: settings, the seal identity, the HTML template.

Production names its seal in the settings: `SEAL_PKCS12` (with `SEAL_PKCS12_PASSWORD`)
or `SEAL_KEY_FILE` and `SEAL_CERT_FILE` (and `SEAL_CHAIN_FILE`); `SEAL_TRUST_ROOTS` is
the PEM file of root certificates the verification page trusts. Without them Kiosk
uses a development CA and seal it creates in `instance/seal/`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from flask import Flask

from . import paths
from .addresses import external_url
from .catalog import forms
from .services import clock, signing, submission_pdf
from .services.storage import storage_from_config

SEAL_CHECKS_KEPT = 1000
_seal_checks_lock = threading.Lock()


def seal_identity(app: Flask) -> signing.SealIdentity:
    cached = app.extensions.get("kiosk.seal")
    if cached is None:
        config = app.config
        if config.get("SEAL_PKCS12") or config.get("SEAL_KEY_FILE"):
            cached = signing.seal_from_files(
                pkcs12_file=config.get("SEAL_PKCS12"),
                password=config.get("SEAL_PKCS12_PASSWORD"),
                key_file=config.get("SEAL_KEY_FILE"),
                cert_file=config.get("SEAL_CERT_FILE"),
                chain_file=config.get("SEAL_CHAIN_FILE"),
            )
        else:
            folder = Path(app.instance_path) / "seal"
            cached = signing.development_seal(folder, config["AGENCY_NAME"])
        app.extensions["kiosk.seal"] = cached
    return cached


def trust_roots(app: Flask) -> list[bytes]:
    """The root certificates a seal must chain to, to be trusted here."""
    roots_file = app.config.get("SEAL_TRUST_ROOTS")
    if roots_file:
        return list(signing.split_pem(Path(roots_file).read_bytes()))
    identity = seal_identity(app)
    return list(identity.chain_pem[-1:]) or [identity.certificate_pem]


def check_stored_seal(app: Flask, data: bytes) -> signing.SealCheck:
    """`signing.check_seal` of a stored PDF, remembered by the SHA-256 of the bytes read.

    Validating a seal takes tens of milliseconds; the bytes are hashed on every call,
    so a file changed in storage is checked afresh and never shown as intact.
    """
    cache = app.extensions.setdefault("kiosk.seal_checks", OrderedDict())
    digest = hashlib.sha256(data).hexdigest()
    with _seal_checks_lock:
        if digest in cache:
            cache.move_to_end(digest)
            return cache[digest]
    result = signing.check_seal(data, trust_roots(app))
    with _seal_checks_lock:
        cache[digest] = result
        while len(cache) > SEAL_CHECKS_KEPT:
            cache.popitem(last=False)
    return result


def settings(app: Flask) -> submission_pdf.PdfSettings:
    config = app.config
    return submission_pdf.PdfSettings(
        agency=config["AGENCY_NAME"],
        office_language=config["OFFICE_LANGUAGE"],
        translations_folder=Path(config["TRANSLATIONS_FOLDER"]),
        verify_url=lambda reference: external_url("public.verify", app=app, reference=reference),
        currency=config["CURRENCY"],
        base_url=str(paths.STATIC),
        seal=seal_identity(app),
        timestamp_url=config.get("SEAL_TIMESTAMP_URL"),
        territory=config.get("OFFICE_TERRITORY"),
        zone=app.extensions["kiosk.office_zone"],
    )


def page_pdf(html: str) -> bytes:
    """A plain PDF of a page made for the printer (not sealed, not archival)."""
    from weasyprint import HTML

    from .services.documents import strict_image_decoding

    strict_image_decoding()  # WeasyPrint's import lets Pillow accept truncated images
    return HTML(string=html, base_url=str(paths.STATIC)).write_pdf()


def render_html(app: Flask):
    template = app.jinja_env.get_template("pdf/submission.html")

    def render(sheet) -> str:
        return template.render(
            sheet=sheet,
            stylesheet=(paths.STATIC / "css" / "pdf.css").as_uri(),
            logo=app.extensions["kiosk.branding"].logo.resolve().as_uri(),
        )

    return render


def produce_or_record_failure(session, app: Flask, submission_id: int, *, final_attempt: bool):
    """Make the PDF; on failure record it, and raise unless this was the last attempt."""
    from .models import Submission

    submission = session.get(Submission, submission_id)
    if submission is None or submission.pdf_status == "ready":
        return
    try:
        submission_pdf.produce(
            session,
            submission,
            forms().get(submission.form_slug),
            storage_from_config(app.config),
            settings(app),
            render_html(app),
            clock.now(),
        )
    except Exception as error:
        app.logger.exception("PDF for submission %s failed", submission_id)
        submission_pdf.record_failure(session, submission_id, error, final=final_attempt)
        if not final_attempt:
            raise
