"""Read queries the API needs beyond the Store's own methods (over the Store's tables, read-only)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from briefs.store import Article, IncidentRow, Run, Store
from sqlalchemy import Select, func, select


@dataclass(frozen=True, slots=True)
class IncidentFilters:
    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    min_fatalities: int | None = None


def encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"i{row_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The row id after which the next page starts; ValueError for anything not made by encode_cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("not a cursor this API gave out") from None
    if not raw.startswith("i") or not raw[1:].isdigit() or len(raw) > 20:
        raise ValueError("not a cursor this API gave out")
    return int(raw[1:])


def incidents_page(
    store: Store, filters: IncidentFilters, *, after: int | None, limit: int
) -> tuple[list[IncidentRow], int | None]:
    """Incidents of every article's current run matching the filters, by row id (keyset pagination):
    the page after row `after`, and the id to continue from (None on the last page)."""
    query = (
        select(IncidentRow)
        .join(Article, (Article.hash == IncidentRow.article_hash) & (Article.current_run_id == IncidentRow.run_id))
        .order_by(IncidentRow.id)
        .limit(limit + 1)
    )
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
    with store.sessions() as session:
        rows = list(session.scalars(query))
    if len(rows) > limit:
        return rows[:limit], rows[limit - 1].id
    return rows, None


def run_statuses(store: Store, hashes: Sequence[str], config_key: str) -> dict[str, tuple[str, str | None]]:
    """(status, error) of each article's run under `config_key`."""
    query = select(Run.article_hash, Run.status, Run.error).where(
        Run.config_key == config_key, Run.article_hash.in_(list(hashes))
    )
    with store.sessions() as session:
        return {h: (status, error) for h, status, error in session.execute(query)}


# Runs are stamped when their worker saves them, and saved by several processes: a run stamped up to
# this long before the latest one seen may become visible after it.
CLOCK_SLACK = timedelta(minutes=5)


def dates_changed_since(store: Store, finished: datetime) -> set[date]:
    """The event dates of every incident (of any run: the current one and those it replaced) of the
    articles with a run finished at or after `finished` less CLOCK_SLACK: the briefs that may have
    changed since the store's change marker read `finished`."""
    return article_dates(store, select(Run.article_hash).where(Run.finished_at >= finished - CLOCK_SLACK))


def article_dates(store: Store, articles: Sequence[str] | Select) -> set[date]:
    """The event dates of every incident, of any run, of the articles: the briefs a new run of theirs may change."""
    query = select(IncidentRow.event_date).where(IncidentRow.article_hash.in_(articles)).distinct()
    with store.engine.connect() as connection:
        return set(connection.scalars(query))


def store_version(store: Store) -> tuple:
    """Changes whenever a run finishes (which is when briefs can change): cheap, for cache invalidation."""
    query = select(
        func.max(Run.finished_at), func.count(Run.finished_at), select(func.max(IncidentRow.id)).scalar_subquery()
    )
    with store.sessions() as session:
        return tuple(session.execute(query).one())
