"""Rendered briefs, cached per (date, format) and invalidated when the store changes.

A cached brief is served without touching the database for `BRIEFS_API_BRIEF_CACHE_SECONDS`
(default 1 s); after that the store's change marker (the latest finished run) is read once, and the
brief is rebuilt only if it moved. Runs finished by this server's own worker invalidate at once.
Concurrent requests for the same missing brief build it once (the others wait for that build).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from api.queries import store_version


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    media_type: str
    etag: str


MEDIA_TYPES = {"json": "application/json", "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}


class BriefCache:
    def __init__(self, store, build: Callable[[date, date, str], str], *, ttl: float, max_entries: int = 256) -> None:
        self.store, self.build, self.ttl, self.max_entries = store, build, ttl, max_entries
        self._entries: OrderedDict[tuple, tuple[object, Rendered]] = OrderedDict()
        self._version: object = None
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self._building: dict[tuple, threading.Lock] = {}
        self._generation = 0  # bumped by invalidate(): this process saved something

    def invalidate(self) -> None:
        with self._lock:
            self._generation += 1
            self._checked = float("-inf")

    def fresh(self, key: tuple) -> Rendered | None:
        """The cached brief if it is known to be current without asking the store; else None."""
        if time.monotonic() - self._checked > self.ttl:
            return None
        entry = self._entries.get(key)
        if entry is not None and entry[0] == self._version:
            return entry[1]
        return None

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
        now = time.monotonic()
        if now - self._checked <= self.ttl and self._version is not None:
            return self._version
        generation = self._generation
        version = (store_version(self.store), generation)
        with self._lock:
            self._version, self._checked = version, now
        return version
