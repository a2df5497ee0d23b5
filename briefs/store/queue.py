"""Articles and the durable queue of their runs: ingestion, claims with leases, results.

A run is the unit of work: one per article and extractor configuration, pending → running (claimed by
a worker, with a lease) → done or failed (with its error). Workers claim with `FOR UPDATE SKIP
LOCKED` on PostgreSQL; on SQLite the claiming UPDATE is one atomic statement.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import DateTime, String, Table, bindparam, func, literal, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker
from sqlalchemy.sql.dml import Update

from briefs.domain import ExtractionResult
from briefs.store.changes import record as record_change
from briefs.store.tables import (
    RUN_STATUS,
    Article,
    ExtractionRow,
    IncidentRow,
    Run,
    RunStatus,
    incident_columns,
    now,
    rowcount,
    table_of,
)


@dataclass(frozen=True, slots=True)
class RunConfig:
    """What processes an article: the extractor, and for the LLM the model and prompt."""

    extractor: str  # lexicon | llm
    model: str | None = None
    prompt_id: str | None = None

    @property
    def key(self) -> str:
        return "lexicon" if self.extractor == "lexicon" else f"{self.model}|{self.prompt_id}"


@dataclass(frozen=True, slots=True)
class NewArticle:
    article_hash: str
    external_id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_at: date | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Ingested:
    new: set[str]  # the article hashes this ingest stored (the others were stored before)
    queue: dict[str, int]  # runs queued / skipped, by reason


@dataclass(frozen=True, slots=True)
class Recovery:
    queued: int  # articles that had no run and got one
    released: int  # runs taken back from dead local workers


@dataclass(frozen=True, slots=True)
class Claimed:
    run_id: int
    article: Article


@dataclass(frozen=True, slots=True)
class Finished:
    """A run's outcome, saved by `RunQueue.finish`: a result, or the error that stopped it."""

    run_id: int
    duration_ms: float
    result: ExtractionResult | None = None
    error: str | None = None
    failure_kind: str | None = None  # a briefs.errors.ModelFailure when the model service failed (not stored)


def worker_id() -> str:
    """host:pid:random, so a dead local worker's claims can be recognised and taken back."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _local_worker_dead(worker: str) -> bool:
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _empty_tally() -> dict[str, int]:
    return {"queued": 0, RunStatus.DONE: 0, RunStatus.FAILED: 0, "in progress": 0}


class RunQueue:
    """The `articles` and `runs` tables (and the results a finished run writes)."""

    def __init__(self, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self.engine, self.sessions = engine, sessions

    # ---- ingestion -------------------------------------------------------------------------------

    def ingest(self, articles: Sequence[NewArticle], config: RunConfig, *, force: bool = False) -> Ingested:
        """Store the articles not stored yet (by hash) and queue a run of `config` for each, in one
        transaction: an article is never stored without its run. `new` holds the hashes this call
        inserted (INSERT … ON CONFLICT DO NOTHING RETURNING), so of concurrent ingests of one text
        exactly one reports it new."""
        unique = list({a.article_hash: a for a in articles}.values())
        if not unique:
            return Ingested(set(), _empty_tally())
        created = now()
        with self.sessions.begin() as session:
            new = self._insert_ignore(
                session,
                table_of(Article),
                [
                    {
                        "hash": a.article_hash,
                        "external_id": a.external_id,
                        "text": a.text,
                        "title": a.title,
                        "outlet": a.outlet,
                        "url": a.url,
                        "published_at": a.published_at,
                        "origin": a.origin,
                        "created_at": created,
                    }
                    for a in unique
                ],
                ["hash"],
                returning=Article.article_hash,
            )
            queue = self._enqueue(session, [a.article_hash for a in unique], config, force)
        return Ingested(new, queue)

    def enqueue(self, article_hashes: Iterable[str], config: RunConfig, *, force: bool = False) -> dict[str, int]:
        """Make a pending run of `config` for each stored article (another extractor on articles
        already in the store). Returns how many runs were queued and skipped, by reason."""
        with self.sessions.begin() as session:
            return self._enqueue(session, list(dict.fromkeys(article_hashes)), config, force)

    def _enqueue(self, session: Session, article_hashes: list[str], config: RunConfig, force: bool) -> dict[str, int]:
        """Articles already done or failed under `config` are skipped unless `force` (`retry_failed`
        requeues failures alone). The INSERT comes first: on SQLite it takes the write lock at once."""
        tally = _empty_tally()
        queued_at = now()
        queued = self._insert_ignore(
            session,
            table_of(Run),
            [
                {
                    "article_hash": h,
                    "config_key": config.key,
                    "extractor": config.extractor,
                    "model": config.model,
                    "prompt_id": config.prompt_id,
                    "status": RunStatus.PENDING,
                    "tries": 0,
                    "queued_at": queued_at,
                }
                for h in article_hashes
            ],
            ["article_hash", "config_key"],
            returning=Run.article_hash,
        )
        tally["queued"] += len(queued)
        rest = [h for h in article_hashes if h not in queued]
        if rest:
            for run in session.scalars(select(Run).where(Run.config_key == config.key, Run.article_hash.in_(rest))):
                if force and run.status.finished:
                    run.status, run.error, run.worker, run.lease_until = RunStatus.PENDING, None, None, None
                    run.queued_at = queued_at
                    tally["queued"] += 1
                elif run.status.finished:
                    tally[run.status] += 1
                else:
                    tally["in progress"] += 1
        return tally

    def recover(self, config: RunConfig) -> Recovery:
        """What a start repairs: every article with no run at all (left by a version that stored an
        article and its run in two transactions) gets a pending run of `config`, and the runs claimed
        by dead local processes go back to the queue."""
        orphans = select(
            Article.article_hash,
            literal(config.key),
            literal(config.extractor),
            literal(config.model, String),
            literal(config.prompt_id, String),
            literal(RunStatus.PENDING, RUN_STATUS),
            literal(0),
            literal(now(), DateTime(timezone=True)),
        ).where(~select(Run.id).where(Run.article_hash == Article.article_hash).exists())
        columns = ["article_hash", "config_key", "extractor", "model", "prompt_id", "status", "tries", "queued_at"]
        with self.sessions.begin() as session:
            result = session.execute(
                self._dialect_insert(table_of(Run))
                .from_select(columns, orphans)
                .on_conflict_do_nothing(index_elements=["article_hash", "config_key"])
            )
        return Recovery(queued=max(rowcount(result), 0), released=self.release_dead_workers())

    # ---- workers -----------------------------------------------------------------------------------

    def heartbeat(self, worker: str, lease_seconds: float) -> int:
        """Extend the lease of every run `worker` holds: a live worker keeps a long claim, a dead
        one's claims lapse within one lease."""
        with self.sessions.begin() as session:
            return rowcount(
                session.execute(
                    update(Run)
                    .where(Run.worker == worker, Run.status == RunStatus.RUNNING)
                    .values(lease_until=now() + timedelta(seconds=lease_seconds))
                )
            )

    def retry_failed(self, config: RunConfig | None = None) -> int:
        """Put failed runs (of `config`, or all) back in the queue; return how many."""
        query = (
            update(Run)
            .where(Run.status == RunStatus.FAILED)
            .values(status=RunStatus.PENDING, error=None, worker=None, lease_until=None)
        )
        if config is not None:
            query = query.where(Run.config_key == config.key)
        with self.sessions.begin() as session:
            return rowcount(session.execute(query))

    def release_dead_workers(self) -> int:
        """Put back the runs claimed by local workers that no longer exist (a killed `briefs run`)."""
        with self.sessions.begin() as session:
            stuck = session.execute(select(Run.id, Run.worker).where(Run.status == RunStatus.RUNNING)).all()
            dead = [run_id for run_id, worker in stuck if worker and _local_worker_dead(worker)]
            if dead:
                session.execute(
                    update(Run)
                    .where(Run.id.in_(dead), Run.status == RunStatus.RUNNING)
                    .values(status=RunStatus.PENDING, worker=None, lease_until=None)
                )
        return len(dead)

    def claim(
        self,
        worker: str,
        *,
        config: RunConfig | None = None,
        limit: int = 1,
        lease_seconds: float = 600,
        article_hashes: Sequence[str] | None = None,
    ) -> list[Claimed]:
        """Claim up to `limit` pending runs (or running ones whose lease expired) for `worker`.

        One UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING id: on
        PostgreSQL concurrent workers skip each other's rows; on SQLite the statement holds the write
        lock for its whole length. Either way no run is claimed twice.
        """
        with self.sessions.begin() as session:
            statement = claim_statement(
                worker, config=config, limit=limit, lease_seconds=lease_seconds, article_hashes=article_hashes
            )
            ids = list(session.scalars(statement))
            if not ids:
                return []
            rows = session.execute(
                select(Run.id, Article).join(Article, Article.article_hash == Run.article_hash).where(Run.id.in_(ids))
            ).all()
        return sorted((Claimed(run_id, article) for run_id, article in rows), key=lambda c: c.run_id)

    def finish(self, worker: str, outcomes: Sequence[Finished]) -> int:
        """Save finished runs in one transaction; a run whose claim `worker` lost is not saved.
        Returns how many were saved. A batch costs a handful of statements, not a few per run."""
        if not outcomes:
            return 0
        runs = table_of(Run)
        with self.sessions.begin() as session:
            # Take the write lock first (on SQLite), so no one can take these runs over while we save.
            owned: dict[int, str] = {
                run_id: article_hash
                for run_id, article_hash in session.execute(
                    update(Run)
                    .where(
                        Run.id.in_([o.run_id for o in outcomes]),
                        Run.worker == worker,
                        Run.status == RunStatus.RUNNING,
                    )
                    .values(lease_until=None)
                    .returning(Run.id, Run.article_hash)
                )
            }
            mine = [o for o in outcomes if o.run_id in owned]
            if not mine:
                return 0
            finished_at = now()
            session.execute(
                runs.update().where(runs.c.id == bindparam("run_id")),
                [
                    {
                        "run_id": o.run_id,
                        "status": RunStatus.DONE if o.result is not None else RunStatus.FAILED,
                        "finished_at": finished_at,
                        "duration_ms": o.duration_ms,
                        "error": o.error,
                    }
                    for o in mine
                ],
            )
            done = [(o.run_id, owned[o.run_id], o.result) for o in mine if o.result is not None]
            if done:
                _save_results(session, done)
                record_change(session, [article_hash for _, article_hash, _ in done])  # the cache's marker
        return len(mine)

    # ---- reading -------------------------------------------------------------------------------------

    def article(self, article_hash: str) -> Article | None:
        with self.sessions() as session:
            return session.get(Article, article_hash)

    def runs_of(self, article_hash: str) -> list[Run]:
        with self.sessions() as session:
            return list(session.scalars(select(Run).where(Run.article_hash == article_hash).order_by(Run.id)))

    def result_of(self, run_id: int) -> ExtractionResult | None:
        """The full result of a finished run, incidents included."""
        with self.sessions() as session:
            row = session.get(ExtractionRow, run_id)
            if row is None:
                return None
            incidents = list(
                session.scalars(
                    select(IncidentRow.data).where(IncidentRow.run_id == run_id).order_by(IncidentRow.position)
                )
            )
        return ExtractionResult.model_validate({**row.result, "incidents": incidents})

    def run_counts(self, config: RunConfig | None = None) -> dict[RunStatus, int]:
        query = select(Run.status, func.count()).group_by(Run.status)
        if config is not None:
            query = query.where(Run.config_key == config.key)
        with self.sessions() as session:
            return {status: n for status, n in session.execute(query)}

    def statuses(self, article_hashes: Sequence[str], config_key: str) -> dict[str, tuple[RunStatus, str | None]]:
        """(status, error) of each article's run under `config_key`."""
        query = select(Run.article_hash, Run.status, Run.error).where(
            Run.config_key == config_key, Run.article_hash.in_(list(article_hashes))
        )
        with self.sessions() as session:
            return {h: (status, error) for h, status, error in session.execute(query)}

    # ---- helpers -------------------------------------------------------------------------------------

    def _dialect_insert(self, table: Table) -> Any:
        """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL, the two we support)."""
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as postgresql_insert

            return postgresql_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)

    def _insert_ignore(
        self,
        session: Session,
        table: Any,
        rows: list[dict[str, Any]],
        conflict: list[str],
        *,
        returning: InstrumentedAttribute[str],
    ) -> set[str]:
        """INSERT … ON CONFLICT DO NOTHING: concurrent ingestion of one article stores it once.
        Returns the values of `returning` in the rows this statement inserted."""
        if not rows:
            return set()
        statement = self._dialect_insert(table).on_conflict_do_nothing(index_elements=conflict)
        return set(session.scalars(statement.returning(returning), rows))


def _save_results(session: Session, finished: list[tuple[int, str, ExtractionResult]]) -> None:
    """A finished run's extraction and incidents, and the article's current run pointed at it."""
    run_ids = [run_id for run_id, _, _ in finished]
    session.execute(table_of(IncidentRow).delete().where(IncidentRow.run_id.in_(run_ids)))
    session.execute(table_of(ExtractionRow).delete().where(ExtractionRow.run_id.in_(run_ids)))
    extractions, incidents = [], []
    created = now()
    for run_id, article_hash, result in finished:
        payload = result.model_dump(mode="json")
        dumped = payload.pop("incidents")
        extractions.append(
            {
                "run_id": run_id,
                "article_hash": article_hash,
                "result": payload,
                "flags": len(result.flags),
                "created_at": created,
            }
        )
        incidents += [
            {
                "run_id": run_id,
                "article_hash": article_hash,
                "position": i,
                **incident_columns(incident),
                "data": data,
            }
            for i, (incident, data) in enumerate(zip(result.incidents, dumped, strict=True))
        ]
    session.execute(table_of(ExtractionRow).insert(), extractions)
    if incidents:
        session.execute(table_of(IncidentRow).insert(), incidents)
    articles = table_of(Article)
    session.execute(
        articles.update().where(articles.c.hash == bindparam("article")).values(current_run_id=bindparam("run")),
        [{"article": article_hash, "run": run_id} for run_id, article_hash, _ in finished],
    )


def claim_statement(
    worker: str, *, config: RunConfig | None, limit: int, lease_seconds: float, article_hashes: Sequence[str] | None
) -> Update:
    """UPDATE runs … WHERE id IN (SELECT id … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING id."""
    claimed_at = now()
    claimable = (Run.status == RunStatus.PENDING) | ((Run.status == RunStatus.RUNNING) & (Run.lease_until < claimed_at))
    candidates = select(Run.id).where(claimable).order_by(Run.id).limit(limit).with_for_update(skip_locked=True)
    if config is not None:
        candidates = candidates.where(Run.config_key == config.key)
    if article_hashes is not None:
        candidates = candidates.where(Run.article_hash.in_(list(article_hashes)))
    return (
        update(Run)
        .where(Run.id.in_(candidates.scalar_subquery()))
        .values(
            status=RunStatus.RUNNING,
            worker=worker,
            lease_until=claimed_at + timedelta(seconds=lease_seconds),
            started_at=claimed_at,
            tries=Run.tries + 1,
        )
        .returning(Run.id)
    )
