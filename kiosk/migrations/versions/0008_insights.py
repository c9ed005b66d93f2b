"""insights: journey events, survey responses, and the drafts' journey token

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("journey", sa.String(32), nullable=True))
    op.create_table(
        "journey_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("journey", sa.String(32), nullable=False),
        sa.Column("form_slug", sa.String(60), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("page_id", sa.String(60), nullable=True),
        sa.Column("field_id", sa.String(60), nullable=True),
        sa.Column("document_id", sa.String(60), nullable=True),
        sa.Column("elapsed_seconds", sa.Integer(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
    )
    op.create_index("ix_journey_events_form_day", "journey_events", ["form_slug", "occurred_on"])
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("form_slug", sa.String(60), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("moment", sa.String(16), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
    )
    op.create_index(
        "ix_survey_responses_form_day", "survey_responses", ["form_slug", "answered_on"]
    )


def downgrade() -> None:
    op.drop_table("survey_responses")
    op.drop_table("journey_events")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("journey")
