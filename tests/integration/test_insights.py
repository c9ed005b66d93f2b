"""Listening: sample journeys (completed at home, abandoned at page 2, completed at a kiosk
after a validation error, stopped at the documents step) and what the dashboard shows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select, update

from kiosk.models import Draft, JourneyEvent, Submission, SurveyResponse
from kiosk.services import clock, survey

from ..checking_client import csrf_token_in
from ..journeys import JOURNEYS
from ..support import PASSWORD, Resident, sign_in

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
SLUG = "records-request"


class Clock:
    def __init__(self, monkeypatch, at: dt.datetime):
        self.at = at
        monkeypatch.setattr(clock, "now", lambda: self.at)

    def set(self, at: dt.datetime) -> None:
        self.at = at


def declare(visitor: Resident) -> str:
    visitor.post(f"/forms/{SLUG}/declaration", {"confirm": "y"})
    visitor.get(f"/forms/{SLUG}/confirmation")
    return visitor.soup().find(attrs={"data-reference": True})["data-reference"]


def give_feedback(visitor: Resident, rating: int, comment: str = "", moment="submitted"):
    page = visitor.client.get(
        f"/forms/{SLUG}/confirmation" if moment == "submitted" else f"/forms/{SLUG}/exit"
    ).get_data(as_text=True)
    return visitor.client.post(
        f"/forms/{SLUG}/feedback",
        data={
            "csrf_token": csrf_token_in(page),
            "moment": moment,
            "rating": str(rating),
            "comment": comment,
        },
    )


@pytest.fixture
def journeys(app, db_session, monkeypatch):
    """Three residents on the records request, one on the parking permit."""
    time = Clock(monkeypatch, START)
    # 1. At home, the whole way, in ten minutes; very satisfied.
    home = Resident(app.test_client())
    home.start(SLUG)
    for page_id, data in JOURNEYS[SLUG]:
        home.answer(SLUG, page_id, data)
    time.set(START + dt.timedelta(minutes=10))
    declare(home)
    give_feedback(home, 5, "Quick. Call me on 020 7946 0958 or mail mai@example.com")

    # 2. At home, stops after the first page and never comes back.
    time.set(START)
    gone = Resident(app.test_client())
    gone.start(SLUG)
    gone.answer(SLUG, *JOURNEYS[SLUG][0])

    # 3. At the kiosk: forgets a question, then finishes in twenty minutes.
    kiosk = Resident(app.test_client())
    before = set(db_session.scalars(select(Draft.id)))
    kiosk.start(SLUG)
    (kiosk_draft,) = set(db_session.scalars(select(Draft.id))) - before
    # Until kiosk mode exists, a kiosk visit is a draft (and its "started" event) whose
    # channel is `kiosk`.
    token = db_session.get(Draft, kiosk_draft).journey
    db_session.execute(update(Draft).where(Draft.id == kiosk_draft).values(channel="kiosk"))
    db_session.execute(
        update(JourneyEvent).where(JourneyEvent.journey == token).values(channel="kiosk")
    )
    db_session.commit()
    first_page, first_answers = JOURNEYS[SLUG][0]
    response = kiosk.answer(SLUG, first_page, {**first_answers, "service_area": ""})
    assert "There is a problem" in response.get_data(as_text=True)
    for page_id, data in JOURNEYS[SLUG]:
        kiosk.answer(SLUG, page_id, data)
    time.set(START + dt.timedelta(minutes=20))
    declare(kiosk)
    give_feedback(kiosk, 3)

    # 4. The parking permit, stopped at the documents step without a proof of address.
    time.set(START + dt.timedelta(days=1))
    parking = Resident(app.test_client())
    parking.start("parking-permit")
    parking.complete_pages("parking-permit")
    parking.post("/forms/parking-permit/documents", {"action": "continue"})
    return time


@pytest.fixture
def admin(staff_client):
    return staff_client("admin", name="Ada Admin")


def metric(page, name: str) -> str:
    return page.find(attrs={"data-metric": name}).get_text(strip=True)


def table(page, name: str) -> dict[str, list[str]]:
    rows = page.find(attrs={"data-table": name}).find("tbody").find_all("tr")
    return {
        row.find(["th", "td"]).get_text(strip=True): [
            cell.get_text(strip=True) for cell in row.find_all(["th", "td"])[1:]
        ]
        for row in rows
    }


def dashboard(admin, **args):
    from bs4 import BeautifulSoup

    sign_in(admin, "admin@example.gov")  # the clock moves in these tests: sign in afresh
    response = admin.get("/staff/insights", query_string=args)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_events_hold_no_personal_data(journeys, db_session):
    events = db_session.scalars(select(JourneyEvent)).all()
    kinds = {event.kind for event in events}
    assert {"started", "page_completed", "validation_error", "submitted"} <= kinds
    assert {"documents_missing"} <= kinds
    submitted_drafts = db_session.scalars(select(Draft).where(Draft.submission_id.is_not(None)))
    assert all(draft.journey is None for draft in submitted_drafts)  # no link to submissions
    stored = " ".join(
        str(value) for event in events for value in vars(event).values() if value is not None
    )
    assert "Tran Thi Mai" not in stored and "mai@example.com" not in stored
    responses = db_session.scalars(select(SurveyResponse)).all()
    assert sorted(r.rating for r in responses) == [3, 5]
    comment = next(r.comment for r in responses if r.rating == 5)
    assert comment == "Quick. Call me on [phone] or mail [email]"


def test_the_dashboard_counts_the_sample_journeys(journeys, admin, app, runner):
    journeys.set(START + dt.timedelta(days=60))  # the abandoned draft has expired
    assert runner.invoke(args=["drafts", "purge"]).exit_code == 0
    journeys.set(START + dt.timedelta(days=3))
    page = dashboard(admin, form=SLUG)
    assert metric(page, "started") == "3"
    assert metric(page, "submitted") == "2"
    assert metric(page, "completion") == "67%"
    assert metric(page, "median") == "15 minutes"
    assert metric(page, "satisfaction") == "4.0 out of 5 (2 answers)"
    funnel = table(page, "funnel")
    assert funnel["Started"] == ["3"]
    assert funnel["What information do you want?"] == ["3"]
    assert funnel["Your details"] == ["2"]
    assert funnel["How you want the information"] == ["2"]
    assert funnel["Submitted"] == ["2"]
    svg = page.find("svg", id="chart-funnel")
    assert svg["role"] == "img" and svg.find("title").get_text() == "Drop-off by page"
    assert "3 started, 2 submitted" in svg.find("desc").get_text()
    errors = table(page, "errors")
    assert list(errors.values())[0][-1] == "1"
    ratings = table(page, "ratings")
    assert ratings["Very satisfied"] == ["1"] and ratings["Neither satisfied nor dissatisfied"] == [
        "1"
    ]
    comments = page.find(attrs={"data-comments": True}).get_text()
    assert "[phone]" in comments and "[email]" in comments and "7946" not in comments

    kiosk = dashboard(admin, form=SLUG, channel="kiosk")
    assert metric(kiosk, "started") == "1" and metric(kiosk, "submitted") == "1"
    assert metric(kiosk, "median") == "20 minutes"
    home = dashboard(admin, form=SLUG, channel="home")
    assert metric(home, "started") == "2" and metric(home, "completion") == "50%"

    parking = dashboard(admin, form="parking-permit")
    assert table(parking, "documents") == {
        "Apply for a residential parking permit": ["Proof of address", "1"]
    }

    with app.app_context():
        from kiosk.extensions import db

        abandoned = db.session.scalars(
            select(JourneyEvent.page_id).where(JourneyEvent.kind == "abandoned")
        ).all()
    assert sorted(abandoned) == ["documents", "your-details"]  # where the two stopped


def test_a_journey_started_before_the_period_never_pushes_completion_over_100(
    app, admin, monkeypatch
):
    """Started on the 1st, sent on the 3rd: the period from the 2nd counts it as submitted
    but not as started, so it is not in that period's completion rate or funnel."""
    time = Clock(monkeypatch, START - dt.timedelta(days=1))
    early = Resident(app.test_client())
    early.start(SLUG)
    time.set(START + dt.timedelta(days=1))
    for page_id, data in JOURNEYS[SLUG]:
        early.answer(SLUG, page_id, data)
    declare(early)
    late = Resident(app.test_client())  # starts in the period, stops after one page
    late.start(SLUG)
    late.answer(SLUG, *JOURNEYS[SLUG][0])

    page = dashboard(admin, form=SLUG, **{"from": START.date().isoformat()})
    assert metric(page, "started") == "1"
    assert metric(page, "submitted") == "1"  # sent in the period, started before it
    assert metric(page, "completion") == "0%"
    funnel = table(page, "funnel")
    assert funnel["Started"] == ["1"] and funnel["What information do you want?"] == ["1"]
    assert funnel["Your details"] == ["0"] and funnel["Submitted"] == ["0"]
    whole = dashboard(admin, form=SLUG, **{"from": (START - dt.timedelta(days=1)).date()})
    assert metric(whole, "started") == "2" and metric(whole, "completion") == "50%"
    assert table(whole, "funnel")["Submitted"] == ["1"]


def test_decisions_within_the_service_standard_per_month(journeys, admin, db_session):
    references = db_session.scalars(select(Submission.reference).order_by(Submission.id)).all()
    on_time, late = references
    due = db_session.scalar(select(Submission.due_on).where(Submission.reference == late))
    for reference, status, when in (
        (on_time, "approved", START + dt.timedelta(days=2)),
        (late, "rejected", dt.datetime.combine(due, dt.time(12), dt.UTC) + dt.timedelta(days=3)),
    ):
        journeys.set(when)
        sign_in(admin, "admin@example.gov")
        page = admin.get(f"/staff/submissions/{reference}").get_data(as_text=True)
        admin.post(
            f"/staff/submissions/{reference}/status",
            data={"csrf_token": csrf_token_in(page), "status": status, "note": "Decided"},
        )
    page = dashboard(admin, form=SLUG, **{"from": "2026-11-01", "to": "2027-01-31"})
    rows = table(page, "standard")
    months = sorted(rows)
    assert rows[months[0]] == ["1", "1", "100%"]
    late_month = f"{due + dt.timedelta(days=3):%Y-%m}"
    if late_month == months[0]:
        assert rows[months[0]] == ["1", "2", "50%"]
    else:
        assert rows[late_month] == ["0", "1", "0%"]


def test_the_figures_download_as_csv(journeys, admin):
    response = admin.get("/staff/insights.csv", query_string={"form": SLUG})
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert response.data.startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    assert rows[0] == ["section", "item", "value", "total"]
    assert ["journeys", "started", "3", ""] in rows
    assert ["journeys", "submitted", "2", ""] in rows
    assert ["satisfaction", "5", "1", "2"] in rows
    assert not any("@" in cell for row in rows for cell in row)


def test_exit_asks_the_question_and_an_answer_is_needed(app, resident, db_session):
    resident.start(SLUG)
    page = resident.get(f"/forms/{SLUG}/your-request").get_data(as_text=True)
    assert f'href="/forms/{SLUG}/exit"' in page
    exit_page = resident.get(f"/forms/{SLUG}/exit")
    assert "Overall, how satisfied were you with this service?" in exit_page.get_data(as_text=True)
    missing = give_feedback(resident, 0, moment="exit")
    assert missing.status_code == 400
    assert "Select how satisfied you were" in missing.get_data(as_text=True)
    given = give_feedback(resident, 2, "Too many questions", moment="exit")
    assert given.location.endswith(f"/forms/{SLUG}/feedback/thanks")
    again = give_feedback(resident, 1, moment="exit")  # once per visit
    assert again.location.endswith("/feedback/thanks")
    (stored,) = db_session.scalars(select(SurveyResponse)).all()
    assert (stored.rating, stored.moment, stored.channel, stored.comment) == (
        2,
        "exit",
        "home",
        "Too many questions",
    )


def test_the_dashboard_is_for_admins(client, runner):
    runner.invoke(
        args=["users", "create", "clerk@example.gov", "--role", "clerk"],
        env={"KIOSK_NEW_USER_PASSWORD": PASSWORD},
    )
    sign_in(client, "clerk@example.gov")
    assert client.get("/staff/insights").status_code == 403


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("write to a.b+c@example.co.uk please", "write to [email] please"),
        ("+44 20 7946 0958", "[phone]"),
        ("call 0612345678.", "call [phone]."),
        ("I waited 45 minutes in 2026", "I waited 45 minutes in 2026"),
    ],
)
def test_comments_are_masked(text, masked):
    assert survey.mask(text) == masked


def test_a_broken_events_table_never_stops_a_resident(app, resident, db_session):
    """Recording events fails (here: its table is gone); the application still goes in."""
    from sqlalchemy import text

    db_session.execute(text("ALTER TABLE journey_events RENAME TO journey_events_away"))
    db_session.commit()
    try:
        resident.start(SLUG)
        for page_id, data in JOURNEYS[SLUG]:
            resident.answer(SLUG, page_id, data)
        reference = declare(resident)
        assert reference
        db_session.expire_all()
        assert db_session.scalar(select(Submission.reference)) == reference
    finally:
        db_session.rollback()
        db_session.execute(text("ALTER TABLE journey_events_away RENAME TO journey_events"))
        db_session.commit()
