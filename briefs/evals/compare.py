"""A run against a baseline: per-metric deltas with paired bootstrap intervals, per-case transitions, the gate.

The gate, per gated metric (thresholds and the rule are in the suite file):
- the metric *regressed* (and `briefs eval compare` exits 1) when it is worse than the baseline by
  more than its threshold and, when the suite says `require_ci: true`, the bootstrap interval of the
  delta lies wholly on the worse side of 0;
- worse by more than the threshold while the interval still holds 0 is *within noise*: reported, not failed.
Deltas and intervals are computed on the cases both runs have; cases in one only are listed.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from briefs.errors import InputError
from briefs.evals import metrics as m
from briefs.evals.records import CaseResult, RunRecord
from briefs.evals.suites import Gate, Suite

_EPS = 1e-9
Verdict = Literal["better", "same", "worse", "within noise", "regressed", "n/a"]
CaseState = Literal["pass", "fail", "flaky"]


class RunSummary(BaseModel):
    label: str
    extractor: str
    model: str | None
    prompt_id: str | None
    prompt_hash: str | None
    git_commit: str | None
    created_at: datetime
    repeat: int
    replay: str | None
    cases: int
    errors: int

    @classmethod
    def of(cls, run: RunRecord, label: str) -> RunSummary:
        return cls(
            label=label,
            extractor=run.extractor,
            model=run.model,
            prompt_id=run.prompt_id,
            prompt_hash=run.prompt_hash,
            git_commit=run.git_commit,
            created_at=run.created_at,
            repeat=run.repeat,
            replay=run.replay,
            cases=len(run.case_ids),
            errors=len({c.case_id for c in run.errors}),
        )

    @property
    def what(self) -> str:
        parts = [self.extractor] + [p for p in (self.model, self.prompt_id) if p]
        return " ".join(parts) + (f" (replay of {self.replay})" if self.replay else "")


class MetricDelta(BaseModel):
    name: str
    description: str
    unit: str
    higher_is_better: bool
    gated: bool
    threshold: float | None
    baseline: float | None
    run: float | None
    delta: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: Verdict

    @property
    def definition(self) -> m.MetricDef:
        return m.metric_def(self.name)


class Transition(BaseModel):
    case_id: str
    key: str
    metric: str
    gold: str | None
    before_state: CaseState
    after_state: CaseState
    before: str | None = Field(
        description="What the baseline gave (over its repeats: each answer and how often, when they differ)."
    )
    after: str | None = Field(description="What the run gave.")

    @property
    def change(self) -> str:
        return f"{self.before_state}→{self.after_state}"

    @property
    def regressed(self) -> bool:
        return _RANK[self.after_state] < _RANK[self.before_state]


_RANK = {"fail": 0, "flaky": 1, "pass": 2}


def is_held_out(split: str | None) -> bool:
    """A split named held-out, held-out-2, …: never shown case by case."""
    return split is not None and (split == "held-out" or split.startswith("held-out-"))


class HeldOutChanges(BaseModel):
    """How many case fields of one held-out split changed, and nothing else: the development loop (which reads
    comparisons) never sees a held-out case's id, text or answers, only the split's metrics and these counts."""

    worse: int = 0
    better: int = 0


class CompareReport(BaseModel):
    suite: str
    baseline: RunSummary
    run: RunSummary
    gate: Gate
    cases_compared: int
    only_in_baseline: list[str]
    only_in_run: list[str]
    metrics: list[MetricDelta]
    transitions: list[Transition] = Field(description="Case fields that changed, held-out splits left out.")
    held_out: dict[str, HeldOutChanges] = Field(
        default_factory=dict, description="Per held-out split, how many of its case fields changed."
    )
    flaky: dict[str, str] = Field(
        default_factory=dict, description="case → its label in the run, for cases flaky in either run."
    )
    warnings: list[str] = Field(default_factory=list)

    @property
    def regressions(self) -> list[MetricDelta]:
        return [d for d in self.metrics if d.verdict == "regressed"]

    @property
    def failed(self) -> bool:
        return bool(self.regressions)

    @property
    def regressed_cases(self) -> list[Transition]:
        return [t for t in self.transitions if t.regressed]

    @property
    def improved_cases(self) -> list[Transition]:
        return [t for t in self.transitions if not t.regressed]


def compare(
    baseline: RunRecord, run: RunRecord, suite: Suite, *, baseline_label: str = "baseline", run_label: str = "run"
) -> CompareReport:
    if baseline.suite != run.suite:
        raise InputError(
            f"the baseline is a run of suite {baseline.suite!r} and the run of {run.suite!r}: compare runs of one suite"
        )
    if baseline.task != run.task:
        raise InputError(f"the baseline is a {baseline.task} run and the run a {run.task} run")
    base_cases, run_cases = baseline.by_case(), run.by_case()
    shared = [case_id for case_id in run.case_ids if case_id in base_cases]
    warnings = []
    if baseline.dataset_hash != run.dataset_hash:
        warnings.append("the dataset changed between the baseline and the run: only the cases both have are compared")
    if baseline.suite_hash != run.suite_hash:
        warnings.append("the suite file changed since the baseline was blessed")
    if run.errors:
        warnings.append(
            f"{len({c.case_id for c in run.errors})} case(s) of the run ended with an error (they fail every check): "
            + "; ".join(f"{c.case_id}: {c.error}" for c in run.errors[:3])
        )
    drift = sum(bool(c.notes) for c in run.cases)
    if drift:
        warnings.append(f"{drift} replayed case(s) sent requests that differ from the recording (see the run's notes)")
    names = [n for n in dict.fromkeys([*suite.metrics]) if n in run.metrics or n in baseline.metrics]
    deltas = [_delta(m.metric_def(name), suite, base_cases, run_cases, shared, baseline, run) for name in names]
    split_of = baseline.case_splits | run.case_splits
    visible = [case_id for case_id in shared if not is_held_out(split_of.get(case_id))]
    held_out: dict[str, HeldOutChanges] = {}
    for t in _transitions(base_cases, run_cases, [c for c in shared if c not in set(visible)]):
        changes = held_out.setdefault(split_of[t.case_id], HeldOutChanges())
        if t.regressed:
            changes.worse += 1
        else:
            changes.better += 1
    flaky = {
        case_id: run.case_labels.get(case_id, "")
        for case_id in visible
        if "flaky" in (run.case_labels.get(case_id), baseline.case_labels.get(case_id))
    }
    return CompareReport(
        suite=run.suite,
        baseline=RunSummary.of(baseline, baseline_label),
        run=RunSummary.of(run, run_label),
        gate=suite.gate,
        cases_compared=len(shared),
        only_in_baseline=[c for c in baseline.case_ids if c not in run_cases],
        only_in_run=[c for c in run.case_ids if c not in base_cases],
        metrics=deltas,
        transitions=_transitions(base_cases, run_cases, visible),
        held_out=dict(sorted(held_out.items())),
        flaky=flaky,
        warnings=warnings,
    )


def _delta(
    metric: m.MetricDef, suite: Suite, base_cases, run_cases, shared: list[str], baseline: RunRecord, run: RunRecord
) -> MetricDelta:
    gated = metric.name in suite.gates
    threshold = suite.gates.get(metric.name)
    base_vec = m.case_vectors(base_cases, shared, metric) if shared else None
    run_vec = m.case_vectors(run_cases, shared, metric) if shared else None
    before = m.aggregate_vectors(metric, *base_vec) if base_vec is not None else None
    after = m.aggregate_vectors(metric, *run_vec) if run_vec is not None else None
    fields: dict[str, Any] = dict(
        name=metric.name,
        description=metric.description,
        unit=metric.unit,
        higher_is_better=metric.higher_is_better,
        gated=gated,
        threshold=threshold,
        baseline=before,
        run=after,
    )
    if before is None or after is None or base_vec is None or run_vec is None:
        return MetricDelta(**fields, delta=None, ci_low=None, ci_high=None, verdict="n/a")
    delta = after - before
    ci = m.paired_bootstrap(
        metric,
        base_vec,
        run_vec,
        samples=suite.gate.bootstrap_samples,
        seed=suite.gate.seed,
        confidence=suite.gate.confidence,
    )
    worse = metric.worsening(delta)
    verdict: Verdict
    if gated and threshold is not None and worse > threshold + _EPS:
        significant = ci is not None and (ci[1] < -_EPS if metric.higher_is_better else ci[0] > _EPS)
        verdict = "regressed" if (significant or not suite.gate.require_ci) else "within noise"
    elif abs(delta) <= _EPS:
        verdict = "same"
    else:
        verdict = "better" if metric.better(delta) else "worse"
    return MetricDelta(
        **fields, delta=delta, ci_low=ci[0] if ci else None, ci_high=ci[1] if ci else None, verdict=verdict
    )


def _state(results: list[CaseResult], key: str) -> tuple[CaseState, str | None, str | None, str]:
    """(state, most frequent answer, gold, metric) of one check over a case's repeats; a missing check fails."""
    outcomes: list[bool] = []
    answers: Counter[str | None] = Counter()
    gold: str | None = None
    metric = ""
    for result in results:
        found = next((c for c in result.checks if c.key == key), None)
        outcomes.append(found is not None and found.passed and result.error is None)
        answers[found.got if found is not None else None] += 1
        if found is not None:
            gold, metric = found.gold, found.metric
    state: CaseState = "pass" if all(outcomes) else "fail" if not any(outcomes) else "flaky"
    if len(answers) > 1:  # differing answers over the repeats: each, with how often it came
        return state, " | ".join(f"{answer or '—'} ×{n}" for answer, n in answers.most_common()), gold, metric
    return state, next(iter(answers)), gold, metric


def _transitions(base_cases, run_cases, shared: list[str]) -> list[Transition]:
    out = []
    for case_id in shared:
        keys = dict.fromkeys(c.key for r in (*base_cases[case_id], *run_cases[case_id]) for c in r.checks)
        for key in keys:
            before, before_got, gold_b, metric_b = _state(base_cases[case_id], key)
            after, after_got, gold_a, metric_a = _state(run_cases[case_id], key)
            if before != after:
                out.append(
                    Transition(
                        case_id=case_id,
                        key=key,
                        metric=metric_a or metric_b,
                        gold=gold_a or gold_b,
                        before_state=before,
                        after_state=after,
                        before=before_got,
                        after=after_got,
                    )
                )
    out.sort(key=lambda t: (not t.regressed, t.case_id))
    return out
