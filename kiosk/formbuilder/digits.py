"""Digits as typed on other keyboards, read as the ASCII digits Kiosk stores and parses.

An Arabic keyboard types ٠-٩ (and ٫ for the decimal point, ٬ between thousands), a
Persian or Urdu one ۰-۹, a Chinese one full-width ０-９. Phone numbers, amounts, numbers
and dates are normalised when the page is read, so every later step (validation,
conditions, the check page, PDFs) sees `0-9`, `.` and `,`.
"""

from __future__ import annotations

_DIGIT_BLOCKS = ("\u0660", "\u06f0", "\uff10")  # Arabic-Indic, Eastern Arabic-Indic, full-width

ASCII = str.maketrans(
    {
        **{chr(ord(zero) + n): str(n) for zero in _DIGIT_BLOCKS for n in range(10)},
        "\u066b": ".",  # ARABIC DECIMAL SEPARATOR
        "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR
    }
)


def ascii_digits(text: str | None) -> str | None:
    """`text` with other scripts' digits and Arabic separators as ASCII; None stays None."""
    return text.translate(ASCII) if isinstance(text, str) else text
