"""The store's schema, as Alembic migrations (`versions/`), applied when a Store opens.

A migration is all or nothing: on PostgreSQL DDL is transactional; on SQLite it runs on a connection
where pysqlite's own transaction handling is off (it would commit each CREATE TABLE on its own) and
one `BEGIN IMMEDIATE` … COMMIT holds the whole upgrade, version row included (SQLAlchemy's recipe,
"Serializable isolation / Savepoints / Transactional DDL" in its SQLite dialect docs). A store that
an older version left half-created (tables, no version) is rebuilt when those tables hold nothing,
and otherwise named with the command that fixes it.

To change the schema: edit the tables in `briefs/store/tables.py`, then
`.venv/bin/alembic -c briefs/migrations/alembic.ini revision --autogenerate -m "what changed"`
(with BRIEFS_DATABASE_URL pointing at a database at head), and review the generated file.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from briefs.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent
# The latest revision in versions/ (a test holds it to alembic's own head): a store that records it
# opens with one plain query, without importing alembic (a third of a command's start-up).
HEAD = "0004_change_marker"
_lock = threading.Lock()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


@functools.cache
def head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def recorded(engine: Engine) -> str | None:
    """The one revision the store's version table holds, read with plain SQL; None when there is no
    such table or it does not hold exactly one."""
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:  # no version table: a new or half-created store
        return None
    return rows[0][0] if len(rows) == 1 else None


def upgrade(engine: Engine) -> None:
    """Bring the database to the latest schema, in one transaction; a no-op (one query, no alembic)
    when it is there already."""
    if recorded(engine) == HEAD:
        return
    from alembic import command

    with _lock, _migration_engine(engine) as migrating, migrating.begin() as connection:
        # Inside the transaction (on SQLite it holds the write lock): another process may have
        # migrated meanwhile, and alembic reads the version again itself.
        _repair_half_created(connection)
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _migration_engine(engine: Engine) -> Iterator[Engine]:
    """On SQLite files, an engine of its own whose transactions are ours: pysqlite's implicit
    BEGIN/COMMIT off, `BEGIN IMMEDIATE` emitted when SQLAlchemy begins. Elsewhere, the engine."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        yield engine
        return
    migrating = create_engine(engine.url, poolclass=NullPool)

    @event.listens_for(migrating, "connect")
    def _no_implicit_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @event.listens_for(migrating, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        yield migrating
    finally:
        migrating.dispose()


def _repair_half_created(connection) -> None:
    """Tables with no version row: what an older version left when killed during its first
    migration (it committed each CREATE TABLE on its own). Empty, they are dropped and the migration
    makes them again; holding rows, they are named, with the command that fixes it."""
    from alembic.runtime.migration import MigrationContext

    if MigrationContext.configure(connection).get_current_revision() is not None:
        return
    from briefs.store.tables import Base  # the store imports this module when it opens

    own = [table.name for table in Base.metadata.sorted_tables]  # parents first
    present = [name for name in own if inspect(connection).has_table(name)]
    if not present:
        return
    holding = [
        name for name in present if connection.execute(text(f"SELECT 1 FROM {name} LIMIT 1")).first() is not None
    ]
    if holding:
        raise StoreError(
            f"the store has tables ({', '.join(present)}) but no schema version, and {', '.join(holding)} hold rows: "
            f"if they are the current schema, record that with "
            f"`BRIEFS_DATABASE_URL=… alembic -c {HERE / 'alembic.ini'} stamp head`; otherwise move the store aside"
        )
    for name in reversed(present):  # children first
        connection.execute(text(f"DROP TABLE {name}"))
