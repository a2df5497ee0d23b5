"""The model-call log and what it lets later calls skip: the response cache and each model server's
accepted structured-output mode. What the LLM extractor is given to record and reuse its calls."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from briefs.store.tables import CachedResponse, ModelCall, OutputMode


class ModelCalls:
    """The `model_calls`, `response_cache` and `output_modes` tables."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def log(self, **fields: Any) -> ModelCall:
        """One call (the columns of `ModelCall` as keywords), in a transaction of its own."""
        call = ModelCall(**fields)
        with self.sessions.begin() as session:
            session.add(call)
        return call

    def log_many(self, rows: Sequence[dict[str, Any]]) -> None:
        """Several calls in one transaction: the LLM extractor writes the calls that end together as a
        group (one commit instead of one each)."""
        with self.sessions.begin() as session:
            # A bulk INSERT of the dicts: no ORM object per row to build and track (a third of the write's CPU).
            session.execute(insert(ModelCall), list(rows))

    def logged(self, article_hash: str | None = None) -> list[ModelCall]:
        """The calls made (for one article, or all), oldest first."""
        query = select(ModelCall).order_by(ModelCall.id)
        if article_hash is not None:
            query = query.where(ModelCall.article_hash == article_hash)
        with self.sessions() as session:
            return list(session.scalars(query))

    def cached_reply(self, key: str) -> CachedResponse | None:
        with self.sessions() as session:
            return session.get(CachedResponse, key)

    def cache_reply(self, key: str, **fields: Any) -> None:
        """Keep a reply under `key` (the columns of `CachedResponse` as keywords), replacing any."""
        with self.sessions.begin() as session:
            session.merge(CachedResponse(key=key, **fields))

    def output_mode(self, base_url: str) -> str | None:
        with self.sessions() as session:
            row = session.get(OutputMode, base_url)
            return row.mode if row else None

    def remember_output_mode(self, base_url: str, mode: str) -> None:
        with self.sessions.begin() as session:
            session.merge(OutputMode(base_url=base_url, mode=mode))
