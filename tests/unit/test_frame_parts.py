"""Frame parts are kept per language, kind of device and mount point (kiosk/frame.py),
so they must not read anything else: a resident's session or the page's address would
be shown to the next resident."""

from __future__ import annotations

import re
from pathlib import Path

FRAME = Path(__file__).resolve().parents[2] / "templates" / "frame"
PER_REQUEST = re.compile(r"\b(session|request|g|kiosk_device|errors|csrf_token)\b")


def test_frame_parts_read_only_what_they_are_kept_by():
    parts = sorted(FRAME.glob("*.html"))
    assert [part.name for part in parts] == ["footer_links.html", "head.html", "header.html"]
    for part in parts:
        expressions = re.findall(r"{[{%](.*?)[%}]}", part.read_text(), re.S)
        reads = {name for code in expressions for name in PER_REQUEST.findall(code)}
        assert not reads, f"{part.name} reads {reads}: keep that in base.html"
