"""Configuration: defaults here, then `instance/config.py`, then the environment.

Environment variables win so that an operator can configure a deployment without
editing files: `DATABASE_URL`, `SECRET_KEY`, and any setting as `KIOSK_<NAME>`
(for example `KIOSK_DRAFT_TTL_DAYS=14`, `KIOSK_AGENCY_NAME="City of Example"`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from . import paths


class DefaultConfig:
    AGENCY_NAME = "City of Example"
    # The agency's look: the header's colour (white text sits on it, so it must be dark
    # enough), the stripe under it, and a logo (SVG, PNG or JPEG; the demo logo if unset).
    HEADER_COLOUR = "#0b0c0c"
    ACCENT_COLOUR = "#1d70b8"
    LOGO_FILE = None
    # The offices residents deal with; a form names its office in `destination.office`.
    # Opening hours: "Mon-Fri 09:00-17:00", "Sat 10:00-12:30". A name may be given per
    # language ({"en": ..., "es": ...}; the first is used where none is given).
    # These are the demo's.
    OFFICES = [
        {
            "id": "housing-benefits",
            "name": "Housing Benefits Office",
            "address": ["Town Hall, 1 Market Square", "Example City EX1 1AA"],
            "phone": "020 7946 0100",
            "email": "housing.benefits@city.example",
            "hours": ["Mon-Fri 09:00-17:00"],
        },
        {
            "id": "parking",
            "name": {"en": "Parking Services", "es": "Servicio de Aparcamiento"},
            "address": ["Town Hall, 1 Market Square", "Example City EX1 1AA"],
            "phone": "020 7946 0200",
            "email": "parking@city.example",
            "hours": ["Mon-Fri 08:30-17:30", "Sat 09:00-12:00"],
        },
        {
            "id": "information-governance",
            "name": "Information Governance Team",
            "address": ["Civic Centre, 20 River Road", "Example City EX2 4BB"],
            "phone": "020 7946 0300",
            "email": "foi@city.example",
            "hours": ["Mon-Thu 09:00-17:00", "Fri 09:00-16:30"],
        },
    ]
    OFFICE_LANGUAGE = "en"
    # The office's country (ISO 3166 code): dates and numbers follow its conventions in
    # the languages that have them there (English in GB: "1 April 2026", 14:30).
    OFFICE_TERRITORY = "GB"
    OFFICE_TIMEZONE = "Europe/London"  # times are stored in UTC and shown in this zone
    # Days the office is closed besides weekends: not counted in service standards
    # (decisions due "within 20 working days"). The demo's: England's bank holidays.
    PUBLIC_HOLIDAYS = [
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
        "2026-08-31", "2026-12-25", "2026-12-28",
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
        "2027-08-30", "2027-12-27", "2027-12-28",
    ]  # fmt: skip
    LANGUAGES = ("en", "es", "ar", "zh_Hans", "vi")
    HELP_URL = "/help"
    FORMS_FOLDER = str(paths.FORMS)
    TRANSLATIONS_FOLDER = str(paths.TRANSLATIONS)
    UPLOAD_FOLDER = None  # defaults to <instance>/uploads
    STORAGE_BACKEND = "local"  # or "s3": uploaded files in an S3-compatible bucket
    S3_BUCKET = None
    S3_PREFIX = "uploads/"
    S3_ENDPOINT_URL = None  # for MinIO and other S3-compatible servers; None for AWS
    S3_REGION = None
    S3_SERVER_SIDE_ENCRYPTION = None  # "AES256" or "aws:kms": the store encrypts each object
    S3_KMS_KEY_ID = None  # with "aws:kms": the key to use (else the bucket's default key)
    DRAFT_TTL_DAYS = 28
    MAX_CONTENT_LENGTH = None  # one request: by default an application's files and 1 MB
    MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # one file
    MAX_APPLICATION_BYTES = 40 * 1024 * 1024  # every file of one application together
    MAX_PDF_PAGES = 50
    SESSION_COOKIE_NAME = "kiosk_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24
    SESSION_REFRESH_EACH_REQUEST = False  # drafts expire on the server; no re-signing per page
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    WTF_CSRF_SSL_STRICT = False
    SQLALCHEMY_ECHO = False
    PAGE_SHELLS = True  # question pages rendered once per language and filled in (kiosk/shells/)
    CURRENCY = "GBP"
    TRUSTED_PROXIES = 0  # reverse proxies in front of Kiosk whose X-Forwarded-* to trust
    PUBLIC_URL = "http://127.0.0.1:5000"  # where residents reach Kiosk (QR codes in PDFs)
    SEAL_PKCS12 = None  # the office's seal: a PKCS#12 file ...
    SEAL_PKCS12_PASSWORD = None
    SEAL_KEY_FILE = None  # ... or a PEM key and certificate (and chain)
    SEAL_CERT_FILE = None
    SEAL_CHAIN_FILE = None
    SEAL_TRUST_ROOTS = None  # PEM roots the verification page trusts
    SEAL_TIMESTAMP_URL = None  # an RFC 3161 timestamp server, if any
    # Delivery to the offices (each form names its mailbox and/or webhook).
    SMTP_HOST = None  # unset: emails are written to <instance>/mail/ instead (development)
    SMTP_PORT = 587
    SMTP_SECURITY = "starttls"  # starttls | ssl | none
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    MAIL_FROM = "kiosk@localhost"
    MAIL_ATTACHMENT_LIMIT = 10 * 1024 * 1024  # larger PDFs are linked, not attached
    WEBHOOK_SECRET = None  # the HMAC key of webhook signatures; default <instance>/webhook_secret


def load_config(app, overrides: dict[str, Any] | None) -> None:
    """Fill `app.config` in order: defaults, instance file, environment, overrides."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("KIOSK")
    for name in ("DATABASE_URL", "SECRET_KEY"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if overrides:
        app.config.update(overrides)
    instance = Path(app.instance_path)
    app.config.setdefault("DATABASE_URL", f"sqlite:///{instance / 'kiosk.sqlite3'}")
    if not app.config.get("MAX_CONTENT_LENGTH"):
        # a resident may send every file of an application at once, with the form's fields
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_APPLICATION_BYTES"] + 1024 * 1024
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = str(instance / "uploads")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)
    if not app.config.get("WEBHOOK_SECRET"):
        app.config["WEBHOOK_SECRET"] = instance_secret_key(instance, "webhook_secret")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["DATABASE_URL"])


def normalise_database_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` forms hosting providers hand out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance: Path, name: str = "secret_key") -> str:
    """Read `instance/<name>`, creating it with a random key on first use."""
    path = instance / name
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
