"""The project's store: SQLAlchemy 2 over SQLite by default, any database by URL (PostgreSQL too).

One repository per concern, held by a `Store` that opens the database once:
- `store.queue` (`queue.RunQueue`): articles and the durable queue of their runs, results included;
- `store.calls` (`calls.ModelCalls`): the model-call log, the response cache, servers' output modes;
- `store.reports` (`reports.Reports`): what briefs and the API read;
- `store.keys` (`keys.ApiKeys`): API keys;
- `store.changes` (`changes.Changes`): the change marker (a revision bumped with each save of runs).
The tables are in `tables` (the schema itself is owned by the Alembic migrations in
`briefs/migrations`, applied on open by `engine.connect`).
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from briefs.store.calls import ModelCalls
from briefs.store.changes import Changes
from briefs.store.engine import connect, default_database_url, display_url, without_password
from briefs.store.keys import ApiKeys
from briefs.store.queue import (
    Claimed,
    Finished,
    Ingested,
    NewArticle,
    Recovery,
    RunConfig,
    RunQueue,
    claim_statement,
    worker_id,
)
from briefs.store.reports import IncidentFilters, ReportRow, Reports, StoredReport, paused_gc
from briefs.store.tables import (
    ApiKey,
    Article,
    Base,
    CachedResponse,
    ExtractionRow,
    IncidentRow,
    ModelCall,
    OutputMode,
    Run,
    RunStatus,
)
from briefs.store.trusted import trusted

__all__ = [
    "ApiKey",
    "ApiKeys",
    "Article",
    "Base",
    "CachedResponse",
    "Changes",
    "Claimed",
    "ExtractionRow",
    "Finished",
    "IncidentFilters",
    "IncidentRow",
    "Ingested",
    "ModelCall",
    "ModelCalls",
    "NewArticle",
    "OutputMode",
    "Recovery",
    "ReportRow",
    "Reports",
    "Run",
    "RunConfig",
    "RunQueue",
    "RunStatus",
    "Store",
    "StoredReport",
    "claim_statement",
    "default_database_url",
    "display_url",
    "paused_gc",
    "trusted",
    "without_password",
    "worker_id",
]


class Store:
    """A handle on the database and its repositories; safe to share between threads. Opening it
    (`Store(url)`, default BRIEFS_DATABASE_URL's default: a SQLite file in the user's data directory)
    creates and migrates the database when needed, or raises `StoreError` saying why not."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_database_url()
        self.engine: Engine = connect(url)
        sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.sessions = sessions
        self.queue = RunQueue(self.engine, sessions)
        self.calls = ModelCalls(sessions)
        self.reports = Reports(self.engine, sessions)
        self.keys = ApiKeys(sessions)
        self.changes = Changes(self.engine)  # the change marker caches of briefs follow

    def close(self) -> None:
        self.engine.dispose()

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
