"""an index on submissions.pdf_status: every admin page counts the failed PDFs

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 04:30:00
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_submissions_pdf_status", "submissions", ["pdf_status"])


def downgrade() -> None:
    op.drop_index("ix_submissions_pdf_status", table_name="submissions")
