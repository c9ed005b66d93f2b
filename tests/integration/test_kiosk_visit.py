"""A visit at the kiosk ends with nothing left for the next person: leaving a form, the
receipt, the ends of the journey; handing over to a phone keeps what was typed; the
documents step says which documents go to a clerk, and can be saved or left."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiosk.models import Draft
from kiosk.services import clock, terminals

from ..checking_client import csrf_token_in
from ..journeys import JOURNEYS
from ..samples import png
from ..support import Resident
from .test_kiosk_mode import add_kiosk, admin, kiosk  # noqa: F401  (fixtures)

PARKING = "parking-permit"
RECORDS = "records-request"


def wipe_button(screen: Resident, label: str):
    """The button, in the page's main part, of a form that posts to the wipe, by its label."""
    for form in screen.soup().main.select('form[action="/kiosk/wipe"]'):
        button = form.find("button")
        if button is not None and button.get_text(" ", strip=True) == label:
            return button
    return None


def submit_at(screen: Resident, slug: str = RECORDS) -> None:
    screen.start(slug)
    for page_id, data in JOURNEYS[slug]:
        screen.answer(slug, page_id, data)
    screen.post(f"/forms/{slug}/declaration", {"confirm": "y"})


def test_leaving_a_form_at_the_kiosk_ends_the_visit(app, kiosk, db_session):  # noqa: F811
    kiosk.start(PARKING)
    kiosk.answer(PARKING, *JOURNEYS[PARKING][0])
    kiosk.get(f"/forms/{PARKING}/your-address")
    kiosk.get(kiosk.soup().find("a", string="Exit this form")["href"])
    soup = kiosk.soup()
    assert soup.h1.get_text(strip=True) == "You have left the form"
    assert soup.find("a", string="Go back to the form")["href"] == f"/forms/{PARKING}/"
    assert soup.find("a", string="Back to the list of services") is None  # not to "/"
    leave = wipe_button(kiosk, "Finish and clear my answers")
    assert leave is not None and leave.find_parent("main") is not None
    assert "nobody else sees your answers" in soup.main.get_text(" ", strip=True)

    left = kiosk.client.post("/kiosk/wipe")
    assert left.location.endswith("/kiosk/")
    assert db_session.scalar(select(Draft)) is None
    start_page = kiosk.get(f"/forms/{PARKING}/").get_data(as_text=True)  # the next visitor
    assert "Continue your application" not in start_page
    assert kiosk.client.get(f"/forms/{PARKING}/about-you").status_code == 410


def test_going_back_from_the_exit_page_keeps_the_answers(kiosk):  # noqa: F811
    kiosk.start(PARKING)
    kiosk.answer(PARKING, *JOURNEYS[PARKING][0])
    kiosk.get(f"/forms/{PARKING}/exit")
    kiosk.get(f"/forms/{PARKING}/about-you")
    assert kiosk.soup().select_one("#full_name")["value"] == "Amira Haddad"


def test_the_exit_page_at_home_still_leads_to_the_list_of_services(resident):
    resident.start(PARKING)
    resident.get(f"/forms/{PARKING}/exit")
    assert resident.soup().find("a", string="Back to the list of services")["href"] == "/"
    assert not resident.soup().select('form[action="/kiosk/wipe"]')


def test_the_ends_of_a_kiosk_visit_go_back_to_the_welcome_screen_after_a_wipe(
    kiosk,  # noqa: F811
):
    submit_at(kiosk)
    kiosk.get(f"/forms/{RECORDS}/confirmation")
    assert kiosk.soup().find("a", string="Back to the list of services") is None
    assert wipe_button(kiosk, "Back to the list of services") is not None
    token = csrf_token_in(kiosk.last_html)
    kiosk.post(
        f"/forms/{RECORDS}/feedback", {"moment": "submitted", "rating": "5", "csrf_token": token}
    )
    kiosk.get(f"/forms/{RECORDS}/feedback/thanks")
    assert kiosk.soup().find("a", string="Back to the list of services") is None
    assert wipe_button(kiosk, "Back to the list of services") is not None
    assert kiosk.client.post("/kiosk/wipe").location.endswith("/kiosk/")
    assert kiosk.client.get(f"/forms/{RECORDS}/confirmation").location.endswith(
        f"/forms/{RECORDS}/"
    )


def test_the_receipt_is_a_kiosk_page_that_can_finish_the_visit(kiosk):  # noqa: F811
    submit_at(kiosk)
    kiosk.get(f"/kiosk/forms/{RECORDS}/receipt")
    soup = kiosk.soup()
    body = soup.body
    assert body.has_attr("data-kiosk") and int(body["data-idle-seconds"]) == 90
    assert body["data-wipe-url"] == "/kiosk/wipe"
    assert soup.select_one("#idle-dialog") is not None
    assert any("terminal.js" in script["src"] for script in soup.select("script[src]"))
    finish = [b.get_text(strip=True) for b in soup.select('form[action="/kiosk/wipe"] button')]
    assert "Finish" in finish
    text = soup.get_text(" ", strip=True)
    assert "reference number and the email address you gave" in text  # what /status asks


def test_continue_on_my_phone_keeps_what_was_typed_on_the_page(app, kiosk, db_session):  # noqa: F811
    kiosk.start(PARKING)
    kiosk.answer(PARKING, *JOURNEYS[PARKING][0])
    typed = {"home_address-line1": "5 Handoff Lane"}  # the rest not typed yet
    shown = kiosk.answer(PARKING, "your-address", typed, action="phone")
    assert shown.status_code == 200
    soup = kiosk.soup()
    assert soup.h1.get_text(strip=True) == "Continue on your phone"
    back = soup.find("a", string="Continue here instead")
    assert back["href"] == f"/forms/{PARKING}/your-address"
    kiosk.get(back["href"])
    assert kiosk.soup().select_one("#home_address-line1")["value"] == "5 Handoff Lane"
    assert not kiosk.soup().select(".error-summary")  # not marked wrong: only kept

    draft = db_session.scalar(select(Draft))
    link = f"/handoff/{terminals.hand_off(db_session, draft, clock.now())}"  # as the QR code
    phone = Resident(app.test_client())
    phone.client.get(link)
    phone.get(f"/forms/{PARKING}/your-address")
    assert phone.soup().select_one("#home_address-line1")["value"] == "5 Handoff Lane"


def hand_everything_to_a_clerk(kiosk: Resident) -> list[str]:  # noqa: F811
    kiosk.start(PARKING)
    kiosk.complete_pages(PARKING)
    page = kiosk.get(f"/forms/{PARKING}/documents").get_data(as_text=True)
    wanted = re.findall(r'value="in-person-([a-z_]+)"', page)
    for document_id in wanted:
        kiosk.post(f"/forms/{PARKING}/documents", {"action": f"in-person-{document_id}"})
    return wanted


def test_documents_for_a_clerk_are_named_on_check_and_at_the_end(kiosk):  # noqa: F811
    wanted = hand_everything_to_a_clerk(kiosk)
    assert "proof_of_address" in wanted
    kiosk.post(f"/forms/{PARKING}/documents", {"action": "continue"})
    kiosk.get(f"/forms/{PARKING}/check")
    rows = {
        row.select_one(".summary-list__key").get_text(strip=True): row.select_one(
            ".summary-list__value"
        ).get_text(strip=True)
        for row in kiosk.soup().select(".summary-list__row")
    }
    assert rows["Proof of address"] == "You will hand this to a clerk"
    assert rows["Letter from the company that owns the vehicle"] == "You will hand this to a clerk"

    kiosk.post(f"/forms/{PARKING}/declaration", {"confirm": "y", "signature": "Amira Haddad"})
    for path in (f"/forms/{PARKING}/confirmation", f"/kiosk/forms/{PARKING}/receipt"):
        kiosk.get(path)
        reminder = kiosk.soup().select_one("[data-documents-in-person]")
        assert reminder is not None, path
        text = reminder.get_text(" ", strip=True)
        assert text.startswith("Give these documents to a clerk:")
        assert "Proof of address" in text


def test_a_document_for_a_clerk_shows_no_upload_controls_at_the_kiosk(kiosk):  # noqa: F811
    kiosk.start(PARKING)
    kiosk.complete_pages(PARKING)
    kiosk.get(f"/forms/{PARKING}/documents")
    assert kiosk.soup().select_one("#file-proof_of_address") is not None
    kiosk.post(f"/forms/{PARKING}/documents", {"action": "in-person-proof_of_address"})
    kiosk.get(f"/forms/{PARKING}/documents")
    soup = kiosk.soup()
    assert soup.select_one("#file-proof_of_address") is None
    assert soup.select_one("#file-proof_of_address-camera") is None
    assert soup.select_one("#file-lease_or_employer_letter") is not None  # the others keep theirs
    kiosk.post(f"/forms/{PARKING}/documents", {"action": "upload-instead-proof_of_address"})
    kiosk.get(f"/forms/{PARKING}/documents")
    assert kiosk.soup().select_one("#file-proof_of_address") is not None


def test_the_documents_step_can_be_saved_for_later_and_left(app, resident, db_session):
    resident.start(PARKING)
    resident.complete_pages(PARKING)
    resident.get(f"/forms/{PARKING}/documents")
    soup = resident.soup()
    save = soup.select_one('main form button[name=action][value="save"]')
    assert save is not None and save.get_text(strip=True) == "Save and come back later"
    assert soup.find("a", string="Exit this form")["href"] == f"/forms/{PARKING}/exit"

    saved = resident.upload(PARKING, {"proof_of_address": [(png(), "bill.png")]}, action="save")
    assert saved.status_code == 302 and saved.location.endswith(f"/forms/{PARKING}/saved")
    code = resident.client.get(saved.location).get_data(as_text=True)
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code).group(0)

    later = Resident(app.test_client())
    resumed = later.post("/resume", {"code": code})
    onward = later.client.get(resumed.location)  # check answers, then the missing documents
    while onward.status_code == 302:
        landing = onward.location
        onward = later.client.get(landing)
    assert landing.endswith(f"/forms/{PARKING}/documents")
    later.get(f"/forms/{PARKING}/documents")
    names = [n.get_text(strip=True) for n in later.soup().select(".uploaded-file__name a")]
    assert names and names[0].startswith("bill.png")


def test_saving_the_documents_step_with_a_refused_file_says_so(resident):
    resident.start(PARKING)
    resident.complete_pages(PARKING)
    refused = resident.upload(
        PARKING, {"proof_of_address": [(b"not a picture", "bill.png")]}, action="save"
    )
    assert refused.status_code == 400
    assert "bill.png" in resident.soup().select_one(".error-summary").get_text()


def test_kiosk_wording_fits_a_shared_screen(kiosk):  # noqa: F811
    kiosk.get("/kiosk/")
    assert kiosk.soup().select_one("form.kiosk-finish") is None  # nothing entered yet
    kiosk.get("/settings?next=/kiosk/")
    text = kiosk.soup().main.get_text(" ", strip=True)
    assert "until you close the browser" not in text
    assert "kept until your visit at this screen ends" in text

    kiosk.start(RECORDS)
    kiosk.get("/kiosk/")
    finish = kiosk.soup().select_one("form.kiosk-finish button")
    assert finish.get_text(strip=True) == "Finish and clear my answers"

    kiosk.answer(RECORDS, *JOURNEYS[RECORDS][0])
    saved = kiosk.answer(RECORDS, *JOURNEYS[RECORDS][1], action="save")
    kiosk.get(saved.location)
    assert kiosk.soup().select_one("form.kiosk-finish button").get_text(strip=True) == "Finish"


def test_during_a_kiosk_visit_the_agency_name_does_not_lead_away_from_it(kiosk):  # noqa: F811
    kiosk.get("/kiosk/")
    assert kiosk.soup().select_one("a.site-header__agency")["href"] == "/kiosk/"
    kiosk.start(RECORDS)
    kiosk.get(f"/forms/{RECORDS}/your-request")
    header = kiosk.soup().select_one(".site-header")
    assert header.select_one("a.site-header__agency") is None  # the welcome screen would
    assert header.select_one("span.site-header__agency").get_text(strip=True)  # keep answers
    assert header.select_one("form.kiosk-finish") is not None


def test_at_home_the_header_never_offers_to_clear_answers(resident):
    resident.start(RECORDS)
    resident.get(f"/forms/{RECORDS}/your-request")
    assert resident.soup().select_one("form.kiosk-finish") is None
