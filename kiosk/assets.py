"""Static files at addresses that change with their content.

Pages name `css/kiosk.css?v=<hash of the file>`; such a response may be kept for a
year, so a phone on a slow network fetches the stylesheet and script once instead of
asking again on every page, and a changed file is fetched at once under its new
address. A file is hashed again only when its modification time or size changes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Flask, request, url_for

A_YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    versions: dict[str, tuple[tuple[float, int], str]] = {}

    def asset_url(filename: str) -> str:
        folder = Path(app.static_folder)
        stat = os.stat(folder / filename)
        seen = (stat.st_mtime, stat.st_size)
        known = versions.get(filename)
        if known is None or known[0] != seen:
            digest = hashlib.sha256((folder / filename).read_bytes()).hexdigest()[:12]
            known = versions[filename] = (seen, digest)
        return url_for("static", filename=filename, v=known[1])

    app.jinja_env.globals["asset_url"] = asset_url

    @app.after_request
    def keep_versioned_files(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = A_YEAR
            response.cache_control.immutable = True
        return response
