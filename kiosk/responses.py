"""Sending files back to a browser: stored files, and the back office's spreadsheets."""

from __future__ import annotations

import io
from collections.abc import Iterable

from flask import Response, current_app, send_file

# Excel reads a CSV file as the computer's legacy code page unless it starts with a
# byte order mark: names in Arabic, Chinese or Vietnamese would come out garbled.
BYTE_ORDER_MARK = "\ufeff"


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


def spreadsheet(chunks: Iterable[str], name: str) -> Response:
    """A CSV download (UTF-8 with a byte order mark, so Excel shows every script)."""

    def with_mark():
        yield BYTE_ORDER_MARK
        yield from chunks

    response = current_app.response_class(with_mark(), mimetype="text/csv")  # and charset
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response
