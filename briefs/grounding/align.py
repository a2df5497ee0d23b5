"""Align an evidence quote (as a model returns it) to character offsets in its source.

Statuses, strictest first: `exact` (the quote is in the source verbatim), `normalized` (equal after
Arabic normalization: diacritics, alef forms, digits, punctuation), `fuzzy` (a near match of at
least FUZZY_THRESHOLD), `not_found`. A fuzzy span is refused when its numbers differ from the
quote's: "اعتقلت الشرطة 7 مشتبهين" must never align onto a span that says 5.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz

from briefs.arabic.normalize import Normalized, normalize
from briefs.arabic.numbers import find_numbers

# rapidfuzz partial_ratio (0-100) of the normalized quote against its best window of the source.
# 90 admits a changed or dropped letter in a 10-word quote (a hamza, a ta marbuta, a typo) and
# refuses a quote that paraphrases; measured on the gold grounding reports (tests/test_align.py).
FUZZY_THRESHOLD = 90.0


class AlignmentStatus(StrEnum):
    """How a quote was found in its source (the values are the JSON contract)."""

    EXACT = "exact"
    NORMALIZED = "normalized"  # equal once quote and source are normalized
    FUZZY = "fuzzy"  # a window of the source at FUZZY_THRESHOLD or more
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class Alignment:
    start: int | None
    end: int | None
    status: AlignmentStatus
    score: float
    reason: str | None = None

    @property
    def found(self) -> bool:
        return self.status is not AlignmentStatus.NOT_FOUND

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "score": round(self.score, 1),
            "reason": self.reason,
        }


@lru_cache(maxsize=256)
def _normalized_source(source: str) -> Normalized:
    return normalize(source)


def number_values(text: str) -> Counter:
    """The multiset of numbers a text states (kind and value), for comparing a quote with a span."""
    return Counter((str(m.kind), m.value, m.low, m.high) for m in find_numbers(text))


@lru_cache(maxsize=4096)  # an extraction's quotes are aligned by its grounding and again when stored
def align(quote: str, source: str, *, threshold: float = FUZZY_THRESHOLD) -> Alignment:
    quote = quote.strip()
    if not quote:
        return Alignment(None, None, AlignmentStatus.NOT_FOUND, 0.0, "empty quote")
    position = source.find(quote)
    if position >= 0:
        return Alignment(position, position + len(quote), AlignmentStatus.EXACT, 100.0)
    norm_source = _normalized_source(source)
    norm_quote = normalize(quote).text.strip()
    position = norm_source.text.find(norm_quote)
    if position >= 0:
        start, end = norm_source.to_original(position, position + len(norm_quote))
        return Alignment(start, end, AlignmentStatus.NORMALIZED, 100.0)
    match = fuzz.partial_ratio_alignment(norm_quote, norm_source.text, score_cutoff=threshold)
    if match is None:
        return Alignment(
            None, None, AlignmentStatus.NOT_FOUND, 0.0, f"no span of the source reaches similarity {threshold:g}"
        )
    first, last = _widen_to_words(norm_source.text, match.dest_start, match.dest_end)
    start, end = norm_source.to_original(first, last)
    if number_values(source[start:end]) != number_values(quote):
        return Alignment(
            None,
            None,
            AlignmentStatus.NOT_FOUND,
            match.score,
            f"the closest span ({source[start:end]!r}) states other numbers",
        )
    return Alignment(start, end, AlignmentStatus.FUZZY, match.score)


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span so that it neither starts nor ends inside a word."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace() and text[end] not in '.,;:!?"':
        end += 1
    return start, end
