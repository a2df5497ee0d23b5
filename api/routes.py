"""The endpoints, under /v1 (and the probes at the root)."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime
from typing import Annotated, Any

from briefs.acled import EventType
from briefs.config import Settings
from briefs.domain import GroundingRecord, Incident
from briefs.inputs import ArticleFault, ArticleText, article_problem, length_problem
from briefs.inputs import text_problem as text_problem_at_boundary
from briefs.store import IncidentFilters, RunStatus
from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.briefresponse import BriefFormat, brief_response, negotiate
from api.errors import ApiError, ErrorBody, FieldError, field_error
from api.queries import decode_cursor, encode_cursor
from api.schemas import (
    EXAMPLE_ARTICLE,
    EXAMPLE_CHECK,
    EXAMPLE_ENGLISH,
    EXAMPLE_HASH,
    KEY_INFO_EXAMPLE,
    ArticleAccepted,
    ArticleDetail,
    ArticleIn,
    ArticlesAccepted,
    CheckRequest,
    Day,
    Health,
    IncidentItem,
    IncidentPage,
    KeyCreate,
    KeyCreated,
    KeyInfo,
    Readiness,
    RunInfo,
    SummaryRequest,
    SummaryResponse,
)
from api.security import Principal, admin, editor, reader

# ---- documented errors ----------------------------------------------------------------------------

_ERROR_EXAMPLES = {
    401: ("unauthorized", "missing API key: send 'Authorization: Bearer <key>'"),
    403: ("forbidden", "this endpoint needs a key with role 'editor' or higher; this key's role is 'reader'"),
    404: ("not_found", "no article with id 4ff52b78…"),
    406: ("not_acceptable", "no representation for Accept 'image/png'"),
    409: ("conflict", "an admin cannot revoke the key it is using; use `briefs keys revoke` or another admin key"),
    413: ("body_too_large", "request body over the limit of 1,000,000 bytes (BRIEFS_API_MAX_BODY_BYTES)"),
    422: ("no_arabic", "body.text: no Arabic text found (fewer than 20 Arabic letters)"),
    429: ("rate_limited", "rate limit of this API key exceeded; retry in 2 s"),
    502: ("model_failed", "the model gave no valid extraction: the model refused"),
    503: ("not_ready", "the store is unreachable"),
    504: ("model_timeout", "the model did not answer within 120 s (BRIEFS_API_MODEL_TIMEOUT)"),
}
_ERROR_TEXT = {
    401: "No API key, or an invalid or revoked one.",
    403: "The key's role does not allow this.",
    404: "Not found.",
    406: "None of the accepted media types can be produced.",
    409: "Conflict.",
    413: "The request body is over the size limit.",
    422: "Invalid input: `fields` names each field at fault and why (text with no Arabic, too long, malformed JSON, "
    "...).",
    429: "The key's rate limit is exceeded; `Retry-After` says when to retry.",
    502: "The model failed to give a usable answer.",
    503: "Not ready.",
    504: "The model took too long.",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        name, message = _ERROR_EXAMPLES[code]
        example: dict[str, Any] = {"code": name, "message": message}
        if code == 422:
            example["fields"] = [{"loc": "body.text", "msg": "no Arabic text found (fewer than 20 Arabic letters)"}]
        entry: dict[str, Any] = {
            "model": ErrorBody,
            "description": _ERROR_TEXT[code],
            "content": {"application/json": {"example": {"error": example}}},
        }
        if code == 429:
            entry["headers"] = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}
        out[code] = entry
    return out


AUTH = (401, 403, 429)

# ---- input checks ---------------------------------------------------------------------------------


# The API's error code for each fault of an article text (briefs.inputs.article_problem finds them).
_ARTICLE_ERROR_CODE = {
    ArticleFault.CHARACTERS: "invalid_request",
    ArticleFault.EMPTY: "invalid_request",
    ArticleFault.TOO_LONG: "too_long",
    ArticleFault.NO_ARABIC: "no_arabic",
}


def article_error(text: str, loc: str, settings: Settings) -> tuple[str, FieldError] | None:
    """(error code, the field at fault and why) when `text` is not acceptable Arabic article text."""
    if problem := article_problem(text, settings):
        return _ARTICLE_ERROR_CODE[problem.fault], FieldError(loc=loc, msg=problem.reason)
    return None


def check_article(text: str, loc: str, settings: Settings) -> None:
    if error := article_error(text, loc, settings):
        code, field = error
        raise field_error(422, code, field.loc, field.msg)


def _settings(request: Request) -> Settings:
    return request.app.state.settings


# ---- probes and metrics ---------------------------------------------------------------------------

probes = APIRouter(tags=["operations"])


@probes.get("/healthz", response_model=Health, summary="Liveness: the process answers")
async def healthz() -> Health:
    return Health(status="ok")


@probes.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness: the store is reachable and the extractor configured",
    responses={
        503: {
            "model": Readiness,
            "description": "Not ready: `checks` says what failed.",
            "content": {
                "application/json": {
                    "example": {
                        "status": "not ready",
                        "checks": {"store": "unreachable: OperationalError", "extractor": "ok: lexicon"},
                    }
                }
            },
        }
    },
)
def readyz(request: Request, response: Response) -> Readiness:
    state = request.app.state
    checks = {}
    try:
        state.store.ping()
        checks["store"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        checks["store"] = f"unreachable: {type(error).__name__}"
    checks["extractor"] = state.extractor_check()
    ready = all(v.startswith("ok") for v in checks.values())
    if not ready:
        response.status_code = 503
    return Readiness(status="ready" if ready else "not ready", checks=checks)


@probes.get(
    "/metrics",
    summary="Prometheus metrics",
    description="Requests (by method, route template and status), latencies, model calls and tokens, grounding "
    "checks and failures, articles processed. Prometheus text format. No key needed: it holds counts only.",
    responses={
        200: {
            "content": {
                "text/plain": {
                    "example": "# HELP briefs_http_requests_total HTTP requests...\n"
                    'briefs_http_requests_total{method="GET",route="/healthz",status="200"} 1.0\n'
                }
            }
        }
    },
)
async def metrics(request: Request) -> Response:
    from api.metrics import CONTENT_TYPE

    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE)


# ---- /v1 ------------------------------------------------------------------------------------------


def clean_query(request: Request) -> None:
    """Query strings cross the same boundary as bodies (briefs.inputs.text_problem): a NUL or a
    control character in ?admin1= is a 422 naming the parameter, not a database error."""
    for name, value in request.query_params.multi_items():
        for what, text in ((f"query.{name}", value), ("query", name)):
            if problem := text_problem_at_boundary(text):
                raise field_error(422, "invalid_request", what, problem)


v1 = APIRouter(prefix="/v1", dependencies=[Depends(clean_query)])

ArticleId = Annotated[
    str, Path(description="The article's id: the SHA-256 (64 hex digits) of its text.", examples=[EXAMPLE_HASH])
]


def _run_info(run) -> RunInfo:
    return RunInfo(
        id=run.id,
        config=run.config_key,
        extractor=run.extractor,
        model=run.model,
        prompt_id=run.prompt_id,
        status=run.status,
        tries=run.tries,
        error=run.error,
        queued_at=run.queued_at,
        started_at=run.started_at,
        finished_at=run.finished_at,
        duration_ms=run.duration_ms,
    )


def article_detail(state, article_hash: str) -> ArticleDetail | None:
    store = state.store
    # Runs first: a run reads 'done' only once its result and the article's current run are saved (one
    # transaction), so reading the article after it never pairs 'done' with no result.
    runs = store.queue.runs_of(article_hash)
    article = store.queue.article(article_hash)
    if article is None:
        return None
    mine = [r for r in runs if r.config_key == state.pipeline.config.key]
    status = (mine or runs)[-1].status if runs else None
    result = store.queue.result_of(article.current_run_id) if article.current_run_id is not None else None
    return ArticleDetail(
        id=article.article_hash,
        external_id=article.external_id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published_at=article.published_at,
        created_at=article.created_at,
        text=article.text,
        status=status,
        runs=[_run_info(r) for r in runs],
        summary=result.summary_text if result else None,
        incidents=result.incidents if result else [],
        grounding=result.grounding if result else None,
        flags=result.flags if result else [],
        result=result,
    )


_ONE = {"summary": "One article", "value": {"id": "sdf-dhiban", "text": EXAMPLE_ARTICLE, "published_at": "2023-03-15"}}
_MANY = {
    "summary": "A batch",
    "value": [
        {"id": "a1", "text": EXAMPLE_ARTICLE, "published_at": "2023-03-15"},
        {"id": "a2", "text": EXAMPLE_ARTICLE + " وأضاف المصدر أن التحقيقات مستمرة.", "published_at": "2023-03-15"},
    ],
}


@v1.post(
    "/articles",
    tags=["articles"],
    status_code=202,
    response_model=ArticlesAccepted,
    summary="Submit one article or a batch for processing",
    description=(
        "Stores each article (idempotent: the id is the SHA-256 of the text, so the same text posted twice is stored "
        "once and processed once) and queues it for the server's extractor; answers 202 at once with the ids while "
        "processing goes on in the background. With `?wait=true` the answer waits (up to BRIEFS_API_WAIT_TIMEOUT "
        "seconds) for the results and is 200 with each article's result when all are done, or 202 with their status "
        "when time runs out. A batch is all or nothing: one bad article and nothing is stored (422 names it). "
        "Role: editor."
    ),
    responses={
        200: {
            "model": ArticlesAccepted,
            "description": "With ?wait=true: processing finished (done or failed) for every article.",
        },
        **errors(*AUTH, 413, 422),
    },
)
async def post_articles(
    request: Request,
    body: Annotated[ArticleIn | list[ArticleIn], Body(openapi_examples={"one": _ONE, "many": _MANY})],
    principal: Annotated[Principal, Depends(editor)],
    wait: Annotated[bool, Query(description="Wait for the results (up to BRIEFS_API_WAIT_TIMEOUT seconds).")] = False,
) -> Response | ArticlesAccepted:
    state = request.app.state
    settings = _settings(request)
    items = body if isinstance(body, list) else [body]
    prefix = "body" if not isinstance(body, list) else None
    if not items:
        raise field_error(422, "invalid_request", "body", "no articles: send one article object or a non-empty list")
    if len(items) > settings.api_max_batch:
        raise field_error(
            422,
            "invalid_request",
            "body",
            f"{len(items)} articles is over the limit of {settings.api_max_batch} per request (BRIEFS_API_MAX_BATCH)",
        )
    problems = [
        error
        for index, item in enumerate(items)
        if (error := article_error(item.text, f"{prefix}.text" if prefix else f"body[{index}].text", settings))
    ]
    if problems:
        code = problems[0][0] if len({c for c, _ in problems}) == 1 else "invalid_request"
        raise ApiError(422, code, "; ".join(f"{f.loc}: {f.msg}" for _, f in problems), fields=[f for _, f in problems])
    texts = [
        ArticleText(
            id=item.id or "",
            text=item.text,
            title=item.title,
            published_at=item.published_at,
            outlet=item.outlet,
            url=item.url,
        )
        for item in items
    ]
    result = await run_in_threadpool(state.ingest, texts, f"api key {principal.key_id}")
    state.worker.kick()
    key = state.pipeline.config.key
    statuses = await run_in_threadpool(state.store.queue.statuses, result.hashes, key)
    finished = lambda: all(statuses.get(h, (RunStatus.PENDING,))[0].finished for h in result.hashes)  # noqa: E731
    if wait:
        deadline = time.monotonic() + settings.api_wait_timeout
        while not finished() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            statuses = await run_in_threadpool(state.store.queue.statuses, result.hashes, key)
    details = {}
    if wait and finished():
        # The worker does too, just after saving: a brief read next must see these.
        state.briefs.invalidate(await run_in_threadpool(state.store.reports.article_dates, result.hashes))
        for h in dict.fromkeys(result.hashes):
            details[h] = await run_in_threadpool(article_detail, state, h)
    accepted = ArticlesAccepted(
        extractor=key,
        articles=[
            ArticleAccepted(
                id=h,
                external_id=text.id or h,
                new=h in result.new,
                status=statuses.get(h, (RunStatus.PENDING, None))[0],
                error=statuses.get(h, (RunStatus.PENDING, None))[1],
                location=f"/v1/articles/{h}",
                article=details.get(h),
            )
            for h, text in zip(result.hashes, texts, strict=True)
        ],
    )
    if details:
        return Response(accepted.model_dump_json(), media_type="application/json", status_code=200)
    return accepted


@v1.get(
    "/articles/{article_id}",
    tags=["articles"],
    response_model=ArticleDetail,
    summary="An article, its incidents, summary, grounding report and run status",
    description="Role: reader.",
    responses=errors(*AUTH, 404, 422),
)
async def get_article(
    request: Request, article_id: ArticleId, _: Annotated[Principal, Depends(reader)]
) -> ArticleDetail:
    if not re.fullmatch(r"[0-9a-f]{64}", article_id):
        raise field_error(
            422,
            "invalid_request",
            "path.article_id",
            "an article id is the SHA-256 of its text: 64 lower-case hex digits",
        )
    detail = await run_in_threadpool(article_detail, request.app.state, article_id)
    if detail is None:
        raise ApiError(404, "not_found", f"no article with id {article_id}")
    return detail


@v1.post(
    "/summaries",
    tags=["summaries"],
    response_model=SummaryResponse,
    summary="Summarize an Arabic article now: English summary, incidents and grounding report",
    description=(
        "Synchronous: runs the extractor on the text and answers with the result (nothing is stored but the model "
        "calls' log). `model` picks the extractor ('lexicon', the server's BRIEFS_MODEL, or one listed in "
        "BRIEFS_API_MODELS), `prompt` its prompt version, `length` how many summary sentences to keep (the grounding "
        "report is on the text returned). A model that does not answer within BRIEFS_API_MODEL_TIMEOUT seconds gives "
        "504. Role: editor."
    ),
    responses=errors(*AUTH, 413, 422, 502, 504),
)
async def post_summary(
    request: Request, body: SummaryRequest, _: Annotated[Principal, Depends(editor)]
) -> SummaryResponse:
    settings = _settings(request)
    check_article(body.text, "body.text", settings)
    return await request.app.state.summarizer.summarize(body)


@v1.post(
    "/check",
    tags=["grounding"],
    response_model=GroundingRecord,
    summary="Check every number and name of an English text against its Arabic source",
    description=(
        "The deterministic grounding check: each number in `text` gets a status (supported, approximate, unsupported, "
        "misattributed) and the Arabic evidence (offsets into `source`); so does each place, actor and day in `names` "
        "(supported, unsupported, misattributed, or unknown for a name the dictionaries do not know). `verdict` is "
        "'unsupported' when any number or name is unsupported or misattributed. Role: editor."
    ),
    responses={200: {"content": {"application/json": {"example": EXAMPLE_CHECK}}}, **errors(*AUTH, 413, 422)},
)
def post_check(request: Request, body: CheckRequest, _: Annotated[Principal, Depends(editor)]) -> Response:
    settings = _settings(request)
    check_article(body.source, "body.source", settings)
    if not body.text.strip():
        raise field_error(422, "invalid_request", "body.text", "the English text is empty")
    if too_long := length_problem(body.text, settings):
        raise field_error(422, "too_long", "body.text", too_long)
    report = request.app.state.check(body.source, body.text, body.published_at)
    return Response(report, media_type="application/json")


@v1.get(
    "/briefs/{day}",
    tags=["briefs"],
    summary="The brief of a day: JSON, Markdown or HTML",
    description=(
        "The daily brief: headline totals, merged incidents with every source and its Arabic evidence, and what needs "
        "review. JSON by default; Markdown or HTML by `?format=md|html` or by `Accept: text/markdown` / `text/html` "
        "(`format` wins). Cached and revalidated against the store (ETag / If-None-Match → 304). Role: reader."
    ),
    responses={
        200: {
            "description": "The brief.",
            "content": {
                "application/json": {
                    "example": {
                        "date_from": "2023-03-14",
                        "date_to": "2023-03-14",
                        "headline": {"incidents": 1, "killed": 5},
                    }
                },
                "text/markdown": {"example": "# Brief: 14 March 2023\n..."},
                "text/html": {"example": "<!doctype html><html>...</html>"},
            },
        },
        304: {"description": "Not modified (If-None-Match matched the ETag)."},
        **errors(*AUTH, 406, 422),
    },
)
async def get_brief(
    request: Request,
    day: Annotated[Day, Path(description="The day, YYYY-MM-DD.", examples=["2023-03-14"])],
    _: Annotated[Principal, Depends(reader)],
    format: Annotated[BriefFormat | None, Query(description="json, md or html; overrides Accept.")] = None,
) -> Response:
    fmt = format or negotiate(request.headers.get("accept"))
    if fmt is None:
        raise ApiError(
            406,
            "not_acceptable",
            f"no representation for Accept {request.headers.get('accept')!r}; "
            "this endpoint gives application/json, text/markdown or text/html (or use ?format=)",
        )
    rendered = await request.app.state.briefs.serve(day, day, fmt)
    return brief_response(rendered, request.headers.get("if-none-match"), request.headers.get("accept-encoding"))


def _acled_rows(store, rows: list) -> list[dict]:
    """Each stored report's row by the export's own row builder (`briefs incidents`), as a brief of one report."""
    from briefs.brief.merge import Report, merge_reports
    from briefs.brief.rows import incident_rows
    from briefs.domain import BriefSource

    sources: dict[str, BriefSource] = {}
    for row in rows:
        if row.article_hash not in sources and (article := store.queue.article(row.article_hash)) is not None:
            sources[row.article_hash] = BriefSource(
                article_hash=article.article_hash,
                article_id=article.external_id,
                title=article.title,
                outlet=article.outlet,
                url=article.url,
                published_at=article.published_at,
            )
    now = datetime.now(UTC)
    return [
        incident_rows(
            merge_reports([Report(Incident.model_validate(row.data), sources[row.article_hash], row.position)]), now
        )[0]
        for row in rows
    ]


@v1.get(
    "/incidents",
    tags=["incidents"],
    response_model=IncidentPage,
    summary="Incidents, filtered, with cursor pagination",
    description=(
        "Every incident of every article's current result (one per report: the brief merges reports of one event), "
        "oldest row first. Filters combine with AND. Follow `next_cursor` until it is null. Role: reader."
    ),
    responses=errors(*AUTH, 422),
)
async def get_incidents(
    request: Request,
    _: Annotated[Principal, Depends(reader)],
    date_from: Annotated[Day | None, Query(description="Earliest event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[Day | None, Query(description="Latest event date, YYYY-MM-DD.")] = None,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code, e.g. SYR.")
    ] = None,
    admin1: Annotated[
        str | None, Query(max_length=200, description="First-level division, e.g. Deir ez-Zor (case-insensitive).")
    ] = None,
    event_type: Annotated[EventType | None, Query(description="ACLED event type.")] = None,
    min_fatalities: Annotated[
        int | None, Query(ge=0, le=10_000_000, description="At least this many fatalities.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Page size.")] = 50,
    cursor: Annotated[str | None, Query(max_length=100, description="next_cursor of the previous page.")] = None,
) -> IncidentPage:
    if date_from and date_to and date_from > date_to:
        raise field_error(
            422, "invalid_request", "query.date_from", f"date_from ({date_from}) is after date_to ({date_to})"
        )
    after = None
    if cursor is not None:
        try:
            after = decode_cursor(cursor)
        except ValueError as error:
            raise field_error(422, "invalid_request", "query.cursor", str(error)) from None
    filters = IncidentFilters(
        date_from, date_to, country, admin1, str(event_type) if event_type else None, min_fatalities
    )
    rows, last = await run_in_threadpool(
        request.app.state.store.reports.incidents_page, filters, after=after, limit=limit
    )
    acled = await run_in_threadpool(_acled_rows, request.app.state.store, rows)
    items = [
        IncidentItem(
            id=row.id,
            article_id=row.article_hash,
            index=row.position,
            event_date=row.event_date,
            country=row.country,
            admin1=row.admin1,
            event_type=row.event_type,
            sub_event_type=row.sub_event_type,
            fatalities=row.fatalities,
            needs_review=row.needs_review,
            incident=Incident.model_validate(row.data),
            acled=columns,
        )
        for row, columns in zip(rows, acled, strict=True)
    ]
    return IncidentPage(items=items, next_cursor=encode_cursor(last) if last is not None else None)


# ---- keys (admin) ---------------------------------------------------------------------------------


def _key_info(row) -> KeyInfo:
    return KeyInfo(
        id=row.id, prefix=row.prefix, name=row.name, role=row.role, created_at=row.created_at, revoked_at=row.revoked_at
    )


@v1.post(
    "/keys",
    tags=["keys"],
    status_code=201,
    response_model=KeyCreated,
    summary="Create an API key",
    description="The key is in the answer once; only its hash is stored. Role: admin.",
    responses=errors(*AUTH, 413, 422),
)
async def create_key(request: Request, body: KeyCreate, _: Annotated[Principal, Depends(admin)]) -> KeyCreated:
    plaintext, row = await run_in_threadpool(request.app.state.store.keys.create, body.role, body.name)
    return KeyCreated(**_key_info(row).model_dump(), key=plaintext)


@v1.get(
    "/keys",
    tags=["keys"],
    response_model=list[KeyInfo],
    summary="List API keys (never the keys themselves)",
    description="Role: admin.",
    responses={
        200: {"content": {"application/json": {"example": [KEY_INFO_EXAMPLE]}}},
        **errors(*AUTH),
    },
)
async def list_keys(request: Request, _: Annotated[Principal, Depends(admin)]) -> list[KeyInfo]:
    return [_key_info(row) for row in await run_in_threadpool(request.app.state.store.keys.all)]


@v1.delete(
    "/keys/{key_id}",
    tags=["keys"],
    status_code=204,
    summary="Revoke an API key",
    description="Takes effect at once in this server process (within BRIEFS_API_KEY_CACHE_SECONDS in others). "
    "The key making the request cannot revoke itself (409). Role: admin.",
    responses={204: {"description": "Revoked."}, **errors(*AUTH, 404, 409, 422)},
)
async def revoke_key(
    request: Request, key_id: Annotated[int, Path(ge=1, le=2**62)], principal: Annotated[Principal, Depends(admin)]
) -> Response:
    if key_id == principal.key_id:
        raise ApiError(
            409, "conflict", "an admin cannot revoke the key it is using; use `briefs keys revoke` or another admin key"
        )
    if not await run_in_threadpool(request.app.state.store.keys.revoke, key_id):
        raise ApiError(404, "not_found", f"no live key with id {key_id}")
    request.app.state.keys.forget(key_id)
    return Response(status_code=204)


__all__ = ["EXAMPLE_ENGLISH", "GroundingRecord", "article_detail", "negotiate", "probes", "v1"]
