"""the store's change marker: one revision row, and the event dates each revision changed

Revision ID: 0004_change_marker
Revises: 0003_incident_merge_columns
Create Date: 2026-11-30 14:45:00

A cache of briefs reads the revision (one row) instead of counting every run, and the dates that
changed since the revision it saw (briefs.store.changes). The store's earlier runs file no dates:
a cache's first reading of the marker drops all it holds anyway.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_change_marker"
down_revision: str | Sequence[str] | None = "0003_incident_merge_columns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(  # its one row is made by the first save (an empty table: a store holding nothing yet)
        "store_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "changed_dates",
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("revision", "event_date"),
    )


def downgrade() -> None:
    op.drop_table("changed_dates")
    op.drop_table("store_revision")
