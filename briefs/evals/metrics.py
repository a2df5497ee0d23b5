"""Scoring: one case against its gold, the metric registry, aggregation over a run, the paired bootstrap.

Extraction (an article against its gold incidents, `evals/datasets/incidents.jsonl`): each gold
incident is matched to the predicted incident that agrees with it most (admin1 weighs double, then
event type, date and a shared count category), one to one. Against its match a gold incident scores:
- event_type, sub_event_type, country: equal;
- admin1: country and admin1 both equal (the "country+admin1" figure);
- place: the place names agree after transliteration is folded (al-/ar-/el- articles, vowels, doubled
  letters: Ruwaished = Ar-Ruwayshid), or one name holds the other (Salloum in Jebel Salloum);
- date: equal at the gold precision (day: the same day; week: within 6 days; month: the same month);
- actors_f1: micro F1 of the actor names, fuzzy (rapidfuzz token_set_ratio ≥ 90 after dropping
  parentheses and stop words: 'Islamic State (Iraq)' = 'Islamic State', 'SDF' = 'SDF: Syrian
  Democratic Forces', while 'Military Forces of Syria' ≠ 'Military Forces of Iraq');
- counts (and counts.<category>): a gold count is hit when the match has a count of its category
  with the same value and qualifier (a vague one: the same low end).
A gold incident without a match misses everything. Per article: schema_valid (a valid extraction came
back), unsupported_fields (counts whose figure the checker does not find in the article, over all
counts given), unsupported_summary (summary numbers flagged, over all summary numbers), case_pass
(every check of the article passed).

Grounding (an English summary against its Arabic source, `evals/datasets/grounding.jsonl`): every
labelled number is found among the checker's numbers by its offset; wrong_recall is the share of wrong
numbers flagged (unsupported or misattributed), swapped_recall the same for swapped ones,
false_alarm_rate the share of ok numbers flagged; each also per split (`wrong_recall.held_out`), the
swapped recall per swap pattern (`swapped_recall.event`: killed for wounded; noun, side, place,
speaker) and the false-alarm rate per form of the claim (`false_alarm_rate.time`, `.vague`, ...).

Aggregation: a ratio metric is Σ numerators / Σ denominators over cases (micro average), each case
first averaged over its repeats; latency_p50/p95 are percentiles of the per-case latency; tokens and
cost are means per article; pass_k is the share of cases that pass in every one of k repeats. A
proportion metric (a ratio of items that each pass or fail, and pass_k) also gives its counts, k of n
(`proportion`), from the same sums, for the intervals `briefs eval show` prints.

Bootstrap: paired, over cases, with a fixed seed: resample the cases both runs share (the same
resample for both), recompute each metric on both, take the percentile interval of the differences.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
from rapidfuzz import fuzz

from briefs import matching
from briefs.arabic.mention import Qualifier
from briefs.domain import FAILING_GROUNDING, ExtractionResult, Incident, stated_figure
from briefs.evals.records import CaseResult, Check
from briefs.grounding.checker import FAILING, MISATTRIBUTED, NumberCheck, check
from briefs.grounding.names import NameCheck

# --------------------------------------------------------------------------------------------------
# The metric registry
# --------------------------------------------------------------------------------------------------

Aggregation = Literal["ratio", "p50", "p95", "mean", "pass_k"]
Unit = Literal["pct", "ms", "tokens", "usd"]


@dataclass(frozen=True)
class MetricDef:
    name: str
    description: str
    higher_is_better: bool
    aggregation: Aggregation = "ratio"
    unit: Unit = "pct"
    source: str = ""  # the key in CaseResult.scores (ratio, pass_k) or CaseResult.values (others)
    # A ratio of items that each pass or fail (k of n), so a binomial interval fits it; an F1 is a ratio, not that.
    binomial: bool = True

    @property
    def key(self) -> str:
        return self.source or self.name

    @property
    def is_proportion(self) -> bool:
        return self.binomial and self.aggregation in ("ratio", "pass_k")

    def better(self, delta: float) -> bool:
        return delta > 0 if self.higher_is_better else delta < 0

    def worsening(self, delta: float) -> float:
        """How much worse a delta is (positive when worse), whatever the direction."""
        return -delta if self.higher_is_better else delta


COUNT_CATEGORIES = ("killed", "wounded", "arrested", "abducted", "missing", "displaced")

_EXTRACTION = [
    MetricDef("event_type", "event type equal to the gold's", True),
    MetricDef("sub_event_type", "sub-event type equal to the gold's", True),
    MetricDef("country", "country equal to the gold's", True),
    MetricDef("admin1", "country and admin1 both equal to the gold's", True),
    MetricDef("place", "place name agrees with the gold's (transliteration folded)", True),
    MetricDef("date", "event date equal at the gold's precision", True),
    MetricDef("actors_f1", "micro F1 of actor names, fuzzy matched", True, binomial=False),
    MetricDef("actor1", "the gold actor 1 (who acted) given as actor1", True),
    MetricDef("actor2", "the gold actor 2 (target or opponent) given as actor2", True),
    MetricDef(
        "non_event_incidents", "articles that report no incident (a report, a ruling, a profile) given one", False
    ),
    MetricDef(
        "date_guessed", "incidents dated without a date in the article (the publication day, or today, assumed)", False
    ),
    MetricDef("counts", "gold counts matched exactly: category, value and qualifier", True),
    *[MetricDef(f"counts.{c}", f"gold {c} counts matched exactly", True) for c in COUNT_CATEGORIES],
    MetricDef("schema_valid", "articles with a valid extraction", True),
    MetricDef("unsupported_fields", "counts whose figure the article does not support", False),
    MetricDef("unsupported_summary", "summary numbers the article does not support", False),
]
# The grounding gold set is split (a case's `split`: dev, the pairs the checker was tuned on, and
# held_out, never looked at while tuning); swapped numbers carry the pattern of the swap and ok
# numbers are grouped by the form of the claim (its kind, or vague / qualified).
GROUNDING_SPLITS = ("dev", "held_out")
SWAP_PATTERNS = ("event", "noun", "side", "place", "speaker")
# Forms: the claim's kind, vague or qualified; or the form its gold label names (a decimal comma, a
# clock time, a unit conversion, a numbered unit, a range, an age, an English word that states a number).
NUMBER_FORMS = (
    "cardinal",
    "dual",
    "ordinal",
    "date",
    "year",
    "time",
    "percent",
    "fraction",
    "name",
    "vague",
    "qualified",
    "decimal",
    "clock",
    "conversion",
    "unit",
    "range",
    "age",
    "english_word",
)
_GROUNDING = [
    MetricDef("wrong_recall", "wrong numbers flagged", True),
    MetricDef("swapped_recall", "swapped numbers flagged", True),
    MetricDef("swapped_named", "swapped numbers flagged as misattributed", True),
    MetricDef("false_alarm_rate", "ok numbers flagged", False),
    *[
        MetricDef(f"{name}.{split}", f"{what} ({split} split)", better)
        for split in GROUNDING_SPLITS
        for name, what, better in (
            ("wrong_recall", "wrong numbers flagged", True),
            ("swapped_recall", "swapped numbers flagged", True),
            ("false_alarm_rate", "ok numbers flagged", False),
        )
    ],
    *[
        MetricDef(f"swapped_recall.{pattern}", f"swapped numbers flagged, swaps of the {pattern}", True)
        for pattern in SWAP_PATTERNS
    ],
    *[MetricDef(f"false_alarm_rate.{form}", f"ok numbers flagged, {form} claims", False) for form in NUMBER_FORMS],
]
_NAME_LABELS = [
    ("name_wrong_recall", "wrong names (a place or actor the source does not name) flagged", True),
    ("name_swapped_recall", "swapped names (named by the source, for another fact) flagged", True),
    ("name_swapped_named", "swapped names flagged as misattributed", True),
    ("name_false_alarm_rate", "ok names flagged", False),
]
# Each also per split of the gold set: figures on the held-out split are the ones reported.
NAME_SPLITS = ("dev", "held_out")
_NAMES = [
    MetricDef(f"{name}{suffix}", f"{text}{label}", better)
    for name, text, better in _NAME_LABELS
    for suffix, label in (("", ""), *((f".{s}", f" ({s} split)") for s in NAME_SPLITS))
]
_COMMON = [
    MetricDef("case_pass", "cases whose every check passed (mean over repeats)", True),
    MetricDef("pass_k", "cases whose every check passed in all k repeats (pass^k)", True, "pass_k", source="case_pass"),
    MetricDef("latency_p50", "median latency per case", False, "p50", "ms", "latency_ms"),
    MetricDef("latency_p95", "95th percentile latency per case", False, "p95", "ms", "latency_ms"),
]
_COSTS = [
    MetricDef("tokens_per_article", "input + output tokens per article", False, "mean", "tokens", "tokens"),
    MetricDef("cost_per_article", "cost per article in USD (evals/prices.yaml)", False, "mean", "usd", "cost_usd"),
]
METRICS: dict[str, MetricDef] = {m.name: m for m in (*_EXTRACTION, *_GROUNDING, *_NAMES, *_COMMON, *_COSTS)}
TASK_METRICS: dict[str, list[str]] = {
    "extraction": [m.name for m in (*_EXTRACTION, *_COMMON, *_COSTS)],
    "grounding": [m.name for m in (*_GROUNDING, *_COMMON)],
    "names": [m.name for m in (*_NAMES, *_COMMON)],
}


def metric_def(name: str) -> MetricDef:
    return METRICS[name]


# --------------------------------------------------------------------------------------------------
# Extraction: one article against its gold incidents
# --------------------------------------------------------------------------------------------------

_PRECISION = {1: "day", 2: "week", 3: "month"}


def _match_score(gold: dict, predicted: Incident) -> int:
    score = 0
    score += 2 * (predicted.location.admin1 == gold.get("admin1"))
    score += predicted.event_type == gold["event_type"]
    score += str(predicted.event_date) == gold["event_date"]
    score += bool({c["category"] for c in gold["counts"]} & {str(c.category) for c in predicted.counts})
    return score


def match_incidents(
    gold_incidents: Sequence[dict], predicted: Iterable[Incident]
) -> list[tuple[dict, Incident | None]]:
    """Each gold incident with the predicted one that agrees with it most, one to one, in gold order."""
    left = list(predicted)
    pairs = []
    for gold in gold_incidents:
        best = max(left, key=lambda p: _match_score(gold, p), default=None)
        if best is not None:
            left.remove(best)
        pairs.append((gold, best))
    return pairs


def same_date(gold: dict, predicted_date: date) -> bool:
    """The predicted date agrees with the gold's at the gold's precision (`briefs.matching.same_date`)."""
    want = date.fromisoformat(gold["event_date"])
    return matching.same_date(predicted_date, want, gold.get("time_precision", 1))


def count_hit(gold: dict, predicted: Incident | None) -> bool:
    """Does the incident give the gold count: same category, value and qualifier (vague: same low end)?"""
    if predicted is None:
        return False
    for count in predicted.counts:
        if str(count.category) != gold["category"]:
            continue
        if gold["qualifier"] == "vague":
            if str(count.qualifier) == "vague" and count.low == gold["low"]:
                return True
        elif count.value == gold["value"] and str(count.qualifier) == gold["qualifier"]:
            return True
    return False


def _count_text(category: str, value, low, high, qualifier: str) -> str:
    return f"{category} {stated_figure(value, low, high, open_end='-')} ({qualifier})"


_STOP = frozenset({"of", "the", "and", "in", "for", "de"})
_PAREN = re.compile(r"\([^)]*\)")


def actor_key(name: str) -> str:
    return " ".join(word for word in matching.words(_PAREN.sub(" ", name)) if word not in _STOP)


def actors_match(a: str, b: str) -> bool:
    ka, kb = actor_key(a), actor_key(b)
    return bool(ka and kb) and (ka == kb or fuzz.token_set_ratio(ka, kb) >= 90)


def match_actors(gold: Sequence[str], predicted: Sequence[str]) -> int:
    """How many gold actors find a predicted one (one to one, best similarity first)."""
    pairs = sorted(
        (
            (fuzz.token_set_ratio(actor_key(g), actor_key(p)), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(predicted)
            if actors_match(g, p)
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def places_match(gold: str | None, predicted: str | None) -> bool:
    return matching.same_place(gold, predicted)


def score_extraction(case: dict, result: ExtractionResult | None) -> tuple[dict[str, list[float]], list[Check]]:
    """Scores (metric → [numerator, denominator]) and checks of one article's result against its gold."""
    scores: dict[str, list[float]] = {}
    checks: list[Check] = []

    def add(metric: str, hit: float, total: float = 1) -> None:
        entry = scores.setdefault(metric, [0.0, 0.0])
        entry[0] += hit
        entry[1] += total

    def record(key: str, metric: str, gold, got, passed: bool) -> None:
        add(metric, passed)
        checks.append(
            Check(
                key=key,
                metric=metric,
                gold=None if gold is None else str(gold),
                got=None if got is None else str(got),
                passed=bool(passed),
            )
        )

    valid = result is not None
    add("schema_valid", valid)
    predicted = result.incidents if result is not None else []
    for i, (gold, best) in enumerate(match_incidents(case["incidents"], predicted)):
        where = f"incident[{i}]"
        loc = best.location if best is not None else None
        record(
            f"{where}.event_type",
            "event_type",
            gold["event_type"],
            best and best.event_type,
            best is not None and best.event_type == gold["event_type"],
        )
        record(
            f"{where}.sub_event_type",
            "sub_event_type",
            gold["sub_event_type"],
            best and best.sub_event_type,
            best is not None and best.sub_event_type == gold["sub_event_type"],
        )
        record(
            f"{where}.country",
            "country",
            gold["country"],
            loc and loc.country,
            loc is not None and loc.country == gold["country"],
        )
        record(
            f"{where}.admin1",
            "admin1",
            f"{gold['country']}/{gold.get('admin1')}",
            loc and f"{loc.country}/{loc.admin1}",
            loc is not None and loc.country == gold["country"] and loc.admin1 == gold.get("admin1"),
        )
        record(
            f"{where}.place",
            "place",
            gold.get("location_en"),
            loc and loc.name_en,
            loc is not None and places_match(gold.get("location_en"), loc.name_en),
        )
        precision = gold.get("time_precision", 1)
        record(
            f"{where}.date",
            "date",
            f"{gold['event_date']} ({_PRECISION.get(precision, precision)})",
            best and best.event_date,
            best is not None and same_date(gold, best.event_date),
        )
        gold_actors = list(gold.get("actors", []))
        got_actors = [a.name_en for a in best.actors] if best is not None else []
        matched = match_actors(gold_actors, got_actors)
        scores.setdefault("actors_f1", [0.0, 0.0])
        scores["actors_f1"][0] += 2 * matched
        scores["actors_f1"][1] += len(gold_actors) + len(got_actors)
        checks.append(
            Check(
                key=f"{where}.actors",
                metric="actors_f1",
                gold="; ".join(gold_actors),
                got="; ".join(got_actors),
                passed=matched == len(gold_actors) == len(got_actors),
            )
        )
        for role in ("actor1", "actor2"):
            if gold.get(role):
                got_role = (
                    next((a.name_en for a in best.actors if str(a.role) == role), None) if best is not None else None
                )
                record(
                    f"{where}.{role}",
                    role,
                    gold[role],
                    got_role,
                    got_role is not None and actors_match(gold[role], got_role),
                )
        for k, count in enumerate(gold["counts"]):
            hit = count_hit(count, best)
            category = count["category"]
            same = [c for c in (best.counts if best is not None else []) if str(c.category) == category]
            got = "; ".join(_count_text(category, c.value, c.low, c.high, str(c.qualifier)) for c in same) or None
            record(
                f"{where}.count[{k}]",
                "counts",
                _count_text(category, count.get("value"), count.get("low"), count.get("high"), count["qualifier"]),
                got,
                hit,
            )
            add(f"counts.{category}", hit)
    if case.get("non_event"):
        add("non_event_incidents", bool(predicted))
        checks.append(
            Check(
                key="non_event",
                metric="non_event_incidents",
                gold="no incident",
                got="; ".join(f"{i.event_type} in {i.location.name_en}" for i in predicted) or "no incident",
                passed=not predicted,
            )
        )
    if predicted:
        add("date_guessed", sum(i.date_quote_ar is None for i in predicted), len(predicted))
    if result is not None:
        counts = [c for incident in result.incidents for c in incident.counts]
        failing = [c for c in counts if c.grounding in FAILING_GROUNDING]
        add("unsupported_fields", len(failing), len(counts))
        numbers = result.grounding.numbers
        flagged = [n for n in numbers if n.status in FAILING]
        add("unsupported_summary", len(flagged), len(numbers))
        unsupported = [
            f"count {_count_text(str(c.category), c.value, c.low, c.high, str(c.qualifier))}" for c in failing
        ]
        unsupported += [f"summary «{n.text}» {n.status}" for n in flagged]
        checks.append(
            Check(
                key="numbers",
                metric="unsupported_fields",
                gold="every number supported",
                got="; ".join(unsupported) or "every number supported",
                passed=not unsupported,
            )
        )
    checks.append(
        Check(
            key="schema_valid",
            metric="schema_valid",
            gold="valid",
            got="valid" if valid else "no valid extraction",
            passed=valid,
        )
    )
    add("case_pass", all(c.passed for c in checks))
    return scores, checks


# --------------------------------------------------------------------------------------------------
# Grounding: one summary against its source and labelled numbers
# --------------------------------------------------------------------------------------------------


def judge_pair(pair: dict) -> list[tuple[dict, NumberCheck | None]]:
    """(gold label entry, the checker's verdict on that number or None) for every labelled number,
    found by its offset in the summary."""
    report = check(pair["source"], pair["summary"])
    found = {n.mention.start: n for n in report.numbers}
    out = []
    for gold in pair["numbers"]:
        start = gold["start"]
        match = found.get(start) or next(
            (
                n
                for n in report.numbers
                if n.mention.start <= start < n.mention.end or start <= n.mention.start < start + len(gold["text"])
            ),
            None,
        )
        out.append((gold, match))
    return out


_LABEL_METRIC = {"ok": "false_alarm_rate", "wrong": "wrong_recall", "swapped": "swapped_recall"}


def number_form(check: NumberCheck) -> str:
    """The form of a claim for the false-alarm breakdown: vague, qualified, or its kind."""
    mention = check.mention
    if mention.qualifier is Qualifier.VAGUE:
        return "vague"
    if mention.qualifier is not Qualifier.EXACT:
        return "qualified"
    return str(mention.kind)


def score_grounding(pair: dict) -> tuple[dict[str, list[float]], list[Check]]:
    scores: dict[str, list[float]] = {}
    checks: list[Check] = []
    split = pair.get("split", "dev")
    for gold, match in judge_pair(pair):
        label = gold["label"]
        status = match.status if match is not None else "not found"
        flagged = match is not None and match.status in FAILING
        passed = (not flagged and match is not None) if label == "ok" else flagged
        metric = _LABEL_METRIC[label]
        keys = [metric, f"{metric}.{split}"]
        if label == "swapped" and gold.get("pattern"):
            keys.append(f"{metric}.{gold['pattern']}")
        if label == "ok" and match is not None:
            keys.append(f"{metric}.{gold.get('form') or number_form(match)}")
        for key in keys:
            entry = scores.setdefault(key, [0.0, 0.0])
            entry[0] += flagged
            entry[1] += 1
        if label == "swapped":
            named = scores.setdefault("swapped_named", [0.0, 0.0])
            named[0] += match is not None and match.status == MISATTRIBUTED
            named[1] += 1
        checks.append(
            Check(key=f"{gold['text']}@{gold['start']}", metric=metric, gold=label, got=status, passed=passed)
        )
    scores["case_pass"] = [float(all(c.passed for c in checks)), 1.0]
    return scores, checks


# --------------------------------------------------------------------------------------------------
# Names: one summary against its source and labelled names
# --------------------------------------------------------------------------------------------------

_NAME_METRIC = {"ok": "name_false_alarm_rate", "wrong": "name_wrong_recall", "swapped": "name_swapped_recall"}


def judge_names(case: dict) -> list[tuple[dict, NameCheck | None]]:
    """(gold label entry, the checker's verdict on that name or None) for every labelled name,
    found by its offset in the summary (or the checked name that covers it)."""
    published = date.fromisoformat(case["published"]) if case.get("published") else None
    report = check(case["source"], case["summary"], published)
    out = []
    for gold in case["names"]:
        start, end = gold["start"], gold["start"] + len(gold["text"])
        match = next((n for n in report.names if n.mention.start == start), None) or next(
            (n for n in report.names if n.mention.start < end and start < n.mention.end), None
        )
        out.append((gold, match))
    return out


def score_names(case: dict) -> tuple[dict[str, list[float]], list[Check]]:
    scores: dict[str, list[float]] = {}
    checks: list[Check] = []

    def add(metric: str, hit: bool) -> None:
        for key in (metric, f"{metric}.{case.get('split', 'dev')}"):
            entry = scores.setdefault(key, [0.0, 0.0])
            entry[0] += hit
            entry[1] += 1

    for gold, match in judge_names(case):
        label = gold["label"]
        status = match.status if match is not None else "not found"
        flagged = match is not None and match.status in FAILING
        add(_NAME_METRIC[label], flagged)
        if label == "swapped":
            add("name_swapped_named", match is not None and match.status == MISATTRIBUTED)
        passed = not flagged if label == "ok" else flagged
        checks.append(
            Check(
                key=f"{gold['text']}@{gold['start']}", metric=_NAME_METRIC[label], gold=label, got=status, passed=passed
            )
        )
    scores["case_pass"] = [float(all(c.passed for c in checks)), 1.0]
    return scores, checks


# --------------------------------------------------------------------------------------------------
# Aggregation over a run
# --------------------------------------------------------------------------------------------------


def case_vectors(
    by_case: dict[str, list[CaseResult]], case_ids: Sequence[str], metric: MetricDef
) -> tuple[np.ndarray, np.ndarray] | None:
    """Per case (in `case_ids` order): numerator and denominator, averaged over repeats (for
    value metrics the value and 1; for pass_k 1 when every repeat passed). None when a value is missing."""
    nums, dens = [], []
    for case_id in case_ids:
        results = by_case[case_id]
        if metric.aggregation == "ratio":
            pairs = [r.scores.get(metric.key, [0.0, 0.0]) for r in results]
            nums.append(sum(p[0] for p in pairs) / len(pairs))
            dens.append(sum(p[1] for p in pairs) / len(pairs))
        elif metric.aggregation == "pass_k":
            nums.append(float(all(r.passed for r in results)))
            dens.append(1.0)
        else:
            values = [r.values.get(metric.key) for r in results]
            known = [v for v in values if v is not None]
            if len(known) < len(values):
                return None
            nums.append(sum(known) / len(known))
            dens.append(1.0)
    return np.asarray(nums, dtype=float), np.asarray(dens, dtype=float)


@dataclass(frozen=True)
class Proportion:
    """The counts behind a ratio metric: Σ numerators (hits) over Σ denominators (total) of its cases.
    Whole numbers with one repeat; with several, each case's counts are its repeats' mean."""

    hits: float
    total: float

    @classmethod
    def of(cls, nums: np.ndarray, dens: np.ndarray) -> Proportion:
        return cls(float(nums.sum()), float(dens.sum()))

    @property
    def value(self) -> float | None:
        return None if self.total == 0 else self.hits / self.total


def aggregate_vectors(metric: MetricDef, nums: np.ndarray, dens: np.ndarray) -> float | None:
    """The metric's value from per-case vectors (1-D), or None when it is undefined (no denominator)."""
    if len(nums) == 0:
        return None
    if metric.aggregation in ("ratio", "pass_k", "mean"):
        return Proportion.of(nums, dens).value  # a mean's denominators are 1 a case
    return float(np.percentile(nums, 50 if metric.aggregation == "p50" else 95))


def aggregate(
    by_case: dict[str, list[CaseResult]], metric: MetricDef, case_ids: Sequence[str] | None = None
) -> float | None:
    vectors = case_vectors(by_case, list(case_ids if case_ids is not None else by_case), metric)
    return None if vectors is None else aggregate_vectors(metric, *vectors)


def proportion(
    by_case: dict[str, list[CaseResult]], metric: MetricDef, case_ids: Sequence[str] | None = None
) -> Proportion | None:
    """k of n behind a proportion metric (the sums `aggregate` divides); None for any other metric."""
    if not metric.is_proportion:
        return None
    vectors = case_vectors(by_case, list(case_ids if case_ids is not None else by_case), metric)
    return None if vectors is None else Proportion.of(*vectors)


def case_label(results: Sequence[CaseResult]) -> str:
    """consistent-pass / consistent-fail when every repeat gave the same outcome on every check, else flaky."""
    outcomes = {(r.error is None, tuple((c.key, c.passed) for c in r.checks)) for r in results}
    if len(outcomes) > 1:
        return "flaky"
    return "consistent-pass" if results[0].passed else "consistent-fail"


# --------------------------------------------------------------------------------------------------
# The paired bootstrap
# --------------------------------------------------------------------------------------------------


def _resampled(metric: MetricDef, nums: np.ndarray, dens: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The metric on every resample (rows of `index`); NaN where undefined."""
    n = nums[index]
    if metric.aggregation in ("ratio", "pass_k", "mean"):
        d = dens[index].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(d > 0, n.sum(axis=1) / np.where(d > 0, d, 1), np.nan)
    return np.percentile(n, 50 if metric.aggregation == "p50" else 95, axis=1)


def paired_bootstrap(
    metric: MetricDef,
    base: tuple[np.ndarray, np.ndarray],
    run: tuple[np.ndarray, np.ndarray],
    *,
    samples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> tuple[float, float] | None:
    """Percentile interval of (run − base) over `samples` paired resamples of the cases, or None
    when there are no cases or the metric is undefined on too many resamples."""
    size = len(base[0])
    if size == 0 or len(run[0]) != size:
        return None
    rng = np.random.default_rng(seed)
    index = rng.integers(0, size, size=(samples, size))
    delta = _resampled(metric, *run, index) - _resampled(metric, *base, index)
    delta = delta[~np.isnan(delta)]
    if len(delta) < samples / 2:
        return None
    alpha = (1 - confidence) / 2
    low, high = np.percentile(delta, [100 * alpha, 100 * (1 - alpha)])
    return float(low), float(high)


def fmt_value(metric: MetricDef, value: float | None, *, signed: bool = False) -> str:
    """A metric value for people: 85.5%, 120 ms, 1,234 tokens, $0.0012."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "+" if signed and value > 0 else ""
    if metric.unit == "pct":
        return f"{sign}{100 * value:.1f}{'pp' if signed else '%'}"
    if metric.unit == "ms":
        return f"{sign}{value:,.1f} ms"
    if metric.unit == "tokens":
        return f"{sign}{value:,.0f}"
    return f"{sign}${value:.5f}"
