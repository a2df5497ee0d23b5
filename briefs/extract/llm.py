"""The LLM extractor: the openai client on any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp).

How the model is held to the schema is the output mode (BRIEFS_OUTPUT_MODE), as instructor calls it:
`json_schema` (strict structured output), `json_object`, `tools` (a forced function call) or `prompt`
(the schema in the system message). `auto` starts with json_schema and, on a 400 that names the
format, falls back down that list once per server; the mode that worked is remembered in the call log.

The extractor is given what it uses (`briefs.extract.select` builds it): the server and client, the
call log and cache (`briefs.extract.calls.CallLog`), the prompt, the settings, and hooks told of each
call, retry, re-ask and repair (`briefs.extract.hooks`). Each call ends in a `CallOutcome`.

Failures, each classified (`briefs.errors.ModelFailure`), logged as a typed entry of the call log and
told in one line:
- transport failures (429 rate limits, 5xx, 408, timeouts, lost connections, unreadable bodies) are
  retried by tenacity with backoff and jitter, honouring Retry-After, within a total deadline per
  call (BRIEFS_REQUEST_DEADLINE); the SDK's own retries are off so the two never multiply;
- auth, no such model, bad request, context length and an exhausted quota are not retried; auth,
  model and quota end the extractor's later calls at once (they would fail the same way);
- a reply is read tolerantly (fences, <think>, prose: `briefs.extract.reply`) and validated strictly;
  what fails is re-asked naming each problem (bounded);
- a reply cut off at the token limit is asked once more with a higher, bounded limit; a refusal
  (`refusal`, or finish_reason `content_filter`) ends the article;
- a reply whose figures or quotes fail grounding gets a repair round listing each failure (bounded).
Every valid extraction of the conversation is kept: when a later round fails, the best one (fewest
grounding failures) is the result, flagged. Only a reply that parsed and validated is cached; the
cache key holds the server's base URL and the whole request.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

import openai
from aiolimiter import AsyncLimiter
from openai.types.chat import ChatCompletion
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from briefs.config import Settings
from briefs.domain import ExtractionResult, article_hash
from briefs.errors import BriefsError, ModelFailure, ModelServiceError
from briefs.extract.base import OnDone, Outcome
from briefs.extract.calls import CachedReply, CallLog, CallOutcome, ModelCallEntry
from briefs.extract.endpoint import Endpoint
from briefs.extract.grounding import Grounded, ground, result_from
from briefs.extract.hooks import (
    ArticleFailed,
    ArticleStarted,
    CallMade,
    CallServedFromCache,
    Hooks,
    Reasking,
    Repairing,
    Retrying,
)
from briefs.extract.prompts import Prompt
from briefs.extract.reply import ParsedReply, parse_reply, reask_message, validate_reply
from briefs.extract.schema import Extraction
from briefs.hashing import content_hash
from briefs.inputs import ArticleText
from briefs.strict_schema import strict_json_schema

MODES = ("json_schema", "json_object", "tools", "prompt")
TOOL_NAME = "record_extraction"
_MAX_RETRY_AFTER = 60.0
# Grounding an article up to this long takes a few ms of CPU: less on the event loop than the hop to a
# thread costs (measured ~2 ms of CPU an article under GIL contention, bench/bench_extract.py). A longer
# text is grounded in a thread, so it does not stall the other calls' I/O.
_GROUND_ON_LOOP_CHARACTERS = 8_000
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
# Words by which a server's 400 says it does not take a mode (vLLM and llama.cpp name the field).
_MODE_WORDS = {
    "json_schema": ("response_format", "response format", "json_schema", "structured output"),
    "json_object": ("response_format", "response format", "json_object"),
    "tools": ("tool", "function"),
}
_CONTEXT_LENGTH = re.compile(
    r"context[_ ]length|maximum context|context window|context size|too many tokens|prompt is too long", re.I
)


T = TypeVar("T")


# A batch's request slots: `concurrency` bounds the requests in flight at the server, not the articles in
# progress, so an article gives its slot back while its reply is validated and grounded (its CPU would
# otherwise hold the next request back: 16 replies of a round arrive together and are worked in turn).
_REQUEST_SLOTS: ContextVar[asyncio.Semaphore | None] = ContextVar("briefs_request_slots", default=None)


def _request_slot() -> AbstractAsyncContextManager[Any]:
    slots = _REQUEST_SLOTS.get()
    return slots if slots is not None else nullcontext()


class _NotACompletion(Exception):
    """A 200 whose body has no choices."""


@dataclass
class _Reply:
    raw: str  # the text the model wrote (a tool call's arguments in tools mode)
    parsed: ParsedReply
    finish_reason: str | None
    refusal: str | None
    tokens: tuple[int | None, int | None]
    cache_key: str
    cached: bool = False
    # The write of this call to the call log (and the hooks told after it), under way while the reply is
    # validated and grounded; the conversation awaits it before it goes on.
    logged: Awaitable[None] = field(default_factory=lambda: _done())


class _GroupLog:
    """The call log, written a group per transaction (group commit): the calls that end while a write
    is under way are written together by the next one. Each call still waits until its row is stored."""

    def __init__(self, calls: CallLog) -> None:
        self.calls = calls
        self._pending: list[tuple[ModelCallEntry, asyncio.Future]] = []
        self._writing: asyncio.Task | None = None

    async def write(self, entry: ModelCallEntry) -> None:
        done = asyncio.get_running_loop().create_future()
        self._pending.append((entry, done))
        if self._writing is None:
            self._writing = asyncio.create_task(self._drain())
        await asyncio.shield(done)  # a caller cancelled while its group is written leaves the group whole

    async def _drain(self) -> None:
        try:
            while self._pending:
                group, self._pending = self._pending, []
                try:
                    await asyncio.to_thread(self.calls.log_calls, [entry for entry, _ in group])
                except Exception as error:  # noqa: BLE001 - each waiting call gets the store's error
                    for _, done in group:
                        done.set_exception(error)
                        done.exception()  # retrieved here: a cancelled caller no longer waits for it
                else:
                    for _, done in group:
                        done.set_result(None)
        finally:
            self._writing = None


@dataclass
class _Candidate:
    round: int
    extraction: Extraction
    grounded: Grounded


class LLMExtractor:
    """The `Extractor` over a model. It is given what it uses (`briefs.extract.select.make_llm_extractor`
    builds them from the settings): the server (`endpoint`) and its `client`, the `calls` log and
    response cache, the `prompt`, the `settings`, and `hooks` that are told of each call, retry,
    re-ask and repair."""

    name: Literal["llm"] = "llm"

    def __init__(
        self,
        model: str,
        *,
        endpoint: Endpoint,
        client: openai.AsyncOpenAI,
        calls: CallLog,
        prompt: Prompt,
        settings: Settings,
        hooks: Hooks | None = None,
        use_cache: bool = True,
    ) -> None:
        self.settings = settings
        self.model_name = model
        self.endpoint = endpoint
        self.prompt = prompt
        self.calls = calls
        self.hooks = hooks or Hooks()
        self.use_cache = use_cache
        self.client = client
        self.schema = extraction_schema()
        self.max_tokens: int | None = self.prompt.params.get("max_tokens")
        # OpenAI's current name for the limit; the open servers all take the older max_tokens.
        self.token_param = "max_completion_tokens" if self.endpoint.is_openai else "max_tokens"
        self._runner = asyncio.Runner()
        explicit = {"requests_per_minute", "tokens_per_minute"} & self.settings.model_fields_set
        limited = not self.endpoint.local or bool(explicit)
        self.request_limiter = AsyncLimiter(self.settings.requests_per_minute, 60) if limited else None
        self.token_limiter = AsyncLimiter(self.settings.tokens_per_minute, 60) if limited else None
        self._mode: str | None = None if self.settings.output_mode == "auto" else self.settings.output_mode
        self._mode_settled = self._mode is not None
        self._probe = asyncio.Lock()
        self._probed = False
        self._fatal: ModelServiceError | None = None
        self._prefix: list[dict] | None = None
        self._constants: dict[str, _Constants] = {}
        self._log = _GroupLog(calls)

    # ---- public API ---------------------------------------------------------------------------
    def extract(self, article: ArticleText) -> Outcome:
        return self._runner.run(self.aextract(article))

    def extract_many(
        self, articles: Sequence[ArticleText], *, concurrency: int | None = None, on_done: OnDone | None = None
    ) -> list[Outcome]:
        """Synchronous aextract_many. One event loop per extractor: the HTTP client's pooled
        connections belong to the loop that opened them."""
        return self._runner.run(self.aextract_many(articles, concurrency=concurrency, on_done=on_done))

    def close(self) -> None:
        """Close the HTTP connections in the loop that opened them, then the loop."""
        self._runner.run(self.client.close())
        self._runner.close()

    async def aextract_many(
        self, articles: Sequence[ArticleText], *, concurrency: int | None = None, on_done: OnDone | None = None
    ) -> list[Outcome]:
        """Extract articles concurrently (bounded), in input order; `on_done` is called as each ends.
        Each article ends with an Outcome, its `error` set when it has none: a batch never raises, so
        no caller sends an article twice to find the one that failed."""
        slots = concurrency or self.settings.concurrency
        # Twice as many articles in progress as requests in flight: while some are validated and grounded,
        # the others' requests keep every slot busy.
        gate = asyncio.Semaphore(2 * slots)
        batch_slots = _REQUEST_SLOTS.set(asyncio.Semaphore(slots))  # the tasks gathered below copy this context
        self._fatal = None  # each batch asks once more: a long-running worker recovers when the key or quota is fixed

        async def one(article: ArticleText) -> Outcome:
            async with gate:
                try:
                    outcome = await self.aextract(article)
                except Exception as error:  # noqa: BLE001 - a bug on one article is recorded, not fatal to the batch
                    self.hooks.emit(ArticleFailed(article, error))
                    outcome = _failed(error)
            if on_done:
                on_done(article, outcome)
            return outcome

        try:
            return await asyncio.gather(*(one(article) for article in articles))
        finally:
            _REQUEST_SLOTS.reset(batch_slots)

    async def aextract(self, article: ArticleText) -> Outcome:
        """One article's conversation: extract, re-ask, repair, retry a cut-off; the best valid
        extraction seen is the result. A model service failure with nothing valid yet raises."""
        self.hooks.emit(ArticleStarted(article))
        messages = self.messages_for(article)
        digest = article_hash(article.text)  # the call log names the article by its id in the store
        candidates: list[_Candidate] = []
        reasks = repairs = rounds = 0
        max_tokens = self.max_tokens
        retried_cut_off = False
        purpose = "extract"
        while True:
            rounds += 1
            try:
                reply = await self._call(messages, digest, purpose, rounds, max_tokens)
            except ModelServiceError as error:
                if candidates:
                    return await self._best(candidates, article, rounds, f"round {rounds} failed: {error}")
                raise
            extraction: Extraction | None = None
            problems: list[str] = []
            grounded: Grounded | None = None
            try:
                if reply.refusal is None and reply.finish_reason != "length":
                    extraction, problems = validate_reply(reply.parsed)
                    if extraction is not None:
                        grounded = await self._keep_and_ground(reply, extraction, article)
            finally:
                await reply.logged  # the call is in the log, and told, before the conversation goes on
            if reply.refusal is not None:
                if candidates:
                    return await self._best(
                        candidates, article, rounds, f"the model refused in round {rounds}: {reply.refusal}"
                    )
                return Outcome(
                    None,
                    rounds,
                    [f"the model refused: {reply.refusal}"],
                    refusal=reply.refusal,
                    failure_kind=ModelFailure.REFUSAL,
                )
            if reply.finish_reason == "length":
                higher = self._higher_limit(max_tokens)
                if not retried_cut_off and higher is not None:
                    retried_cut_off, max_tokens, purpose = True, higher, "cut_off_retry"
                    continue
                why = _cut_off(reply, max_tokens)
                if candidates:
                    return await self._best(candidates, article, rounds, why)
                return Outcome(
                    None,
                    rounds,
                    [why],
                    error=f"model service failed ({ModelFailure.CUT_OFF}): {why}",
                    failure_kind=ModelFailure.CUT_OFF,
                )
            if extraction is None or grounded is None:
                if reasks >= self.settings.max_reasks:
                    why = f"no valid extraction after {rounds} attempts: {problems[0]}"
                    return (
                        (await self._best(candidates, article, rounds, why))
                        if candidates
                        else Outcome(None, rounds, [why])
                    )
                reasks += 1
                purpose = "reask"
                self.hooks.emit(Reasking(digest, rounds + 1, problems))
                messages = [
                    *messages,
                    {"role": "assistant", "content": reply.raw},
                    {"role": "user", "content": reask_message(problems, reply.parsed.wrappers)},
                ]
                continue
            candidates.append(_Candidate(rounds, extraction, grounded))
            if grounded.failures and repairs < self.settings.max_repairs:
                repairs += 1
                purpose = "repair"
                self.hooks.emit(Repairing(digest, rounds + 1, grounded.failures))
                messages = [
                    *messages,
                    {"role": "assistant", "content": reply.raw},
                    {"role": "user", "content": repair_message(grounded.failures)},
                ]
                continue
            return await self._best(candidates, article, rounds, None)

    async def _keep_and_ground(self, reply: _Reply, extraction: Extraction, article: ArticleText) -> Grounded:
        """Cache the valid reply and ground its extraction, both while the call's row is being written."""
        grounding = _beside_the_loop(
            article.text, ground, extraction, article.text, threshold=self.settings.fuzzy_threshold
        )
        if not self.use_cache or reply.cached:
            return await grounding
        keeping = asyncio.to_thread(
            self.calls.cache,
            reply.cache_key,
            CachedReply(reply.raw, *reply.tokens),
            model=self.model_name,
            prompt_hash=self.prompt.hash,
        )
        _, grounded = await asyncio.gather(keeping, grounding)
        return grounded

    def messages_for(self, article: ArticleText) -> list[dict]:
        """The system message and few-shot turns (formatted once per prompt and process), then the article."""
        last = self.prompt.user.format(
            article=fence_safe(article.text),
            published_at=article.published_at.isoformat() if article.published_at else "unknown",
            outlet=article.outlet or "unknown",
        )
        return [*self._prompt_prefix(), {"role": "user", "content": last}]

    def _prompt_prefix(self) -> list[dict]:
        if self._prefix is None:
            self._prefix = _prompt_prefix(self.prompt)
        return self._prefix

    def _higher_limit(self, current: int | None) -> int | None:
        cap = self.settings.max_completion_tokens_cap
        higher = cap if current is None else min(cap, 2 * current)
        return higher if current is None or higher > current else None

    async def _best(
        self, candidates: list[_Candidate], article: ArticleText, rounds: int, failed: str | None
    ) -> Outcome:
        """The valid extraction with the fewest grounding failures (the latest among equals), flagged
        when it is not the last round's."""
        best = min(reversed(candidates), key=lambda c: len(c.grounded.failures))
        flags = []
        if failed is not None:
            flags.append(f"kept the valid reply of round {best.round}: {failed}")
        elif best is not candidates[-1]:
            flags.append(
                f"kept the reply of round {best.round}: the repair of round {candidates[-1].round} was grounded worse"
            )
        result = await _beside_the_loop(
            article.text, self._result, best.extraction, best.grounded, article, rounds, flags
        )
        return Outcome(result, rounds, result.flags)

    def _result(
        self, extraction: Extraction, grounded: Grounded, article: ArticleText, attempts: int, flags: list[str]
    ) -> ExtractionResult:
        return result_from(
            extraction,
            grounded,
            article,
            extractor=self.name,
            model=self.model_name,
            prompt_id=self.prompt.id,
            prompt_hash=self.prompt.hash,
            attempts=attempts,
            threshold=self.settings.fuzzy_threshold,
            extra_flags=flags,
        )

    # ---- output modes ---------------------------------------------------------------------------
    async def _current_mode(self) -> str:
        if self._mode is None:
            self._mode = await asyncio.to_thread(self.calls.output_mode, self.endpoint.shown) or MODES[0]
            self._mode_settled = self._mode != MODES[0]  # a remembered fallback is settled; json_schema is to be tried
        return self._mode

    def _request(self, mode: str, messages: list[dict], max_tokens: int | None) -> dict:
        constants = self._constants_for(mode)
        if constants.system is not None:  # the server does not know the schema: the system message says it
            messages = [constants.system, *messages[1:]]
        request: dict = {
            "model": self.endpoint.model,
            "messages": messages,
            "temperature": self.prompt.params.get("temperature", 0),
        }
        if max_tokens is not None:
            request[self.token_param] = max_tokens
        request.update(constants.fields)
        return request

    def _constants_for(self, mode: str) -> _Constants:
        """What a mode adds to every request (the schema as response_format or tool, or the system message
        that holds it), built once per extractor and mode and serialized once."""
        if (constants := self._constants.get(mode)) is None:
            prefix = self._prompt_prefix()
            system = None
            fields: dict = {}
            if mode in ("json_object", "prompt"):
                instruction = (
                    "\n\nReply with one JSON object that matches this JSON Schema exactly, and nothing else:\n"
                    + _json(self.schema)
                )
                system = {"role": "system", "content": prefix[0]["content"] + instruction}
            if mode == "json_schema":
                fields["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": "extraction", "schema": self.schema, "strict": True},
                }
            elif mode == "json_object":
                fields["response_format"] = {"type": "json_object"}
            elif mode == "tools":
                fields["tools"] = [
                    {
                        "type": "function",
                        "function": {
                            "name": TOOL_NAME,
                            "description": "Record the incidents and the summary extracted from the article.",
                            "parameters": self.schema,
                            "strict": True,
                        },
                    }
                ]
                fields["tool_choice"] = {"type": "function", "function": {"name": TOOL_NAME}}
            constant = [*prefix, *([system] if system else []), *fields.values()]
            texts = {id(value): (value, _json(value)) for value in constant}
            constants = self._constants[mode] = _Constants(system, fields, texts)
        return constants

    def _serialize(self, mode: str, request: dict) -> bytes:
        """The request as compact UTF-8 JSON, byte for byte `json.dumps(request)`: what is the same in every
        request (the system message and few-shot turns, the schema) is serialized once, and only the article
        and the turns after it each time (~27 kB of JSON, most of it the prompt and schema)."""
        known = self._constants[mode].texts

        def text(value: object) -> str:
            held = known.get(id(value))
            return held[1] if held is not None and held[0] is value else _json(value)

        parts = []
        for key, value in request.items():
            value_text = "[" + ",".join(map(text, value)) + "]" if key == "messages" else text(value)
            parts.append(f"{_json(key)}:{value_text}")
        return ("{" + ",".join(parts) + "}").encode()

    # ---- one model call: cache, mode fallback, log ------------------------------------------------
    async def _call(
        self, messages: list[dict], digest: str, purpose: str, attempt: int, max_tokens: int | None
    ) -> _Reply:
        await self._current_mode()
        if not self._mode_settled and not self._probed:
            async with self._probe:  # the first call finds the mode while the others wait for it
                if not self._mode_settled and not self._probed:
                    try:
                        return await self._call_in_mode(messages, digest, purpose, attempt, max_tokens)
                    finally:
                        self._probed = True  # found or not (the server may be down), the others go on at once
        return await self._call_in_mode(messages, digest, purpose, attempt, max_tokens)

    async def _call_in_mode(
        self, messages: list[dict], digest: str, purpose: str, attempt: int, max_tokens: int | None
    ) -> _Reply:
        while True:
            mode = await self._current_mode()
            request = self._request(mode, messages, max_tokens)
            body = self._serialize(mode, request)  # serialized once: sent and keyed
            key = content_hash(self.endpoint.shown, mode, hashlib.sha256(body).hexdigest())
            sent = ModelCallEntry(
                article_hash=digest,
                model=self.model_name,
                prompt_id=self.prompt.id,
                prompt_hash=self.prompt.hash,
                purpose=purpose,
                attempt=attempt,
                messages=request["messages"],
                base_url=self.endpoint.shown,
                output_mode=mode,
                outcome=CallOutcome.OK,
            )
            if self.use_cache and (hit := await asyncio.to_thread(self.calls.cached, key)):
                await self._record(
                    replace(
                        sent,
                        raw_response=hit.raw_response,
                        input_tokens=hit.input_tokens,
                        output_tokens=hit.output_tokens,
                        latency_ms=0.0,
                        cached=True,
                        finish_reason="stop",
                    )
                )
                return _Reply(
                    hit.raw_response,
                    parse_reply(hit.raw_response),
                    "stop",
                    None,
                    (hit.input_tokens, hit.output_tokens),
                    key,
                    cached=True,
                )
            try:
                completion, latency = await self._send(request, body, sent)
            except ModelServiceError as error:
                fallback = self._fallback(mode, error)
                if fallback is None:
                    raise
                self._mode = fallback
                continue
            reply = self._reply_from(completion, key)
            if not self._mode_settled:
                self._mode_settled = True
                if mode != MODES[0]:
                    await asyncio.to_thread(self.calls.remember_output_mode, self.endpoint.shown, mode)
            reply.logged = asyncio.ensure_future(self._record(_answered(sent, reply, max_tokens, latency)))
            return reply

    def _fallback(self, mode: str, error: ModelServiceError) -> str | None:
        """The next mode down the list when `auto` is choosing and the server's 400 names this one."""
        if self.settings.output_mode != "auto" or self._mode_settled or error.kind is not ModelFailure.BAD_REQUEST:
            return None
        said = str(error).lower()
        if mode not in _MODE_WORDS or not any(word in said for word in _MODE_WORDS[mode]):
            return None
        return MODES[MODES.index(mode) + 1]

    async def _record(self, call: ModelCallEntry) -> None:
        """Log the call (it waits for its group's write), then tell the hooks."""
        await self._log.write(call)
        self.hooks.emit(CallServedFromCache(call) if call.cached else CallMade(call))

    @staticmethod
    def _reply_from(completion, key: str) -> _Reply:
        choice = completion.choices[0]
        message = choice.message
        raw = (message.tool_calls[0].function.arguments if message.tool_calls else message.content) or ""
        if not isinstance(raw, str):  # a server that answers in content parts
            raw = (
                "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in raw)
                if isinstance(raw, list)
                else str(raw)
            )
        refusal = getattr(message, "refusal", None) or None
        if choice.finish_reason == "content_filter" and refusal is None:
            refusal = "the server's content filter stopped the reply"
        usage = completion.usage
        tokens = (usage.prompt_tokens, usage.completion_tokens) if usage else (None, None)
        return _Reply(raw, parse_reply(raw), choice.finish_reason, refusal, tokens, key)

    # ---- one HTTP request, with limits, transport retries and the deadline ------------------------
    async def _send(self, request: dict, body: bytes, sent: ModelCallEntry) -> tuple[ChatCompletion, float]:
        async with _request_slot():  # held for the request and its transport retries only
            return await self._send_in_slot(request, body, sent)

    async def _send_in_slot(self, request: dict, body: bytes, sent: ModelCallEntry) -> tuple[ChatCompletion, float]:
        if self._fatal is not None:
            raise self._fatal
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.request_deadline
        estimate = sum(len(m["content"]) for m in request["messages"]) // 3 + int(request.get(self.token_param) or 1000)
        retrying = AsyncRetrying(
            retry=retry_if_exception(
                lambda e: isinstance(e, ModelServiceError) and e.kind.retriable and loop.time() < deadline
            ),
            stop=stop_after_attempt(1 + self.settings.transport_retries),
            wait=lambda state: min(
                _wait_for(state, initial=self.settings.retry_wait), max(0.0, deadline - loop.time())
            ),
            before_sleep=lambda state: self._retrying(sent, state),
            reraise=True,
        )
        try:
            return await self._send_with(retrying, body, sent, estimate, deadline)
        except ModelServiceError as error:
            tries = retrying.statistics.get("attempt_number", 1)
            if tries > 1:
                raise ModelServiceError(error.kind, f"{error.detail} (after {tries} tries)") from None
            raise

    def _retrying(self, sent: ModelCallEntry, state: RetryCallState) -> None:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, ModelServiceError):
            wait = state.next_action.sleep if state.next_action else 0.0
            self.hooks.emit(Retrying(sent.article_hash, sent.purpose, state.attempt_number, failure.kind, wait))

    async def _send_with(
        self, retrying: AsyncRetrying, body: bytes, sent: ModelCallEntry, estimate: int, deadline: float
    ) -> tuple[ChatCompletion, float]:
        loop = asyncio.get_running_loop()
        async for retry in retrying:
            with retry:
                if self.request_limiter is not None and self.token_limiter is not None:
                    await self.request_limiter.acquire()
                    await self.token_limiter.acquire(min(estimate, self.settings.tokens_per_minute))
                started = time.perf_counter()
                try:
                    remaining = deadline - loop.time()
                    if remaining <= 0:
                        raise TimeoutError
                    async with asyncio.timeout(remaining):
                        # The plain POST of the serialized request: the SDK's typed create() walks the
                        # whole schema and prompt to transform them, ~5 ms of CPU per call.
                        completion = await self.client.post("/chat/completions", cast_to=ChatCompletion, content=body)
                    if not completion.choices:
                        raise _NotACompletion
                except (openai.APIError, json.JSONDecodeError, TimeoutError, _NotACompletion) as error:
                    failure = self._classify_with_retry_after(error)
                    if failure.kind.fatal:
                        self._fatal = failure
                    await self._record(
                        replace(
                            sent,
                            outcome=CallOutcome.SERVICE_ERROR,
                            error=str(failure),
                            failure=failure.kind,
                            latency_ms=_ms(started),
                        )
                    )
                    raise failure from None
                return completion, _ms(started)
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    def _classify(self, error: Exception) -> ModelServiceError:
        server = self.endpoint.shown
        if isinstance(error, TimeoutError):
            return ModelServiceError(
                ModelFailure.TIMEOUT,
                f"no complete reply from {server} within {self.settings.request_deadline:g} s "
                "(BRIEFS_REQUEST_DEADLINE)",
            )
        if isinstance(error, openai.APITimeoutError):  # before APIConnectionError, its parent
            return ModelServiceError(
                ModelFailure.TIMEOUT,
                f"{server} sent nothing for {self.settings.request_timeout:g} s (BRIEFS_REQUEST_TIMEOUT)",
            )
        if isinstance(error, openai.APIConnectionError):
            cause = type(error.__cause__).__name__ if error.__cause__ else type(error).__name__
            return ModelServiceError(ModelFailure.TRANSPORT, f"cannot reach {server} ({cause})")
        if isinstance(error, (json.JSONDecodeError, openai.APIResponseValidationError, _NotACompletion)):
            return ModelServiceError(
                ModelFailure.TRANSPORT, f"{server} sent a response body that is not a chat completion"
            )
        if not isinstance(error, openai.APIStatusError):
            return ModelServiceError(ModelFailure.TRANSPORT, f"{type(error).__name__} from {server}")
        status, said, code = error.status_code, self._server_message(error), _error_code(error)
        where = f"HTTP {status} from {server}: {said}"
        if status in (401, 403):
            return ModelServiceError(ModelFailure.AUTH, f"the server refused the API key (OPENAI_API_KEY); {where}")
        if status == 404:
            return ModelServiceError(
                ModelFailure.NO_SUCH_MODEL, f"no model {self.endpoint.model!r} (or no such endpoint); {where}"
            )
        if status == 429:
            if code == "insufficient_quota" or "quota" in said.lower():
                return ModelServiceError(ModelFailure.QUOTA, f"the account's quota is exhausted (not retried); {where}")
            return ModelServiceError(ModelFailure.RATE_LIMITED, f"rate limited; {where}")
        if status == 408:
            return ModelServiceError(ModelFailure.TIMEOUT, where)
        if status >= 500:
            return ModelServiceError(ModelFailure.SERVER_ERROR, where)
        if code == "context_length_exceeded" or _CONTEXT_LENGTH.search(said):
            return ModelServiceError(
                ModelFailure.CONTEXT_LENGTH, f"the article and prompt are longer than the model's context; {where}"
            )
        return ModelServiceError(ModelFailure.BAD_REQUEST, f"the server rejected the request; {where}")

    def _classify_with_retry_after(self, error: Exception) -> ModelServiceError:
        failure = self._classify(error)
        response = getattr(error, "response", None)
        if response is not None:
            failure.retry_after = response.headers.get("retry-after")
        return failure

    def _server_message(self, error: openai.APIStatusError) -> str:
        body = error.body
        said = body.get("message") if isinstance(body, dict) else None
        if not isinstance(said, str):
            said = body if isinstance(body, str) else error.response.text
        said = " ".join(str(said).split())[:300] or "(no message)"
        if len(self.endpoint.api_key) >= 8:  # a server may echo the key back: never into a log
            said = said.replace(self.endpoint.api_key, "***")
        return said


def _answered(sent: ModelCallEntry, reply: _Reply, max_tokens: int | None, latency_ms: float) -> ModelCallEntry:
    """The call log's entry for a request the model answered."""
    call = replace(
        sent,
        raw_response=reply.raw,
        parsed=reply.parsed.data,
        input_tokens=reply.tokens[0],
        output_tokens=reply.tokens[1],
        finish_reason=reply.finish_reason,
        latency_ms=latency_ms,
    )
    if reply.refusal is not None:
        return replace(call, outcome=CallOutcome.REFUSAL, refusal=reply.refusal, error=f"refusal: {reply.refusal}")
    if reply.finish_reason == "length":
        return replace(call, outcome=CallOutcome.TRUNCATED, error=_cut_off(reply, max_tokens))
    if reply.parsed.data is None:
        return replace(call, outcome=CallOutcome.INVALID_REPLY, error=f"unreadable reply: {reply.parsed.problem}")
    return call


def _cut_off(reply: _Reply, max_tokens: int | None) -> str:
    return f"the reply was cut off at {reply.tokens[1] or '?'} tokens (limit {max_tokens or 'the server default'})"


def _failed(error: Exception) -> Outcome:
    """The outcome of an article whose extraction raised."""
    if isinstance(error, ModelServiceError):
        return Outcome(None, 0, error=str(error), failure_kind=error.kind)
    if isinstance(error, BriefsError):
        return Outcome(None, 0, error=str(error))
    return Outcome(None, 0, error=f"internal error: {type(error).__name__}: {error}")


def _error_code(error: openai.APIStatusError) -> str | None:
    code = getattr(error, "code", None)
    if code is None and isinstance(error.body, dict):
        code = error.body.get("code") or error.body.get("type")
    return str(code) if code is not None else None


def fence_safe(text: str) -> str:
    """The article goes inside <article>…</article>: a tag inside it must not close the fence early,
    so its "<" becomes "‹", which reads the same to a person but is not the fence."""
    return text.replace("</article", "\u2039/article").replace("<article", "\u2039article")


def _wait_for(retry_state, *, initial: float) -> float:
    """Retry-After when the server gives one (429), else exponential backoff with jitter."""
    error = retry_state.outcome.exception() if retry_state.outcome else None
    if after := getattr(error, "retry_after", None):
        try:
            return min(float(after), _MAX_RETRY_AFTER)
        except ValueError:
            pass
    return (wait_exponential(multiplier=initial, max=20) + wait_random(0, initial))(retry_state)


def repair_message(failures: list[str]) -> str:
    listed = "\n".join(f"- {failure}" for failure in failures)
    return (
        "Code checked your reply against the article. These quotes or figures are not supported by it:\n"
        f"{listed}\n"
        "Copy quotes verbatim from the article, and state only figures its words state (remove a count or a "
        "sentence rather than guess). Return the whole corrected JSON, nothing else."
    )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


@dataclass(frozen=True)
class _Constants:
    """What one output mode adds to every request: the system message holding the schema (json_object,
    prompt), the request's fields (response_format, tools), and the JSON text of each constant value,
    by identity (each value is kept alive here, so its id is never reused)."""

    system: dict | None
    fields: dict
    texts: dict[int, tuple[object, str]]


@functools.cache
def extraction_schema() -> dict:
    """The strict JSON Schema of `Extraction` that every request carries, built once per process (pydantic
    takes ~4 ms to generate it). Shared: callers must not change it."""
    return strict_json_schema(Extraction)


_PREFIXES: dict[str, list[dict]] = {}


def _prompt_prefix(prompt: Prompt) -> list[dict]:
    """The system message and few-shot turns of a prompt as chat messages, formatted once per process for
    each prompt's content digest (an extractor is made per API request)."""
    if (prefix := _PREFIXES.get(prompt.hash)) is None:
        prefix = _PREFIXES[prompt.hash] = [
            {"role": _ROLES.get(m.type, m.type), "content": m.content}
            for m in prompt.template.format_messages(article="", published_at="", outlet="")[:-1]
        ]
    return prefix


async def _beside_the_loop(text: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`work` on the grounding of `text`: run on the loop for an article of news length, in a thread for a
    longer one."""
    if len(text) <= _GROUND_ON_LOOP_CHARACTERS:
        return work(*args, **kwargs)
    return await asyncio.to_thread(work, *args, **kwargs)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _done() -> asyncio.Future[None]:
    done = asyncio.get_running_loop().create_future()
    done.set_result(None)
    return done
