"""The brief from the columns the merge compares (issue 16): the same brief, byte for byte, as the one
built from every stored incident read whole; the columns as the writer and the migration fill them;
the rules the merge's index leans on (dates, parties)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from alembic import command
from briefs.acled import GeoPrecision, TimePrecision
from briefs.brief.build import build_brief, implausible_items, ordered, review_items
from briefs.brief.merge import Report, merge_reports
from briefs.brief.model import Brief, BriefHeadline
from briefs.domain import Count, ExtractionResult, Incident, article_hash
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText
from briefs.matching import MAX_DAYS_APART, compatible_parties, party_bits, same_date
from briefs.migrations import alembic_config
from briefs.store import Finished, NewArticle, RunConfig, Store, StoredReport, trusted
from briefs.store.tables import IncidentRow, incident_columns
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Text, select, type_coerce

from .conftest import ROOT

DAY = ROOT / "briefs" / "samples" / "day" / "2024-03-14.jsonl"
FIRST = date(2024, 3, 1)
LEXICON = RunConfig("lexicon")


@cache
def templates() -> list[tuple[str, ExtractionResult]]:
    """(text, lexicon result) of every sample-day article the lexicon finds an incident in."""
    extractor = LexiconExtractor()
    out = []
    for line in DAY.read_text(encoding="utf-8").splitlines():
        article = ArticleText(**json.loads(line))
        result = extractor.extract(article).result
        if result is not None and result.incidents:
            out.append((article.text, result))
    return out


PLACES = ["Al-Mayadin", "Mayadeen", "Ras al-Ain", "Jebel Ras al-Ain", "!!"]  # the same, fuzzy, no place
DOUBTS = ["none", "unsupported count", "unaligned quote", "guessed date"]
reports_spec = st.lists(
    st.tuples(
        st.integers(0, 2),  # the template (few, and a few days: many reports of one event)
        st.integers(0, 9),  # the day, from FIRST
        st.sampled_from(PLACES),
        st.sampled_from(list(TimePrecision)),
        st.sampled_from(list(GeoPrecision)),
        st.sampled_from([None, (1, None), (3, 7), (2, 2)]),  # actor1's and actor2's inter codes
        st.sampled_from(DOUBTS),
        st.integers(0, 3),  # the article publishes this many days after the event (0-2), or not at all (3)
    ),
    min_size=1,
    max_size=30,
)


def varied(incident: Incident, day: int, place: str, precision, geo, inter, doubt: str) -> Incident:
    location = incident.location.model_copy(update={"name_en": place, "geo_precision": GeoPrecision(geo)})
    actors = list(incident.actors)
    if inter is not None:
        actors = [a.model_copy(update={"inter": inter[k] or a.inter}) for k, a in enumerate(actors[:2])] + actors[2:]
    counts = list(incident.counts)
    if doubt == "unsupported count" and counts:
        counts[0] = counts[0].model_copy(update={"grounding": "unsupported"})
    if doubt == "unaligned quote":
        quote = location.quote.model_copy(update={"status": "not_found", "start": None, "end": None, "score": 0.0})
        location = location.model_copy(update={"quote": quote})
    update = {"location": location, "actors": actors, "counts": counts, "time_precision": TimePrecision(precision)}
    update |= {"event_date": FIRST + timedelta(days=day), "date_guessed": doubt == "guessed date"}
    return incident.model_copy(update=update)


def seeded(store: Store, spec) -> None:
    """One article per entry, saved through the queue as the pipeline saves a run: its template's
    incidents moved to the entry's day, place, precisions and parties, one of them in doubt."""
    articles, results = [], {}
    for number, (template, day, place, precision, geo, inter, doubt, late) in enumerate(spec):
        text, result = templates()[template % len(templates())]
        text += f"\n[{number}]"
        incidents = [varied(i, day, place, precision, geo, inter, doubt) for i in result.incidents]
        published = None if late == 3 else FIRST + timedelta(days=day + late)
        digest = article_hash(text)
        articles.append(NewArticle(digest, f"a{number}", text, outlet=f"outlet {number % 3}", published_at=published))
        results[digest] = result.model_copy(update={"incidents": incidents})
    store.queue.ingest(articles, LEXICON)
    claimed = store.queue.claim("test:1:a", config=LEXICON, limit=len(articles))
    hashes = {a.article_hash for a in articles}
    finished = [Finished(c.run_id, 1.0, result=results[c.article.article_hash]) for c in claimed]
    assert {c.article.article_hash for c in claimed} == hashes
    store.queue.finish("test:1:a", finished)


def brief_from_whole_incidents(store: Store, date_from: date, date_to: date, country: str | None = None) -> Brief:
    """The brief as it was built before the columns: every stored incident read whole and merged."""
    stored = store.reports.between(date_from, date_to, country=country)
    reports = [Report(r.incident, r.source, r.index) for r in stored]
    incidents = ordered(merge_reports(reports))
    groundings = store.reports.summary_groundings(date_from, date_to, country=country)
    return Brief(
        date_from=date_from,
        date_to=date_to,
        generated_at=datetime(2024, 3, 1, tzinfo=UTC),
        extractors=sorted({r.extractor for r in stored}),
        headline=BriefHeadline.from_incidents(incidents),
        incidents=incidents,
        needs_review=review_items(reports, lambda rs: [r.incident for r in rs], groundings)
        + implausible_items(incidents),
    )


def representative_key(report: StoredReport) -> tuple:
    incident = report.incident
    return (
        len(incident.failing_counts),
        len(incident.unaligned_quotes),
        incident.time_precision,
        incident.location.geo_precision,
        report.source.published_at or date.max,
        report.source.article_hash,
    )


def as_json(brief: Brief) -> str:
    return brief.model_dump_json(exclude={"generated_at"})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    spec=reports_spec, span=st.tuples(st.integers(0, 40), st.integers(0, 40)), country=st.sampled_from([None, "SYR"])
)
def test_the_brief_from_the_columns_is_the_brief_from_whole_incidents(tmp_path_factory, spec, span, country):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('columns') / 'briefs.db'}")
    seeded(store, spec)
    date_from, date_to = FIRST + timedelta(days=min(span)), FIRST + timedelta(days=max(span))
    rows = store.reports.rows_between(date_from, date_to, country=country)
    whole = store.reports.between(date_from, date_to, country=country)
    assert [r.row_id for r in rows] == [r.row_id for r in whole]
    for row, stored in zip(rows, whole, strict=True):  # each column what the whole incident says
        report = Report(stored.incident, stored.source, stored.index)
        for name in ("day", "event_type", "country", "admin1", "place", "time_precision", "geo_precision"):
            assert getattr(row, name) == getattr(report, name), name
        assert (row.parties, row.counts, row.needs_review) == (report.parties, report.counts, report.needs_review)
        assert (row.source, row.index, row.extractor) == (stored.source, stored.index, stored.extractor)
    built = build_brief(store, date_from, date_to, country=country)
    assert as_json(built) == as_json(brief_from_whole_incidents(store, date_from, date_to, country))
    by_ref = {(r.source.article_hash, r.index): r for r in whole}
    for item in built.incidents:  # the representative as chosen from whole incidents, before the columns
        members = [by_ref[ref.article_hash, ref.index] for ref in item.reports]
        assert members == sorted(members, key=representative_key) and item.incident == members[0].incident
        assert item.needs_review is (bool(item.implausible) or any(m.incident.needs_review for m in members))
    store.close()


def test_the_brief_reads_whole_only_the_incidents_it_shows(tmp_path: Path, monkeypatch):
    store = Store(f"sqlite:///{tmp_path / 'briefs.db'}")
    # Three articles report one event (same template, day and place); one more reports it in doubt.
    seeded(store, [(0, 2, "Hajin", 1, 1, None, "none", 0)] * 3 + [(0, 2, "Hajin", 1, 1, None, "guessed date", 0)])
    read: list[int] = []
    whole = store.reports.incidents

    def counted(row_ids):
        read.extend(row_ids)
        return whole(row_ids)

    monkeypatch.setattr(store.reports, "incidents", counted)
    brief = build_brief(store, FIRST, FIRST + timedelta(days=5))
    events = len(brief.incidents)
    shown = {(ref.article_hash, ref.index) for item in brief.incidents for ref in item.reports[:1]}
    doubted = {(item.article_hash, item.incident_index) for item in brief.needs_review}
    assert all(len(item.reports) == 4 for item in brief.incidents) and events == len(templates()[0][1].incidents)
    assert len(set(read)) == len(shown | doubted) < 4 * events  # the representatives and the one in doubt


def test_the_migration_fills_the_columns_of_the_incidents_already_stored(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'briefs.db'}"
    store = Store(url)
    seeded(store, [(k, k, PLACES[k % len(PLACES)], 1 + k % 3, 1 + k % 3, (3, 7), "none", 0) for k in range(6)])
    with store.engine.begin() as connection:  # back to the revision before the columns
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002_output_modes")
    store.close()
    store = Store(url)  # opening it migrates
    query = select(
        IncidentRow.place,
        IncidentRow.time_precision,
        IncidentRow.geo_precision,
        IncidentRow.parties,
        type_coerce(IncidentRow.data, Text),
    )
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    assert len(rows) >= 6
    for place, time_precision, geo_precision, parties, data in rows:
        expected = incident_columns(trusted(Incident, data))
        assert (place, time_precision, geo_precision, parties) == (
            expected["place"],
            expected["time_precision"],
            expected["geo_precision"],
            expected["parties"],
        )
    assert {row[3] for row in rows} != {0}  # the parties were filled in, not left at the default
    store.close()


@given(st.dates(), st.integers(-40, 40), st.sampled_from(list(TimePrecision)))
def test_dates_that_agree_are_no_further_apart_than_the_index_looks(day, apart, precision):
    other = day + timedelta(days=apart) if date.min + timedelta(40) < day < date.max - timedelta(40) else day
    if same_date(day, other, precision):
        assert abs((other - day).days) <= MAX_DAYS_APART[precision]
    assert same_date(day, other, precision) is same_date(day, other, int(precision))


codes = st.frozensets(st.integers(1, 8), max_size=3)


@given(codes, codes)
def test_parties_as_bits_agree_as_sets_do(one, other):
    assert compatible_parties(party_bits(one), party_bits(other)) is (not one or not other or bool(one & other))


@pytest.mark.parametrize("doubt", ["unsupported count", "unaligned quote"])
def test_a_report_in_doubt_does_not_represent_its_event_though_published_first(tmp_path: Path, doubt):
    store = Store(f"sqlite:///{tmp_path / 'briefs.db'}")
    seeded(store, [(0, 2, "Ras al-Ain", 1, 1, None, doubt, 0), (0, 2, "Ras al-Ain", 1, 1, None, "none", 2)])
    first = build_brief(store, FIRST, FIRST + timedelta(days=5)).incidents[0]
    assert len(first.reports) == 2 and first.needs_review  # one event; one of its reports is in doubt
    assert first.sources[0].published_at == FIRST + timedelta(days=4)  # the clean one, published later
    assert not first.incident.needs_review
    store.close()


def test_the_same_brief_on_postgresql(postgres_url):
    store = Store(postgres_url)
    doubts = ["none", "unsupported count", "unaligned quote", "guessed date"]
    spec = [(k % 3, k % 4, PLACES[k % 3], 1 + k % 2, 1 + k % 3, (3, 7), doubts[k % 4], k % 4) for k in range(16)]
    seeded(store, spec)
    date_from, date_to = FIRST, FIRST + timedelta(days=3)
    built = build_brief(store, date_from, date_to)
    assert len(built.needs_review) > 0 and any(len(item.reports) > 1 for item in built.incidents)
    assert as_json(built) == as_json(brief_from_whole_incidents(store, date_from, date_to))
    store.close()


def test_models_read_back_whole_share_one_set_of_fields_that_nothing_changes():
    count = next(c for _, result in templates() for i in result.incidents for c in i.counts)
    one, two = (trusted(Count, count.model_dump_json()) for _ in range(2))
    assert one == two == count and one.__pydantic_fields_set__ is two.__pydantic_fields_set__
    copied = one.model_copy(update={"value": 9})
    assert copied.value == 9 and two.value == count.value
    assert two.model_dump(exclude_unset=True) == count.model_dump() and two.model_fields_set == set(Count.model_fields)
