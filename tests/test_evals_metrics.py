"""The eval harness's scoring on hand-made cases, its aggregation, and the paired bootstrap."""

from __future__ import annotations

import copy
import json
from datetime import date

import numpy as np
import pytest
from briefs.domain import ExtractionResult
from briefs.evals import metrics as m
from briefs.evals.records import CaseResult, Check
from briefs.extract.grounding import ground, result_from
from briefs.extract.schema import Extraction
from briefs.inputs import ArticleText
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import ROOT

EXAMPLE = json.loads((ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8").splitlines()[0])
ARTICLE = EXAMPLE["article"]
GOLD = {
    "id": "ex-1",
    "text": ARTICLE,
    "published_at": "2024-05-13",
    "incidents": [
        {
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "event_date": "2024-05-12",
            "time_precision": 1,
            "country": "IRQ",
            "admin1": "Baghdad",
            "location_en": "Al-Tarmiyah",
            "actors": ["Islamic State", "Military Forces of Iraq"],
            "counts": [
                {"category": "killed", "value": 3, "low": 3, "high": 3, "qualifier": "exact"},
                {"category": "wounded", "value": 5, "low": 5, "high": 5, "qualifier": "exact"},
            ],
        },
        {
            "event_type": "Strategic developments",
            "sub_event_type": "Arrests",
            "event_date": "2024-05-13",
            "time_precision": 1,
            "country": "IRQ",
            "admin1": "Baghdad",
            "location_en": "Tarmiyah",
            "actors": ["Police Forces of Iraq"],
            "counts": [{"category": "arrested", "value": 2, "low": 2, "high": 2, "qualifier": "exact"}],
        },
    ],
}


def result_of(extraction: dict) -> ExtractionResult:
    """The result as the extractors make it: every quote located, every count graded by the checker."""
    parsed = Extraction.model_validate(extraction)
    return result_from(
        parsed,
        ground(parsed, ARTICLE),
        ArticleText(id="ex-1", text=ARTICLE),
        extractor="llm",
        model=None,
        prompt_id=None,
        prompt_hash=None,
        attempts=1,
        threshold=90,
    )


def ratio(scores: dict, name: str) -> float:
    num, den = scores[name]
    return num / den


def test_a_perfect_extraction_scores_full_marks_on_every_field():
    scores, checks = m.score_extraction(GOLD, result_of(EXAMPLE["extraction"]))
    for name in (
        "event_type",
        "sub_event_type",
        "country",
        "admin1",
        "place",
        "date",
        "actors_f1",
        "counts",
        "schema_valid",
        "case_pass",
    ):
        assert ratio(scores, name) == 1.0, name
    assert scores["counts"] == [3, 3] and scores["counts.killed"] == [1, 1] and scores["event_type"] == [2, 2]
    assert scores["unsupported_fields"] == [0, 3] and scores["unsupported_summary"][0] == 0
    assert all(c.passed for c in checks)


def test_each_wrong_field_fails_its_own_check_with_both_values():
    wrong = copy.deepcopy(EXAMPLE["extraction"])
    first = wrong["incidents"][0]
    first["event_type"], first["sub_event_type"] = "Explosions/Remote violence", "Suicide bomb"
    first["counts"][0].update(value=4, low=4, high=4)  # killed 4: not in the article
    first["actors"] = first["actors"][:1]
    first["event_date"] = "2024-05-10"
    scores, checks = m.score_extraction(GOLD, result_of(wrong))
    failed = {c.key: c for c in checks if not c.passed}
    assert set(failed) == {
        "incident[0].event_type",
        "incident[0].sub_event_type",
        "incident[0].date",
        "incident[0].actors",
        "incident[0].count[0]",
        "numbers",
    }
    assert (failed["incident[0].event_type"].gold, failed["incident[0].event_type"].got) == (
        "Battles",
        "Explosions/Remote violence",
    )
    assert (
        failed["incident[0].count[0]"].gold == "killed 3 (exact)"
        and failed["incident[0].count[0]"].got == "killed 4 (exact)"
    )
    assert scores["counts"] == [2, 3] and scores["counts.killed"] == [0, 1]
    assert scores["actors_f1"] == [2 * 2, 3 + 2]  # 2 matched; 3 gold, 2 given
    assert scores["unsupported_fields"] == [1, 3] and "killed 4" in failed["numbers"].got
    assert scores["case_pass"] == [0, 1]


def test_a_missing_result_fails_every_gold_fact():
    scores, checks = m.score_extraction(GOLD, None)
    assert scores["schema_valid"] == [0, 1] and scores["event_type"] == [0, 2] and scores["counts"] == [0, 3]
    assert "unsupported_fields" not in scores  # no figures given, none unsupported: the rate is undefined, not 0
    assert not any(c.passed for c in checks)


@pytest.mark.parametrize(
    ("gold", "got", "same"),
    [
        ("Islamic State", "Islamic State (Iraq)", True),
        ("SDF", "SDF: Syrian Democratic Forces", True),
        ("Unidentified Armed Group", "Unidentified Armed Group (Syria)", True),
        ("Military Forces of Syria", "Military Forces of Syria (2000-)", True),
        ("Military Forces of Syria", "Military Forces of Iraq", False),
        ("Police Forces of Iraq", "Military Forces of Iraq", False),
        ("Civilians", "Hezbollah", False),
    ],
)
def test_actor_names_match_fuzzily_but_not_across_countries(gold, got, same):
    assert m.actors_match(gold, got) is same


@pytest.mark.parametrize(
    ("gold", "got", "same"),
    [
        ("Ar-Ruwayshid", "Ruwaished", True),
        ("Muqdadiyah", "Muqdadiya", True),
        ("Al-Adhaim", "Al-Udhaim", True),
        ("Jebel Salloum", "Salloum", True),
        ("Deir ez-Zor", "Dayr az-Zawr", True),
        ("Al-Yadudah", "Jasim", False),
        ("Tadmor", "Palmyra", False),
        ("Rafah", None, False),
    ],
)
def test_place_names_match_across_transliterations(gold, got, same):
    assert m.places_match(gold, got) is same


@pytest.mark.parametrize(
    ("precision", "got", "same"),
    [
        (1, "2024-05-12", True),
        (1, "2024-05-13", False),
        (2, "2024-05-17", True),
        (2, "2024-05-20", False),
        (3, "2024-05-31", True),
        (3, "2024-06-01", False),
    ],
)
def test_dates_are_compared_at_the_gold_precision(precision, got, same):
    assert m.same_date({"event_date": "2024-05-12", "time_precision": precision}, date.fromisoformat(got)) is same


def test_grounding_pair_scoring():
    source = "قتل خمسة جنود وأصيب ثلاثة مدنيين في الهجوم على القرية يوم الأحد الماضي."
    summary = "Five soldiers were killed and seven civilians wounded; three soldiers died."
    pair = {
        "id": "p",
        "source": source,
        "summary": summary,
        "numbers": [
            {"text": "Five", "start": 0, "label": "ok"},
            {"text": "seven", "start": summary.index("seven"), "label": "wrong"},
            {"text": "three", "start": summary.index("three"), "label": "swapped"},
        ],
    }
    scores, checks = m.score_grounding(pair)
    assert scores["false_alarm_rate"] == [0, 1] and scores["wrong_recall"] == [1, 1]
    assert scores["swapped_recall"][1] == 1 and len(checks) == 3
    assert (
        checks[1].key == "seven@30" and checks[1].gold == "wrong" and checks[1].got in ("unsupported", "misattributed")
    )


# ---- aggregation -----------------------------------------------------------------------------------


def case(case_id: str, repeat: int = 1, passed: bool = True, **scores) -> CaseResult:
    values = {"latency_ms": scores.pop("latency", 10.0)}
    return CaseResult(
        case_id=case_id,
        repeat=repeat,
        scores={k: list(v) for k, v in scores.items()},
        values=values,
        checks=[Check(key="k", metric="event_type", gold="a", got="a" if passed else "b", passed=passed)],
        error=None,
    )


def test_ratio_metrics_are_micro_averages_and_repeats_average_first():
    by_case = {
        "a": [case("a", event_type=(1, 1))],
        "b": [case("b", 1, event_type=(3, 3)), case("b", 2, event_type=(1, 3))],
    }
    # a: 1/1; b over its repeats: 2/3 → (1 + 2) / (1 + 3)
    assert m.aggregate(by_case, m.metric_def("event_type")) == pytest.approx(3 / 4)


def test_percentiles_pass_k_and_flaky_labels():
    by_case = {str(i): [case(str(i), latency=float(i))] for i in range(1, 101)}
    assert m.aggregate(by_case, m.metric_def("latency_p50")) == pytest.approx(50.5)
    assert m.aggregate(by_case, m.metric_def("latency_p95")) == pytest.approx(95.05)
    runs = {
        "steady": [case("steady", r) for r in (1, 2, 3)],
        "flaky": [case("flaky", 1), case("flaky", 2, passed=False), case("flaky", 3)],
    }
    assert m.aggregate(runs, m.metric_def("pass_k")) == 0.5
    assert m.case_label(runs["steady"]) == "consistent-pass" and m.case_label(runs["flaky"]) == "flaky"
    assert m.case_label([case("x", r, passed=False) for r in (1, 2)]) == "consistent-fail"


# ---- the paired bootstrap --------------------------------------------------------------------------

RATIO = m.metric_def("event_type")
cases_st = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=40).map(
    lambda pairs: [(min(a, b), max(a, b)) for a, b in pairs]
)


def vectors(pairs):
    return np.array([p[0] for p in pairs], float), np.array([p[1] for p in pairs], float)


@settings(max_examples=60, deadline=None)
@given(cases_st)
def test_a_run_against_itself_has_a_zero_interval(pairs):
    v = vectors(pairs)
    ci = m.paired_bootstrap(RATIO, v, v, samples=200, seed=1)
    assert ci is None or ci == (0.0, 0.0)


@settings(max_examples=60, deadline=None)
@given(cases_st, cases_st, st.integers(0, 10_000))
def test_bootstrap_is_deterministic_antisymmetric_and_bounded(a, b, seed):
    size = min(len(a), len(b))
    va, vb = vectors(a[:size]), vectors(b[:size])
    one = m.paired_bootstrap(RATIO, va, vb, samples=200, seed=seed)
    assert one == m.paired_bootstrap(RATIO, va, vb, samples=200, seed=seed)
    other = m.paired_bootstrap(RATIO, vb, va, samples=200, seed=seed)
    if one is None:
        assert other is None
        return
    low, high = one
    assert -1 <= low <= high <= 1  # a difference of two rates
    assert other == pytest.approx((-high, -low))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1000, allow_nan=False), min_size=2, max_size=30), st.floats(-50, 50, allow_nan=False))
def test_a_constant_shift_is_the_whole_interval(values, shift):
    mean = m.metric_def("tokens_per_article")
    base = (np.array(values), np.ones(len(values)))
    run = (np.array(values) + shift, np.ones(len(values)))
    low, high = m.paired_bootstrap(mean, base, run, samples=200, seed=3)
    assert low == pytest.approx(shift, abs=1e-6) and high == pytest.approx(shift, abs=1e-6)


def test_a_broad_regression_excludes_zero_and_a_single_case_does_not():
    n = 60
    base = (np.ones(n), np.ones(n))
    broad = (np.r_[np.zeros(15), np.ones(n - 15)], np.ones(n))
    single = (np.r_[np.zeros(1), np.ones(n - 1)], np.ones(n))
    low, high = m.paired_bootstrap(RATIO, base, broad, samples=2000, seed=7)
    assert high < 0 and low < -0.15
    low, high = m.paired_bootstrap(RATIO, base, single, samples=2000, seed=7)
    assert low < 0 and high == 0.0


@settings(max_examples=50, deadline=None)
@given(cases_st)
def test_ratio_metrics_stay_within_0_and_1(pairs):
    by_case = {str(i): [case(str(i), event_type=p)] for i, p in enumerate(pairs)}
    value = m.aggregate(by_case, RATIO)
    assert value is None or 0.0 <= value <= 1.0
