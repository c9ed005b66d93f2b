"""Retention, with a fixed clock: submissions go when the form's period is over, with
their files, and never before every delivery to the office succeeded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from kiosk.models import (
    AuditEvent,
    Delivery,
    Draft,
    StatusChange,
    Submission,
    Upload,
)
from kiosk.services import clock
from kiosk.services.storage import storage_from_config

from ..checking_client import csrf_token_in
from ..samples import png
from ..support import PASSWORD, sign_in, submit_records_request

RETENTION = dt.timedelta(days=1095)  # forms/records-request.yaml
SUBMITTED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def fixed_clock(monkeypatch):
    class Clock:
        at = SUBMITTED

    monkeypatch.setattr(clock, "now", lambda: Clock.at)
    return Clock


@pytest.fixture
def submission(app, resident, db_session, runner, client, fixed_clock):
    """A records request, delivered to the office, viewed and changed by a clerk."""
    reference = submit_records_request(resident)
    runner.invoke(
        args=["users", "create", "clerk@example.gov", "--role", "clerk"],
        env={"KIOSK_NEW_USER_PASSWORD": PASSWORD},
    )
    sign_in(client, "clerk@example.gov")
    page = client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    client.post(
        f"/staff/submissions/{reference}/status",
        data={"csrf_token": csrf_token_in(page), "status": "in_review", "note": "Looking"},
    )
    stored = db_session.scalar(select(Submission).where(Submission.reference == reference))
    assert db_session.scalar(select(Delivery.status)) == "delivered"  # to instance/mail/
    return stored


def files_of(app, submission) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return [folder / submission.pdf_key]


def purge(runner, fixed_clock, at: dt.datetime, *args) -> str:
    fixed_clock.at = at
    result = runner.invoke(args=["retention", "purge", *args])
    assert result.exit_code == 0, result.output
    return result.output


def count(db_session, model, **where) -> int:
    db_session.expire_all()
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db_session.scalar(query)


def test_a_submission_is_kept_until_its_retention_period_is_over(
    app, submission, db_session, runner, fixed_clock
):
    output = purge(runner, fixed_clock, SUBMITTED + RETENTION - dt.timedelta(days=1))
    assert "0 submission(s) deleted" in output
    assert count(db_session, Submission) == 1
    assert all(path.exists() for path in files_of(app, submission))


@pytest.mark.parametrize("status", ["pending", "failed"])
def test_a_submission_not_delivered_is_never_deleted(
    app, submission, db_session, runner, fixed_clock, status
):
    db_session.execute(update(Delivery).values(status=status, delivered_at=None))
    db_session.commit()
    output = purge(runner, fixed_clock, SUBMITTED + RETENTION + dt.timedelta(days=400))
    assert "0 submission(s) deleted; kept: 1 with delivery unfinished" in output
    assert count(db_session, Submission) == 1
    assert all(path.exists() for path in files_of(app, submission))


def test_a_dry_run_deletes_nothing(app, submission, db_session, runner, fixed_clock):
    output = purge(runner, fixed_clock, SUBMITTED + RETENTION, "--dry-run")
    assert output.startswith("would be deleted: 1 submission(s) deleted")
    assert count(db_session, Submission) == 1


def test_a_delivered_submission_goes_with_its_files_and_the_audit_trail_stays(
    app, submission, db_session, runner, fixed_clock
):
    document = storage_from_config(app.config).save_bytes(png())
    db_session.add(
        Upload(
            storage_key=document,
            submission_id=submission.id,
            field_id="proof",
            document_id="proof",
            filename="proof.png",
            content_type="image/png",
            size=100,
            created_at=SUBMITTED,
        )
    )
    db_session.commit()
    paths = [*files_of(app, submission), Path(app.config["UPLOAD_FOLDER"]) / document]
    assert all(path.exists() for path in paths)
    submission_id, reference = submission.id, submission.reference
    viewed = count(db_session, AuditEvent, submission_id=submission_id)
    assert viewed >= 2  # the clerk's view and status change
    output = purge(runner, fixed_clock, SUBMITTED + RETENTION)
    assert "1 submission(s) deleted" in output
    assert count(db_session, Submission) == 0
    assert count(db_session, StatusChange) == 0
    assert count(db_session, Delivery) == 0
    assert count(db_session, Upload) == 0
    assert count(db_session, Draft, submission_id=submission_id) == 0
    assert not any(path.exists() for path in paths)
    events = db_session.scalars(select(AuditEvent)).all()
    assert all(event.submission_id is None for event in events)
    deleted = [event for event in events if event.action == "retention-delete"]
    assert [event.detail for event in deleted] == [
        {"reference": reference, "form": "records-request"}
    ]
    assert len(events) >= viewed + 1


def purge_now(app, db_session, at: dt.datetime):
    """The service itself, with a fixed time, on the test's own session."""
    from kiosk.catalog import forms
    from kiosk.services import retention

    with app.app_context():
        catalog = forms()
    return retention.purge_expired(db_session, catalog, storage_from_config(app.config), at)


def test_a_submission_without_a_sealed_pdf_or_of_an_unknown_form_is_kept(
    app, submission, db_session
):
    expired = SUBMITTED + RETENTION + dt.timedelta(days=1)
    submission.pdf_status = "failed"
    db_session.commit()
    report = purge_now(app, db_session, expired)
    assert (report.deleted, dict(report.kept)) == ([], {"without a sealed PDF": 1})
    submission.pdf_status, submission.form_slug = "ready", "withdrawn-form"
    db_session.commit()
    report = purge_now(app, db_session, expired)
    assert (report.deleted, dict(report.kept)) == ([], {"of forms no longer defined": 1})
    assert count(db_session, Submission) == 1
    assert all(path.exists() for path in files_of(app, submission))


def test_a_file_already_gone_does_not_stop_the_purge(app, submission, db_session):
    from kiosk.models import InformationRequest

    db_session.add(
        InformationRequest(
            submission_id=submission.id,
            document_name="Proof of address",
            code_hash="0" * 64,
            requested_at=SUBMITTED,
        )
    )
    db_session.commit()
    files_of(app, submission)[0].unlink()
    reference = submission.reference
    report = purge_now(app, db_session, SUBMITTED + RETENTION)
    assert report.deleted == [reference] and not report.kept
    assert count(db_session, Submission) == 0
    assert count(db_session, InformationRequest) == 0
    assert count(db_session, AuditEvent, action="retention-delete") == 1
