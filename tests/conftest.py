"""Fixtures: the app on each database backend, a checking client, a resident helper.

Every test that uses `app` runs twice: on SQLite and on the PostgreSQL server named by
KIOSK_TEST_POSTGRES_URL (default: the local server). When that server cannot be
reached, the PostgreSQL runs are skipped with a message that says so.
"""

from __future__ import annotations

import os
import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk import create_app, jobs
from kiosk.config import normalise_database_url
from kiosk.migrations import upgrade
from kiosk.models import Base

from .checking_client import CheckingClient
from .support import Resident

# Jobs run at once, in the request that queues them: the same task code as the worker's.
jobs.queue.immediate = True

DEFAULT_POSTGRES = "postgresql://root@127.0.0.1:5432/test"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "kiosk.sqlite3"
        url = f"sqlite:///{path}"
        engine = create_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    yield from _postgres_database()


def _postgres_database():
    server = normalise_database_url(os.environ.get("KIOSK_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        admin.dispose()
        pytest.skip(
            f"PostgreSQL not reachable at {server} ({type(exc).__name__}); "
            "the PostgreSQL runs are skipped"
        )
    name = f"kiosk_test_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def make_app(database_url, tmp_path):
    """`make_app(**settings)`: the app on this test's database, with `settings` on top of
    the test settings; every table is emptied after the test."""
    made = []

    def make(**settings):
        app = create_app(
            {
                "TESTING": True,
                "INSTANCE_PATH": str(tmp_path / "instance"),
                "DATABASE_URL": database_url,
                "SECRET_KEY": "test-secret-key",
                **settings,
            }
        )
        app.test_client_class = CheckingClient
        made.append(app)
        return app

    yield make
    from kiosk.extensions import db

    for app in made:
        with app.app_context():
            with db.engine.begin() as connection:
                for table in reversed(Base.metadata.sorted_tables):
                    connection.execute(table.delete())
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def resident(client):
    return Resident(client)


@pytest.fixture
def staff_client(app, runner):
    """`staff_client("admin")`: a new browser signed in as a new member of staff."""
    from .support import PASSWORD, sign_in

    def signed_in(role="clerk", email=None, name=None):
        email = email or f"{role}@example.gov"
        args = ["users", "create", email, "--role", role] + (["--name", name] if name else [])
        result = runner.invoke(args=args, env={"KIOSK_NEW_USER_PASSWORD": PASSWORD})
        assert result.exit_code == 0, result.output
        client = app.test_client()
        sign_in(client, email)
        return client

    return signed_in


@pytest.fixture
def db_session(app):
    """A session of the test's own, separate from the app's, to see what was stored."""
    from sqlalchemy.orm import Session

    from kiosk.extensions import db

    with app.app_context():
        engine = db.engine
    with Session(engine) as session:
        yield session


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3-compatible server (moto in server mode) for the whole test session."""
    from .s3_server import s3_server

    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3_settings(s3_endpoint, monkeypatch):
    """Settings for S3 storage in a new, empty bucket; `client` to look inside it."""
    import uuid

    from .s3_server import CREDENTIALS

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"kiosk-{uuid.uuid4().hex[:12]}"
    import boto3

    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    return {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "us-east-1",
        "S3_PREFIX": "uploads/",
        "client": client,
    }
