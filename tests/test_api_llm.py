"""POST /v1/summaries with a model, against the local OpenAI-compatible test server (tests/fake_openai.py):
the real openai client over HTTP, the API's model timeout, a refusal, an unreachable model,
and model calls and tokens in /metrics."""

from __future__ import annotations

import json

import pytest

from .api_support import free_port, running_api
from .conftest import ROOT
from .fake_openai import Reply

EXAMPLE = json.loads((ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8").splitlines()[0])
GOOD = EXAMPLE["extraction"]
MODEL = "openai:test-model"


@pytest.fixture
def llm_api(fake_openai, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with running_api(
        tmp_path,
        model=MODEL,
        request_timeout=5.0,
        transport_retries=0,
        retry_wait=0.01,
        api_model_timeout=30.0,  # a margin for a loaded machine; the timeout's own test sets a short one
        api_models="openai:other-model",
    ) as api:
        yield api
        # A model call the API stopped waiting for (504) goes on in the summarizer's thread, and on a loaded
        # machine reached the fake server during the next test, taking that test's scripted reply. Every
        # call of this test ends here (its own scripted reply, or the model client's timeout).
        api.app.state.summarizer.close(wait=True)


def test_summary_from_the_model(fake_openai, llm_api):
    fake_openai.script(Reply.json(GOOD, usage={"prompt_tokens": 900, "completion_tokens": 250}))
    response = llm_api.post(
        "/v1/summaries", json={"text": EXAMPLE["article"], "published_at": "2024-05-13", "prompt": "extract@v1"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["extractor"], body["model"], body["prompt_id"], body["attempts"]) == ("llm", MODEL, "extract@v1", 1)
    assert body["summary"] == " ".join(s["text_en"] for s in GOOD["summary"])
    assert body["grounding"]["verdict"] == "supported" and body["flags"] == []
    assert len(body["incidents"]) == len(GOOD["incidents"])
    [request] = fake_openai.requests
    assert request["response_format"]["json_schema"]["strict"] is True
    metrics = llm_api.client.get("/metrics").text
    assert f'briefs_model_calls_total{{model="{MODEL}",outcome="ok",purpose="extract"}} 1.0' in metrics
    assert f'briefs_model_tokens_total{{direction="input",model="{MODEL}"}} 900.0' in metrics
    assert f'briefs_model_tokens_total{{direction="output",model="{MODEL}"}} 250.0' in metrics
    assert [call.purpose for call in llm_api.store.calls.logged()] == ["extract"]  # logged in the API's store


def test_the_lexicon_can_still_be_asked_for(fake_openai, llm_api):
    body = llm_api.post("/v1/summaries", json={"text": EXAMPLE["article"], "model": "lexicon"}).json()
    assert body["extractor"] == "lexicon" and fake_openai.requests == []


def test_a_slow_model_is_a_504(fake_openai, llm_api):
    fake_openai.script(Reply.json(GOOD, latency=4.0))
    llm_api.app.state.settings.api_model_timeout = 0.3  # the summarizer reads the same settings object
    response = llm_api.post("/v1/summaries", json={"text": EXAMPLE["article"]})
    assert response.status_code == 504 and response.json()["error"]["code"] == "model_timeout"
    assert "BRIEFS_API_MODEL_TIMEOUT" in response.json()["error"]["message"]


def test_a_refusal_is_a_502(fake_openai, llm_api):
    fake_openai.script(Reply.refused("I can't help with that"))
    response = llm_api.post("/v1/summaries", json={"text": EXAMPLE["article"], "model": "openai:other-model"})
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "model_failed" and "refused" in error["message"]


def test_an_unreachable_model_is_a_502(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with running_api(tmp_path, model=MODEL, request_timeout=2.0, transport_retries=0) as api:
        response = api.post("/v1/summaries", json={"text": EXAMPLE["article"]})
        assert response.status_code == 502 and response.json()["error"]["code"] == "model_failed"
        assert "(transport): cannot reach" in response.json()["error"]["message"]


def test_an_unknown_prompt_names_the_field(fake_openai, llm_api):
    for prompt in ("extract@v999", "../../etc@v1", "extract"):
        response = llm_api.post("/v1/summaries", json={"text": EXAMPLE["article"], "prompt": prompt})
        assert response.status_code == 422 and response.json()["error"]["fields"][0]["loc"] == "body.prompt", prompt
    assert fake_openai.requests == []
