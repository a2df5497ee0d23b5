"""incidents carry what the merge compares: place name, time and geo precision, main parties

Revision ID: 0003_incident_merge_columns
Revises: 0002_output_modes
Create Date: 2026-11-30 12:20:00

A brief groups its reports from these columns and reads an incident's JSON only where it shows or
lists it whole. The rows already stored get them from their JSON here, in batches.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_incident_merge_columns"
down_revision: str | Sequence[str] | None = "0002_output_modes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2_000
MAIN_ROLES = ("actor1", "actor2")

incidents = sa.table(
    "incidents",
    sa.column("id", sa.Integer),
    sa.column("data", sa.JSON),
    sa.column("place", sa.Text),
    sa.column("time_precision", sa.Integer),
    sa.column("geo_precision", sa.Integer),
    sa.column("parties", sa.Integer),
)


def merge_columns(data: dict) -> dict:
    """The columns from an incident's stored JSON, as `briefs.store.tables.incident_columns` makes
    them from the model (parties: bit n set when actor1 or actor2 has ACLED inter code n)."""
    parties = 0
    for actor in data["actors"]:
        if actor["role"] in MAIN_ROLES:
            parties |= 1 << actor["inter"]
    location = data["location"]
    return {
        "place": location["name_en"],
        "time_precision": data["time_precision"],
        "geo_precision": location["geo_precision"],
        "parties": parties,
    }


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("place", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("time_precision", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("geo_precision", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("parties", sa.Integer(), server_default="0", nullable=False))
    connection = op.get_bind()
    fill = (
        incidents.update()
        .where(incidents.c.id == sa.bindparam("row"))
        .values(
            place=sa.bindparam("place"),
            time_precision=sa.bindparam("time_precision"),
            geo_precision=sa.bindparam("geo_precision"),
            parties=sa.bindparam("parties"),
        )
    )
    last = 0
    while True:
        query = sa.select(incidents.c.id, incidents.c.data).where(incidents.c.id > last).order_by(incidents.c.id)
        rows = connection.execute(query.limit(BATCH)).all()
        if not rows:
            return
        connection.execute(fill, [{"row": row_id, **merge_columns(data)} for row_id, data in rows])
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("parties")
        batch_op.drop_column("geo_precision")
        batch_op.drop_column("time_precision")
        batch_op.drop_column("place")
