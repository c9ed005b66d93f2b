"""Background jobs on Huey: a SQLite queue in `instance/` by default, Redis by configuration.

`make run` starts a worker beside the web server (`huey_consumer kiosk.jobs.queue`).
The queue is chosen from the environment, the same for the web app and the worker:
`KIOSK_REDIS_URL` for Redis, else `KIOSK_JOBS_DATABASE` (default
`instance/jobs.sqlite3`). Tests run jobs at once, in the request that enqueues them
(`queue.immediate = True`), with the same code path.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from flask import current_app, has_app_context
from huey import RedisHuey, SqliteHuey, crontab

from . import paths

RETRIES = 3
RETRY_DELAY = 20  # seconds, doubled on each retry by the backoff below


def _make_queue():
    redis_url = os.environ.get("KIOSK_REDIS_URL")
    if redis_url:
        return RedisHuey("kiosk", url=redis_url)
    instance = Path(os.environ.get("KIOSK_INSTANCE_PATH") or paths.INSTANCE)
    database = os.environ.get("KIOSK_JOBS_DATABASE") or str(instance / "jobs.sqlite3")
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("kiosk", filename=database)


queue = _make_queue()
_worker_app = None


@contextlib.contextmanager
def app_context():
    """The enqueuing request's app when run at once (tests), else the worker's own app."""
    global _worker_app
    if has_app_context():
        yield current_app
        return
    if _worker_app is None:
        from . import create_app

        _worker_app = create_app()
        for warning in settings_warnings(_worker_app):
            _worker_app.logger.warning(warning)
    with _worker_app.app_context():
        yield _worker_app


def settings_warnings(app) -> list[str]:
    """What a worker left with development settings would get wrong, said once when it
    starts: its PDFs and emails go to residents and offices."""
    from .config import DefaultConfig

    config = app.config
    warnings = []
    if config["PUBLIC_URL"] == DefaultConfig.PUBLIC_URL:
        warnings.append(
            f"KIOSK_PUBLIC_URL is not set: the QR codes on PDFs and the links in emails "
            f"this worker makes point at {DefaultConfig.PUBLIC_URL}; give the worker the "
            f"address residents reach Kiosk at, as the web app has"
        )
    if not (config.get("SEAL_PKCS12") or config.get("SEAL_KEY_FILE")):
        warnings.append(
            "PDFs are sealed with the development seal in instance/seal/, which no one "
            "else trusts: set KIOSK_SEAL_PKCS12 or KIOSK_SEAL_KEY_FILE before going live"
        )
    return warnings


@queue.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def make_submission_pdf(submission_id: int, task=None) -> None:
    """Render and seal a submission's PDF; after the last retry it is marked failed."""
    from .extensions import db
    from .pdfs import produce_or_record_failure

    with app_context() as app:
        final = task is None or task.retries == 0
        produce_or_record_failure(db.session, app, submission_id, final_attempt=final)
        if task is not None and not final:
            task.retry_delay = RETRY_DELAY * 2 ** (RETRIES - task.retries)
    request_delivery(submission_id)


@queue.task()
def deliver_submission(submission_id: int) -> None:
    """Send a submission's due deliveries (email, webhook) now that its PDF is ready."""
    from .deliveries import deliver_due
    from .extensions import db

    with app_context() as app:
        deliver_due(db.session, app, submission_id=submission_id)


@queue.periodic_task(crontab(minute="*"))
def deliver_waiting() -> None:
    """Every minute: the deliveries whose retry time has come (the outbox's backoff)."""
    from .deliveries import deliver_due
    from .extensions import db

    with app_context() as app:
        deliver_due(db.session, app)


def request_submission_pdf(submission_id: int) -> bool:
    """Queue the PDF job; the submission is already committed, so a queue that is down
    only delays the PDF (`flask --app kiosk pdfs retry` queues it again)."""
    try:
        make_submission_pdf(submission_id)
    except Exception:  # noqa: BLE001 - the resident's application is safe either way
        current_app.logger.exception("could not queue the PDF of submission %s", submission_id)
        return False
    return True


@queue.periodic_task(crontab(hour="3", minute="30"))
def purge_expired_records() -> None:
    """Every night: expired drafts, and submissions past their retention period."""
    from .agency import office_today
    from .catalog import forms
    from .extensions import db
    from .filestore import storage
    from .services import clock, drafts, retention

    with app_context() as app:
        drafts.purge_expired(db.session, clock.now(), storage(), forms(), office_today())
        report = retention.purge_expired(db.session, forms(), storage(), clock.now())
        app.logger.info("retention: %s", report.summary())


def request_delivery(submission_id: int) -> None:
    """Queue a submission's deliveries; if the queue is down, the minutely job finds them."""
    try:
        deliver_submission(submission_id)
    except Exception:  # noqa: BLE001 - the outbox rows are committed; nothing is lost
        if has_app_context():
            current_app.logger.exception("could not queue delivery of submission %s", submission_id)
