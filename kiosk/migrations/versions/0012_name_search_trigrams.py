"""on PostgreSQL, a trigram index for the inbox's name search

The inbox finds residents by any part of their name (`lower(resident_name) LIKE
'%…%'`), which scans the whole table: 35-60 ms at 100,000 submissions. A GIN index of
trigrams (the `pg_trgm` extension, shipped with PostgreSQL and trusted since 13) answers
it in about a millisecond. Where the extension cannot be created (not installed, or the
database user may not), the migration says so and the search keeps scanning. The
index is not in the models (it exists on PostgreSQL only): `INDEXES_OUTSIDE_THE_MODELS`.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 07:00:00
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    try:
        with connection.begin_nested():
            connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as error:
        log.warning(
            "pg_trgm could not be created (%s): the inbox's name search will scan the table",
            str(error.orig).strip().splitlines()[0],
        )
        return
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_submissions_name_trigrams "
        "ON submissions USING gin (lower(resident_name) gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_submissions_name_trigrams")
