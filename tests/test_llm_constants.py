"""The LLM path makes once what is the same for every call, and keeps its promises while doing so: the
schema, the prompt's messages, each output mode's request fields and their JSON, the client's TLS
context; a call's log write runs while its reply is grounded, and a call told is a call logged."""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
from datetime import date
from typing import Any

import pytest
from briefs.config import Settings
from briefs.errors import StoreError
from briefs.extract import llm
from briefs.extract.calls import NoCallLog
from briefs.extract.endpoint import model_client, resolve_endpoint, tls_context
from briefs.extract.hooks import CallMade
from briefs.extract.llm import MODES, extraction_schema
from briefs.extract.prompts import load_prompt
from briefs.extract.schema import Extraction
from briefs.extract.select import make_llm_extractor
from briefs.inputs import ArticleText
from briefs.strict_schema import strict_json_schema
from hypothesis import given, settings
from hypothesis import strategies as st

from .fake_openai import Reply
from .test_llm_extractor import ARTICLE, GOOD

TEXT_CHARACTERS = st.characters(exclude_categories=["Cs"])  # no lone surrogates: the inputs reject them first
LOCAL = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_API_KEY": "test"}
# No base URL: the endpoint counts as OpenAI itself (max_completion_tokens, not max_tokens); never reached here.
OPENAI = {"OPENAI_API_KEY": "sk-test"}


def extractor_on(environ: dict[str, str], prompt: str = "extract@v3") -> llm.LLMExtractor:
    return make_llm_extractor(
        "openai:test-model", settings=Settings(prompt=prompt), calls=NoCallLog(), use_cache=False, environ=environ
    )


@pytest.fixture(scope="module")
def extractors():
    made = [extractor_on(LOCAL), extractor_on(OPENAI), extractor_on(LOCAL, "extract@v1")]
    yield made
    for extractor in made:
        extractor.close()


def test_the_cached_schema_equals_a_freshly_built_one_and_every_mode_sends_it(extractors):
    assert extraction_schema() == strict_json_schema(Extraction)
    assert extraction_schema() is extraction_schema(), "built once per process"
    extractor = extractors[0]
    messages = extractor.messages_for(ARTICLE)
    sent = {mode: extractor._request(mode, messages, 900) for mode in MODES}
    assert sent["json_schema"]["response_format"]["json_schema"]["schema"] == strict_json_schema(Extraction)
    assert sent["tools"]["tools"][0]["function"]["parameters"] == strict_json_schema(Extraction)
    fresh = json.dumps(strict_json_schema(Extraction), ensure_ascii=False, separators=(",", ":"))
    for mode in ("json_object", "prompt"):
        assert sent[mode]["messages"][0]["content"].endswith(fresh), f"{mode}: the schema is in the system message"
        assert sent[mode]["messages"][1:] == messages[1:]
    assert sent["json_object"]["response_format"] == {"type": "json_object"}
    assert "response_format" not in sent["prompt"] and "tools" not in sent["prompt"]


def test_the_prompt_messages_are_formatted_once_per_prompt_and_are_the_templates(extractors):
    first, second, other = (extractor.messages_for(ARTICLE) for extractor in extractors)
    prompt = load_prompt("extract@v3")
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    fresh = [
        {"role": roles[m.type], "content": m.content}
        for m in prompt.template.format_messages(article="", published_at="", outlet="")[:-1]
    ]
    assert first[:-1] == fresh and first[-1]["role"] == "user" and ARTICLE.text in first[-1]["content"]
    assert all(a is b for a, b in zip(first[:-1], second[:-1], strict=True)), "two extractors share the prefix"
    assert other[0] != first[0], "another prompt has its own"


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(TEXT_CHARACTERS, min_size=1, max_size=300),
    mode=st.sampled_from(MODES),
    which=st.integers(0, 2),
    max_tokens=st.none() | st.integers(1, 100_000),
    turns=st.lists(st.text(TEXT_CHARACTERS, max_size=80), max_size=4),
)
def test_the_request_is_sent_byte_for_byte_as_json_dumps_would_write_it(
    extractors, text, mode, which, max_tokens, turns
):
    """The constant parts are serialized once, and the body is still exactly `json.dumps(request)`: the
    same bytes are sent and hashed, so the response cache's keys are those of a plain serialization."""
    extractor = extractors[which]
    messages = extractor.messages_for(ArticleText(id="x", text=text, published_at=date(2024, 5, 13)))
    for n, turn in enumerate(turns):  # re-ask and repair rounds add turns after the article
        messages = [*messages, {"role": "assistant" if n % 2 == 0 else "user", "content": turn}]
    request = extractor._request(mode, messages, max_tokens)
    assert (
        extractor._serialize(mode, request) == json.dumps(request, ensure_ascii=False, separators=(",", ":")).encode()
    )


def test_a_request_whose_messages_are_not_the_prompts_is_serialized_in_full(extractors):
    extractor = extractors[0]
    messages = [{"role": "system", "content": "another system"}, {"role": "user", "content": "نص"}]
    request = extractor._request("json_schema", messages, None)
    assert (
        extractor._serialize("json_schema", request)
        == json.dumps(request, ensure_ascii=False, separators=(",", ":")).encode()
    )


def test_every_model_client_shares_one_verifying_tls_context():
    endpoint = resolve_endpoint("openai:test-model", OPENAI)
    contexts = []
    for _ in range(2):
        client = model_client(endpoint, Settings())
        contexts.append(client._client._transport._pool._ssl_context)
        asyncio.run(client.close())
    assert contexts[0] is contexts[1] is tls_context()
    assert tls_context().verify_mode is ssl.CERT_REQUIRED and tls_context().check_hostname


def test_a_call_told_to_the_hooks_is_in_the_log(fake_openai, make_extractor):
    fake_openai.default = lambda request: Reply.json(GOOD, latency=0.05)
    extractor = make_extractor()
    logged_when_told = []
    extractor.hooks.on(
        CallMade, lambda event: logged_when_told.append(len(make_extractor.store.calls.logged(event.call.article_hash)))
    )
    articles = [ArticleText(id=str(n), text=ARTICLE.text + " " * n) for n in range(6)]
    outcomes = extractor.extract_many(articles, concurrency=3)
    assert all(o.result is not None for o in outcomes)
    assert logged_when_told == [1] * 6, "each call was in the log when the hooks heard of it"
    assert len(make_extractor.store.calls.logged()) == 6


class _BrokenLog(NoCallLog):
    def log_calls(self, calls: Any) -> None:
        raise StoreError("the disk is full")


def test_a_call_log_that_cannot_be_written_fails_the_article(fake_openai, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    fake_openai.default = Reply.json(GOOD)
    extractor = make_llm_extractor("openai:test-model", settings=Settings(), calls=_BrokenLog(), use_cache=False)
    try:
        [outcome] = extractor.extract_many([ARTICLE])
    finally:
        extractor.close()
    assert outcome.result is None and outcome.error is not None and "the disk is full" in outcome.error


class _SlowLog(NoCallLog):
    def __init__(self) -> None:
        self.release = threading.Event()
        self.written: list[str] = []

    def log_calls(self, calls: Any) -> None:
        self.release.wait(5)
        self.written += [call.article_hash for call in calls]


def test_a_writer_cancelled_while_its_group_is_written_leaves_the_others_written():
    from briefs.extract.calls import CallOutcome, ModelCallEntry

    def entry(name: str) -> ModelCallEntry:
        return ModelCallEntry(name, "m", "p", "h", "extract", 1, [], "b", "json_schema", CallOutcome.OK)

    async def scenario(log: _SlowLog) -> None:
        group = llm._GroupLog(log)
        first = asyncio.create_task(group.write(entry("first")))
        await asyncio.sleep(0.05)  # the first group is being written
        second, third = (asyncio.create_task(group.write(entry(name))) for name in ("second", "third"))
        await asyncio.sleep(0)
        second.cancel()
        log.release.set()
        await first
        await asyncio.wait_for(third, 5)  # written with the cancelled one's group, and told so
        with pytest.raises(asyncio.CancelledError):
            await second

    log = _SlowLog()
    asyncio.run(scenario(log))
    assert log.written == ["first", "second", "third"], "a call that was sent is in the log, its caller gone or not"


@pytest.mark.parametrize("long", [False, True])
def test_a_news_article_is_grounded_on_the_loop_and_a_long_one_in_a_thread(fake_openai, make_extractor, long):
    fake_openai.script(Reply.json(GOOD))
    text = ARTICLE.text + ("\n" + "نص لا علاقة له بالحادث. " * 400 if long else "")
    assert (len(text) > llm._GROUND_ON_LOOP_CHARACTERS) is long
    where = []
    real = llm.ground

    def ground(*args: Any, **kwargs: Any):
        where.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    extractor = make_extractor()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(llm, "ground", ground)
        outcome = extractor.extract(ArticleText(id="a", text=text, published_at=ARTICLE.published_at))
    assert outcome.result is not None and not outcome.flags
    assert where == [not long], "a long article's grounding must not stall the other calls on the loop"


def test_a_prompt_is_checked_again_when_its_examples_change(tmp_path):
    """The few-shot check is done once per prompt content, not once per prompt id."""
    from briefs.extract.prompts import PromptError

    from .conftest import ROOT

    folder = tmp_path / "extract"
    folder.mkdir()
    (folder / "v9.toml").write_bytes((ROOT / "prompts" / "extract" / "v1.toml").read_bytes())
    examples = (ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8")
    (folder / "v9.examples.jsonl").write_text(examples, encoding="utf-8")
    assert load_prompt("extract@v9", tmp_path).examples
    first = json.loads(examples.splitlines()[0])
    first["extraction"]["incidents"][0]["counts"][0]["evidence_ar"] = "قتل سبعة جنود"
    (folder / "v9.examples.jsonl").write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PromptError, match="example 1"):
        load_prompt("extract@v9", tmp_path)


def test_a_system_without_ca_certificates_for_openssl_gets_certifis(monkeypatch):
    empty = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # what a python.org build on macOS starts from
    monkeypatch.setattr(ssl, "create_default_context", lambda: empty)
    tls_context.cache_clear()
    try:
        context = tls_context()
        assert context is empty and context.cert_store_stats()["x509_ca"] > 0
        assert context.verify_mode is ssl.CERT_REQUIRED
    finally:
        tls_context.cache_clear()
