"""What every extractor returns for one article."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefs.models import ExtractionResult


@dataclass
class Outcome:
    """What the extractor ends with for one article: a grounded result, or why there is none."""

    result: ExtractionResult | None
    attempts: int
    flags: list[str] = field(default_factory=list)
    refusal: str | None = None
