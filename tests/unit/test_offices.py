"""Offices and the agency's look, as an operator writes them in the settings."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import paths
from kiosk.services.offices import (
    OfficeSettingsError,
    branding_from_settings,
    contrast_ratio,
    offices_from_settings,
    parse_hours,
)

LOGO = paths.STATIC / "img" / "logo.svg"


def test_opening_hours_are_read_from_plain_text():
    weekdays = parse_hours("Mon-Fri 09:00-17:00")
    assert (weekdays.first_day, weekdays.last_day) == (0, 4) and not weekdays.one_day
    assert (weekdays.opens, weekdays.closes) == (dt.time(9), dt.time(17))
    saturday = parse_hours("sat 9:30 - 12:30")
    assert saturday.one_day and saturday.first_day == 5 and saturday.opens == dt.time(9, 30)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("weekdays 9-5", "should look like 'Mon-Fri 09:00-17:00'"),
        ("Mon-Fry 09:00-17:00", "'Fry' is not a day"),
        ("Fri-Mon 09:00-17:00", "the days run backwards"),
        ("Mon 17:00-09:00", "closes before it opens"),
        ("Mon 09:00-25:00", "'25:00' is not a time of day"),
    ],
)
def test_wrong_opening_hours_say_what_is_wrong(text, says):
    with pytest.raises(OfficeSettingsError, match=says):
        parse_hours(text, "OFFICES: office 'parking'")


def test_offices_are_kept_by_id_with_their_details():
    offices = offices_from_settings(
        [
            {
                "id": "parking",
                "name": " Parking Services ",
                "address": "Town Hall\n1 Market Square",
                "phone": "020 7946 0200",
                "email": "parking@city.example",
                "hours": ["Mon-Fri 08:30-17:30", "Sat 09:00-12:00"],
            },
            {"id": "library", "name": "Central Library"},
        ]
    )
    parking = offices["parking"]
    assert parking.name == "Parking Services"
    assert parking.address == ("Town Hall", "1 Market Square")
    assert [h.first_day for h in parking.hours] == [0, 5]
    assert offices["library"].hours == () and offices["library"].phone is None


@pytest.mark.parametrize(
    ("offices", "says"),
    [
        ([{"id": "a", "name": "A"}, {"id": "a", "name": "B"}], "two offices have the id 'a'"),
        ([{"id": "Town Hall", "name": "A"}], "office 1 needs an id of lower-case letters"),
        ([{"id": "a"}], "office 'a' needs a name"),
        ([{"id": "a", "name": "A", "email": "nobody"}], "'nobody' is not an email address"),
        ([{"id": "a", "name": "A", "opening": []}], "unknown settings \\['opening'\\]"),
        (["Town Hall"], "office 1 is not a mapping"),
        ('[{"id": "a", name: "A"}]', "OFFICES should be a list of offices .* as JSON"),
    ],
)
def test_wrong_offices_say_which_and_what(offices, says):
    with pytest.raises(OfficeSettingsError, match=says):
        offices_from_settings(offices)


def test_contrast_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#1d70b8", "#ffffff") == pytest.approx(5.17, abs=0.01)


def test_a_header_too_light_for_white_text_is_refused():
    with pytest.raises(OfficeSettingsError, match=r"too light .* contrast 1\.\d:1"):
        branding_from_settings("#ffdd00", "#1d70b8", LOGO)
    look = branding_from_settings("#2B1A5C", "#ffbf47", LOGO)
    assert look.stylesheet() == ":root { --header: #2b1a5c; --brand: #ffbf47; }\n"
    assert look.logo_type == "image/svg+xml"


@pytest.mark.parametrize(
    ("header", "logo", "says"),
    [
        ("navy", LOGO, "HEADER_COLOUR 'navy' should be a colour like"),
        ("#0b0c0c", paths.STATIC / "img" / "missing.png", "does not exist"),
        ("#0b0c0c", paths.STATIC / "css" / "kiosk.css", "should be an SVG, PNG or JPEG"),
    ],
)
def test_wrong_colours_and_logos_are_refused(header, logo, says):
    with pytest.raises(OfficeSettingsError, match=says):
        branding_from_settings(header, "#1d70b8", logo)


def test_an_office_may_have_a_name_in_each_language():
    (office,) = offices_from_settings(
        [{"id": "parking", "name": {"en": "Parking Services", "es": "Aparcamiento"}}]
    ).values()
    assert office.name == "Parking Services"
    assert office.name_in("es") == "Aparcamiento" and office.name_in("ar") == "Parking Services"
    with pytest.raises(OfficeSettingsError, match="needs a name"):
        offices_from_settings([{"id": "parking", "name": {"en": "Parking", "es": " "}}])
