"""Addresses and repeating groups speak the resident's language, like every other question."""

from __future__ import annotations

import pytest

from ..journeys import JOURNEYS


def start_in(resident, slug: str, language: str) -> None:
    resident.get(f"/forms/{slug}/?lang={language}")
    resident.start(slug)


def errors_on_page(resident) -> str:
    soup = resident.soup()
    summary = soup.select_one(".error-summary").get_text(" ", strip=True)
    inline = " ".join(tag.get_text(" ", strip=True) for tag in soup.select(".error-message"))
    return f"{summary} {inline}"


@pytest.mark.parametrize(
    ("language", "line1", "town"),
    [
        ("ar", "أدخل سطر العنوان 1، وعادةً ما يكون المبنى والشارع", "أدخل البلدة أو المدينة"),
        ("es", None, None),
    ],
)
def test_address_errors_are_in_the_residents_language(resident, language, line1, town):
    start_in(resident, "parking-permit", language)
    resident.answer("parking-permit", "about-you", JOURNEYS["parking-permit"][0][1])
    resident.answer("parking-permit", "your-address", {})
    shown = errors_on_page(resident)
    for english in ("Enter address line 1", "Enter town or city", "Enter postcode"):
        assert english not in shown
    if line1:
        assert line1 in shown and town in shown


def test_errors_inside_a_repeating_group_are_in_the_residents_language(resident):
    start_in(resident, "parking-permit", "ar")
    for page_id, data in JOURNEYS["parking-permit"][:4]:
        resident.answer("parking-permit", page_id, data)
    resident.answer("parking-permit", "vehicles", {"vehicles-0-registration": ""})
    shown = errors_on_page(resident)
    assert "أدخل إجابة عن «رقم اللوحة»" in shown.replace("\u2068", "").replace("\u2069", "")
    assert "Enter an answer" not in shown and "Select an answer" not in shown

    resident.answer("parking-permit", "vehicles", {"vehicles-0-registration": "أ ب ج ١٢٣"})
    assert "Enter a registration number" not in errors_on_page(resident)


def test_authors_messages_and_dates_inside_a_group_are_translated(resident):
    start_in(resident, "housing-assistance", "ar")
    resident.answer("housing-assistance", "your-household", {"others_in_household": "yes"})
    shown = errors_on_page(resident)
    assert "أدخل الاسم الكامل للشخص" in shown
    assert "أدخل تاريخ ميلاد الشخص" in shown
    assert "Enter the person's" not in shown and "Select" not in shown

    resident.answer(
        "housing-assistance",
        "your-household",
        {
            "others_in_household": "yes",
            "household_members-0-member_date_of_birth-day": "31",
            "household_members-0-member_date_of_birth-month": "2",
            "household_members-0-member_date_of_birth-year": "2099",
        },
    )
    shown = errors_on_page(resident)
    assert "must be a real date" not in shown
    assert "تاريخًا صحيحًا" in shown
