"""What briefs and the API read: the incidents of every article's current run, by date and filters,
the flags of their extractions, and the markers that say when a brief may have changed."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVarTuple

from pydantic_core import from_json
from sqlalchemy import ColumnElement, Select, Text, bindparam, cast, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from briefs.domain import FAILING_GROUNDING, BriefSource, Count, GroundingRecord, Incident
from briefs.store.tables import Article, ExtractionRow, IncidentRow, Run
from briefs.store.trusted import builder, trusted, trusted_builder, trusted_list

PARSED_CACHE_SIZE = 50_000  # incidents kept parsed per store: a busy week of briefs


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
            # The collector's next young pass would walk every object made meanwhile (0.4 s for a brief of
            # 50,000 reports): they go straight to the oldest generation instead (two list splices). Only
            # when nothing is frozen, so as not to thaw what a caller froze (the API freezes its briefs).
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@dataclass(frozen=True, slots=True)
class StoredReport:
    """An incident as stored, with the article it comes from."""

    incident: Incident
    source: BriefSource
    index: int
    row_id: int
    extractor: str


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A stored incident as a brief groups it: the columns the merge compares and the counts, with the
    article it comes from; the whole incident is read (`Reports.incidents`) only where a brief shows it."""

    row_id: int
    source: BriefSource
    index: int
    extractor: str
    day: date
    event_type: str
    country: str
    admin1: str | None
    place: str
    time_precision: int
    geo_precision: int
    parties: int  # briefs.matching.main_parties
    counts: list[Count]
    needs_review: bool


@dataclass(frozen=True, slots=True)
class IncidentFilters:
    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    min_fatalities: int | None = None


# An incident of its article's current run (not one a later run replaced).
_CURRENT: ColumnElement[bool] = (Article.article_hash == IncidentRow.article_hash) & (
    Article.current_run_id == IncidentRow.run_id
)
# The extractor and the article of a report: the last columns of the range queries (see `_Sources`).
_SOURCE_COLUMNS = (
    Run.config_key,
    Article.article_hash,
    Article.external_id,
    Article.title,
    Article.outlet,
    Article.url,
    Article.published_at,
)
_Ts = TypeVarTuple("_Ts")
_ID_BATCH = 500  # row ids per query of `Reports.incidents`: within every database's parameter limit


def _in_range(query: Select[*_Ts], date_from: date, date_to: date, country: str | None) -> Select[*_Ts]:
    """The query over the incidents dated in [date_from, date_to] of every article's current run (by
    the index on their date), with their run and article, by row id."""
    query = (
        query.join(Article, _CURRENT)
        .join(Run, Run.id == IncidentRow.run_id)
        .where(IncidentRow.event_date >= date_from, IncidentRow.event_date <= date_to)
        .order_by(IncidentRow.id)
    )
    return query if country is None else query.where(IncidentRow.country == country)


_brief_source = builder(BriefSource)
_grounding_record = trusted_builder(GroundingRecord)  # stored records: validated when saved


class _Sources:
    """One BriefSource per article, from the `_SOURCE_COLUMNS` of its reports' rows."""

    def __init__(self) -> None:
        self.made: dict[str, BriefSource] = {}

    def of(self, columns: Sequence[Any]) -> BriefSource:
        _, article_hash, external_id, title, outlet, url, published_at = columns
        source = self.made.get(article_hash)
        if source is None:
            source = self.made[article_hash] = _brief_source(  # columns written from a validated model
                article_hash=article_hash,
                article_id=external_id,
                title=title,
                outlet=outlet,
                url=url,
                published_at=published_at,
            )
        return source


class Reports:
    """Reads over `incidents`, `extractions`, `runs` and `articles`; writes nothing."""

    def __init__(self, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self.engine, self.sessions = engine, sessions
        self._parsed: dict[int, Incident] = {}

    def between(self, date_from: date, date_to: date, *, country: str | None = None) -> list[StoredReport]:
        """The incidents dated in [date_from, date_to] of every article's current run, whole."""
        query = _in_range(
            select(IncidentRow.id, IncidentRow.position, cast(IncidentRow.data, Text), *_SOURCE_COLUMNS),
            date_from,
            date_to,
            country,
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        sources = _Sources()
        with paused_gc():
            return [
                StoredReport(
                    # The stored JSON as text (cast: PostgreSQL's driver would parse a json value), read by
                    # `trusted`, not re-validated.
                    incident=self._incident(row_id, data),
                    index=position,
                    row_id=row_id,
                    extractor=source[0],
                    source=sources.of(source),
                )
                for row_id, position, data, *source in rows
            ]

    def rows_between(self, date_from: date, date_to: date, *, country: str | None = None) -> list[ReportRow]:
        """What `between` returns, in the same order, as the merge reads it: the columns it compares and
        the counts (taken out of the JSON by the database), not the whole incident (see `incidents`)."""
        query = _in_range(
            select(
                IncidentRow.id,
                IncidentRow.position,
                IncidentRow.event_date,
                IncidentRow.event_type,
                IncidentRow.country,
                IncidentRow.admin1,
                IncidentRow.place,
                IncidentRow.time_precision,
                IncidentRow.geo_precision,
                IncidentRow.parties,
                IncidentRow.needs_review,
                cast(IncidentRow.data["counts"], Text),  # a cast: PostgreSQL's driver would parse a json value
                *_SOURCE_COLUMNS,
            ),
            date_from,
            date_to,
            country,
        )
        sources = _Sources()
        # Row by row from the cursor: the rows are not all held at once beside what is made of them.
        with self.engine.connect() as connection, paused_gc():
            return [
                ReportRow(
                    row_id,
                    sources.of(source),
                    position,
                    source[0],
                    day,
                    event_type,
                    country_code,
                    admin1,
                    place,
                    time_precision,
                    geo_precision,
                    parties,
                    [] if counts == "[]" else trusted_list(Count, counts),
                    needs_review,
                )
                for (
                    row_id,
                    position,
                    day,
                    event_type,
                    country_code,
                    admin1,
                    place,
                    time_precision,
                    geo_precision,
                    parties,
                    needs_review,
                    counts,
                    *source,
                ) in connection.execute(query)
            ]

    def incidents(self, row_ids: Sequence[int]) -> list[Incident]:
        """The whole stored incidents of these rows, in their order (each parsed once per process)."""
        fetched = {row_id: self._parsed[row_id] for row_id in row_ids if row_id in self._parsed}
        missing = sorted(set(row_ids).difference(fetched))
        query = select(IncidentRow.id, cast(IncidentRow.data, Text)).where(
            IncidentRow.id.in_(bindparam("ids", expanding=True))
        )
        with self.engine.connect() as connection, paused_gc():
            for start in range(0, len(missing), _ID_BATCH):
                for row_id, data in connection.execute(query, {"ids": missing[start : start + _ID_BATCH]}):
                    fetched[row_id] = self._incident(row_id, data)
        return [fetched[row_id] for row_id in row_ids]

    def _incident(self, row_id: int, data: str) -> Incident:
        """A stored incident, parsed once per process: a row never changes (a re-run writes new rows)."""
        incident = self._parsed.get(row_id)
        if incident is None:
            incident = self._parsed[row_id] = trusted(Incident, data)
            if len(self._parsed) > PARSED_CACHE_SIZE:
                del self._parsed[next(iter(self._parsed))]
        return incident

    def latest_event_date(self) -> date | None:
        query = select(func.max(IncidentRow.event_date)).join(Article, _CURRENT)
        with self.sessions() as session:
            return session.scalar(query)

    def summary_groundings(
        self, date_from: date, date_to: date, *, country: str | None = None
    ) -> dict[str, GroundingRecord]:
        """The grounding record of the current extraction's summary of each article whose summary states
        something its source does not support and that has an incident in the brief of [date_from,
        date_to] (those `between` returns): one query, driven by the incidents of the range (an index on
        their date), whatever the size of the store."""
        return {
            article: trusted(GroundingRecord, record)
            for article, record in self._failing_summaries(date_from, date_to, country)
        }

    def summary_failures(
        self, date_from: date, date_to: date, *, country: str | None = None
    ) -> dict[str, GroundingRecord]:
        """What `summary_groundings` returns with only the failing numbers and names of each record: what
        a brief lists (`briefs.domain.summary_flags` of either is the same), without making the rest."""
        failures = {}
        for article, record in self._failing_summaries(date_from, date_to, country):
            data = from_json(record)
            data["numbers"] = [n for n in data["numbers"] if n["status"] in FAILING_GROUNDING]
            data["names"] = [n for n in data.get("names", ()) if n["status"] in FAILING_GROUNDING]
            failures[article] = _grounding_record(data)
        return failures

    def _failing_summaries(self, date_from: date, date_to: date, country: str | None) -> list[tuple[str, str]]:
        """(article hash, grounding record as JSON text) of `summary_groundings`, by article hash."""
        in_range = (
            select(IncidentRow.run_id)
            .join(Article, _CURRENT)
            .where(IncidentRow.event_date >= date_from, IncidentRow.event_date <= date_to)
        )
        if country is not None:
            in_range = in_range.where(IncidentRow.country == country)
        grounding = ExtractionRow.result["grounding"]
        query = (
            select(ExtractionRow.article_hash, cast(grounding, Text))
            .where(
                ExtractionRow.run_id.in_(in_range),
                ExtractionRow.flags > 0,
                grounding["verdict"].as_string() == "unsupported",
            )
            .order_by(ExtractionRow.article_hash)
        )
        with self.engine.connect() as connection:
            return [(article, record) for article, record in connection.execute(query)]

    def incidents_page(
        self, filters: IncidentFilters, *, after: int | None, limit: int
    ) -> tuple[list[IncidentRow], int | None]:
        """Incidents of every article's current run matching the filters, by row id (keyset pagination):
        the page after row `after`, and the id to continue from (None on the last page)."""
        query = select(IncidentRow).join(Article, _CURRENT).order_by(IncidentRow.id).limit(limit + 1)
        if after is not None:
            query = query.where(IncidentRow.id > after)
        if filters.date_from is not None:
            query = query.where(IncidentRow.event_date >= filters.date_from)
        if filters.date_to is not None:
            query = query.where(IncidentRow.event_date <= filters.date_to)
        if filters.country is not None:
            query = query.where(IncidentRow.country == filters.country)
        if filters.admin1 is not None:
            query = query.where(func.lower(IncidentRow.admin1) == filters.admin1.lower())
        if filters.event_type is not None:
            query = query.where(IncidentRow.event_type == filters.event_type)
        if filters.min_fatalities is not None:
            query = query.where(IncidentRow.fatalities >= filters.min_fatalities)
        with self.sessions() as session:
            rows = list(session.scalars(query))
        if len(rows) > limit:
            return rows[:limit], rows[limit - 1].id
        return rows, None

    def article_dates(self, article_hashes: Sequence[str] | Select[Any]) -> set[date]:
        """The event dates of every incident, of any run, of the articles: the briefs a new run of theirs may change."""
        query = select(IncidentRow.event_date).where(IncidentRow.article_hash.in_(article_hashes)).distinct()
        with self.engine.connect() as connection:
            return set(connection.scalars(query))
