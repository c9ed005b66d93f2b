"""documents a resident will hand to a clerk instead of uploading

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 17:10:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    for table in ("drafts", "submissions"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("documents_in_person", JSON, nullable=False, server_default="[]")
            )


def downgrade() -> None:
    for table in ("drafts", "submissions"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("documents_in_person")
