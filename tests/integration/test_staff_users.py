"""Admins manage back-office accounts in the browser's pages; every change is audited."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from kiosk.models import AuditEvent, StaffUser
from kiosk.services import staff

from ..checking_client import csrf_token_in
from ..support import PASSWORD, sign_in

NEW_PASSWORD = "a fresh password 2026"


@pytest.fixture
def admin(staff_client):
    return staff_client("admin", name="Ada Admin")


def token(client, path="/staff/users") -> str:
    return csrf_token_in(client.get(path).get_data(as_text=True))


def create(admin, email="sam@example.gov", password=PASSWORD, role="clerk"):
    return admin.post(
        "/staff/users/new",
        data={
            "csrf_token": token(admin, "/staff/users/new"),
            "name": "Sam Clerk",
            "email": email,
            "role": role,
            "password": password,
        },
    )


def user_id(db_session, email) -> int:
    db_session.expire_all()
    return db_session.scalar(select(StaffUser.id).where(StaffUser.email == email))


def act(admin, db_session, email, action, **data):
    target = user_id(db_session, email)
    return admin.post(f"/staff/users/{target}/{action}", data={"csrf_token": token(admin), **data})


def can_sign_in(app, email, password=PASSWORD) -> bool:
    response = sign_in(app.test_client(), email, password)
    return response.status_code == 302


def test_an_admin_adds_a_clerk_who_can_then_sign_in(app, admin, db_session):
    page = admin.get("/staff/users/new").get_data(as_text=True)
    assert 'autocomplete="new-password"' in page and "onpaste" not in page
    response = create(admin)
    assert response.location.endswith("/staff/users?done=created")
    listing = admin.get(response.location).get_data(as_text=True)
    assert "The account was created" in listing and "sam@example.gov" in listing
    user = db_session.scalar(select(StaffUser).where(StaffUser.email == "sam@example.gov"))
    assert user.role == "clerk" and user.password_hash.startswith("$argon2")
    assert can_sign_in(app, "sam@example.gov")


def test_mistakes_are_explained_and_values_kept(admin, db_session):
    short = create(admin, password="short")
    text = short.get_data(as_text=True)
    assert short.status_code == 400
    assert "The password must be at least 12 characters" in text
    assert 'value="sam@example.gov"' in text and "short" not in text.split("<main")[1]
    create(admin)
    again = create(admin)
    assert "sam@example.gov already has an account" in again.get_data(as_text=True)
    bad = create(admin, email="not-an-email")
    assert "Enter an email address" in bad.get_data(as_text=True)


def test_clerks_cannot_manage_users(app, admin, runner):
    create(admin)
    clerk = app.test_client()
    sign_in(clerk, "sam@example.gov")
    assert clerk.get("/staff/users").status_code == 403
    assert clerk.get("/staff/users/new").status_code == 403


def test_deactivate_stops_sign_in_and_reactivate_restores_it(app, admin, db_session):
    create(admin)
    assert act(admin, db_session, "sam@example.gov", "deactivate").status_code == 302
    assert not db_session.get(StaffUser, user_id(db_session, "sam@example.gov")).active
    assert not can_sign_in(app, "sam@example.gov")
    assert "Deactivated" in admin.get("/staff/users").get_data(as_text=True)
    act(admin, db_session, "sam@example.gov", "reactivate")
    assert can_sign_in(app, "sam@example.gov")


def test_the_last_admin_and_oneself_are_protected(admin, db_session):
    response = act(admin, db_session, "admin@example.gov", "deactivate")
    page = admin.get(response.location).get_data(as_text=True)
    assert "You cannot take away your own access" in page
    assert "Error:" in page.split("</title>")[0]
    demoted = act(admin, db_session, "admin@example.gov", "role", role="clerk")
    assert "problem=self" in demoted.location
    db_session.expire_all()
    assert db_session.scalar(select(StaffUser).where(StaffUser.email == "admin@example.gov")).active


def test_a_locked_out_user_is_unlocked(app, admin, db_session):
    create(admin)
    for _ in range(staff.MAX_FAILURES):
        sign_in(app.test_client(), "sam@example.gov", "wrong password!!")
    assert not can_sign_in(app, "sam@example.gov")
    assert "Locked until" in admin.get("/staff/users").get_data(as_text=True)
    act(admin, db_session, "sam@example.gov", "unlock")
    sam = db_session.get(StaffUser, user_id(db_session, "sam@example.gov"))
    assert sam.locked_until is None and sam.failed_sign_ins == 0
    assert can_sign_in(app, "sam@example.gov")


def test_a_password_is_reset(app, admin, db_session):
    create(admin)
    short = act(admin, db_session, "sam@example.gov", "password", password="short")
    assert "problem=password" in short.location
    assert "at least 12 characters" in admin.get(short.location).get_data(as_text=True)
    act(admin, db_session, "sam@example.gov", "password", password=NEW_PASSWORD)
    assert can_sign_in(app, "sam@example.gov", NEW_PASSWORD)
    assert not can_sign_in(app, "sam@example.gov", PASSWORD)


def test_roles_change_and_every_change_is_audited(admin, db_session):
    create(admin)
    act(admin, db_session, "sam@example.gov", "role", role="admin")
    db_session.expire_all()
    sam = db_session.scalar(select(StaffUser).where(StaffUser.email == "sam@example.gov"))
    assert sam.role == "admin"
    act(admin, db_session, "sam@example.gov", "deactivate")
    act(admin, db_session, "sam@example.gov", "reactivate")
    act(admin, db_session, "sam@example.gov", "unlock")
    act(admin, db_session, "sam@example.gov", "password", password=NEW_PASSWORD)
    actions = db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    for action in (
        "user-create",
        "user-role",
        "user-deactivate",
        "user-reactivate",
        "user-unlock",
        "user-password-reset",
    ):
        assert action in actions
    admin_id = user_id(db_session, "admin@example.gov")
    changes = db_session.scalars(select(AuditEvent).where(AuditEvent.action.like("user-%"))).all()
    assert len(changes) == 6
    assert all(e.detail["email"] == "sam@example.gov" for e in changes)
    assert all(e.staff_user_id == admin_id for e in changes)
    log = BeautifulSoup(admin.get("/staff/audit").get_data(as_text=True), "html.parser")
    reset = log.select_one("td[data-action=user-password-reset]").get_text(" ", strip=True)
    assert reset == "Reset the password of sam@example.gov"
    roles = [td.get_text(" ", strip=True) for td in log.select("td[data-action=user-role]")]
    assert roles == ["Changed the role of sam@example.gov to Administrator"]
    assert act(admin, db_session, "sam@example.gov", "role", role="boss").status_code == 302
    assert (
        admin.post("/staff/users/9999/unlock", data={"csrf_token": token(admin)}).status_code == 404
    )
