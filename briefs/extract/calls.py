"""The LLM extractor's model calls as typed values: how each ended (`CallOutcome`), the entry logged
for it (`ModelCallEntry`), and the narrow interface the extractor logs and caches through (`CallLog`).

The extractor is given a `CallLog`; it never opens a store. `StoreCallLog` puts one over the store's
`model_calls`, `response_cache` and `output_modes` tables; `NoCallLog` keeps nothing (the evals, whose
calls travel in the run file by way of the hooks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from briefs.errors import ModelFailure


class CallOutcome(StrEnum):
    """How one model call ended."""

    OK = "ok"  # a reply with a JSON object to read (validation may still ask again)
    INVALID_REPLY = "invalid_reply"  # a reply with no JSON object in it
    REFUSAL = "refusal"  # the model refused (its `refusal`, or finish_reason content_filter)
    TRUNCATED = "truncated"  # the reply was cut off at the token limit
    SERVICE_ERROR = "service_error"  # no reply: the service failed, `ModelCallEntry.failure` says how


@dataclass(frozen=True)
class ModelCallEntry:
    """One request to a model as the call log keeps it: what was sent, what came back, how it ended."""

    article_hash: str
    model: str  # as configured: openai:gpt-4o-mini
    prompt_id: str
    prompt_hash: str
    purpose: str  # extract | reask | repair | cut_off_retry
    attempt: int  # the round of the article's conversation
    messages: list[dict[str, Any]]
    base_url: str  # without a user or password
    output_mode: str  # json_schema | json_object | tools | prompt
    outcome: CallOutcome
    error: str | None = None  # one line for the user, when the outcome is not OK
    failure: ModelFailure | None = None  # how the service failed (SERVICE_ERROR)
    refusal: str | None = None  # what the model said in refusing (REFUSAL)
    raw_response: str | None = None
    parsed: Any = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    finish_reason: str | None = None  # as the server said; None when no reply came back
    latency_ms: float | None = None
    cached: bool = False

    @property
    def error_kind(self) -> ModelFailure | None:
        """The failure as the CLI's exit codes and the call log's `error_kind` name it."""
        if self.outcome is CallOutcome.REFUSAL:
            return ModelFailure.REFUSAL
        if self.outcome is CallOutcome.TRUNCATED:
            return ModelFailure.CUT_OFF
        return self.failure

    def row(self) -> dict[str, Any]:
        """The columns of the `model_calls` table."""
        return {
            "article_hash": self.article_hash,
            "model": self.model,
            "prompt_id": self.prompt_id,
            "prompt_hash": self.prompt_hash,
            "purpose": self.purpose,
            "attempt": self.attempt,
            "messages": self.messages,
            "base_url": self.base_url,
            "output_mode": self.output_mode,
            "raw_response": self.raw_response,
            "parsed": self.parsed,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "latency_ms": self.latency_ms,
            "cached": self.cached,
            "error": self.error,
            "error_kind": self.error_kind,
            "finish_reason": self.finish_reason,
        }


@dataclass(frozen=True)
class CachedReply:
    """A reply that parsed and validated, kept to answer the same request again."""

    raw_response: str
    input_tokens: int | None
    output_tokens: int | None


class CallLog(Protocol):
    """What the LLM extractor needs of a store: its call log, its response cache, and the output
    mode each server was found to accept."""

    def log_calls(self, calls: Sequence[ModelCallEntry]) -> None:
        """Keep the calls, in one transaction."""
        ...

    def cached(self, key: str) -> CachedReply | None: ...

    def cache(self, key: str, reply: CachedReply, *, model: str, prompt_hash: str) -> None: ...

    def output_mode(self, base_url: str) -> str | None: ...

    def remember_output_mode(self, base_url: str, mode: str) -> None: ...


class _CachedRow(Protocol):
    @property
    def raw_response(self) -> str: ...
    @property
    def input_tokens(self) -> int | None: ...
    @property
    def output_tokens(self) -> int | None: ...


class CallTables(Protocol):
    """The store's repository of the call log, the response cache and the output modes
    (`briefs.store.calls.ModelCalls`)."""

    def log_many(self, rows: Sequence[dict[str, Any]]) -> None: ...
    def cached_reply(self, key: str) -> _CachedRow | None: ...
    def cache_reply(self, key: str, **fields: Any) -> None: ...
    def output_mode(self, base_url: str) -> str | None: ...
    def remember_output_mode(self, base_url: str, mode: str) -> None: ...


class _StoreWithCalls(Protocol):
    @property
    def calls(self) -> CallTables: ...


class StoreCallLog:
    """The `CallLog` over a store's call tables (`briefs.store.Store`: extract sits below the store and
    knows it only by this shape)."""

    def __init__(self, store: _StoreWithCalls) -> None:
        self.tables = store.calls

    def log_calls(self, calls: Sequence[ModelCallEntry]) -> None:
        self.tables.log_many([call.row() for call in calls])

    def cached(self, key: str) -> CachedReply | None:
        hit = self.tables.cached_reply(key)
        return None if hit is None else CachedReply(hit.raw_response, hit.input_tokens, hit.output_tokens)

    def cache(self, key: str, reply: CachedReply, *, model: str, prompt_hash: str) -> None:
        self.tables.cache_reply(
            key,
            model=model,
            prompt_hash=prompt_hash,
            raw_response=reply.raw_response,
            input_tokens=reply.input_tokens,
            output_tokens=reply.output_tokens,
        )

    def output_mode(self, base_url: str) -> str | None:
        return self.tables.output_mode(base_url)

    def remember_output_mode(self, base_url: str, mode: str) -> None:
        self.tables.remember_output_mode(base_url, mode)


class NoCallLog:
    """A `CallLog` that keeps nothing: no log, no cache, every run finds the output mode afresh."""

    def log_calls(self, calls: Sequence[ModelCallEntry]) -> None:
        pass

    def cached(self, key: str) -> CachedReply | None:
        return None

    def cache(self, key: str, reply: CachedReply, *, model: str, prompt_hash: str) -> None:
        pass

    def output_mode(self, base_url: str) -> str | None:
        return None

    def remember_output_mode(self, base_url: str, mode: str) -> None:
        pass
