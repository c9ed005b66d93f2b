"""How to reach the offices, and the agency's colours and logo as files."""

from __future__ import annotations

from flask import Response, render_template

from ..agency import branding, logo_bytes, offices
from . import bp

CACHED_FOR = 24 * 60 * 60  # the addresses carry a version: a change gets a new address
# Opened on its own, an SVG logo must not run anything in the app's origin.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@bp.get("/contact")
def contact():
    return render_template("public/contact.html", offices=offices())


@bp.get("/branding.css")
def branding_css():
    response = Response(branding().stylesheet(), mimetype="text/css")
    response.headers["Cache-Control"] = f"public, max-age={CACHED_FOR}"
    return response


@bp.get("/branding/logo")
def logo():
    response = Response(logo_bytes(), mimetype=branding().logo_type)
    response.headers["Cache-Control"] = f"public, max-age={CACHED_FOR}"
    response.headers["Content-Security-Policy"] = LOGO_POLICY
    return response
