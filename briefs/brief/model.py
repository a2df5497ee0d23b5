"""What a brief holds: the merged incidents with their sources and figures, the headline totals, and
what needs review. Built by `briefs.brief.build`, written by `briefs.brief.render`; its JSON Schema
is `schemas/brief.schema.json`, the contract for API clients."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Self

from pydantic import Field, model_validator

from briefs.acled import CountCategory
from briefs.domain import BriefSource, Count, Flag, FlagKind, Incident
from briefs.extract.schema import StrictModel


class CountryTotals(StrictModel):
    country: str = Field(description="ISO 3166-1 alpha-3 code.")
    incidents: int
    fatalities: int = Field(description="Sum of the incidents' verified headline killed figures.")


class SourceCount(StrictModel):
    """One source's figure for a category, and the count it comes from."""

    article_hash: str
    figure: int = Field(
        description="This source's figure by ACLED's conservative rule (its counts of the category summed)."
    )
    count: Count


class MergedCount(StrictModel):
    """A category's figure over every source of the incident."""

    category: CountCategory
    figure: int = Field(
        description=(
            "Headline figure: the lowest verified source figure (ACLED's conservative rule); the lowest of "
            "all when none is verified."
        )
    )
    low: int = Field(description="Lowest figure any source gives.")
    high: int = Field(description="Highest figure any source gives.")
    verified: bool = Field(
        description=(
            "Some source's count is grounded in its article (supported, approximate or unchecked); false "
            "when all are unsupported or misattributed."
        )
    )
    note: str | None = Field(description="'sources differ: 26 vs 35' when sources disagree; null otherwise.")
    reports: list[SourceCount] = Field(description="Every source's count, with its Arabic evidence.")


class IncidentRef(StrictModel):
    article_hash: str
    index: int = Field(description="0-based position of the incident in the article's extraction.")


class MergeExplanation(StrictModel):
    """Why incidents from several articles were taken for one event."""

    rule: str = Field(description="The rule applied, in words.")
    representative: str = Field(description="Why the first member's coding (type, place, actors, notes) was kept.")


class BriefIncident(StrictModel):
    incident: Incident = Field(description="The representative report of the event (see merge).")
    reports: list[IncidentRef] = Field(
        description="The incidents of each article that report this event, the representative first."
    )
    counts: list[MergedCount] = Field(description="Figures per category over all sources.")
    sources: list[BriefSource] = Field(description="The articles reporting the incident.")
    merge: MergeExplanation | None = Field(description="How several reports were merged; null for a single report.")
    needs_review: bool = Field(
        description="Some figure or quote of some source failed grounding, or a figure is implausible for one event."
    )
    implausible: list[str] = Field(
        default_factory=list,
        description=(
            "Why a figure is implausible for one event ('220000 killed: above 500, the most one attack "
            "is taken to kill'): "
            "the incident is in Needs review and out of the headline totals. Empty when every figure is plausible."
        ),
    )


class BriefHeadline(StrictModel):
    """The totals. Figures are the merged headline figures; unverified figures are left out and counted."""

    incidents: int
    killed: int
    wounded: int
    arrested: int
    unverified_figures: int = Field(
        description="Merged figures left out of the totals because no source's count is grounded."
    )
    held_for_review: int = Field(
        0,
        description=(
            "Incidents left out of the totals because a figure is implausible for one event "
            "(see BriefIncident.implausible)."
        ),
    )
    by_country: list[CountryTotals] = Field(description="Per country, most fatalities first.")

    @classmethod
    def from_incidents(cls, incidents: Iterable[BriefIncident]) -> BriefHeadline:
        incidents = list(incidents)
        totals = dict.fromkeys(CountCategory, 0)
        unverified = held = 0
        per_country: dict[str, list[int]] = {}
        for item in incidents:
            row = per_country.setdefault(item.incident.location.country, [0, 0])
            row[0] += 1
            if item.implausible:
                held += 1
                continue
            for merged in item.counts:
                if not merged.verified:
                    unverified += 1
                    continue
                totals[merged.category] += merged.figure
                if merged.category is CountCategory.KILLED:
                    row[1] += merged.figure
        by_country = [CountryTotals(country=c, incidents=n, fatalities=f) for c, (n, f) in per_country.items()]
        by_country.sort(key=lambda r: (-r.fatalities, -r.incidents, r.country))
        return cls(
            incidents=len(incidents),
            killed=totals[CountCategory.KILLED],
            wounded=totals[CountCategory.WOUNDED],
            arrested=totals[CountCategory.ARRESTED],
            unverified_figures=unverified,
            held_for_review=held,
            by_country=by_country,
        )


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quote inside a reason (the renderer sets an Arabic one right to left)."""

    text: str


ReasonPart = str | Quoted


def reason_parts(flag: Flag) -> list[ReasonPart]:
    """A flag as a reason of the needs-review list, its quote kept apart."""
    match flag.kind:
        case FlagKind.UNGROUNDED_COUNT:
            return [f"{flag.category} {flag.value} is {flag.status} (evidence ", Quoted(flag.evidence or ""), ")"]
        case FlagKind.UNALIGNED_QUOTE:
            return ["quote not found in the article: ", Quoted(flag.evidence or "")]
        case _:
            return [flag.text()]


def reason_text(parts: Iterable[ReasonPart]) -> str:
    """Reason parts as one line, quotes in «»."""
    return "".join(part if isinstance(part, str) else f"«{part.text}»" for part in parts)


class ReviewItem(StrictModel):
    article_hash: str
    article_id: str
    incident_index: int | None = Field(
        description=(
            "0-based index of the incident in the article's extraction; null for the article as a whole (its summary)."
        )
    )
    reason: str = Field(description="Why, in words: the flags below, written out.")
    flags: list[Flag] = Field(default_factory=list, description="Why, as data: what fails, one flag each.")

    @classmethod
    def of(cls, article_hash: str, article_id: str, incident_index: int | None, flags: list[Flag]) -> ReviewItem:
        """An item whose reason is its flags written out."""
        reason = reason_text(_joined(flags, summary=incident_index is None))
        return cls(
            article_hash=article_hash, article_id=article_id, incident_index=incident_index, reason=reason, flags=flags
        )

    def parts(self) -> list[ReasonPart]:
        """The reason in parts, quotes apart (the reason as written when it has no flags)."""
        return _joined(self.flags, summary=self.incident_index is None) if self.flags else [self.reason]


def _joined(flags: list[Flag], *, summary: bool) -> list[ReasonPart]:
    """Flags joined by '; ', after 'summary: ' for an article's summary."""
    parts: list[ReasonPart] = ["summary: "] if summary else []
    for n, flag in enumerate(flags):
        parts += (["; "] if n else []) + reason_parts(flag)
    return parts


class Brief(StrictModel):
    """A brief over a date range: headline totals, the incidents with their sources, what needs review."""

    date_from: date
    date_to: date
    generated_at: datetime
    extractors: list[str] = Field(
        description="The extractors (and models) whose results the brief holds, e.g. 'lexicon'."
    )
    headline: BriefHeadline
    incidents: list[BriefIncident] = Field(description="Grouped by country and admin1, most severe first.")
    needs_review: list[ReviewItem]

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.date_from > self.date_to:
            raise ValueError(f"date_from ({self.date_from}) must not be after date_to ({self.date_to})")
        return self
