"""names searched without case or accents: submissions.search_name

The inbox found "José Martínez" only by "josé", not "jose". Each submission keeps its
name folded for searching (`kiosk.services.names.search_key`), filled here for the
submissions already made; on PostgreSQL the trigram index of migration 0012 moves from
`lower(resident_name)` to this column (where `pg_trgm` exists).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 09:45:00
"""

import sqlalchemy as sa
from alembic import op

from kiosk.services.names import search_key

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("submissions") as table:
        table.add_column(
            sa.Column("search_name", sa.String(200), nullable=False, server_default="")
        )
    connection = op.get_bind()
    submissions = sa.table(
        "submissions",
        sa.column("id", sa.Integer),
        sa.column("resident_name", sa.String),
        sa.column("search_name", sa.String),
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(submissions.c.id, submissions.c.resident_name)
            .where(submissions.c.id > last)
            .order_by(submissions.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            submissions.update()
            .where(submissions.c.id == sa.bindparam("row_id"))
            .values(search_name=sa.bindparam("key")),
            [{"row_id": row.id, "key": search_key(row.resident_name)} for row in rows],
        )
        last = rows[-1].id
    if connection.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_submissions_name_trigrams")
        has_trigrams = connection.execute(
            sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        ).scalar()
        if has_trigrams:
            op.execute(
                "CREATE INDEX IF NOT EXISTS ix_submissions_search_name_trigrams "
                "ON submissions USING gin (search_name gin_trgm_ops)"
            )


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_submissions_search_name_trigrams")
        if connection.execute(
            sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        ).scalar():
            op.execute(
                "CREATE INDEX IF NOT EXISTS ix_submissions_name_trigrams "
                "ON submissions USING gin (lower(resident_name) gin_trgm_ops)"
            )
    with op.batch_alter_table("submissions") as table:
        table.drop_column("search_name")
