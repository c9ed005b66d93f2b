"""The clerks' inbox: submissions filtered, searched and paged, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from kiosk.models import Submission

from .names import search_key
from .references import normalise_reference
from .workflow import OPEN, is_overdue

PAGE_SIZE = 25


@dataclass(frozen=True)
class InboxQuery:
    form: str | None = None
    status: str | None = None
    channel: str | None = None
    overdue: bool = False
    unprinted: bool = False
    search: str = ""
    page: int = 1


@dataclass(frozen=True)
class InboxPage:
    rows: list[Submission]
    total: int
    page: int
    pages: int

    printable: int  # how many of all the matching submissions have their PDF ready


NEWEST_FIRST = (Submission.submitted_at.desc(), Submission.id.desc())


def inbox(session: Session, query: InboxQuery, today: dt.date) -> InboxPage:
    filtered = _filtered(select(Submission), query, today)
    counts = select(
        func.count(Submission.id),
        func.count(Submission.id).filter(Submission.pdf_status == "ready"),
    )
    total, printable = session.execute(_filtered(counts, query, today)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, query.page), pages)
    rows = session.scalars(
        filtered.order_by(*NEWEST_FIRST).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return InboxPage(list(rows), total, page, pages, printable)


def printable_matching(
    session: Session, query: InboxQuery, today: dt.date, limit: int
) -> list[Submission]:
    """Every submission the filters match whose PDF is ready, in the inbox's order (all
    pages, not only the one shown), at most `limit`."""
    statement = _filtered(select(Submission), query, today)
    statement = statement.where(Submission.pdf_status == "ready").order_by(*NEWEST_FIRST)
    return list(session.scalars(statement.limit(limit)))


EXPORT_COLUMNS = ("reference", "form", "name", "channel", "received", "status", "due", "overdue")


def export_rows(session: Session, query: InboxQuery, today: dt.date, zone: dt.tzinfo = dt.UTC):
    """The CSV export's rows: the columns above for every submission the filters match,
    newest first, safe for spreadsheets; no answers, no documents; times on the office's
    clock (`zone`). Read in batches so that a large inbox is not loaded at once."""
    statement = _filtered(select(Submission), query, today).order_by(*NEWEST_FIRST)
    for row in session.scalars(statement.execution_options(yield_per=500)):
        yield [
            safe_cell(value)
            for value in (
                row.reference,
                row.form_slug,
                row.resident_name,
                row.channel,
                # what Excel reads as a date and time
                f"{row.submitted_at.astimezone(zone):%Y-%m-%d %H:%M}",
                row.status,
                row.due_on.isoformat(),
                "yes" if is_overdue(row, today) else "no",
            )
        ]


def safe_cell(value) -> str:
    """A spreadsheet cell that cannot be read as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _filtered(statement: Select, query: InboxQuery, today: dt.date) -> Select:
    if query.form:
        statement = statement.where(Submission.form_slug == query.form)
    if query.status:
        statement = statement.where(Submission.status == query.status)
    if query.channel:
        statement = statement.where(Submission.channel == query.channel)
    if query.overdue:
        statement = statement.where(Submission.status.in_(OPEN), Submission.due_on < today)
    if query.unprinted:
        statement = statement.where(Submission.printed_at.is_(None))
    text = query.search.strip()
    if text:
        # A valid reference (its check character matches) is searched as a reference
        # only, through its unique index; anything else searches the names.
        reference = normalise_reference(text)
        if reference:
            statement = statement.where(Submission.reference == reference)
        else:
            statement = statement.where(
                Submission.search_name.contains(search_key(text), autoescape=True)
            )
    return statement
