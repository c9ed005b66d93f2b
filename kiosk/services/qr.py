"""QR codes as SVG: on PDFs (to the verification page), on kiosk screens and receipts."""

from __future__ import annotations

import base64
import io


def svg(url: str, *, scale: int = 4) -> str:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, svgclass="qr"
    )
    return buffer.getvalue().decode()


def data_uri(url: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(url).encode()).decode()
