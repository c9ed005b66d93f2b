"""Kiosk devices: enrollment, the device's key, wiping a visit, handing a draft to a phone.

An admin creates a device and gets a one-time enrollment link (valid for a day). Opening
it on the touchscreen gives the device a random key, kept in a long-lived signed
cookie; only the key's hash is stored, and revoking the device ends it. A visit at a
kiosk ends with a wipe: the visitor's unsubmitted drafts and their files are deleted.
"Continue on my phone" makes a single-use link, valid for 10 minutes, that moves the
draft to the phone that opens it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.models import Draft, Handoff, KioskDevice

from . import checklist, events

ENROLLMENT_VALID_FOR = dt.timedelta(days=1)
HANDOFF_VALID_FOR = dt.timedelta(minutes=10)
DEFAULT_IDLE_SECONDS = 90
MIN_IDLE_SECONDS = 30
WARNING_SECONDS = 30  # the "Do you need more time?" countdown (at least 20 s)


class DeviceError(ValueError):
    pass


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewDevice:
    device: KioskDevice
    enrollment_token: str  # for the one-time link, shown once


def create_device(
    session: Session,
    *,
    name: str,
    office: str,
    default_language: str,
    idle_seconds: int = DEFAULT_IDLE_SECONDS,
    keyboard: bool = True,
    now: dt.datetime,
) -> NewDevice:
    _check_settings(name, office, idle_seconds)
    token = secrets.token_urlsafe(24)
    device = KioskDevice(
        name=name.strip()[:100],
        office=office.strip()[:200],
        default_language=default_language,
        idle_seconds=idle_seconds,
        keyboard=keyboard,
        enrollment_hash=_hash(token),
        enrollment_expires_at=now + ENROLLMENT_VALID_FOR,
        created_at=now,
    )
    session.add(device)
    session.commit()
    return NewDevice(device, token)


def change_device(
    session: Session,
    device: KioskDevice,
    *,
    name: str,
    office: str,
    default_language: str,
    idle_seconds: int,
    keyboard: bool,
) -> None:
    """New settings for an enrolled device: it shows them from its next page on, with
    no new enrollment."""
    _check_settings(name, office, idle_seconds)
    device.name = name.strip()[:100]
    device.office = office.strip()[:200]
    device.default_language = default_language
    device.idle_seconds = idle_seconds
    device.keyboard = keyboard
    session.commit()


def _check_settings(name: str, office: str, idle_seconds: int) -> None:
    if not name.strip() or not office.strip():
        raise DeviceError("name and office are needed")
    if idle_seconds < MIN_IDLE_SECONDS:
        raise DeviceError(f"the idle time must be at least {MIN_IDLE_SECONDS} seconds")


def new_enrollment(session: Session, device: KioskDevice, now: dt.datetime) -> str:
    """A fresh one-time link for a device (a new screen, or a wiped browser)."""
    token = secrets.token_urlsafe(24)
    device.enrollment_hash = _hash(token)
    device.enrollment_expires_at = now + ENROLLMENT_VALID_FOR
    device.revoked_at = None
    session.commit()
    return token


def pending_enrollment(session: Session, token: str, now: dt.datetime) -> KioskDevice | None:
    device = session.scalar(select(KioskDevice).where(KioskDevice.enrollment_hash == _hash(token)))
    if device is None or device.enrollment_expires_at is None:
        return None
    if device.enrollment_expires_at <= now or device.revoked_at is not None:
        return None
    return device


def enroll(session: Session, device: KioskDevice, now: dt.datetime) -> str:
    """Use up the enrollment link; the key the device keeps in its cookie."""
    key = secrets.token_urlsafe(32)
    device.key_hash = _hash(key)
    device.enrollment_hash = None
    device.enrollment_expires_at = None
    device.enrolled_at = now
    device.last_seen_at = now
    session.commit()
    return key


def recognise(session: Session, device_id: int, key: str) -> KioskDevice | None:
    """The enrolled, unrevoked device whose cookie holds `device_id` and `key`."""
    device = session.get(KioskDevice, device_id)
    if device is None or device.revoked_at is not None or not device.key_hash:
        return None
    if not hmac.compare_digest(device.key_hash, _hash(key)):
        return None
    return device


def revoke(session: Session, device: KioskDevice, now: dt.datetime) -> None:
    device.revoked_at = now
    device.key_hash = None
    device.enrollment_hash = None
    session.commit()


def devices(session: Session) -> list[KioskDevice]:
    return list(session.scalars(select(KioskDevice).order_by(KioskDevice.name)))


def wipe(
    session: Session,
    storage,
    draft_ids: Iterable[str],
    forms,
    now: dt.datetime,
    today: dt.date | None = None,
) -> int:
    """Delete the visit's unsubmitted drafts and their files; how many drafts went.

    A draft the visitor took with them is kept, only forgotten by this screen: one
    handed to their phone, or saved with a resume code to finish elsewhere. Each draft
    deleted leaves an "abandoned" event at the page where the visitor stopped.
    """
    wiped = 0
    for draft_id in draft_ids:
        draft = session.get(Draft, draft_id)
        if draft is None or draft.submission_id is not None or _taken_away(session, draft):
            continue
        event = events.abandoned(draft, forms.get(draft.form_slug), today or now.date())
        checklist.discard_uploads(session, storage, draft)
        session.execute(delete(Handoff).where(Handoff.draft_id == draft.id))
        session.delete(draft)
        if event is not None:
            session.add(event)
        wiped += 1
    session.commit()
    return wiped


def _taken_away(session: Session, draft: Draft) -> bool:
    if draft.resume_code_hash is not None:
        return True
    used = select(Handoff.id).where(Handoff.draft_id == draft.id, Handoff.used_at.is_not(None))
    return session.scalar(used.limit(1)) is not None


def hand_off(session: Session, draft: Draft, now: dt.datetime) -> str:
    """A single-use token for the draft's "Continue on my phone" link."""
    token = secrets.token_urlsafe(18)
    session.add(
        Handoff(token_hash=_hash(token), draft_id=draft.id, expires_at=now + HANDOFF_VALID_FOR)
    )
    session.commit()
    return token


def take_handoff(session: Session, token: str, now: dt.datetime) -> Draft | None:
    """The draft a handoff link names, once; None when used, expired or unknown."""
    handoff = session.scalar(select(Handoff).where(Handoff.token_hash == _hash(token)))
    if handoff is None or handoff.used_at is not None or handoff.expires_at <= now:
        return None
    draft = session.get(Draft, handoff.draft_id)
    if draft is None or draft.submission_id is not None or draft.expires_at <= now:
        return None
    handoff.used_at = now
    session.commit()
    return draft
