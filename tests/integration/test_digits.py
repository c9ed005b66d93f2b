"""Digits typed on an Arabic or Persian keyboard are accepted wherever digits are asked for."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.models import Draft

from ..journeys import JOURNEYS


def test_phone_and_money_typed_in_arabic_indic_digits_are_accepted_and_stored_in_ascii(
    resident, db_session
):
    resident.get("/forms/housing-assistance/?lang=ar")
    resident.start("housing-assistance")
    about_you = {**JOURNEYS["housing-assistance"][0][1], "phone": "٠٧٧٠٠ ٩٠٠ ٩٨٢"}
    response = resident.answer("housing-assistance", "about-you", about_you)
    assert response.status_code == 302, resident.soup().select_one(".error-summary")
    tenancy = {**JOURNEYS["housing-assistance"][2][1], "monthly_rent": "٧٥٠٫٥٠"}
    response = resident.answer("housing-assistance", "your-tenancy", tenancy)
    assert response.status_code == 302, resident.soup().select_one(".error-summary")

    answers = db_session.scalar(select(Draft)).answers
    assert answers["phone"] == "07700 900 982"
    assert answers["monthly_rent"] == "750.50"


def test_eastern_arabic_indic_digits_and_separators_are_accepted_in_numbers_and_dates(
    resident, db_session
):
    resident.start("housing-assistance")
    work = {
        "employment_status": "employed",
        "employer_name": "Harbour Café",
        "employer_address-line1": "1 Quay Street",
        "employer_address-town": "Exampleton",
        "employer_address-postcode": "EX1 1AA",
        "weekly_hours": "۱۶",
        "monthly_income": "۱٬۲۵۰٫۵",
    }
    response = resident.answer("housing-assistance", "work-and-income", work)
    assert response.status_code == 302, resident.soup().select_one(".error-summary")
    tenancy = {
        "tenancy_start-day": "۱",
        "tenancy_start-month": "٩",
        "tenancy_start-year": "۲۰۲۲",
        "monthly_rent": "750",
    }
    response = resident.answer("housing-assistance", "your-tenancy", tenancy)
    assert response.status_code == 302, resident.soup().select_one(".error-summary")

    answers = db_session.scalar(select(Draft)).answers
    assert (answers["weekly_hours"], answers["monthly_income"]) == ("16", "1,250.5")
    assert answers["tenancy_start"] == "2022-09-01"


def test_a_wrong_phone_number_in_arabic_digits_is_still_refused(resident):
    resident.get("/forms/parking-permit/?lang=ar")
    resident.start("parking-permit")
    about_you = {**JOURNEYS["parking-permit"][0][1], "phone": "٠٧٧"}
    resident.answer("parking-permit", "about-you", about_you)
    assert resident.soup().select_one(".error-summary") is not None
