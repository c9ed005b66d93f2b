"""An admin changes an enrolled kiosk's settings; the screen follows without a new
enrollment."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.models import AuditEvent, KioskDevice

from ..checking_client import csrf_token_in
from .test_kiosk_mode import add_kiosk, admin, kiosk  # noqa: F401 - fixtures

CHANGED = {
    "name": "Lobby, right",
    "office": "Civic Centre, ground floor",
    "default_language": "es",
    "idle_seconds": "120",
    "keyboard": "",
}


def change(admin, device_id: int, **fields):  # noqa: F811 - the fixture, passed in
    url = f"/staff/kiosks/{device_id}/settings"
    page = admin.get(url).get_data(as_text=True)
    return admin.post(url, data={"csrf_token": csrf_token_in(page), **CHANGED, **fields})


def test_a_kiosks_settings_change_without_a_new_enrollment(admin, kiosk, db_session):  # noqa: F811
    device = db_session.scalar(select(KioskDevice))
    form = admin.get(f"/staff/kiosks/{device.id}/settings").get_data(as_text=True)
    assert 'value="Lobby, left"' in form and 'value="Town Hall"' in form  # as they are
    assert "Welcome to …" in form  # the office field says where visitors read it
    response = change(admin, device.id)
    assert response.status_code == 302
    listing = admin.get(response.location).get_data(as_text=True)
    assert "The settings of Lobby, right are saved." in listing
    db_session.expire_all()
    device = db_session.get(KioskDevice, device.id)
    assert (device.office, device.idle_seconds, device.keyboard) == (
        "Civic Centre, ground floor",
        120,
        False,
    )
    screen = kiosk.get("/kiosk/").get_data(as_text=True)  # the same enrolled browser
    assert "Civic Centre, ground floor" in screen and 'data-idle-seconds="120"' in screen
    assert 'data-keyboard="off"' in screen
    logged = db_session.scalars(select(AuditEvent.action)).all()
    assert "kiosk-change" in logged


def test_wrong_settings_are_explained_and_kept_as_typed(admin, kiosk, db_session):  # noqa: F811
    device = db_session.scalar(select(KioskDevice))
    response = change(admin, device.id, name=" ", idle_seconds="10")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter a name for the kiosk" in text and "from 30 to 3600" in text
    assert 'value="Civic Centre, ground floor"' in text
    db_session.expire_all()
    assert db_session.get(KioskDevice, device.id).name == "Lobby, left"


def test_an_unknown_kiosk_has_no_settings_page(admin):  # noqa: F811
    assert admin.get("/staff/kiosks/999/settings").status_code == 404


def test_a_receipt_names_the_agency_once_when_the_kiosks_office_is_the_agency(
    admin,  # noqa: F811
    kiosk,  # noqa: F811
    db_session,
):
    from ..journeys import JOURNEYS

    device = db_session.scalar(select(KioskDevice))
    change(admin, device.id, office="City of Example")  # the agency's name, the default

    def receipt() -> str:
        kiosk.get("/kiosk/")
        kiosk.start("records-request")
        for page_id, data in JOURNEYS["records-request"]:
            kiosk.answer("records-request", page_id, data)
        kiosk.post("/forms/records-request/declaration", {"confirm": "y"})
        return kiosk.get("/kiosk/forms/records-request/receipt").get_data(as_text=True)

    assert receipt().count('<p class="receipt__agency">City of Example</p>') == 1
    assert "receipt__office" not in receipt()
    change(admin, device.id, office="Civic Centre, ground floor")
    assert '<p class="receipt__office">Civic Centre, ground floor</p>' in receipt()
