"""output modes per model server; model calls say how they ended and where they went

Revision ID: 0002_output_modes
Revises: 0001
Create Date: 2026-11-30 06:45:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_output_modes"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "output_modes",
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("base_url"),
    )
    with op.batch_alter_table("model_calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("error_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("finish_reason", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("base_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("output_mode", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("model_calls", schema=None) as batch_op:
        batch_op.drop_column("output_mode")
        batch_op.drop_column("base_url")
        batch_op.drop_column("finish_reason")
        batch_op.drop_column("error_kind")
    op.drop_table("output_modes")
