"""The FastAPI application: `create_app(settings, store)`; `app` for `uvicorn api.app:app`."""

from __future__ import annotations

import functools
import gc
import json
import logging
from contextlib import asynccontextmanager
from datetime import date
from typing import TYPE_CHECKING, cast

from briefs import __version__
from briefs.config import Settings, get_settings
from briefs.extract.hooks import Hooks
from briefs.store import RunStatus, Store
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import docs, errors, redact
from api.briefcache import BriefCache
from api.buildprocess import BuildProcesses, shares_the_store
from api.fastpath import BriefFastPath
from api.metrics import Metrics
from api.middleware import BodyLimit, RequestMetrics, SecurityHeaders
from api.routes import probes, v1
from api.security import KeyCache, TokenBucket
from api.summarize import Summarizer
from api.worker import BackgroundWorker

if TYPE_CHECKING:
    from briefs.brief.render import Format

log = logging.getLogger("api")

DESCRIPTION = """
Arabic security-incident news in, English incident briefs out, **every number traced to the Arabic words
that state it**.

**Keys.** Every `/v1` endpoint needs an API key, sent as `Authorization: Bearer <key>` (never in the URL).
Roles: *reader* (GET), *editor* (also POST articles, summaries and checks), *admin* (also manage keys).
The first admin key comes from the command line: `briefs keys create --role admin`.

**Errors** all have one shape: `{"error": {"code", "message", "fields"?: [{"loc", "msg"}]}}`: 401 no or bad
key, 403 role too low, 413 body over the limit, 422 invalid input (each field named with the reason; text
with no Arabic is `no_arabic`), 429 rate limit (with `Retry-After`), 5xx server or model trouble.

**Limits** (settings, `briefs config`): body 1 MB (`BRIEFS_API_MAX_BODY_BYTES`), article text 100,000
characters (`BRIEFS_MAX_ARTICLE_CHARS`), requests per key per minute (`BRIEFS_API_RATE_PER_MINUTE`, burst
`BRIEFS_API_RATE_BURST`; per server process), model time (`BRIEFS_API_MODEL_TIMEOUT`).
"""

TAGS = [
    {"name": "articles", "description": "Submit articles for processing and read their results."},
    {"name": "summaries", "description": "Summarize one article now."},
    {"name": "grounding", "description": "The deterministic number check."},
    {"name": "briefs", "description": "The daily brief."},
    {"name": "incidents", "description": "Incidents, for dashboards."},
    {"name": "keys", "description": "API keys (admin)."},
    {"name": "operations", "description": "Probes and metrics."},
]


class State:
    """What the endpoints share: settings, store, pipeline and worker, caches, metrics."""

    def __init__(self, settings: Settings, store: Store, owns_store: bool) -> None:
        from briefs.pipeline import Pipeline

        self.settings, self.store, self.owns_store = settings, store, owns_store
        self.metrics = Metrics()
        self.hooks = Hooks()  # the LLM extractor's events: the metrics count its model calls
        self.metrics.subscribe(self.hooks)
        self.pipeline = Pipeline(store, settings, hooks=self.hooks)  # the worker's model calls are counted too
        self.worker = BackgroundWorker(self.pipeline, self._processed)
        self.keys = KeyCache(store, settings.api_key_cache_seconds)
        self.limiter = TokenBucket(settings.api_rate_per_minute, settings.api_rate_burst)
        self.failed_keys = TokenBucket(settings.api_failed_auth_per_minute, settings.api_failed_auth_burst)
        # A server of its own builds briefs in processes of their own (no GIL taken from the event loop);
        # a test's app, on the test's store, on the cache's threads.
        self.build_processes = BuildProcesses(store.url) if owns_store and shares_the_store(store) else None
        self.briefs = BriefCache(
            store,
            self.build_processes.render if self.build_processes is not None else self._render_brief,
            ttl=settings.api_brief_cache_seconds,
            max_entries=settings.api_brief_cache_entries,
            max_bytes=settings.api_brief_cache_megabytes * 2**20,
            freeze_heap=owns_store,  # a server of its own, as the gc.freeze() after startup below
        )
        self.summarizer = Summarizer(store, settings, self.metrics, self.hooks)

    def ingest(self, texts, origin: str):
        # The content hash is the id: an article posted with no id of its own gets its hash.
        from briefs.domain import article_hash

        texts = [t if t.id else _with_id(t, article_hash(t.text)) for t in texts]
        return self.pipeline.ingest(texts, origin)

    def check(self, source: str, text: str, published: date | None = None) -> bytes:
        from briefs.grounding.checker import check

        report = check(source, text, published).to_json()
        self.metrics.observe_grounding("check", report)
        return json.dumps(report, ensure_ascii=False).encode("utf-8")

    def extractor_check(self) -> str:
        config = self.pipeline.config
        if config.prompt_id is None:  # the lexicon: no prompt, no model
            return "ok: lexicon"
        try:
            from briefs.extract.prompts import load_prompt

            load_prompt(config.prompt_id)
        except Exception as error:  # noqa: BLE001
            return f"prompt {config.prompt_id} does not load: {error}"
        return f"ok: {config.model} with {config.prompt_id}"

    def _processed(self, claimed, finished) -> None:
        self.briefs.invalidate(self.store.reports.article_dates([claimed.article.article_hash]))
        self.metrics.articles.labels(RunStatus.DONE if finished.result is not None else RunStatus.FAILED).inc()
        if finished.result is not None:
            self.metrics.observe_grounding("article", finished.result.grounding.model_dump(mode="json"))

    def _render_brief(self, date_from: date, date_to: date, fmt: str) -> str:
        from briefs.brief.build import build_brief
        from briefs.brief.render import render

        return render(build_brief(self.store, date_from, date_to), cast("Format", fmt))  # the route took one of them

    def close(self) -> None:
        self.worker.close()
        self.summarizer.close()
        self.briefs.close()
        if self.build_processes is not None:
            self.build_processes.close()
        if self.owns_store:
            self.store.close()


class BriefsAPI(FastAPI):
    """The FastAPI app with the brief's fast path (api.fastpath) asked first, before any of the framework's
    layers: a cached brief's request costs a few dozen microseconds, not the whole middleware stack."""

    fastpath: BriefFastPath | None = None

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and self.fastpath is not None and await self.fastpath.answer(scope, receive, send):
            return
        await super().__call__(scope, receive, send)


def _with_id(text, new_id: str):
    from dataclasses import replace

    return replace(text, id=new_id)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    redact.install()  # before the first request is logged
    settings = settings or get_settings()
    owns_store = store is None
    store = store or Store(settings.database_url)
    state = State(settings, store, owns_store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        recovery = state.pipeline.recover()  # what a crash or an older version left: runs for orphans, dead claims
        if recovery.queued or recovery.released:
            log.warning(
                "recovered %d article(s) with no run and %d run(s) of dead processes",
                recovery.queued,
                recovery.released,
            )
        state.worker.kick()  # pick up what was left pending
        if owns_store:  # a server of its own: no request finds the brief cache stale after a quiet spell
            state.briefs.keep_refreshed()
        if owns_store:  # a server of its own (not a test's app): what startup made lives as long as the process,
            gc.collect()  # so keep it out of every garbage collection (shorter pauses under load)
            gc.freeze()
        try:
            yield
        finally:
            state.close()

    app = BriefsAPI(
        title="Briefs API",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )  # served by api.docs, from packaged assets
    for name, value in vars(state).items():
        setattr(app.state, name, value)
    app.state.ingest, app.state.check, app.state.extractor_check = state.ingest, state.check, state.extractor_check
    app.state.core = state
    errors.install(app)
    docs.install(app)
    app.include_router(probes)
    app.include_router(v1)
    # Outermost first when added last: metrics see every answer, the body limit runs before the app.
    # The brief's fast path answers before all of them, with the same security headers, CORS and metrics.
    app.add_middleware(BodyLimit, limit=settings.api_max_body_bytes)
    origins = [o.strip() for o in settings.api_cors_origins.split(",") if o.strip()]
    cors = None
    if origins:
        cors = functools.partial(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
        app.add_middleware(cors.func, **cors.keywords)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestMetrics, metrics=state.metrics)
    app.fastpath = BriefFastPath(state, cors)
    return app


def __getattr__(name: str):
    # `uvicorn api.app:app`: the app is made on first access, with the settings of the environment.
    if name == "app":
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(name)
