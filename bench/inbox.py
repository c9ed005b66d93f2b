"""The clerks' inbox with 100,000 submissions: each page against a bare baseline.

Fills a temporary database (SQLite by default, or `--database-url` for PostgreSQL)
with `--rows` submissions spread over two years, three forms, all statuses and
channels, then times the inbox service for the first page, a deep page, each filter,
a reference search and a name search. The baseline, in the same run, is the bare
query for one page of the table with no filter or count: `SELECT ... ORDER BY
submitted_at DESC LIMIT 25`. Prints p50 and the ratio for each case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fill(session, rows: int) -> None:
    from kiosk.models import Submission
    from kiosk.services.names import search_key
    from kiosk.services.references import new_reference

    forms = [("parking-permit", "PKP"), ("housing-assistance", "HBA"), ("records-request", "FOI")]
    statuses = ["received", "in_review", "needs_information", "approved", "rejected"]
    names = ["Amira Haddad", "Tran Thi Mai", "Fatima Al-Sayed", "Wang Xiaoming", "Lena Park"]
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    randomness = random.Random(7)
    batch = []
    for number in range(rows):
        slug, prefix = forms[number % 3]
        when = start + dt.timedelta(minutes=number * 10)
        batch.append(
            Submission(
                reference=new_reference(prefix),
                draft_id=f"bench-{number}",
                form_slug=slug,
                form_version=1,
                language="en",
                channel=randomness.choice(["home", "home", "kiosk", "api"]),
                answers={},
                declaration={},
                status=randomness.choice(statuses),
                resident_name=(name := f"{randomness.choice(names)} {number}"),
                search_name=search_key(name),
                started_at=when,
                submitted_at=when,
                due_on=(when + dt.timedelta(days=14)).date(),
                pdf_status="ready",
            )
        )
        if len(batch) == 5000:
            session.add_all(batch)
            session.commit()
            batch = []
    session.add_all(batch)
    session.commit()


def timed(work, runs: int) -> float:
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from kiosk.migrations import upgrade
    from kiosk.models import Submission
    from kiosk.services.inbox import InboxQuery, inbox

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/inbox.sqlite3"
    engine = create_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        started = time.perf_counter()
        fill(session, args.rows)
        print(f"{args.rows} submissions in {time.perf_counter() - started:.0f} s ({engine.url})")
        some = session.scalar(select(Submission).offset(args.rows // 2).limit(1))
        today = dt.date(2026, 11, 22)

        def bare():
            session.scalars(
                select(Submission).order_by(Submission.submitted_at.desc()).limit(25)
            ).all()

        baseline = timed(bare, args.runs)
        cases = {
            "first page": InboxQuery(),
            "page 2000": InboxQuery(page=2000),
            "status filter": InboxQuery(status="needs_information"),
            "form + channel": InboxQuery(form="housing-assistance", channel="kiosk"),
            "overdue": InboxQuery(overdue=True),
            "reference search": InboxQuery(search=some.reference),
            "name search": InboxQuery(search="tran thi"),  # a fifth of the rows
            "one person's name": InboxQuery(search=some.resident_name),
        }
        print(f"{'case':<22}{'p50 ms':>10}{'ratio':>8}")
        print(f"{'bare page query':<22}{baseline:>10.1f}{1:>8.1f}")
        for label, query in cases.items():
            median = timed(lambda query=query: inbox(session, query, today), args.runs)
            print(f"{label:<22}{median:>10.1f}{median / baseline:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
