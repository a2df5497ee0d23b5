"""Grounded incidents: what an article yields once every quote is located and every figure checked.

`Quote` (a verbatim quote and its offsets in the article), `Count`, `Actor`, `Location`, `Incident`
and `SummaryLine` are the model-facing types of `briefs.extract.schema` with what code computes
added: character offsets and alignment status for every quote, a grounding status for every count,
and the derived ACLED fields. `GroundingRecord` is the stored (JSON) form of the checker's
`briefs.grounding.checker.GroundingReport`; `ExtractionResult` is one article's result with its flags.

Derived fields of an `Incident` (`disorder_type`, `interaction`, `fatalities`) are pydantic
`computed_field`s: recomputed from the incident's own data on every read, so they can never
disagree with it. They are serialized (and appear, read-only, in the exported JSON Schema); on
validation they are ignored, so a dumped incident validates back. Build an `Incident` from a model
reply with `Incident.from_extract(extract, source)`, or a whole `ExtractionResult` with
`ExtractionResult.from_extraction(...)`, which also runs the checker on the summary and collects flags.

Layering: this module imports `briefs.arabic`, `briefs.grounding`, `briefs.acled` and the schema.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Literal, Self, cast

from pydantic import ConfigDict, Field, computed_field, model_validator

from briefs.acled import ActorRole, CountCategory, DisorderType, conservative_figure, disorder_type_of, interaction_code
from briefs.extract.schema import (
    ActorExtract,
    CountExtract,
    Extraction,
    IncidentExtract,
    LocationExtract,
    StrictModel,
    SummarySentence,
)
from briefs.grounding import checker
from briefs.grounding.align import FUZZY_THRESHOLD, Alignment, align

QuoteStatus = Literal["exact", "normalized", "fuzzy", "not_found"]
CountGrounding = Literal["supported", "approximate", "unsupported", "misattributed", "unchecked"]
FAILING_GROUNDING: frozenset[str] = frozenset({"unsupported", "misattributed"})


class Quote(StrictModel):
    """A verbatim quote and where it sits in the article: offsets into the article text, end exclusive."""

    text: str = Field(description="The quote as the extractor gave it.")
    start: int | None = Field(description="Start offset in the article text; null when not found.")
    end: int | None = Field(description="End offset (exclusive) in the article text; null when not found.")
    status: QuoteStatus = Field(
        description="exact, normalized (equal after Arabic normalization), fuzzy (near match), not_found."
    )
    score: float = Field(description="Alignment similarity, 0-100.")

    @model_validator(mode="after")
    def _offsets(self) -> Self:
        if (self.status == "not_found") != (self.start is None or self.end is None):
            raise ValueError("start and end are null exactly when status is 'not_found'")
        if self.start is not None and self.end is not None and not 0 <= self.start <= self.end:
            raise ValueError(f"need 0 <= start <= end, got start {self.start}, end {self.end}")
        return self

    @property
    def found(self) -> bool:
        return self.status != "not_found"

    @classmethod
    def from_alignment(cls, text: str, alignment: Alignment) -> Quote:
        return cls(
            text=text,
            start=alignment.start,
            end=alignment.end,
            status=cast(QuoteStatus, alignment.status),  # the aligner's statuses are these four
            score=round(alignment.score, 1),
        )

    @classmethod
    def locate(cls, text: str, source: str, *, threshold: float = FUZZY_THRESHOLD) -> Quote:
        """Align a quote to the article with `briefs.grounding.align`."""
        return cls.from_alignment(text, align(text, source, threshold=threshold))


Locator = Callable[[str], Quote]
CountGrader = Callable[[CountExtract, Quote], CountGrounding]


def locator(source: str, *, threshold: float = FUZZY_THRESHOLD) -> Locator:
    """A quote → Quote function over one article, aligning each distinct quote once."""
    cache: dict[str, Quote] = {}

    def locate(text: str) -> Quote:
        if text not in cache:
            cache[text] = Quote.locate(text, source, threshold=threshold)
        return cache[text]

    return locate


def _as_locator(source: str | Locator) -> Locator:
    return locator(source) if isinstance(source, str) else source


class Count(CountExtract):
    """A reported figure with its evidence located in the article and its grounding status."""

    evidence: Quote = Field(description="evidence_ar located in the article.")
    grounding: CountGrounding = Field(
        "unchecked",
        description=(
            "Whether the evidence states this figure: supported, approximate, unsupported, misattributed, or unchecked."
        ),
    )

    @model_validator(mode="after")
    def _evidence_matches(self) -> Self:
        if self.evidence.text != self.evidence_ar:
            raise ValueError("evidence.text must be evidence_ar")
        return self

    @classmethod
    def from_extract(cls, extract: CountExtract, locate: str | Locator, grade: CountGrader | None = None) -> Count:
        quote = _as_locator(locate)(extract.evidence_ar)
        grounding: CountGrounding = grade(extract, quote) if grade is not None else "unchecked"
        return cls(**dict(extract), evidence=quote, grounding=grounding)


class Actor(ActorExtract):
    quote: Quote = Field(description="quote_ar located in the article.")

    @model_validator(mode="after")
    def _quote_matches(self) -> Self:
        if self.quote.text != self.quote_ar:
            raise ValueError("quote.text must be quote_ar")
        return self


class Location(LocationExtract):
    quote: Quote = Field(description="quote_ar located in the article.")

    @model_validator(mode="after")
    def _quote_matches(self) -> Self:
        if self.quote.text != self.quote_ar:
            raise ValueError("quote.text must be quote_ar")
        return self


_DERIVED = ("disorder_type", "interaction", "fatalities")


DATE_GUESSED = (
    "date guessed: the article has no publication date, and its date words were resolved against the day "
    "it was processed"
)


class Incident(IncidentExtract):
    """An incident with every quote located in the article and the derived ACLED fields.

    `disorder_type`, `interaction` and `fatalities` are computed from the incident on every read:
    serialized, read-only in the JSON Schema, ignored on input.
    """

    location: Location = Field(description="Where it happened, with its quote located.")
    # The located twins of the schema's lists (pydantic validates them as declared here).
    actors: list[Actor] = Field(description="The parties, with their quotes located.")  # type: ignore[assignment]
    counts: list[Count] = Field(  # type: ignore[assignment]
        description="The reported figures, with evidence located and grounding status."
    )
    evidence: list[Quote] = Field(description="evidence_ar located in the article, in the same order.")
    date_quote: Quote | None = Field(description="date_quote_ar located in the article; null when there is none.")
    date_guessed: bool = Field(
        False,
        description=(
            "The date is a guess: the article has no publication date, and its words (a weekday, أمس, a day and month "
            "without year that no weekday fixes) were resolved against the day it was processed. Such "
            "an incident is in "
            "Needs review."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(key in data for key in _DERIVED):
            data = {key: value for key, value in data.items() if key not in _DERIVED}
        return data

    @model_validator(mode="after")
    def _quotes_match(self) -> Self:
        if [q.text for q in self.evidence] != self.evidence_ar:
            raise ValueError("evidence must hold one Quote per evidence_ar entry, in order")
        if (self.date_quote is None) != (self.date_quote_ar is None):
            raise ValueError("date_quote is null exactly when date_quote_ar is null")
        if self.date_quote is not None and self.date_quote.text != self.date_quote_ar:
            raise ValueError("date_quote.text must be date_quote_ar")
        return self

    @computed_field(description="ACLED disorder type, derived from event_type and sub_event_type.")  # type: ignore[prop-decorator]
    @property
    def disorder_type(self) -> DisorderType:
        return disorder_type_of(self.event_type, self.sub_event_type)

    @computed_field(  # type: ignore[prop-decorator]
        description=(
            "ACLED interaction code from the inter codes of actor1 and actor2 (smaller digit first); actor1 "
            "alone: inter1 × 10; null without actor1."
        )
    )
    @property
    def interaction(self) -> int | None:
        inter = {actor.role: actor.inter for actor in self.actors}
        return interaction_code(inter.get(ActorRole.ACTOR1), inter.get(ActorRole.ACTOR2))

    @computed_field(  # type: ignore[prop-decorator]
        description=(
            "Reported fatalities by ACLED's conservative rule: the sum over killed counts of the lowest figure "
            "each states."
        )
    )
    @property
    def fatalities(self) -> int:
        return sum(conservative_figure(count) for count in self.counts if count.category is CountCategory.KILLED)

    @property
    def failing_counts(self) -> list[Count]:
        """The counts whose evidence does not state them (unsupported or misattributed)."""
        return [c for c in self.counts if c.grounding in FAILING_GROUNDING]

    @property
    def unaligned_quotes(self) -> list[Quote]:
        """The quotes not found in the article."""
        quotes = [
            *self.evidence,
            self.location.quote,
            *(a.quote for a in self.actors),
            *(c.evidence for c in self.counts),
        ]
        return [q for q in quotes if not q.found]

    @property
    def needs_review(self) -> bool:
        return bool(self.failing_counts or self.unaligned_quotes or self.date_guessed)

    @classmethod
    def from_extract(
        cls, extract: IncidentExtract, source: str | Locator, *, grade_count: CountGrader | None = None
    ) -> Incident:
        """Locate every quote of a model-facing incident in the article (`source` is the article
        text, or a `locator`); `grade_count` sets each count's grounding (default 'unchecked')."""
        locate = _as_locator(source)
        fields = {name: getattr(extract, name) for name in IncidentExtract.model_fields}
        fields["location"] = Location(**dict(extract.location), quote=locate(extract.location.quote_ar))
        fields["actors"] = [Actor(**dict(actor), quote=locate(actor.quote_ar)) for actor in extract.actors]
        fields["counts"] = [Count.from_extract(count, locate, grade_count) for count in extract.counts]
        return cls(
            **fields,
            evidence=[locate(text) for text in extract.evidence_ar],
            date_quote=None if extract.date_quote_ar is None else locate(extract.date_quote_ar),
        )


class SummaryLine(StrictModel):
    """One English summary sentence and its located Arabic evidence."""

    text_en: str
    evidence: list[Quote]

    @classmethod
    def from_extract(cls, sentence: SummarySentence, source: str | Locator) -> SummaryLine:
        locate = _as_locator(source)
        return cls(text_en=sentence.text_en, evidence=[locate(text) for text in sentence.evidence_ar])


# --------------------------------------------------------------------------------------------------
# The grounding record: the checker's GroundingReport as stored and served (its to_json() shape)
# --------------------------------------------------------------------------------------------------


class GroundingEvidence(StrictModel):
    start: int = Field(description="Start offset of the evidence in the source.")
    end: int = Field(description="End offset (exclusive) of the evidence in the source.")
    text: str


class GroundingNumber(StrictModel):
    """One number of the English text and the verdict on it."""

    text: str = Field(description="The number as written in the English text.")
    start: int = Field(description="Start offset in the English text.")
    end: int = Field(description="End offset (exclusive) in the English text.")
    value: int | float | None = Field(description="Its value; null when vague.")
    status: Literal["supported", "approximate", "unsupported", "misattributed"]
    evidence: list[GroundingEvidence] = Field(description="Where the source states it (offsets into the source).")
    kind: str = Field(description="cardinal, dual, ordinal, date, year, time, percent or name.")
    qualifier: str = Field(description="exact, at_least, more_than, less_than, approximately or vague.")
    low: int | float | None
    high: int | float | None
    note: str


class GroundingName(StrictModel):
    """One place, actor or day of the English text and the verdict on it."""

    text: str = Field(description="The name as written in the English text.")
    start: int = Field(description="Start offset in the English text.")
    end: int = Field(description="End offset (exclusive) in the English text.")
    kind: Literal["place", "actor", "date"]
    status: Literal["supported", "unsupported", "misattributed", "unknown"] = Field(
        description="unknown: a capitalised name the gazetteer and actor dictionary do not know (never a failure)."
    )
    names: list[str] = Field(description="The dictionary entries it was read as (gazetteer or actor names; a weekday).")
    evidence: list[GroundingEvidence] = Field(
        description="Where the source names it, or states its facts for other names."
    )
    note: str


# `briefs.grounding.checker.GroundingReport` as stored and served, in its `to_json()` shape. One name a
# class: this is the record; its JSON Schema keeps the published title, GroundingReport.
class GroundingRecord(StrictModel):
    """The checker's verdict on every number and name of an English text against its Arabic source."""

    model_config = ConfigDict(extra="forbid", title="GroundingReport")

    verdict: Literal["supported", "unsupported"]
    numbers: list[GroundingNumber]
    names: list[GroundingName] = Field(
        default_factory=list, description="Places, actors and days (absent in reports made before names were checked)."
    )

    @model_validator(mode="after")
    def _verdict(self) -> Self:
        statuses = [n.status for n in self.numbers] + [n.status for n in self.names]
        failing = any(status in FAILING_GROUNDING for status in statuses)
        if (self.verdict == "unsupported") != failing:
            raise ValueError(
                "verdict is 'unsupported' exactly when some number or name is unsupported or misattributed"
            )
        return self

    @property
    def failing(self) -> list[GroundingNumber]:
        return [n for n in self.numbers if n.status in FAILING_GROUNDING]

    @classmethod
    def from_checker(cls, report: checker.GroundingReport) -> GroundingRecord:
        return cls.model_validate(report.to_json())


# --------------------------------------------------------------------------------------------------
# One article's result
# --------------------------------------------------------------------------------------------------


def _count_text(count: CountExtract) -> str:
    if count.value is not None:
        return str(count.value)
    return f"{count.low}-{count.high}" if count.high is not None else f"{count.low}+"


def collect_flags(
    incidents: list[Incident], summary: list[SummaryLine], grounding: GroundingRecord | None
) -> list[str]:
    """Human-readable problems, 1-based: unaligned quotes, ungrounded counts, unsupported summary numbers."""
    flags: list[str] = []
    for i, incident in enumerate(incidents, start=1):
        where = f"incident {i}"
        flags += [
            f"unaligned quote in {where} evidence {j}" for j, q in enumerate(incident.evidence, start=1) if not q.found
        ]
        if incident.date_quote is not None and not incident.date_quote.found:
            flags.append(f"unaligned quote in {where} date")
        if not incident.location.quote.found:
            flags.append(f"unaligned quote in {where} location")
        flags += [
            f"unaligned quote in {where} actor {k}" for k, a in enumerate(incident.actors, start=1) if not a.quote.found
        ]
        for k, count in enumerate(incident.counts, start=1):
            if not count.evidence.found:
                flags.append(f"unaligned quote in {where} count {k}")
            if count.grounding in FAILING_GROUNDING:
                flags.append(f"{count.grounding} count {k} in {where}: {count.category} {_count_text(count)}")
    for s, line in enumerate(summary, start=1):
        flags += [
            f"unaligned quote in summary sentence {s} evidence {j}"
            for j, q in enumerate(line.evidence, start=1)
            if not q.found
        ]
    if grounding is not None:
        flags += [f"{n.status} number {n.text} in summary" for n in grounding.failing]
        flags += [f"{n.status} {n.kind} {n.text} in summary" for n in grounding.names if n.status in FAILING_GROUNDING]
    return flags


def article_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ExtractionResult(StrictModel):
    """What one article yields: incidents, summary, grounding report and flags, with provenance."""

    article_id: str
    article_hash: str = Field(description="sha256 of the article text.")
    extractor: Literal["llm", "lexicon"]
    model: str | None = Field(description="The model as provider:name; null for the lexicon extractor.")
    prompt_id: str | None = Field(
        description="Prompt id as task@version, e.g. extract@v1; null for the lexicon extractor."
    )
    prompt_hash: str | None
    incidents: list[Incident]
    summary: list[SummaryLine]
    grounding: GroundingRecord = Field(description="The checker run on the joined English summary.")
    flags: list[str] = Field(description="Human-readable problems: unaligned quotes, unsupported numbers.")
    attempts: int = Field(description="Model calls made (1 when the first reply passed).")
    created_at: datetime

    @property
    def summary_text(self) -> str:
        return " ".join(line.text_en for line in self.summary)

    @classmethod
    def from_extraction(
        cls,
        extraction: Extraction,
        source: str,
        *,
        article_id: str,
        extractor: Literal["llm", "lexicon"],
        model: str | None = None,
        prompt_id: str | None = None,
        prompt_hash: str | None = None,
        attempts: int = 1,
        threshold: float = FUZZY_THRESHOLD,
        grade_count: CountGrader | None = None,
        extra_flags: Iterable[str] = (),
        created_at: datetime | None = None,
        locate: Locator | None = None,
        summary_check: checker.GroundingReport | None = None,
    ) -> ExtractionResult:
        """Locate every quote in `source`, check the summary's numbers, collect the flags.

        `grade_count(count, located_quote)` sets each count's grounding (default 'unchecked');
        `extra_flags` (e.g. the extractor's grounding failures on notes_en) are appended, once each.
        A caller that aligned the quotes and checked the summary already passes `locate` and
        `summary_check` (the checker's report on the summary sentences joined by spaces).
        """
        locate = locate or locator(source, threshold=threshold)
        incidents = [
            Incident.from_extract(incident, locate, grade_count=grade_count) for incident in extraction.incidents
        ]
        summary = [SummaryLine.from_extract(sentence, locate) for sentence in extraction.summary]
        text = " ".join(line.text_en for line in summary)
        grounding = GroundingRecord.from_checker(
            summary_check if summary_check is not None else checker.check(source, text)
        )
        return cls(
            article_id=article_id,
            article_hash=article_hash(source),
            extractor=extractor,
            model=model,
            prompt_id=prompt_id,
            prompt_hash=prompt_hash,
            incidents=incidents,
            summary=summary,
            grounding=grounding,
            flags=list(dict.fromkeys([*collect_flags(incidents, summary, grounding), *extra_flags])),
            attempts=attempts,
            created_at=created_at or datetime.now(UTC),
        )
