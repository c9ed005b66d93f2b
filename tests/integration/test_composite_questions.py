"""Addresses and repeating groups speak the resident's language, like every other question."""

from __future__ import annotations

import subprocess

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from kiosk.models import Submission

from .. import samples
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


PARTNER_IN_EDUCATION = {
    "others_in_household": "yes",
    "household_members-0-member_name": "Omar Al-Sayed",
    "household_members-0-member_date_of_birth-day": "12",
    "household_members-0-member_date_of_birth-month": "6",
    "household_members-0-member_date_of_birth-year": "2015",
    "household_members-0-member_relationship": "child",
    "household_members-0-member_in_education": "yes",
    "household_members-0-member_has_income": "no",
    "household_members-1-member_name": "Karim Al-Sayed",
    "household_members-1-member_date_of_birth-day": "20",
    "household_members-1-member_date_of_birth-month": "1",
    "household_members-1-member_date_of_birth-year": "1985",
    "household_members-1-member_relationship": "partner",
    # the question is on the page without JavaScript, but not asked about a partner
    "household_members-1-member_in_education": "yes",
    "household_members-1-member_has_income": "yes",
}


def submit_housing_with_a_partner(resident) -> tuple[str, BeautifulSoup]:
    """Submit housing assistance with a child and a partner; the reference and check page."""
    resident.start("housing-assistance")
    for page_id, data in JOURNEYS["housing-assistance"]:
        data = PARTNER_IN_EDUCATION if page_id == "your-household" else data
        assert resident.answer("housing-assistance", page_id, data).status_code == 302, page_id
    resident.get("/forms/housing-assistance/documents")
    asked = [tag["name"][len("file-") :] for tag in resident.soup().select("input[type=file]")]
    resident.upload("housing-assistance", {doc: [(samples.pdf(), "a.pdf")] for doc in asked})
    resident.get("/forms/housing-assistance/check")
    check = resident.soup()
    response = resident.post(
        "/forms/housing-assistance/declaration", {"confirm": "y", "signature": "Fatima Al-Sayed"}
    )
    resident.get(response.location)
    reference = resident.soup().find(attrs={"data-reference": True})["data-reference"]
    return reference, check


def rows_about(soup, person: str) -> dict[str, str]:
    rows = {}
    for row in soup.select(".summary-list__row"):
        key = row.dt.get_text(" ", strip=True)
        if key.startswith(person):
            rows[key] = row.select_one(".summary-list__value").get_text(" ", strip=True)
    return rows


def test_a_question_not_asked_about_an_item_is_not_kept_shown_or_printed(
    resident, db_session, staff_client, tmp_path
):
    reference, check = submit_housing_with_a_partner(resident)
    members = db_session.scalar(select(Submission)).answers["household_members"]
    assert members[0]["member_in_education"] == "yes"
    assert "member_in_education" not in members[1]

    partner_on_check = rows_about(check, "Person 2:")
    assert "Person 2: Are they in full-time education or training?" not in partner_on_check
    assert partner_on_check["Person 2: Do they have any income?"] == "Yes"

    clerk = staff_client()
    page = BeautifulSoup(clerk.get(f"/staff/submissions/{reference}").data, "html.parser")
    assert "Person 2: Are they in full-time education or training?" not in rows_about(
        page, "Person 2:"
    )
    child = rows_about(page, "Person 1:")
    assert child["Person 1: Are they in full-time education or training?"] == "Yes"

    # the PDF's household table: a cell for every question, "—" where it was not asked
    pdf = resident.client.get("/forms/housing-assistance/confirmation/pdf").data
    path = tmp_path / "housing.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    partner_line = next(line for line in text.splitlines() if "Karim Al-" in line)
    assert "—" in partner_line and "Not given" not in partner_line
