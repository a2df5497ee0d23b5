"""The brief made from stored rows without validation (`briefs.store.trusted.builder` for the merge's
own models) is the brief the models make: over seeded stores, it validates as a `Brief`, and its
Markdown, JSON and HTML are byte for byte those of the brief validated from its own JSON and those of
the brief merged from every stored incident read whole. A brief's summary failures (`summary_failures`)
are the stored grounding records cut to their failing numbers and names: the same flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from briefs.acled import CountCategory
from briefs.brief.build import build_brief
from briefs.brief.model import Brief, MergedCount
from briefs.brief.render import render
from briefs.domain import GroundingRecord, summary_flags
from briefs.store import Store
from briefs.store.trusted import builder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_brief import WEDNESDAY, rerun, store  # noqa: F401 (a fixture)
from .test_brief_columns import FIRST, brief_from_whole_incidents, reports_spec, seeded

GENERATED = datetime(2024, 3, 1, tzinfo=UTC)


def rendered(brief: Brief) -> dict[str, str]:
    return {fmt: render(brief, fmt) for fmt in ("md", "json", "html")}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    spec=reports_spec, span=st.tuples(st.integers(0, 12), st.integers(0, 12)), country=st.sampled_from([None, "SYR"])
)
def test_the_brief_from_rows_renders_as_the_validated_brief(tmp_path_factory, spec, span, country):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('rows') / 'briefs.db'}")
    seeded(store, spec)
    date_from, date_to = FIRST + timedelta(days=min(span)), FIRST + timedelta(days=max(span))
    from_rows = build_brief(store, date_from, date_to, country=country).model_copy(update={"generated_at": GENERATED})
    validated = Brief.model_validate_json(from_rows.model_dump_json())
    assert validated == from_rows
    whole = brief_from_whole_incidents(store, date_from, date_to, country)
    assert rendered(from_rows) == rendered(validated) == rendered(whole)
    groundings = store.reports.summary_groundings(date_from, date_to, country=country)
    failures = store.reports.summary_failures(date_from, date_to, country=country)
    assert {a: summary_flags(g) for a, g in failures.items()} == {a: summary_flags(g) for a, g in groundings.items()}


def test_a_maker_makes_what_the_model_makes_and_converts_nothing() -> None:
    make, killed = builder(MergedCount), CountCategory.KILLED
    made = make(category=killed, figure=3, low=3, high=5, verified=True, note=None, reports=[])
    validated = MergedCount(category=killed, figure=3, low=3, high=5, verified=True, note=None, reports=[])
    assert made == validated and made.model_dump_json() == validated.model_dump_json()
    # nothing converted: the maker trusts its caller with the fields' types (the model would make an int of "3")
    made = make(category=killed, figure="3", low=3, high=5, verified=True, note=None, reports=[])
    assert made.__dict__["figure"] == "3"


def test_summary_failures_hold_the_failing_numbers_and_names_alone(store) -> None:
    [report] = [r for r in store.reports.between(WEDNESDAY, WEDNESDAY) if r.source.article_id == "hawran-0314-02"]
    article = report.source.article_hash
    result = store.queue.result_of(store.queue.article(article).current_run_id)
    number = {"start": 0, "end": 1, "evidence": [], "kind": "cardinal", "qualifier": "exact", "low": None, "high": None}
    numbers = [
        number | {"text": text, "value": int(text), "status": status, "note": ""}
        for text, status in (("3", "supported"), ("9", "unsupported"), ("5", "misattributed"))
    ]
    name = {"start": 0, "end": 4, "names": [], "evidence": [], "note": ""}
    names = [
        name | {"text": text, "kind": kind, "status": status}
        for text, kind, status in (
            ("Daraa", "place", "supported"),
            ("Zorba", "place", "unknown"),
            ("ISIS", "actor", "unsupported"),
        )
    ]
    record = GroundingRecord.model_validate({"verdict": "unsupported", "numbers": numbers, "names": names})
    rerun(store, article, result.model_copy(update={"grounding": record, "flags": ["some"]}), "openai:flagged")
    [(found, whole)] = store.reports.summary_groundings(WEDNESDAY, WEDNESDAY).items()
    [(failing, failures)] = store.reports.summary_failures(WEDNESDAY, WEDNESDAY).items()
    assert found == failing == article and whole == record
    assert [n.text for n in failures.numbers] == ["9", "5"] and [n.text for n in failures.names] == ["ISIS"]
    assert summary_flags(failures) == summary_flags(whole) and len(summary_flags(whole)) == 3
    assert store.reports.summary_failures(WEDNESDAY, WEDNESDAY, country="IRQ") == {}
