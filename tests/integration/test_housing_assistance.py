"""A resident applies for help paying their rent: households, income, conditions, rules."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kiosk.models import Submission

from .. import samples
from ..support import date_fields, page_text

SLUG = "housing-assistance"
TODAY = dt.date.today()


ABOUT_YOU = {
    "full_name": "Fatima Al-Sayed",
    **date_fields("date_of_birth", dt.date(1988, 4, 2)),
    "ni_number": "QQ 12 34 56 C",
    "email": "fatima@example.com",
    "phone": "",
}
ADDRESS = {
    "home_address-line1": "Flat 3, 8 Canal Street",
    "home_address-town": "Exampleton",
    "home_address-postcode": "EX4 7QP",
}
TENANCY = {**date_fields("tenancy_start", dt.date(2022, 9, 1)), "monthly_rent": "750.50"}
LANDLORD = {
    "landlord_name": "Harbour Lettings",
    "landlord_address-line1": "1 Quay Road",
    "landlord_address-town": "Exampleton",
    "landlord_address-postcode": "EX1 1AA",
    "landlord_relative": "no",
    "pay_landlord": "yes",
}
CHILD = {
    "household_members-0-member_name": "Omar Al-Sayed",
    **date_fields("household_members-0-member_date_of_birth", dt.date(2015, 6, 12)),
    "household_members-0-member_relationship": "child",
    "household_members-0-member_in_education": "yes",
    "household_members-0-member_has_income": "no",
}
PARTNER = {
    "household_members-1-member_name": "Karim Al-Sayed",
    **date_fields("household_members-1-member_date_of_birth", dt.date(1985, 1, 20)),
    "household_members-1-member_relationship": "partner",
    "household_members-1-member_has_income": "yes",
}


def _through_tenancy(resident, housing_type: str):
    resident.start(SLUG)
    assert resident.answer(SLUG, "about-you", ABOUT_YOU).location.endswith("/your-home")
    home = {**ADDRESS, "housing_type": housing_type, "claimed_before": "no"}
    assert resident.answer(SLUG, "your-home", home).location.endswith("/your-tenancy")
    return resident.answer(SLUG, "your-tenancy", TENANCY)


def _finish(resident, employment: dict, benefits: list[str], savings: str = "2500"):
    response = resident.answer(SLUG, "work-and-income", employment)
    assert response.location.endswith("/benefits-and-savings")
    response = resident.answer(
        SLUG, "benefits-and-savings", {"benefits_received": benefits, "savings": savings}
    )
    assert response.location.endswith("/backdating")
    assert resident.answer(SLUG, "backdating", {"backdate_requested": "no"}).location.endswith(
        "/documents"
    )


def _upload(resident, document_ids: list[str]):
    files = {doc: [(samples.pdf(), f"{doc}.pdf")] for doc in document_ids}
    assert resident.upload(SLUG, files).location.endswith("/check")


def _documents_on_check(resident) -> str:
    return resident.soup().find("h2", string="Documents").find_next("dl").get_text(" ")


def test_employed_private_renter_applies_with_two_household_members(resident, db_session):
    response = _through_tenancy(resident, "private")
    assert response.location.endswith("/your-landlord")
    assert resident.answer(SLUG, "your-landlord", LANDLORD).location.endswith("/your-household")

    with_child = {"others_in_household": "yes", **CHILD}
    response = resident.answer(SLUG, "your-household", with_child, action="add")
    resident.get(response.location.split("#")[0])
    assert resident.soup().find(id="household_members-1-member_name") is not None
    both = {**with_child, **PARTNER}
    assert resident.answer(SLUG, "your-household", both).location.endswith("/work-and-income")

    employed = {
        "employment_status": "employed",
        "employer_name": "Exampleton Buses",
        "employer_address-line1": "Depot Lane",
        "employer_address-town": "Exampleton",
        "employer_address-postcode": "EX2 9ZZ",
        "weekly_hours": "24",
        "monthly_income": "1,250.00",
    }
    _finish(resident, employed, ["child_benefit", "universal_credit"], savings="8000")
    resident.get(f"/forms/{SLUG}/documents")
    asked = [h.get_text(" ", strip=True) for h in resident.soup().select("main section h2")]
    assert asked == [
        "Proof of identity",
        "Proof of income",
        "Tenancy agreement",
        "Bank statements",
        "Other evidence (optional)",
    ]
    _upload(
        resident, ["proof_of_identity", "proof_of_income", "tenancy_agreement", "bank_statements"]
    )

    check = page_text(resident.get(f"/forms/{SLUG}/check"))
    assert "Harbour Lettings" in check and "Omar Al-Sayed" in check and "Karim Al-Sayed" in check
    assert "£750.50" in check and "Exampleton Buses" in check
    documents = _documents_on_check(resident)
    for needed in ("Proof of identity", "Proof of income", "Tenancy agreement", "Bank statements"):
        assert needed in documents
    assert "bank_statements.pdf" in documents
    assert "accounts" not in documents.lower()

    confirmation = resident.post(
        f"/forms/{SLUG}/declaration", {"confirm": "y", "signature": "Fatima Al-Sayed"}
    )
    resident.get(confirmation.location)
    reference = resident.soup().find(attrs={"data-reference": True})["data-reference"]
    assert reference.startswith("HBA-")

    stored = db_session.scalar(select(Submission))
    assert stored.reference == reference
    members = stored.answers["household_members"]
    assert [m["member_name"] for m in members] == ["Omar Al-Sayed", "Karim Al-Sayed"]
    assert members[0]["member_in_education"] == "yes"
    assert not members[1].get("member_in_education")  # not asked about a partner
    assert stored.answers["monthly_rent"] == "750.50"
    assert set(stored.answers["benefits_received"]) == {"universal_credit", "child_benefit"}
    assert stored.answers["landlord_name"] == "Harbour Lettings"
    assert stored.due_on > stored.submitted_at.date() + dt.timedelta(days=20)


def test_council_tenant_without_work_skips_landlord_and_employer(resident, db_session):
    response = _through_tenancy(resident, "council")
    assert response.location.endswith("/your-household")  # no landlord page
    resident.answer(SLUG, "your-household", {"others_in_household": "no"})
    posted_anyway = {
        "employment_status": "unemployed",
        "employer_name": "Should not be kept",
        "weekly_hours": "20",
        "monthly_income": "0",
    }
    _finish(resident, posted_anyway, ["none"])
    _upload(resident, ["proof_of_identity"])
    check = page_text(resident.get(f"/forms/{SLUG}/check"))
    assert "Your landlord" not in check and "Should not be kept" not in check
    documents = _documents_on_check(resident)
    assert "Proof of income" not in documents and "Tenancy agreement" not in documents
    resident.post(f"/forms/{SLUG}/declaration", {"confirm": "y", "signature": "Fatima Al-Sayed"})

    stored = db_session.scalar(select(Submission))
    assert "employer_name" not in stored.answers and "weekly_hours" not in stored.answers
    assert "landlord_name" not in stored.answers and "household_members" not in stored.answers
    assert stored.answers["benefits_received"] == ["none"]


def test_tenancy_end_before_its_start_is_refused_and_values_kept(resident):
    resident.start(SLUG)
    resident.answer(SLUG, "about-you", ABOUT_YOU)
    resident.answer(
        SLUG, "your-home", {**ADDRESS, "housing_type": "private", "claimed_before": "no"}
    )
    ends_early = {
        **date_fields("tenancy_start", TODAY + dt.timedelta(days=40)),
        **date_fields("tenancy_end", TODAY + dt.timedelta(days=10)),
        "monthly_rent": "600",
    }
    response = resident.answer(SLUG, "your-tenancy", ends_early)
    assert response.status_code == 200
    summary = resident.soup().select_one(".error-summary")
    assert "The date your tenancy ends must be after the date it started" in summary.get_text()
    assert summary.find("a")["href"] == "#tenancy_end-day"
    assert resident.soup().find(id="monthly_rent")["value"] == "600"


def test_money_outside_its_bounds_or_not_money_gets_the_authors_message(resident):
    resident.start(SLUG)
    resident.answer(SLUG, "about-you", ABOUT_YOU)
    resident.answer(
        SLUG, "your-home", {**ADDRESS, "housing_type": "council", "claimed_before": "yes"}
    )
    response = resident.answer(SLUG, "your-tenancy", {**TENANCY, "monthly_rent": "a lot"})
    assert response.status_code == 200
    summary = resident.soup().select_one(".error-summary").get_text()
    assert "Monthly rent must be an amount of money, like 750 or 750.50" in summary
    assert resident.soup().find(id="monthly_rent")["value"] == "a lot"
    response = resident.answer(SLUG, "your-tenancy", {**TENANCY, "monthly_rent": "9000"})
    assert response.status_code == 200
    assert (
        "Monthly rent must be 5000 or less"
        in resident.soup().select_one(".error-summary").get_text()
    )


def test_none_of_these_cannot_be_ticked_with_a_benefit(resident):
    _through_tenancy(resident, "council")
    resident.answer(SLUG, "your-household", {"others_in_household": "no"})
    resident.answer(
        SLUG, "work-and-income", {"employment_status": "retired", "monthly_income": "900"}
    )
    response = resident.answer(
        SLUG,
        "benefits-and-savings",
        {"benefits_received": ["none", "pension_credit"], "savings": "100"},
    )
    assert response.status_code == 200
    assert "'None of these' on its own" in resident.soup().select_one(".error-summary").get_text()


def test_start_page_marks_documents_needed_only_in_some_cases(resident):
    text = page_text(resident.get(f"/forms/{SLUG}/"))
    assert "Proof of identity" in text and "Proof of income" in text
    assert text.count("only in some cases") >= 3
    assert "within 20 working days" in text
