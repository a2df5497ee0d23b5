"""A suite whose real articles lie outside ../shared (the fresh ANT split): its `corpus_env` variable names
where, an unset variable skips the suite, and evals/ant_fresh_articles.py writes the articles there from a
clone of the corpus, laid out as ../shared's files are."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from briefs.evals.runner import SuiteSkipped, load_cases
from briefs.evals.suites import load_suite

from .conftest import ROOT

_SPEC = importlib.util.spec_from_file_location("ant_fresh_articles", ROOT / "evals" / "ant_fresh_articles.py")
assert _SPEC is not None and _SPEC.loader is not None
ant_fresh_articles = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(ant_fresh_articles)

DOCUMENT = """<DOC>
<DOCNO>SK-middleEast-1-20180223</DOCNO>
<TITLE>مقتل 3 جنود بهجوم على حاجز</TITLE>
<TIME>Fri, 23 Feb 2018 10:37:34 GMT</TIME>
<TEXT>
قتل ثلاثة جنود في هجوم على حاجز أمني صباح الجمعة.
</TEXT>
</DOC>
"""


def _suite(tmp_path: Path, case: dict) -> Path:
    (tmp_path / "datasets").mkdir()
    (tmp_path / "suites").mkdir()
    (tmp_path / "datasets" / "fresh.jsonl").write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    suite = tmp_path / "suites" / "fresh.yaml"
    suite.write_text(
        "name: fresh\ntask: extraction\ndataset: ../datasets/fresh.jsonl\nextractor: lexicon\n"
        "corpus_env: BRIEFS_TEST_FRESH\nmetrics: [event_type]\n",
        encoding="utf-8",
    )
    return suite


def test_an_unset_corpus_variable_skips_the_suite(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFS_TEST_FRESH", raising=False)
    suite = load_suite(_suite(tmp_path, {"id": "f-1", "file": "ant-fresh/001.txt", "incidents": []}))
    with pytest.raises(SuiteSkipped, match="BRIEFS_TEST_FRESH"):
        load_cases(suite)


def test_the_articles_are_written_from_a_clone_and_read_where_the_variable_says(tmp_path, monkeypatch):
    clone = tmp_path / "ant"
    (clone / "SkyNews" / "middleEast").mkdir(parents=True)
    (clone / "SkyNews" / "middleEast" / "SK-middleEast-1-20180223.txt").write_text(DOCUMENT, encoding="utf-8")
    git = ["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "corpus"], check=True)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    case = {
        "id": "f-1",
        "file": "ant-fresh/001.txt",
        "source": "antcorpus/antcorpus.multisource.data SkyNews/middleEast/SK-middleEast-1-20180223.txt",
        "commit": commit,
        "incidents": [],
    }
    (tmp_path / "evals").mkdir()
    suite = load_suite(_suite(tmp_path / "evals", case))
    monkeypatch.setattr(ant_fresh_articles, "DATASET", suite.dataset_path)
    out = tmp_path / "corpus"
    assert ant_fresh_articles.main(clone, out) == 0
    written = (out / "ant-fresh" / "001.txt").read_text(encoding="utf-8")
    assert written.split("\n")[2] == "مقتل 3 جنود بهجوم على حاجز"  # line 1 the source, a blank, the headline
    monkeypatch.setenv("BRIEFS_TEST_FRESH", str(out))
    [loaded], _ = load_cases(suite)
    assert loaded["text"] == "مقتل 3 جنود بهجوم على حاجز\n\nقتل ثلاثة جنود في هجوم على حاجز أمني صباح الجمعة.\n"
