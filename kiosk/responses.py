"""Sending a stored file back to a browser, the one way Kiosk does it."""

from __future__ import annotations

import io

from flask import Response, send_file


def stored_file(data: bytes, mimetype: str, name: str, *, inline: bool = False) -> Response:
    """A download (or, `inline`, a PDF opened to print) that the browser never sniffs."""
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=not inline,
        download_name=name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
