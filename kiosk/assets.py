"""Addresses every page links to: static files named by their content, and the page
frame's own links, built once instead of on every page.

Pages name `css/kiosk.css?v=<hash of the file>`; such a response may be kept for a
year, so a phone on a slow network fetches the stylesheet and script once instead of
asking again on every page, and a changed file is fetched at once under its new
address. In production a file is hashed once, at its first use (a release restarts
the app); with `TEMPLATES_AUTO_RELOAD` or debug on (`KIOSK_TEMPLATES_AUTO_RELOAD=true
make run` while editing) it is hashed again whenever its modification time or size
changes.

Building an address from the route map costs about ten microseconds, and every page's
header and footer link to the same eight or so places (stylesheets, logo, home, help,
contact): `fixed_url` builds each once per mount point (`SCRIPT_NAME`). Templates'
`url_for` goes through it when it is given no values; addresses with values that come
from a request (a reference, a return address) are built each time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, url_for

A_YEAR = 365 * 24 * 3600
ADDRESSES_KEPT = 1_000  # a bound, should a proxy send many mount points; then built anew


def init_app(app: Flask) -> None:
    app.extensions["kiosk.fixed_urls"] = {}

    def template_url_for(endpoint: str, **values) -> str:
        if values or endpoint.startswith("."):  # "." is relative to the request's blueprint
            return url_for(endpoint, **values)
        return fixed_url(endpoint)

    versions = _FileVersions(app, recheck=rechecks(app))

    def asset_url(filename: str) -> str:
        return fixed_url("static", filename=filename, v=versions.of(filename))

    app.jinja_env.globals.update(url_for=template_url_for, fixed_url=fixed_url, asset_url=asset_url)

    @app.after_request
    def keep_versioned_files(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            keep_a_year(response)
        return response


def fixed_url(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)` for values that are the same on every request (file
    versions, settings, a form's slug and page ids): built once per mount point."""
    if not has_request_context():
        return url_for(endpoint, **values)
    built = current_app.extensions["kiosk.fixed_urls"]
    key = (request.script_root, endpoint, *values.items())
    url = built.get(key)
    if url is None:
        if len(built) >= ADDRESSES_KEPT:
            built.clear()
        url = built[key] = url_for(endpoint, **values)
    return url


def keep_a_year(response):
    """A response at an address that changes with its content: browsers and proxies may
    keep it a year without asking again."""
    response.cache_control.no_cache = None
    response.cache_control.public = True
    response.cache_control.max_age = A_YEAR
    response.cache_control.immutable = True
    return response


def rechecks(app: Flask) -> bool:
    """Whether files and frame parts are looked at again on every page (editing)."""
    reload = app.config.get("TEMPLATES_AUTO_RELOAD")
    return bool(app.debug if reload is None else reload)


class _FileVersions:
    """The first twelve hex digits of each static file's SHA-256."""

    def __init__(self, app: Flask, *, recheck: bool):
        self.app = app
        self.recheck = recheck
        self.known: dict[str, tuple[tuple[float, int], str]] = {}

    def of(self, filename: str) -> str:
        known = self.known.get(filename)
        if known is not None and not self.recheck:
            return known[1]
        path = Path(self.app.static_folder) / filename
        stat = os.stat(path)
        seen = (stat.st_mtime, stat.st_size)
        if known is None or known[0] != seen:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            known = self.known[filename] = (seen, digest)
        return known[1]
