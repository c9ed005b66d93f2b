"""Kiosk mode: enrolled touchscreens in an office lobby (the `terminal` blueprint)."""

from flask import Blueprint

bp = Blueprint("terminal", __name__)

from . import device, views  # noqa: E402,F401
