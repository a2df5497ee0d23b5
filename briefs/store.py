"""The project's store: SQLAlchemy 2 over SQLite by default, any database by URL (PostgreSQL too).

This first part holds what the LLM extractor needs: the log of every model call and the
content-addressed response cache. Articles, runs and incidents join it later, in the same database.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import JSON, DateTime, Float, Integer, String, Text, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


def default_database_url() -> str:
    """A SQLite file under the user's data directory (shown by `briefs config`)."""
    directory = Path(user_data_dir("briefs", appauthor=False))
    return f"sqlite:///{directory / 'briefs.db'}"


def content_hash(*parts: Any) -> str:
    """SHA-256 over a canonical JSON encoding of the parts."""
    encoded = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


class Base(DeclarativeBase):
    pass


class ModelCall(Base):
    """One request to a model: what was sent, what came back, what it cost, how it ended."""

    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(UTC))
    article_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    model: Mapped[str] = mapped_column(String(200))
    prompt_id: Mapped[str | None] = mapped_column(String(100))
    prompt_hash: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(20))  # extract | reask | repair
    attempt: Mapped[int] = mapped_column(Integer)
    messages: Mapped[list] = mapped_column(JSON)
    raw_response: Mapped[str | None] = mapped_column(Text)
    parsed: Mapped[Any | None] = mapped_column(JSON)
    input_tokens: Mapped[int | None] = mapped_column(Integer)
    output_tokens: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    cached: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text)


class CachedResponse(Base):
    """A model's raw reply, keyed by model, prompt hash, input hash and parameters."""

    __tablename__ = "response_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    prompt_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(UTC))
    raw_response: Mapped[str] = mapped_column(Text)
    input_tokens: Mapped[int | None] = mapped_column(Integer)
    output_tokens: Mapped[int | None] = mapped_column(Integer)


class Store:
    """A handle on the database; cheap to create, safe to share between threads."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_database_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def log_call(self, **fields: Any) -> ModelCall:
        call = ModelCall(**fields)
        with self.sessions.begin() as session:
            session.add(call)
        return call

    def calls(self, article_hash: str | None = None) -> list[ModelCall]:
        query = select(ModelCall).order_by(ModelCall.id)
        if article_hash is not None:
            query = query.where(ModelCall.article_hash == article_hash)
        with self.sessions() as session:
            return list(session.scalars(query))

    def cached(self, key: str) -> CachedResponse | None:
        with self.sessions() as session:
            return session.get(CachedResponse, key)

    def cache(self, key: str, **fields: Any) -> None:
        with self.sessions.begin() as session:
            session.merge(CachedResponse(key=key, **fields))


def _sqlite_pragmas(connection, _record) -> None:
    # WAL lets readers and one writer work at once; the busy timeout makes writers wait, not fail.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
