"""A valid answer for every page of every shipped form, for tests that walk whole forms.

Each journey lists `(page id, form data)` in the order a resident meets the pages; the
conditions are taken the way that shows the most pages.
"""

from __future__ import annotations

import datetime as dt

TODAY = dt.date.today()


def date_fields(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


ADDRESS = {"line1": "12 Orchard Row", "town": "Exampleton", "postcode": "EX1 2AB"}


def address(prefix: str) -> dict:
    return {f"{prefix}-{part}": value for part, value in ADDRESS.items()}


JOURNEYS: dict[str, list[tuple[str, dict]]] = {
    "parking-permit": [
        ("about-you", {"full_name": "Amira Haddad", "email": "amira@example.com"}),
        (
            "your-address",
            {**address("home_address"), **date_fields("moved_in", dt.date(2021, 3, 27))},
        ),
        ("keeper", {"keeper": "no"}),
        ("company-vehicle", {"company_name": "Acme Leasing", "relationship": "lease"}),
        (
            "vehicles",
            {
                "vehicles-0-registration": "AB12 CDE",
                "vehicles-0-make": "Ford Fiesta",
                "vehicles-0-fuel": "petrol",
            },
        ),
        ("permit", {**date_fields("start_date", TODAY), "duration": "12", "blue_badge": "no"}),
    ],
    "housing-assistance": [
        (
            "about-you",
            {
                "full_name": "Fatima Al-Sayed",
                **date_fields("date_of_birth", dt.date(1988, 4, 2)),
                "ni_number": "QQ 12 34 56 C",
                "email": "fatima@example.com",
            },
        ),
        (
            "your-home",
            {**address("home_address"), "housing_type": "private", "claimed_before": "no"},
        ),
        (
            "your-tenancy",
            {**date_fields("tenancy_start", dt.date(2022, 9, 1)), "monthly_rent": "750"},
        ),
        (
            "your-landlord",
            {
                "landlord_name": "Harbour Lettings",
                **address("landlord_address"),
                "landlord_relative": "no",
                "pay_landlord": "yes",
            },
        ),
        (
            "your-household",
            {
                "others_in_household": "yes",
                "household_members-0-member_name": "Omar Al-Sayed",
                **date_fields("household_members-0-member_date_of_birth", dt.date(2015, 6, 12)),
                "household_members-0-member_relationship": "child",
                "household_members-0-member_in_education": "yes",
                "household_members-0-member_has_income": "no",
            },
        ),
        (
            "work-and-income",
            {
                "employment_status": "employed",
                "employer_name": "Exampleton Buses",
                **address("employer_address"),
                "weekly_hours": "24",
                "monthly_income": "1250",
            },
        ),
        ("benefits-and-savings", {"benefits_received": ["child_benefit"], "savings": "2500"}),
        ("backdating", {"backdate_requested": "no"}),
    ],
    "records-request": [
        (
            "your-request",
            {
                "service_area": "planning",
                "request_details": "All inspection reports for the Mill Lane bridge.",
            },
        ),
        (
            "your-details",
            {
                "full_name": "Tran Thi Mai",
                "requester_type": "individual",
                "email": "mai@example.com",
            },
        ),
        ("how-we-reply", {"preferred_format": "post", **address("postal_address"), "copies": "1"}),
    ],
}
