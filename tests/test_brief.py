"""The brief from the store: the sample day merged, ordered and totalled; review items; the commands."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import jsonschema  # types-jsonschema is not in the test extra
import pytest
from briefs.brief.build import build_brief
from briefs.brief.rows import incident_rows, rows_as_csv
from briefs.config import Settings
from briefs.domain import FlagKind, GroundingRecord, GroundingStatus, Incident
from briefs.inputs import ArticleText
from briefs.pipeline import Pipeline
from briefs.store import Finished, RunConfig, Store, trusted
from pydantic import ValidationError

from .conftest import ROOT
from .test_pipeline import briefs

DAY = ROOT / "briefs" / "samples" / "day" / "2024-03-14.jsonl"
WEDNESDAY = date(2024, 3, 13)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    url = f"sqlite:///{tmp_path / 'briefs.db'}"
    store = Store(url)
    pipeline = Pipeline(store, Settings(database_url=url), model="lexicon")
    pipeline.ingest([ArticleText(**json.loads(line)) for line in DAY.read_text(encoding="utf-8").splitlines()], "test")
    pipeline.process("test:1:a")
    return store


def test_the_sample_day(store):
    brief = build_brief(store, WEDNESDAY)
    headline = brief.headline
    assert (headline.incidents, headline.killed, headline.wounded, headline.arrested) == (5, 12, 10, 12)
    assert [(c.country, c.incidents, c.fatalities) for c in headline.by_country] == [
        ("SYR", 2, 7),
        ("IRQ", 2, 3),
        ("LBN", 1, 2),
    ]
    assert brief.extractors == ["lexicon"] and brief.needs_review == []
    places = [item.incident.location.name_en for item in brief.incidents]
    assert places == ["Al-Mayadin", "Tafas", "Muqdadiya", "Kirkuk", "Naqoura"]  # country, province, severity
    mayadin, kirkuk = brief.incidents[0], brief.incidents[3]
    killed = mayadin.counts[0]
    assert (killed.figure, killed.note) == (5, "sources differ: 5 vs 7")
    assert sorted(s.outlet for s in mayadin.sources) == ["Al-Furat Post", "Sham Monitor"]
    assert len(kirkuk.sources) == 2 and kirkuk.counts[0].note is None
    # The article with no incident (market prices) and the planted instruction add nothing.
    assert "Souq Daily" not in {s.outlet for item in brief.incidents for s in item.sources}
    assert brief.incidents[2].counts[0].figure == 3


def test_an_unsupported_figure_is_listed_for_review_and_left_out_of_the_totals(store):
    [report] = [r for r in store.reports.between(WEDNESDAY, WEDNESDAY) if r.source.article_id == "hawran-0314-02"]
    result = store.queue.result_of(store.queue.article(report.source.article_hash).current_run_id)
    incident = result.incidents[0]
    count = incident.counts[0].model_copy(update={"value": 9, "low": 9, "high": 9, "grounding": "unsupported"})
    changed = result.model_copy(update={"incidents": [incident.model_copy(update={"counts": [count]})]})
    config = RunConfig("llm", model="openai:test", prompt_id="extract@v1")
    store.queue.enqueue([report.source.article_hash], config)
    [claimed] = store.queue.claim("test:1:b", config=config)
    store.queue.finish("test:1:b", [Finished(claimed.run_id, 1.0, result=changed)])
    brief = build_brief(store, WEDNESDAY)
    [item] = brief.needs_review
    assert item.article_id == "hawran-0314-02" and "killed 9 is unsupported" in item.reason
    tafas = next(i for i in brief.incidents if i.incident.location.name_en == "Tafas")
    assert tafas.needs_review and not tafas.counts[0].verified
    assert (brief.headline.killed, brief.headline.unverified_figures) == (10, 1)
    assert brief.extractors == ["lexicon", "openai:test|extract@v1"]


def rerun(store: Store, article: str, result, model: str) -> None:
    """Save `result` as a finished run of another configuration: the article's current run."""
    config = RunConfig("llm", model=model, prompt_id="extract@v1")
    store.queue.enqueue([article], config)
    [claimed] = store.queue.claim(f"test:1:{model}", config=config)
    store.queue.finish(f"test:1:{model}", [Finished(claimed.run_id, 1.0, result=result)])


def test_summary_groundings_are_read_for_the_current_runs_of_the_range_alone(store):
    [report] = [r for r in store.reports.between(WEDNESDAY, WEDNESDAY) if r.source.article_id == "hawran-0314-02"]
    article = report.source.article_hash
    result = store.queue.result_of(store.queue.article(article).current_run_id)
    nine = {"text": "9", "start": 0, "end": 1, "value": 9, "status": "unsupported", "evidence": [], "kind": "cardinal"}
    nine |= {"qualifier": "exact", "low": None, "high": None, "note": ""}
    failing = GroundingRecord.model_validate({"verdict": "unsupported", "numbers": [nine], "names": []})
    flagged = result.model_copy(update={"grounding": failing, "flags": ["unsupported number 9 in summary"]})
    rerun(store, article, flagged, "openai:flagged")
    assert store.reports.summary_groundings(WEDNESDAY, WEDNESDAY) == {article: failing}
    assert store.reports.summary_groundings(WEDNESDAY, WEDNESDAY, country="SYR") == {article: failing}
    assert store.reports.summary_groundings(WEDNESDAY, WEDNESDAY, country="IRQ") == {}
    assert store.reports.summary_groundings(date(2024, 3, 10), date(2024, 3, 12)) == {}
    [item] = [i for i in build_brief(store, WEDNESDAY).needs_review if i.incident_index is None]
    assert (item.article_id, item.reason) == ("hawran-0314-02", "summary: unsupported number 9 in summary")
    assert [(f.kind, f.subject, f.value, f.status) for f in item.flags] == [
        (FlagKind.SUMMARY_NUMBER, "number", "9", GroundingStatus.UNSUPPORTED)
    ]
    rerun(store, article, result, "openai:clean")  # the flagged run is no longer the current one
    assert store.reports.summary_groundings(WEDNESDAY, WEDNESDAY) == {}


def test_stored_incidents_read_back_as_written_without_revalidation(store):
    reports = store.reports.between(WEDNESDAY, WEDNESDAY)
    assert len(reports) == 7
    for report in reports:
        written = store.queue.result_of(store.queue.article(report.source.article_hash).current_run_id).incidents[
            report.index
        ]
        assert report.incident == written and report.incident.model_dump_json() == written.model_dump_json()
        assert report.incident.needs_review == written.needs_review and report.incident.fatalities == written.fatalities
    data = json.loads(reports[0].incident.model_dump_json())
    del data["tags"]  # a row another version wrote without a required field is validated, not trusted
    with pytest.raises(ValidationError, match="tags"):
        trusted(Incident, json.dumps(data))


def test_brief_and_incidents_commands(store):
    url = store.url
    result = briefs("brief", "--date", "2024-03-13", "--format", "json", url=url)
    assert result.returncode == 0, result.stderr
    schema = json.loads((ROOT / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(result.stdout), schema)
    latest = briefs("brief", "--format", "md", url=url)  # no date: the latest day with incidents
    assert latest.returncode == 0 and "13 Mar 2024" in latest.stdout
    table = briefs("incidents", "--from", "2024-03-01", "--to", "2024-03-31", url=url)
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(rows) == 5 and rows[0]["location"] == "Al-Mayadin" and rows[0]["fatalities"] == "5"
    assert rows[0]["source"] == "Al-Furat Post; Sham Monitor"
    bad = briefs("brief", "--date", "13/03/2024", url=url)
    assert bad.returncode == 2 and "not a date written YYYY-MM-DD" in bad.stderr
    backwards = briefs("incidents", "--from", "2024-03-14", "--to", "2024-03-01", url=url)
    assert backwards.returncode == 2 and "is after" in backwards.stderr


def test_an_empty_store_says_what_to_do(tmp_path):
    result = briefs("brief", url=f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.returncode == 2 and "briefs run" in result.stderr and "Traceback" not in result.stderr


def test_csv_cells_from_articles_cannot_become_formulas(store):
    rows = incident_rows(build_brief(store, WEDNESDAY).incidents)
    rows[0]["source"] = '=HYPERLINK("https://evil.example.org","x")'
    rows[0]["notes"] = "+1 killed"
    parsed = list(csv.DictReader(io.StringIO(rows_as_csv(rows))))
    assert parsed[0]["source"].startswith("'=") and parsed[0]["notes"] == "'+1 killed"


# ACLED's export columns in its published order (ACLED Codebook 2023).
ACLED_ORDER = [
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


def test_the_incident_export_has_acleds_columns_in_acleds_order(store):
    brief = build_brief(store, WEDNESDAY)
    reader = csv.DictReader(io.StringIO(rows_as_csv(incident_rows(brief.incidents, brief.generated_at))))
    assert reader.fieldnames[: len(ACLED_ORDER)] == ACLED_ORDER
    rows = list(reader)
    mayadin = next(r for r in rows if r["location"] == "Al-Mayadin")
    assert (mayadin["country"], mayadin["iso"], mayadin["region"], mayadin["year"]) == (
        "Syria",
        "760",
        "Middle East",
        "2024",
    )
    assert 34 < float(mayadin["latitude"]) < 36 and 40 < float(mayadin["longitude"]) < 41  # GeoNames: 35.02 N, 40.45 E
    assert mayadin["event_id_cnty"].startswith("SYR-") and mayadin["timestamp"] == str(
        int(brief.generated_at.timestamp())
    )
    assert mayadin["actor1"] and mayadin["inter1"] and mayadin["fatalities"] == "5"
