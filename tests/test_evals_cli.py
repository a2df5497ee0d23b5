"""`briefs eval`: suite files with clear errors, resumable runs, bless, compare, and the CI gate on a planted
regression."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from briefs import cli
from briefs.errors import BriefsError
from briefs.evals.records import load_run
from briefs.evals.runner import Progress, RunOptions, run_suite
from briefs.evals.suites import load_suite

from .conftest import ROOT

EVALS = ROOT / "evals"


def briefs(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["briefs", *map(str, args)])
    try:
        cli.main()
        code = 0
    except SystemExit as exit:
        # SystemExit("message") exits 1, as the interpreter does
        code = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def evals(tmp_path: Path) -> Path:
    """A copy of the project's evals folder (suites, baselines, prices; the datasets linked)."""
    root = tmp_path / "evals"
    root.mkdir()
    shutil.copytree(EVALS / "suites", root / "suites")
    shutil.copytree(EVALS / "baselines", root / "baselines")
    shutil.copy(EVALS / "prices.yaml", root / "prices.yaml")
    (root / "datasets").symlink_to(EVALS / "datasets")
    return root


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"metrics": ["event_type", "recall"]}, r"metrics: unknown metric 'recall'; known: event_type"),
        ({"gates": {"date": 0.02}}, r"gates: 'date' is gated but not listed in metrics"),
        ({"gates": {"event_type": -1}}, r"gates: 'event_type' has a negative threshold"),
        ({"metrics": ["wrong_recall"]}, r"metrics: 'wrong_recall' is not a metric of task 'extraction'"),
        ({"repeat": 0}, r"repeat: Input should be greater than or equal to 1"),
        ({"dataset": "../datasets/missing.jsonl"}, r"dataset: no such file"),
        ({"colour": "blue"}, r"colour: Extra inputs are not permitted"),
    ],
)
def test_a_bad_suite_file_is_one_clear_line_naming_the_field(tmp_path, monkeypatch, capsys, change, message):
    import yaml

    (tmp_path / "suites").mkdir()
    suite = {
        "name": "bad",
        "task": "extraction",
        "dataset": str(EVALS / "datasets" / "incidents.jsonl"),
        "extractor": "lexicon",
        "metrics": ["event_type"],
        "gates": {"event_type": 0.02},
    } | change
    path = tmp_path / "suites" / "bad.yaml"
    path.write_text(yaml.safe_dump(suite), encoding="utf-8")
    with pytest.raises(BriefsError, match=message):
        load_suite(path)
    code, _, err = briefs(monkeypatch, capsys, "eval", "run", path)
    assert code == 2 and "Traceback" not in err and "bad.yaml" in err


def test_unknown_suites_runs_and_baselines_exit_2(monkeypatch, capsys, tmp_path):
    code, _, err = briefs(monkeypatch, capsys, "eval", "run", "no-such-suite")
    assert code == 2 and "no suite 'no-such-suite'" in err and "lexicon" in err
    (tmp_path / "run.json").write_text("{}", encoding="utf-8")
    code, _, err = briefs(monkeypatch, capsys, "eval", "compare", "lexicon", tmp_path / "run.json")
    assert code == 2 and "not a run file" in err


class Interrupt(Progress):
    def __init__(self, after: int) -> None:
        self.after, self.seen, self.started = after, 0, None

    def start(self, total, done, description):
        self.started = (total, done)

    def advance(self, case):
        self.seen += 1
        if self.seen == self.after:
            raise KeyboardInterrupt


def test_a_stopped_run_resumes_where_it_stopped(evals):
    suite = load_suite(evals / "suites" / "lexicon.yaml")
    out = evals / "runs" / "mine.json"
    with pytest.raises(KeyboardInterrupt):
        run_suite(suite, RunOptions(out=out), Interrupt(after=5))
    partial = out.with_name("mine.json.partial.jsonl")
    assert len(partial.read_text(encoding="utf-8").splitlines()) == 1 + 5 and not out.exists()
    progress = Interrupt(after=0)
    run, path = run_suite(suite, RunOptions(out=out), progress)
    assert progress.started == (47, 5) and progress.seen == 42
    assert path == out and not partial.exists() and len(run.cases) == 47
    baseline = load_run(suite.baseline_path)
    assert run.metrics["event_type"] == baseline.metrics["event_type"]
    # Another configuration does not pick up this one's unfinished file.
    with pytest.raises(KeyboardInterrupt):
        run_suite(suite, RunOptions(out=out), Interrupt(after=1))
    with pytest.raises(BriefsError, match="unfinished run of another configuration"):
        run_suite(suite, RunOptions(out=out, repeat=2))


def test_repeat_labels_each_case_and_bless_makes_the_baseline(evals, monkeypatch, capsys):
    suite = evals / "suites" / "grounding.yaml"
    code, out, _ = briefs(
        monkeypatch, capsys, "eval", "run", suite, "--repeat", "2", "--out", evals / "runs" / "g2.json", "-q"
    )
    assert code == 0 and "51 consistent-pass, 2 consistent-fail, 0 flaky" in out
    run = load_run(evals / "runs" / "g2.json")
    assert run.repeat == 2 and len(run.cases) == 106 and run.metrics["pass_k"] == run.metrics["case_pass"]
    code, out, _ = briefs(monkeypatch, capsys, "eval", "bless", evals / "runs" / "g2.json")
    assert code == 0 and load_run(evals / "baselines" / "grounding.json").repeat == 2
    code, out, _ = briefs(
        monkeypatch,
        capsys,
        "eval",
        "compare",
        evals / "baselines" / "grounding.json",
        evals / "runs" / "g2.json",
        "--format",
        "md",
        "--junit",
        evals / "runs" / "junit.xml",
        "--html",
        evals / "runs" / "r.html",
    )
    assert code == 0 and "| wrong_recall | 100.0% | 100.0% |" in out and "PASS" in out
    assert (evals / "runs" / "junit.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_the_ci_gate_fails_on_a_planted_regression_and_prints_the_report(evals, monkeypatch, capsys):
    from briefs.extract.lexicon import LexiconExtractor

    extract = LexiconExtractor.extract

    def forgets_wounded(self, article):  # the planted regression: every wounded count is lost
        outcome = extract(self, article)
        if outcome.result is not None:
            for incident in outcome.result.incidents:
                incident.counts = [c for c in incident.counts if str(c.category) != "wounded"]
        return outcome

    monkeypatch.setattr(LexiconExtractor, "extract", forgets_wounded)
    junit = evals / "runs" / "junit.xml"
    code, out, err = briefs(
        monkeypatch,
        capsys,
        "eval",
        "ci",
        evals / "suites" / "lexicon.yaml",
        evals / "suites" / "grounding.yaml",
        "--quiet",
        "--junit",
        junit,
    )
    assert code == 1
    assert (
        "✖ REGRESSED" in out
        and "FAIL: 1 gated metric(s) of suite lexicon regressed beyond their threshold: counts" in out
    )
    assert "PASS: no gated metric of suite grounding regressed" in out
    assert "incident[0].count[1]" in out and "pass→fail" in out and "wounded 5 (exact)" in out
    assert "regression in lexicon" in err
    assert 'name="counts"' in junit.read_text(encoding="utf-8") and 'type="MetricRegression"' in junit.read_text(
        encoding="utf-8"
    )


def test_json_output_of_compare(evals, monkeypatch, capsys):
    baseline = evals / "baselines" / "lexicon.json"
    code, out, _ = briefs(monkeypatch, capsys, "eval", "compare", baseline, baseline, "--format", "json")
    body = json.loads(out)
    assert code == 0 and body["failed"] is False and body["transitions"] == []
    assert {d["name"]: d["verdict"] for d in body["metrics"]}["event_type"] == "same"
