"""The whole LLM path against each kind of server (tests/fake_openai.py's ServerProfile): OpenAI strict,
an older vLLM (400 on json_schema), Ollama (fences, bare tags), llama.cpp (<think>, trickled bodies)
and an account out of quota; each through the extractor, `briefs extract`, `briefs run` and
POST /v1/summaries, counting the requests each server received."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from briefs.config import Settings
from briefs.extract.calls import StoreCallLog
from briefs.extract.select import make_llm_extractor
from briefs.inputs import ArticleText
from briefs.store import Store
from typer.testing import CliRunner

from .api_support import running_api
from .conftest import ROOT
from .fake_openai import Reply, ServerProfile

EXAMPLE = json.loads((ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8").splitlines()[0])
GOOD = EXAMPLE["extraction"]


@dataclass(frozen=True)
class Case:
    profile: ServerProfile
    model: str
    exit_code: int  # of `briefs extract`
    requests: int  # the server received, for one article on a fresh store
    says: str  # in what `briefs extract` printed
    mode: str | None  # the output mode remembered for the server afterwards


CASES = {
    "openai": Case(ServerProfile.openai(GOOD), "openai:test-model", 0, 1, "## Summary", None),
    "vllm-old": Case(ServerProfile.vllm_old(GOOD), "Qwen/Qwen2.5-7B-Instruct", 0, 2, "## Summary", "json_object"),
    "ollama": Case(ServerProfile.ollama(GOOD), "qwen2.5:7b", 0, 1, "## Summary", None),
    "llama.cpp": Case(ServerProfile.llama_cpp(GOOD), "local-model", 0, 2, "## Summary", "json_object"),
    "quota": Case(
        ServerProfile.quota_exhausted(),
        "openai:gpt-4o-mini",
        4,
        1,
        "model service failed (quota): the account's quota is exhausted",
        None,
    ),
    "ollama, no such tag": Case(
        ServerProfile.ollama(GOOD), "qwen3:32b", 4, 1, 'model "qwen3:32b" not found, try pulling it first', None
    ),
    "openai, wrong key": Case(
        ServerProfile.openai(GOOD), "openai:test-model", 4, 1, "(auth): the server refused the API key", None
    ),
}


def _env(server, case_name: str) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "wrong-key" if "wrong key" in case_name else "test-key",
    }


@pytest.mark.parametrize("name", list(CASES))
def test_the_extractor_against_each_server(fake_openai, tmp_path, monkeypatch, name):
    case = CASES[name]
    fake_openai.default = case.profile
    for key, value in _env(fake_openai, name).items():
        monkeypatch.setenv(key, value)
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    extractor = make_llm_extractor(
        case.model, calls=StoreCallLog(store), settings=Settings(transport_retries=2, retry_wait=0.01)
    )
    try:
        [outcome] = extractor.extract_many([ArticleText(id="a1", text=EXAMPLE["article"], published_at="2024-05-13")])
    finally:
        extractor.close()
    assert (outcome.result is not None) == (case.exit_code == 0), outcome.failure
    assert len(fake_openai.requests) == case.requests
    assert len(store.calls.logged()) == case.requests  # a row for every request, failed ones included
    assert store.calls.output_mode(fake_openai.base_url) == case.mode
    if outcome.result is not None:
        assert outcome.flags == [] and outcome.result.model == case.model


# The command in its own process for a success after a fallback and for a service failure (a process
# costs seconds of imports); `evals/server_profiles.py` prints the command's output for every profile.
@pytest.mark.parametrize("name", ["vllm-old", "quota"])
def test_briefs_extract_against_a_server(fake_openai, tmp_path, name):
    case = CASES[name]
    fake_openai.default = case.profile
    article = tmp_path / "article.txt"
    article.write_text(EXAMPLE["article"], encoding="utf-8")
    env = {
        **os.environ,
        **_env(fake_openai, name),
        "BRIEFS_DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}",
        "BRIEFS_TRANSPORT_RETRIES": "2",
        "BRIEFS_RETRY_WAIT": "0.01",
    }
    done = subprocess.run(
        [sys.executable, "-m", "briefs", "extract", str(article), "--model", case.model],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == case.exit_code, done.stdout + done.stderr
    assert case.says in done.stdout + done.stderr
    assert "Traceback" not in done.stderr and len(fake_openai.requests) == case.requests
    if case.exit_code:
        assert len((done.stdout + done.stderr).strip().splitlines()) == 1  # one line


@pytest.mark.parametrize("name", ["openai", "vllm-old", "ollama", "llama.cpp", "quota"])
def test_briefs_run_against_each_server_sends_each_article_once(fake_openai, tmp_path, monkeypatch, name):
    from briefs.cli import app

    case = CASES[name]
    fake_openai.default = case.profile
    articles = tmp_path / "three.jsonl"
    articles.write_text(
        "".join(
            json.dumps(
                {"id": f"a{n}", "text": EXAMPLE["article"] + f"\nرقم المرجع {n}", "published_at": "2024-05-13"},
                ensure_ascii=False,
            )
            + "\n"
            for n in range(3)
        ),
        encoding="utf-8",
    )
    env = {
        **_env(fake_openai, name),
        "BRIEFS_DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}",
        "BRIEFS_TRANSPORT_RETRIES": "2",
        "BRIEFS_RETRY_WAIT": "0.01",
    }
    result = CliRunner().invoke(app, ["run", str(articles), "--model", case.model, "--quiet"], env=env)
    if case.exit_code == 0:
        assert result.exit_code == 0, result.output
        assert "done: 3 article(s)" in result.stdout
        assert len(fake_openai.requests) == 3 + case.requests - 1  # the fallback, once per server
        contents = [r.messages[-1]["content"] for r in fake_openai.requests]
        assert len({c for c in contents}) == 3  # each article sent, none twice after its mode was found
    else:
        assert result.exit_code == 4, result.output
        assert "failed: 3" in result.stdout and len(fake_openai.requests) == 1  # a quota error stops the rest at once
    before = len(fake_openai.requests)
    cached = CliRunner().invoke(app, ["run", str(articles), "--model", case.model, "--quiet", "--force"], env=env)
    assert cached.exit_code == result.exit_code, cached.output
    assert len(fake_openai.requests) == before + (0 if case.exit_code == 0 else 1)  # valid replies come from the cache
    again = CliRunner().invoke(
        app, ["run", str(articles), "--model", case.model, "--quiet", "--no-cache", "--force"], env=env
    )
    assert again.exit_code == result.exit_code, again.output
    assert len(fake_openai.requests) == before + (
        3 if case.exit_code == 0 else 2
    )  # --no-cache asks again, mode remembered


@pytest.mark.parametrize("name", ["openai", "vllm-old", "ollama", "llama.cpp", "quota"])
def test_post_summaries_against_each_server(fake_openai, tmp_path, monkeypatch, name):
    case = CASES[name]
    fake_openai.default = case.profile
    for key, value in _env(fake_openai, name).items():
        monkeypatch.setenv(key, value)
    with running_api(tmp_path, model=case.model, request_timeout=5.0, transport_retries=1, retry_wait=0.01) as api:
        response = api.post("/v1/summaries", json={"text": EXAMPLE["article"], "published_at": "2024-05-13"})
        if case.exit_code == 0:
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["model"] == case.model and body["flags"] == [] and body["summary"]
        else:
            assert response.status_code == 502 and "(quota)" in response.json()["error"]["message"]
        assert len(fake_openai.requests) == case.requests


def test_a_remembered_mode_is_used_straight_away(fake_openai, tmp_path, monkeypatch):
    fake_openai.default = ServerProfile.vllm_old(GOOD)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    article = ArticleText(id="a1", text=EXAMPLE["article"], published_at="2024-05-13")
    for expected in (["json_schema", "json_object"], ["json_object"]):
        fake_openai.reset()
        fake_openai.default = ServerProfile.vllm_old(GOOD)
        extractor = make_llm_extractor(
            "Qwen/Qwen2.5-7B-Instruct", calls=StoreCallLog(store), settings=Settings(), use_cache=False
        )
        try:
            assert extractor.extract(article).result is not None
        finally:
            extractor.close()
        assert [r.get("response_format", {}).get("type") for r in fake_openai.requests] == expected
    first, second, third = store.calls.logged()
    assert (first.error_kind, first.output_mode) == ("bad_request", "json_schema") and "response_format" in first.error
    assert (second.output_mode, third.output_mode) == ("json_object", "json_object")
    assert "JSON Schema" in fake_openai.requests[0].messages[0]["content"]  # json_object: the schema is in the prompt


@pytest.mark.parametrize(("mode", "expect"), [("tools", "tools"), ("prompt", None), ("json_object", "json_object")])
def test_each_output_mode_can_be_chosen(fake_openai, tmp_path, monkeypatch, mode, expect):
    fake_openai.default = ServerProfile.openai(GOOD)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    extractor = make_llm_extractor(
        "test-model", calls=StoreCallLog(Store(f"sqlite:///{tmp_path / 'b.db'}")), settings=Settings(output_mode=mode)
    )
    try:
        assert (
            extractor.extract(ArticleText(id="a1", text=EXAMPLE["article"], published_at="2024-05-13")).result
            is not None
        )
    finally:
        extractor.close()
    [request] = fake_openai.requests
    sent = "tools" if request.get("tools") else (request.get("response_format") or {}).get("type")
    assert sent == expect


def test_an_explicit_mode_does_not_fall_back(fake_openai, tmp_path, monkeypatch):
    fake_openai.default = ServerProfile.vllm_old(GOOD)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    from briefs.errors import ModelServiceError

    extractor = make_llm_extractor(
        "Qwen/Qwen2.5-7B-Instruct",
        calls=StoreCallLog(Store(f"sqlite:///{tmp_path / 'b.db'}")),
        settings=Settings(output_mode="json_schema"),
    )
    try:
        with pytest.raises(
            ModelServiceError, match=r"\(bad_request\): the server rejected the request; HTTP 400 .*response_format"
        ):
            extractor.extract(ArticleText(id="a1", text=EXAMPLE["article"]))
    finally:
        extractor.close()
    assert len(fake_openai.requests) == 1


def test_concurrent_calls_find_the_mode_once(fake_openai, tmp_path, monkeypatch):
    fake_openai.default = ServerProfile.llama_cpp(GOOD, latency=0.05)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    extractor = make_llm_extractor(
        "m", calls=StoreCallLog(Store(f"sqlite:///{tmp_path / 'b.db'}")), settings=Settings(), use_cache=False
    )
    articles = [ArticleText(id=str(n), text=EXAMPLE["article"] + f"\nرقم المرجع {n}") for n in range(8)]
    try:
        outcomes = extractor.extract_many(articles, concurrency=8)
    finally:
        extractor.close()
    assert all(o.result is not None for o in outcomes)
    assert len(fake_openai.requests) == 9  # one 400, then every article once


def test_a_failed_first_call_does_not_hold_the_others_back(fake_openai, tmp_path, monkeypatch):
    calls = iter([Reply(status=503)])  # the first request fails for a reason that is not the mode
    fake_openai.default = lambda request: next(calls, None) or Reply.json(GOOD, latency=0.3)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    extractor = make_llm_extractor(
        "m",
        calls=StoreCallLog(Store(f"sqlite:///{tmp_path / 'b.db'}")),
        settings=Settings(transport_retries=0),
        use_cache=False,
    )
    articles = [ArticleText(id=str(n), text=EXAMPLE["article"] + f"\nرقم المرجع {n}") for n in range(6)]
    try:
        outcomes = extractor.extract_many(articles, concurrency=6)
    finally:
        extractor.close()
    assert sum(o.result is not None for o in outcomes) == 5
    assert fake_openai.max_in_flight == 5  # the other five went together once the first call had failed
