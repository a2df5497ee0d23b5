"""The checker against the gold grounding pairs: every wrong number caught, no ok number flagged."""

from __future__ import annotations

import pytest

from briefs.grounding.checker import FAILING, MISATTRIBUTED, check

from .conftest import DATASETS, read_jsonl

PAIRS = read_jsonl(DATASETS / "grounding.jsonl")


def judged(pair):
    """(gold label, status, text) for every labelled number, by its offset in the summary."""
    report = check(pair["source"], pair["summary"])
    found = {n.mention.start: n for n in report.numbers}
    out = []
    for gold in pair["numbers"]:
        start = gold["start"]
        match = found.get(start) or next(
            (n for n in report.numbers if n.mention.start <= start < n.mention.end or start <= n.mention.start < start + len(gold["text"])), None
        )
        out.append((gold, match))
    return out


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
