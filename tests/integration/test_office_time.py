"""The office's conventions on the pages: its country's date format, its clock, its
public holidays in the decision date residents are promised."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from kiosk.models import Submission
from kiosk.services import clock
from kiosk.services.office_time import add_working_days

from ..journeys import JOURNEYS
from ..support import Resident


def test_the_decision_date_skips_the_offices_public_holidays(make_app, db_session):
    today = clock.now().date()
    # every weekday of the next three weeks a holiday: the date must move past them all
    closed = [today + dt.timedelta(days=n) for n in range(1, 22)]
    app = make_app(PUBLIC_HOLIDAYS=[day.isoformat() for day in closed])
    resident = Resident(app.test_client())
    resident.start("records-request")
    for page_id, data in JOURNEYS["records-request"]:
        resident.answer("records-request", page_id, data)
    resident.post("/forms/records-request/declaration", {"confirm": "y"})
    submission = db_session.scalar(select(Submission))
    assert submission.due_on == add_working_days(today + dt.timedelta(days=21), 20)
    resident.get("/forms/records-request/confirmation")
    shown = f"{submission.due_on.day} {submission.due_on:%B %Y}"  # 20 January 2027
    assert shown in resident.soup().get_text(" ")


@pytest.mark.parametrize(
    ("settings", "language", "says"),
    [
        ({}, "en", ["1 July 2026, 13:05:00 BST", "01/07/2026, 13:05"]),
        ({"OFFICE_TIMEZONE": "America/New_York", "OFFICE_TERRITORY": "US"}, "en",
         ["July 1, 2026, 8:05:00\u202fAM EDT", "7/1/26, 8:05\u202fAM"]),
        ({}, "es", ["1 de julio de 2026, 13:05:00 +0100", "1/7/26, 13:05"]),
    ],
)  # fmt: skip
def test_times_are_shown_on_the_offices_clock_in_its_countrys_format(
    make_app, settings, language, says
):
    app = make_app(**settings)
    moment = dt.datetime(2026, 7, 1, 12, 5, tzinfo=dt.UTC)
    with app.test_request_context(f"/?lang={language}"):
        app.preprocess_request()
        page = app.jinja_env.from_string("{{ at|datetime_long }} | {{ at|datetime_short }}")
        shown = page.render(at=moment).split(" | ")
    assert shown == says


def test_a_wrong_time_zone_stops_the_app_with_its_name(make_app):
    from kiosk.services.offices import OfficeSettingsError

    with pytest.raises(OfficeSettingsError, match="OFFICE_TIMEZONE"):
        make_app(OFFICE_TIMEZONE="Mars/Olympus_Mons")


def test_today_is_the_date_on_the_offices_clock(make_app, monkeypatch):
    from kiosk.agency import office_today

    app = make_app()
    half_past_midnight_in_london = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: half_past_midnight_in_london)
    with app.app_context():
        assert office_today() == dt.date(2026, 7, 2)
    new_york = make_app(OFFICE_TIMEZONE="America/New_York")
    with new_york.app_context():
        assert office_today() == dt.date(2026, 7, 1)


def test_a_journey_is_counted_on_the_offices_day(app, monkeypatch, db_session):
    """Insights count journeys by day: one started and sent at 00:30 in London in summer
    (23:30 UTC) belongs to the office's new day, not to yesterday."""
    from kiosk.models import JourneyEvent

    half_past_midnight_in_london = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: half_past_midnight_in_london)
    resident = Resident(app.test_client())
    resident.start("records-request")
    for page_id, data in JOURNEYS["records-request"]:
        resident.answer("records-request", page_id, data)
    resident.post("/forms/records-request/declaration", {"confirm": "y"})
    days = {
        kind: day
        for kind, day in db_session.execute(select(JourneyEvent.kind, JourneyEvent.occurred_on))
    }
    assert days["started"] == days["submitted"] == dt.date(2026, 7, 2)
