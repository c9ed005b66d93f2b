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
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kiosk.models import AuditEvent, FailedSignIn, StaffUser

ROLES = ("clerk", "admin")
MAX_FAILURES = 5  # in a row, for one account
LOCKOUT = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ADDRESS = 20  # within LOCKOUT, from one network address, any accounts
IDLE_TIMEOUT = dt.timedelta(minutes=30)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=10)
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# A hash to check against when the email is unknown, so both take the same time.
_UNKNOWN = _hasher.hash("no such account")


class StaffError(ValueError):
    pass


def create_user(
    session: Session, *, email: str, name: str, role: str, password: str, now: dt.datetime
) -> StaffUser:
    email = email.strip().lower()
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email:
        raise StaffError("email must be an email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(StaffUser).where(StaffUser.email == email)) is not None:
        raise StaffError(f"{email} already has an account")
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
    recent = session.scalar(
        select(func.count(FailedSignIn.id)).where(
            FailedSignIn.address == address, FailedSignIn.at > now - LOCKOUT
        )
    )
    if recent >= MAX_FAILURES_PER_ADDRESS:
        return SignIn(None, locked_until=now + LOCKOUT)
    user = session.scalar(select(StaffUser).where(StaffUser.email == (email or "").strip().lower()))
    if user is None or not user.active:
        _verify(_UNKNOWN, password)
        _remember_failure(session, address, now)
        return SignIn(None)
    if user.locked_until is not None and user.locked_until > now:
        return SignIn(None, locked_until=user.locked_until)
    if not _verify(user.password_hash, password):
        _remember_failure(session, address, now)
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


def _remember_failure(session: Session, address: str, now: dt.datetime) -> None:
    session.add(FailedSignIn(address=address[:64], at=now))
    session.execute(delete(FailedSignIn).where(FailedSignIn.at < now - LOCKOUT))
    session.commit()


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
