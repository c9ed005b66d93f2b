"""the sealed PDF of each submission: status, storage key, hash

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(
            sa.Column("pdf_status", sa.String(length=16), nullable=False, server_default="pending")
        )
        batch.add_column(sa.Column("pdf_key", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("pdf_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("pdf_size", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("pdf_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("pdf_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("pdf_ready_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        for column in (
            "pdf_ready_at",
            "pdf_error",
            "pdf_attempts",
            "pdf_size",
            "pdf_sha256",
            "pdf_key",
            "pdf_status",
        ):
            batch.drop_column(column)
