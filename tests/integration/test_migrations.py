"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk.extensions import db
from kiosk.migrations import include_object
from kiosk.models import Base


def test_migrations_match_the_models(app):
    with app.app_context():
        engine = db.engine
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_on_postgresql_the_inbox_name_search_can_use_its_trigram_index(app, database_url):
    """The trigram index (migrations 0012, 0013) matches the query the inbox sends."""
    import datetime as dt

    import pytest
    from sqlalchemy import event, text

    from kiosk.services.inbox import InboxQuery, inbox

    if not database_url.startswith("postgresql"):
        pytest.skip("the trigram index exists on PostgreSQL only")
    with app.app_context():
        engine = db.engine
        sent = []

        def remember(connection, cursor, statement, parameters, context, executemany):
            if "submissions.search_name LIKE" in statement:
                sent.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", remember)
        try:
            inbox(db.session, InboxQuery(search="Amira Haddad"), dt.date.today())
        finally:
            event.remove(engine, "before_cursor_execute", remember)
        statement, parameters = sent[0]
        with engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))  # a test table is tiny
            plan = connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars()
            assert any("ix_submissions_search_name_trigrams" in line for line in plan)


def test_without_pg_trgm_the_migrations_still_run(database_url, caplog):
    """A database user who may not create extensions gets every table, and a warning
    that the name search will scan instead of the trigram index."""
    import secrets

    import pytest
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from kiosk.migrations import upgrade

    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    server = make_url(database_url)
    name, role = f"kiosk_limited_{secrets.token_hex(4)}", f"kiosk_user_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))  # owned by the admin
        connection.execute(text(f'REVOKE CREATE ON DATABASE "{name}" FROM PUBLIC'))
    inside = create_engine(server.set(database=name), isolation_level="AUTOCOMMIT")
    with inside.connect() as connection:  # tables yes (the schema), extensions no
        connection.execute(text(f'GRANT CREATE, USAGE ON SCHEMA public TO "{role}"'))
    inside.dispose()
    limited = create_engine(server.set(database=name, username=role, password=None))
    try:
        with caplog.at_level("WARNING"):
            upgrade(limited)
        assert "pg_trgm could not be created" in caplog.text
        with limited.connect() as connection:
            indexes = set(
                connection.execute(
                    text("SELECT indexname FROM pg_indexes WHERE tablename = 'submissions'")
                ).scalars()
            )
            assert "ix_submissions_pdf_status" in indexes  # made before 0012
            assert "ix_submissions_search_name_trigrams" not in indexes
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar() == "0013"
    finally:
        limited.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


def test_migration_0013_folds_the_names_of_earlier_submissions(tmp_path):
    """Submissions made before 0013 are found without accents too."""
    import datetime as dt

    from sqlalchemy import create_engine, text

    from kiosk.migrations import upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'before.sqlite3'}")
    upgrade(engine, "0012")
    now = dt.datetime(2026, 11, 2, 10, 0)
    with engine.begin() as connection:
        for number, name in enumerate(["José Martínez Núñez", "Nguyễn Văn Đức", ""]):
            connection.execute(
                text(
                    "INSERT INTO submissions (reference, draft_id, form_slug, form_version,"
                    " language, channel, answers, declaration, status, resident_name,"
                    " started_at, submitted_at, due_on, documents_in_person, pdf_status)"
                    " VALUES (:reference, :draft, 'records-request', 1, 'es', 'home', '{}',"
                    " '{}', 'received', :name, :now, :now, '2026-11-30', '[]', 'ready')"
                ),
                {"reference": f"FOI-TEST-000{number}", "draft": f"d{number}", "name": name,
                 "now": now},
            )  # fmt: skip
    upgrade(engine)
    with engine.connect() as connection:
        folded = connection.execute(
            text("SELECT search_name FROM submissions ORDER BY id")
        ).scalars()
        assert list(folded) == ["jose martinez nunez", "nguyen van duc", ""]
    engine.dispose()
