"""Rendered briefs, cached per (date range, format), least recently used first out, invalidated by the
dates that changed.

A cached brief is served without touching the database for `BRIEFS_API_BRIEF_CACHE_SECONDS`
(default 1 s). After that the store's change marker (a revision bumped in the transaction
that saves finished runs, briefs.store.changes: one primary-key read) is read again by one thread,
in the background, while the cached briefs go on being served for at most as long again (stale
while revalidate: no burst of identical queries, no stall). When the marker moved, the dates
filed under the revisions since are read, and only the briefs whose range holds one of them are
dropped. Runs finished by this server's own worker drop their dates at once (nothing stale
is served then). At most `BRIEFS_API_BRIEF_CACHE_ENTRIES` briefs and `BRIEFS_API_BRIEF_CACHE_MEGABYTES`
of bytes are kept.

A missing brief is built once however many requests ask for it (single flight: they share one
future), on a bounded pool of its own (BUILD_THREADS), so that a burst of distinct missing briefs does
not start a build per request. In a server of its own the thread only waits for a build process
(api.buildprocess), so builds take no GIL from the event loop that serves the cached briefs.
Each brief is kept as bytes and gzip-compressed once, so a hit costs neither serialization nor
compression. In a server of its own, what a build leaves alive is then kept out of the garbage
collector's full collections (`keep_out_of_full_collections`), which would pause every request.
"""

from __future__ import annotations

import asyncio
import gc
import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from starlette.concurrency import run_in_threadpool

log = logging.getLogger("api.briefs")

# A bound, so that a burst of requests for distinct missing briefs does not start dozens of builds at once
# (the default thread pool would run 40, each taking the GIL from the event loop), yet wide enough for builds
# waiting on the database to overlap. Measured under 8 clients asking for new briefs beside 50 on cached
# ones (bench_api.py's setup, loaded machine, two rounds): cached p99 404-591 ms with 8, 485-966 ms with 2.
BUILD_THREADS = 8
GZIP_LEVEL = 9  # paid once per build (~7 ms on a 175 KB JSON brief, which it makes 13 KB), never per request


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    media_type: str
    etag: str  # of the body; the gzip variant's is this with "-gzip" inside the quotes
    gzipped: bytes | None = None  # the body gzip-compressed, when that is smaller

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'

    @property
    def media_type_bytes(self) -> bytes:
        return self.media_type.encode("latin-1")


def rendered(body: bytes, media_type: str) -> Rendered:
    """A brief's bytes with their ETag and, when it pays, their gzip variant."""
    packed = gzip.compress(body, GZIP_LEVEL, mtime=0)  # mtime 0: the same body always gives the same bytes
    return Rendered(
        body,
        media_type,
        '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        packed if len(packed) < len(body) else None,
    )


def keep_out_of_full_collections() -> None:
    """Move what is alive now out of the garbage collector's full collections. A build leaves much alive
    for long (the store's parsed incidents, the cached bytes), and a full collection walks every live
    object holding the GIL: 209 ms of CPU over the 300k objects 60 builds leave, a pause of every request
    in flight. The young generations are collected first, so no cycle that is already garbage is frozen
    (none was found after 60 builds); what is frozen and dies later is still freed by its refcount."""
    gc.collect(1)
    gc.freeze()


MEDIA_TYPES = {"json": "application/json", "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}

Key = tuple[date, date, str]  # (date_from, date_to, format)


class BriefCache:
    def __init__(
        self,
        store,
        build: Callable[[date, date, str], str],
        *,
        ttl: float,
        max_entries: int = 4096,
        max_bytes: int = 512 * 2**20,
        freeze_heap: bool = False,
    ) -> None:
        self.store, self.build, self.ttl, self.freeze_heap = store, build, ttl, freeze_heap
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.grace = max(ttl, 0.5)
        self._entries: OrderedDict[Key, Rendered] = OrderedDict()
        self._bytes = 0  # the size of every entry kept
        self._marker: int | None = None  # the store's change marker (briefs.store.changes) when last read
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self._marker_lock = threading.Lock()
        self._revalidating = False
        self._stop_refreshing = threading.Event()
        self._building: dict[Key, Future[Rendered]] = {}
        self._builders: ThreadPoolExecutor | None = None  # made on the first build, again after close()
        self._generation = 0  # bumped by every invalidation: a brief built across one is not kept

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        return self._bytes

    def close(self) -> None:
        """Stop the build pool and the refresher (an app's lifespan ends; a later build starts a new pool)."""
        self._stop_refreshing.set()
        with self._lock:
            builders, self._builders = self._builders, None
        if builders is not None:
            builders.shutdown(wait=False, cancel_futures=True)

    def keep_refreshed(self) -> None:
        """Read the store's change marker in the background every half TTL from now on, requests or not (a
        server of its own). Without it a quiet spell longer than the TTL and its grace left the cache stale,
        and every request of the next burst waited for a read of the marker on the route (the bench's
        breakdown: 57 of 3,199 requests, 80 ms each, the whole p99)."""
        self._stop_refreshing.clear()

        def run() -> None:
            while not self._stop_refreshing.wait(max(self.ttl / 2, 0.05)):
                try:
                    self._follow_store()
                except Exception:
                    log.exception("brief cache revalidation failed")

        threading.Thread(target=run, name="briefs-api-brief-refresh", daemon=True).start()

    def invalidate(self, dates: Iterable[date] | None = None) -> None:
        """Drop the briefs whose range holds one of `dates` (every brief when None). A build under way for
        one of them still answers the requests that were waiting for it, but a request from now on waits
        for a new build."""
        with self._lock:
            self._generation += 1
            if dates is None:
                self._entries.clear()
                self._bytes = 0
                self._building.clear()
                return
            changed = sorted(set(dates))
            for key in [k for k in self._entries if any(k[0] <= d <= k[1] for d in changed)]:
                self._bytes -= self._entries.pop(key).size
            for key in [k for k in self._building if any(k[0] <= d <= k[1] for d in changed)]:
                del self._building[key]

    def fresh(self, key: Key) -> Rendered | None:
        """The cached brief if it may be served without waiting for the store; else None."""
        age = time.monotonic() - self._checked
        if age > self.ttl + self.grace:
            return None
        found = self._hit(key)
        if found is not None and age > self.ttl:
            self._revalidate_soon()
        return found

    async def serve(self, date_from: date, date_to: date, fmt: str) -> Rendered:
        """The brief for a request: from the cache when current, else built on the build pool; the event
        loop only waits."""
        key = (date_from, date_to, fmt)
        found = self.fresh(key)
        if found is not None:
            return found
        await run_in_threadpool(self._follow_store)  # a database read: off the event loop
        found = self._hit(key)
        if found is not None:
            return found
        return await asyncio.wrap_future(self._build_once(key))

    def get(self, date_from: date, date_to: date, fmt: str) -> Rendered:
        """The brief, from the cache when current, else built (blocking: not for the event loop)."""
        key = (date_from, date_to, fmt)
        self._follow_store()
        found = self._hit(key)
        if found is not None:
            return found
        return self._build_once(key).result()

    def _build_once(self, key: Key) -> Future[Rendered]:
        """The one build of `key` under way, or a new one on the build pool."""
        with self._lock:
            future = self._building.get(key)
            if future is None:
                if self._builders is None:
                    self._builders = ThreadPoolExecutor(BUILD_THREADS, thread_name_prefix="briefs-api-brief-build")
                future = self._building[key] = self._builders.submit(self._build, key)
                future.add_done_callback(lambda done: self._built(key, done))
            return future

    def _build(self, key: Key) -> Rendered:
        found = self._hit(key)  # built by a build that finished between the caller's look and this one
        if found is not None:
            return found
        generation = self._generation
        made = rendered(self.build(*key).encode("utf-8"), MEDIA_TYPES[key[2]])
        with self._lock:
            if generation == self._generation:  # nothing changed while it was built
                self._keep(key, made)
        if self.freeze_heap:
            keep_out_of_full_collections()
        return made

    def _built(self, key: Key, future: Future[Rendered]) -> None:
        with self._lock:
            if self._building.get(key) is future:
                del self._building[key]

    def _keep(self, key: Key, made: Rendered) -> None:
        """Store one brief, dropping the least recently used past either bound (called under the lock)."""
        if made.size > self.max_bytes:
            return  # larger than the whole cache: served, not kept
        previous = self._entries.pop(key, None)
        if previous is not None:
            self._bytes -= previous.size
        self._entries[key] = made
        self._bytes += made.size
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            self._bytes -= self._entries.popitem(last=False)[1].size

    def _hit(self, key: Key) -> Rendered | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def _follow_store(self) -> None:
        """Read the store's change marker when the last reading is older than the TTL; when it moved,
        drop the briefs of the dates that changed since."""
        if time.monotonic() - self._checked <= self.ttl:
            return
        with self._marker_lock:  # one query at a time; the others use its answer
            if time.monotonic() - self._checked <= self.ttl:
                return
            started = time.monotonic()
            marker = self.store.changes.marker()
            if marker != self._marker:
                previous = self._marker
                # The first reading, or a store whose marker went back (restored): nothing cached can be trusted.
                known = previous is not None and previous < marker
                self.invalidate(self.store.changes.dates_since(previous) if known else None)
                self._marker = marker
            self._checked = started

    def _revalidate_soon(self) -> None:
        with self._lock:
            if self._revalidating:
                return
            self._revalidating = True

        def run() -> None:
            try:
                self._follow_store()
            except Exception:
                log.exception("brief cache revalidation failed")
            finally:
                self._revalidating = False

        threading.Thread(target=run, name="briefs-api-brief-revalidate", daemon=True).start()
