"""Rendered briefs, cached per (date, format) and invalidated when the store changes.

A cached brief is served without touching the database for `BRIEFS_API_BRIEF_CACHE_SECONDS`
(default 1 s). After that the store's change marker (the latest finished run) is read again by one
thread, in the background, while the cached briefs go on being served for at most as long again
(stale while revalidate: no burst of identical queries, no stall); a brief is rebuilt only if the
marker moved. Runs finished by this server's own worker invalidate at once (nothing stale is served
then). Concurrent requests for the same missing brief build it once (the others wait for that build).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from api.queries import store_version

log = logging.getLogger("api.briefs")


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    media_type: str
    etag: str


MEDIA_TYPES = {"json": "application/json", "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}


class BriefCache:
    def __init__(self, store, build: Callable[[date, date, str], str], *, ttl: float, max_entries: int = 256) -> None:
        self.store, self.build, self.ttl, self.max_entries = store, build, ttl, max_entries
        self.grace = max(ttl, 0.5)
        self._entries: OrderedDict[tuple, tuple[object, Rendered]] = OrderedDict()
        self._version: object = None
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self._version_lock = threading.Lock()
        self._revalidating = False
        self._building: dict[tuple, threading.Lock] = {}
        self._generation = 0  # bumped by invalidate(): this process saved something

    def invalidate(self) -> None:
        with self._lock:
            self._generation += 1
            self._checked = float("-inf")

    def fresh(self, key: tuple) -> Rendered | None:
        """The cached brief if it may be served without waiting for the store; else None."""
        age = time.monotonic() - self._checked
        if age > self.ttl + self.grace:
            return None
        entry = self._entries.get(key)
        if entry is None or entry[0] != self._version:
            return None
        if age > self.ttl:
            self._revalidate_soon()
        return entry[1]

    def get(self, date_from: date, date_to: date, fmt: str) -> Rendered:
        """The brief, from the cache when current, else built (blocking: call from a worker thread)."""
        key = (date_from, date_to, fmt)
        version = self._current_version()
        entry = self._entries.get(key)
        if entry is not None and entry[0] == version:
            return entry[1]
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == version:
                return entry[1]
            text = self.build(date_from, date_to, fmt)
            body = text.encode("utf-8")
            rendered = Rendered(body, MEDIA_TYPES[fmt], '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
            with self._lock:
                self._entries[key] = (version, rendered)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
                self._building.pop(key, None)
            return rendered

    def _current_version(self) -> object:
        if time.monotonic() - self._checked <= self.ttl and self._version is not None:
            return self._version
        with self._version_lock:  # one query at a time; the others use its answer
            if time.monotonic() - self._checked <= self.ttl and self._version is not None:
                return self._version
            started = time.monotonic()
            generation = self._generation
            version = (store_version(self.store), generation)
            with self._lock:
                if generation == self._generation:
                    self._version, self._checked = version, started
            return version

    def _revalidate_soon(self) -> None:
        with self._lock:
            if self._revalidating:
                return
            self._revalidating = True

        def run() -> None:
            try:
                self._current_version()
            except Exception:  # noqa: BLE001 - the next request revalidates (and reports) again
                log.exception("brief cache revalidation failed")
            finally:
                self._revalidating = False

        threading.Thread(target=run, name="briefs-api-brief-revalidate", daemon=True).start()
