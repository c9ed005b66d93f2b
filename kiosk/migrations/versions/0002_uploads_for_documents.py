"""uploads answer document requirements; uploads indexed by draft

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("uploads", sa.Column("document_id", sa.String(length=60), nullable=True))
    op.create_index("ix_uploads_draft_id", "uploads", ["draft_id"])


def downgrade() -> None:
    op.drop_index("ix_uploads_draft_id", table_name="uploads")
    op.drop_column("uploads", "document_id")
