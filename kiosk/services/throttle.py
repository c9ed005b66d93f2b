"""Slowing down guessing: failures counted per network address and purpose.

`/status` lookups, document codes at `/provide` and staff sign-ins each keep their own
count (`Throttle.key`) in one table of failures; past `limit` failures within `window`
the address is paused until the window has gone by. Old failures are deleted as new
ones are written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kiosk.models import FailedSignIn


@dataclass(frozen=True)
class Throttle:
    key: str  # "" for staff sign-ins (the table's first use), else e.g. "status:"
    limit: int
    window: dt.timedelta

    def _address(self, address: str) -> str:
        return self.key + address[: 64 - len(self.key)]

    def paused_until(self, session: Session, address: str, now: dt.datetime):
        """When the address may try again, if it is paused now; else None."""
        failures = session.scalar(
            select(func.count(FailedSignIn.id)).where(
                FailedSignIn.address == self._address(address),
                FailedSignIn.at > now - self.window,
            )
        )
        return now + self.window if failures >= self.limit else None

    def failed(self, session: Session, address: str, now: dt.datetime) -> None:
        session.add(FailedSignIn(address=self._address(address), at=now))
        session.execute(delete(FailedSignIn).where(FailedSignIn.at < now - self.window))
        session.commit()
