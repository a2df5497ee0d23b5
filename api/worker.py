"""The API's background worker: one thread per server process that processes the queue of the
server's extractor configuration whenever articles are posted (and every few seconds)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from briefs.pipeline import Pipeline
from briefs.store import Claimed, Finished, worker_id

log = logging.getLogger("api.worker")


class BackgroundWorker:
    def __init__(
        self, pipeline: Pipeline, on_done: Callable[[Claimed, Finished], None], *, idle_seconds: float = 5.0
    ) -> None:
        self.pipeline, self.on_done, self.idle_seconds = pipeline, on_done, idle_seconds
        self.worker = worker_id()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stop: threading.Event | None = None
        self._lock = threading.Lock()

    def kick(self) -> None:
        """Process what is pending, soon (starts the thread when none runs)."""
        with self._lock:
            if self._thread is None:
                self._stop = threading.Event()
                self._thread = threading.Thread(
                    target=self._loop, args=(self._stop,), name="briefs-api-worker", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def close(self, timeout: float = 10.0) -> None:
        """Stop the thread after the batch in hand (its results are saved), then release the extractor.
        A later kick() starts a new thread."""
        with self._lock:
            thread, stop = self._thread, self._stop
            self._thread = self._stop = None
        if stop is not None:
            stop.set()
        self._wake.set()
        if thread is not None:
            thread.join(timeout)
        self.pipeline.close()

    def _loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self._wake.wait(self.idle_seconds)
            self._wake.clear()
            if stop.is_set():
                break
            try:
                stats = self.pipeline.process(self.worker, on_done=self.on_done, stop=stop.is_set)
                if stats.done or stats.failed:
                    log.info(
                        "processed %d articles (%d failed) in %.2f s",
                        stats.done + stats.failed,
                        stats.failed,
                        stats.seconds,
                    )
            except Exception:
                log.exception("background processing failed")
