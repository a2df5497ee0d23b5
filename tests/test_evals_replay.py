"""LLM runs against the local test server, saved as cassettes and replayed offline through the real extractor."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from briefs import cli
from briefs.config import Settings
from briefs.evals import metrics as m
from briefs.evals.cassette import cassette_from_run, load_cassette
from briefs.evals.compare import compare
from briefs.evals.runner import RunOptions, article_of, fenced_key, load_cases, run_suite
from briefs.evals.suites import load_suite
from briefs.extract.lexicon import LexiconExtractor

from .conftest import DATASETS, ROOT, read_jsonl
from .fake_openai import Reply

CASES = read_jsonl(DATASETS / "incidents.jsonl")[:3]
SETTINGS = dict(
    request_timeout=5.0, transport_retries=1, retry_wait=0.01, requests_per_minute=100_000, tokens_per_minute=10**9
)


@pytest.fixture
def suite(tmp_path: Path):
    root = tmp_path / "evals"
    (root / "suites").mkdir(parents=True)
    (root / "datasets").mkdir()
    (root / "datasets" / "three.jsonl").write_text(
        "\n".join(json.dumps(c, ensure_ascii=False) for c in CASES) + "\n", encoding="utf-8"
    )
    (root / "prices.yaml").write_text(
        "models:\n  test-model: {input_per_1m: 1.0, output_per_1m: 2.0}\n", encoding="utf-8"
    )
    spec = {
        "name": "mini",
        "task": "extraction",
        "dataset": "../datasets/three.jsonl",
        "extractor": "llm",
        "model": "openai:test-model",
        "prompt": "extract@v1",
        "repeat": 2,
        "metrics": [
            "event_type",
            "counts",
            "schema_valid",
            "unsupported_summary",
            "pass_k",
            "latency_p50",
            "tokens_per_article",
            "cost_per_article",
        ],
        "gates": {"counts": 0.0, "unsupported_summary": 0.0},
        "gate": {"require_ci": False},
    }
    (root / "suites" / "mini.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    return load_suite(root / "suites" / "mini.yaml")


def scripted_model():
    """Answers like the lexicon coder; case 2's first reply is cut-off JSON, case 3's summary states
    a sum the article does not (kept on repair)."""
    by_text = {c["text"]: c for c in CASES}
    lexicon = LexiconExtractor()

    def reply(request: dict) -> Reply:
        last = request["messages"][-1]["content"]
        article = next(m["content"] for m in reversed(request["messages"]) if "<article>" in m["content"])
        case = next(c for text, c in by_text.items() if text in article)
        answer = lexicon.code(article_of(case)).model_dump(mode="json")
        if case is CASES[1] and "<article>" in last:
            return Reply.malformed()
        if case is CASES[2]:
            answer["summary"].insert(
                0,
                {
                    "text_en": "In all 12345 people were hurt.",
                    "evidence_ar": [answer["incidents"][0]["evidence_ar"][0]],
                },
            )
        return Reply.json(answer)

    return reply


def test_a_recorded_run_replays_offline_to_the_same_scores(suite, fake_openai, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    fake_openai.default = scripted_model()
    live, _ = run_suite(suite, RunOptions(out=tmp_path / "live.json", settings=Settings(**SETTINGS)))
    asked = len(fake_openai.requests)
    assert asked == 3 * 2 + 2 + 2  # each case twice; a re-ask for case 2, a repair for case 3, in both repeats
    assert live.metrics["schema_valid"] == 1.0 and live.metrics["unsupported_summary"] > 0
    assert live.metrics["tokens_per_article"] > 0 and live.metrics["cost_per_article"] > 0
    assert [c.attempts for c in live.cases if c.case_id == CASES[1]["id"]] == [2, 2]

    shas = {c["id"]: fenced_key(c) for c in CASES}
    cassette = cassette_from_run(live, shas, note="test").save(tmp_path / "tape.json")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there: replay must not need it
    replayed, _ = run_suite(suite, RunOptions(out=tmp_path / "replay.json", replay=cassette))
    assert len(fake_openai.requests) == asked, "a replay never reaches the server"
    assert (
        replayed.replay == str(cassette) and replayed.model == live.model and replayed.prompt_hash == live.prompt_hash
    )
    assert replayed.metrics == live.metrics  # latency and tokens are the recording's too
    assert [c.checks for c in replayed.cases] == [c.checks for c in live.cases]
    assert [[(k.content, k.request_hash) for k in c.calls] for c in replayed.cases] == [
        [(k.content, k.request_hash) for k in c.calls] for c in live.cases
    ]
    assert not any(c.notes for c in replayed.cases)

    # A change to scoring, gated offline on the recording: the replay against the live run.
    monkeypatch.setattr(m, "count_hit", lambda gold, predicted: False)
    rescored, _ = run_suite(suite, RunOptions(out=tmp_path / "rescored.json", replay=cassette))
    report = compare(live, rescored, suite)
    assert report.failed and [d.name for d in report.regressions] == ["counts"]
    assert all(t.key.split(".")[-1].startswith("count[") for t in report.regressed_cases if t.key != "numbers")


def test_a_replay_that_asks_for_more_than_was_recorded_fails_that_case_only(suite, fake_openai, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    fake_openai.default = scripted_model()
    live, _ = run_suite(suite, RunOptions(out=tmp_path / "live.json", settings=Settings(**SETTINGS)))
    cassette = cassette_from_run(live, {c["id"]: fenced_key(c) for c in CASES})
    second = CASES[1]["id"]
    for entry in cassette.entries:
        if entry.case_id == second:
            entry.calls = entry.calls[:1]  # only the cut-off reply: the re-ask finds nothing recorded
    path = cassette.save(tmp_path / "short.json")
    replayed, _ = run_suite(suite, RunOptions(out=tmp_path / "replay.json", replay=path))
    errors = {c.case_id: c.error for c in replayed.errors}
    assert set(errors) == {second}
    assert f"the cassette has no reply for call 2 of case {second} (repeat 2); the recording made 1" in errors[second]
    assert len(replayed.errors) == 2  # both repeats of that case
    assert replayed.metrics["schema_valid"] == pytest.approx(2 / 3)


def test_replay_through_the_command_line_and_a_cassette_for_another_dataset_is_refused(
    suite, fake_openai, monkeypatch, tmp_path, capsys
):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    fake_openai.default = scripted_model()
    live, live_path = run_suite(suite, RunOptions(out=tmp_path / "live.json", settings=Settings(**SETTINGS)))
    for args in (
        ["cassette", live_path, "--out", tmp_path / "tape.json"],
        ["run", suite.path, "--replay", tmp_path / "tape.json", "--out", tmp_path / "r.json", "-q"],
    ):
        monkeypatch.setattr(sys, "argv", ["briefs", "eval", *map(str, args)])
        with pytest.raises(SystemExit) as exit:
            cli.main()
        assert exit.value.code == 0
    assert "run written to" in capsys.readouterr().out
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["metrics"] == live.metrics
    tape = json.loads((tmp_path / "tape.json").read_text(encoding="utf-8"))
    tape["dataset_hash"] = "0" * 64
    (tmp_path / "other.json").write_text(json.dumps(tape), encoding="utf-8")
    monkeypatch.setattr(
        sys, "argv", ["briefs", "eval", "run", str(suite.path), "--replay", str(tmp_path / "other.json"), "-q"]
    )
    with pytest.raises(SystemExit) as exit:
        cli.main()
    assert exit.value.code == 2 and "recorded on another version of three.jsonl" in capsys.readouterr().err


def test_the_committed_cassettes_fit_the_dataset_and_prompts():
    """evals/cassettes/ replay on today's dataset (else: python evals/record_cassettes.py)."""
    suite = load_suite(ROOT / "evals" / "suites" / "llm-extract.yaml")
    cases, dataset_hash = load_cases(suite)
    for version in ("v1", "v2"):
        cassette = load_cassette(ROOT / "evals" / "cassettes" / f"llm-extract-{version}.json")
        assert cassette.dataset_hash == dataset_hash and cassette.prompt_id == f"extract@{version}"
        assert {(e.case_id, e.repeat) for e in cassette.entries} == {(c["id"], r) for c in cases for r in (1, 2)}
        assert {e.article_sha for e in cassette.entries} == {fenced_key(c) for c in cases}
