"""What every extractor is and returns: the `Extractor` protocol and one article's `Outcome`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from briefs.domain import ExtractionResult
from briefs.errors import ModelFailure
from briefs.inputs import ArticleText


@dataclass
class Outcome:
    """What the extractor ends with for one article: a grounded result, or why there is none."""

    result: ExtractionResult | None
    attempts: int
    flags: list[str] = field(default_factory=list)
    refusal: str | None = None
    error: str | None = None  # why the extractor could not run (e.g. the model stayed unreachable)
    failure_kind: ModelFailure | None = None  # set when there is no result because the model service failed

    @property
    def failure(self) -> str | None:
        """Why there is no result, in one line; None when there is one."""
        if self.result is not None:
            return None
        if self.refusal is not None:
            return f"the model refused: {self.refusal}"
        return self.error or (self.flags[0] if self.flags else "no result")


OnDone = Callable[[ArticleText, Outcome], None]  # told as each article of a batch ends


@runtime_checkable
class Extractor(Protocol):
    """Turns articles into incidents and an English summary: the offline lexicon coder
    (`briefs.extract.lexicon`) and the LLM extractor (`briefs.extract.llm`); `briefs.extract.select`
    makes the configured one."""

    @property
    def name(self) -> str:
        """The extractor's kind as stored with each run: lexicon or llm."""
        ...

    @property
    def model_name(self) -> str | None:
        """The model as configured ("openai:gpt-4o-mini"); None for the lexicon."""
        ...

    def extract(self, article: ArticleText) -> Outcome:
        """One article's incidents and summary (`Outcome.result`, an `ExtractionResult`), or why there are none."""
        ...

    def extract_many(self, articles: Sequence[ArticleText], *, concurrency: int | None = None) -> list[Outcome]:
        """One outcome per article, in input order, at most `concurrency` at once (default the
        settings'). Never raises for one article: its outcome says what went wrong."""
        ...

    def close(self) -> None:
        """Let go of what the extractor holds (connections, an event loop)."""
        ...
