"""The back office: clerks sign in, work through the inbox, change statuses, download."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from . import insights, kiosks, users, views  # noqa: E402,F401
