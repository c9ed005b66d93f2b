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


def check_rows(resident) -> dict[str, str]:
    return {
        row.dt.get_text(" ", strip=True): row.select_one(".summary-list__value").get_text(
            " ", strip=True
        )
        for row in resident.soup().select(".summary-list__row")
    }


def answer_housing_with_money(resident, language: str, rent: str, income: str) -> None:
    from .. import samples

    resident.get(f"/forms/housing-assistance/?lang={language}")
    resident.start("housing-assistance")
    for page_id, data in JOURNEYS["housing-assistance"]:
        if page_id == "your-tenancy":
            data = {**data, "monthly_rent": rent}
        if page_id == "work-and-income":
            data = {**data, "monthly_income": income}
        assert resident.answer("housing-assistance", page_id, data).status_code == 302, page_id
    resident.get("/forms/housing-assistance/documents")
    asked = [tag["name"][len("file-") :] for tag in resident.soup().select("input[type=file]")]
    resident.upload("housing-assistance", {doc: [(samples.pdf(), "a.pdf")] for doc in asked})
    resident.get("/forms/housing-assistance/check")


def test_every_amount_of_money_reads_the_same_way_however_it_was_typed(resident):
    answer_housing_with_money(resident, "en", rent="£1,250.5", income="1250")
    rows = check_rows(resident)
    assert rows["How much rent do you pay each month?"] == "£1,250.50"
    assert rows["How much money do you get each month, after tax?"] == "£1,250.00"


def test_amounts_in_arabic_use_the_pound_sign_alone(resident):
    answer_housing_with_money(resident, "ar", rent="١٬٢٥٠٫٥", income="1250")
    amounts = [value for value in check_rows(resident).values() if "1,250" in value]
    assert len(amounts) == 2
    assert all(value.endswith("£") and "UK" not in value for value in amounts), amounts
    assert amounts[0].replace("\u200f", "").startswith("1,250.50")

    resident.get("/forms/housing-assistance/your-tenancy")
    prefix = resident.soup().select_one(".input-prefixed__prefix").get_text(strip=True)
    assert prefix == "£"


def test_the_currency_prefix_is_the_symbol_in_every_language(resident):
    for language in ("es", "vi", "zh_Hans"):
        resident.get(f"/forms/housing-assistance/?lang={language}")
        resident.start("housing-assistance")
        resident.get("/forms/housing-assistance/your-tenancy")
        prefix = resident.soup().select_one(".input-prefixed__prefix").get_text(strip=True)
        assert prefix == "£", language
