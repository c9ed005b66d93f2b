"""Reference numbers residents can read aloud: `PKP-7K3M-Q9XD`.

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), the last one
a check character so that a mistyped reference is caught before it is looked up.
Seven random characters give 31**7 (about 27 billion) possibilities per form.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY_LENGTH = 7
_SHAPE = re.compile(rf"^([A-Z]{{2,4}})([{ALPHABET}]{{8}})$")


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    code = body + _check_character(prefix + body)
    return f"{prefix}-{code[:4]}-{code[4:]}"


def normalise_reference(text: str) -> str | None:
    """The canonical form of a typed reference, or None if it cannot be one of ours.

    Case, spaces and dashes do not matter. Characters that are not in the alphabet,
    or a wrong check character, mean the reference was mistyped.
    """
    compact = re.sub(r"[\s\-–—]", "", text or "").upper()
    match = _SHAPE.match(compact)
    if not match:
        return None
    prefix, code = match.groups()
    if _check_character(prefix + code[:-1]) != code[-1]:
        return None
    return f"{prefix}-{code[:4]}-{code[4:]}"


def _check_character(text: str) -> str:
    """Weighted sum modulo 31 (a prime): catches any one wrong character in the code."""
    total = sum(
        (index + 1) * (ALPHABET.index(char) if char in ALPHABET else ord(char))
        for index, char in enumerate(text)
    )
    return ALPHABET[total % len(ALPHABET)]
