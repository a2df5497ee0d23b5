"""The store's change marker (briefs.store.changes) and the API's brief cache that follows it: the marker
moves in the transaction that saves finished runs, files exactly the dates those runs may change, and a
brief whose dates changed is never answered with its old ETag once the cache has looked."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from briefs.config import Settings
from briefs.domain import ExtractionResult
from briefs.store import Finished, IncidentRow, Run, RunConfig, Store
from briefs.store.changes import ChangedDate
from sqlalchemy import func, select

from .api_support import make_keys
from .crash_points import SCENARIOS, CrashHook, Database, _run_killed, dead_worker

WEDNESDAY, ELSEWHEN, UNTOUCHED = date(2024, 3, 13), date(2024, 2, 1), date(2024, 3, 1)
OTHER_CONFIG = RunConfig("llm", model="openai:test", prompt_id="extract@v1")


@pytest.fixture
def store(sample_day_store: Store) -> Store:
    return sample_day_store


def an_article_of(store: Store, day: date) -> tuple[str, ExtractionResult]:
    """An article with an incident on `day`, and its current result."""
    [report, *_] = store.reports.between(day, day)
    article = store.queue.article(report.source.article_hash)
    assert article is not None and article.current_run_id is not None
    result = store.queue.result_of(article.current_run_id)
    assert result is not None
    return report.source.article_hash, result


def moved_to(result: ExtractionResult, day: date) -> ExtractionResult:
    return result.model_copy(update={"incidents": [i.model_copy(update={"event_date": day}) for i in result.incidents]})


def rerun(url: str, article_hash: str, result: ExtractionResult | None) -> None:
    """Another process (as `briefs run` elsewhere) runs the article again with another configuration."""
    other = Store(url)
    other.queue.enqueue([article_hash], OTHER_CONFIG)
    [claimed] = other.queue.claim("elsewhere:1:b", config=OTHER_CONFIG)
    other.queue.finish("elsewhere:1:b", [Finished(claimed.run_id, 1.0, result=result)])
    other.close()


def test_a_save_moves_the_marker_once_and_files_the_dates_of_the_replaced_run_and_the_new_one(store):
    article_hash, result = an_article_of(store, WEDNESDAY)
    before = store.changes.marker()
    assert before > 0  # the fixture's runs were saved
    old_dates = {incident.event_date for incident in result.incidents}
    rerun(store.url, article_hash, moved_to(result, ELSEWHEN))
    assert store.changes.marker() == before + 1
    assert store.changes.dates_since(before) == old_dates | {ELSEWHEN}
    assert store.changes.dates_since(before + 1) == set()


def test_a_failed_run_changes_no_brief_and_leaves_the_marker(store):
    article_hash, _ = an_article_of(store, WEDNESDAY)
    before = store.changes.marker()
    rerun(store.url, article_hash, None)
    assert store.changes.marker() == before and store.changes.dates_since(before) == set()


def test_a_stale_etag_is_never_answered_once_the_cache_has_looked(tmp_path, store):
    from api import create_app
    from fastapi.testclient import TestClient

    settings = Settings(
        database_url=store.url,
        model=None,
        api_rate_per_minute=60_000,
        api_rate_burst=10_000,
        api_brief_cache_seconds=0.05,
    )
    keys = make_keys(store)
    article_hash, result = an_article_of(store, WEDNESDAY)
    with TestClient(create_app(settings, store)) as client:
        client.headers["Authorization"] = f"Bearer {keys['reader']}"
        days = (WEDNESDAY, ELSEWHEN, UNTOUCHED)
        plain = {
            day: client.get(f"/v1/briefs/{day}", headers={"Accept-Encoding": "identity"}).headers["etag"]
            for day in days
        }
        packed = {
            day: client.get(f"/v1/briefs/{day}", headers={"Accept-Encoding": "gzip"}).headers["etag"] for day in days
        }
        assert plain[WEDNESDAY] != packed[WEDNESDAY]
        rerun(store.url, article_hash, moved_to(result, ELSEWHEN))
        cache = client.app.state.core.briefs
        time.sleep(cache.ttl + cache.grace + 0.05)  # past what the cache may serve without looking
        for day, changed in ((WEDNESDAY, True), (ELSEWHEN, True), (UNTOUCHED, False)):
            for etag in (plain[day], packed[day]):
                again = client.get(f"/v1/briefs/{day}", headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
                assert again.status_code == (200 if changed else 304), (day, etag)
                assert (again.headers["etag"] not in (plain[day], packed[day])) == changed, day


# ---- crash points: the marker moves inside the save's transaction -------------------------------------


def marker_problems(store: Store) -> list[str]:
    """A saved run whose dates are not filed, or a marker that moved without a save."""
    with store.engine.connect() as connection:
        done = connection.scalar(select(func.count()).select_from(Run).where(Run.status == "done")) or 0
        saved_dates = set(
            connection.scalars(
                select(IncidentRow.event_date).join(Run, Run.id == IncidentRow.run_id).where(Run.status == "done")
            )
        )
        newest_filed = connection.scalar(select(func.max(ChangedDate.revision))) or 0
    marker, filed = store.changes.marker(), store.changes.dates_since(0)
    problems = []
    if saved_dates - filed:
        problems.append(f"saved incidents on {sorted(saved_dates - filed)} with no change filed")
    if (marker > 0) != (done > 0):
        problems.append(f"marker {marker} with {done} done run(s)")
    if newest_filed > marker:
        problems.append(f"dates filed under revision {newest_filed}, past the marker {marker}")
    return problems


def test_the_marker_moves_with_the_save_at_every_crash_point():
    [scenario] = [s for s in SCENARIOS if s.name == "claim and save"]
    assert scenario.prepare is not None
    problems: list[str] = []
    crashed_after_a_save = 0
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as folder:
        database = Database(None, Path(folder), "marker")
        database.reset()
        store = Store(database.url)
        try:
            scenario.prepare(store)
            store.engine.dispose()
            database.save()
            database.reset()
            with CrashHook() as hook:
                scenario.act(database.url, store, dead_worker(), lambda _line: None)
            for at in range(1, hook.count + 1):
                if at in hook.after_read:
                    continue
                database.reset()
                store.engine.dispose()  # no connection crosses the fork
                _run_killed(scenario, database.url, store, at)
                store.engine.dispose()
                problems += [f"killed at point {at}/{hook.count}: {p}" for p in marker_problems(store)]
                crashed_after_a_save += store.changes.marker() > 0
        finally:
            store.close()
    assert problems == [], "\n".join(problems)
    assert 0 < crashed_after_a_save < hook.count  # crashes fell before and after a save's commit


def test_a_refreshed_cache_follows_the_store_with_no_request_and_is_never_stale_after_a_quiet_spell(store):
    from api.briefcache import BriefCache

    built: list[date] = []

    def build(date_from: date, date_to: date, fmt: str) -> str:
        built.append(date_from)
        return f"{date_from} {fmt} #{len(built)}"

    cache = BriefCache(store, build, ttl=0.1)  # may serve 0.1 s, then 0.5 s more while it looks
    cache.keep_refreshed()
    try:
        for day in (WEDNESDAY, UNTOUCHED):
            cache.get(day, day, "json")
        article_hash, result = an_article_of(store, WEDNESDAY)
        rerun(store.url, article_hash, moved_to(result, ELSEWHEN))
        time.sleep(1.5)  # quiet: no request at all, well past the TTL and its grace
        assert cache.fresh((WEDNESDAY, WEDNESDAY, "json")) is None  # dropped by the refresher, not by a request
        assert cache.fresh((UNTOUCHED, UNTOUCHED, "json")) is not None  # still current: served at once
    finally:
        cache.close()
