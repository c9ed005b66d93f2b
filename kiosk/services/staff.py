"""Staff accounts: creating them, signing in with a lockout, and the audit log.

Passwords are hashed with argon2. After `MAX_FAILURES` wrong passwords in a row an
account is locked for `LOCKOUT` and the sign-in page says so and until when; the
same generic message answers an unknown email and a wrong password, so the page does
not tell which accounts exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.messages import N_
from kiosk.models import AuditEvent, StaffUser

from .throttle import Throttle

ROLES = ("clerk", "admin")
ROLE_NAMES = {"clerk": N_("Clerk"), "admin": N_("Administrator")}  # to translate
MAX_FAILURES = 5  # in a row, for one account
LOCKOUT = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ADDRESS = 20  # within LOCKOUT, from one network address, any accounts
IDLE_TIMEOUT = dt.timedelta(minutes=30)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=10)
MIN_PASSWORD_LENGTH = 12
SIGN_IN_THROTTLE = Throttle("", MAX_FAILURES_PER_ADDRESS, LOCKOUT)

_hasher = PasswordHasher()
# A hash to check against when the email is unknown, so both take the same time.
_UNKNOWN = _hasher.hash("no such account")


class StaffError(ValueError):
    """Why an account change is refused: `message` is a msgid, `params` fill it in."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def create_user(
    session: Session, *, email: str, name: str, role: str, password: str, now: dt.datetime
) -> StaffUser:
    email = email.strip().lower()
    if role not in ROLES:
        raise StaffError(N_("Choose clerk or admin"))
    if "@" not in email:
        raise StaffError(N_("Enter an email address, like name@example.gov"))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(
            N_("The password must be at least %(count)s characters"), count=MIN_PASSWORD_LENGTH
        )
    if session.scalar(select(StaffUser).where(StaffUser.email == email)) is not None:
        raise StaffError(N_("%(email)s already has an account"), email=email)
    user = StaffUser(
        email=email,
        name=name.strip() or email,
        role=role,
        password_hash=_hasher.hash(password),
        active=True,
        failed_sign_ins=0,
        created_at=now,
    )
    session.add(user)
    session.commit()
    return user


@dataclass(frozen=True)
class SignIn:
    user: StaffUser | None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def sign_in(
    session: Session, email: str, password: str, now: dt.datetime, address: str = ""
) -> SignIn:
    paused = SIGN_IN_THROTTLE.paused_until(session, address, now)
    if paused is not None:
        return SignIn(None, locked_until=paused)
    user = session.scalar(select(StaffUser).where(StaffUser.email == (email or "").strip().lower()))
    if user is None or not user.active:
        _verify(_UNKNOWN, password)
        SIGN_IN_THROTTLE.failed(session, address, now)
        return SignIn(None)
    if user.locked_until is not None and user.locked_until > now:
        return SignIn(None, locked_until=user.locked_until)
    if not _verify(user.password_hash, password):
        SIGN_IN_THROTTLE.failed(session, address, now)
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_sign_ins = 0
        session.commit()
        audit(session, "sign-in-failed", user=user, now=now)
        return SignIn(None, locked_until=user.locked_until if user.locked_until else None)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_sign_in_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.commit()
    audit(session, "sign-in", user=user, now=now)
    return SignIn(user)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password or "")
    except (VerificationError, InvalidHashError):
        return False


def session_expired(signed_in_at: dt.datetime, last_seen_at: dt.datetime, now: dt.datetime):
    """Whether a staff session has been idle too long, or open too long altogether."""
    return now - last_seen_at > IDLE_TIMEOUT or now - signed_in_at > ABSOLUTE_TIMEOUT


def audit(
    session: Session,
    action: str,
    *,
    user: StaffUser | None,
    now: dt.datetime,
    submission_id: int | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditEvent(
            at=now,
            action=action,
            staff_user_id=user.id if user else None,
            submission_id=submission_id,
            detail=detail,
        )
    )
    session.commit()


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(StaffUser)) or 0


def list_users(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.name, StaffUser.email)))


def _active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count(StaffUser.id)).where(
                StaffUser.role == "admin", StaffUser.active.is_(True)
            )
        )
        or 0
    )


def _keeps_an_admin(session: Session, user: StaffUser, by: StaffUser) -> None:
    if user.id == by.id:
        raise StaffError(N_("You cannot take away your own access"))
    if user.role == "admin" and user.active and _active_admins(session) <= 1:
        raise StaffError(N_("There must be at least one active administrator"))


def change_role(
    session: Session, user: StaffUser, role: str, *, by: StaffUser, now: dt.datetime
) -> None:
    if role not in ROLES:
        raise StaffError(N_("Choose clerk or admin"))
    if role == user.role:
        return
    if role != "admin":
        _keeps_an_admin(session, user, by)
    user.role = role
    session.commit()
    audit(session, "user-role", user=by, now=now, email=user.email, role=role)


def deactivate(session: Session, user: StaffUser, *, by: StaffUser, now: dt.datetime) -> None:
    _keeps_an_admin(session, user, by)
    user.active = False
    session.commit()
    audit(session, "user-deactivate", user=by, now=now, email=user.email)


def reactivate(session: Session, user: StaffUser, *, by: StaffUser, now: dt.datetime) -> None:
    user.active = True
    session.commit()
    audit(session, "user-reactivate", user=by, now=now, email=user.email)


def unlock(session: Session, user: StaffUser, *, by: StaffUser, now: dt.datetime) -> None:
    user.locked_until = None
    user.failed_sign_ins = 0
    session.commit()
    audit(session, "user-unlock", user=by, now=now, email=user.email)


def reset_password(
    session: Session, user: StaffUser, password: str, *, by: StaffUser, now: dt.datetime
) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(
            N_("The password must be at least %(count)s characters"), count=MIN_PASSWORD_LENGTH
        )
    user.password_hash = _hasher.hash(password)
    user.locked_until = None
    user.failed_sign_ins = 0
    session.commit()
    audit(session, "user-password-reset", user=by, now=now, email=user.email)
