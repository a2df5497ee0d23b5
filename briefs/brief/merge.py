"""One entry per event: incidents reported by several articles merge into one, every source kept.

Two reports are the same event when they have the same event type, the same country, admin1 and
place (`briefs.matching.same_place`: names compared after folding case, accents, Arabic articles and
vowels, then fuzzily), dates that agree within the coarser of their time precisions
(`briefs.matching.same_date`: same day; same week; same month), and main
parties that do not contradict each other (the reports share an actor1/actor2 inter code, or one names none).
Two incidents of one article are never merged: the extractor split them on purpose.

Figures follow ACLED's conservative rule: each source's figure for a category is the sum of its
counts' lowest figures; the merged headline figure is the lowest verified source figure, and a
disagreement is kept as a range with a note ("sources differ: 26 vs 35").

Pure: works on the domain models only, knows no store, no LLM, no web.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from briefs.acled import ActorRole, CountCategory, GeoPrecision, TimePrecision, conservative_figure
from briefs.brief.model import BriefIncident, IncidentRef, MergedCount, MergeExplanation, SourceCount
from briefs.domain import FAILING_GROUNDING, BriefSource, Count, Flag, Incident, implausible_figure
from briefs.matching import PLACE_SIMILARITY, place_key, same_date, same_place_keys

RULE = (
    "same event type, same country, admin1 and place, dates within the coarser time precision "
    "(day: same day, week: 7 days, month: same month), "
    "main parties' inter codes compatible (one shared, or none named), different articles"
)
# The most one event is taken to kill, wound, abduct or arrest: above it a figure is a war's toll, a
# year's statistics or history misread as news, and goes to review, out of the totals. The deadliest
# single attacks of the past decades stay under it (Mogadishu, 14 October 2017: 587 killed); the rare
# event above it is still in the brief, marked for an analyst to confirm.
PLAUSIBLE_MAX = {
    CountCategory.KILLED: 500,
    CountCategory.WOUNDED: 2000,
    CountCategory.ABDUCTED: 500,
    CountCategory.ARRESTED: 1000,
}
COUNTRY_WIDE_MAX = 999  # a figure placed in a whole country (no province) with four digits is a national statistic


@dataclass(frozen=True, slots=True)
class Report:
    """One incident as one article reports it."""

    incident: Incident
    source: BriefSource
    index: int

    @property
    def day(self) -> date:
        return self.incident.event_date


@dataclass(frozen=True, slots=True)
class _Features:
    """What the same-event test reads from a report, computed once."""

    day: date
    precision: TimePrecision
    region: bool  # only the province is known: names are not compared
    place: str  # briefs.matching.place_key of the place's name
    parties: frozenset[int]

    @classmethod
    def of(cls, incident: Incident) -> _Features:
        parties = frozenset(a.inter for a in incident.actors if a.role in (ActorRole.ACTOR1, ActorRole.ACTOR2))
        return cls(
            incident.event_date,
            TimePrecision(incident.time_precision),
            incident.location.geo_precision is GeoPrecision.REGION,
            place_key(incident.location.name_en),
            parties,
        )

    def agrees(self, other: _Features) -> bool:
        """Dates within the coarser precision, and main parties' inter codes compatible: the two reports
        share one, or one names none. Roles are not compared: outlets (and extractors) swap who did what
        to whom, and one names the attackers' group where another has "gunmen"."""
        same_time = same_date(self.day, other.day, max(self.precision, other.precision))
        return same_time and (not self.parties or not other.parties or bool(self.parties & other.parties))


@dataclass
class _Group:
    place: _Features  # the first report's: the place every later report is matched against
    reports: list[Report] = field(default_factory=list)
    features: list[_Features] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)

    def admits(self, report: Report, features: _Features) -> bool:
        return report.source.article_hash not in self.articles and all(f.agrees(features) for f in self.features)

    def add(self, report: Report, features: _Features) -> None:
        self.reports.append(report)
        self.features.append(features)
        self.articles.add(report.source.article_hash)


# Reports are merged in date order, so a block's groups are opened in date order too. A group whose
# first report is more than this many days before a report can admit it at no precision (day: same
# day, week: 6 days, month: same month), so it is no candidate: the index skips it.
_WINDOW_DAYS = 30


@dataclass
class _Block:
    """The groups of one event type, country and admin1, indexed by place and date: a report's
    candidates are found without looking at the groups of other places or of more than a month before,
    so merging costs the same per report whether the brief covers a day or a year."""

    groups: list[_Group] = field(default_factory=list)
    first_days: list[int] = field(default_factory=list)  # ordinal of each group's first report: non-decreasing
    by_name: dict[str, list[int]] = field(default_factory=dict)  # place key -> its groups (not province-only)
    similar: dict[str, list[str]] = field(default_factory=dict)  # place key -> the keys of by_name it matches
    regional: list[int] = field(default_factory=list)

    def candidates(self, features: _Features) -> Iterator[int]:
        """Groups at the same place: those with the same place key first, then (checked only when none
        of those admits the report) the fuzzy matches, each in the order they were opened."""
        start = bisect_left(self.first_days, features.day.toordinal() - _WINDOW_DAYS)
        if features.region:
            yield from _since(self.regional, start)
            return
        if not features.place:  # a name with no letters names no place another report can share
            return
        exact = _since(self.by_name.get(features.place, []), start)
        yield from exact
        fuzzy = {i for name in self._similar(features.place) for i in _since(self.by_name[name], start)}
        yield from sorted(fuzzy.difference(exact))

    def _similar(self, place: str) -> list[str]:
        matches = self.similar.get(place)
        if matches is None:
            matches = self.similar[place] = _matching(place, list(self.by_name))
        return matches

    def open(self, report: Report, features: _Features) -> _Group:
        group = _Group(features)
        group.add(report, features)
        index = len(self.groups)
        self.groups.append(group)
        self.first_days.append(features.day.toordinal())
        if features.region:
            self.regional.append(index)
            return group
        if not features.place:
            return group
        if features.place not in self.by_name:
            self.by_name[features.place] = []
            for name in _matching(features.place, list(self.similar)):  # a new place: the names it matches learn it
                self.similar[name].append(features.place)
        self.by_name[features.place].append(index)
        return group


def _matching(place: str, names: list[str]) -> list[str]:
    """The place keys that `briefs.matching.same_place_keys` takes for the place's (a symmetric rule):
    rapidfuzz finds the similar ones over all of them at once, and the rule has the last word."""
    found = process.extract(place, names, scorer=fuzz.token_set_ratio, score_cutoff=PLACE_SIMILARITY, limit=None)
    return [name for name, _, _ in found if same_place_keys(place, name)]


def _since(indices: list[int], start: int) -> list[int]:
    """The indices (ascending) from `start` on."""
    return indices[bisect_left(indices, start) :]


def merge_reports(reports: list[Report]) -> list[BriefIncident]:
    """Group reports of the same event; one BriefIncident per event.

    Reports are blocked by (event type, country, admin1) and taken in date order; each joins the
    first group at its place (the same place key or a fuzzy match of the keys; for
    province-only reports, the province-only groups) whose every member's date and parties agree
    with it, and which holds no report of its own article.
    """
    blocks: dict[tuple, _Block] = defaultdict(_Block)
    groups: list[_Group] = []
    for report in sorted(reports, key=lambda r: (r.day, r.source.article_hash, r.index)):
        location = report.incident.location
        block = blocks[(report.incident.event_type, location.country, location.admin1 or "")]
        features = _Features.of(report.incident)
        for index in block.candidates(features):
            if block.groups[index].admits(report, features):
                block.groups[index].add(report, features)
                break
        else:
            groups.append(block.open(report, features))
    return [brief_incident(group.reports) for group in groups]


def _representative_key(report: Report) -> tuple:
    incident = report.incident
    return (
        len(incident.failing_counts),
        len(incident.unaligned_quotes),
        incident.time_precision,
        incident.location.geo_precision,
        report.source.published_at or date.max,
        report.source.article_hash,
    )


def brief_incident(group: list[Report]) -> BriefIncident:
    ordered = sorted(group, key=_representative_key)
    chosen = ordered[0].incident
    sources = list({r.source.article_hash: r.source for r in ordered}.values())
    merge = None
    if len(ordered) > 1:
        merge = MergeExplanation(
            rule=RULE,
            representative=(
                "fewest ungrounded figures, then fewest unaligned quotes, then finest date and place, "
                "then earliest published"
            ),
        )
    counts = merged_counts(ordered)
    doubts = [flag.text() for flag in implausible_flags(counts, chosen)]
    return BriefIncident(
        incident=chosen,
        reports=[IncidentRef(article_hash=r.source.article_hash, index=r.index) for r in ordered],
        counts=counts,
        sources=sources,
        merge=merge,
        needs_review=bool(doubts) or any(r.incident.needs_review for r in ordered),
        implausible=doubts,
    )


def implausible_flags(counts: list[MergedCount], incident: Incident) -> list[Flag]:
    """The merged figures implausible for one event (none when all are plausible)."""
    flags = []
    country_wide = incident.location.admin1 is None
    for merged in counts:
        limit = PLAUSIBLE_MAX.get(merged.category)
        if limit is not None and merged.figure > limit:
            why = (
                f"is implausible for one event (above {limit}): "
                "likely a war's toll, a statistic or history; left out of the totals"
            )
        elif country_wide and merged.figure > COUNTRY_WIDE_MAX:
            why = "placed in a whole country is likely a national statistic; left out of the totals"
        else:
            continue
        flags.append(implausible_figure(merged.category, merged.figure, why))
    return flags


def merged_counts(reports: list[Report]) -> list[MergedCount]:
    per_category: dict[CountCategory, list[tuple[str, list[Count]]]] = defaultdict(list)
    for report in reports:
        by_category: dict[CountCategory, list[Count]] = defaultdict(list)
        for count in report.incident.counts:
            by_category[count.category].append(count)
        for category, counts in by_category.items():
            per_category[category].append((report.source.article_hash, counts))
    merged = []
    for category in CountCategory:  # a stable order: killed, wounded, arrested, ...
        if category not in per_category:
            continue
        rows: list[SourceCount] = []
        verified_figures, all_figures = [], []
        for article, counts in per_category[category]:
            figure = sum(conservative_figure(c) for c in counts)
            all_figures.append(figure)
            if all(c.grounding not in FAILING_GROUNDING for c in counts):
                verified_figures.append(figure)
            rows += [SourceCount(article_hash=article, figure=figure, count=c) for c in counts]
        low, high = min(all_figures), max(all_figures)
        distinct = sorted(set(all_figures))
        merged.append(
            MergedCount(
                category=category,
                figure=min(verified_figures or all_figures),
                low=low,
                high=high,
                verified=bool(verified_figures),
                note=None if len(distinct) == 1 else "sources differ: " + " vs ".join(map(str, distinct)),
                reports=rows,
            )
        )
    return merged
