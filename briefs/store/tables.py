"""The store's tables, as SQLAlchemy declarative models; the schema itself is owned by the Alembic
migrations in `briefs/migrations` (a change here needs a new revision there).

- `articles`: unique by the sha256 of their text (`article_hash`), with the id they came with
  (`external_id`), headline, outlet, URL and publication date; `current_run_id` points at the
  finished run whose incidents the briefs use (the latest).
- `runs`: one per article and extractor configuration (`config_key`: 'lexicon', or
  'openai:gpt-4o-mini|extract@v1'), the durable unit of work (see `RunStatus`).
- `extractions`: a finished run's `ExtractionResult` (summary, grounding report, flags).
- `incidents`: the incidents of a finished run, with the columns briefs and the API filter on and
  those the merge compares (`incident_columns`), so a brief groups its reports without reading their JSON.
- `model_calls`: every request to a model, with prompt, response, tokens and timing.
- `response_cache`: model replies keyed by model, prompt, input and parameters.
- `output_modes`: the structured-output mode each model server accepted.
- `api_keys`: hashed API keys and their roles.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from briefs.domain import Incident
from briefs.matching import main_parties


class RunStatus(StrEnum):
    """Where a run is: pending → running (claimed by a worker, with a lease) → done or failed (with
    its error). A StrEnum: the stored values are these strings."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (RunStatus.DONE, RunStatus.FAILED)


def now() -> datetime:
    return datetime.now(UTC)


def rowcount(result: object) -> int:
    """The rows an UPDATE, DELETE or INSERT … SELECT touched (what `Session.execute` returned)."""
    assert isinstance(result, CursorResult)
    return result.rowcount


class Base(DeclarativeBase):
    pass


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as the Table it is (`__table__` is typed as any FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Article(Base):
    __tablename__ = "articles"

    article_hash: Mapped[str] = mapped_column("hash", String(64), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(500))  # the id it came with (file name, or given)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)  # the file it came from, or 'api'
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    current_run_id: Mapped[int | None] = mapped_column(Integer, index=True)


# A VARCHAR(10) holding the enum's values, as the migrations made it (no CHECK constraint, no native enum).
RUN_STATUS = Enum(
    RunStatus, native_enum=False, length=10, create_constraint=False, values_callable=lambda e: [m.value for m in e]
)


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (UniqueConstraint("article_hash", "config_key", name="uq_runs_article_config"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_hash: Mapped[str] = mapped_column(ForeignKey("articles.hash", ondelete="CASCADE"), index=True)
    config_key: Mapped[str] = mapped_column(String(300))
    extractor: Mapped[str] = mapped_column(String(20))  # lexicon | llm
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[RunStatus] = mapped_column(RUN_STATUS, index=True)
    worker: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tries: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_ms: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)


class ExtractionRow(Base):
    __tablename__ = "extractions"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    article_hash: Mapped[str] = mapped_column(String(64), index=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    flags: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


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
    # What the merge compares besides the columns above (revision 0003 filled them in for older rows).
    place: Mapped[str] = mapped_column(Text, server_default="")  # location.name_en
    time_precision: Mapped[int] = mapped_column(Integer, server_default="1")
    geo_precision: Mapped[int] = mapped_column(Integer, server_default="1")
    parties: Mapped[int] = mapped_column(Integer, server_default="0")  # briefs.matching.main_parties
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


def incident_columns(incident: Incident) -> dict[str, Any]:
    """The columns of an incident's row besides its run, position and JSON: what briefs and the API
    filter on and what the merge compares. Every writer of `incidents` fills them from here."""
    location = incident.location
    return {
        "event_date": incident.event_date,
        "country": location.country,
        "admin1": location.admin1,
        "event_type": str(incident.event_type),
        "sub_event_type": str(incident.sub_event_type),
        "fatalities": incident.fatalities,
        "needs_review": incident.needs_review,
        "place": location.name_en,
        "time_precision": int(incident.time_precision),
        "geo_precision": int(location.geo_precision),
        "parties": main_parties(incident.actors),
    }


class ModelCall(Base):
    """One request to a model: what was sent, what came back, what it cost, how it ended."""

    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    article_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    model: Mapped[str] = mapped_column(String(200))
    prompt_id: Mapped[str | None] = mapped_column(String(100))
    prompt_hash: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(20))  # extract | reask | repair
    attempt: Mapped[int] = mapped_column(Integer)
    messages: Mapped[list[Any]] = mapped_column(JSON)
    raw_response: Mapped[str | None] = mapped_column(Text)
    parsed: Mapped[Any | None] = mapped_column(JSON)
    input_tokens: Mapped[int | None] = mapped_column(Integer)
    output_tokens: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    cached: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text)
    # A briefs.errors.ModelFailure; null when the call succeeded.
    error_kind: Mapped[str | None] = mapped_column(String(20))
    # As the server said: stop, length, content_filter, tool_calls.
    finish_reason: Mapped[str | None] = mapped_column(String(20))
    base_url: Mapped[str | None] = mapped_column(String(500))
    output_mode: Mapped[str | None] = mapped_column(String(20))  # json_schema | json_object | tools | prompt


class CachedResponse(Base):
    """A model's raw reply, keyed by model, prompt hash, input hash and parameters."""

    __tablename__ = "response_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    prompt_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    raw_response: Mapped[str] = mapped_column(Text)
    input_tokens: Mapped[int | None] = mapped_column(Integer)
    output_tokens: Mapped[int | None] = mapped_column(Integer)


class OutputMode(Base):
    """The structured-output mode a model server was found to accept, so later calls go straight to it."""

    __tablename__ = "output_modes"

    base_url: Mapped[str] = mapped_column(String(500), primary_key=True)
    mode: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)


class ApiKey(Base):
    """An API key, stored as the sha256 of the key; the key itself is shown once, at creation."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell keys apart in listings
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # reader | editor | admin
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
