"""The brief's incidents as rows: ACLED's export columns in its published order, then Briefs' own; as CSV
safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from briefs.acled import CountCategory
from briefs.brief.model import BriefIncident
from briefs.domain import DATE_GUESSED, Actor
from briefs.extract.places import coordinates, country_info, country_names

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


def incident_rows(items: list[BriefIncident], generated_at: datetime | None = None) -> list[dict[str, object]]:
    """One row per merged incident, each ACLED column as ACLED defines it: `country` the name and `iso`
    its ISO 3166-1 number, `region` ACLED's, `latitude`/`longitude` the gazetteer's (GeoNames) for the
    place (empty where it has none), `source` the outlets, `civilian_targeting` set when civilians are
    actor 2, `timestamp` when the rows were made (Unix seconds). `source_scale` and `admin3` stay empty:
    Briefs does not know them. Briefs' own columns follow."""
    stamp = int((generated_at or datetime.now(UTC)).timestamp())
    return [_row(item, stamp) for item in items]


def _row(item: BriefIncident, stamp: int) -> dict[str, object]:
    incident = item.incident
    place = incident.location
    by_role: dict[str, list[Actor]] = {}
    for actor in incident.actors:
        by_role.setdefault(actor.role.value, []).append(actor)
    figures = {c.category: c.figure for c in item.counts}

    def named(role: str) -> str:
        return "; ".join(a.name_en for a in by_role.get(role, []))

    def inter(role: str) -> int | str:
        return by_role[role][0].inter if role in by_role else ""

    first = item.reports[0]
    info = country_info(place.country)
    where = coordinates(place.country, place.name_en)
    reasons = list(item.implausible) + ([DATE_GUESSED] if incident.date_guessed else [])
    return {
        "event_id_cnty": f"{place.country}-{first.article_hash[:12]}-{first.index}",
        "event_date": incident.event_date.isoformat(),
        "year": incident.event_date.year,
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
        "fatalities": figures.get(CountCategory.KILLED) or 0,
        "tags": "; ".join(incident.tags),
        "timestamp": stamp,
        "country_code": place.country,
        "wounded": figures.get(CountCategory.WOUNDED) or 0,
        "arrested": figures.get(CountCategory.ARRESTED) or 0,
        "verified": all(c.verified for c in item.counts),
        "needs_review": item.needs_review,
        "review_reasons": "; ".join(reasons),
        "source_urls": "; ".join(s.url for s in item.sources if s.url),
        "article_hashes": "; ".join(s.article_hash for s in item.sources),
        "event_id": f"{first.article_hash[:12]}-{first.index}",
    }


def _inert(value: object) -> object:
    # A cell starting with = + - @ is a formula to a spreadsheet: article text must not become one.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows_as_csv(rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _inert(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()
