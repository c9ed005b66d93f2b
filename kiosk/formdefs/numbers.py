"""Numbers and amounts of money as residents type them, and as every page writes them.

An Arabic keyboard types ٠-٩ (and ٫ for the decimal point, ٬ between thousands), a
Persian or Urdu one ۰-۹, a Chinese one full-width ０-９: `ascii_digits` reads them as the
ASCII digits Kiosk stores. `parse_number` reads "£1,250.5" as 1250.5; `format_money`
writes every amount the same way for a locale, with the currency's plain symbol ("£",
where CLDR gives Arabic "UK£" and Spanish "GBP").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency, get_currency_symbol

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


_NOT_PART_OF_A_NUMBER = re.compile(r"[\s,£$€¥]")


def parse_number(text) -> Decimal | None:
    """The number in what a resident typed ("£1,250.5", "٧٥٠٫٥٠"), or None."""
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        return Decimal(text)
    if not isinstance(text, str):
        return None
    try:
        number = Decimal(_NOT_PART_OF_A_NUMBER.sub("", ascii_digits(text)))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def currency_symbol(code: str) -> str:
    """The currency's symbol on its own ("£" for GBP), the same in every language."""
    return get_currency_symbol(code, locale="en")


def format_money(value, code: str, locale) -> str:
    """An amount in the locale's way of writing money, with the plain symbol; an answer
    that is not a number is given back as it was typed."""
    amount = parse_number(value)
    if amount is None:
        return "" if value is None else str(value)
    text = format_currency(amount, code, locale=locale)
    return text.replace(get_currency_symbol(code, locale=locale), currency_symbol(code))
