"""The LLM extractor: langchain's ChatOpenAI with strict structured output, on any OpenAI-compatible endpoint.

Three kinds of failure, three treatments (in the manner of instructor):
- transport errors (429, 5xx, timeouts, lost connections) are retried by tenacity with backoff
  and jitter, honouring Retry-After; the SDK's own retries are off so the two never multiply,
  and the model never sees them;
- a reply that fails parsing or validation is re-asked with the exact errors (bounded);
- a reply whose figures or quotes fail grounding gets a repair round listing each failure (bounded).
What still fails after the last attempt is kept and flagged, never published as clean.
Every call, cached or not, is logged in the store with its messages, reply, tokens and timing.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from functools import partial

import openai
from aiolimiter import AsyncLimiter
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import ValidationError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential, wait_random

from briefs.config import Settings, get_settings
from briefs.errors import BriefsError
from briefs.extract.base import Outcome
from briefs.extract.grounding import Grounded, ground, result_from
from briefs.extract.prompts import Prompt, load_prompt
from briefs.inputs import ArticleText
from briefs.models import Extraction, ExtractionResult, article_hash
from briefs.store import Store, content_hash

# A response body that is not JSON (cut off in transit) is the transport's fault, not the model's.
TRANSPORT_ERRORS = (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError,
                    json.JSONDecodeError)
_MAX_RETRY_AFTER = 60.0


class _Reply:
    def __init__(self, raw: str, parsed: dict | None, error: str | None, refusal: str | None, tokens: tuple[int | None, int | None]) -> None:
        self.raw, self.parsed, self.error, self.refusal, self.tokens = raw, parsed, error, refusal, tokens


class LLMExtractor:
    name = "llm"

    def __init__(self, model: str, *, prompt: Prompt | None = None, store: Store | None = None,
                 settings: Settings | None = None, use_cache: bool = True) -> None:
        from langchain.chat_models import init_chat_model

        from briefs.schema_export import strict_schema_for

        self.settings = settings or get_settings()
        self.model_name = model
        self.prompt = prompt or load_prompt(self.settings.prompt)
        self.store = store or Store(self.settings.database_url)
        self.use_cache = use_cache
        provider_model = model if ":" in model else f"openai:{model}"
        extra = {}
        if base_url := os.environ.get("OPENAI_BASE_URL"):
            extra["base_url"] = base_url
            if not os.environ.get("OPENAI_API_KEY"):
                extra["api_key"] = "not-needed"  # local servers (vLLM, Ollama, llama.cpp) take any key
        # Our own HTTP clients: langchain-openai otherwise shares one process-wide async client, whose
        # pooled connections belong to whichever event loop first used them.
        self._http = extra["http_client"] = openai.DefaultHttpxClient()
        self._http_async = extra["http_async_client"] = openai.DefaultAsyncHttpxClient()
        chat = init_chat_model(
            provider_model, max_retries=0, timeout=self.settings.request_timeout,
            temperature=self.prompt.params.get("temperature", 0), max_tokens=self.prompt.params.get("max_tokens"), **extra,
        )
        self.schema = strict_schema_for(Extraction)
        self.structured = chat.with_structured_output(
            {"name": "extraction", "schema": self.schema, "strict": True}, method="json_schema", strict=True, include_raw=True,
        )
        self._runner = asyncio.Runner()
        self.request_limiter = AsyncLimiter(self.settings.requests_per_minute, 60)
        self.token_limiter = AsyncLimiter(self.settings.tokens_per_minute, 60)

    # ---- public API ---------------------------------------------------------------------------
    def extract(self, article: ArticleText) -> Outcome:
        return self._runner.run(self.aextract(article))

    def extract_batch(self, articles: list[ArticleText], *, concurrency: int | None = None, on_done=None) -> list[Outcome]:
        """Synchronous extract_many. One event loop per extractor: the HTTP client's pooled
        connections belong to the loop that opened them."""
        return self._runner.run(self.extract_many(articles, concurrency=concurrency, on_done=on_done))

    def close(self) -> None:
        """Close the HTTP connections in the loop that opened them, then the loop."""
        self._runner.run(self._http_async.aclose())
        self._http.close()
        self._runner.close()

    async def extract_many(self, articles: list[ArticleText], *, concurrency: int | None = None, on_done=None) -> list[Outcome]:
        """Extract articles concurrently (bounded), in input order; `on_done` is called as each ends.
        An article whose model calls fail for good gets an Outcome with its `error`; the others go on."""
        gate = asyncio.Semaphore(concurrency or self.settings.concurrency)

        async def one(article: ArticleText) -> Outcome:
            async with gate:
                try:
                    outcome = await self.aextract(article)
                except BriefsError as error:  # one unreachable article does not sink the batch
                    outcome = Outcome(None, 0, error=str(error))
            if on_done:
                on_done(article, outcome)
            return outcome

        return await asyncio.gather(*(one(article) for article in articles))

    async def aextract(self, article: ArticleText) -> Outcome:
        messages = self.prompt.template.format_messages(
            article=fence_safe(article.text), published_at=article.published_at or "unknown", outlet=article.outlet or "unknown",
        )
        digest = article_hash(article.text)  # the call log names the article by its id in the store
        reasks = repairs = 0
        attempt = 0
        purpose = "extract"
        while True:
            attempt += 1
            reply = await self._call(messages, digest, purpose, attempt)
            if reply.refusal is not None:
                return Outcome(None, attempt, [f"the model refused: {reply.refusal}"], refusal=reply.refusal)
            extraction, problems = _validate(reply)
            if extraction is None:
                if reasks >= self.settings.max_reasks:
                    return Outcome(None, attempt, [f"no valid extraction after {attempt} attempts: {problems[0]}"])
                reasks += 1
                purpose = "reask"
                messages = [*messages, AIMessage(reply.raw), HumanMessage(reask_message(problems))]
                continue
            grounded = await asyncio.to_thread(ground, extraction, article.text, threshold=self.settings.fuzzy_threshold)
            if grounded.failures and repairs < self.settings.max_repairs:
                repairs += 1
                purpose = "repair"
                messages = [*messages, AIMessage(reply.raw), HumanMessage(repair_message(grounded.failures))]
                continue
            result = await asyncio.to_thread(self._result, extraction, grounded, article, attempt)
            return Outcome(result, attempt, result.flags)

    def _result(self, extraction: Extraction, grounded: Grounded, article: ArticleText, attempts: int) -> ExtractionResult:
        return result_from(extraction, grounded, article, extractor=self.name, model=self.model_name,
                           prompt_id=self.prompt.id, prompt_hash=self.prompt.hash, attempts=attempts,
                           threshold=self.settings.fuzzy_threshold)

    # ---- one model call, with cache, log, limits and transport retries ------------------------
    async def _call(self, messages: list[BaseMessage], article_hash: str, purpose: str, attempt: int) -> _Reply:
        serialized = [{"role": m.type, "content": m.content} for m in messages]
        key = content_hash(self.model_name, self.prompt.hash, serialized, self.prompt.params)
        log = {"article_hash": article_hash, "model": self.model_name, "prompt_id": self.prompt.id,
               "prompt_hash": self.prompt.hash, "purpose": purpose, "attempt": attempt, "messages": serialized}
        if self.use_cache and (hit := await asyncio.to_thread(self.store.cached, key)):
            reply = _reply_from_text(hit.raw_response, (hit.input_tokens, hit.output_tokens))
            await asyncio.to_thread(self.store.log_call, **log, raw_response=hit.raw_response, parsed=reply.parsed,
                                    input_tokens=hit.input_tokens, output_tokens=hit.output_tokens, latency_ms=0.0, cached=True)
            return reply
        estimate = sum(len(m["content"]) for m in serialized) // 3 + int(self.prompt.params.get("max_tokens") or 1000)
        started = time.perf_counter()
        try:
            async for retry in AsyncRetrying(
                retry=retry_if_exception_type(TRANSPORT_ERRORS), stop=stop_after_attempt(1 + self.settings.transport_retries),
                wait=partial(_wait_for, initial=self.settings.retry_wait), reraise=True,
            ):
                with retry:
                    await self.request_limiter.acquire()
                    await self.token_limiter.acquire(min(estimate, self.settings.tokens_per_minute))
                    try:
                        result = await self.structured.ainvoke(messages)
                    except TRANSPORT_ERRORS as error:
                        await asyncio.to_thread(self.store.log_call, **log, error=f"transport: {_describe(error)}",
                                                latency_ms=_ms(started))
                        raise
        except TRANSPORT_ERRORS as error:
            raise BriefsError(f"model request failed after {1 + self.settings.transport_retries} tries: {_describe(error)}") from None
        except (openai.LengthFinishReasonError, openai.ContentFilterFinishReasonError) as error:
            reply = _Reply("", None, f"the reply was cut off: {type(error).__name__}", None, (None, None))
            await asyncio.to_thread(self.store.log_call, **log, error=reply.error, latency_ms=_ms(started))
            return reply
        reply = _reply_from_langchain(result)
        await asyncio.to_thread(self.store.log_call, **log, raw_response=reply.raw, parsed=reply.parsed,
                                input_tokens=reply.tokens[0], output_tokens=reply.tokens[1], latency_ms=_ms(started),
                                error=reply.error or (f"refusal: {reply.refusal}" if reply.refusal else None))
        if self.use_cache and reply.refusal is None and reply.raw:
            await asyncio.to_thread(self.store.cache, key, model=self.model_name, prompt_hash=self.prompt.hash,
                                    raw_response=reply.raw, input_tokens=reply.tokens[0], output_tokens=reply.tokens[1])
        return reply


def fence_safe(text: str) -> str:
    """The article goes inside <article>…</article>: a tag inside it must not close the fence early,
    so its "<" becomes "‹", which reads the same to a person but is not the fence."""
    return text.replace("</article", "\u2039/article").replace("<article", "\u2039article")


def _wait_for(retry_state, *, initial: float) -> float:
    """Retry-After when the server gives one (429), else exponential backoff with jitter."""
    error = retry_state.outcome.exception() if retry_state.outcome else None
    response = getattr(error, "response", None)
    if response is not None and (after := response.headers.get("retry-after")):
        try:
            return min(float(after), _MAX_RETRY_AFTER)
        except ValueError:
            pass
    return (wait_exponential(multiplier=initial, max=20) + wait_random(0, initial))(retry_state)


def _reply_from_langchain(result: dict) -> _Reply:
    raw: AIMessage = result["raw"]
    text = raw.content if isinstance(raw.content, str) else json.dumps(raw.content, ensure_ascii=False)
    usage = raw.usage_metadata or {}
    tokens = (usage.get("input_tokens"), usage.get("output_tokens"))
    refusal = raw.additional_kwargs.get("refusal")
    if refusal:
        return _Reply(text, None, None, refusal, tokens)
    # Parse strictly ourselves: langchain's JSON parser completes truncated JSON, which would turn a
    # cut-off reply into a plausible-looking one.
    return _reply_from_text(text, tokens)


def _reply_from_text(text: str, tokens) -> _Reply:
    try:
        return _Reply(text, json.loads(text), None, None, tokens)
    except json.JSONDecodeError as error:
        return _Reply(text, None, f"the reply is not valid JSON ({error.msg} at character {error.pos})", None, tokens)


def _validate(reply: _Reply) -> tuple[Extraction | None, list[str]]:
    if reply.parsed is None:
        return None, [reply.error or "the reply is empty"]
    try:
        return Extraction.model_validate(reply.parsed), []
    except ValidationError as error:
        return None, [f"{_location(e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in error.errors()]


def _location(loc: tuple) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(root)"


def reask_message(problems: list[str]) -> str:
    listed = "\n".join(f"- {problem}" for problem in problems)
    return (
        "Your reply does not validate against the schema. Fix exactly these problems and return the whole "
        f"corrected JSON, nothing else:\n{listed}"
    )


def repair_message(failures: list[str]) -> str:
    listed = "\n".join(f"- {failure}" for failure in failures)
    return (
        "Code checked your reply against the article. These quotes or figures are not supported by it:\n"
        f"{listed}\n"
        "Copy quotes verbatim from the article, and state only figures its words state (remove a count or a "
        "sentence rather than guess). Return the whole corrected JSON, nothing else."
    )


def _describe(error: Exception) -> str:
    if isinstance(error, openai.RateLimitError):
        return "rate limited (HTTP 429)"
    if isinstance(error, openai.InternalServerError):
        return f"server error (HTTP {error.status_code})"
    if isinstance(error, openai.APITimeoutError):  # before APIConnectionError, its parent
        return "timed out"
    if isinstance(error, json.JSONDecodeError):
        return "unreadable response body"
    return f"connection failed ({type(error).__name__})"


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
