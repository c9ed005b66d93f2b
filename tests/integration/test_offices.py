"""Residents see how to reach the office, in their language; an operator brands Kiosk
and describes the offices in the settings, without changing code."""

from __future__ import annotations

import json
import subprocess

import pytest
from PIL import Image
from sqlalchemy import select

from kiosk import create_app
from kiosk.models import Submission
from kiosk.services.offices import OfficeSettingsError

from ..support import Resident, submit_records_request


def hours_on(page) -> list[str]:
    return [item.get_text(strip=True) for item in page.select("[data-hours]")]


def test_residents_find_the_offices_opening_hours_in_their_language(resident):
    resident.get("/contact?lang=es")
    page = resident.soup()
    assert page.find("h1").get_text(strip=True) == "Contacto"
    parking = page.find(attrs={"data-office": "parking"})
    assert hours_on(parking) == ["lunes a viernes: de 8:30 a 17:30", "sábado: de 9:00 a 12:00"]
    assert parking.find("a", href="tel:02079460200").get_text() == "020 7946 0200"
    assert parking.find_previous("h2").get_text(strip=True) == "Servicio de Aparcamiento"
    resident.get("/contact?lang=ar")
    parking = resident.soup().find(attrs={"data-office": "parking"})
    assert hours_on(parking)[0] == "من الاثنين إلى الجمعة: من 8:30 ص إلى 5:30 م"
    footer = resident.get("/?lang=en").get_data(as_text=True)
    assert 'href="/contact"' in footer


def test_the_start_and_confirmation_pages_name_the_forms_office(resident, db_session):
    resident.get("/forms/parking-permit/?lang=en")
    block = resident.soup().find(attrs={"data-office": "parking"})
    assert block is not None and "Saturday: 09:00" in " ".join(hours_on(block))
    assert "Contact Parking Services." in resident.soup().get_text()
    reference = submit_records_request(resident)
    confirmation = resident.soup()
    assert confirmation.find(attrs={"data-reference": reference})
    assert confirmation.find(attrs={"data-office": "information-governance"})
    assert "foi@city.example" in confirmation.get_text()


def test_a_form_whose_office_is_not_described_shows_no_contact_block(make_app):
    app = make_app(OFFICES=[])
    resident = Resident(app.test_client())
    text = resident.get("/forms/parking-permit/").get_data(as_text=True)
    assert "data-office" not in text and "Questions about this service" not in text
    contact = resident.get("/contact").get_data(as_text=True)
    assert "Ask at the office where you are." in contact


def test_offices_can_come_from_the_environment(make_app, monkeypatch):
    office = {"id": "parking", "name": "Car Park Desk", "hours": ["Tue 10:00-14:00"]}
    monkeypatch.setenv("KIOSK_OFFICES", json.dumps([office]))
    resident = Resident(make_app().test_client())
    resident.get("/forms/parking-permit/")
    block = resident.soup().find(attrs={"data-office": "parking"})
    assert hours_on(block) == ["Tuesday: 10:00 to 14:00"]


def test_a_wrong_setting_stops_the_app_with_a_message(database_url, tmp_path):
    settings = {"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": database_url}
    with pytest.raises(OfficeSettingsError, match="HEADER_COLOUR #ffdd00 is too light"):
        create_app({**settings, "HEADER_COLOUR": "#ffdd00"})
    with pytest.raises(OfficeSettingsError, match="'Mon-Fry' should look like|'Fry'"):
        create_app(
            {**settings, "OFFICES": [{"id": "a", "name": "A", "hours": ["Mon-Fry 9:00-17:00"]}]}
        )


@pytest.fixture
def branded(make_app, tmp_path):
    logo = tmp_path / "crest.png"
    Image.new("RGB", (37, 23), (43, 26, 92)).save(logo)
    return make_app(HEADER_COLOUR="#2b1a5c", ACCENT_COLOUR="#ffbf47", LOGO_FILE=str(logo))


def test_an_office_brands_the_pages_and_the_pdfs_with_its_colours_and_logo(
    branded, db_session, tmp_path
):
    resident = Resident(branded.test_client())
    resident.get("/")
    page = resident.soup()
    stylesheet = page.find("link", href=lambda h: h and h.startswith("/branding.css?v="))
    css = resident.client.get(stylesheet["href"])
    assert css.mimetype == "text/css" and "--header: #2b1a5c" in css.get_data(as_text=True)
    assert css.cache_control.public and css.cache_control.immutable  # kept at its version
    assert resident.client.get("/branding.css").cache_control.no_cache  # asked again
    logo = page.find("img", class_="site-header__logo")
    assert logo["alt"] == ""  # the agency's name is written beside it
    image = resident.client.get(logo["src"])
    assert image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")
    assert image.cache_control.max_age == 365 * 24 * 3600 and image.cache_control.immutable
    assert resident.client.get("/").headers["Cache-Control"] == "no-store"

    submit_records_request(resident)
    submission = db_session.scalar(select(Submission))
    pdf = tmp_path / "submission.pdf"
    pdf.write_bytes((tmp_path / "instance" / "uploads" / submission.pdf_key).read_bytes())
    listed = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = {tuple(line.split()[3:5]) for line in listed.splitlines()[2:]}
    assert ("37", "23") in sizes  # the office's logo is on its PDF
