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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache

from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.arabic.normalize import Normalized, normalize
from briefs.arabic.numbers import find_numbers
from briefs.grounding.context import annotate, conflicts, kinds_of_people, singular_counts
from briefs.grounding.english import find_english_numbers


class GroundingStatus(StrEnum):
    """A verdict on a figure or name against its source: the checker's four, `unchecked` for a count no
    one graded, `unknown` for a name the dictionaries do not know (never a failure). The values are the
    JSON contract; members equal their strings."""

    SUPPORTED = "supported"
    APPROXIMATE = "approximate"  # the source has the value with another qualifier
    UNSUPPORTED = "unsupported"
    MISATTRIBUTED = "misattributed"  # the value is in the source, for another fact
    UNCHECKED = "unchecked"
    UNKNOWN = "unknown"


SUPPORTED, APPROXIMATE, UNSUPPORTED, MISATTRIBUTED = (
    GroundingStatus.SUPPORTED,
    GroundingStatus.APPROXIMATE,
    GroundingStatus.UNSUPPORTED,
    GroundingStatus.MISATTRIBUTED,
)
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
    status: GroundingStatus
    evidence: tuple[Evidence, ...] = ()
    note: str = ""

    def to_json(self) -> dict:
        m = self.mention
        return {
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "value": m.value,
            "status": self.status,
            "evidence": [e.to_json() for e in self.evidence],
            "kind": str(m.kind),
            "qualifier": str(m.qualifier),
            "low": m.low,
            "high": m.high,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class GroundingReport:
    numbers: tuple[NumberCheck, ...] = field(default_factory=tuple)
    names: tuple = ()  # NameCheck (briefs.grounding.names): places, actors and days

    @property
    def verdict(self) -> GroundingStatus:
        return UNSUPPORTED if any(n.status in FAILING for n in (*self.numbers, *self.names)) else SUPPORTED

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "numbers": [n.to_json() for n in self.numbers],
            "names": [n.to_json() for n in self.names],
        }


@dataclass(frozen=True, slots=True)
class SourceNumbers:
    """A source's number mentions, indexed by value so that a claim looks at its few candidates."""

    mentions: tuple[NumberMention, ...]
    by_value: dict
    singulars: tuple[NumberMention, ...] = ()  # مقتل جندي: one, stated by a singular noun (see context.singular_counts)
    normalized: Normalized | None = None  # the source as the parser normalized it (the names scan reads it too)

    @classmethod
    def of(
        cls,
        mentions: list[NumberMention],
        singulars: Sequence[NumberMention] = (),
        normalized: Normalized | None = None,
    ) -> SourceNumbers:
        by_value: dict = {}
        for mention in mentions:
            for value in {mention.value, mention.year} - {None}:
                by_value.setdefault(value, []).append(mention)
            if mention.kind is Kind.TIME and mention.value is not None:
                by_value.setdefault(_clock_key(mention.value), []).append(mention)
        return cls(tuple(mentions), by_value, tuple(singulars), normalized)

    def candidates(self, claim: NumberMention):
        if claim.qualifier is Qualifier.VAGUE:
            return self.mentions  # a vague claim may be met by any number inside its range
        if claim.kind is Kind.TIME and claim.value is not None:
            return self.by_value.get(_clock_key(claim.value), ())
        return self.by_value.get(claim.value, ())


def _clock_key(hour: float) -> tuple[str, float]:
    """Times meet on a 12-hour clock: "10:30 p.m." (10.5) is الساعة 22,30 (22.5)."""
    return ("time", round(hour % 12, 4))


@lru_cache(maxsize=128)
def source_numbers(source: str) -> SourceNumbers:
    """Parsed and annotated once per source: a batch often checks several texts against one article."""
    normalized = normalize(source)
    return SourceNumbers.of(
        annotate(find_numbers(source, normalized), source, "ar"), singular_counts(source), normalized
    )


@lru_cache(maxsize=256)  # pure, and often asked twice for one extraction (its grounding, its stored result)
def check(source: str, summary: str, published: date | None = None) -> GroundingReport:
    """Numbers and names of `summary` against `source`; `published` (the article's date) places its weekdays."""
    from briefs.grounding.names import check_names  # names builds on this module

    numbers = source_numbers(source)
    claims = annotate(find_english_numbers(summary), summary, "en")
    return GroundingReport(
        tuple(_judge(claim, numbers) for claim in claims), check_names(source, summary, claims, published)
    )


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
            return NumberCheck(
                claim,
                UNSUPPORTED,
                found.evidence,
                note="its evidence quote does not state it (the source does, elsewhere)",
            )
        return found
    return _judge(claim, numbers)


def _digits(text: str) -> str:
    return "".join(str(int(c)) for c in text if c.isdecimal())


def _judge(claim: NumberMention, numbers: SourceNumbers, keep=None) -> NumberCheck:
    if claim.kind is Kind.NAME and claim.value is None:  # an overlong digit run: the same digits, or nothing
        same = [
            m
            for m in numbers.mentions
            if m.kind is Kind.NAME
            and m.value is None
            and _digits(m.text) == _digits(claim.text)
            and (keep is None or keep(m))
        ]
        if same:
            return NumberCheck(claim, SUPPORTED, _evidence(same))
        return NumberCheck(claim, UNSUPPORTED, note="the source never states these digits")
    candidates = numbers.candidates(claim)
    if keep is not None:
        candidates = [m for m in candidates if keep(m)]
    graded = [(mention, grade) for mention in candidates if (grade := _value_match(claim, mention))]
    if not graded and (converted := _converted(claim, numbers, keep)):
        return converted
    matches = [(mention, grade) for mention, grade in graded if grade != UNSUPPORTED]
    if not matches:
        contradicting = [mention for mention, _ in graded]
        if contradicting:
            return NumberCheck(
                claim,
                UNSUPPORTED,
                _evidence(contradicting),
                note=qualifier_note(claim, contradicting[0]) + ": they contradict",
            )
        if claim.value == 1 and claim.kind is Kind.CARDINAL and claim.qualifier is Qualifier.EXACT:
            # "one soldier was killed" for «مقتل جندي»: a singular noun of the claim's event and kind
            singular = [m for m in numbers.singulars if (keep is None or keep(m)) and not conflicts(claim, m)]
            if singular:
                return NumberCheck(claim, SUPPORTED, _evidence(singular), note="a singular noun states one")
        return NumberCheck(claim, UNSUPPORTED, note="the source never states this value")
    agreeing = [(mention, grade) for mention, grade in matches if not conflicts(claim, mention)]
    # A restatement of the value that says nothing of what the claim says (أربعة من المهاجمين كانوا...
    # for "four wounded") does not rescue a claim every informative statement contradicts: it repeats one.
    if (
        claim.qualifier is not Qualifier.VAGUE
        and agreeing
        and len(agreeing) < len(matches)
        and not any(_informs(claim, m) for m, _ in agreeing)
    ):
        agreeing = []
    if not agreeing:
        other = next(m for m, _ in matches if conflicts(claim, m))
        return NumberCheck(claim, MISATTRIBUTED, _evidence(m for m, _ in matches), note=swap_note(claim, other))
    best = SUPPORTED if any(grade == SUPPORTED for _, grade in agreeing) else APPROXIMATE
    chosen = [mention for mention, grade in agreeing if grade == best]
    note = "" if best == SUPPORTED else qualifier_note(claim, chosen[0]) + ": they overlap"
    return NumberCheck(claim, best, _evidence(chosen), note=note)


# Units an English writer converts to: the claim's unit → (the source's unit, source units per claim unit).
_CONVERSIONS = {"thing:mile": ("thing:km", 1.609344), "thing:pound": ("thing:kg", 0.45359237)}
_APPROXIMATE_TOLERANCE = 0.1  # "about 80 miles" holds 72–88 miles


def _converted(claim: NumberMention, numbers: SourceNumbers, keep=None) -> NumberCheck | None:
    """ "about 80 miles" for 130 كيلومترا: the source's figure in the claim's unit, rounded as a writer
    rounds (an exact claim to the unit, an approximate one within 10%), then the qualifiers compared."""
    unit = next((_CONVERSIONS[n] for n in claim.noun if n in _CONVERSIONS), None)
    if unit is None or claim.value is None:
        return None
    source_unit, factor = unit
    for mention in numbers.mentions:
        if source_unit not in mention.noun or mention.value is None or (keep is not None and not keep(mention)):
            continue
        value = mention.value / factor
        tolerance = _APPROXIMATE_TOLERANCE * claim.value if claim.qualifier is Qualifier.APPROXIMATELY else 0.5
        if claim.qualifier not in _LOWER_BOUNDS | {Qualifier.LESS_THAN} and abs(value - claim.value) > tolerance:
            continue
        shown = claim.value if abs(value - claim.value) <= tolerance else round(value, 2)
        as_claimed = replace(
            mention,
            value=shown,
            low=None if mention.low is None else shown,
            high=None if mention.high is None else shown,
        )
        grade = _interval_grade(claim, as_claimed)
        if claim.qualifier is Qualifier.APPROXIMATELY and grade == APPROXIMATE:
            grade = SUPPORTED  # an approximate source (نحو 130 كيلومترا) for "about 80 miles"
        if grade != UNSUPPORTED:
            note = f"converted: the source states {mention.text} ({value:.1f} in the summary's unit)"
            return NumberCheck(claim, grade, _evidence([mention]), note=note)
    return None


def _informs(claim: NumberMention, mention: NumberMention) -> bool:
    """The mention says something of what the claim says: its event, or what is counted."""
    if (claim.category and mention.category) or (kinds_of_people(claim.noun) and kinds_of_people(mention.noun)):
        return True
    unsaid = ("role:person", "role:member")
    dimensions = {a.split(":", 1)[0] for a in claim.noun if a not in unsaid}
    return any(a.split(":", 1)[0] in dimensions for a in mention.noun if a not in unsaid)


def _what(mention: NumberMention) -> str:
    """What a count counts, in words: "soldiers killed", "people (militant side) wounded"."""
    nouns = sorted(a.split(":", 1)[1] for a in mention.noun if not a.startswith("side:"))
    sides = sorted(a.split(":", 1)[1] for a in mention.noun if a.startswith("side:"))
    who = " ".join(nouns) or "a count"
    if sides:
        who += f" ({', '.join(sides)})"
    what = f"{who} {mention.category}" if mention.category else who
    return what + (f", as {' or '.join(sorted(mention.speakers))} sources say" if mention.speakers else "")


def swap_note(claim: NumberMention, source: NumberMention) -> str:
    """The reason of a misattribution: "the source gives 12 for civilian killed; the summary says child abducted"."""
    return f"the source gives {source.text} for {_what(source)}; the summary says {_what(claim)}"


def _evidence(mentions) -> tuple[Evidence, ...]:
    return tuple(Evidence(m.start, m.end, m.text) for m in list(mentions)[:_MAX_EVIDENCE])


def _same(a, b) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _value_match(claim: NumberMention, mention: NumberMention) -> GroundingStatus | None:
    """SUPPORTED or APPROXIMATE when `mention` states the claimed value, UNSUPPORTED when it states the
    value with a qualifier that contradicts the claim's (see `_interval_grade`), else None."""
    if claim.kind is Kind.DATE or mention.kind is Kind.DATE:
        if claim.kind is Kind.YEAR and mention.kind is Kind.DATE:
            return SUPPORTED if _same(claim.value, mention.year) else None
        if claim.kind is not Kind.DATE or mention.kind is not Kind.DATE:
            return None
        same_day = _same(claim.value, mention.value) and claim.month == mention.month
        years_differ = claim.year is not None and mention.year is not None and claim.year != mention.year
        return SUPPORTED if same_day and not years_differ else None
    if claim.kind is Kind.TIME or mention.kind is Kind.TIME:
        same = (
            claim.kind is mention.kind
            and claim.value is not None
            and mention.value is not None
            and _same(claim.value % 12, mention.value % 12)
        )
        return SUPPORTED if same else None
    if _KIND_GROUP.get(claim.kind, claim.kind) != _KIND_GROUP.get(mention.kind, mention.kind) and not _kinds_meet(
        claim, mention
    ):
        return None
    if (
        claim.kind is Kind.YEAR
        and claim.month is not None
        and mention.month is not None
        and claim.month != mention.month
    ):
        return None
    if claim.qualifier is Qualifier.VAGUE:
        grade = _interval_grade(claim, mention)
        # A vague word is supported only by words that imply it: "dozens" by عشرات or by 45, never
        # by عدد من or بضعة; a vague source that merely overlaps does not state the claim.
        return (
            grade if grade == SUPPORTED or (grade == APPROXIMATE and mention.qualifier is not Qualifier.VAGUE) else None
        )
    if mention.qualifier is Qualifier.VAGUE or not _same(claim.value, mention.value):
        return None
    return _interval_grade(claim, mention)


def _kinds_meet(claim: NumberMention, mention: NumberMention) -> bool:
    """Kinds that state the same figure in the two languages' habits."""
    if claim.kind is Kind.ORDINAL and mention.kind is Kind.CARDINAL and mention.definite:
        return True  # "the 72nd" for الـ72
    if {claim.kind, mention.kind} == {Kind.ORDINAL, Kind.NAME}:
        return True  # "the 93rd Brigade" for اللواء 93, "Division 4" for الفرقة الرابعة
    # "since 2014" for منذ 2014 read as a plain number (الربع الأخير من 2017، رقم 41 / 2016)
    return (
        claim.kind is Kind.YEAR
        and mention.kind is Kind.CARDINAL
        and not mention.noun
        and mention.qualifier is Qualifier.EXACT
    )


# Qualifiers as intervals. Each mention is read as the interval of values it allows: exact and
# approximately [v, v], at_least and more_than [v, ∞), less_than (-∞, v], vague [low, high]. The
# claim's interval holding the source's is SUPPORTED ("at least 5" for 7; "about 40" for 40); two
# intervals that overlap are APPROXIMATE ("30" for أكثر من 30; "more than 10" for نحو 10); a lower
# bound against an upper bound, or intervals apart, is UNSUPPORTED ("at least 40" for ما يصل إلى 40).
# Bounds are closed: the same figure with another qualifier touches, so it is approximate at worst.
# An approximate source (نحو 10) is held only by an approximate or vague claim.
def _interval(mention: NumberMention) -> tuple[float, float]:
    low = mention.low if mention.low is not None else (-math.inf if mention.qualifier is Qualifier.LESS_THAN else 0)
    high = mention.high if mention.high is not None else math.inf
    return float(low), float(high)


def _bound(mention: NumberMention) -> str | None:
    if mention.qualifier in _LOWER_BOUNDS:
        return "lower"
    return "upper" if mention.qualifier is Qualifier.LESS_THAN else None


def _interval_grade(claim: NumberMention, mention: NumberMention) -> GroundingStatus:
    claim_bound, source_bound = _bound(claim), _bound(mention)
    if claim_bound and source_bound and claim_bound != source_bound:
        return UNSUPPORTED
    (claim_low, claim_high), (low, high) = _interval(claim), _interval(mention)
    holds = claim_low <= low and high <= claim_high
    # An approximate source is a point only roughly: only an approximate or vague claim holds it.
    if holds and (
        mention.qualifier is not Qualifier.APPROXIMATELY
        or claim.qualifier in (Qualifier.APPROXIMATELY, Qualifier.VAGUE)
    ):
        return SUPPORTED
    return APPROXIMATE if claim_low <= high and low <= claim_high else UNSUPPORTED


def qualifier_note(claim: NumberMention, mention: NumberMention) -> str:
    """Names both qualifiers: 'the summary says at_least; the source says less_than (ما يصل إلى 40)'."""
    return f"the summary says {claim.qualifier} ({claim.text}); the source says {mention.qualifier} ({mention.text})"
