"""The store's schema, as Alembic migrations (`versions/`), applied when a Store opens.

To change the schema: edit the tables in `briefs/store.py`, then
`.venv/bin/alembic -c briefs/migrations/alembic.ini revision --autogenerate -m "what changed"`
(with BRIEFS_DATABASE_URL pointing at a database at head), and review the generated file.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent
_lock = threading.Lock()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the latest schema; a no-op (one query) when it is there already."""
    if current(engine) == head():
        return
    with _lock, engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
