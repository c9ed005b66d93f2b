"""Headers every response carries, and friendly pages for everything that goes wrong."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .services.storage import FileMissing

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


# Files that are the same for everyone; every other response may show someone's answers.
CACHEABLE = {"static", "public.branding_css", "public.logo"}


def init_app(app: Flask) -> None:
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _stale_form)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(FileMissing, _file_missing)
    app.register_error_handler(Exception, _unexpected_error)


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "geolocation=(), microphone=(), interest-cohort=()")
    if request.endpoint not in CACHEABLE:
        # Pages can show answers; nothing of a resident's may stay in a shared cache.
        headers["Cache-Control"] = "no-store"
    return response


def _stale_form(error: CSRFError):
    return render_template("errors/stale_form.html"), 400


ERROR_PAGES = {
    404: "errors/not_found.html",
    413: "errors/too_large.html",
}


def _http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        # API clients read JSON, also for an address no route knows (/api/v1/nothing)
        return jsonify(error=(error.name or "error").lower().replace(" ", "_")), error.code
    if error.code in ERROR_PAGES:
        return render_template(ERROR_PAGES[error.code]), error.code
    title = _("Sorry, we could not do that")
    return render_template("errors/generic.html", title=title, code=error.code), error.code


def _file_missing(error: FileMissing):
    log.error("stored file missing on %s %s: key %s", request.method, request.path, error.key)
    return render_template("errors/file_missing.html"), 404


def _unexpected_error(error: Exception):
    log.exception("unexpected error on %s %s", request.method, request.endpoint)
    return render_template("errors/problem.html"), 500
