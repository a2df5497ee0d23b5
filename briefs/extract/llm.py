"""The LLM extractor: the openai client on any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp).

How the model is held to the schema is the output mode (BRIEFS_OUTPUT_MODE), as instructor calls it:
`json_schema` (strict structured output), `json_object`, `tools` (a forced function call) or `prompt`
(the schema in the system message). `auto` starts with json_schema and, on a 400 that names the
format, falls back down that list once per server; the mode that worked is remembered in the store.

Failures, each classified (`briefs.errors.ModelFailure`), logged as a row of `model_calls` and told
in one line:
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
import hashlib
import ipaddress
import json
import os
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import openai
from aiolimiter import AsyncLimiter
from openai.types.chat import ChatCompletion
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential, wait_random

from briefs.config import Settings, get_settings
from briefs.errors import BriefsError, ConfigError, ModelFailure, ModelServiceError
from briefs.extract.base import Outcome
from briefs.extract.grounding import Grounded, ground, result_from
from briefs.extract.prompts import Prompt, load_prompt
from briefs.extract.reply import ParsedReply, parse_reply, reask_message, validate_reply
from briefs.inputs import ArticleText
from briefs.extract.schema import Extraction
from briefs.domain import ExtractionResult, article_hash
from briefs.store import Store, content_hash

OPENAI_BASE_URL = "https://api.openai.com/v1"
MODES = ("json_schema", "json_object", "tools", "prompt")
TOOL_NAME = "record_extraction"
_MAX_RETRY_AFTER = 60.0
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


@dataclass(frozen=True)
class Endpoint:
    """Where the calls go: the server, the model's name there, and the key."""

    base_url: str
    model: str
    api_key: str

    @property
    def local(self) -> bool:
        """A server on this machine or the private network: no quota to spare, no rate limit by default."""
        host = urlsplit(self.base_url).hostname or ""
        if host == "localhost" or host.endswith(".local"):
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return address.is_loopback or address.is_private

    @property
    def shown(self) -> str:
        """The base URL as logged and told: without a user or password it may carry."""
        parts = urlsplit(self.base_url)
        if parts.username is None and parts.password is None:
            return self.base_url
        host = parts.hostname or ""
        return parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")).geturl()

    @property
    def is_openai(self) -> bool:
        return urlsplit(self.base_url).hostname == "api.openai.com"


def resolve_endpoint(model: str) -> Endpoint:
    """`openai:NAME`, or with OPENAI_BASE_URL set any bare name (Ollama's `qwen2.5:7b`) on that server."""
    base_url = os.environ.get("OPENAI_BASE_URL", "").strip()
    name = model.removeprefix("openai:")
    if not base_url and ":" in name:
        provider = name.split(":", 1)[0]
        raise ConfigError(
            f"model {model!r}: unknown provider {provider!r}; the LLM extractor speaks the OpenAI API: "
            "use openai:NAME, or set OPENAI_BASE_URL to an OpenAI-compatible server and give its model name"
        )
    if not name:
        raise ConfigError(f"model {model!r} has no name")
    key = os.environ.get("OPENAI_API_KEY", "").strip()
    if not key:
        if not base_url:
            raise ConfigError(
                "OPENAI_API_KEY is not set: give a key for the OpenAI API, or set OPENAI_BASE_URL to a local server"
            )
        key = "not-needed"  # local servers (vLLM, Ollama, llama.cpp) take any key
    return Endpoint(base_url=(base_url or OPENAI_BASE_URL).rstrip("/"), model=name, api_key=key)


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


class _GroupLog:
    """The call log, written a group per transaction (group commit): the calls that end while a write
    is under way are written together by the next one. Each call still waits until its row is stored."""

    def __init__(self, store) -> None:
        self.store = store
        self._pending: list[tuple[dict, asyncio.Future]] = []
        self._writing: asyncio.Task | None = None

    async def write(self, **fields) -> None:
        done = asyncio.get_running_loop().create_future()
        self._pending.append((fields, done))
        if self._writing is None:
            self._writing = asyncio.create_task(self._drain())
        await done

    async def _drain(self) -> None:
        try:
            while self._pending:
                group, self._pending = self._pending, []
                try:
                    await asyncio.to_thread(self.store.log_calls, [fields for fields, _ in group])
                except Exception as error:  # noqa: BLE001 - each waiting call gets the store's error
                    for _, done in group:
                        done.set_exception(error)
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
    name = "llm"

    def __init__(
        self,
        model: str,
        *,
        prompt: Prompt | None = None,
        store: Store | None = None,
        settings: Settings | None = None,
        use_cache: bool = True,
    ) -> None:
        from briefs.schema_export import strict_schema_for

        self.settings = settings or get_settings()
        self.model_name = model
        self.endpoint = resolve_endpoint(model)
        self.prompt = prompt or load_prompt(self.settings.prompt)
        self.store = store or Store(self.settings.database_url)
        self.use_cache = use_cache
        timeout = httpx.Timeout(self.settings.request_timeout, connect=min(10.0, self.settings.request_timeout))
        self.client = openai.AsyncOpenAI(
            base_url=self.endpoint.base_url, api_key=self.endpoint.api_key, max_retries=0, timeout=timeout
        )
        self.schema = strict_schema_for(Extraction)
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
        self._log = _GroupLog(self.store)

    # ---- public API ---------------------------------------------------------------------------
    def extract(self, article: ArticleText) -> Outcome:
        return self._runner.run(self.aextract(article))

    def extract_batch(
        self, articles: list[ArticleText], *, concurrency: int | None = None, on_done=None
    ) -> list[Outcome]:
        """Synchronous extract_many. One event loop per extractor: the HTTP client's pooled
        connections belong to the loop that opened them."""
        return self._runner.run(self.extract_many(articles, concurrency=concurrency, on_done=on_done))

    def close(self) -> None:
        """Close the HTTP connections in the loop that opened them, then the loop."""
        self._runner.run(self.client.close())
        self._runner.close()

    async def extract_many(
        self, articles: list[ArticleText], *, concurrency: int | None = None, on_done=None
    ) -> list[Outcome]:
        """Extract articles concurrently (bounded), in input order; `on_done` is called as each ends.
        Each article ends with an Outcome, its `error` set when it has none: a batch never raises, so
        no caller sends an article twice to find the one that failed."""
        gate = asyncio.Semaphore(concurrency or self.settings.concurrency)
        self._fatal = None  # each batch asks once more: a long-running worker recovers when the key or quota is fixed

        async def one(article: ArticleText) -> Outcome:
            async with gate:
                try:
                    outcome = await self.aextract(article)
                except ModelServiceError as error:
                    outcome = Outcome(None, 0, error=str(error), failure_kind=error.kind)
                except BriefsError as error:
                    outcome = Outcome(None, 0, error=str(error))
                except Exception as error:  # noqa: BLE001 - a bug on one article is recorded, not fatal to the batch
                    outcome = Outcome(None, 0, error=f"internal error: {type(error).__name__}: {error}")
            if on_done:
                on_done(article, outcome)
            return outcome

        return await asyncio.gather(*(one(article) for article in articles))

    async def aextract(self, article: ArticleText) -> Outcome:
        """One article's conversation: extract, re-ask, repair, retry a cut-off; the best valid
        extraction seen is the result. A model service failure with nothing valid yet raises."""
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
                why = f"the reply was cut off at {reply.tokens[1] or '?'} tokens (limit {max_tokens or 'the server default'})"
                if candidates:
                    return await self._best(candidates, article, rounds, why)
                return Outcome(
                    None,
                    rounds,
                    [why],
                    error=f"model service failed ({ModelFailure.CUT_OFF}): {why}",
                    failure_kind=ModelFailure.CUT_OFF,
                )
            extraction, problems = validate_reply(reply.parsed)
            if extraction is None:
                if reasks >= self.settings.max_reasks:
                    why = f"no valid extraction after {rounds} attempts: {problems[0]}"
                    return (
                        (await self._best(candidates, article, rounds, why))
                        if candidates
                        else Outcome(None, rounds, [why])
                    )
                reasks += 1
                purpose = "reask"
                messages = [
                    *messages,
                    {"role": "assistant", "content": reply.raw},
                    {"role": "user", "content": reask_message(problems, reply.parsed.wrappers)},
                ]
                continue
            if self.use_cache and not reply.cached:
                await asyncio.to_thread(
                    self.store.cache,
                    reply.cache_key,
                    model=self.model_name,
                    prompt_hash=self.prompt.hash,
                    raw_response=reply.raw,
                    input_tokens=reply.tokens[0],
                    output_tokens=reply.tokens[1],
                )
            grounded = await asyncio.to_thread(
                ground, extraction, article.text, threshold=self.settings.fuzzy_threshold
            )
            candidates.append(_Candidate(rounds, extraction, grounded))
            if grounded.failures and repairs < self.settings.max_repairs:
                repairs += 1
                purpose = "repair"
                messages = [
                    *messages,
                    {"role": "assistant", "content": reply.raw},
                    {"role": "user", "content": repair_message(grounded.failures)},
                ]
                continue
            return await self._best(candidates, article, rounds, None)

    def messages_for(self, article: ArticleText) -> list[dict]:
        """The system message and few-shot turns (formatted once per extractor), then the article."""
        if self._prefix is None:
            self._prefix = [
                {"role": _ROLES.get(m.type, m.type), "content": m.content}
                for m in self.prompt.template.format_messages(article="", published_at="", outlet="")[:-1]
            ]
        last = self.prompt.user.format(
            article=fence_safe(article.text),
            published_at=article.published_at or "unknown",
            outlet=article.outlet or "unknown",
        )
        return [*self._prefix, {"role": "user", "content": last}]

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
        result = await asyncio.to_thread(self._result, best.extraction, best.grounded, article, rounds, flags)
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
            self._mode = await asyncio.to_thread(self.store.output_mode, self.endpoint.shown) or MODES[0]
            self._mode_settled = self._mode != MODES[0]  # a remembered fallback is settled; json_schema is to be tried
        return self._mode

    def _request(self, mode: str, messages: list[dict], max_tokens: int | None) -> dict:
        if mode in ("json_object", "prompt"):  # the server does not know the schema: the prompt says it
            instruction = (
                "\n\nReply with one JSON object that matches this JSON Schema exactly, and nothing else:\n"
                + json.dumps(self.schema, ensure_ascii=False, separators=(",", ":"))
            )
            messages = [{"role": "system", "content": messages[0]["content"] + instruction}, *messages[1:]]
        request: dict = {
            "model": self.endpoint.model,
            "messages": messages,
            "temperature": self.prompt.params.get("temperature", 0),
        }
        if max_tokens is not None:
            request[self.token_param] = max_tokens
        if mode == "json_schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "extraction", "schema": self.schema, "strict": True},
            }
        elif mode == "json_object":
            request["response_format"] = {"type": "json_object"}
        elif mode == "tools":
            request["tools"] = [
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
            request["tool_choice"] = {"type": "function", "function": {"name": TOOL_NAME}}
        return request

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
            mode = self._mode
            request = self._request(mode, messages, max_tokens)
            body = json.dumps(
                request, ensure_ascii=False, separators=(",", ":")
            ).encode()  # serialized once: sent and keyed
            key = content_hash(self.endpoint.shown, mode, hashlib.sha256(body).hexdigest())
            log = {
                "article_hash": digest,
                "model": self.model_name,
                "prompt_id": self.prompt.id,
                "prompt_hash": self.prompt.hash,
                "purpose": purpose,
                "attempt": attempt,
                "messages": request["messages"],
                "base_url": self.endpoint.shown,
                "output_mode": mode,
            }
            if self.use_cache and (hit := await asyncio.to_thread(self.store.cached, key)):
                await self._log.write(
                    **log,
                    raw_response=hit.raw_response,
                    input_tokens=hit.input_tokens,
                    output_tokens=hit.output_tokens,
                    latency_ms=0.0,
                    cached=True,
                    finish_reason="stop",
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
                completion, latency = await self._send(request, body, log)
            except ModelServiceError as error:
                fallback = self._fallback(mode, error)
                if fallback is None:
                    raise
                self._mode = fallback
                continue
            reply = self._reply_from(completion, key)
            await self._log.write(**log, **self._log_fields(reply, max_tokens), latency_ms=latency)
            if not self._mode_settled:
                self._mode_settled = True
                if mode != MODES[0]:
                    await asyncio.to_thread(self.store.remember_output_mode, self.endpoint.shown, mode)
            return reply

    def _fallback(self, mode: str, error: ModelServiceError) -> str | None:
        """The next mode down the list when `auto` is choosing and the server's 400 names this one."""
        if self.settings.output_mode != "auto" or self._mode_settled or error.kind is not ModelFailure.BAD_REQUEST:
            return None
        said = str(error).lower()
        if mode not in _MODE_WORDS or not any(word in said for word in _MODE_WORDS[mode]):
            return None
        return MODES[MODES.index(mode) + 1]

    def _log_fields(self, reply: _Reply, max_tokens: int | None) -> dict:
        fields = {
            "raw_response": reply.raw,
            "parsed": reply.parsed.data,
            "input_tokens": reply.tokens[0],
            "output_tokens": reply.tokens[1],
            "finish_reason": reply.finish_reason,
        }
        if reply.refusal is not None:
            fields |= {"error": f"refusal: {reply.refusal}", "error_kind": ModelFailure.REFUSAL}
        elif reply.finish_reason == "length":
            fields |= {
                "error": f"the reply was cut off at {reply.tokens[1] or '?'} tokens (limit {max_tokens or 'the server default'})",
                "error_kind": ModelFailure.CUT_OFF,
            }
        elif reply.parsed.data is None:
            fields["error"] = f"unreadable reply: {reply.parsed.problem}"
        return fields

    @staticmethod
    def _reply_from(completion, key: str) -> _Reply:
        choice = completion.choices[0]
        message = choice.message
        if message.tool_calls:
            raw = message.tool_calls[0].function.arguments or ""
        else:
            raw = message.content or ""
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
    async def _send(self, request: dict, body: bytes, log: dict):
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
            reraise=True,
        )
        try:
            return await self._send_with(retrying, body, log, estimate, deadline)
        except ModelServiceError as error:
            tries = retrying.statistics.get("attempt_number", 1)
            if tries > 1:
                raise ModelServiceError(error.kind, f"{error.detail} (after {tries} tries)") from None
            raise

    async def _send_with(self, retrying: AsyncRetrying, body: bytes, log: dict, estimate: int, deadline: float):
        loop = asyncio.get_running_loop()
        async for retry in retrying:
            with retry:
                if self.request_limiter is not None:
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
                    await self._log.write(**log, error=str(failure), error_kind=failure.kind, latency_ms=_ms(started))
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
