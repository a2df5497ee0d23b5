"""The project's store: SQLAlchemy 2 over SQLite by default, any database by URL (PostgreSQL too).

Tables (the schema is owned by the Alembic migrations in `briefs/migrations`, applied on open):
- `articles`: unique by the sha256 of their text, with headline, outlet, URL and publication date;
  `current_run_id` points at the finished run whose incidents the briefs use (the latest).
- `runs`: one per article and extractor configuration (`config_key`: 'lexicon', or
  'openai:gpt-4o-mini|extract@v1'). A run is the durable unit of work: pending → running (claimed
  by a worker, with a lease) → done or failed (with its error). Workers claim with
  `FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the claiming UPDATE is one atomic statement.
- `extractions`: a finished run's `ExtractionResult` (summary, grounding report, flags).
- `incidents`: the incidents of a finished run, with the columns briefs and the API filter on.
- `model_calls`: every request to a model, with prompt, response, tokens and timing.
- `response_cache`: model replies keyed by model, prompt, input and parameters.
- `api_keys`: hashed API keys and their roles.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import re
import secrets
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin

from platformdirs import user_data_dir
from pydantic import BaseModel
from pydantic_core import from_json
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    event,
    func,
    literal,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from briefs.models import BriefSource, ExtractionResult, Incident


def default_database_url() -> str:
    """A SQLite file under the user's data directory (shown by `briefs config`)."""
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


def content_hash(*parts: Any) -> str:
    """SHA-256 over a canonical JSON encoding of the parts."""
    encoded = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that all stay alive:
    its passes over them find nothing to free and, for a brief of 5,000 reports, doubled the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)  # the file it came from, or 'api'
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    current_run_id: Mapped[int | None] = mapped_column(Integer, index=True)


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (UniqueConstraint("article_hash", "config_key", name="uq_runs_article_config"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_hash: Mapped[str] = mapped_column(ForeignKey("articles.hash", ondelete="CASCADE"), index=True)
    config_key: Mapped[str] = mapped_column(String(300))
    extractor: Mapped[str] = mapped_column(String(20))  # lexicon | llm
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), index=True)  # pending | running | done | failed
    worker: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tries: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_ms: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)


class ExtractionRow(Base):
    __tablename__ = "extractions"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    article_hash: Mapped[str] = mapped_column(String(64), index=True)
    result: Mapped[dict] = mapped_column(JSON)
    flags: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class IncidentRow(Base):
    __tablename__ = "incidents"
    __table_args__ = (UniqueConstraint("run_id", "position", name="uq_incidents_run_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    article_hash: Mapped[str] = mapped_column(String(64), index=True)
    position: Mapped[int] = mapped_column(Integer)
    event_date: Mapped[date] = mapped_column(Date, index=True)
    country: Mapped[str] = mapped_column(String(3), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(60))
    fatalities: Mapped[int] = mapped_column(Integer)
    needs_review: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[dict] = mapped_column(JSON)


class ModelCall(Base):
    """One request to a model: what was sent, what came back, what it cost, how it ended."""

    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
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
    error_kind: Mapped[str | None] = mapped_column(
        String(20)
    )  # a briefs.errors.ModelFailure; null when the call succeeded
    finish_reason: Mapped[str | None] = mapped_column(
        String(20)
    )  # as the server said: stop, length, content_filter, tool_calls
    base_url: Mapped[str | None] = mapped_column(String(500))
    output_mode: Mapped[str | None] = mapped_column(String(20))  # json_schema | json_object | tools | prompt


class CachedResponse(Base):
    """A model's raw reply, keyed by model, prompt hash, input hash and parameters."""

    __tablename__ = "response_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    prompt_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    raw_response: Mapped[str] = mapped_column(Text)
    input_tokens: Mapped[int | None] = mapped_column(Integer)
    output_tokens: Mapped[int | None] = mapped_column(Integer)


class OutputMode(Base):
    """The structured-output mode a model server was found to accept, so later calls go straight to it."""

    __tablename__ = "output_modes"

    base_url: Mapped[str] = mapped_column(String(500), primary_key=True)
    mode: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)


class ApiKey(Base):
    """An API key, stored as the sha256 of the key; the key itself is shown once, at creation."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell keys apart in listings
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # reader | editor | admin
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


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
    hash: str
    external_id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_at: date | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Ingested:
    new: set[str]  # the hashes this ingest stored (the others were stored before)
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
    """A run's outcome, saved by `Store.finish`: a result, or the error that stopped it."""

    run_id: int
    duration_ms: float
    result: ExtractionResult | None = None
    error: str | None = None
    failure_kind: str | None = None  # a briefs.errors.ModelFailure when the model service failed (not stored)


@dataclass(frozen=True, slots=True)
class StoredReport:
    """An incident as stored, with the article it comes from."""

    incident: Incident
    source: BriefSource
    index: int
    row_id: int
    extractor: str


PARSED_CACHE_SIZE = 50_000  # incidents kept parsed per Store: a busy week of briefs


# ---- trusted rows --------------------------------------------------------------------------------


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """How a JSON value becomes the field's Python value without validation (None: as it is)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        inner = [_converter(a) for a in args if a is not type(None)]
        if len(inner) != 1:
            return None
        convert = inner[0]
        return None if convert is None else (lambda value: None if value is None else convert(value))
    if origin is list:
        convert = _converter(args[0])
        return None if convert is None else (lambda values: [convert(v) for v in values])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _trusted_builder(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        members, enum = annotation._value2member_map_, annotation  # a dict look-up, not Enum.__call__

        def member(value: Any) -> Any:
            found = members.get(value)
            return enum(value) if found is None else found

        return member
    if annotation is float:
        return float
    return None


@functools.cache
def _trusted_builder(model: type[BaseModel]) -> Callable[[dict], BaseModel]:
    """A builder of `model` from its own `model_dump(mode="json")`: nested models, enums and floats
    made as validation would, but no validator run. It does what `model_construct` does, minus
    that method's per-call look-ups of aliases and defaults (it cost more than validating). A dict
    missing a required field (written by another version) is validated instead."""
    fields = model.model_fields
    converted = [
        (name, convert) for name, field in fields.items() if (convert := _converter(field.annotation)) is not None
    ]
    required = frozenset(name for name, field in fields.items() if field.is_required())
    defaults = {
        name: field.get_default(call_default_factory=True) for name, field in fields.items() if not field.is_required()
    }
    new, set_attribute = model.__new__, object.__setattr__

    def build(data: dict) -> BaseModel:
        if not required <= data.keys():
            return model.model_validate(data)
        # `data` is a fresh parse (from_json): used as it is unless it holds keys the model has not.
        values = data if data.keys() <= fields.keys() else {name: data[name] for name in fields if name in data}
        for name, convert in converted:
            if name in values:
                values[name] = convert(values[name])
        instance = new(model)
        set_attribute(instance, "__dict__", {**defaults, **values} if len(values) < len(fields) else values)
        set_attribute(instance, "__pydantic_fields_set__", set(values))
        set_attribute(instance, "__pydantic_extra__", None)
        set_attribute(instance, "__pydantic_private__", None)
        return instance

    return build


def trusted(model: type[BaseModel], data: str) -> Any:
    """A model from JSON this program wrote after validating it (a stored incident): read, not
    re-validated. A stored row never changes; validation happened on the way in."""
    return _trusted_builder(model)(from_json(data))


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


class Store:
    """A handle on the database; cheap to create, safe to share between threads."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_database_url()
        if self.url.startswith(("postgresql://", "postgres://")):  # the driver we install: psycopg 3
            self.url = "postgresql+psycopg://" + self.url.split("://", 1)[1]
        if self.url.startswith("sqlite:///") and self.url != "sqlite:///:memory:":
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        from briefs.migrations import upgrade

        upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._parsed: dict[int, Incident] = {}

    def close(self) -> None:
        self.engine.dispose()

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    # ---- model calls and the response cache ------------------------------------------------------

    def log_call(self, **fields: Any) -> ModelCall:
        call = ModelCall(**fields)
        with self.sessions.begin() as session:
            session.add(call)
        return call

    def log_calls(self, rows: Sequence[dict[str, Any]]) -> None:
        """Several calls in one transaction: the LLM extractor writes the calls that end together as a
        group (one commit instead of one each)."""
        with self.sessions.begin() as session:
            session.add_all([ModelCall(**fields) for fields in rows])

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

    def output_mode(self, base_url: str) -> str | None:
        with self.sessions() as session:
            row = session.get(OutputMode, base_url)
            return row.mode if row else None

    def remember_output_mode(self, base_url: str, mode: str) -> None:
        with self.sessions.begin() as session:
            session.merge(OutputMode(base_url=base_url, mode=mode))

    # ---- articles and runs -----------------------------------------------------------------------

    def ingest(self, articles: Sequence[NewArticle], config: RunConfig, *, force: bool = False) -> Ingested:
        """Store the articles not stored yet (by hash) and queue a run of `config` for each, in one
        transaction: an article is never stored without its run. `new` holds the hashes this call
        inserted (INSERT … ON CONFLICT DO NOTHING RETURNING), so of concurrent ingests of one text
        exactly one reports it new."""
        unique = list({a.hash: a for a in articles}.values())
        if not unique:
            return Ingested(set(), {"queued": 0, "done": 0, "failed": 0, "in progress": 0})
        now = _now()
        with self.sessions.begin() as session:
            new = self._insert_ignore(
                session,
                Article,
                [
                    dict(
                        hash=a.hash,
                        external_id=a.external_id,
                        text=a.text,
                        title=a.title,
                        outlet=a.outlet,
                        url=a.url,
                        published_at=a.published_at,
                        origin=a.origin,
                        created_at=now,
                    )
                    for a in unique
                ],
                "hash",
                returning=Article.hash,
            )
            queue = self._enqueue(session, [a.hash for a in unique], config, force)
        return Ingested(new, queue)

    def enqueue(self, hashes: Iterable[str], config: RunConfig, *, force: bool = False) -> dict[str, int]:
        """Make a pending run of `config` for each stored article (another extractor on articles
        already in the store). Returns how many runs were queued and skipped, by reason."""
        with self.sessions.begin() as session:
            return self._enqueue(session, list(dict.fromkeys(hashes)), config, force)

    def _enqueue(self, session, hashes: list[str], config: RunConfig, force: bool) -> dict[str, int]:
        """Articles already done or failed under `config` are skipped unless `force` (`retry_failed`
        requeues failures alone). The INSERT comes first: on SQLite it takes the write lock at once."""
        tally = {"queued": 0, "done": 0, "failed": 0, "in progress": 0}
        now = _now()
        queued = self._insert_ignore(
            session,
            Run,
            [
                dict(
                    article_hash=h,
                    config_key=config.key,
                    extractor=config.extractor,
                    model=config.model,
                    prompt_id=config.prompt_id,
                    status="pending",
                    tries=0,
                    queued_at=now,
                )
                for h in hashes
            ],
            "article_hash",
            "config_key",
            returning=Run.article_hash,
        )
        tally["queued"] += len(queued)
        rest = [h for h in hashes if h not in queued]
        if rest:
            for run in session.scalars(select(Run).where(Run.config_key == config.key, Run.article_hash.in_(rest))):
                if force and run.status in ("done", "failed"):
                    run.status, run.error, run.worker, run.lease_until, run.queued_at = "pending", None, None, None, now
                    tally["queued"] += 1
                elif run.status in ("pending", "running"):
                    tally["in progress"] += 1
                else:
                    tally[run.status] += 1
        return tally

    def recover(self, config: RunConfig) -> Recovery:
        """What a start repairs: every article with no run at all (left by a version that stored an
        article and its run in two transactions) gets a pending run of `config`, and the runs claimed
        by dead local processes go back to the queue."""
        runs = Run.__table__
        orphans = select(
            Article.hash,
            literal(config.key),
            literal(config.extractor),
            literal(config.model, String),
            literal(config.prompt_id, String),
            literal("pending"),
            literal(0),
            literal(_now(), DateTime(timezone=True)),
        ).where(~select(Run.id).where(Run.article_hash == Article.hash).exists())
        columns = ["article_hash", "config_key", "extractor", "model", "prompt_id", "status", "tries", "queued_at"]
        with self.sessions.begin() as session:
            queued = session.execute(
                _dialect_insert(self.engine, runs)
                .from_select(columns, orphans)
                .on_conflict_do_nothing(index_elements=["article_hash", "config_key"])
            ).rowcount
        return Recovery(queued=max(queued, 0), released=self.release_dead_workers())

    def heartbeat(self, worker: str, lease_seconds: float) -> int:
        """Extend the lease of every run `worker` holds: a live worker keeps a long claim, a dead
        one's claims lapse within one lease."""
        with self.sessions.begin() as session:
            return session.execute(
                update(Run)
                .where(Run.worker == worker, Run.status == "running")
                .values(lease_until=_now() + timedelta(seconds=lease_seconds))
            ).rowcount

    def retry_failed(self, config: RunConfig | None = None) -> int:
        """Put failed runs (of `config`, or all) back in the queue; return how many."""
        query = (
            update(Run)
            .where(Run.status == "failed")
            .values(status="pending", error=None, worker=None, lease_until=None)
        )
        if config is not None:
            query = query.where(Run.config_key == config.key)
        with self.sessions.begin() as session:
            return session.execute(query).rowcount

    def release_dead_workers(self) -> int:
        """Put back the runs claimed by local workers that no longer exist (a killed `briefs run`)."""
        with self.sessions.begin() as session:
            stuck = session.execute(select(Run.id, Run.worker).where(Run.status == "running")).all()
            dead = [run_id for run_id, worker in stuck if worker and _local_worker_dead(worker)]
            if dead:
                session.execute(
                    update(Run)
                    .where(Run.id.in_(dead), Run.status == "running")
                    .values(status="pending", worker=None, lease_until=None)
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
            ids = list(
                session.scalars(
                    claim_statement(
                        worker, config=config, limit=limit, lease_seconds=lease_seconds, article_hashes=article_hashes
                    )
                )
            )
            if not ids:
                return []
            rows = session.execute(
                select(Run.id, Article).join(Article, Article.hash == Run.article_hash).where(Run.id.in_(ids))
            ).all()
        return sorted((Claimed(run_id, article) for run_id, article in rows), key=lambda c: c.run_id)

    def finish(self, worker: str, outcomes: Sequence[Finished]) -> int:
        """Save finished runs in one transaction; a run whose claim `worker` lost is not saved.
        Returns how many were saved. A batch costs a handful of statements, not a few per run."""
        if not outcomes:
            return 0
        runs = Run.__table__
        with self.sessions.begin() as session:
            # Take the write lock first (on SQLite), so no one can take these runs over while we save.
            owned = dict(
                session.execute(
                    update(Run)
                    .where(Run.id.in_([o.run_id for o in outcomes]), Run.worker == worker, Run.status == "running")
                    .values(lease_until=None)
                    .returning(Run.id, Run.article_hash)
                ).all()
            )
            mine = [o for o in outcomes if o.run_id in owned]
            if not mine:
                return 0
            now = _now()
            session.execute(
                runs.update().where(runs.c.id == bindparam("run_id")),
                [
                    {
                        "run_id": o.run_id,
                        "status": "done" if o.result is not None else "failed",
                        "finished_at": now,
                        "duration_ms": o.duration_ms,
                        "error": o.error,
                    }
                    for o in mine
                ],
            )
            done = [o for o in mine if o.result is not None]
            if done:
                self._save_results(session, [(o.run_id, owned[o.run_id], o.result) for o in done])
        return len(mine)

    def _save_results(self, session, finished: list[tuple[int, str, ExtractionResult]]) -> None:
        run_ids = [run_id for run_id, _, _ in finished]
        session.execute(IncidentRow.__table__.delete().where(IncidentRow.run_id.in_(run_ids)))
        session.execute(ExtractionRow.__table__.delete().where(ExtractionRow.run_id.in_(run_ids)))
        extractions, incidents = [], []
        now = _now()
        for run_id, article, result in finished:
            payload = result.model_dump(mode="json")
            dumped = payload.pop("incidents")
            extractions.append(
                dict(run_id=run_id, article_hash=article, result=payload, flags=len(result.flags), created_at=now)
            )
            incidents += [
                dict(
                    run_id=run_id,
                    article_hash=article,
                    position=i,
                    event_date=date.fromisoformat(incident.event_date),
                    country=incident.location.country,
                    admin1=incident.location.admin1,
                    event_type=str(incident.event_type),
                    sub_event_type=str(incident.sub_event_type),
                    fatalities=incident.fatalities,
                    needs_review=incident.needs_review,
                    data=data,
                )
                for i, (incident, data) in enumerate(zip(result.incidents, dumped, strict=True))
            ]
        session.execute(ExtractionRow.__table__.insert(), extractions)
        if incidents:
            session.execute(IncidentRow.__table__.insert(), incidents)
        articles = Article.__table__
        session.execute(
            articles.update().where(articles.c.hash == bindparam("article")).values(current_run_id=bindparam("run")),
            [{"article": article, "run": run_id} for run_id, article, _ in finished],
        )

    # ---- reading ---------------------------------------------------------------------------------

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

    def run_counts(self, config: RunConfig | None = None) -> dict[str, int]:
        query = select(Run.status, func.count()).group_by(Run.status)
        if config is not None:
            query = query.where(Run.config_key == config.key)
        with self.sessions() as session:
            return {status: n for status, n in session.execute(query)}

    def reports(self, date_from: date, date_to: date, *, country: str | None = None) -> list[StoredReport]:
        """The incidents dated in [date_from, date_to] of every article's current run."""
        source_columns = (
            Article.hash,
            Article.external_id,
            Article.title,
            Article.outlet,
            Article.url,
            Article.published_at,
        )
        query = (
            # The stored JSON as text: parsed by the json module, not re-validated (see `trusted`).
            select(
                IncidentRow.id,
                IncidentRow.position,
                type_coerce(IncidentRow.data, Text),
                Run.config_key,
                *source_columns,
            )
            .join(Article, (Article.hash == IncidentRow.article_hash) & (Article.current_run_id == IncidentRow.run_id))
            .join(Run, Run.id == IncidentRow.run_id)
            .where(IncidentRow.event_date >= date_from, IncidentRow.event_date <= date_to)
            .order_by(IncidentRow.id)
        )
        if country is not None:
            query = query.where(IncidentRow.country == country)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        sources: dict[str, BriefSource] = {}
        reports = []
        with paused_gc():
            for row_id, position, data, key, article, *rest in rows:
                if article not in sources:
                    sources[article] = BriefSource(
                        article_hash=article,
                        article_id=rest[0],
                        title=rest[1],
                        outlet=rest[2],
                        url=rest[3],
                        published_at=rest[4],
                    )
                reports.append(
                    StoredReport(
                        incident=self._incident(row_id, data),
                        index=position,
                        row_id=row_id,
                        extractor=key,
                        source=sources[article],
                    )
                )
        return reports

    def _incident(self, row_id: int, data: str) -> Incident:
        """A stored incident, parsed once per process: a row never changes (a re-run writes new rows)."""
        incident = self._parsed.get(row_id)
        if incident is None:
            incident = self._parsed[row_id] = trusted(Incident, data)
            if len(self._parsed) > PARSED_CACHE_SIZE:
                del self._parsed[next(iter(self._parsed))]
        return incident

    def latest_event_date(self) -> date | None:
        query = select(func.max(IncidentRow.event_date)).join(
            Article, (Article.hash == IncidentRow.article_hash) & (Article.current_run_id == IncidentRow.run_id)
        )
        with self.sessions() as session:
            return session.scalar(query)

    def summary_flags(self, date_from: date, date_to: date, *, country: str | None = None) -> dict[str, list[str]]:
        """The flags of the current extraction of each article that has any and has an incident in the
        brief of [date_from, date_to] (those `reports` returns): one query, driven by the incidents of
        the range (an index on their date), whatever the size of the store."""
        in_range = (
            select(IncidentRow.run_id)
            .join(Article, (Article.hash == IncidentRow.article_hash) & (Article.current_run_id == IncidentRow.run_id))
            .where(IncidentRow.event_date >= date_from, IncidentRow.event_date <= date_to)
        )
        if country is not None:
            in_range = in_range.where(IncidentRow.country == country)
        query = (
            select(ExtractionRow.article_hash, ExtractionRow.result["flags"])
            .where(ExtractionRow.run_id.in_(in_range), ExtractionRow.flags > 0)
            .order_by(ExtractionRow.article_hash)
        )
        with self.engine.connect() as connection:
            return {h: list(flags or []) for h, flags in connection.execute(query)}

    # ---- API keys ----------------------------------------------------------------------------------

    def create_key(self, role: str, name: str | None = None) -> tuple[str, ApiKey]:
        """A new key for `role`; the plaintext is returned once and never stored."""
        plaintext = "brf_" + secrets.token_urlsafe(32)
        row = ApiKey(key_hash=key_digest(plaintext), prefix=plaintext[:10], name=name, role=role)
        with self.sessions.begin() as session:
            session.add(row)
        return plaintext, row

    def keys(self) -> list[ApiKey]:
        with self.sessions() as session:
            return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))

    def key_for(self, plaintext: str) -> ApiKey | None:
        """The live key whose digest matches (looked up by digest: no timing signal about the key)."""
        with self.sessions() as session:
            row = session.scalar(select(ApiKey).where(ApiKey.key_hash == key_digest(plaintext)))
        if row is None or row.revoked_at is not None or not secrets.compare_digest(row.key_hash, key_digest(plaintext)):
            return None
        return row

    def revoke_key(self, key_id: int) -> bool:
        with self.sessions.begin() as session:
            return (
                session.execute(
                    update(ApiKey).where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None)).values(revoked_at=_now())
                ).rowcount
                > 0
            )

    # ---- helpers -----------------------------------------------------------------------------------

    def _insert_ignore(self, session, model, rows: list[dict], *conflict: str, returning=None) -> set:
        """INSERT … ON CONFLICT DO NOTHING: concurrent ingestion of one article stores it once. With
        `returning`, the values of that column in the rows this statement inserted."""
        if not rows:
            return set()
        statement = _dialect_insert(self.engine, model.__table__).on_conflict_do_nothing(index_elements=list(conflict))
        if returning is None:
            session.execute(statement, rows)
            return set()
        return set(session.scalars(statement.returning(returning), rows))


def _dialect_insert(engine: Engine, table):
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL, the two we support)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def claim_statement(
    worker: str, *, config: RunConfig | None, limit: int, lease_seconds: float, article_hashes: Sequence[str] | None
):
    """UPDATE runs … WHERE id IN (SELECT id … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING id."""
    now = _now()
    claimable = (Run.status == "pending") | ((Run.status == "running") & (Run.lease_until < now))
    candidates = select(Run.id).where(claimable).order_by(Run.id).limit(limit).with_for_update(skip_locked=True)
    if config is not None:
        candidates = candidates.where(Run.config_key == config.key)
    if article_hashes is not None:
        candidates = candidates.where(Run.article_hash.in_(list(article_hashes)))
    return (
        update(Run)
        .where(Run.id.in_(candidates.scalar_subquery()))
        .values(
            status="running",
            worker=worker,
            lease_until=now + timedelta(seconds=lease_seconds),
            started_at=now,
            tries=Run.tries + 1,
        )
        .returning(Run.id)
    )


def key_digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def _sqlite_pragmas(connection, _record) -> None:
    # WAL lets readers and one writer work at once; the busy timeout makes writers wait, not fail.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
