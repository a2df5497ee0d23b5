"""The real-article gold set (evals/datasets/incidents-ant-wide.jsonl): its coverage, how its cases
are read from ../shared, and the metrics only it needs (roles, non-event articles, guessed dates)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
import yaml
from briefs.evals import metrics as m
from briefs.evals.runner import SuiteSkipped, load_cases
from briefs.evals.suites import load_suite
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

from .conftest import DATASETS, ROOT, SHARED, read_jsonl

GOLD = read_jsonl(DATASETS / "incidents-ant-wide.jsonl")


def test_the_gold_set_covers_what_the_issue_asks():
    incidents = [i for case in GOLD for i in case["incidents"]]
    assert len(GOLD) >= 60 and len({c["outlet"] for c in GOLD}) >= 5
    assert len({i["country"] for i in incidents}) >= 15
    splits = Counter(c["split"] for c in GOLD)
    # the first held-out split (a third of the first 60), then three of fresh articles, each annotated before the
    # session that added it changed a rule
    held_out = ("held-out", "held-out-2", "held-out-3", "held-out-4", "held-out-5")
    assert set(splits) == {"dev", *held_out} and splits["held-out"] == 20 and splits["held-out-2"] >= 15
    assert splits["held-out-3"] >= 12 and splits["held-out-4"] >= 12 and splits["held-out-5"] >= 15
    assert sum(splits[s] for s in held_out) / len(GOLD) >= 0.3  # about a third
    non_events = [c for c in GOLD if c["non_event"]]
    assert len(non_events) >= 8 and all(not c["incidents"] for c in non_events)
    assert {c["split"] for c in non_events} == {"dev", *held_out}
    for case in GOLD:  # annotations only: the text stays in ../shared
        assert "text" not in case and case["file"].startswith("ant-wide/")
        for incident in case["incidents"]:
            assert incident["actors"] == [a for a in (incident["actor1"], incident["actor2"]) if a]


@pytest.mark.skipif(
    not (SHARED / "tools" / "held_out_guard.py").is_file(), reason="../shared (the held-out guard) is absent"
)
def test_no_gold_article_is_one_of_the_project_held_out_articles():
    files = [str(SHARED / "corpus" / case["file"]) for case in GOLD]
    guard = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "held_out_guard.py"), *files], capture_output=True, text=True
    )
    assert guard.returncode == 0, guard.stdout


def _suite(tmp_path, cases):
    (tmp_path / "evals" / "suites").mkdir(parents=True)
    (tmp_path / "evals" / "datasets").mkdir()
    (tmp_path / "evals" / "datasets" / "d.jsonl").write_text(
        "\n".join(json.dumps(c, ensure_ascii=False) for c in cases), encoding="utf-8"
    )
    spec = {
        "name": "t",
        "task": "extraction",
        "dataset": "../datasets/d.jsonl",
        "extractor": "lexicon",
        "metrics": ["event_type"],
    }
    (tmp_path / "evals" / "suites" / "t.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    return load_suite(tmp_path / "evals" / "suites" / "t.yaml")


def test_a_case_names_its_article_file_and_is_skipped_with_the_reason_where_it_is_absent(tmp_path, monkeypatch):
    corpus = tmp_path / "elsewhere" / "corpus" / "ant-wide"
    corpus.mkdir(parents=True)
    (corpus / "001.txt").write_text("antcorpus line\n\nقتل خمسة جنود في بغداد", encoding="utf-8")
    suite = _suite(
        tmp_path,
        [
            {"id": "a", "file": "ant-wide/001.txt", "incidents": []},
            {"id": "b", "file": "ant-wide/002.txt", "incidents": []},
        ],
    )
    monkeypatch.setenv("BRIEFS_SHARED", str(tmp_path / "elsewhere"))
    skipped: dict[str, str] = {}
    cases, _ = load_cases(suite, skipped)
    assert [c["id"] for c in cases] == ["a"] and cases[0]["text"] == "قتل خمسة جنود في بغداد"
    assert list(skipped) == ["b"] and "002.txt is absent" in skipped["b"]
    monkeypatch.setenv("BRIEFS_SHARED", str(tmp_path / "nowhere"))
    with pytest.raises(SuiteSkipped, match="nowhere"):
        load_cases(suite)


ARTICLE = "اعتقلت قوات الأمن العراقية خمسة عناصر من داعش في بغداد يوم 3 آذار 2024."


def _scores(gold_incidents, non_event=False):
    result = LexiconExtractor().extract(ArticleText(id="x", text=ARTICLE, published_at="2024-03-05")).result
    case = {"id": "x", "text": ARTICLE, "incidents": gold_incidents, "non_event": non_event}
    return m.score_extraction(case, result), result


def test_roles_are_scored_apart_and_a_non_event_article_with_an_incident_counts_against():
    (scores, checks), result = _scores([])
    given = {str(a.role): a.name_en for a in result.incidents[0].actors}
    gold = {
        "event_type": "Strategic developments",
        "sub_event_type": "Arrests",
        "event_date": "2024-03-03",
        "country": "IRQ",
        "admin1": "Baghdad",
        "location_en": "Baghdad",
        "actor1": given["actor1"],
        "actor2": "Hamas Movement",
        "actors": [given["actor1"], "Hamas Movement"],
        "counts": [],
    }
    (scores, checks), _ = _scores([gold])
    assert scores["actor1"] == [1, 1] and scores["actor2"] == [0, 1]
    assert "non_event_incidents" not in scores and scores["date_guessed"] == [0, 1]
    (scores, checks), _ = _scores([], non_event=True)
    assert scores["non_event_incidents"] == [1, 1]
    assert next(c for c in checks if c.key == "non_event").passed is False


def test_the_suite_reports_each_split_apart(tmp_path, monkeypatch):
    suite = load_suite(ROOT / "evals" / "suites" / "lexicon-ant-wide.yaml")
    if not (SHARED / "corpus" / "ant-wide").is_dir():
        pytest.skip("../shared/corpus/ant-wide is absent")
    from briefs.evals.runner import RunOptions, run_suite

    run, _ = run_suite(suite, RunOptions(out=tmp_path / "run.json", fresh=True))
    assert set(run.split_metrics) == {"dev", "held-out", "held-out-2", "held-out-3", "held-out-4", "held-out-5"}
    assert Counter(run.case_splits.values())["held-out"] == 20
    assert all(
        0 <= (v or 0) <= 1 for split in run.split_metrics.values() for k, v in split.items() if k != "latency_p50"
    )
