"""Extensions, created here and bound to an app by `create_app` with `init_app`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


@dataclass
class _DatabaseState:
    engine: Engine
    reader: Engine
    sessions: sessionmaker[Session]


class Database:
    """One SQLAlchemy engine per app; one session per app context, closed at teardown."""

    def init_app(self, app: Flask) -> None:
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        options = {"echo": app.config.get("SQLALCHEMY_ECHO", False)}
        if not url.startswith("sqlite"):
            # A server may drop idle connections; a local SQLite file never does, and the
            # ping would cost every request a query.
            options["pool_pre_ping"] = True
        engine = create_engine(url, **options)
        reader = engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            reader = engine.execution_options(isolation_level="AUTOCOMMIT")
        app.extensions["kiosk.db"] = _DatabaseState(
            engine, reader, sessionmaker(engine, expire_on_commit=False)
        )
        app.teardown_appcontext(self._close)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["kiosk.db"].engine

    @property
    def reader(self) -> Engine:
        """The engine for a page that reads a row and changes nothing (a question page
        showing the draft). On a database server its connections run without a
        transaction: one round trip for the query instead of BEGIN, the query and the
        ROLLBACK when the connection goes back to the pool (0.56 -> 0.38 ms a read on
        loopback PostgreSQL). SQLite has no round trips to save and is the plain engine
        (switching a SQLite connection to autocommit costs more than it saves)."""
        return current_app.extensions["kiosk.db"].reader

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = current_app.extensions["kiosk.db"].sessions()
        return g.db_session

    @staticmethod
    def _close(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


db = Database()
babel = Babel()
csrf = CSRFProtect()
