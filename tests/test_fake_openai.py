"""The local OpenAI-compatible server, exercised through the real openai (and langchain) clients."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import openai
import pytest
from openai import AsyncOpenAI, OpenAI
from pydantic import BaseModel, ValidationError

from .fake_openai import FakeOpenAI, Reply

USER = [{"role": "user", "content": "قتل ثلاثة أشخاص"}]


class Count(BaseModel):
    killed: int


@pytest.fixture
def client(fake_openai):
    with OpenAI(base_url=fake_openai.base_url, api_key="test", max_retries=0, timeout=5) as c:
        yield c


def ask(client: OpenAI, **kw):
    kw.setdefault("model", "gpt-4o-mini")
    kw.setdefault("messages", USER)
    return client.chat.completions.create(**kw)


# --- replies -------------------------------------------------------------------------------------------


def test_scripted_json_reply_comes_back_as_content(fake_openai, client):
    fake_openai.script(Reply.json({"killed": 3, "where": "غزة"}), Reply(content={"killed": 4}))
    raw = client.chat.completions.with_raw_response.create(model="my-model", messages=USER)
    r = raw.parse()
    assert json.loads(r.choices[0].message.content) == {"killed": 3, "where": "غزة"}
    assert r.object == "chat.completion" and r.model == "my-model" and r.id.startswith("chatcmpl-")
    assert r.choices[0].index == 0 and r.choices[0].finish_reason == "stop" and r.choices[0].logprobs is None
    assert r.choices[0].message.role == "assistant" and r.choices[0].message.refusal is None
    assert r.usage.prompt_tokens > 0 and r.usage.completion_tokens > 0
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens
    assert raw.headers["x-request-id"].startswith("req_fake_")
    assert json.loads(ask(client).choices[0].message.content) == {"killed": 4}  # a dict content is JSON-encoded


def test_structured_output_parse_and_explicit_usage(fake_openai, client):
    fake_openai.script(Reply.json(Count(killed=7), usage={"prompt_tokens": 100, "completion_tokens": 5}))
    r = client.chat.completions.parse(model="gpt-4o-mini", messages=USER, response_format=Count)
    assert r.choices[0].message.parsed == Count(killed=7)
    assert (r.usage.prompt_tokens, r.usage.completion_tokens, r.usage.total_tokens) == (100, 5, 105)
    sent = fake_openai.requests[0]["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["strict"] is True


def test_finish_reason_and_headers_on_success(fake_openai, client):
    fake_openai.script(Reply(content='{"killed": ', finish_reason="length", headers={"x-fake": "yes"}))
    raw = client.chat.completions.with_raw_response.create(model="m", messages=USER)
    assert raw.parse().choices[0].finish_reason == "length"
    assert raw.headers["x-fake"] == "yes"


def test_refusal_sets_message_refusal_and_null_content(fake_openai, client):
    fake_openai.script(Reply.refused("I can't help with that"), Reply.refused())
    m = ask(client).choices[0].message
    assert m.refusal == "I can't help with that" and m.content is None
    parsed = client.chat.completions.parse(model="m", messages=USER, response_format=Count).choices[0].message
    assert parsed.refusal and parsed.parsed is None


def test_malformed_content_and_malformed_body(fake_openai, client):
    fake_openai.script(Reply.malformed(), Reply(body='{"id": "chatcmpl-x", "choices": ['))
    content = ask(client).choices[0].message.content
    with pytest.raises(json.JSONDecodeError):
        json.loads(content)
    # A truncated HTTP body: the openai client raises json's error, not an openai.APIError.
    with pytest.raises(json.JSONDecodeError):
        ask(client)


def test_malformed_content_fails_structured_parse(fake_openai, client):
    fake_openai.script(Reply.malformed())
    with pytest.raises(ValidationError):
        client.chat.completions.parse(model="m", messages=USER, response_format=Count)


# --- faults ----------------------------------------------------------------------------------------------


def test_429_is_rate_limit_error_with_retry_after(fake_openai, client):
    fake_openai.script(Reply.rate_limited(retry_after=1), Reply.rate_limited(retry_after=0.25))
    with pytest.raises(openai.RateLimitError) as e:
        ask(client)
    assert e.value.status_code == 429
    assert e.value.response.headers["retry-after"] == "1"
    assert e.value.code == "rate_limit_exceeded"
    assert e.value.body["type"] == "requests"  # OpenAI's error shape, unwrapped by the client
    with pytest.raises(openai.RateLimitError) as e:
        ask(client)
    assert float(e.value.response.headers["Retry-After"]) == 0.25


def test_500_is_internal_server_error(fake_openai, client):
    fake_openai.script(Reply.server_error(), Reply.server_error(503, content="overloaded, sorry"))
    with pytest.raises(openai.InternalServerError) as e:
        ask(client)
    assert e.value.status_code == 500 and e.value.body["type"] == "server_error"
    with pytest.raises(openai.InternalServerError) as e:
        ask(client)
    assert e.value.status_code == 503 and "overloaded, sorry" in e.value.message


def test_hang_is_api_timeout_error(fake_openai):
    fake_openai.script(Reply.timeout())
    t0 = time.perf_counter()
    with (
        OpenAI(base_url=fake_openai.base_url, api_key="test", max_retries=0, timeout=0.2) as c,
        pytest.raises(openai.APITimeoutError),
    ):
        ask(c)
    assert time.perf_counter() - t0 < 2
    assert fake_openai.in_flight == 1  # still hanging server-side ...
    fake_openai.reset()  # ... until reset (or shutdown) releases it
    assert fake_openai.in_flight == 0


def test_latency_is_applied(fake_openai, client):
    fake_openai.script(Reply("slow", latency=0.2))
    t0 = time.perf_counter()
    assert ask(client).choices[0].message.content == "slow"
    assert time.perf_counter() - t0 >= 0.2


def test_stream_true_is_rejected_clearly(fake_openai, client):
    fake_openai.script(Reply("unused"))
    with pytest.raises(openai.BadRequestError) as e:
        ask(client, stream=True)
    assert "streaming" in e.value.message
    assert fake_openai.pending == 1  # the rejected request did not consume the script


def test_exhausted_script_fails_loudly(fake_openai, client):
    fake_openai.fail_on_exhausted = False  # this test wants the exhaustion
    fake_openai.script(Reply("only one"))
    assert ask(client).choices[0].message.content == "only one"
    with pytest.raises(openai.InternalServerError) as e:
        ask(client)
    assert "script ran out" in e.value.message and e.value.code == "fake_script_exhausted"
    assert fake_openai.exhausted == [1]


def test_default_answers_when_script_is_empty(fake_openai, client):
    fake_openai.script(Reply("scripted"))
    fake_openai.default = lambda req: Reply(f"echo: {req['messages'][-1]['content']}")
    assert ask(client).choices[0].message.content == "scripted"
    assert ask(client).choices[0].message.content == "echo: " + USER[0]["content"]
    fake_openai.default = Reply("constant")
    assert ask(client).choices[0].message.content == "constant"


def test_a_failing_reply_callable_is_a_500_and_recorded(fake_openai, client):
    fake_openai.script(lambda req: 1 / 0)
    with pytest.raises(openai.InternalServerError) as e:
        ask(client)
    assert "ZeroDivisionError" in e.value.message
    assert "ZeroDivisionError" in fake_openai.errors[0]


# --- recording ----------------------------------------------------------------------------------------


def test_requests_are_recorded_in_order_with_headers(fake_openai, client):
    fake_openai.script("a", "b")
    ask(client, messages=[{"role": "system", "content": "sys"}, {"role": "user", "content": "one"}], temperature=0)
    ask(client, messages=[{"role": "user", "content": "two"}])
    reqs = fake_openai.requests
    assert [r.index for r in reqs] == [0, 1]
    assert reqs[0]["model"] == "gpt-4o-mini" and reqs[0]["temperature"] == 0
    assert reqs[0].headers["authorization"] == "Bearer test"
    assert fake_openai.messages(0)[-1] == {"role": "user", "content": "one"}
    assert fake_openai.messages(-1) == [{"role": "user", "content": "two"}]
    assert fake_openai.max_in_flight == 1 and fake_openai.in_flight == 0


def test_models_endpoint_and_unknown_route(fake_openai, client):
    assert [m.id for m in client.models.list()] == [fake_openai.model]
    with (
        OpenAI(base_url=fake_openai.base_url[: -len("/v1")], api_key="t", max_retries=0) as wrong,
        pytest.raises(openai.NotFoundError) as e,
    ):
        ask(wrong)
    assert "/v1" in e.value.message


# --- concurrency --------------------------------------------------------------------------------------


def test_16_concurrent_requests_are_not_serialized(fake_openai):
    # Each reply waits until all 16 requests are in flight at once (at most 20 s): served one at a time,
    # the first would wait the whole 20 s alone. The client waits longer than that, so a loaded machine
    # slow to start the 16 threads cannot time the first requests out.
    fake_openai.default = Reply("ok", latency=20, crowd=16)
    t0 = time.perf_counter()
    with (
        OpenAI(base_url=fake_openai.base_url, api_key="test", max_retries=0, timeout=30) as client,
        ThreadPoolExecutor(16) as pool,
    ):
        replies = list(pool.map(lambda _: ask(client).choices[0].message.content, range(16)))
    elapsed = time.perf_counter() - t0
    assert replies == ["ok"] * 16
    assert fake_openai.max_in_flight == 16
    assert elapsed < 20, f"the 16 requests were never in flight together ({elapsed:.1f} s)"


def test_answers_are_sent_without_waiting_for_an_ack(fake_openai, client):
    # TCP_NODELAY on the server's connections: without it each small response waits ~40 ms for the
    # client's delayed ACK (Nagle). Asserted as the socket option, not timed.
    fake_openai.default = Reply("fast")
    ask(client)  # the client keeps its connection open
    options = fake_openai.socket_options(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    assert options and all(options), options


def test_32_concurrent_async_requests(fake_openai):
    fake_openai.script(*[Reply(str(i), latency=20, crowd=32) for i in range(32)])

    async def main():
        async with AsyncOpenAI(base_url=fake_openai.base_url, api_key="test", max_retries=0) as c:
            rs = await asyncio.gather(*(c.chat.completions.create(model="m", messages=USER) for _ in range(32)))
        return sorted(int(r.choices[0].message.content) for r in rs)

    t0 = time.perf_counter()
    assert asyncio.run(main()) == list(range(32))
    elapsed = time.perf_counter() - t0
    assert fake_openai.max_in_flight == 32
    assert elapsed < 20, f"the 32 requests were never in flight together ({elapsed:.1f} s)"


# --- lifecycle ----------------------------------------------------------------------------------------


def test_context_manager_starts_fast_and_stops_cleanly():
    before = set(threading.enumerate())
    t0 = time.perf_counter()
    with FakeOpenAI() as server:
        assert time.perf_counter() - t0 < 1.0
        assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
        server.script(Reply.timeout())  # a request still hanging at shutdown must not block it
        with (
            OpenAI(base_url=server.base_url, api_key="t", max_retries=0, timeout=0.1) as c,
            pytest.raises(openai.APITimeoutError),
        ):
            ask(c)
        port = server.port
        t1 = time.perf_counter()
    assert time.perf_counter() - t1 < 2.0
    assert set(threading.enumerate()) <= before
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()


# --- langchain ----------------------------------------------------------------------------------------


def test_langchain_chat_openai_structured_output(fake_openai):
    lco = pytest.importorskip("langchain_openai")
    llm = lco.ChatOpenAI(model="gpt-4o-mini", base_url=fake_openai.base_url, api_key="test", max_retries=0, timeout=5)
    structured = llm.with_structured_output(Count, method="json_schema", strict=True, include_raw=True)
    fake_openai.script(Reply.json({"killed": 3}), Reply.refused(), Reply.rate_limited(retry_after=2))

    out = structured.invoke("how many?")
    assert out["parsed"] == Count(killed=3) and out["parsing_error"] is None
    assert fake_openai.requests[0]["response_format"]["json_schema"]["name"] == "Count"
    assert fake_openai.requests[0].get("stream") in (None, False)

    out = structured.invoke("how many?")
    assert out["parsed"] is None and "can't help" in str(out["parsing_error"])

    with pytest.raises(openai.RateLimitError) as e:
        structured.invoke("how many?")
    assert e.value.response.headers["retry-after"] == "2"
    assert len(fake_openai.requests) == 3
