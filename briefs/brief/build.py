"""The brief over a date range, assembled from the store: merged incidents, totals, what needs review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from briefs.acled import CountCategory
from briefs.brief.merge import Loader, R, implausible_flags, merge_rows
from briefs.brief.model import Brief, BriefHeadline, BriefIncident, ReviewItem
from briefs.domain import (
    FAILING_GROUNDING,
    Flag,
    GroundingRecord,
    Incident,
    Quote,
    date_guessed,
    summary_flags,
    unaligned_quote,
    ungrounded_count,
)
from briefs.store import ReportRow, Store, paused_gc

SEVERITY_WEIGHTS = {
    CountCategory.KILLED: 100,
    CountCategory.WOUNDED: 10,
    CountCategory.ABDUCTED: 5,
    CountCategory.ARRESTED: 1,
}


def severity(item: BriefIncident) -> int:
    """Killed weigh most, then wounded, abducted, arrested; verified figures only."""
    return sum(SEVERITY_WEIGHTS.get(c.category, 0) * c.figure for c in item.counts if c.verified)


def ordered(items: list[BriefIncident]) -> list[BriefIncident]:
    """Grouped by country (most severe country first), then admin1 (likewise), then most severe first."""
    keyed = []
    by_country: dict[str, int] = {}
    by_admin1: dict[tuple[str, str], int] = {}
    for item in items:
        place, weight = item.incident.location, severity(item)
        country, admin1 = place.country, place.admin1 or ""
        by_country[country] = by_country.get(country, 0) + weight
        by_admin1[country, admin1] = by_admin1.get((country, admin1), 0) + weight
        keyed.append((country, admin1, weight, item))
    keyed.sort(
        key=lambda k: (
            -by_country[k[0]],
            k[0],
            -by_admin1[k[0], k[1]],
            k[1],
            -k[2],
            k[3].incident.event_date,
            k[3].sources[0].article_hash,
        )
    )
    return [k[3] for k in keyed]


def incident_flags(incident: Incident, number: int) -> list[Flag]:
    """What makes a stored incident (`number`, 1-based in its article) need review: its ungrounded counts,
    its quotes not found in the article (each text once), a guessed date."""
    flags = [
        ungrounded_count(count, f"count {k}", number)
        for k, count in enumerate(incident.counts, start=1)
        if count.grounding in FAILING_GROUNDING
    ]
    unaligned: dict[str, tuple[str, Quote]] = {}
    for part, quote in incident.unaligned_parts:
        unaligned.setdefault(quote.text, (part, quote))
    flags += [unaligned_quote(part, quote, number) for part, quote in unaligned.values()]
    if incident.date_guessed:
        flags.append(date_guessed(number))
    return flags


def review_items(reports: Sequence[R], load: Loader[R], groundings: dict[str, GroundingRecord]) -> list[ReviewItem]:
    """Every incident with an ungrounded figure or an unaligned quote (its whole incident read by
    `load`), and every article whose summary states a number its source does not support, with the reasons."""
    flagged = [report for report in reports if report.needs_review]
    items = [
        ReviewItem.of(
            report.source.article_hash,
            report.source.article_id,
            report.index,
            incident_flags(incident, report.index + 1),
        )
        for report, incident in zip(flagged, load(flagged), strict=True)
    ]
    sources = {r.source.article_hash: r.source for r in reports}
    for article, grounding in groundings.items():
        flags = summary_flags(grounding)
        if flags:
            items.append(ReviewItem.of(article, sources[article].article_id, None, flags))
    return items


def build_brief(store: Store, date_from: date, date_to: date | None = None, *, country: str | None = None) -> Brief:
    date_to = date_to or date_from
    with paused_gc():  # every object built here stays alive until the brief is: collector passes would find nothing
        # The columns the merge compares and the counts; a whole incident only where the brief shows it.
        reports = store.reports.rows_between(date_from, date_to, country=country)

        def load(rows: list[ReportRow]) -> list[Incident]:
            return store.reports.incidents([row.row_id for row in rows])

        incidents = ordered(merge_rows(reports, load))
        groundings = store.reports.summary_failures(date_from, date_to, country=country)
        return Brief(
            date_from=date_from,
            date_to=date_to,
            generated_at=datetime.now(UTC),
            extractors=sorted({r.extractor for r in reports}),
            headline=BriefHeadline.from_incidents(incidents),
            incidents=incidents,
            needs_review=review_items(reports, load, groundings) + implausible_items(incidents),
        )


def implausible_items(incidents: list[BriefIncident]) -> list[ReviewItem]:
    """Every merged incident whose figures are implausible for one event, with the reasons."""
    items = []
    for item in incidents:
        if item.implausible:
            first = item.reports[0]
            source = next(s for s in item.sources if s.article_hash == first.article_hash)
            flags = implausible_flags(item.counts, item.incident)
            items.append(ReviewItem.of(first.article_hash, source.article_id, first.index, flags))
    return items
