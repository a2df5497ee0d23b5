"""Brief builds in processes of their own, for a server of its own (`uvicorn api.app:app`, `briefs serve`).

A build is ~50 ms of Python (reading the day's rows, the merge, the render) that holds the GIL. On
threads, every build in progress took the GIL from the event loop serving the cached briefs, in 5 ms
slices, and from the thread reading the change marker: with a few builds under way the cached
path's p99 went from tens to hundreds of milliseconds. Here the build runs in a child process with its
store opened once (`spawn`: a clean interpreter, nothing inherited from the server's threads), and the
server's build thread only waits for its text (no GIL held). Gzip and the ETag stay on that thread
(zlib and hashlib release the GIL on large buffers).

One process per core, at most MAX_PROCESSES; started on the first build (~1 s of imports), then kept.
A child that dies breaks the pool: a new one takes over.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from briefs.brief.render import Format
    from briefs.store import Store

MAX_PROCESSES = 4

_store: Store | None = None  # in a child: its own handle on the server's store


def _open_store(url: str) -> None:
    global _store
    from briefs.store import Store

    _store = Store(url)


def _render(date_from: date, date_to: date, fmt: str) -> str:
    from briefs.brief.build import build_brief
    from briefs.brief.render import render

    assert _store is not None, "the pool's initializer opens the store"
    return render(build_brief(_store, date_from, date_to), cast("Format", fmt))  # the route took one of them


def shares_the_store(store: Store) -> bool:
    """Whether another process opening the store's URL sees the same store (not an in-memory SQLite one)."""
    url = store.engine.url
    return not (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"))


class BuildProcesses:
    def __init__(self, url: str, processes: int | None = None) -> None:
        self.url = url
        self.processes = processes or max(1, min(MAX_PROCESSES, os.cpu_count() or 1))
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_open_store,
                    initargs=(self.url,),
                )
            return self._pool

    def render(self, date_from: date, date_to: date, fmt: str) -> str:
        """The brief rendered in a child process (blocking: called on the cache's build thread). A pool
        broken by a child that died (killed, out of memory) is replaced, and the build tried once more."""
        pool = self._executor()
        try:
            return pool.submit(_render, date_from, date_to, fmt).result()
        except BrokenProcessPool:
            with self._lock:
                if self._pool is pool:
                    self._pool = None
        return self._executor().submit(_render, date_from, date_to, fmt).result()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
