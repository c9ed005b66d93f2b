"""Numbers as residents type them, and amounts as every page and PDF writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.formdefs.numbers import ascii_digits, format_money, parse_number


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("٠٧٧٠٠ ٩٠٠ ٩٨٢", "07700 900 982"),
        ("٧٥٠٫٥٠", "750.50"),
        ("۱٬۲۵۰٫۵", "1,250.5"),
        ("１２３", "123"),
        ("AB12 CDE", "AB12 CDE"),
    ],
)
def test_other_scripts_digits_are_read_as_ascii(typed, stored):
    assert ascii_digits(typed) == stored


@pytest.mark.parametrize(
    ("typed", "number"),
    [("£1,250.5", Decimal("1250.5")), ("٧٥٠٫٥٠", Decimal("750.50")), ("twelve", None)],
)
def test_amounts_are_parsed_however_they_were_typed(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize(
    ("locale", "shown"),
    [("en", "£1,250.50"), ("es", "1.250,50\xa0£"), ("ar", "\u200f1,250.50\xa0£")],
)
def test_money_is_written_for_the_locale_with_the_plain_symbol(locale, shown):
    assert format_money("£1,250.5", "GBP", locale) == shown
    assert format_money("not a number", "GBP", locale) == "not a number"
