"""One entry per event: incidents reported by several articles merge into one, every source kept.

Two reports are the same event when they have the same event type, the same country, admin1 and
place (names compared after folding case, accents and the Arabic article, then fuzzily), dates that
agree within the coarser of their time precisions (same day; same week; same month), and main
parties that do not contradict each other (one report's actor1/actor2 inter codes hold the other's).
Two incidents of one article are never merged: the extractor split them on purpose.

Figures follow ACLED's conservative rule: each source's figure for a category is the sum of its
counts' lowest figures; the merged headline figure is the lowest verified source figure, and a
disagreement is kept as a range with a note ("sources differ: 26 vs 35").

Pure: works on the domain models only, knows no store, no LLM, no web.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from briefs.models import (
    FAILING_GROUNDING,
    ActorRole,
    BriefIncident,
    BriefSource,
    Count,
    CountCategory,
    GeoPrecision,
    Incident,
    IncidentRef,
    MergedCount,
    MergeExplanation,
    SourceCount,
    TimePrecision,
    conservative_figure,
)

RULE = (
    "same event type, same country, admin1 and place, dates within the coarser time precision "
    "(day: same day, week: 7 days, month: same month), main parties' inter codes compatible (one set holds the other), "
    "different articles"
)
PLACE_SIMILARITY = 88.0  # rapidfuzz ratio of folded place names: al-Shuhayl ~ Shuhail
_DAYS_APART = {TimePrecision.DAY: 0, TimePrecision.WEEK: 6, TimePrecision.MONTH: 30}


@dataclass(frozen=True, slots=True)
class Report:
    """One incident as one article reports it."""

    incident: Incident
    source: BriefSource
    index: int

    @property
    def day(self) -> date:
        return date.fromisoformat(self.incident.event_date)


def fold_place(name: str) -> str:
    """'Al-Shuhayl' and 'al Shuhayl' and 'Shuḥayl' fold to 'shuhayl'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^(al|el|ad|ar|as|ash|at|az) ", "", text)


def skeleton(folded: str) -> str:
    """Transliterations differ in their vowels (Mayadin, Mayadeen): compare the consonants, undoubled."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou ]", "", folded))


def same_place(a: Incident, b: Incident) -> bool:
    la, lb = a.location, b.location
    if la.country != lb.country or (la.admin1 or "") != (lb.admin1 or ""):
        return False
    if GeoPrecision.REGION in (la.geo_precision, lb.geo_precision):
        return la.geo_precision == lb.geo_precision  # both only know the province
    a_name, b_name = fold_place(la.name_en), fold_place(lb.name_en)
    return skeleton(a_name) == skeleton(b_name) or fuzz.ratio(a_name, b_name) >= PLACE_SIMILARITY


def dates_agree(a: Incident, b: Incident) -> bool:
    da, db = date.fromisoformat(a.event_date), date.fromisoformat(b.event_date)
    precision = max(a.time_precision, b.time_precision)
    if precision is TimePrecision.MONTH:
        return (da.year, da.month) == (db.year, db.month)
    return abs((da - db).days) <= _DAYS_APART[TimePrecision(precision)]


def actors_agree(a: Incident, b: Incident) -> bool:
    """The main parties' inter codes agree: one report's set holds the other's. Roles are not
    compared: outlets (and extractors) swap who did what to whom more often than they name other parties."""
    def parties(incident: Incident) -> set[int]:
        return {actor.inter for actor in incident.actors if actor.role in (ActorRole.ACTOR1, ActorRole.ACTOR2)}

    pa, pb = parties(a), parties(b)
    return pa <= pb or pb <= pa


def same_event(a: Incident, b: Incident) -> bool:
    return a.event_type is b.event_type and same_place(a, b) and dates_agree(a, b) and actors_agree(a, b)


def merge_reports(reports: list[Report]) -> list[BriefIncident]:
    """Group reports of the same event; one BriefIncident per event, in input order of first report.

    Reports are blocked by (event type, country, admin1) and taken in date order; each joins the
    first group whose every member it matches and which holds no report of its own article.
    """
    blocks: dict[tuple, list[list[Report]]] = defaultdict(list)
    groups: list[list[Report]] = []
    for report in sorted(reports, key=lambda r: (r.day, r.source.article_hash, r.index)):
        location = report.incident.location
        block = blocks[(report.incident.event_type, location.country, location.admin1 or "")]
        for group in block:
            if all(m.source.article_hash != report.source.article_hash and same_event(m.incident, report.incident) for m in group):
                group.append(report)
                break
        else:
            block.append([report])
            groups.append(block[-1])
    return [brief_incident(group) for group in groups]


def _failing(incident: Incident) -> int:
    return sum(count.grounding in FAILING_GROUNDING for count in incident.counts)


def _unaligned(incident: Incident) -> int:
    quotes = [*incident.evidence, incident.location.quote, *(a.quote for a in incident.actors), *(c.evidence for c in incident.counts)]
    return sum(not quote.found for quote in quotes)


def _representative_key(report: Report) -> tuple:
    incident = report.incident
    return (_failing(incident), _unaligned(incident), incident.time_precision, incident.location.geo_precision,
            report.source.published_at or date.max, report.source.article_hash)


def brief_incident(group: list[Report]) -> BriefIncident:
    ordered = sorted(group, key=_representative_key)
    chosen = ordered[0].incident
    sources = list({r.source.article_hash: r.source for r in ordered}.values())
    merge = None
    if len(ordered) > 1:
        merge = MergeExplanation(
            rule=RULE,
            representative="fewest ungrounded figures, then fewest unaligned quotes, then finest date and place, then earliest published",
        )
    return BriefIncident(
        incident=chosen, reports=[IncidentRef(article_hash=r.source.article_hash, index=r.index) for r in ordered],
        counts=merged_counts(ordered), sources=sources, merge=merge,
        needs_review=any(r.incident.needs_review for r in ordered),
    )


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
        merged.append(MergedCount(
            category=category, figure=min(verified_figures or all_figures), low=low, high=high,
            verified=bool(verified_figures),
            note=None if len(distinct) == 1 else "sources differ: " + " vs ".join(map(str, distinct)),
            reports=rows,
        ))
    return merged
