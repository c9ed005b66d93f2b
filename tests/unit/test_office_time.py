"""The office's calendar and clock: working days, public holidays, its time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.locales import formatting_locale
from kiosk.services.office_time import add_working_days, holidays, zone
from kiosk.services.offices import OfficeSettingsError

CHRISTMAS = holidays(["2026-12-25", "2026-12-28", dt.date(2027, 1, 1)])


def test_working_days_skip_weekends():
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 23)
    assert add_working_days(friday, 10) == dt.date(2026, 12, 4)


def test_working_days_skip_the_offices_public_holidays():
    friday = dt.date(2026, 12, 18)
    assert add_working_days(friday, 20) == dt.date(2027, 1, 15)
    assert add_working_days(friday, 20, CHRISTMAS) == dt.date(2027, 1, 20)
    assert add_working_days(dt.date(2026, 12, 24), 1, CHRISTMAS) == dt.date(2026, 12, 29)


@pytest.mark.parametrize(
    ("setting", "says"),
    [(["2026-02-30"], "PUBLIC_HOLIDAYS: '2026-02-30' is not a date"), (["25/12"], "25/12")],
)
def test_a_holiday_that_is_not_a_date_is_named(setting, says):
    with pytest.raises(OfficeSettingsError, match=says):
        holidays(setting)


def test_an_unknown_time_zone_is_named():
    with pytest.raises(OfficeSettingsError, match="'Europe/Londres' is not a time zone"):
        zone("Europe/Londres")


def test_dates_follow_the_offices_country_where_the_language_has_its_conventions():
    assert str(formatting_locale("en", "GB")) == "en_GB"
    assert str(formatting_locale("es", "GB")) == "es"  # CLDR has no es_GB
    assert str(formatting_locale("en", None)) == "en"
