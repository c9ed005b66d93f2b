"""Names as the inbox searches them: without case or accents.

A clerk types "jose martinez" for "José Martínez Núñez", "nguyen" for "Nguyễn",
"muller" for "Müller". `search_key` is stored beside each submission's name and applied
to what the clerk types, so one `LIKE` on an indexed column finds both.
"""

from __future__ import annotations

import unicodedata


def search_key(name: str | None) -> str:
    """`name` folded for searching: lower case, accents and other marks removed, letters
    of other scripts (Arabic, Chinese) kept as they are."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("ø", "o"))
