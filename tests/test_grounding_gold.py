"""The checker against the gold grounding pairs: every wrong number caught, no ok number flagged."""

from __future__ import annotations

import pytest

from briefs.evals.metrics import judge_pair
from briefs.grounding.checker import FAILING, MISATTRIBUTED

from .conftest import DATASETS, read_jsonl

PAIRS = read_jsonl(DATASETS / "grounding.jsonl")


# (gold label, the checker's verdict) for every labelled number: the eval harness's own judging,
# the same code as `briefs eval run grounding`.
judged = judge_pair


@pytest.mark.parametrize("pair", PAIRS, ids=[pair["id"] for pair in PAIRS])
def test_pair(pair):
    for gold, match in judged(pair):
        assert match is not None, f"{gold['text']!r} at {gold['start']} was not found as a number"
        if gold["label"] == "ok":
            assert match.status not in FAILING, f"ok number {gold['text']!r} flagged {match.status}: {match.note}"
        elif gold["label"] == "wrong":
            assert match.status in FAILING, f"wrong number {gold['text']!r} passed as {match.status}"


def test_dataset_size_and_swapped_recall():
    labels = [gold["label"] for pair in PAIRS for gold in pair["numbers"]]
    assert len(PAIRS) >= 40 and labels.count("wrong") >= 30 and labels.count("swapped") >= 15
    swapped = [match for pair in PAIRS for gold, match in judged(pair) if gold["label"] == "swapped"]
    caught = sum(match is not None and match.status in FAILING for match in swapped)
    named = sum(match is not None and match.status == MISATTRIBUTED for match in swapped)
    print(f"\nswapped recall: {caught}/{len(swapped)} flagged ({caught / len(swapped):.0%}), {named} of them as misattributed")
