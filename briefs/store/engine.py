"""Opening the store: the one place that turns a URL into a migrated SQLAlchemy engine."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from briefs.errors import StoreError


def default_database_url() -> str:
    """A SQLite file under the user's data directory (shown by `briefs config`)."""
    from platformdirs import user_data_dir  # only for the default store: a given URL needs no directory

    directory = Path(user_data_dir("briefs", appauthor=False))
    return f"sqlite:///{directory / 'briefs.db'}"


def display_url(url: str | None) -> str:
    """A database URL fit to print: the password masked (SQLAlchemy's render_as_string)."""
    if not url:
        return f"{default_database_url()} (default)"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy reads: mask what sits where a password would
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def without_password(message: str, url: str | None) -> str:
    """`message` (a driver's error, say) with the URL's password, if it has one, masked."""
    try:
        password = make_url(url).password if url else None
    except Exception:  # noqa: BLE001
        password = None
    message = message.replace(url, display_url(url)) if url else message
    return message.replace(str(password), "***") if password else message


def connect(url: str | None) -> Engine:
    """An engine on `url` (default: a SQLite file in the user's data directory; psycopg 3, the driver
    we install, for a bare postgresql:// URL), its schema brought to the latest migration. Raises
    `StoreError` naming the URL (password masked) and why, when it cannot."""
    from briefs.migrations import upgrade

    target = url or default_database_url()
    if target.startswith(("postgresql://", "postgres://")):
        target = "postgresql+psycopg://" + target.split("://", 1)[1]
    try:
        if target.startswith("sqlite:///") and target != "sqlite:///:memory:":
            Path(target.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(target)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        upgrade(engine)
    except Exception as error:  # noqa: BLE001 - a bad URL, an unreachable server, a store to move aside
        raise StoreError(f"cannot open the store at {display_url(url)}: {without_password(str(error), url)}") from None
    return engine


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    # WAL lets readers and one writer work at once; the busy timeout makes writers wait, not fail.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
