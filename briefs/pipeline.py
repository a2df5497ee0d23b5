"""Articles in, stored incidents out: ingestion into the store and processing of its queue.

Nothing is lost: an article and its pending run are stored in one transaction before anything
processes it; a failure is stored with its reason and `RunQueue.retry_failed` requeues it; a process
killed mid-batch leaves its runs claimed by a dead worker: the next `briefs run`, `briefs worker` or
server start on the same host takes them back at once, any other worker once their lease (renewed by
a heartbeat while the worker lives) runs out. Every worker, the `briefs run` command included, goes
through the same durable queue.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefs.config import Settings, get_settings
from briefs.domain import article_hash
from briefs.errors import BriefsError, InputError
from briefs.extract.base import Extractor, Outcome
from briefs.extract.hooks import Hooks
from briefs.inputs import ArticleText, article_from_record, not_a_file, read_article
from briefs.store import Article, Claimed, Finished, NewArticle, Recovery, RunConfig, Store

log = logging.getLogger("briefs.pipeline")


ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl")


@dataclass
class Rejected:
    """An input that could not be read as an article, and why."""

    where: str
    reason: str


@dataclass
class IngestResult:
    hashes: list[str] = field(default_factory=list)  # accepted articles, in input order
    new: set[str] = field(default_factory=set)  # of those, the ones not stored before
    queue: dict[str, int] = field(default_factory=dict)  # runs queued / skipped, by reason


@dataclass
class ProcessStats:
    done: int = 0
    failed: int = 0
    incidents: int = 0
    seconds: float = 0.0


def config_for(model: str | None, settings: Settings) -> RunConfig:
    if not model or model == "lexicon":
        return RunConfig("lexicon")
    return RunConfig("llm", model=model, prompt_id=settings.prompt)


def read_inputs(paths: Iterable[Path], settings: Settings) -> Iterator[ArticleText | Rejected]:
    """Every article in the given files, folders (recursively, .txt/.json/.jsonl) and JSONL files,
    in order; what cannot be read comes out as a Rejected with the reason, and reading goes on."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                yield Rejected(str(path), "no .txt, .json or .jsonl files in this folder")
            for file in files:
                yield from _read_file(file, settings)
        else:
            yield from _read_file(path, settings)


def _read_file(path: Path, settings: Settings) -> Iterator[ArticleText | Rejected]:
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path, settings)
        return
    try:
        yield read_article(path, settings)
    except InputError as error:
        yield Rejected(str(path), str(error).removeprefix(f"{path}: "))


def _read_jsonl(path: Path, settings: Settings) -> Iterator[ArticleText | Rejected]:
    """A batch is streamed line by line: the size limit applies to each article, not to the file."""
    if not path.is_file():
        yield Rejected(str(path), not_a_file(path))
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            if len(raw) > settings.max_input_bytes:
                yield Rejected(
                    where,
                    f"{len(raw):,} bytes is over the limit of {settings.max_input_bytes:,} (BRIEFS_MAX_INPUT_BYTES)",
                )
                continue
            try:
                yield article_from_record(
                    json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8")), where, settings
                )
            except UnicodeDecodeError as error:
                yield Rejected(where, f"not UTF-8 (byte {error.start} cannot be decoded)")
            except json.JSONDecodeError as error:
                yield Rejected(where, f"malformed JSON at column {error.colno}: {error.msg}")
            except InputError as error:
                yield Rejected(where, str(error).removeprefix(f"{where}: "))


def as_text(article: Article) -> ArticleText:
    return ArticleText(
        id=article.external_id,
        text=article.text,
        title=article.title,
        published_at=article.published_at,
        outlet=article.outlet,
        url=article.url,
    )


class Heartbeat:
    """A thread that renews `worker`'s leases every third of a lease while the block runs."""

    def __init__(self, store: Store, worker: str, lease_seconds: float) -> None:
        self.store, self.worker, self.interval = store, worker, lease_seconds / 3
        self.lease_seconds = lease_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="briefs-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.store.queue.heartbeat(self.worker, self.lease_seconds)
            except Exception:
                log.warning("lease heartbeat of %s failed", self.worker, exc_info=True)


class Pipeline:
    """Ingest articles into the store and process its queue with one extractor configuration."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        model: str | None = None,
        *,
        use_cache: bool = True,
        hooks: Hooks | None = None,
    ) -> None:
        self.store = store
        self.use_cache = use_cache
        self.hooks = hooks
        self.settings = settings or get_settings()
        self.model = model or self.settings.model
        self.config = config_for(self.model, self.settings)
        self._extractor: Extractor | None = None

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            from briefs.extract.calls import StoreCallLog
            from briefs.extract.select import make_extractor

            # An LLM logs its calls to this pipeline's store, not to the one BRIEFS_DATABASE_URL names.
            self._extractor = make_extractor(
                self.model,
                settings=self.settings,
                use_cache=self.use_cache,
                calls=StoreCallLog(self.store),
                hooks=self.hooks,
            )
        return self._extractor

    def close(self) -> None:
        if self._extractor is not None:
            self._extractor.close()
            self._extractor = None

    def ingest(
        self, articles: Iterable[ArticleText], origin: str | None = None, *, force: bool = False
    ) -> IngestResult:
        """Store the articles (idempotent by content hash) and queue a run of this configuration for
        each, unless one is done or failed already (`RunQueue.retry_failed` requeues failures); `force`
        redoes them all."""
        rows = [
            NewArticle(
                article_hash=article_hash(a.text),
                external_id=a.id,
                text=a.text,
                title=a.title,
                outlet=a.outlet,
                url=a.url,
                published_at=a.published_at,
                origin=origin,
            )
            for a in articles
        ]
        stored = self.store.queue.ingest(rows, self.config, force=force)
        return IngestResult(hashes=[row.article_hash for row in rows], new=stored.new, queue=stored.queue)

    def recover(self) -> Recovery:
        """Repair what a crash or an older version left (see `RunQueue.recover`); every worker runs it on start."""
        return self.store.queue.recover(self.config)

    def process(
        self,
        worker: str,
        *,
        article_hashes: list[str] | None = None,
        batch_size: int | None = None,
        on_done: Callable[[Claimed, Finished], None] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> ProcessStats:
        """Claim and process pending runs of this configuration until none is left (or `stop()`).

        Results are saved a batch at a time, in one transaction per batch: a crash loses at most the
        batch in hand, whose runs stay claimed by the dead worker and are taken back later. While a
        batch is in hand a heartbeat renews its lease, so a slow live worker keeps its claim and a
        dead one loses it within one lease (BRIEFS_LEASE_SECONDS).
        """
        stats = ProcessStats()
        started = time.perf_counter()
        size = batch_size or (max(2 * self.settings.concurrency, 16) if self.config.extractor == "llm" else 50)
        lease = self.settings.lease_seconds
        with Heartbeat(self.store, worker, lease):
            while not (stop and stop()):
                claimed = self.store.queue.claim(
                    worker, config=self.config, limit=size, lease_seconds=lease, article_hashes=article_hashes
                )
                if not claimed:
                    break
                finished = self._extract(claimed)
                self.store.queue.finish(worker, finished)
                for item, outcome in zip(claimed, finished, strict=True):
                    if outcome.result is not None:
                        stats.done += 1
                        stats.incidents += len(outcome.result.incidents)
                    else:
                        stats.failed += 1
                    if on_done:
                        on_done(item, outcome)
        stats.seconds = time.perf_counter() - started
        return stats

    def _extract(self, claimed: list[Claimed]) -> list[Finished]:
        texts = [as_text(item.article) for item in claimed]
        started = time.perf_counter()
        try:
            outcomes = self.extractor.extract_many(texts)
        except Exception:  # noqa: BLE001 - find the article that broke it; the others still get done
            outcomes = [self._extract_one(text) for text in texts]
        per_article = (time.perf_counter() - started) * 1000 / max(len(texts), 1)
        return [
            Finished(
                item.run_id,
                per_article,
                result=outcome.result,
                error=outcome.failure,
                failure_kind=outcome.failure_kind,
            )
            for item, outcome in zip(claimed, outcomes, strict=True)
        ]

    def _extract_one(self, text: ArticleText) -> Outcome:
        try:
            return self.extractor.extract(text)
        except BriefsError as error:
            return Outcome(None, 0, error=str(error))
        except Exception as error:  # noqa: BLE001 - a bug on one article is recorded, not fatal to the batch
            return Outcome(None, 0, error=f"internal error: {type(error).__name__}: {error}")
