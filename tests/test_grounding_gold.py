"""The checker against the gold grounding pairs.

Pairs on reports composed for the project: every wrong number caught, no ok number flagged. Pairs on
real articles of ../shared/corpus/ant-wide (read from there by file name, skipped where it is absent):
the dataset's shape (size, labels, splits, outlets) and the targets on the dev split. The held-out
split is measured by `briefs eval run grounding` and gated against its baseline, never tuned on.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from briefs.evals.metrics import SWAP_PATTERNS, judge_pair
from briefs.evals.runner import corpus_article
from briefs.grounding.checker import FAILING, MISATTRIBUTED

from .conftest import DATASETS, SHARED, needs_shared, read_jsonl

ROWS = read_jsonl(DATASETS / "grounding.jsonl")
COMPOSED = [row for row in ROWS if "source" in row]
REAL = [row for row in ROWS if "file" in row]


@pytest.mark.parametrize("pair", COMPOSED, ids=[pair["id"] for pair in COMPOSED])
def test_composed_pair(pair):
    for gold, match in judge_pair(pair):
        assert match is not None, f"{gold['text']!r} at {gold['start']} was not found as a number"
        if gold["label"] == "ok":
            assert match.status not in FAILING, f"ok number {gold['text']!r} flagged {match.status}: {match.note}"
        elif gold["label"] == "wrong":
            assert match.status in FAILING, f"wrong number {gold['text']!r} passed as {match.status}"


def test_real_article_gold_set_shape():
    assert len(REAL) >= 150
    labels = Counter(gold["label"] for row in REAL for gold in row["numbers"])
    assert labels["wrong"] >= 100 and labels["swapped"] >= 80
    assert {gold.get("pattern") for row in REAL for gold in row["numbers"] if gold["label"] == "swapped"} <= set(
        SWAP_PATTERNS
    )
    assert all(gold.get("note") for row in REAL for gold in row["numbers"] if gold["label"] != "ok"), (
        "every wrong or swapped label says why"
    )
    for row in REAL:
        for gold in row["numbers"]:
            assert row["summary"][gold["start"] : gold["start"] + len(gold["text"])] == gold["text"], (row["id"], gold)
    # about a third faithful paraphrases, a third of the articles held out (all pairs of an article in one split)
    assert 0.28 <= sum(row["faithful"] for row in REAL) / len(REAL) <= 0.4
    split_of = {}
    for row in REAL:
        assert split_of.setdefault(row["file"], row["split"]) == row["split"], f"{row['file']} is in two splits"
    assert 0.28 <= Counter(split_of.values())["held_out"] / len(split_of) <= 0.4
    assert {row["split"] for row in COMPOSED} == {"dev"}  # tuned on for two releases


@needs_shared
def test_real_articles_come_from_five_outlets():
    index = {
        json.loads(line)["file"]: json.loads(line)
        for line in (SHARED / "corpus" / "ant-wide" / "index.jsonl").read_text().splitlines()
    }
    outlets = {index[row["file"].split("/")[1]]["outlet"] for row in REAL}
    assert len(outlets) >= 5


def _judged(rows):
    for row in rows:
        source = corpus_article(SHARED / "corpus", row["file"])
        yield from judge_pair({**row, "source": source})


@needs_shared
def test_targets_on_the_dev_split_of_real_articles():
    judged = list(_judged([row for row in REAL if row["split"] == "dev"]))
    flagged = Counter((gold["label"], match is not None and match.status in FAILING) for gold, match in judged)
    wrong_recall = flagged["wrong", True] / (flagged["wrong", True] + flagged["wrong", False])
    false_alarms = flagged["ok", True] / (flagged["ok", True] + flagged["ok", False])
    swapped_recall = flagged["swapped", True] / (flagged["swapped", True] + flagged["swapped", False])
    named = sum(
        match is not None and match.status == MISATTRIBUTED for gold, match in judged if gold["label"] == "swapped"
    )
    print(
        f"\ndev: wrong recall {wrong_recall:.3f}, false alarms {false_alarms:.2%}, "
        f"swapped recall {swapped_recall:.3f} ({named} misattributed)"
    )
    assert wrong_recall >= 0.99 and false_alarms <= 0.01 and swapped_recall >= 0.5


def test_a_real_article_case_is_skipped_where_the_corpus_is_absent(tmp_path):
    from briefs.errors import BriefsError
    from briefs.evals.runner import load_cases
    from briefs.evals.suites import load_suite

    (tmp_path / "project" / "evals" / "suites").mkdir(parents=True)
    (tmp_path / "project" / "evals" / "datasets").mkdir()
    (tmp_path / "project" / "evals" / "datasets" / "g.jsonl").write_text(
        json.dumps({"id": "r1", "file": "ant-wide/001.txt", "summary": "Two died.", "numbers": []})
        + "\n"
        + json.dumps({"id": "c1", "source": "قتل شخصان", "summary": "Two died.", "numbers": []})
        + "\n",
        encoding="utf-8",
    )
    suite_file = tmp_path / "project" / "evals" / "suites" / "g.yaml"
    suite_file.write_text(
        "name: g\ntask: grounding\ndataset: ../datasets/g.jsonl\nextractor: checker\nmetrics: [wrong_recall]\n"
    )
    cases, _ = load_cases(load_suite(suite_file))
    assert [case["id"] for case in cases] == ["c1"]  # no ../shared beside this project
    corpus = tmp_path / "shared" / "corpus" / "ant-wide"
    corpus.mkdir(parents=True)
    (corpus / "001.txt").write_text("antcorpus line\n\nعنوان\n\nقتل شخصان", encoding="utf-8")
    cases, _ = load_cases(load_suite(suite_file))
    assert [(case["id"], case["source"]) for case in cases] == [("r1", "عنوان\n\nقتل شخصان"), ("c1", "قتل شخصان")]
    (tmp_path / "project" / "evals" / "datasets" / "g.jsonl").write_text(
        json.dumps({"id": "x", "summary": "", "numbers": []}) + "\n"
    )
    with pytest.raises(BriefsError, match=r"'source'.*or 'file'"):
        load_cases(load_suite(suite_file))
