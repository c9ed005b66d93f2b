"""How to reach the offices, and the agency's colours and logo as files."""

from __future__ import annotations

from flask import Response, render_template, request

from ..agency import branding, branding_version, logo_bytes, offices
from ..assets import keep_a_year
from . import bp

# Opened on its own, an SVG logo must not run anything in the app's origin.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@bp.get("/contact")
def contact():
    return render_template("public/contact.html", offices=offices())


@bp.get("/branding.css")
def branding_css():
    return _kept_at_its_version(Response(branding().stylesheet(), mimetype="text/css"))


@bp.get("/branding/logo")
def logo():
    response = Response(logo_bytes(), mimetype=branding().logo_type)
    response.headers["Content-Security-Policy"] = LOGO_POLICY
    return _kept_at_its_version(response)


def _kept_at_its_version(response: Response) -> Response:
    """Pages name these files `?v=<version>`, which changes with the colours or the logo:
    at that address a browser may keep the file a year without asking again; at any
    other (an old version, none) it asks every time."""
    if request.args.get("v") == branding_version():
        return keep_a_year(response)
    response.cache_control.no_cache = True
    return response
