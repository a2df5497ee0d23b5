"""The brief over a date range, assembled from the store: merged incidents, totals, what needs review."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from briefs.extract.places import coordinates, country_info, country_names
from briefs.brief.merge import Report, implausible_flags, merge_reports
from briefs.domain import (
    DATE_GUESSED,
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
from briefs.brief.model import Brief, BriefHeadline, BriefIncident, ReviewItem
from briefs.acled import CountCategory
from briefs.store import Store, StoredReport, paused_gc

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

    def total(key) -> dict:
        sums: dict = {}
        for item in items:
            sums[key(item)] = sums.get(key(item), 0) + severity(item)
        return sums

    by_country = total(lambda i: i.incident.location.country)
    by_admin1 = total(lambda i: (i.incident.location.country, i.incident.location.admin1 or ""))
    return sorted(
        items,
        key=lambda i: (
            -by_country[i.incident.location.country],
            i.incident.location.country,
            -by_admin1[(i.incident.location.country, i.incident.location.admin1 or "")],
            i.incident.location.admin1 or "",
            -severity(i),
            i.incident.event_date,
            i.sources[0].article_hash,
        ),
    )


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


def review_items(reports: list[StoredReport], groundings: dict[str, GroundingRecord]) -> list[ReviewItem]:
    """Every incident with an ungrounded figure or an unaligned quote, and every article whose summary
    states a number its source does not support, with the reasons."""
    items = [
        ReviewItem.of(
            report.source.article_hash,
            report.source.article_id,
            report.index,
            incident_flags(report.incident, report.index + 1),
        )
        for report in reports
        if report.incident.needs_review
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
        reports = store.reports(date_from, date_to, country=country)
        incidents = ordered(merge_reports([Report(r.incident, r.source, r.index) for r in reports]))
        groundings = store.summary_groundings(date_from, date_to, country=country)
        return Brief(
            date_from=date_from,
            date_to=date_to,
            generated_at=datetime.now(UTC),
            extractors=sorted({r.extractor for r in reports}),
            headline=BriefHeadline.from_incidents(incidents),
            incidents=incidents,
            needs_review=review_items(reports, groundings) + implausible_items(incidents),
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


# ACLED's export, in its published order (ACLED Codebook 2023, "ACLED data columns"); then Briefs' own.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
BRIEFS_COLUMNS = [
    "country_code",
    "wounded",
    "arrested",
    "verified",
    "needs_review",
    "review_reasons",
    "source_urls",
    "article_hashes",
    "event_id",
]
COLUMNS = ACLED_COLUMNS + BRIEFS_COLUMNS


def incident_rows(items: list[BriefIncident], generated_at: datetime | None = None) -> list[dict]:
    """One row per merged incident, each ACLED column as ACLED defines it: `country` the name and `iso`
    its ISO 3166-1 number, `region` ACLED's, `latitude`/`longitude` the gazetteer's (GeoNames) for the
    place (empty where it has none), `source` the outlets, `civilian_targeting` set when civilians are
    actor 2, `timestamp` when the rows were made (Unix seconds). `source_scale` and `admin3` stay empty:
    Briefs does not know them. Briefs' own columns follow."""
    stamp = int((generated_at or datetime.now(UTC)).timestamp())
    rows = []
    for item in items:
        incident = item.incident
        place = incident.location
        by_role: dict[str, list] = {}
        for actor in incident.actors:
            by_role.setdefault(actor.role.value, []).append(actor)
        figures = {c.category: c for c in item.counts}

        def figure(category: CountCategory) -> int | None:
            merged = figures.get(category)
            return merged.figure if merged else None

        def named(role: str) -> str:
            return "; ".join(a.name_en for a in by_role.get(role, []))

        def inter(role: str) -> int | str:
            return by_role[role][0].inter if role in by_role else ""

        first = item.reports[0]
        info = country_info(place.country)
        where = coordinates(place.country, place.name_en)
        reasons = list(item.implausible) + ([DATE_GUESSED] if incident.date_guessed else [])
        rows.append(
            {
                "event_id_cnty": f"{place.country}-{first.article_hash[:12]}-{first.index}",
                "event_date": incident.event_date,
                "year": int(incident.event_date[:4]),
                "time_precision": int(incident.time_precision),
                "disorder_type": str(incident.disorder_type),
                "event_type": str(incident.event_type),
                "sub_event_type": str(incident.sub_event_type),
                "actor1": named("actor1"),
                "assoc_actor_1": named("associate_actor1"),
                "inter1": inter("actor1"),
                "actor2": named("actor2"),
                "assoc_actor_2": named("associate_actor2"),
                "inter2": inter("actor2"),
                "interaction": incident.interaction if incident.interaction is not None else "",
                "civilian_targeting": "Civilian targeting" if inter("actor2") == 7 else "",
                "iso": info.get("iso", ""),
                "region": info.get("region", ""),
                "country": country_names().get(place.country, place.country),
                "admin1": place.admin1 or "",
                "admin2": place.admin2 or "",
                "admin3": "",
                "location": place.name_en,
                "latitude": where[0] if where else "",
                "longitude": where[1] if where else "",
                "geo_precision": int(place.geo_precision),
                "source": "; ".join(s.outlet or s.article_id for s in item.sources),
                "source_scale": "",
                "notes": incident.notes_en,
                "fatalities": figure(CountCategory.KILLED) or 0,
                "tags": "; ".join(incident.tags),
                "timestamp": stamp,
                "country_code": place.country,
                "wounded": figure(CountCategory.WOUNDED) or 0,
                "arrested": figure(CountCategory.ARRESTED) or 0,
                "verified": all(c.verified for c in item.counts),
                "needs_review": item.needs_review,
                "review_reasons": "; ".join(reasons),
                "source_urls": "; ".join(s.url for s in item.sources if s.url),
                "article_hashes": "; ".join(s.article_hash for s in item.sources),
                "event_id": f"{first.article_hash[:12]}-{first.index}",
            }
        )
    return rows


def _inert(value: object) -> object:
    # A cell starting with = + - @ is a formula to a spreadsheet: article text must not become one.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows_as_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _inert(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()
