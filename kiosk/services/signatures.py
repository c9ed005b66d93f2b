"""A signature drawn on the declaration page's canvas, checked like any other upload.

The browser sends the drawing as a PNG data URI. Only a real, modest PNG with some ink
on it is accepted, and it is re-encoded before it is kept with the declaration.
"""

from __future__ import annotations

import base64
import binascii
import io

from PIL import Image

PREFIX = "data:image/png;base64,"
MAX_BYTES = 300 * 1024
MAX_SIDE = 2000


def drawn_signature(data_uri: str | None) -> str | None:
    """The re-encoded drawing as a PNG data URI, or None if there is no usable drawing."""
    if not data_uri or not data_uri.startswith(PREFIX) or len(data_uri) > MAX_BYTES * 4 // 3:
        return None
    try:
        data = base64.b64decode(data_uri[len(PREFIX) :], validate=True)
        image = Image.open(io.BytesIO(data), formats=["PNG"])
        if max(image.size) > MAX_SIDE:
            return None
        image.load()
    except (binascii.Error, ValueError, OSError, SyntaxError, Image.DecompressionBombError):
        return None
    image = image.convert("RGBA")
    if not _has_ink(image):
        return None
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return PREFIX + base64.b64encode(buffer.getvalue()).decode()


def _has_ink(image: Image.Image) -> bool:
    """At least a few visible, dark pixels: a stroke, not an empty canvas."""
    alpha = image.getchannel("A").point(lambda a: 255 if a > 128 else 0)
    dark = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    both = Image.composite(dark, Image.new("L", image.size, 0), alpha)
    return (both.histogram()[255]) >= 20
