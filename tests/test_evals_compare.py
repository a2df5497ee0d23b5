"""The comparison of two synthetic runs with a known regression, and its four renderings."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Set
from datetime import UTC, datetime

import pytest
from briefs.errors import BriefsError
from briefs.evals import metrics as m
from briefs.evals.compare import compare
from briefs.evals.records import CaseResult, Check, RunRecord
from briefs.evals.report import render_html, render_junit, render_markdown, verdict_line
from briefs.evals.suites import Suite

N = 40


def suite(require_ci: bool = True, **gates) -> Suite:
    # As a suite file is read: the fields it leaves out take their defaults.
    return Suite.model_validate(
        {
            "name": "synthetic",
            "task": "extraction",
            "dataset": "x.jsonl",
            "extractor": "llm",
            "prompt": "extract@v1",
            "metrics": ["event_type", "date", "latency_p50"],
            "gates": gates or {"event_type": 0.05, "date": 0.05},
            "gate": {"require_ci": require_ci, "seed": 11, "bootstrap_samples": 1000},
        }
    )


def run(
    wrong_events: set[int],
    *,
    wrong_dates: Set[int] = frozenset(),
    repeat_flaky: Set[int] = frozenset(),
    label: str = "",
) -> RunRecord:
    cases = []
    for i in range(N):
        for r in (1, 2):
            event_ok = i not in wrong_events and not (i in repeat_flaky and r == 2)
            date_ok = i not in wrong_dates
            cases.append(
                CaseResult(
                    case_id=f"case-{i:02d}",
                    repeat=r,
                    scores={
                        "event_type": [float(event_ok), 1.0],
                        "date": [float(date_ok), 1.0],
                        "case_pass": [float(event_ok and date_ok), 1.0],
                    },
                    values={"latency_ms": 100.0 + i},
                    error=None,
                    checks=[
                        Check(
                            key="incident[0].event_type",
                            metric="event_type",
                            gold="Battles",
                            got="Battles" if event_ok else "Riots <b>&</b>",
                            passed=event_ok,
                        ),
                        Check(
                            key="incident[0].date",
                            metric="date",
                            gold="2024-05-12 (day)",
                            got="2024-05-12" if date_ok else "2024-05-11",
                            passed=date_ok,
                        ),
                    ],
                )
            )
    record = RunRecord(
        suite="synthetic",
        suite_path=None,
        suite_hash="h",
        task="extraction",
        extractor="llm",
        model="openai:test",
        prompt_id="extract@v1",
        dataset="x.jsonl",
        dataset_hash="d",
        repeat=2,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        cases=cases,
        replay=None,
    )
    by_case = record.by_case()
    record.metrics = {name: m.aggregate(by_case, m.metric_def(name)) for name in ("event_type", "date", "latency_p50")}
    record.case_labels = {cid: m.case_label(results) for cid, results in by_case.items()}
    return record


def test_a_broad_regression_fails_the_gate_with_its_cases_and_values():
    baseline = run(wrong_events={0, 1}, wrong_dates={5})
    worse = run(wrong_events={0, 1, *range(10, 20)}, wrong_dates=set())  # event type −25 points; date +2.5
    report = compare(baseline, worse, suite())
    event = next(d for d in report.metrics if d.name == "event_type")
    assert event.delta == pytest.approx(-0.25) and event.verdict == "regressed" and event.ci_high < 0
    date = next(d for d in report.metrics if d.name == "date")
    assert date.verdict == "better" and date.delta == pytest.approx(1 / N)
    assert report.failed and [d.name for d in report.regressions] == ["event_type"]
    down = report.regressed_cases
    assert [t.case_id for t in down] == [f"case-{i}" for i in range(10, 20)]
    assert (down[0].key, down[0].change, down[0].gold, down[0].before, down[0].after) == (
        "incident[0].event_type",
        "pass→fail",
        "Battles",
        "Battles",
        "Riots <b>&</b>",
    )
    up = report.improved_cases
    assert [(t.case_id, t.key, t.change) for t in up] == [("case-05", "incident[0].date", "fail→pass")]
    assert "FAIL" in verdict_line(report) and "event_type" in verdict_line(report)


def test_a_one_case_slip_is_within_noise_when_the_interval_must_exclude_zero():
    baseline, slipped = (
        run(wrong_events=set()),
        run(wrong_events={3, 4, 5}),
    )  # −7.5 points, beyond the 5-point threshold
    noisy = compare(baseline, slipped, suite(require_ci=True, event_type=0.05))
    event = next(d for d in noisy.metrics if d.name == "event_type")
    # 3 cases of 40: about 5% of resamples hold none of them, so the 95% interval reaches 0
    assert event.ci_low < 0 and event.ci_high == 0
    assert event.verdict == "within noise" and not noisy.failed
    strict = compare(baseline, slipped, suite(require_ci=False, event_type=0.05))
    assert strict.failed  # a deterministic suite: the threshold alone decides


def test_within_threshold_is_not_a_regression_and_flaky_cases_are_named():
    baseline = run(wrong_events=set())
    report = compare(baseline, run(wrong_events={7}, repeat_flaky={9}), suite(require_ci=False, event_type=0.1))
    assert not report.failed
    assert next(d for d in report.metrics if d.name == "event_type").verdict == "worse"
    assert report.flaky == {"case-09": "flaky"}
    assert {(t.case_id, t.change) for t in report.transitions} == {("case-07", "pass→fail"), ("case-09", "pass→flaky")}


def test_runs_of_different_suites_do_not_compare():
    other = run(set()).model_copy(update={"suite": "other"})
    with pytest.raises(BriefsError, match="compare runs of one suite"):
        compare(run(set()), other, suite())


def test_the_reports_escape_run_text_and_junit_fails_exactly_when_the_gate_does():
    failing = compare(run(set()), run(set(range(10, 25))), suite())
    html = render_html(failing)
    assert "<b>&</b>" not in html and "Riots &lt;b&gt;&amp;&lt;/b&gt;" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]  # self-contained: no external asset
    markdown = render_markdown(failing)
    assert "| event_type |" in markdown and "**✖ REGRESSED**" in markdown and "pass→fail" in markdown
    root = ET.fromstring(render_junit([failing]))
    assert root.get("failures") == str(1 + 15)  # the gated metric, and each case that went down in it
    gates = root.find("testsuite[@name='eval.synthetic.gates']")
    assert [c.get("name") for c in gates.iter("testcase") if c.find("failure") is not None] == ["event_type"]
    passing = compare(run(set()), run({3}), suite(require_ci=False, event_type=0.1))
    root = ET.fromstring(render_junit([passing]))
    assert root.get("failures") == "0"
    assert len(root.findall(".//skipped")) == 1  # the slipped case is shown, tolerated by the gate


def test_held_out_cases_are_counted_never_shown():
    # Cases 20-39 are a held-out split: a comparison (what the development loop reads) gives their changes as
    # counts only, in every rendering, while the gate still judges the metrics over every case.
    baseline, worse = run(wrong_events=set(), repeat_flaky={25}), run(wrong_events={3, *range(20, 30)})
    for record in (baseline, worse):
        record.case_splits = {f"case-{i:02d}": "dev" if i < 20 else "held-out-2" for i in range(N)}
    report = compare(baseline, worse, suite(require_ci=False))
    assert [t.case_id for t in report.transitions] == ["case-03"]
    assert report.flaky == {}
    assert report.held_out["held-out-2"].worse == 10 and report.held_out["held-out-2"].better == 0
    assert report.failed  # 11 of 40 worse: the gate sees the held-out cases' share of the metric
    for text in (render_markdown(report), render_html(report)):
        assert "case-03" in text and "held-out-2: 10 worse, 0 better" in text
        assert not any(f"case-{i}" in text for i in range(20, 30))
