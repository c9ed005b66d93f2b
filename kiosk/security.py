"""Headers every response carries, and friendly pages for everything that goes wrong."""

from __future__ import annotations

import functools
import hashlib
import logging
import os

from flask import Flask, current_app, g, jsonify, render_template, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from itsdangerous.url_safe import URLSafeSerializerMixin
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


# Headers for every response; a view may set its own first (a file's own policy).
FIXED_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "geolocation=(), microphone=(), interest-cohort=()"),
)


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its serializer made once per secret key rather
    than on every request (building one costs about as much as checking a cookie)."""

    def __init__(self) -> None:
        self._made: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = self._made
        if made is None or made[0] != keys:
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]


class _CsrfSerializer(URLSafeTimedSerializer):
    """Flask-WTF's token serializer, without trying zlib on each token: a token is 40
    random hex digits, which never compress, so the tokens are the same, and the try
    cost 20 µs a page (zlib sets up its window for every call)."""

    def dump_payload(self, obj) -> bytes:
        return base64_encode(super(URLSafeSerializerMixin, self).dump_payload(obj))


@functools.lru_cache(maxsize=4)
def _csrf_serializer(secret) -> _CsrfSerializer:
    return _CsrfSerializer(secret, salt="wtf-csrf-token")  # as Flask-WTF signs its tokens


def csrf_token() -> str:
    """The page's CSRF token: what Flask-WTF's `generate_csrf` gives (kept in the session
    and in `g` under the same names, so `CSRFProtect` checks it as its own), faster."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
    token = g.get(field)
    if token is None:
        if not isinstance(session.get(field), str):
            session[field] = hashlib.sha1(os.urandom(64)).hexdigest()
        secret = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        token = _csrf_serializer(secret).dumps(session[field])
        setattr(g, field, token)
    return token


def init_app(app: Flask) -> None:
    app.session_interface = SignedCookieSessions()
    # Flask-WTF gives templates its generate_csrf as a global and from a context
    # processor; this processor runs after it.
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _stale_form)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(FileMissing, _file_missing)
    app.register_error_handler(Exception, _unexpected_error)


def _security_headers(response):
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}  # one pass, not one per header
    headers.extend((name, value) for name, value in FIXED_HEADERS if name.lower() not in present)
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
