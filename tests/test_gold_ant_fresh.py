"""The fresh gold set (evals/datasets/incidents-ant-fresh.jsonl): 70 ANT articles outside ../shared, the first
40 drawn held out (held-out-6), the next 30 dev for later sessions, each naming where in the corpus it lies,
none one of Briefs' out-of-sight articles."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from briefs.evals.runner import SuiteSkipped, load_cases
from briefs.evals.suites import load_suite

from .conftest import DATASETS, SHARED, read_jsonl

FRESH = read_jsonl(DATASETS / "incidents-ant-fresh.jsonl")
SHARED_SOURCES = {
    path.read_text(encoding="utf-8").split("\n", 1)[0].split(" (commit")[0]
    for folder in ("ant", "ant-wide")
    for path in (SHARED / "corpus" / folder).glob("*.txt")
}


def test_the_fresh_split_is_held_out_and_names_its_source():
    assert len(FRESH) == 70 and Counter(c["split"] for c in FRESH) == {"held-out-6": 40, "dev": 30}
    assert [c["split"] for c in FRESH] == ["held-out-6"] * 40 + ["dev"] * 30  # in the order they were drawn
    assert len({c["outlet"] for c in FRESH}) == 5 and len({c["source"] for c in FRESH}) == 70
    for case in FRESH:  # annotations only: the text is written from the corpus outside the project
        assert "text" not in case and case["file"] == f"ant-fresh/{case['id'].removeprefix('ant-fresh-')}.txt"
        assert case["source"].startswith("antcorpus/antcorpus.multisource.data ") and len(case["commit"]) == 40
        assert not case["non_event"] or not case["incidents"]
        for incident in case["incidents"]:
            assert incident["actors"] == [a for a in (incident["actor1"], incident["actor2"]) if a]


@pytest.mark.skipif(not SHARED_SOURCES, reason="../shared is absent")
def test_no_fresh_article_is_in_shared():
    assert not {c["source"] for c in FRESH} & SHARED_SOURCES


@pytest.mark.skipif(
    not (SHARED / "tools" / "held_out_guard.py").is_file() or not os.environ.get("BRIEFS_ANT_FRESH"),
    reason="../shared (the held-out guard) or the fresh corpus (BRIEFS_ANT_FRESH) is absent",
)
def test_no_fresh_article_is_one_of_the_project_held_out_articles():
    files = [str(Path(os.environ["BRIEFS_ANT_FRESH"]) / case["file"]) for case in FRESH]
    guard = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "held_out_guard.py"), *files], capture_output=True, text=True
    )
    assert guard.returncode == 0, guard.stdout


def test_the_suite_is_skipped_where_the_fresh_corpus_is_not(monkeypatch):
    monkeypatch.delenv("BRIEFS_ANT_FRESH", raising=False)
    with pytest.raises(SuiteSkipped, match="BRIEFS_ANT_FRESH"):
        load_cases(load_suite("lexicon-ant-fresh"))
