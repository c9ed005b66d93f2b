"""Clerks sign in, find submissions, read them, change their status; all of it audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from kiosk.models import AuditEvent, StaffUser, StatusChange, Submission
from kiosk.services import clock, staff

from ..checking_client import csrf_token_in
from ..journeys import JOURNEYS
from ..support import PASSWORD, sign_in, submit_records_request


@pytest.fixture
def clerk(app, runner):
    result = runner.invoke(
        args=["users", "create", "clerk@example.gov", "--role", "clerk", "--name", "Chris Clerk"],
        env={"KIOSK_NEW_USER_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    return "clerk@example.gov"


def test_users_are_created_with_argon2_hashes(clerk, db_session, runner):
    user = db_session.scalar(select(StaffUser))
    assert user.role == "clerk" and user.password_hash.startswith("$argon2")
    again = runner.invoke(
        args=["users", "create", clerk, "--role", "clerk"],
        env={"KIOSK_NEW_USER_PASSWORD": PASSWORD},
    )
    assert again.exit_code != 0 and "already has an account" in again.output
    short = runner.invoke(
        args=["users", "create", "x@example.gov", "--role", "admin"],
        env={"KIOSK_NEW_USER_PASSWORD": "short"},
    )
    assert short.exit_code != 0 and "at least 12 characters" in short.output


def test_the_back_office_needs_a_signed_in_clerk(client, clerk):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/sign-in" in response.location
    response = sign_in(client, clerk, next_path="/staff/")
    assert response.location.endswith("/staff/")
    assert client.get("/staff/").status_code == 200
    assert client.get("/staff/audit").status_code == 403  # admins only


def test_wrong_passwords_lock_the_account_with_a_clear_message(client, clerk, db_session):
    for _ in range(staff.MAX_FAILURES):
        response = sign_in(client, clerk, "wrong password!")
        assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "too many wrong passwords" in text
    response = sign_in(client, clerk)  # even the right password waits for the lockout
    assert response.status_code == 400 and "Try again after" in response.get_data(as_text=True)
    unknown = sign_in(client, "nobody@example.gov")
    assert "Enter a correct email address and password" in unknown.get_data(as_text=True)
    user = db_session.scalar(select(StaffUser))
    assert user.locked_until is not None


def test_idle_and_long_sessions_end(client, clerk, monkeypatch):
    sign_in(client, clerk)
    later = clock.now() + staff.IDLE_TIMEOUT + dt.timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = client.get("/staff/")
    assert "reason=idle" in response.location
    assert "30 minutes without activity" in client.get(response.location).get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_typing_in_a_back_office_form_keeps_the_clerk_signed_in(client, clerk, monkeypatch):
    """kiosk.js calls /staff/still-here while a clerk types (the browser test sees it)."""
    sign_in(client, clerk)
    start = clock.now()

    def minutes_later(minutes: int) -> None:
        monkeypatch.setattr(clock, "now", lambda: start + dt.timedelta(minutes=minutes))

    minutes_later(25)
    assert client.get("/staff/still-here").status_code == 204  # typing, 25 minutes in
    minutes_later(50)
    assert client.get("/staff/").status_code == 200  # 25 minutes after the last keystroke
    minutes_later(81)
    assert "reason=idle" in client.get("/staff/still-here").location  # walked away


def test_after_an_idle_sign_out_the_clerk_returns_to_the_page_they_were_on(
    client, resident, clerk, monkeypatch
):
    reference = submit_records_request(resident)
    sign_in(client, clerk)
    later = clock.now() + staff.IDLE_TIMEOUT + dt.timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    page = f"/staff/submissions/{reference}"
    response = client.get(page)
    query = parse_qs(urlsplit(response.location).query)
    assert query == {"reason": ["idle"], "next": [page + "?"]}
    again = client.post(
        response.location,
        data={
            "csrf_token": csrf_token_in(client.get(response.location).get_data(as_text=True)),
            "email": clerk,
            "password": PASSWORD,
        },
    )
    assert urlsplit(again.location).path == page


def search(client, typed: str, **filters):
    """Search the inbox as its form does; follow to the results."""
    token = csrf_token_in(client.get("/staff/").get_data(as_text=True))
    sent = client.post("/staff/search", data={"csrf_token": token, "q": typed, **filters})
    assert sent.status_code == 302
    return client.get(sent.location)


def test_a_name_searched_for_stays_out_of_addresses(client, resident, clerk):
    reference = submit_records_request(resident)
    sign_in(client, clerk)
    token = csrf_token_in(client.get("/staff/").get_data(as_text=True))
    sent = client.post("/staff/search", data={"csrf_token": token, "q": "Thi Mai", "overdue": ""})
    assert "Thi" not in sent.location and "Mai" not in sent.location
    assert sent.location.startswith("/staff/?search=")
    page = client.get(sent.location)
    soup = BeautifulSoup(page.data, "html.parser")
    assert reference in page.get_data(as_text=True)
    assert soup.select_one("#q")["value"] == "Thi Mai"  # on the page, not in the address
    links = [a["href"] for a in soup.select("a[href]")] + [
        f["action"] for f in soup.select("form[action]")
    ]
    assert not [link for link in links if "Mai" in link]
    export = soup.find("a", string="Download these as CSV")["href"]
    assert "Tran Thi Mai" in client.get(export).get_data(as_text=True)
    # an old address with the name in it is moved to a handle
    assert client.get("/staff/?q=thi+mai").location.startswith("/staff/?search=")
    # a reference is not a name: it stays in the address, as the submission's own does
    by_reference = client.post("/staff/search", data={"csrf_token": token, "q": reference})
    assert by_reference.location == f"/staff/?q={reference}"
    # another browser (or a new session) does not have the search
    other = client.application.test_client()
    sign_in(other, clerk)
    ended = other.get(sent.location)
    assert ended.location.endswith("/staff/?search_ended=1")
    assert "Search again" in other.get(ended.location).get_data(as_text=True)


def test_the_inbox_lists_filters_and_searches(client, resident, clerk):
    reference = submit_records_request(resident)
    sign_in(client, clerk)
    page = client.get("/staff/")
    text = page.get_data(as_text=True)
    assert reference in text and "Tran Thi Mai" in text
    assert reference in client.get(f"/staff/?q={reference.lower()}").get_data(as_text=True)
    assert reference in search(client, "thi mai", status="received").get_data(as_text=True)
    assert reference not in search(client, "nobody").get_data(as_text=True)
    assert reference not in client.get("/staff/?status=approved").get_data(as_text=True)
    assert reference in client.get("/staff/?form=records-request&channel=home").get_data(
        as_text=True
    )
    assert reference not in client.get("/staff/?overdue=1").get_data(as_text=True)


def test_a_pdf_changed_in_storage_shows_its_seal_broken(app, client, resident, clerk, db_session):
    reference = submit_records_request(resident)
    sign_in(client, clerk)
    assert "seal intact" in client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    submission = db_session.scalar(select(Submission).where(Submission.reference == reference))
    stored = Path(app.config["UPLOAD_FOLDER"]) / submission.pdf_key
    data = stored.read_bytes()
    at = data.index(b"Tran Thi Mai") if b"Tran Thi Mai" in data else len(data) // 2
    stored.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :])
    text = client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    assert "seal not valid" in text and "seal intact" not in text


def test_a_pdf_missing_from_storage_is_said_so_and_the_rest_still_works(
    app, client, resident, clerk, db_session, caplog
):
    reference = submit_records_request(resident)
    submission = db_session.scalar(select(Submission).where(Submission.reference == reference))
    (Path(app.config["UPLOAD_FOLDER"]) / submission.pdf_key).unlink()  # lost in a restore
    sign_in(client, clerk)
    page = client.get(f"/staff/submissions/{reference}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "the file is missing from storage" in text and "Planning and building control" in text
    download = client.get(f"/staff/submissions/{reference}/pdf")
    assert download.status_code == 404
    assert "This file is missing from our storage" in download.get_data(as_text=True)
    assert any(submission.pdf_key in record.getMessage() for record in caplog.records)
    mine = resident.get("/forms/records-request/confirmation/pdf")  # the resident's copy
    assert mine.status_code == 404 and "File not found" in mine.get_data(as_text=True)


def test_a_batch_prints_what_it_can_and_says_on_its_first_page_what_is_missing(
    app, client, clerk, db_session
):
    import io
    import subprocess

    from pypdf import PdfReader

    from ..support import Resident

    gone, kept = (submit_records_request(Resident(app.test_client())) for _ in range(2))
    lost = db_session.scalar(select(Submission).where(Submission.reference == gone))
    (Path(app.config["UPLOAD_FOLDER"]) / lost.pdf_key).unlink()
    sign_in(client, clerk)
    token = csrf_token_in(client.get("/staff/").get_data(as_text=True))
    response = client.post("/staff/print", data={"csrf_token": token, "reference": [gone, kept]})
    assert response.headers["Content-Type"] == "application/pdf"
    merged = PdfReader(io.BytesIO(response.data))
    single = PdfReader(io.BytesIO(client.get(f"/staff/submissions/{kept}/pdf").data))
    assert len(single.pages) == 1
    assert len(merged.pages) == 3  # the note, its blank back, the submission
    assert [(i.title, merged.get_destination_page_number(i)) for i in merged.outline] == [(kept, 2)]
    first_page = subprocess.run(
        ["pdftotext", "-l", "1", "-", "-"], input=response.data, capture_output=True, check=True
    ).stdout.decode()
    assert "Not in this print" in first_page and gone in first_page and kept not in first_page
    db_session.expire_all()
    printed = db_session.scalars(
        select(Submission.reference).where(Submission.printed_at.is_not(None))
    )
    assert list(printed) == [kept]


def test_a_clerk_reads_changes_status_and_it_is_audited(client, resident, clerk, db_session):
    reference = submit_records_request(resident)
    sign_in(client, clerk)
    detail = client.get(f"/staff/submissions/{reference}")
    text = detail.get_data(as_text=True)
    assert "seal intact" in text and "Planning and building control" in text
    token = csrf_token_in(text)
    no_note = client.post(
        f"/staff/submissions/{reference}/status", data={"csrf_token": token, "status": "in_review"}
    )
    assert no_note.status_code == 400
    shown = BeautifulSoup(no_note.get_data(as_text=True), "html.parser")
    assert shown.select_one(".error-summary a")["href"] == "#note"
    assert shown.select_one("#status-select option[selected]")["value"] == "in_review"
    assert "Error:" in shown.title.get_text()
    client.post(
        f"/staff/submissions/{reference}/status",
        data={"csrf_token": token, "status": "in_review", "note": "Checking the planning files"},
    )
    pdf = client.get(f"/staff/submissions/{reference}/pdf")
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    submission = db_session.scalar(select(Submission))
    assert submission.status == "in_review"
    [change] = db_session.scalars(select(StatusChange)).all()
    assert (change.from_status, change.to_status) == ("received", "in_review")
    actions = [e.action for e in db_session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["sign-in", "view", "status-change", "download"]
    history = client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    assert "Checking the planning files" in history and "Chris Clerk" in history


def test_the_audit_log_names_each_submission_by_its_reference(
    client, resident, clerk, staff_client
):
    reference = submit_records_request(resident)
    sign_in(client, clerk)
    client.get(f"/staff/submissions/{reference}")
    log = BeautifulSoup(
        staff_client("admin").get("/staff/audit").get_data(as_text=True), "html.parser"
    )
    [viewed] = [row for row in log.select("tbody tr") if row.select("td[data-action=view]")]
    link = viewed.find("a", href=f"/staff/submissions/{reference}")
    assert link is not None and link.get_text() == reference  # not the database's row id


def test_the_audit_log_says_what_happened_in_the_readers_language(
    client, resident, clerk, staff_client
):
    """Not "status-change {"to": "in_review", "from_": "received"}" but a sentence."""
    reference = submit_records_request(resident)
    sign_in(client, clerk)
    page = client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    client.post(
        f"/staff/submissions/{reference}/status",
        data={"csrf_token": csrf_token_in(page), "status": "in_review", "note": "Checking"},
    )
    client.get(f"/staff/submissions/{reference}/pdf")
    client.get("/staff/export.csv?status=in_review")
    admin = staff_client("admin")

    def said(language: str) -> dict[str, str]:
        html = admin.get(f"/staff/audit?lang={language}").get_data(as_text=True)
        cells = BeautifulSoup(html, "html.parser").select("td[data-action]")
        return {cell["data-action"]: cell.get_text(" ", strip=True) for cell in cells}

    english = said("en")
    assert english["status-change"] == "Changed the status from Received to In review"
    assert english["view"] == "Opened the submission"
    assert english["download"] == "Downloaded the PDF"
    assert english["export"] == "Exported the inbox as a spreadsheet (CSV) status: in_review"
    assert english["sign-in"] == "Signed in"
    spanish = said("es")
    assert spanish["status-change"] == "Cambió el estado de Recibida a En revisión"
    assert spanish["view"] == "Abrió la solicitud"


def test_make_run_prints_how_to_sign_in_as_the_demo_clerk(runner, client):
    first = runner.invoke(args=["users", "demo"])
    second = runner.invoke(args=["users", "demo"])
    assert first.output == second.output and "clerk@example.gov" in first.output
    password = first.output.split("password ")[1].strip()
    assert sign_in(client, "clerk@example.gov", password).location.endswith("/staff/")


def test_the_inbox_exports_as_csv_without_answers_or_formulas(client, resident, clerk, db_session):
    import csv
    import io

    reference = submit_records_request(resident)
    submission = db_session.scalar(select(Submission))
    submission.resident_name = '=HYPERLINK("http://evil.example","Tran")'
    db_session.commit()
    sign_in(client, clerk)
    response = client.get("/staff/export.csv?form=records-request")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == [
        "reference",
        "form",
        "name",
        "channel",
        "received",
        "status",
        "due",
        "overdue",
    ]
    assert rows[1][0] == reference and rows[1][2].startswith("'=HYPERLINK")
    # a date and time Excel reads as one: no seconds, no "T", no time zone
    assert rows[1][4] == submission.submitted_at.strftime("%Y-%m-%d %H:%M")
    assert "Planning" not in response.get_data(as_text=True)  # no answers
    assert len(rows) == 2
    empty = client.get("/staff/export.csv?status=approved").data.decode("utf-8-sig")
    assert empty.count("\n") == 1 and empty.startswith("reference,")
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))


def test_one_address_guessing_many_accounts_is_slowed_down(client, clerk):
    for number in range(staff.MAX_FAILURES_PER_ADDRESS):
        sign_in(client, f"guess{number}@example.gov", "wrong password!")
    response = sign_in(client, clerk)  # even a right password waits
    assert response.status_code == 400
    assert "Try again after" in response.get_data(as_text=True)


def test_behind_a_proxy_the_limit_counts_the_forwarded_address(app, client, clerk):
    from kiosk import create_app

    proxied = create_app({**app.config, "TRUSTED_PROXIES": 1})
    try:
        guesser_is_paused, colleague_status = _guess_then_sign_in(proxied, clerk)
    finally:
        proxied.extensions["kiosk.db"].engine.dispose()  # its own pool: close it
    assert guesser_is_paused and colleague_status == 302


def _guess_then_sign_in(proxied, clerk):
    guesser, colleague = proxied.test_client(), proxied.test_client()
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    token = csrf_token_in(guesser.get("/staff/sign-in", headers=forwarded).get_data(as_text=True))
    for number in range(staff.MAX_FAILURES_PER_ADDRESS + 1):
        last = guesser.post(
            "/staff/sign-in",
            data={"csrf_token": token, "email": f"g{number}@example.gov", "password": "nope"},
            headers=forwarded,
        )
    other = {"X-Forwarded-For": "198.51.100.7"}
    page = colleague.get("/staff/sign-in", headers=other)
    response = colleague.post(
        "/staff/sign-in",
        data={
            "csrf_token": csrf_token_in(page.get_data(as_text=True)),
            "email": clerk,
            "password": PASSWORD,
        },
        headers=other,
    )
    return "Try again after" in last.get_data(as_text=True), response.status_code


def test_clerks_print_one_or_several_submissions_and_they_are_marked(
    client, clerk, app, db_session
):
    import io

    from pypdf import PdfReader

    from ..support import Resident

    references = [submit_records_request(Resident(app.test_client())) for _ in range(2)]
    sign_in(client, clerk)
    page = client.get("/staff/")
    token = csrf_token_in(page.get_data(as_text=True))
    response = client.post("/staff/print", data={"csrf_token": token, "reference": references})
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")
    merged = PdfReader(io.BytesIO(response.data))
    singles = [
        PdfReader(io.BytesIO(client.get(f"/staff/submissions/{r}/pdf").data)) for r in references
    ]
    assert [len(s.pages) for s in singles] == [1, 1]
    assert len(merged.pages) == 3  # the first's back is left blank for double-sided printing
    printed = db_session.scalars(select(Submission).where(Submission.printed_at.is_not(None)))
    assert sorted(s.reference for s in printed) == sorted(references)
    assert "Printed" in client.get("/staff/").get_data(as_text=True)
    prints = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "print")).all()
    assert len(prints) == 2
    one = client.get(f"/staff/submissions/{references[0]}/print")
    assert one.headers["Content-Disposition"].startswith("inline")
    nothing = client.post("/staff/print", data={"csrf_token": token})
    assert "print_error=1" in nothing.location


def test_a_clerk_adds_a_note_without_changing_the_status_or_emailing_the_resident(
    client, resident, clerk, db_session
):
    from kiosk.models import Delivery
    from kiosk.services import notices

    reference = submit_records_request(resident)
    sign_in(client, clerk)
    html = client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    page = BeautifulSoup(html, "html.parser")
    chosen = page.select_one("#status-select option[selected]") or page.select_one(
        "#status-select option"
    )
    assert chosen["value"] == "" and chosen.get_text() == "Keep the status: Received"
    response = client.post(
        f"/staff/submissions/{reference}/status",
        data={
            "csrf_token": csrf_token_in(html),
            "status": "",
            "note": "Phoned resident, will call back tomorrow",
        },
    )
    assert response.status_code == 302
    submission = db_session.scalar(select(Submission))
    assert submission.status == "received"
    assert not db_session.scalars(select(Delivery).where(Delivery.channel == notices.CHANNEL)).all()
    [note] = db_session.scalars(select(StatusChange)).all()
    assert (note.from_status, note.to_status) == ("received", "received")
    assert note.staff_user.name == "Chris Clerk" and note.at is not None
    shown = BeautifulSoup(client.get(response.location).data, "html.parser")
    assert shown.select_one("[data-saved]").get_text(strip=True) == "Note added"
    history = shown.select("ol.list li")[-1].get_text(" ", strip=True)
    assert "Note" in history and "Chris Clerk" in history and "will call back" in history
    again = BeautifulSoup(client.get(response.location).data, "html.parser")
    assert again.select_one("[data-saved]") is None  # said once

    client.post(
        f"/staff/submissions/{reference}/status",
        data={"csrf_token": csrf_token_in(html), "status": "in_review", "note": "Checking"},
    )
    changed = BeautifulSoup(client.get(response.location).data, "html.parser")
    assert changed.select_one("[data-saved]").get_text(strip=True) == "Status changed to In review"
    assert (
        len(db_session.scalars(select(Delivery).where(Delivery.channel == notices.CHANNEL)).all())
        == 1
    )


def test_a_note_alone_still_needs_its_text(client, resident, clerk, db_session):
    reference = submit_records_request(resident)
    sign_in(client, clerk)
    page = client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    refused = client.post(
        f"/staff/submissions/{reference}/status",
        data={"csrf_token": csrf_token_in(page), "status": "", "note": "  "},
    )
    assert refused.status_code == 400
    shown = BeautifulSoup(refused.data, "html.parser")
    assert shown.select_one(".error-summary a")["href"] == "#note"
    assert "Write the note" in shown.select_one(".error-summary").get_text()
    assert not db_session.scalars(select(StatusChange)).all()


def _references_in_order(pdf: bytes, references) -> list[str]:
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return sorted(references, key=text.index)


def test_a_clerk_prints_every_submission_not_yet_printed_in_one_job(client, clerk, app, db_session):
    from ..support import Resident

    references = [submit_records_request(Resident(app.test_client())) for _ in range(3)]
    newest_first = references[::-1]
    sign_in(client, clerk)
    token = csrf_token_in(client.get("/staff/").get_data(as_text=True))
    client.post("/staff/print", data={"csrf_token": token, "reference": references[0]})

    page = BeautifulSoup(client.get("/staff/?unprinted=1").data, "html.parser")
    assert page.select_one("#unprinted").has_attr("checked")
    shown = [link.get_text() for link in page.select("tbody a")]
    assert shown == newest_first[:2]  # the printed one is left out
    button = page.select_one("button[name=all]")
    assert button.get_text(strip=True) == "Print all 2 submissions that match"
    form = button.find_parent("form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    assert data["unprinted"] == "1"
    response = client.post("/staff/print", data={**data, "all": "1"})
    assert response.headers["Content-Type"] == "application/pdf"
    assert _references_in_order(response.data, newest_first[:2]) == newest_first[:2]
    db_session.expire_all()
    assert (
        db_session.scalar(select(func.count(Submission.id)).where(Submission.printed_at.is_(None)))
        == 0
    )
    after = BeautifulSoup(client.get("/staff/?unprinted=1").data, "html.parser")
    assert after.select_one("button[name=all]") is None
    assert "No submissions match." in after.get_text()


def test_the_selected_submissions_print_in_the_inbox_order(client, clerk, app):
    from ..support import Resident

    references = [submit_records_request(Resident(app.test_client())) for _ in range(2)]
    sign_in(client, clerk)
    token = csrf_token_in(client.get("/staff/").get_data(as_text=True))
    response = client.post("/staff/print", data={"csrf_token": token, "reference": references})
    assert _references_in_order(response.data, references) == references[::-1]  # newest first
    import io

    from pypdf import PdfReader

    merged = PdfReader(io.BytesIO(response.data))
    bookmarks = [(item.title, merged.get_destination_page_number(item)) for item in merged.outline]
    assert bookmarks == [(references[1], 0), (references[0], 2)]  # one page each and a back


def test_select_all_on_this_page_ticks_every_printable_row_without_javascript(
    client, clerk, app, db_session
):
    from ..support import Resident

    ready, waiting = (submit_records_request(Resident(app.test_client())) for _ in range(2))
    being_made = db_session.scalar(select(Submission).where(Submission.reference == waiting))
    being_made.pdf_status = "pending"
    db_session.commit()
    sign_in(client, clerk)
    page = BeautifulSoup(client.get("/staff/?form=records-request").data, "html.parser")
    link = page.find("a", string="Select all on this page")
    assert link is not None and "form=records-request" in link["href"]
    ticked = BeautifulSoup(client.get(link["href"]).data, "html.parser")
    assert ticked.select_one(f"#select-{ready}").has_attr("checked")
    box = ticked.select_one(f"#select-{waiting}")
    assert box.has_attr("disabled") and not box.has_attr("checked")
    # why it cannot be ticked, visible and read out with the checkbox
    reason = ticked.select_one(f"#{box['aria-describedby']}")
    assert reason.get_text(strip=True) == "PDF being made"
    assert ticked.find("a", string="Clear the selection") is not None


def test_the_audit_log_says_a_name_was_searched_but_not_the_name(
    client, resident, clerk, staff_client, db_session
):
    submit_records_request(resident)
    sign_in(client, clerk)
    assert "Tran Thi Mai" in client.get("/staff/export.csv?q=Thi+Mai&status=received").text
    [export] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert "Thi Mai" not in str(export.detail)
    html = staff_client("admin").get("/staff/audit").get_data(as_text=True)
    [said] = BeautifulSoup(html, "html.parser").select("td[data-action=export]")
    text = said.get_text(" ", strip=True)  # (PostgreSQL keeps the details in its own order)
    assert text.startswith("Exported the inbox as a spreadsheet (CSV) ")
    assert "search: name" in text and "status: received" in text and "Thi Mai" not in text


def test_a_batch_print_starts_each_submission_on_a_new_sheet_and_has_no_seals(
    app, client, clerk, db_session, tmp_path
):
    import subprocess

    from ..support import Resident

    def submit(details=None):
        resident = Resident(app.test_client())
        if details is None:
            return submit_records_request(resident)
        resident.start("records-request")
        for page_id, data in JOURNEYS["records-request"]:
            if page_id == "your-request":
                data = {**data, "request_details": details}
            resident.answer("records-request", page_id, data)
        resident.post("/forms/records-request/declaration", {"confirm": "y"})
        resident.get("/forms/records-request/confirmation")
        return resident.soup().find(attrs={"data-reference": True})["data-reference"]

    first, second = submit(), submit()  # one page each
    long = submit("Every report about the Mill Lane footbridge since 2001. " * 45)  # two
    sign_in(client, clerk)
    token = csrf_token_in(client.get("/staff/").get_data(as_text=True))
    chosen = [long, second, first]  # as the inbox lists them: not oldest first
    response = client.post("/staff/print", data={"csrf_token": token, "reference": chosen})
    batch = tmp_path / "batch.pdf"
    batch.write_bytes(response.data)

    def tool(*command):
        return subprocess.run(
            [*command, str(batch), *(["-"] if command[0] == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=False,
        )

    pages = int(
        next(line for line in tool("pdfinfo").stdout.splitlines() if "Pages:" in line).split()[-1]
    )
    texts = [tool("pdftotext", "-f", str(n), "-l", str(n)).stdout for n in range(1, pages + 1)]
    # long: 2 pages; second: 1 page and a blank back; first: 1 page, the last (no blank after)
    assert pages == 5, texts
    assert long in texts[0] and long in texts[1]
    assert second in texts[2] and not texts[3].strip()
    assert first in texts[4]
    signatures = tool("pdfsig")
    assert "does not contain any signatures" in signatures.stdout + signatures.stderr
    assert "Digest Mismatch" not in signatures.stdout
    assert "Print copy of sealed submissions" in tool("pdfinfo").stdout  # its title
    db_session.expire_all()
    sealed = db_session.scalar(select(Submission).where(Submission.reference == first))
    original = client.get(f"/staff/submissions/{first}/pdf").data
    assert sealed.pdf_sha256 == hashlib.sha256(original).hexdigest()  # untouched


def test_a_name_is_found_without_its_accents_or_case(client, resident, clerk):
    resident.start("records-request")
    for page_id, data in JOURNEYS["records-request"]:
        if page_id == "your-details":
            data = {**data, "full_name": "José Martínez Núñez"}
        resident.answer("records-request", page_id, data)
    resident.post("/forms/records-request/declaration", {"confirm": "y"})
    sign_in(client, clerk)
    for typed in ("jose martinez", "MARTÍNEZ NÚÑEZ", "nunez"):
        assert "José Martínez Núñez" in search(client, typed).get_data(as_text=True), typed
    assert "José Martínez Núñez" not in search(client, "josefa").get_data(as_text=True)
