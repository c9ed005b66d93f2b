"""Alembic migrations and the helper that applies them."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from kiosk import paths


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(paths.MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to `revision`; safe to run on every start."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def include_object(item, name, kind, reflected, compare_to) -> bool:
    """For autogenerate: leave alone what a migration made on one database only."""
    from kiosk.models import INDEXES_OUTSIDE_THE_MODELS

    return not (kind == "index" and name in INDEXES_OUTSIDE_THE_MODELS)
