"""What happens inside the LLM extractor, told to whoever subscribes (in the manner of instructor's
`client.on("completion:response", handler)`): the API's metrics count model calls and tokens, the
evals record each call and time each article, without reaching into the extractor or the store.

    hooks = Hooks()
    hooks.on(CallMade, lambda event: print(event.call.outcome))
    extractor = make_extractor("openai:gpt-4o-mini", hooks=hooks)

Each event is a typed value; a handler gets the event and returns nothing. Handlers run in the
extractor's event loop, so they must be quick; one that raises is logged and the others still run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from briefs.errors import ModelFailure
from briefs.extract.calls import ModelCallEntry

if TYPE_CHECKING:
    from briefs.inputs import ArticleText

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallMade:
    """A request went to the model and ended (answered, or failed), as the call log keeps it."""

    call: ModelCallEntry


@dataclass(frozen=True)
class CallServedFromCache:
    """A call answered from the response cache, without a request."""

    call: ModelCallEntry


@dataclass(frozen=True)
class Retrying:
    """A request failed in a way worth retrying (429, 5xx, a timeout, a lost connection): it is sent
    again after `wait_seconds`."""

    article_hash: str
    purpose: str
    tries: int  # the requests made so far
    failure: ModelFailure
    wait_seconds: float


@dataclass(frozen=True)
class Reasking:
    """The reply did not parse or validate: the model is asked again, told each problem."""

    article_hash: str
    round: int  # the round the next call is
    problems: list[str]


@dataclass(frozen=True)
class Repairing:
    """The reply's quotes or figures failed grounding: a repair round lists each failure."""

    article_hash: str
    round: int
    failures: list[str]


@dataclass(frozen=True)
class ArticleStarted:
    """An article's conversation with the model starts (in a batch: once the concurrency bound lets it)."""

    article: ArticleText


@dataclass(frozen=True)
class ArticleFailed:
    """An article of a batch (`extract_many`) raised; its outcome holds the error and the batch goes on."""

    article: ArticleText
    error: Exception


EventT = TypeVar("EventT")


class Hooks:
    """Subscribers by event type."""

    def __init__(self) -> None:
        self._handlers: dict[type, list[Callable[[Any], None]]] = {}
        self._lock = threading.Lock()

    def on(self, event: type[EventT], handler: Callable[[EventT], None]) -> None:
        """Call `handler` with every event of this type."""
        with self._lock:
            self._handlers.setdefault(event, []).append(handler)

    def off(self, event: type[EventT], handler: Callable[[EventT], None]) -> None:
        """Stop calling `handler` (it must have been subscribed)."""
        with self._lock:
            self._handlers[event].remove(handler)

    def emit(self, event: object) -> None:
        for handler in tuple(self._handlers.get(type(event), ())):
            try:
                handler(event)
            except Exception:
                log.exception("a %s hook failed", type(event).__name__)
