"""Which kiosk this browser is, from its signed device cookie, for every request."""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import db
from ..services import terminals

COOKIE = "kiosk_device"
COOKIE_AGE = 5 * 365 * 24 * 3600  # until the device is revoked or re-enrolled


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kiosk-device")


def device_cookie(device_id: int, key: str) -> str:
    return _serializer().dumps({"d": device_id, "k": key})


def set_device_cookie(response, device_id: int, key: str):
    response.set_cookie(
        COOKIE,
        device_cookie(device_id, key),
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def current_device():
    """The enrolled device this request comes from, or None (loaded once per request)."""
    if "kiosk_device" not in g:
        g.kiosk_device = None
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                value = _serializer().loads(raw)
                g.kiosk_device = terminals.recognise(db.session, int(value["d"]), str(value["k"]))
            except (BadSignature, KeyError, TypeError, ValueError):
                g.kiosk_device = None
    return g.kiosk_device


def channel() -> str:
    """Where this request comes from, as submissions and events record it."""
    return "kiosk" if current_device() is not None else "home"


VISIT_KEYS = ("drafts", "text_size", "contrast")  # what a visitor leaves in the session


def visit_started() -> bool:
    """Whether this screen holds anything of the visitor's: answers or display settings."""
    return any(session.get(key) for key in VISIT_KEYS)


def init_app(app: Flask) -> None:
    @app.before_request
    def _load_device():
        if request.endpoint != "static":
            current_device()

    @app.context_processor
    def _kiosk_context():
        return {
            "kiosk_device": g.get("kiosk_device"),
            "kiosk_warning_seconds": terminals.WARNING_SECONDS,
            "kiosk_visit_started": g.get("kiosk_device") is not None and visit_started(),
        }
