"""The API's brief cache: least recently used out, bounded, and a finished run drops only the briefs
of its dates, whether this server's worker or another process finished it."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from api.briefcache import BriefCache
from briefs.store import Finished, RunConfig, Store

WEDNESDAY, EARLIER = date(2024, 3, 13), date(2024, 3, 1)


@pytest.fixture
def store(sample_day_store: Store) -> Store:
    return sample_day_store


def counting_cache(store: Store, **options) -> tuple[BriefCache, Counter]:
    built: Counter = Counter()

    def build(date_from: date, date_to: date, fmt: str) -> str:
        built[(date_from, date_to, fmt)] += 1
        return f"{date_from} {date_to} {fmt} #{built[(date_from, date_to, fmt)]}"

    return BriefCache(store, build, **options), built


def test_the_least_recently_used_brief_goes_first(store):
    cache, built = counting_cache(store, ttl=60, max_entries=2)
    first, second, third = date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)
    cache.get(first, first, "json")
    cache.get(second, second, "json")
    assert cache.fresh((first, first, "json")) is not None  # used: now the most recent
    cache.get(third, third, "json")
    assert len(cache) == 2 and cache.fresh((second, second, "json")) is None
    cache.get(first, first, "json")
    assert built[(first, first, "json")] == 1 and built[(third, third, "json")] == 1


def test_invalidating_dates_drops_the_briefs_whose_range_holds_them(store):
    cache, _ = counting_cache(store, ttl=60)
    week = (date(2024, 3, 11), date(2024, 3, 17), "md")
    for key in [(WEDNESDAY, WEDNESDAY, "json"), (EARLIER, EARLIER, "json"), week]:
        cache.get(*key)
    cache.invalidate([WEDNESDAY])
    assert cache.fresh((EARLIER, EARLIER, "json")) is not None
    assert cache.fresh((WEDNESDAY, WEDNESDAY, "json")) is None and cache.fresh(week) is None
    cache.invalidate()
    assert len(cache) == 0


def test_a_brief_built_while_its_dates_changed_is_not_kept(store):
    cache = None

    def build(date_from: date, date_to: date, fmt: str) -> str:
        cache.invalidate([date_from])  # a run finished while this brief was being built
        return "stale"

    cache = BriefCache(store, build, ttl=60)
    cache.get(WEDNESDAY, WEDNESDAY, "json")
    assert cache.fresh((WEDNESDAY, WEDNESDAY, "json")) is None


def test_a_run_finished_by_another_process_drops_only_its_dates(store):
    cache, _ = counting_cache(store, ttl=0)
    for day in (WEDNESDAY, EARLIER):
        cache.get(day, day, "json")
    [report] = [r for r in store.reports.between(WEDNESDAY, WEDNESDAY) if r.source.article_id == "hawran-0314-02"]
    result = store.queue.result_of(store.queue.article(report.source.article_hash).current_run_id)
    other = Store(store.url)  # as `briefs run` elsewhere
    config = RunConfig("llm", model="openai:test", prompt_id="extract@v1")
    other.queue.enqueue([report.source.article_hash], config)
    [claimed] = other.queue.claim("elsewhere:1:b", config=config)
    other.queue.finish("elsewhere:1:b", [Finished(claimed.run_id, 1.0, result=result)])
    other.close()
    assert cache.get(WEDNESDAY, WEDNESDAY, "json").body.endswith(b"#2")
    assert cache.get(EARLIER, EARLIER, "json").body.endswith(b"#1")
    assert cache.get(WEDNESDAY, WEDNESDAY, "json").body.endswith(b"#2")  # nothing changed since
