"""The brief cache's bounds and its builds: a byte budget beside the entry count, one build per missing
brief however many ask (also when it fails, or when its dates change under it), at most BUILD_THREADS
builds at once, and the gzip copy with its own ETag that the response picks by Accept-Encoding."""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from api.briefcache import BUILD_THREADS, BriefCache
from api.briefresponse import accepts_gzip, brief_response
from briefs.store import Store

DAY = date(2024, 3, 13)


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'briefs.db'}")
    yield store
    store.close()


def test_the_byte_budget_drops_the_least_recently_used_briefs(store):
    sizes = {DAY + timedelta(days=n): 3000 for n in range(4)}
    cache = BriefCache(store, lambda d, _to, _fmt: "x" * sizes[d], ttl=60, max_bytes=7000)  # two fit, not three
    first, second, third, fourth = sorted(sizes)
    cache.get(first, first, "md")
    cache.get(second, second, "md")
    assert cache.fresh((first, first, "md")) is not None  # used: now the most recent
    cache.get(third, third, "md")
    assert len(cache) == 2 and cache.fresh((second, second, "md")) is None
    assert cache.bytes == sum(cache.fresh((d, d, "md")).size for d in (first, third))
    sizes[fourth] = 9000  # over the whole budget: served, not kept, and nothing else dropped for it
    assert len(cache.get(fourth, fourth, "md").body) == 9000
    assert cache.fresh((fourth, fourth, "md")) is None and len(cache) == 2
    cache.invalidate([first])
    assert cache.bytes == cache.fresh((third, third, "md")).size


def slow_counting_cache(store: Store, pause: float = 0.2) -> tuple[BriefCache, Counter, list[int]]:
    built: Counter = Counter()
    running, most = [0], [0]
    lock = threading.Lock()

    def build(date_from: date, date_to: date, fmt: str) -> str:
        with lock:
            built[date_from] += 1
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(pause)
        with lock:
            running[0] -= 1
        return f"{date_from} #{built[date_from]}"

    return BriefCache(store, build, ttl=60), built, most


def test_concurrent_requests_for_one_brief_build_it_once(store):
    cache, built, _ = slow_counting_cache(store)
    answers: list[bytes] = []
    threads = [threading.Thread(target=lambda: answers.append(cache.get(DAY, DAY, "md").body)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built[DAY] == 1 and set(answers) == {f"{DAY} #1".encode()}


def test_async_requests_share_the_build_and_builds_run_on_a_bounded_pool(store):
    cache, built, most = slow_counting_cache(store, pause=0.1)
    days = [DAY + timedelta(days=n) for n in range(BUILD_THREADS + 4)]

    async def requests():
        return await asyncio.gather(*(cache.serve(d, d, "json") for d in days for _ in range(3)))

    answers = asyncio.run(requests())
    assert len(answers) == 3 * len(days) and all(built[d] == 1 for d in days)
    assert most[0] == BUILD_THREADS  # more briefs wanted at once than the pool builds at a time


def test_a_failed_build_fails_its_waiters_and_the_next_request_builds_again(store):
    calls = Counter()

    def build(date_from: date, date_to: date, fmt: str) -> str:
        calls[date_from] += 1
        if calls[date_from] == 1:
            time.sleep(0.1)
            raise RuntimeError("the store went away")
        return "built"

    cache = BriefCache(store, build, ttl=60)
    errors: list[Exception] = []

    def request() -> None:
        try:
            cache.get(DAY, DAY, "md")
        except RuntimeError as error:
            errors.append(error)

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 4 and calls[DAY] == 1
    assert cache.get(DAY, DAY, "md").body == b"built" and calls[DAY] == 2


def test_a_request_after_its_dates_changed_does_not_wait_for_the_older_build(store):
    started, release = threading.Event(), threading.Event()
    calls = Counter()

    def build(date_from: date, date_to: date, fmt: str) -> str:
        calls[date_from] += 1
        if calls[date_from] == 1:
            started.set()
            release.wait(5)
            return "before the change"
        return "after the change"

    cache = BriefCache(store, build, ttl=60)
    answers: list[bytes] = []
    thread = threading.Thread(target=lambda: answers.append(cache.get(DAY, DAY, "md").body))
    thread.start()
    assert started.wait(5)
    cache.invalidate([DAY])  # a run finished while the first build read the store
    later = threading.Thread(target=lambda: answers.append(cache.get(DAY, DAY, "md").body))
    later.start()
    later.join(5)
    assert answers == [b"after the change"]  # not held behind the older build
    release.set()
    thread.join(5)
    assert answers[1] == b"before the change"  # its own request, which came before the change
    assert cache.get(DAY, DAY, "md").body == b"after the change" and calls[DAY] == 2


@pytest.mark.parametrize(
    ("header", "takes"),
    [
        (None, False),
        ("", False),
        ("gzip", True),
        ("GZIP;q=0.5", True),
        ("deflate, br", False),
        ("gzip;q=0", False),
        ("*", True),
        ("gzip;q=0, *", False),  # named beats the wildcard
        ("*;q=0, x-gzip", True),
        ("gzip;q=abc", False),
    ],
)
def test_accept_encoding_takes_gzip(header, takes):
    assert accepts_gzip(header) is takes


def test_the_gzip_copy_has_its_own_etag_and_either_etag_gives_304(store):
    cache = BriefCache(store, lambda *_: '{"incidents": []}' * 200, ttl=60)
    rendered = cache.get(DAY, DAY, "json")
    plain = brief_response(rendered, None)
    packed = brief_response(rendered, None, "gzip, deflate")
    assert "content-encoding" not in plain.headers and packed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed.body) == plain.body == rendered.body
    assert packed.headers["etag"] != plain.headers["etag"]
    assert "Accept-Encoding" in plain.headers["vary"] and "Accept-Encoding" in packed.headers["vary"]
    for held in (plain.headers["etag"], packed.headers["etag"], f'"other", W/{plain.headers["etag"]}', "*"):
        assert brief_response(rendered, held, "gzip").status_code == 304, held
    assert brief_response(rendered, '"other"', "gzip").status_code == 200
    tiny = BriefCache(store, lambda *_: "{}", ttl=60).get(DAY, DAY, "json")  # gzip would be larger
    assert tiny.gzipped is None and "content-encoding" not in brief_response(tiny, None, "gzip").headers


def test_a_closed_cache_builds_again_on_a_new_pool(store):
    """An app's lifespan may end and start again (a test client per call): close() is not the end."""
    cache = BriefCache(store, lambda d, _to, _fmt: str(d), ttl=60)
    cache.get(DAY, DAY, "md")
    cache.close()
    later = DAY + timedelta(days=1)
    assert cache.get(later, later, "md").body == str(later).encode()


@pytest.mark.parametrize("freeze", [True, False])
def test_a_server_of_its_own_keeps_what_a_build_leaves_out_of_full_collections(store, freeze):
    import gc

    kept = []
    cache = BriefCache(store, lambda d, _to, _fmt: kept.append([[d]]) or str(d), ttl=60, freeze_heap=freeze)
    gc.unfreeze()
    try:
        cache.get(DAY, DAY, "md")
        assert any(o is kept[0] for o in gc.get_objects()) is not freeze  # frozen objects are not listed
        assert (gc.get_freeze_count() > 0) is freeze
    finally:
        gc.unfreeze()
