"""Kiosk mode over HTTP: enrollment, refusing other browsers, the wipe, handoff to a
phone, the channel recorded, receipts without personal data, revocation."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from kiosk.models import Draft, Handoff, KioskDevice, Submission, Upload
from kiosk.services import clock, terminals

from ..checking_client import csrf_token_in
from ..journeys import JOURNEYS
from ..samples import png
from ..support import Resident

SLUG = "records-request"


@pytest.fixture
def admin(staff_client):
    return staff_client("admin", name="Ada Admin")


def add_kiosk(admin, **fields) -> str:
    page = admin.get("/staff/kiosks").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_in(page),
        "name": "Lobby, left",
        "office": "Town Hall",
        "default_language": "en",
        "idle_seconds": "90",
        "keyboard": "on",
        **fields,
    }
    response = admin.post("/staff/kiosks", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    listing = admin.get(response.location).get_data(as_text=True)
    link = re.search(r"data-enrollment-link dir=\"ltr\">([^<]+)</code>", listing).group(1)
    language = fields.get("default_language", "en")
    names = {"en": "English", "es": "español"}
    assert f'<td lang="{language}">{names[language]}</td>' in listing  # named, not a code
    assert link not in admin.get("/staff/kiosks").get_data(as_text=True)  # shown once
    return link.split("127.0.0.1:5000", 1)[1]


@pytest.fixture
def kiosk(app, admin):
    """A browser enrolled as a kiosk through the one-time link."""
    path = add_kiosk(admin)
    screen = Resident(app.test_client())
    page = screen.get(path)
    assert "Lobby, left" in page.get_data(as_text=True)
    enrolled = screen.post(path, {})
    assert enrolled.location.endswith("/kiosk/")
    assert screen.client.get_cookie("kiosk_device") is not None
    again = app.test_client().get(path)
    assert again.status_code == 404  # the link works once
    return screen


def test_only_enrolled_browsers_see_kiosk_pages(app, kiosk):
    stranger = app.test_client()
    refused = stranger.get("/kiosk/")
    assert refused.status_code == 403
    assert "not an enrolled kiosk" in refused.get_data(as_text=True)
    welcome = kiosk.get("/kiosk/")
    text = welcome.get_data(as_text=True)
    assert welcome.status_code == 200 and "Town Hall" in text
    assert '<html lang="en"' in text  # the device's language (the launcher test checks "es")
    for name in ("English", "español", "العربية", "中文", "Tiếng Việt"):
        assert name in text
    assert 'class="kiosk-mode"' in text or "kiosk-mode" in text
    forged = app.test_client()
    forged.set_cookie("kiosk_device", "eyJkIjoxLCJrIjoieCJ9.forged")
    assert forged.get("/kiosk/").status_code == 403


def test_an_error_page_at_the_kiosk_leads_back_to_its_welcome_screen(app, kiosk):
    from bs4 import BeautifulSoup

    def way_out(client) -> str:
        response = client.get("/forms/no-such-form/")
        assert response.status_code == 404
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert page.title.get_text().startswith("Page not found")
        return page.find("a", string="Go to the list of services")["href"]

    assert way_out(kiosk.client) == "/kiosk/"
    assert way_out(app.test_client()) == "/"


def test_a_kiosk_visit_is_recorded_as_kiosk(kiosk, db_session):
    kiosk.start(SLUG)
    for page_id, data in JOURNEYS[SLUG]:
        kiosk.answer(SLUG, page_id, data)
    kiosk.post(f"/forms/{SLUG}/declaration", {"confirm": "y"})
    page = kiosk.get(f"/forms/{SLUG}/confirmation").get_data(as_text=True)
    assert "Print a receipt" in page and "Download your PDF" not in page
    submission = db_session.scalar(select(Submission))
    assert submission.channel == "kiosk"
    assert kiosk.client.get(f"/forms/{SLUG}/confirmation/pdf").status_code == 404

    receipt = kiosk.get(f"/kiosk/forms/{SLUG}/receipt").get_data(as_text=True)
    assert submission.reference in receipt and "/status" in receipt and "<svg" in receipt
    assert "Questions? Contact Information Governance Team:" in receipt
    assert "020 7946 0300" in receipt  # the office's, never the resident's
    answers = dict(JOURNEYS[SLUG])["your-details"]
    for personal in (answers["full_name"], answers["email"], "Mill Lane"):
        assert personal not in receipt


def test_the_wipe_deletes_the_visit(app, kiosk, db_session):
    kiosk.start(SLUG)
    kiosk.answer(SLUG, *JOURNEYS[SLUG][0])
    draft = db_session.scalar(select(Draft))
    stored = storage_key = None
    from kiosk.services.storage import storage_from_config

    storage = storage_from_config(app.config)
    storage_key = storage.save_bytes(png())
    db_session.add(
        Upload(
            storage_key=storage_key,
            draft_id=draft.id,
            field_id="supporting_document",
            filename="x.png",
            content_type="image/png",
            size=10,
            created_at=clock.now(),
        )
    )
    db_session.commit()
    wiped = kiosk.client.post("/kiosk/wipe")
    assert wiped.status_code == 302 and wiped.location.endswith("/kiosk/")
    assert wiped.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert "kiosk_session=;" in wiped.headers.get("Set-Cookie", "")  # the session cookie goes
    db_session.expire_all()
    assert db_session.scalar(select(Draft)) is None
    assert db_session.scalar(select(Upload)) is None
    assert not storage.exists(storage_key)
    stored = kiosk.client.get(f"/forms/{SLUG}/your-request")
    assert stored.status_code == 410  # the back button finds nothing
    assert "Tran Thi Mai" not in stored.get_data(as_text=True)
    assert kiosk.client.get_cookie("kiosk_device") is not None  # still a kiosk
    assert "Town Hall" in kiosk.get("/kiosk/").get_data(as_text=True)


def test_a_draft_moves_from_the_kiosk_to_a_phone_once(app, kiosk, db_session):
    kiosk.start(SLUG)
    kiosk.answer(SLUG, *JOURNEYS[SLUG][0])
    page = kiosk.get(f"/forms/{SLUG}/your-details").get_data(as_text=True)
    shown = kiosk.client.post(
        f"/kiosk/forms/{SLUG}/phone", data={"csrf_token": csrf_token_in(page)}
    ).get_data(as_text=True)
    assert "<svg" in shown and "10 minutes" in shown
    token = terminals.hand_off(db_session, db_session.scalar(select(Draft)), clock.now())
    phone = Resident(app.test_client())
    landed = phone.get(f"/handoff/{token}")
    assert landed.status_code == 302 and f"/forms/{SLUG}/continue" in landed.location
    next_page = phone.client.get(landed.location)
    assert next_page.location.endswith(f"/forms/{SLUG}/your-details")
    assert Resident(app.test_client()).get(f"/handoff/{token}").status_code == 410  # once
    assert kiosk.client.post("/kiosk/wipe").status_code == 302  # "Finish here" at the kiosk
    for page_id, data in JOURNEYS[SLUG][1:]:
        phone.answer(SLUG, page_id, data)
    phone.post(f"/forms/{SLUG}/declaration", {"confirm": "y"})
    submission = db_session.scalar(select(Submission))
    assert submission.channel == "home"  # finished on the phone
    used = db_session.scalars(select(Handoff.used_at)).all()
    assert len(used) == 2 and sum(at is not None for at in used) == 1


def test_an_old_handoff_link_does_not_work(app, kiosk, db_session, monkeypatch):
    kiosk.start(SLUG)
    token = terminals.hand_off(db_session, db_session.scalar(select(Draft)), clock.now())
    later = clock.now() + terminals.HANDOFF_VALID_FOR
    monkeypatch.setattr(clock, "now", lambda: later)
    response = app.test_client().get(f"/handoff/{token}")
    assert response.status_code == 410 and "works once, for 10 minutes" in response.get_data(
        as_text=True
    )


def test_a_code_from_home_finishes_at_the_kiosk(app, kiosk, db_session):
    home = Resident(app.test_client())
    home.start(SLUG)
    home.answer(SLUG, *JOURNEYS[SLUG][0])
    saved = home.answer(SLUG, *JOURNEYS[SLUG][1], action="save")
    code = home.client.get(saved.location).get_data(as_text=True)
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code).group(0)
    resumed = kiosk.post("/resume", {"code": code})
    assert resumed.status_code == 302
    kiosk.client.get(resumed.location)
    kiosk.answer(SLUG, *JOURNEYS[SLUG][2])
    kiosk.post(f"/forms/{SLUG}/declaration", {"confirm": "y"})
    assert db_session.scalar(select(Submission.channel)) == "kiosk"


def test_a_draft_saved_at_the_kiosk_outlives_the_wipe(app, kiosk, db_session):
    kiosk.start(SLUG)
    kiosk.answer(SLUG, *JOURNEYS[SLUG][0])
    saved = kiosk.answer(SLUG, *JOURNEYS[SLUG][1], action="save")
    code = kiosk.client.get(saved.location).get_data(as_text=True)
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code).group(0)
    kiosk.client.post("/kiosk/wipe")
    assert kiosk.client.get(f"/forms/{SLUG}/your-details").status_code == 410  # forgotten here
    home = Resident(app.test_client())
    resumed = home.post("/resume", {"code": code})
    assert resumed.status_code == 302  # ... and kept for the visitor, at home


def test_a_revoked_kiosk_is_refused(admin, kiosk, db_session):
    device = db_session.scalar(select(KioskDevice))
    page = admin.get("/staff/kiosks").get_data(as_text=True)
    admin.post(f"/staff/kiosks/{device.id}/revoke", data={"csrf_token": csrf_token_in(page)})
    assert kiosk.client.get("/kiosk/").status_code == 403
    assert "Revoked" in admin.get("/staff/kiosks").get_data(as_text=True)


def test_adding_a_kiosk_explains_mistakes(admin):
    page = admin.get("/staff/kiosks").get_data(as_text=True)
    response = admin.post(
        "/staff/kiosks",
        data={"csrf_token": csrf_token_in(page), "name": "", "office": "X", "idle_seconds": "5"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter a name for the kiosk" in text and "from 30 to 3600" in text


def test_at_the_kiosk_a_document_can_be_handed_to_a_clerk(app, kiosk, db_session):
    kiosk.start("parking-permit")
    kiosk.complete_pages("parking-permit")
    page = kiosk.get("/forms/parking-permit/documents").get_data(as_text=True)
    wanted = re.findall(r'value="in-person-([a-z_]+)"', page)
    assert "proof_of_address" in wanted
    for document_id in wanted:
        kiosk.post("/forms/parking-permit/documents", {"action": f"in-person-{document_id}"})
    page = kiosk.get("/forms/parking-permit/documents").get_data(as_text=True)
    assert "You will hand this document to a clerk" in page
    onward = kiosk.post("/forms/parking-permit/documents", {"action": "continue"})
    assert onward.location.endswith("/forms/parking-permit/check")
    kiosk.post("/forms/parking-permit/declaration", {"confirm": "y", "signature": "Amira Haddad"})
    submission = db_session.scalar(select(Submission))
    assert sorted(submission.documents_in_person) == sorted(wanted)

    from pypdf import PdfReader

    from kiosk.services.storage import storage_from_config

    pdf = PdfReader(io.BytesIO(storage_from_config(app.config).read(submission.pdf_key)))
    text = " ".join(sheet.extract_text() for sheet in pdf.pages)
    assert "To be handed to a clerk at the office" in " ".join(text.split())


def test_at_home_every_required_document_is_still_uploaded(app, resident, db_session):
    resident.start("parking-permit")
    resident.complete_pages("parking-permit")
    page = resident.get("/forms/parking-permit/documents").get_data(as_text=True)
    assert "in-person-" not in page
    resident.post("/forms/parking-permit/documents", {"action": "in-person-proof_of_address"})
    still = resident.post("/forms/parking-permit/documents", {"action": "continue"})
    assert still.status_code == 400 and "Upload your" in still.get_data(as_text=True)


def test_kiosk_and_home_pages_keep_their_own_frame(app, kiosk):
    """The header is rendered once per language and kind of device: a kiosk's header
    (the button that clears the answers, the agency's name without a link) never
    shows on a resident's own phone, nor the other way round."""
    phone = Resident(app.test_client())

    def header(screen: Resident, path: str) -> tuple[bool, str | None, str]:
        page = screen.get(path)
        assert page.status_code == 200
        soup = screen.soup()
        finish = soup.select_one("header form.kiosk-finish") is not None
        return finish, soup.select_one(".site-header__agency").get("href"), soup.html["lang"]

    assert header(phone, "/forms/parking-permit/") == (False, "/", "en")
    assert header(kiosk, "/forms/parking-permit/") == (False, "/kiosk/", "en")  # nothing yet
    kiosk.start("parking-permit")
    # during a visit the agency's name is no link (the welcome screen would keep answers)
    assert header(kiosk, "/forms/parking-permit/") == (True, None, "en")
    assert header(phone, "/forms/parking-permit/") == (False, "/", "en")
    assert header(kiosk, "/forms/parking-permit/?lang=es") == (True, None, "es")
    assert header(phone, "/forms/parking-permit/") == (False, "/", "en")
    spanish = kiosk.soup().select_one("header form.kiosk-finish button").get_text(strip=True)
    assert spanish == "Terminar y borrar mis respuestas"
    current = kiosk.soup().select_one(".language-switcher [aria-current]")
    assert current.get_text(strip=True) == "español"


def test_kiosk_question_pages_are_rendered_in_full_not_from_a_residents_shell(app, kiosk):
    """A kiosk's page carries the device's own settings and idle timer: it is rendered in
    full, never taken from a shell made for a phone nor kept as one (kiosk/shells/)."""
    kiosk.start(SLUG)
    page_id = JOURNEYS[SLUG][0][0]
    for _ in range(2):
        kiosk.get(f"/forms/{SLUG}/{page_id}")
        assert kiosk.soup().body.has_attr("data-kiosk")
    assert app.extensions["kiosk.shells"] == {}
    phone = Resident(app.test_client())
    phone.start(SLUG)
    for _ in range(2):
        phone.get(f"/forms/{SLUG}/{page_id}")
        assert not phone.soup().body.has_attr("data-kiosk")
    assert len(app.extensions["kiosk.shells"]) == 1
