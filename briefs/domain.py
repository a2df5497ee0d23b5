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

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, Self, cast

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from briefs.acled import (
    ActorRole,
    CountCategory,
    DisorderType,
    StatedCount,
    conservative_figure,
    disorder_type_of,
    interaction_code,
)
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
from briefs.grounding.checker import GroundingStatus
from briefs.hashing import sha256_hex

QuoteStatus = Literal["exact", "normalized", "fuzzy", "not_found"]
CountGrounding = Literal["supported", "approximate", "unsupported", "misattributed", "unchecked"]


FAILING_GROUNDING: frozenset[str] = frozenset({GroundingStatus.UNSUPPORTED, GroundingStatus.MISATTRIBUTED})


def stated_figure(value: int | None, low: int | None, high: int | None, *, dash: str = "-", open_end: str = "+") -> str:
    """The one way a count's figure is written, without its qualifier: '5'; a vague count's range,
    '20-99', or with no upper bound '20+' (`open_end` after the dash in reports that write '20-')."""
    if value is not None:
        return str(value)
    return f"{low}{dash}{high}" if high is not None else f"{low}{open_end}"


def figure_text(count: StatedCount, dash: str = "-", open_end: str = "+") -> str:
    """`stated_figure` of a count."""
    return stated_figure(count.value, count.low, count.high, dash=dash, open_end=open_end)


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


class _Quoted(BaseModel):
    """What an actor and a location add to the model's answer: its quote_ar, located in the article (first
    among the bases, so `quote` stays the last field)."""

    if TYPE_CHECKING:
        quote_ar: str  # the extract model's field, which the located quote must be

    quote: Quote = Field(description="quote_ar located in the article.")

    @model_validator(mode="after")
    def _quote_matches(self) -> Self:
        if self.quote.text != self.quote_ar:
            raise ValueError("quote.text must be quote_ar")
        return self


class Actor(_Quoted, ActorExtract):
    pass


class Location(_Quoted, LocationExtract):
    pass


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

    # The model writes the date as text (the schema's string); inside, it is a date, parsed once in `from_extract`.
    event_date: date = Field(  # type: ignore[assignment]
        description="The date the incident happened (not the publication date), YYYY-MM-DD.",
        json_schema_extra={"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    )
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

    @field_validator("event_date")
    @classmethod
    def _date(cls, value: date) -> date:  # type: ignore[override]  # the schema's text check does not apply to a date
        return value

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
        return [quote for _, quote in self.unaligned_parts]

    @property
    def unaligned_parts(self) -> list[tuple[str, Quote]]:
        """The quotes not found in the article, each with the part it is of ('evidence 1', 'location',
        'actor 2', 'count 1'); the date's quote is not among them (an incident is dated without it)."""
        parts = [
            *((f"evidence {j}", q) for j, q in enumerate(self.evidence, start=1)),
            ("location", self.location.quote),
            *((f"actor {k}", a.quote) for k, a in enumerate(self.actors, start=1)),
            *((f"count {k}", c.evidence) for k, c in enumerate(self.counts, start=1)),
        ]
        return [(part, quote) for part, quote in parts if not quote.found]

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
        fields["event_date"] = date.fromisoformat(extract.event_date)  # the schema checked it is YYYY-MM-DD
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
        if (self.verdict == GroundingStatus.UNSUPPORTED) != failing:
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


# --------------------------------------------------------------------------------------------------
# Flags: what fails in a result, as data
# --------------------------------------------------------------------------------------------------


class FlagKind(StrEnum):
    UNALIGNED_QUOTE = "unaligned_quote"  # a quote the extractor gave is not in the article
    UNGROUNDED_COUNT = "ungrounded_count"  # a count its evidence does not state (unsupported, misattributed)
    SUMMARY_NUMBER = "summary_number"  # a number of the English summary its source does not support
    SUMMARY_NAME = "summary_name"  # a place, actor or day of the English summary its source does not support
    DATE_GUESSED = "date_guessed"  # the date words were resolved against the day the article was processed
    IMPLAUSIBLE_FIGURE = "implausible_figure"  # a merged figure too large for one event


class Flag(StrictModel):
    """A problem found in a result, as data; its words are made where it is shown (`text()` for an
    extraction's list of flags, `briefs.brief.model.reason_parts` for a brief's needs-review list)."""

    kind: FlagKind
    incident: int | None = Field(description="1-based incident of the article's extraction; null for its summary.")
    subject: str = Field(
        description="The part flagged: 'evidence 2', 'date', 'location', 'actor 1', 'count 2', "
        "'summary sentence 1 evidence 1'; for the summary the kind of thing: 'number', 'place', 'actor', 'date'."
    )
    category: CountCategory | None = Field(description="The count's category, for a count or a figure.")
    value: str | None = Field(description="The figure or text as stated: '5', '20-99', 'three', 'Raqqa'.")
    status: GroundingStatus | None = Field(description="The grounding verdict, for a count or a summary's number.")
    evidence: str | None = Field(description="The Arabic quote concerned, verbatim; null when there is none.")
    message: str | None = Field(description="An explanation in English (why a date or a figure is doubted).")

    def text(self) -> str:
        """The flag as one line of `ExtractionResult.flags` (a published contract: these words stay)."""
        match self.kind:
            case FlagKind.UNALIGNED_QUOTE:
                where = self.subject if self.incident is None else f"incident {self.incident} {self.subject}"
                return f"unaligned quote in {where}"
            case FlagKind.UNGROUNDED_COUNT:
                return f"{self.status} {self.subject} in incident {self.incident}: {self.category} {self.value}"
            case FlagKind.SUMMARY_NUMBER | FlagKind.SUMMARY_NAME:
                return f"{self.status} {self.subject} {self.value} in summary"
            case FlagKind.IMPLAUSIBLE_FIGURE:
                return f"{self.value} {self.category} {self.message}"
            case FlagKind.DATE_GUESSED:
                return self.message or DATE_GUESSED


def _flag(kind: FlagKind, subject: str, **fields: Any) -> Flag:
    values: dict[str, Any] = dict.fromkeys(("incident", "category", "value", "status", "evidence", "message"))
    return Flag(kind=kind, subject=subject, **{**values, **fields})


def unaligned_quote(subject: str, quote: Quote, incident: int | None = None) -> Flag:
    return _flag(FlagKind.UNALIGNED_QUOTE, subject, incident=incident, evidence=quote.text)


def ungrounded_count(count: Count, subject: str, incident: int | None = None) -> Flag:
    return _flag(
        FlagKind.UNGROUNDED_COUNT,
        subject,
        incident=incident,
        category=count.category,
        value=figure_text(count),
        status=count.grounding,
        evidence=count.evidence_ar,
    )


def date_guessed(incident: int | None = None) -> Flag:
    return _flag(FlagKind.DATE_GUESSED, "date", incident=incident, message=DATE_GUESSED)


def implausible_figure(category: CountCategory, figure: int, why: str) -> Flag:
    return _flag(FlagKind.IMPLAUSIBLE_FIGURE, "figure", category=category, value=str(figure), message=why)


def summary_flags(grounding: GroundingRecord) -> list[Flag]:
    """The summary's numbers, then its names, that the source does not support or gives for another fact."""
    numbers = [
        _flag(FlagKind.SUMMARY_NUMBER, "number", value=n.text, status=n.status, message=n.note or None)
        for n in grounding.failing
    ]
    names = [
        _flag(FlagKind.SUMMARY_NAME, n.kind, value=n.text, status=n.status, message=n.note or None)
        for n in grounding.names
        if n.status in FAILING_GROUNDING
    ]
    return numbers + names


def collect_flags(
    incidents: list[Incident], summary: list[SummaryLine], grounding: GroundingRecord | None
) -> list[Flag]:
    """What fails in a result, in order: per incident (1-based) its unaligned quotes and ungrounded
    counts; the summary's unaligned quotes; the numbers and names its grounding report fails."""
    flags: list[Flag] = []
    for i, incident in enumerate(incidents, start=1):
        flags += [
            unaligned_quote(f"evidence {j}", q, i) for j, q in enumerate(incident.evidence, start=1) if not q.found
        ]
        if incident.date_quote is not None and not incident.date_quote.found:
            flags.append(unaligned_quote("date", incident.date_quote, i))
        if not incident.location.quote.found:
            flags.append(unaligned_quote("location", incident.location.quote, i))
        flags += [
            unaligned_quote(f"actor {k}", a.quote, i)
            for k, a in enumerate(incident.actors, start=1)
            if not a.quote.found
        ]
        for k, count in enumerate(incident.counts, start=1):
            if not count.evidence.found:
                flags.append(unaligned_quote(f"count {k}", count.evidence, i))
            if count.grounding in FAILING_GROUNDING:
                flags.append(ungrounded_count(count, f"count {k}", i))
    for s, line in enumerate(summary, start=1):
        flags += [
            unaligned_quote(f"summary sentence {s} evidence {j}", q)
            for j, q in enumerate(line.evidence, start=1)
            if not q.found
        ]
    if grounding is not None:
        flags += summary_flags(grounding)
    return flags


def article_hash(text: str) -> str:
    return sha256_hex(text)


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
            flags=list(
                dict.fromkeys([*(f.text() for f in collect_flags(incidents, summary, grounding)), *extra_flags])
            ),
            attempts=attempts,
            created_at=created_at or datetime.now(UTC),
        )


class BriefSource(StrictModel):
    """An article reporting an incident."""

    article_hash: str = Field(description="sha256 of the article text: the article's id in the store and the API.")
    article_id: str = Field(description="The article's own id (file name or the id given at ingestion).")
    title: str | None
    outlet: str | None
    url: str | None
    published_at: date | None
