"""What every extractor returns for one article."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefs.domain import ExtractionResult
from briefs.errors import ModelFailure


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
