"""The grounding check: does the Arabic source support every number in an English text?

For each English number mention, the source mentions that state a compatible value are its
candidates. Candidates that clearly count something else or belong to another event (see
`context.conflicts`) are set aside; what remains decides the status:

- supported: the source states the value with a compatible qualifier;
- approximate: the source states the value with another qualifier ("30" against أكثر من 30);
- misattributed: the source states the value, but only for other facts;
- unsupported: the source never states the value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.arabic.numbers import find_numbers
from briefs.grounding.context import annotate, conflicts
from briefs.grounding.english import find_english_numbers

SUPPORTED, APPROXIMATE, UNSUPPORTED, MISATTRIBUTED = "supported", "approximate", "unsupported", "misattributed"
FAILING = frozenset({UNSUPPORTED, MISATTRIBUTED})
_KIND_GROUP = {Kind.CARDINAL: "count", Kind.DUAL: "count", Kind.NAME: "count"}
_LOWER_BOUNDS = frozenset({Qualifier.AT_LEAST, Qualifier.MORE_THAN})
_MAX_EVIDENCE = 3


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class NumberCheck:
    mention: NumberMention
    status: str
    evidence: tuple[Evidence, ...] = ()
    note: str = ""

    def to_json(self) -> dict:
        m = self.mention
        return {
            "text": m.text, "start": m.start, "end": m.end, "value": m.value, "status": self.status,
            "evidence": [e.to_json() for e in self.evidence],
            "kind": str(m.kind), "qualifier": str(m.qualifier), "low": m.low, "high": m.high, "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class GroundingReport:
    numbers: tuple[NumberCheck, ...] = field(default_factory=tuple)
    names: tuple = ()  # NameCheck (briefs.grounding.names): places, actors and days

    @property
    def verdict(self) -> str:
        return UNSUPPORTED if any(n.status in FAILING for n in (*self.numbers, *self.names)) else SUPPORTED

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "numbers": [n.to_json() for n in self.numbers], "names": [n.to_json() for n in self.names]}


@dataclass(frozen=True, slots=True)
class SourceNumbers:
    """A source's number mentions, indexed by value so that a claim looks at its few candidates."""

    mentions: tuple[NumberMention, ...]
    by_value: dict

    @classmethod
    def of(cls, mentions: list[NumberMention]) -> SourceNumbers:
        by_value: dict = {}
        for mention in mentions:
            for value in {mention.value, mention.year} - {None}:
                by_value.setdefault(value, []).append(mention)
        return cls(tuple(mentions), by_value)

    def candidates(self, claim: NumberMention):
        if claim.qualifier is Qualifier.VAGUE:
            return self.mentions  # a vague claim may be met by any number inside its range
        return self.by_value.get(claim.value, ())


@lru_cache(maxsize=128)
def source_numbers(source: str) -> SourceNumbers:
    """Parsed and annotated once per source: a batch often checks several texts against one article."""
    return SourceNumbers.of(annotate(find_numbers(source), source, "ar"))


@lru_cache(maxsize=256)  # pure, and often asked twice for one extraction (its grounding, its stored result)
def check(source: str, summary: str, published: date | None = None) -> GroundingReport:
    """Numbers and names of `summary` against `source`; `published` (the article's date) places its weekdays."""
    from briefs.grounding.names import check_names  # names builds on this module

    numbers = source_numbers(source)
    claims = annotate(find_english_numbers(summary), summary, "en")
    return GroundingReport(tuple(_judge(claim, numbers) for claim in claims), check_names(source, summary, claims, published))


def check_value(source: str, claim: NumberMention, within: tuple[int, int] | None = None) -> NumberCheck:
    """Judge one figure (a structured count, say) against the source.

    With `within` (the span of the figure's own evidence quote), the figure must be stated inside
    that span; a figure the source states only elsewhere comes back with a note saying so.
    """
    numbers = source_numbers(source)
    if within is not None:
        start, end = within
        local = _judge(claim, numbers, lambda m: start <= m.start and m.end <= end)
        if local.status not in FAILING:
            return local
        found = _judge(claim, numbers)
        if found.status not in FAILING:
            return NumberCheck(claim, UNSUPPORTED, found.evidence, note="its evidence quote does not state it (the source does, elsewhere)")
        return found
    return _judge(claim, numbers)


def _judge(claim: NumberMention, numbers: SourceNumbers, keep=None) -> NumberCheck:
    candidates = numbers.candidates(claim)
    if keep is not None:
        candidates = [m for m in candidates if keep(m)]
    matches = [(mention, grade) for mention in candidates if (grade := _value_match(claim, mention))]
    if not matches:
        return NumberCheck(claim, UNSUPPORTED, note="the source never states this value")
    agreeing = [(mention, grade) for mention, grade in matches if not conflicts(claim, mention)]
    if not agreeing:
        return NumberCheck(claim, MISATTRIBUTED, _evidence(m for m, _ in matches), note="the source states this value for another fact")
    best = SUPPORTED if any(grade == SUPPORTED for _, grade in agreeing) else APPROXIMATE
    chosen = [mention for mention, grade in agreeing if grade == best]
    note = "" if best == SUPPORTED else f"the source qualifies it: {chosen[0].text}"
    return NumberCheck(claim, best, _evidence(chosen), note=note)


def _evidence(mentions) -> tuple[Evidence, ...]:
    return tuple(Evidence(m.start, m.end, m.text) for m in list(mentions)[:_MAX_EVIDENCE])


def _same(a, b) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _value_match(claim: NumberMention, mention: NumberMention) -> str | None:
    """SUPPORTED or APPROXIMATE when `mention` states the claimed value, else None."""
    if claim.kind is Kind.DATE or mention.kind is Kind.DATE:
        if claim.kind is Kind.YEAR and mention.kind is Kind.DATE:
            return SUPPORTED if _same(claim.value, mention.year) else None
        if claim.kind is not Kind.DATE or mention.kind is not Kind.DATE:
            return None
        same_day = _same(claim.value, mention.value) and claim.month == mention.month
        years_differ = claim.year is not None and mention.year is not None and claim.year != mention.year
        return SUPPORTED if same_day and not years_differ else None
    if _KIND_GROUP.get(claim.kind, claim.kind) != _KIND_GROUP.get(mention.kind, mention.kind) and not (
        claim.kind is Kind.ORDINAL and mention.kind is Kind.CARDINAL and mention.definite
    ):
        return None
    if claim.kind is Kind.YEAR and claim.month is not None and mention.month is not None and claim.month != mention.month:
        return None
    if claim.qualifier is Qualifier.VAGUE:
        return _vague_match(claim, mention)
    if mention.qualifier is Qualifier.VAGUE or not _same(claim.value, mention.value):
        return None
    if claim.qualifier == mention.qualifier or {claim.qualifier, mention.qualifier} <= _LOWER_BOUNDS:
        return SUPPORTED
    return APPROXIMATE


def _vague_match(claim: NumberMention, mention: NumberMention) -> str | None:
    """"dozens" is supported by عشرات (overlapping vague ranges), approximate for a number inside it."""
    low, high = claim.low or 0, claim.high if claim.high is not None else math.inf
    if mention.qualifier is Qualifier.VAGUE:
        other_low, other_high = mention.low or 0, mention.high if mention.high is not None else math.inf
        return SUPPORTED if low <= other_high and other_low <= high else None
    return APPROXIMATE if mention.value is not None and low <= mention.value <= high else None
