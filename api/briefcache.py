"""Rendered briefs, cached per (date range, format), least recently used first out, invalidated by the
dates that changed.

A cached brief is served without touching the database for `BRIEFS_API_BRIEF_CACHE_SECONDS`
(default 1 s). After that the store's change marker (the latest finished run) is read again by one
thread, in the background, while the cached briefs go on being served for at most as long again
(stale while revalidate: no burst of identical queries, no stall). When the marker moved, the dates
of the articles whose runs finished since are read, and only the briefs whose range holds one of
them are dropped. Runs finished by this server's own worker drop their dates at once (nothing stale
is served then). Concurrent requests for the same missing brief build it once (the others wait for
that build). At most `BRIEFS_API_BRIEF_CACHE_ENTRIES` briefs are kept.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

log = logging.getLogger("api.briefs")


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    media_type: str
    etag: str


MEDIA_TYPES = {"json": "application/json", "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}

Key = tuple[date, date, str]  # (date_from, date_to, format)


class BriefCache:
    def __init__(self, store, build: Callable[[date, date, str], str], *, ttl: float, max_entries: int = 4096) -> None:
        self.store, self.build, self.ttl, self.max_entries = store, build, ttl, max_entries
        self.grace = max(ttl, 0.5)
        self._entries: OrderedDict[Key, Rendered] = OrderedDict()
        self._marker: tuple | None = None  # the store's change marker when last read
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self._marker_lock = threading.Lock()
        self._revalidating = False
        self._building: dict[Key, threading.Lock] = {}
        self._generation = 0  # bumped by every invalidation: a brief built across one is not kept

    def __len__(self) -> int:
        return len(self._entries)

    def invalidate(self, dates: Iterable[date] | None = None) -> None:
        """Drop the briefs whose range holds one of `dates` (every brief when None)."""
        with self._lock:
            self._generation += 1
            if dates is None:
                self._entries.clear()
                return
            changed = sorted(set(dates))
            for key in [k for k in self._entries if any(k[0] <= d <= k[1] for d in changed)]:
                del self._entries[key]

    def fresh(self, key: Key) -> Rendered | None:
        """The cached brief if it may be served without waiting for the store; else None."""
        age = time.monotonic() - self._checked
        if age > self.ttl + self.grace:
            return None
        rendered = self._hit(key)
        if rendered is not None and age > self.ttl:
            self._revalidate_soon()
        return rendered

    def get(self, date_from: date, date_to: date, fmt: str) -> Rendered:
        """The brief, from the cache when current, else built (blocking: call from a worker thread)."""
        key = (date_from, date_to, fmt)
        self._follow_store()
        rendered = self._hit(key)
        if rendered is not None:
            return rendered
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            rendered = self._hit(key)
            if rendered is not None:
                return rendered
            generation = self._generation
            body = self.build(date_from, date_to, fmt).encode("utf-8")
            rendered = Rendered(body, MEDIA_TYPES[fmt], '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
            with self._lock:
                if generation == self._generation:  # nothing changed while it was built
                    self._entries[key] = rendered
                    while len(self._entries) > self.max_entries:
                        self._entries.popitem(last=False)
                self._building.pop(key, None)
            return rendered

    def _hit(self, key: Key) -> Rendered | None:
        with self._lock:
            rendered = self._entries.get(key)
            if rendered is not None:
                self._entries.move_to_end(key)
            return rendered

    def _follow_store(self) -> None:
        """Read the store's change marker when the last reading is older than the TTL; when it moved,
        drop the briefs of the dates that changed since."""
        if time.monotonic() - self._checked <= self.ttl:
            return
        with self._marker_lock:  # one query at a time; the others use its answer
            if time.monotonic() - self._checked <= self.ttl:
                return
            started = time.monotonic()
            marker = self.store.reports.version()
            if marker != self._marker:
                previous = self._marker
                # The first reading, or a store that had no finished run: nothing cached can be trusted.
                since = previous[0] if previous is not None else None
                self.invalidate(None if since is None else self.store.reports.dates_changed_since(since))
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
