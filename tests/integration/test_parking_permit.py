"""A resident applies for a parking permit, start to confirmation, through HTTP."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from kiosk.models import Draft, Submission
from kiosk.services.references import normalise_reference

from .. import samples
from ..support import date_fields, page_text

SLUG = "parking-permit"
TODAY = dt.date.today()


ABOUT_YOU = {"full_name": "Amira Haddad", "email": "amira@example.com", "phone": ""}
ADDRESS = {
    "home_address-line1": "12 Orchard Row",
    "home_address-town": "Exampleton",
    "home_address-postcode": "EX1 2AB",
    **date_fields("moved_in", dt.date(2021, 3, 27)),
}
VEHICLE = {
    "vehicles-0-registration": "AB12 CDE",
    "vehicles-0-make": "Ford Fiesta",
    "vehicles-0-fuel": "petrol",
}
PERMIT = {**date_fields("start_date", TODAY), "duration": "12", "blue_badge": "no"}


def _fill_to_vehicles(resident, keeper: str):
    resident.start(SLUG)
    assert resident.answer(SLUG, "about-you", ABOUT_YOU).location.endswith("/your-address")
    assert resident.answer(SLUG, "your-address", ADDRESS).location.endswith("/keeper")
    return resident.answer(SLUG, "keeper", {"keeper": keeper})


def _upload_documents(resident, keeper: str):
    """The upload step: proof of address, and the registration or the company's letter."""
    second = "vehicle_registration" if keeper == "yes" else "lease_or_employer_letter"
    response = resident.upload(
        SLUG,
        {
            "proof_of_address": [(samples.jpeg(), "council-tax.jpg")],
            second: [(samples.pdf(), "certificate.pdf")],
        },
    )
    assert response.location.endswith("/check"), response.status_code
    return response


def _declare(resident, name="Amira Haddad"):
    return resident.post(f"/forms/{SLUG}/declaration", {"confirm": "y", "signature": name})


def test_resident_sees_required_documents_and_service_standard_before_starting(resident):
    response = resident.get(f"/forms/{SLUG}/")
    text = page_text(response)
    assert "What you will need" in text
    assert "Proof of address" in text
    assert "Vehicle registration certificate" in text and "only in some cases" in text
    assert "within 10 working days" in text


def test_registered_keeper_applies_for_two_vehicles(resident, db_session):
    response = _fill_to_vehicles(resident, "yes")
    assert response.location.endswith("/vehicles")  # the company page is skipped

    page = resident.get(f"/forms/{SLUG}/vehicles")
    assert "Step 4 of 6" in page_text(page)

    response = resident.answer(SLUG, "vehicles", VEHICLE, action="add")
    assert response.status_code == 302
    page = resident.get(response.location)
    assert resident.soup().find(id="vehicles-1-registration") is not None
    assert resident.soup().find(id="vehicles-0-registration")["value"] == "AB12 CDE"

    two = {
        **VEHICLE,
        "vehicles-1-registration": "XY70 ZZZ",
        "vehicles-1-make": "Nissan Leaf",
        "vehicles-1-fuel": "electric",
    }
    assert resident.answer(SLUG, "vehicles", two).location.endswith("/permit")
    assert resident.answer(SLUG, "permit", PERMIT).location.endswith("/documents")
    _upload_documents(resident, "yes")

    check = resident.get(f"/forms/{SLUG}/check")
    text = page_text(check)
    assert "Amira Haddad" in text and "XY70 ZZZ" in text and "Nissan Leaf" in text
    assert "Company or lease vehicle" not in text

    response = _declare(resident)
    assert response.location.endswith("/confirmation")
    confirmation = resident.get(response.location)
    reference = resident.soup().find(attrs={"data-reference": True})["data-reference"]
    assert normalise_reference(reference) == reference
    assert "Application sent" in page_text(confirmation)

    submission = db_session.scalar(select(Submission))
    assert submission.reference == reference
    assert submission.form_slug == SLUG and submission.form_version == 1
    assert submission.channel == "home" and submission.language == "en"
    assert submission.answers["keeper"] == "yes"
    assert "company_name" not in submission.answers
    assert [v["registration"] for v in submission.answers["vehicles"]] == ["AB12 CDE", "XY70 ZZZ"]
    assert submission.answers["moved_in"] == "2021-03-27"
    assert submission.answers["home_address"]["postcode"] == "EX1 2AB"
    assert submission.declaration["signature"] == {"method": "typed", "name": "Amira Haddad"}
    assert submission.due_on > submission.submitted_at.date()


def test_company_car_driver_answers_the_company_page(resident, db_session):
    response = _fill_to_vehicles(resident, "no")
    assert response.location.endswith("/company-vehicle")
    page = resident.get(response.location)
    assert "Step 4 of 7" in page_text(page)

    response = resident.answer(
        SLUG, "company-vehicle", {"company_name": "Acme Leasing", "relationship": "other"}
    )
    assert response.status_code == 200
    soup = resident.soup()
    assert soup.title.get_text().startswith("Error:")
    assert soup.select_one(".error-summary a")["href"] == "#relationship_other"

    response = resident.answer(
        SLUG,
        "company-vehicle",
        {
            "company_name": "Acme Leasing",
            "relationship": "other",
            "relationship_other": "My partner's company lends it to me",
        },
    )
    assert response.location.endswith("/vehicles")
    resident.answer(SLUG, "vehicles", VEHICLE)
    resident.answer(SLUG, "permit", PERMIT)
    _upload_documents(resident, "no")
    assert _declare(resident).location.endswith("/confirmation")

    submission = db_session.scalar(select(Submission))
    assert submission.answers["company_name"] == "Acme Leasing"
    assert submission.answers["relationship_other"] == "My partner's company lends it to me"


def test_the_clerk_sees_what_each_file_is_and_where_and_in_which_language_it_came(
    resident, staff_client
):
    resident.get("/?lang=es")
    _fill_to_vehicles(resident, "no")
    resident.answer(SLUG, "company-vehicle", {"company_name": "Acme", "relationship": "lease"})
    resident.answer(SLUG, "vehicles", VEHICLE)
    resident.answer(SLUG, "permit", PERMIT)
    _upload_documents(resident, "no")
    resident.get(_declare(resident).location)
    reference = resident.soup().find(attrs={"data-reference": True})["data-reference"]

    detail = BeautifulSoup(
        staff_client().get(f"/staff/submissions/{reference}").get_data(as_text=True),
        "html.parser",
    )
    rows = {
        row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
        for row in detail.select(".summary-list__row")
    }
    assert rows["Proof of address"] == "council-tax.jpg (1 KB)"
    assert rows["Letter from the company that owns the vehicle"] == "certificate.pdf (1 KB)"
    assert rows["Channel"] == "Home" and rows["Language"] == "español"


def test_errors_are_summarised_and_values_kept(resident):
    resident.start(SLUG)
    response = resident.answer(SLUG, "about-you", {"full_name": "", "email": "not-an-email"})
    assert response.status_code == 200
    soup = resident.soup()
    assert soup.title.get_text().startswith("Error: ")
    links = [(a["href"], a.get_text(strip=True)) for a in soup.select(".error-summary a")]
    assert links == [
        ("#full_name", "Enter your full name"),
        ("#email", "Enter an email address in the correct format, like name@example.com"),
    ]
    assert soup.find(id="email")["value"] == "not-an-email"
    assert soup.find(id="email")["aria-describedby"] == "email-hint email-error"


def test_date_must_be_real_and_within_bounds(resident):
    resident.start(SLUG)
    resident.answer(SLUG, "about-you", ABOUT_YOU)
    bad = {**ADDRESS, "moved_in-day": "31", "moved_in-month": "2", "moved_in-year": "2021"}
    resident.answer(SLUG, "your-address", bad)
    assert "must be a real date" in resident.soup().select_one(".error-summary").get_text()
    future = {**ADDRESS, **date_fields("moved_in", TODAY + dt.timedelta(days=400))}
    resident.answer(SLUG, "your-address", future)
    assert (
        "The date you moved in must be today or in the past"
        in resident.soup().select_one(".error-summary").get_text()
    )


def test_change_link_returns_to_check_answers(resident, db_session):
    _fill_to_vehicles(resident, "yes")
    resident.answer(SLUG, "vehicles", VEHICLE)
    resident.answer(SLUG, "permit", PERMIT)
    _upload_documents(resident, "yes")
    check = resident.get(f"/forms/{SLUG}/check")
    assert check.status_code == 200
    change = resident.soup().find("a", href=lambda h: h and "/about-you?change=1" in h)
    assert change is not None
    page = resident.get(change["href"].split("#")[0])
    assert resident.soup().select_one(".back-link")["href"].endswith("/check")
    response = resident.post(
        f"/forms/{SLUG}/about-you",
        {**ABOUT_YOU, "full_name": "Amira H. Haddad", "return_to": "check"},
    )
    assert response.location.endswith("/check")
    assert "Amira H. Haddad" in page_text(resident.get(f"/forms/{SLUG}/check"))
    assert page.status_code == 200


def test_changing_an_answer_that_adds_a_page_sends_the_resident_there(resident):
    _fill_to_vehicles(resident, "yes")
    resident.answer(SLUG, "vehicles", VEHICLE)
    resident.answer(SLUG, "permit", PERMIT)
    response = resident.post(f"/forms/{SLUG}/keeper", {"keeper": "no", "return_to": "check"})
    assert "/company-vehicle" in response.location
    assert resident.get(f"/forms/{SLUG}/check").location.endswith("/company-vehicle")


def test_removing_a_vehicle_keeps_the_others(resident):
    _fill_to_vehicles(resident, "yes")
    two = {
        **VEHICLE,
        "vehicles-1-registration": "XY70 ZZZ",
        "vehicles-1-make": "Nissan Leaf",
        "vehicles-1-fuel": "electric",
    }
    resident.answer(SLUG, "vehicles", two, action="remove-0")
    resident.get(f"/forms/{SLUG}/vehicles")
    soup = resident.soup()
    assert soup.find(id="vehicles-0-registration")["value"] == "XY70 ZZZ"
    assert soup.find(id="vehicles-1-registration") is None


def test_submitting_twice_makes_one_submission(resident, db_session):
    _fill_to_vehicles(resident, "yes")
    resident.answer(SLUG, "vehicles", VEHICLE)
    resident.answer(SLUG, "permit", PERMIT)
    _upload_documents(resident, "yes")
    token_page = resident.get(f"/forms/{SLUG}/declaration")
    from ..checking_client import csrf_token_in

    token = csrf_token_in(token_page.get_data(as_text=True))
    data = {"confirm": "y", "signature": "Amira Haddad", "csrf_token": token}
    first = resident.client.post(f"/forms/{SLUG}/declaration", data=data)
    second = resident.client.post(f"/forms/{SLUG}/declaration", data=data)
    assert first.location == second.location
    assert db_session.scalar(select(func.count()).select_from(Submission)) == 1
    resident.get(f"/forms/{SLUG}/confirmation")
    shown = resident.soup().find(attrs={"data-reference": True})["data-reference"]
    assert shown == db_session.scalar(select(Submission.reference))


def test_failure_before_commit_shows_an_error_and_stores_nothing(
    app, resident, db_session, monkeypatch
):
    _fill_to_vehicles(resident, "yes")
    resident.answer(SLUG, "vehicles", VEHICLE)
    resident.answer(SLUG, "permit", PERMIT)
    _upload_documents(resident, "yes")
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    def fail_before_commit(session):
        if any(isinstance(obj, Submission) for obj in session.identity_map.values()):
            raise RuntimeError("the database went away")

    event.listen(Session, "before_commit", fail_before_commit)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = _declare(resident)
    finally:
        event.remove(Session, "before_commit", fail_before_commit)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page_text(response)
    assert db_session.scalar(select(func.count()).select_from(Submission)) == 0
    draft = db_session.scalar(select(Draft))
    assert draft.submission_id is None and draft.answers["full_name"] == "Amira Haddad"
    assert _declare(resident).location.endswith("/confirmation")
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(Submission)) == 1


def test_declaration_must_be_accepted_and_signed(resident):
    _fill_to_vehicles(resident, "yes")
    resident.answer(SLUG, "vehicles", VEHICLE)
    resident.answer(SLUG, "permit", PERMIT)
    response = resident.post(f"/forms/{SLUG}/declaration", {})
    assert response.status_code == 200
    summary = resident.soup().select_one(".error-summary").get_text()
    assert "Confirm the declaration" in summary and "Type your full name to sign" in summary
