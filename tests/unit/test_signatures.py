"""A drawn signature is accepted only as a real PNG with ink on it, and re-encoded."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageDraw

from kiosk.services.signatures import drawn_signature


def canvas(ink: bool = True, size=(600, 200), extra: bytes = b"") -> str:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(20, 150), (200, 40), (380, 160), (560, 60)], "#0b0c0c", 3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue() + extra).decode()


def test_a_drawn_signature_is_kept_re_encoded():
    kept = drawn_signature(canvas(extra=b"<script>alert(1)</script>"))
    assert kept is not None and kept.startswith("data:image/png;base64,")
    data = base64.b64decode(kept.split(",", 1)[1])
    assert b"<script>" not in data
    assert Image.open(io.BytesIO(data)).size == (600, 200)


def test_an_empty_canvas_is_not_a_signature():
    assert drawn_signature(canvas(ink=False)) is None


def test_anything_but_a_modest_png_is_refused():
    assert drawn_signature(None) is None
    assert drawn_signature("") is None
    assert drawn_signature("data:image/svg+xml;base64,PHN2Zz4=") is None
    assert drawn_signature("data:image/png;base64,not base64!") is None
    assert drawn_signature("data:image/png;base64," + base64.b64encode(b"GIF89a").decode()) is None
    assert drawn_signature(canvas(size=(4000, 100))) is None
