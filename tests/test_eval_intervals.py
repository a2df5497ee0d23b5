"""`briefs eval show`'s by-split figures: k/n and a 95% Wilson interval behind every proportion, the held-out
splits pooled into one column, and the suite's targets judged on it by the interval."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml
from briefs.errors import BriefsError
from briefs.evals import metrics as m
from briefs.evals.records import CaseResult, RunRecord
from briefs.evals.report import (
    POOLED,
    SplitFigure,
    TargetVerdict,
    fmt_figure,
    judge_target,
    split_columns,
    target_checks,
    wilson_interval,
)
from briefs.evals.suites import Suite, load_suite
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from .conftest import ROOT

# Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17,
# Table I, method 3 (the Wilson score interval), and 14/18 as the brief of this feature quotes it.
PUBLISHED = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (14, 18, 0.548, 0.910),
]


@pytest.mark.parametrize(("hits", "total", "low", "high"), PUBLISHED)
def test_the_wilson_interval_gives_the_published_values(hits, total, low, high):
    got_low, got_high = wilson_interval(hits, total)
    assert got_low == pytest.approx(low, abs=6e-4) and got_high == pytest.approx(high, abs=6e-4)


def test_the_wilson_interval_widens_with_confidence_and_is_undefined_without_items():
    assert wilson_interval(0, 0) is None
    narrow, wide = wilson_interval(14, 18, 0.80), wilson_interval(14, 18, 0.99)
    assert wide[0] < narrow[0] < 14 / 18 < narrow[1] < wide[1]


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_wilson_interval_holds_the_rate_inside_0_1_and_mirrors(counts):
    hits, total = counts
    low, high = wilson_interval(hits, total)
    assert 0 <= low <= hits / total <= high <= 1
    mirror_low, mirror_high = wilson_interval(total - hits, total)
    assert low == pytest.approx(1 - mirror_high, abs=1e-12) and high == pytest.approx(1 - mirror_low, abs=1e-12)


# A small synthetic run: per case, metric → [hits, items]. held-out has 9/12 right event types, held-out-2 5/6:
# pooled 14/18 (77.8%), not the mean of the two rates (79.2%).
CASES = {
    "dev-1": ("dev", {"event_type": [3, 3], "admin1": [2, 3], "non_event_incidents": [0, 1]}),
    "dev-2": ("dev", {"event_type": [2, 2], "admin1": [2, 2]}),
    "ho-1": ("held-out", {"event_type": [5, 6], "admin1": [6, 6]}),
    "ho-2": ("held-out", {"event_type": [4, 6], "admin1": [3, 6], "non_event_incidents": [0, 1]}),
    "ho2-1": ("held-out-2", {"event_type": [5, 6], "admin1": [6, 6], "non_event_incidents": [1, 1]}),
    "ho3-1": ("held-out-3", {"non_event_incidents": [0, 1]}),
}
METRICS = ["event_type", "admin1", "non_event_incidents", "actors_f1", "latency_p50"]


def synthetic_run(cases: dict = CASES, suite_path: str | None = None) -> RunRecord:
    results = [
        CaseResult(
            case_id=case_id,
            repeat=1,
            scores=scores | {"actors_f1": [2.0, 3.0]},
            values={"latency_ms": 10.0 + i},
            error=None,
        )
        for i, (case_id, (_, scores)) in enumerate(cases.items())
    ]
    by_case = {r.case_id: [r] for r in results}
    return RunRecord(
        suite="intervals",
        suite_hash="h",
        suite_path=suite_path,
        task="extraction",
        extractor="lexicon",
        dataset="x.jsonl",
        dataset_hash="d",
        replay=None,
        created_at=datetime(2026, 11, 30, tzinfo=UTC),
        cases=results,
        metrics={name: m.aggregate(by_case, m.metric_def(name)) for name in METRICS},
        case_splits={case_id: split for case_id, (split, _) in cases.items()},
    )


def test_the_pooled_column_sums_the_held_out_splits_counts():
    columns = {column.name: column for column in split_columns(synthetic_run())}
    assert list(columns) == ["dev", "held-out", "held-out-2", "held-out-3", POOLED]
    assert columns[POOLED].cases == 4
    parts = [columns[split] for split in ("held-out", "held-out-2", "held-out-3")]
    for name in ("event_type", "admin1", "non_event_incidents"):
        pooled = columns[POOLED].figures[name].counts
        assert pooled is not None
        assert pooled.hits == sum(c.figures[name].counts.hits for c in parts if c.figures[name].counts)
        assert pooled.total == sum(c.figures[name].counts.total for c in parts if c.figures[name].counts)
    event = columns[POOLED].figures["event_type"]
    assert (event.counts, event.value) == (m.Proportion(14, 18), 14 / 18)  # items pooled, not rates averaged
    assert fmt_figure(m.metric_def("event_type"), event) == "77.8% (14/18; 55–91)"
    # an F1 and a latency keep their value and get no count
    assert columns[POOLED].figures["actors_f1"].counts is None
    assert fmt_figure(m.metric_def("latency_p50"), columns[POOLED].figures["latency_p50"]) == "13.5 ms"


def test_each_splits_figure_is_the_aggregate_over_its_cases():
    run = synthetic_run()
    by_case = run.by_case()
    for column in split_columns(run)[:-1]:
        ids = [case_id for case_id, split in run.case_splits.items() if split == column.name]
        for name in METRICS:
            assert column.figures[name].value == m.aggregate(by_case, m.metric_def(name), ids)


def test_one_held_out_split_gets_no_pooled_column():
    one = {k: v for k, v in CASES.items() if v[0] in ("dev", "held-out")}
    assert [c.name for c in split_columns(synthetic_run(one))] == ["dev", "held-out"]
    assert target_checks(synthetic_run(one), {"event_type": 0.9})[0] == "held-out"
    assert target_checks(synthetic_run({k: v for k, v in CASES.items() if v[0] == "dev"}), {"event_type": 0.9}) is None


def figure(hits: float, total: float) -> SplitFigure:
    return SplitFigure(hits / total if total else None, m.Proportion(hits, total))


@pytest.mark.parametrize(
    ("metric", "target", "hits", "total", "verdict"),
    [
        ("event_type", 0.90, 14, 18, TargetVerdict.WITHIN),  # 55–91 holds 90
        ("event_type", 0.90, 35, 52, TargetVerdict.NOT_MET),  # 54–78
        ("actor1", 0.80, 18, 18, TargetVerdict.MET),  # 82–100
        ("actor1", 0.80, 17, 18, TargetVerdict.WITHIN),  # 74–99: 94% is no proof of 80%
        ("date_guessed", 0.20, 1, 40, TargetVerdict.MET),  # at most 20%: 0–13
        ("date_guessed", 0.20, 4, 22, TargetVerdict.WITHIN),  # 7–39
        ("date_guessed", 0.20, 20, 40, TargetVerdict.NOT_MET),  # 35–65
        ("non_event_incidents", 0.0, 0, 30, TargetVerdict.MET),  # none allowed: a count
        ("non_event_incidents", 0.0, 1, 30, TargetVerdict.NOT_MET),
        ("event_type", 0.90, 0, 0, None),  # no item to judge
    ],
)
def test_a_target_is_met_only_when_the_whole_interval_clears_it(metric, target, hits, total, verdict):
    assert judge_target(m.metric_def(metric), target, figure(hits, total)).verdict == verdict


def test_the_suite_holds_issue_15s_targets_and_rejects_wrong_ones():
    suite = load_suite(ROOT / "evals" / "suites" / "lexicon-ant-wide.yaml")
    assert suite.targets == {
        "event_type": 0.9,
        "admin1": 0.9,
        "counts.killed": 0.9,
        "date": 0.9,
        "actor1": 0.8,
        "actor2": 0.8,
        "non_event_incidents": 0.0,
    }
    base = {"name": "t", "task": "extraction", "dataset": "x.jsonl", "extractor": "lexicon", "metrics": METRICS}
    for targets, message in [
        ({"date": 0.9}, "not listed in metrics"),
        ({"actors_f1": 0.8}, "not a proportion"),
        ({"latency_p50": 0.5}, "not a proportion"),
        ({"event_type": 90}, "between 0 and 1"),
    ]:
        with pytest.raises(ValueError, match=message):
            Suite.model_validate(base | {"targets": targets})


def write_suite(tmp_path, targets: dict) -> str:
    (tmp_path / "x.jsonl").write_text('{"id": "1", "text": "نص", "incidents": []}\n', encoding="utf-8")
    suite = {
        "name": "intervals",
        "task": "extraction",
        "dataset": "x.jsonl",
        "extractor": "lexicon",
        "metrics": METRICS,
        "targets": targets,
    }
    path = tmp_path / "intervals.yaml"
    path.write_text(yaml.safe_dump(suite), encoding="utf-8")
    return str(path)


def test_eval_show_prints_counts_intervals_the_pooled_column_and_the_verdicts(tmp_path):
    from briefs.cli import app

    suite = write_suite(tmp_path, {"event_type": 0.9, "admin1": 0.5, "non_event_incidents": 0.0})
    run = synthetic_run(suite_path=suite).save(tmp_path / "run.json")
    runner = CliRunner()
    plain = runner.invoke(app, ["eval", "show", str(run)])
    assert plain.exit_code == 0, plain.output
    assert "held-out (all)" in plain.output and "4 cases" in plain.output
    assert "(14/18; 55–91)" in " ".join(plain.output.split())  # the cell may wrap at a space
    assert "verdict" not in plain.output  # targets only when asked for
    shown = runner.invoke(app, ["eval", "show", str(run), "--targets"])
    assert shown.exit_code == 0, shown.output
    rows = {line.split("│")[1].strip(): line for line in shown.output.splitlines() if line.count("│") == 5}
    assert "≥ 90.0%" in rows["event_type"] and "within interval" in rows["event_type"]
    assert "77.8% (14/18; 55–91)" in rows["event_type"]
    assert "met" in rows["admin1"] and "(15/18; 61–94)" in rows["admin1"] and "not met" not in rows["admin1"]
    assert "none" in rows["non_event_incidents"] and "not met" in rows["non_event_incidents"]


def test_eval_show_targets_of_a_suite_without_any_is_a_clear_error(tmp_path):
    from briefs.cli import app

    run = synthetic_run(suite_path=write_suite(tmp_path, {})).save(tmp_path / "run.json")
    result = CliRunner().invoke(app, ["eval", "show", str(run), "--targets"])
    assert isinstance(result.exception, BriefsError) and "has no targets" in str(result.exception)
