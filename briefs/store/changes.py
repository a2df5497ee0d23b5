"""The store's change marker, for caches of what is built from it (the API's briefs).

`store_revision` holds one number, bumped in the same transaction as each save of finished runs
(`record`, called by `RunQueue.finish`), and `changed_dates` the event dates that save may have
changed, under the revision that made them: the dates of every incident of any run of the saved
articles (the current one and those it replaced). A cache reads the marker with one primary-key
lookup (`marker`) and, when it moved, what changed since with one index range (`dates_since`).

Exact, with no clock involved: the bump is an upsert of the one row (made by the first save, so a
store that holds nothing has no row), so on PostgreSQL a second saver waits on its row lock until
the first commits, and revisions become visible in their order
(on SQLite writers are serialized anyway). A reader that saw revision n has seen every change up to
n, and a revision it has not seen yet holds every date it did not see. Rows from before this table
existed are no one's: a cache's first reading drops everything it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, insert, literal, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from briefs.store.tables import Base, IncidentRow, table_of

_ROW = 1  # the one row of store_revision


class StoreRevision(Base):
    __tablename__ = "store_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)


class ChangedDate(Base):
    __tablename__ = "changed_dates"

    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_date: Mapped[date] = mapped_column(Date, primary_key=True)


def record(session: Session, article_hashes: Sequence[str]) -> None:
    """Bump the revision and file the event dates of every incident of `article_hashes` under it, in the
    caller's transaction (after its incidents are written)."""
    bump = (
        _upsert(session)
        .values(id=_ROW, revision=1)
        .on_conflict_do_update(index_elements=[StoreRevision.id], set_={"revision": StoreRevision.revision + 1})
        .returning(StoreRevision.revision)
    )
    revision = session.execute(bump).scalar_one()
    if article_hashes:
        dates = select(literal(revision), IncidentRow.event_date).where(IncidentRow.article_hash.in_(article_hashes))
        session.execute(
            insert(table_of(ChangedDate)).from_select(["revision", "event_date"], dates.distinct()),
        )


def _upsert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL, the two we support)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(StoreRevision)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(StoreRevision)


class Changes:
    """What a cache reads: the marker, and the dates changed since one it saw."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def marker(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(StoreRevision.revision).where(StoreRevision.id == _ROW)) or 0

    def dates_since(self, revision: int) -> set[date]:
        """The event dates changed by the revisions after `revision`."""
        with self.engine.connect() as connection:
            return set(connection.scalars(select(ChangedDate.event_date).where(ChangedDate.revision > revision)))
