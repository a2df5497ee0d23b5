"""The LLM extractor's handling of what comes back: wrapped replies, named re-asks, English fields,
classified failures, the cache, the best result kept, cut-offs. Against the local server
(tests/fake_openai.py) with the real openai client over HTTP."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from briefs.config import Settings
from briefs.errors import ModelFailure, ModelServiceError
from briefs.extract.calls import StoreCallLog
from briefs.extract.endpoint import OPENAI_BASE_URL, resolve_endpoint
from briefs.extract.reply import Wrapper, parse_reply
from briefs.extract.select import make_llm_extractor
from briefs.inputs import ArticleText
from briefs.store import Store
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from .conftest import ROOT
from .fake_openai import FakeOpenAI, Reply

EXAMPLE = json.loads((ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8").splitlines()[0])
ARTICLE = ArticleText(id="a1", text=EXAMPLE["article"], published_at=date(2024, 5, 13), outlet="wire")
GOOD = EXAMPLE["extraction"]
GOOD_TEXT = json.dumps(GOOD, ensure_ascii=False)


# ---- reading a reply ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wrappers"),
    [
        (GOOD_TEXT, ()),
        (f"```json\n{GOOD_TEXT}\n```", (Wrapper.FENCE,)),
        (f"```\n{GOOD_TEXT}\n```", (Wrapper.FENCE,)),
        (f"Here it is:\n```json\n{GOOD_TEXT}\n```\nHope this helps.", (Wrapper.FENCE, Wrapper.PROSE)),
        (f"<think>The report says {{three}} soldiers.</think>\n{GOOD_TEXT}", (Wrapper.THINK,)),
        (f"<think>hmm</think>```json\n{GOOD_TEXT}\n```", (Wrapper.THINK, Wrapper.FENCE)),
        (f"Sure! The extraction is {GOOD_TEXT} as requested.", (Wrapper.PROSE,)),
    ],
)
def test_wrappers_are_stripped_and_named(text, wrappers):
    parsed = parse_reply(text)
    assert parsed.data == GOOD and parsed.wrappers == wrappers and parsed.problem is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the reply is empty"),
        ("<think>counting the dead</think>", "the reply is empty after its <think> block"),
        ("<think>counting the dead, and then", "never closes"),
        ('{"a": 1} and also {"b": 2}', "holds 2 JSON objects"),
        ("[1, 2]", "a JSON list, not one JSON object"),
        ('{"incidents": [{"event_type": "Battles"', "not valid JSON"),
        ("I cannot find any incident.", "not valid JSON"),
    ],
)
def test_what_cannot_be_read_says_why(text, problem):
    parsed = parse_reply(text)
    assert parsed.data is None and problem in parsed.problem


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    data=st.dictionaries(st.text(max_size=6), json_values, max_size=4),
    fence=st.booleans(),
    think=st.booleans(),
    prose=st.sampled_from(["", "Here you go: ", "Result follows.\n"]),
)
def test_any_object_survives_any_wrapping(data, fence, think, prose):
    text = json.dumps(data, ensure_ascii=False)
    if fence:
        text = f"```json\n{text}\n```"
    text = prose + text
    if think:
        text = "<think>reasoning {not json}</think>\n" + text
    assert parse_reply(text).data == data


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec=None), max_size=300)
    | st.sampled_from(["\x00{}", '{"a": "\\ud800"}', "```", "<think>", "{" * 60])
)
def test_any_reply_text_is_read_or_refused_with_a_reason(text):
    parsed = parse_reply(text)
    assert (parsed.data is None) == (parsed.problem is not None)
    assert parsed.data is None or isinstance(parsed.data, dict)


def test_content_given_in_parts_is_read(fake_openai, make_extractor):
    completion = {
        "id": "c",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {
                    "role": "assistant",
                    "content": [{"type": "text", "text": GOOD_TEXT[:50]}, {"type": "text", "text": GOOD_TEXT[50:]}],
                },
            }
        ],
    }
    fake_openai.script(Reply(body=json.dumps(completion, ensure_ascii=False)))
    assert make_extractor().extract(ARTICLE).result is not None


# ---- re-asks name what was wrong -------------------------------------------------------------------


def test_a_fenced_invalid_reply_is_reasked_naming_the_fence_and_the_field(fake_openai, make_extractor):
    invalid = copy.deepcopy(GOOD)
    invalid["incidents"][0]["location"]["name_en"] = "الطارمية"
    fake_openai.script(
        Reply(content=f"Sure:\n```json\n{json.dumps(invalid, ensure_ascii=False)}\n```"), Reply.json(GOOD)
    )
    outcome = make_extractor().extract(ARTICLE)
    assert outcome.result is not None and outcome.attempts == 2 and outcome.flags == []
    reask = fake_openai.messages(1)[-1]["content"]
    assert (
        "- incidents[0].location.name_en: name_en is English and must not contain Arabic script ('الطارمية')" in reask
    )
    assert "a ``` code fence around the JSON and text before or after the JSON object" in reask


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (("incidents", 0, "actors", 0, "name_en"), "داعش", "incidents[0].actors[0].name_en: name_en is English"),
        (("incidents", 0, "counts", 0, "who"), "جنود عراقيون", "incidents[0].counts[0].who: who is English"),
        (
            ("incidents", 0, "notes_en"),
            "On 12 May 2024, militants killed ٣ soldiers.",
            "notes_en is English and must write numbers with the digits 0-9",
        ),
        (
            ("summary", 0, "text_en"),
            "Militants killed ٣ Iraqi soldiers.",
            "summary[0].text_en: text_en is English and must write numbers with the digits 0-9",
        ),
        (("incidents", 0, "tags", 0), "هجوم", "tags[0] is English"),
    ],
)
def test_arabic_in_an_english_field_is_a_named_reask(fake_openai, make_extractor, path, value, named):
    invalid = copy.deepcopy(GOOD)
    target = invalid
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    fake_openai.script(Reply.json(invalid), Reply.json(GOOD))
    outcome = make_extractor().extract(ARTICLE)
    assert outcome.result is not None and outcome.attempts == 2
    assert named in fake_openai.messages(1)[-1]["content"]


# ---- failures, classified -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "kind", "said", "requests"),
    [
        (Reply(status=401), ModelFailure.AUTH, "Incorrect API key provided", 1),
        (Reply(status=403), ModelFailure.AUTH, "HTTP 403", 1),
        (
            Reply(status=404, content="The model `test-model` does not exist"),
            ModelFailure.NO_SUCH_MODEL,
            "does not exist",
            1,
        ),
        (
            Reply(status=400, content="temperature must be at most 2"),
            ModelFailure.BAD_REQUEST,
            "temperature must be at most 2",
            1,
        ),
        (
            Reply(
                status=400,
                body=json.dumps(
                    {
                        "error": {
                            "message": "This model's maximum context length is 8192 tokens. However, your messages "
                            "resulted in 9500 tokens.",
                            "type": "invalid_request_error",
                            "param": "messages",
                            "code": "context_length_exceeded",
                        }
                    }
                ),
            ),
            ModelFailure.CONTEXT_LENGTH,
            "8192 tokens",
            1,
        ),
        (
            Reply(
                status=429,
                body=json.dumps(
                    {
                        "error": {
                            "message": "You exceeded your current quota, please check your plan.",
                            "type": "insufficient_quota",
                            "param": None,
                            "code": "insufficient_quota",
                        }
                    }
                ),
            ),
            ModelFailure.QUOTA,
            "You exceeded your current quota",
            1,
        ),
        (Reply(status=408), ModelFailure.TIMEOUT, "(after 3 tries)", 3),
        (Reply(status=502), ModelFailure.SERVER_ERROR, "HTTP 502", 3),
    ],
)
def test_failures_are_classified_logged_and_retried_only_when_it_can_help(
    fake_openai, make_extractor, reply, kind, said, requests
):
    fake_openai.default = reply
    with pytest.raises(ModelServiceError) as raised:
        make_extractor().extract(ARTICLE)
    assert raised.value.kind is kind and said in str(raised.value) and "\n" not in str(raised.value)
    assert str(raised.value).startswith(f"model service failed ({kind}): ")
    assert len(fake_openai.requests) == requests
    calls = make_extractor.store.calls.logged()
    assert [c.error_kind for c in calls] == [kind] * requests and all(c.error for c in calls)


def test_a_fatal_failure_stops_the_later_calls_without_a_request(fake_openai, make_extractor):
    fake_openai.default = Reply(status=401)
    articles = [ArticleText(id=str(n), text=ARTICLE.text + " " * n) for n in range(5)]
    extractor = make_extractor()
    outcomes = extractor.extract_many(articles, concurrency=1)
    assert all(o.result is None and o.failure_kind is ModelFailure.AUTH for o in outcomes)
    assert len(fake_openai.requests) == 1
    fake_openai.default = Reply.json(GOOD)  # the key is fixed: the next batch asks again
    assert all(o.result is not None for o in extractor.extract_many(articles, concurrency=1))
    assert len(fake_openai.requests) == 6


def test_an_unreachable_server_is_a_transport_failure(tmp_path, monkeypatch):
    from .api_support import free_port

    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    extractor = make_llm_extractor(
        "test-model",
        calls=StoreCallLog(Store(f"sqlite:///{tmp_path / 'b.db'}")),
        settings=Settings(transport_retries=1, retry_wait=0.01),
    )
    try:
        with pytest.raises(
            ModelServiceError,
            match=r"\(transport\): cannot reach http://127\.0\.0\.1:\d+/v1 \(ConnectError\) \(after 2 tries\)",
        ):
            extractor.extract(ARTICLE)
    finally:
        extractor.close()


@pytest.mark.parametrize(
    "reply", [Reply.refused("I can't help with that"), Reply(content="", finish_reason="content_filter")]
)
def test_a_refusal_or_content_filter_ends_the_article_as_a_refusal(fake_openai, make_extractor, reply):
    fake_openai.script(reply)
    outcome = make_extractor().extract(ARTICLE)
    assert outcome.result is None and outcome.failure_kind is ModelFailure.REFUSAL and outcome.refusal
    [call] = make_extractor.store.calls.logged()
    assert call.error_kind == "refusal" and len(fake_openai.requests) == 1


def test_a_trickling_server_is_stopped_by_the_deadline(fake_openai, make_extractor):
    fake_openai.default = Reply.json(GOOD, trickle=0.2)  # 20 pieces, 4 s in all; no gap reaches the read timeout
    with pytest.raises(
        ModelServiceError, match=r"\(timeout\): no complete reply .* within 1 s \(BRIEFS_REQUEST_DEADLINE\)"
    ):
        make_extractor(request_timeout=1.0, request_deadline=1.0, transport_retries=3).extract(ARTICLE)
    [call] = make_extractor.store.calls.logged()
    assert call.error_kind == "timeout" and 900 <= call.latency_ms < 2500


# ---- cut-offs and the best result ------------------------------------------------------------------


def test_a_cut_off_reply_is_asked_once_more_with_a_higher_limit_and_logged(fake_openai, make_extractor):
    partial = GOOD_TEXT[:200]
    fake_openai.script(
        Reply(content=partial, finish_reason="length", usage={"prompt_tokens": 900, "completion_tokens": 4000}),
        Reply.json(GOOD),
    )
    outcome = make_extractor(max_completion_tokens_cap=6000).extract(ARTICLE)
    assert outcome.result is not None and outcome.flags == []
    first, second = fake_openai.requests
    assert first["max_tokens"] == 4000 and second["max_tokens"] == 6000  # doubled, within the cap
    assert first["messages"] == second["messages"]  # the same question, not an empty assistant turn
    cut, done = make_extractor.store.calls.logged()
    assert (cut.error_kind, cut.finish_reason, cut.raw_response, cut.output_tokens) == (
        "cut_off",
        "length",
        partial,
        4000,
    )
    assert done.purpose == "cut_off_retry" and done.error is None


def test_a_reply_cut_off_twice_is_a_cut_off_failure(fake_openai, make_extractor):
    fake_openai.default = Reply(content=GOOD_TEXT[:100], finish_reason="length")
    outcome = make_extractor().extract(ARTICLE)
    assert outcome.result is None and outcome.failure_kind is ModelFailure.CUT_OFF and len(fake_openai.requests) == 2
    assert "cut off" in outcome.failure


def test_a_valid_result_survives_a_failed_repair(fake_openai, make_extractor):
    ungrounded = copy.deepcopy(GOOD)
    count = ungrounded["incidents"][0]["counts"][0]
    count["value"] = count["low"] = count["high"] = 7  # the article says three
    fake_openai.script(
        Reply.json(ungrounded),
        Reply(content='{"incidents": [', finish_reason="length"),
        Reply(content='{"incidents": [{', finish_reason="length"),
    )
    outcome = make_extractor().extract(ARTICLE)
    assert outcome.result is not None, outcome.flags
    assert outcome.result.incidents[0].counts[0].value == 7  # round 1's extraction, kept
    assert any(flag.startswith("kept the valid reply of round 1: the reply was cut off") for flag in outcome.flags)
    assert len(fake_openai.requests) == 3


def test_the_repair_that_grounds_worse_loses_to_the_first_reply(fake_openai, make_extractor):
    one_bad, two_bad = copy.deepcopy(GOOD), copy.deepcopy(GOOD)
    for extraction, wrong in ((one_bad, (0,)), (two_bad, (0, 1))):
        for index in wrong:
            count = extraction["incidents"][0]["counts"][index]
            count["value"] = count["low"] = count["high"] = 40 + index
    fake_openai.script(Reply.json(one_bad), Reply.json(two_bad))
    outcome = make_extractor().extract(ARTICLE)
    assert [c.value for c in outcome.result.incidents[0].counts[:2]] == [40, 5]
    assert any("kept the reply of round 1" in flag for flag in outcome.flags)


# ---- the cache ---------------------------------------------------------------------------------------


def test_only_a_valid_reply_is_cached(fake_openai, make_extractor):
    fake_openai.script(Reply.malformed(), Reply.malformed(), Reply.malformed())
    assert make_extractor(use_cache=True).extract(ARTICLE).result is None
    fake_openai.script(Reply.json(GOOD))  # the server is fixed: the same request is asked again
    again = make_extractor(use_cache=True).extract(ARTICLE)
    assert again.result is not None and len(fake_openai.requests) == 4
    third = make_extractor(use_cache=True).extract(ARTICLE)  # now served from the cache, logged as such
    assert third.result is not None and len(fake_openai.requests) == 4
    assert make_extractor.store.calls.logged()[-1].cached is True


def test_the_cache_key_holds_the_base_url(fake_openai, make_extractor, monkeypatch):
    fake_openai.script(Reply.json(GOOD))
    assert make_extractor(use_cache=True).extract(ARTICLE).result is not None
    with FakeOpenAI() as other:
        other.script(Reply.json(GOOD))
        monkeypatch.setenv("OPENAI_BASE_URL", other.base_url)
        assert make_extractor(use_cache=True).extract(ARTICLE).result is not None
        assert len(other.requests) == 1  # another server is asked, not answered from the first one's cache
    assert [c.cached for c in make_extractor.store.calls.logged()] == [False, False]


# ---- model names and limits --------------------------------------------------------------------------


def test_model_names(monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert resolve_endpoint("openai:gpt-4o-mini").model == "gpt-4o-mini"
    assert resolve_endpoint("gpt-4o-mini").base_url == OPENAI_BASE_URL  # OpenAI itself
    with pytest.raises(Exception, match=r"unknown provider 'qwen2\.5'.*OPENAI_BASE_URL"):
        resolve_endpoint("qwen2.5:7b")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    bare = resolve_endpoint("qwen2.5:7b")
    assert (bare.model, bare.base_url, bare.local) == ("qwen2.5:7b", "http://127.0.0.1:11434/v1", True)
    assert resolve_endpoint("openai:qwen2.5:7b").model == "qwen2.5:7b"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://user:s3cret@llm.example.org:8000/v1")
    assert resolve_endpoint("m").shown == "http://llm.example.org:8000/v1"  # what is logged and told: no password


def test_rate_limits_are_off_for_a_local_server_unless_set(make_extractor, monkeypatch):
    assert make_extractor().request_limiter is None
    assert make_extractor(requests_per_minute=30).request_limiter is not None
    monkeypatch.setenv("OPENAI_BASE_URL", "https://llm.example.org/v1")
    assert make_extractor().request_limiter is not None


def test_the_cached_prompt_prefix_gives_the_template_s_messages(make_extractor):
    extractor = make_extractor()
    article = ArticleText(id="b", text=ARTICLE.text + " {published_at} {{x}} </article> <article>", outlet=None)
    expected = [
        {"role": {"human": "user", "ai": "assistant"}.get(m.type, m.type), "content": m.content}
        for m in extractor.prompt.template.format_messages(
            article=article.text.replace("</article", "\u2039/article").replace("<article", "\u2039article"),
            published_at="unknown",
            outlet="unknown",
        )
    ]
    assert extractor.messages_for(article) == expected
    assert extractor.messages_for(article) == expected  # and again, from the cached prefix


def test_the_result_reuses_grounding_and_equals_a_fresh_one():
    from briefs.domain import ExtractionResult
    from briefs.extract.grounding import ground, result_from
    from briefs.extract.schema import Extraction

    for version in ("v1", "v2", "v3"):
        for line in (
            (ROOT / "prompts" / "extract" / f"{version}.examples.jsonl").read_text(encoding="utf-8").splitlines()
        ):
            example = json.loads(line)
            extraction = Extraction.model_validate(example["extraction"])
            article = ArticleText(id="x", text=example["article"])
            grounded = ground(extraction, article.text)
            reused = result_from(
                extraction,
                grounded,
                article,
                extractor="llm",
                model="m",
                prompt_id="p",
                prompt_hash="h",
                attempts=1,
                threshold=90.0,
            )
            counts = {
                id(c): grounded.counts[(i, j)].status
                for i, inc in enumerate(extraction.incidents)
                for j, c in enumerate(inc.counts)
            }
            fresh = ExtractionResult.from_extraction(
                extraction,
                article.text,
                article_id="x",
                extractor="llm",
                model="m",
                prompt_id="p",
                prompt_hash="h",
                attempts=1,
                threshold=90.0,
                extra_flags=grounded.failures,
                grade_count=lambda count, _q, counts=counts: counts.get(id(count), "unchecked"),
            )
            assert reused.model_dump(exclude={"created_at"}) == fresh.model_dump(exclude={"created_at"})


def test_the_output_modes_migration_keeps_the_calls_logged_before_it(tmp_path):
    from alembic import command
    from briefs.migrations import alembic_config
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO model_calls (created_at, model, purpose, attempt, messages, cached, error) "
                "VALUES ('2026-11-20 10:00:00', 'openai:m', 'extract', 1, '[]', 0, 'transport: timed out')"
            )
        )
    engine.dispose()
    store = Store(url)  # upgrades to head
    [old] = store.calls.logged()
    assert (old.error, old.error_kind, old.base_url, old.output_mode) == ("transport: timed out", None, None, None)
    store.calls.remember_output_mode("http://127.0.0.1:8000/v1", "json_object")
    store.calls.remember_output_mode("http://127.0.0.1:8000/v1", "tools")
    assert (
        store.calls.output_mode("http://127.0.0.1:8000/v1") == "tools"
        and store.calls.output_mode("http://llm.example.org/v1") is None
    )


def test_a_call_s_logged_latency_is_its_own_not_the_backoff_before_it(fake_openai, make_extractor):
    fake_openai.script(Reply.rate_limited(retry_after=1), Reply.json(GOOD, latency=0.05))
    assert make_extractor().extract(ARTICLE).result is not None
    limited, answered = make_extractor.store.calls.logged()
    assert limited.error_kind == "rate_limited" and answered.error is None
    assert 50 <= answered.latency_ms < 900  # the 1 s Retry-After wait is not in it
