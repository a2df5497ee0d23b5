"""One "same place" and one "same date" rule: the merge and the evals read places and dates alike."""

from __future__ import annotations

from datetime import date, timedelta

from briefs.acled import TimePrecision
from briefs.brief.merge import Report, merge_reports
from briefs.evals import metrics
from briefs.matching import ascii_fold, place_key, same_date, same_place
from hypothesis import given, settings
from hypothesis import strategies as st

from .test_merge import source, variant

SPELLINGS = [
    "Al-Mayadin",
    "Mayadeen",
    "al-Mayādīn",
    "Hajin",
    "Hama",
    "Ras al-Ain",
    "Ras al-Ayn",
    "Salloum",
    "Jebel Salloum",
    "Ar-Ruwayshid",
    "Ruwaished",
    "Muqdadiyah",
    "Muqdadiya",
    "Tal Afar",
    "Tal Abyad",
    "--",
]


def test_transliterations_of_one_place_fold_alike_and_others_do_not():
    assert ascii_fold("Shuḥayl") == "shuhayl"
    assert place_key("Ar-Ruwayshid") == place_key("Ruwaished") == "rshd"
    assert place_key("Muqdadiyah") == place_key("Muqdadiya")
    assert same_place("Salloum", "Jebel Salloum") and same_place("al-Mayādīn", "Mayadeen")
    assert not same_place("Tal Afar", "Tal Abyad") and not same_place("Hajin", "Hama")
    assert not same_place("--", "--") and not same_place(None, "Hama")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SPELLINGS), st.sampled_from(SPELLINGS))
def test_the_merge_joins_two_reports_exactly_where_the_evals_call_the_place_the_same(one, other):
    reports = [Report(variant(place=one), source("a"), 0), Report(variant(place=other), source("b"), 0)]
    assert (len(merge_reports(reports)) == 1) is metrics.places_match(one, other)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 40), st.sampled_from(list(TimePrecision)))
def test_the_merge_and_the_evals_agree_on_the_same_date(apart, precision):
    first = date(2024, 3, 1)
    other = first + timedelta(days=apart)
    reports = [
        Report(variant(day=first.isoformat(), precision=precision), source("a"), 0),
        Report(variant(day=other.isoformat(), precision=precision), source("b"), 0),
    ]
    gold = {"event_date": first.isoformat(), "time_precision": int(precision)}
    agreed = metrics.same_date(gold, other)
    assert agreed is same_date(first, other, precision)
    assert (len(merge_reports(reports)) == 1) is agreed


def test_numbers_in_place_names_must_agree():
    # A transliteration may differ; a number may not (Camp 2 is not Camp 22, nor Checkpoint 10 Checkpoint 170).
    assert same_place("Camp 2", "Camp 2") and same_place("Ar-Ruwayshid", "Ruwaished")
    assert not same_place("Camp 2", "Camp 22") and not same_place("Checkpoint 10", "Checkpoint 170")
    assert not same_place("Shikaka-2", "Shiwaka-226")
    for one, other in (("Camp 2", "Camp 22"), ("Hakaka-10", "Hahaka-170"), ("Camp 2", "Camp 2")):
        reports = [Report(variant(place=one), source("a"), 0), Report(variant(place=other), source("b"), 0)]
        assert (len(merge_reports(reports)) == 1) is metrics.places_match(one, other) is (one == other)
