"""failed sign-ins by network address, for rate limiting

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 20:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "failed_sign_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_failed_sign_ins_address_at", "failed_sign_ins", ["address", "at"])


def downgrade() -> None:
    op.drop_table("failed_sign_ins")
