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

Pure: works on the domain models only, knows no database, no LLM, no web. What it makes from its own
figures is set, not validated (`briefs.store.trusted.builder`): a brief of 50,000 reports makes ~250,000.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from rapidfuzz import fuzz, process

from briefs.acled import CountCategory, GeoPrecision, TimePrecision, conservative_figure
from briefs.brief.model import BriefIncident, IncidentRef, MergedCount, MergeExplanation, SourceCount
from briefs.domain import FAILING_GROUNDING, BriefSource, Count, Flag, Incident, implausible_figure
from briefs.matching import (
    MAX_DAYS_APART,
    PLACE_SIMILARITY,
    compatible_parties,
    main_parties,
    place_key,
    same_date,
    same_place_keys,
)
from briefs.store.trusted import builder

RULE = (
    "same event type, same country, admin1 and place, dates within the coarser time precision "
    "(day: same day, week: 7 days, month: same month), "
    "main parties' inter codes compatible (one shared, or none named), different articles"
)
_merge_explanation, _incident_ref = builder(MergeExplanation), builder(IncidentRef)
_brief_incident_of, _merged_count, _source_count = builder(BriefIncident), builder(MergedCount), builder(SourceCount)
REPRESENTATIVE = (
    "fewest ungrounded figures, then fewest unaligned quotes, then finest date and place, then earliest published"
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
_CATEGORY_ORDER = {category: n for n, category in enumerate(CountCategory)}
COUNTRY_WIDE_MAX = 999  # a figure placed in a whole country (no province) with four digits is a national statistic


class Reported(Protocol):
    """What the merge reads of a report: a `Report` (the whole incident) has it, and so has a stored
    row (`briefs.store.ReportRow`: the columns the merge compares, and the counts) without the rest."""

    @property
    def source(self) -> BriefSource: ...
    @property
    def index(self) -> int: ...
    @property
    def day(self) -> date: ...
    @property
    def event_type(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def admin1(self) -> str | None: ...
    @property
    def place(self) -> str: ...
    @property
    def time_precision(self) -> int: ...
    @property
    def geo_precision(self) -> int: ...
    @property
    def parties(self) -> int: ...  # briefs.matching.main_parties
    @property
    def counts(self) -> list[Count]: ...
    @property
    def needs_review(self) -> bool: ...


R = TypeVar("R", bound=Reported)
# The whole incidents of some reports, in their order: read only for those a brief shows whole.
Loader = Callable[[list[R]], list[Incident]]


@dataclass(frozen=True, slots=True)
class Report:
    """One incident as one article reports it."""

    incident: Incident
    source: BriefSource
    index: int

    @property
    def day(self) -> date:
        return self.incident.event_date

    @property
    def event_type(self) -> str:
        return self.incident.event_type

    @property
    def country(self) -> str:
        return self.incident.location.country

    @property
    def admin1(self) -> str | None:
        return self.incident.location.admin1

    @property
    def place(self) -> str:
        return self.incident.location.name_en

    @property
    def time_precision(self) -> int:
        return self.incident.time_precision

    @property
    def geo_precision(self) -> int:
        return self.incident.location.geo_precision

    @property
    def parties(self) -> int:
        return main_parties(self.incident.actors)

    @property
    def counts(self) -> list[Count]:
        return self.incident.counts

    @property
    def needs_review(self) -> bool:
        return self.incident.needs_review


@dataclass(frozen=True, slots=True)
class _Features:
    """What the same-event test reads from a report, computed once."""

    day: date
    precision: int  # a TimePrecision
    region: bool  # only the province is known: names are not compared
    place: str  # briefs.matching.place_key of the place's name
    parties: int  # briefs.matching.main_parties

    @classmethod
    def of(cls, incident: Incident) -> _Features:
        return cls.of_report(Report(incident, _NO_SOURCE, 0))

    @classmethod
    def of_report(cls, report: Reported) -> _Features:
        return cls(
            report.day,
            report.time_precision,
            report.geo_precision == GeoPrecision.REGION,
            place_key(report.place),
            report.parties,
        )

    def agrees(self, other: _Features) -> bool:
        """Dates within the coarser precision, and main parties' inter codes compatible: the two reports
        share one, or one names none. Roles are not compared: outlets (and extractors) swap who did what
        to whom, and one names the attackers' group where another has "gunmen"."""
        same_time = same_date(self.day, other.day, max(self.precision, other.precision))
        return same_time and compatible_parties(self.parties, other.parties)


_NO_SOURCE = BriefSource(article_hash="", article_id="", title=None, outlet=None, url=None, published_at=None)


@dataclass
class _Group(Generic[R]):
    place: _Features  # the first report's: the place every later report is matched against
    reports: list[R] = field(default_factory=list)
    features: list[_Features] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)

    def admits(self, report: R, features: _Features) -> bool:
        return report.source.article_hash not in self.articles and all(f.agrees(features) for f in self.features)

    def add(self, report: R, features: _Features) -> None:
        self.reports.append(report)
        self.features.append(features)
        self.articles.add(report.source.article_hash)


# Reports are merged in date order, so a block's groups are opened in date order too. A group whose
# first report is more days before a report than their dates can be apart at the coarser of their
# precisions (day: same day, week: 6 days, month: same month, at most 30) cannot admit it: the index
# skips it.
_WINDOW_DAYS = MAX_DAYS_APART[TimePrecision.MONTH]


@dataclass
class _Block:
    """The groups of one event type, country and admin1, indexed by place and date: a report's
    candidates are found without looking at the groups of other places or of more than a month before,
    so merging costs the same per report whether the brief covers a day or a year."""

    groups: list[_Group[Any]] = field(default_factory=list)
    first_days: list[int] = field(default_factory=list)  # ordinal of each group's first report: non-decreasing
    reaches: list[int] = field(
        default_factory=list
    )  # the last day (ordinal) each group's first report's precision reaches
    by_name: dict[str, list[int]] = field(default_factory=dict)  # place key -> its groups (not province-only)
    similar: dict[str, list[str]] = field(default_factory=dict)  # place key -> the keys of by_name it matches
    unopened: set[str] = field(default_factory=set)  # the keys of `similar` not (yet) in by_name
    regional: list[int] = field(default_factory=list)

    def candidates(self, features: _Features) -> Iterator[int]:
        """Groups at the same place: those with the same place key first, then (checked only when none
        of those admits the report) the fuzzy matches, each in the order they were opened."""
        day = features.day.toordinal()
        # The days apart allowed grow with the precision: a group is near when the report's precision or
        # its first report's allows their distance. From `within` on, the report's own allows it.
        start = bisect_left(self.first_days, day - _WINDOW_DAYS)
        within = bisect_left(self.first_days, day - MAX_DAYS_APART[features.precision], lo=start)
        reaches = self.reaches

        def near(indices: list[int]) -> list[int]:
            """Those (from `start` on) whose first report's date can agree with the report's."""
            since = _since(indices, start)
            cut = bisect_left(since, within)
            return [i for i in since[:cut] if reaches[i] >= day] + since[cut:] if cut else since

        if features.region:
            yield from near(self.regional)
            return
        if not features.place:  # a name with no letters names no place another report can share
            return
        exact = near(self.by_name.get(features.place, []))
        yield from exact
        fuzzy = {i for name in self._similar(features.place) for i in near(self.by_name[name])}
        yield from sorted(fuzzy.difference(exact))

    def _similar(self, place: str) -> list[str]:
        matches = self.similar.get(place)
        if matches is None:
            matches = self.similar[place] = _matching(place, list(self.by_name))
            self.unopened.add(place)
        return matches

    def open(self, report: R, features: _Features) -> _Group[R]:
        group = _Group[R](features)
        group.add(report, features)
        index = len(self.groups)
        self.groups.append(group)
        self.first_days.append(features.day.toordinal())
        self.reaches.append(features.day.toordinal() + MAX_DAYS_APART[features.precision])
        if features.region:
            self.regional.append(index)
            return group
        if not features.place:
            return group
        if features.place not in self.by_name:
            # A new place: the names it matches learn it. Its matches among the places with groups were
            # found when its candidates were sought (the rule is symmetric): only the others are compared.
            matches = self._similar(features.place) + _matching(features.place, list(self.unopened))
            self.by_name[features.place] = []
            self.unopened.discard(features.place)
            for name in matches:
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


def merge_reports(reports: Sequence[Report]) -> list[BriefIncident]:
    """Group reports of the same event; one BriefIncident per event (see `merge_rows`)."""
    return merge_rows(reports, _whole)


def _whole(reports: list[Report]) -> list[Incident]:
    return [report.incident for report in reports]


def merge_rows(reports: Sequence[R], load: Loader[R]) -> list[BriefIncident]:
    """Group reports of the same event; one BriefIncident per event, its representative's whole incident
    read by `load` (with those of the reports needing review its choice reads), nothing else.

    Reports are blocked by (event type, country, admin1) and taken in date order; each joins the
    first group at its place (the same place key or a fuzzy match of the keys; for
    province-only reports, the province-only groups) whose every member's date and parties agree
    with it, and which holds no report of its own article.
    """
    groups = _grouped(reports)
    incidents = _Incidents(load)
    # The representative has the fewest ungrounded counts and unaligned quotes: only a report that needs review has any.
    incidents.read([r for group in groups if len(group) > 1 for r in group if r.needs_review])
    ranked = [
        sorted(group, key=lambda r: _representative_key(r, incidents)) if len(group) > 1 else group for group in groups
    ]
    incidents.read([group[0] for group in ranked])
    return [_brief_incident(group, incidents[group[0]]) for group in ranked]


def _grouped(reports: Sequence[R]) -> list[list[R]]:
    blocks: dict[tuple[str, str, str], _Block] = defaultdict(_Block)
    groups: list[_Group[R]] = []
    for report in sorted(reports, key=lambda r: (r.day, r.source.article_hash, r.index)):
        block = blocks[(report.event_type, report.country, report.admin1 or "")]
        features = _Features.of_report(report)
        for index in block.candidates(features):
            if block.groups[index].admits(report, features):
                block.groups[index].add(report, features)
                break
        else:
            groups.append(block.open(report, features))
    return [group.reports for group in groups]


class _Incidents(Generic[R]):
    """The whole incidents read so far, by report (its article and index)."""

    def __init__(self, load: Loader[R]) -> None:
        self.load, self.read_by = load, dict[tuple[str, int], Incident]()

    def read(self, reports: list[R]) -> None:
        unread = [r for r in reports if (r.source.article_hash, r.index) not in self.read_by]
        for report, incident in zip(unread, self.load(unread), strict=True):
            self.read_by[report.source.article_hash, report.index] = incident

    def __getitem__(self, report: Reported) -> Incident:
        return self.read_by[report.source.article_hash, report.index]


def _representative_key(report: Reported, incidents: _Incidents[Any]) -> tuple:
    failing = unaligned = 0
    if report.needs_review:
        incident = incidents[report]
        failing, unaligned = len(incident.failing_counts), len(incident.unaligned_quotes)
    return (
        failing,
        unaligned,
        report.time_precision,
        report.geo_precision,
        report.source.published_at or date.max,
        report.source.article_hash,
    )


def brief_incident(group: list[Report]) -> BriefIncident:
    """One event's entry from its reports, whole."""
    incidents = _Incidents(_whole)
    incidents.read(group)
    ordered = sorted(group, key=lambda r: _representative_key(r, incidents))
    return _brief_incident(ordered, ordered[0].incident)


def _brief_incident(ordered: Sequence[Reported], chosen: Incident) -> BriefIncident:
    """The entry of the reports of one event, the representative (`chosen`, the first's incident) first."""
    sources = list({r.source.article_hash: r.source for r in ordered}.values())
    merge = None
    if len(ordered) > 1:
        merge = _merge_explanation(rule=RULE, representative=REPRESENTATIVE)
    counts = merged_counts(ordered)
    doubts = [flag.text() for flag in implausible_flags(counts, chosen)]
    return _brief_incident_of(
        incident=chosen,
        reports=[_incident_ref(article_hash=r.source.article_hash, index=r.index) for r in ordered],
        counts=counts,
        sources=sources,
        merge=merge,
        needs_review=bool(doubts) or any(r.needs_review for r in ordered),
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


def merged_counts(reports: Sequence[Reported]) -> list[MergedCount]:
    per_category: dict[CountCategory, list[tuple[str, list[Count]]]] = {}
    for report in reports:
        by_category: dict[CountCategory, list[Count]] = {}
        for count in report.counts:
            by_category.setdefault(count.category, []).append(count)
        for category, counts in by_category.items():
            per_category.setdefault(category, []).append((report.source.article_hash, counts))
    merged = []
    for category in sorted(per_category, key=_CATEGORY_ORDER.__getitem__):  # a stable order: killed, wounded, ...
        rows: list[SourceCount] = []
        verified_figures, all_figures = [], []
        for article, counts in per_category[category]:
            figure = sum(conservative_figure(c) for c in counts)
            all_figures.append(figure)
            if all(c.grounding not in FAILING_GROUNDING for c in counts):
                verified_figures.append(figure)
            rows += [_source_count(article_hash=article, figure=figure, count=c) for c in counts]
        distinct = sorted(set(all_figures))
        merged.append(
            _merged_count(
                category=category,
                figure=min(verified_figures or all_figures),
                low=distinct[0],
                high=distinct[-1],
                verified=bool(verified_figures),
                note=None if len(distinct) == 1 else "sources differ: " + " vs ".join(map(str, distinct)),
                reports=rows,
            )
        )
    return merged
