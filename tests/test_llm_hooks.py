"""The extractor protocol, the LLM extractor's hooks and its typed call outcomes: what a subscriber is
told, and that the call log, the hooks and the evals get the same typed values. Against the local
server (tests/fake_openai.py)."""

from __future__ import annotations

import copy
import json
from datetime import date

from briefs.config import Settings
from briefs.errors import ModelFailure
from briefs.extract.base import Extractor
from briefs.extract.calls import CallOutcome, NoCallLog
from briefs.extract.hooks import (
    ArticleFailed,
    ArticleStarted,
    CallMade,
    CallServedFromCache,
    Hooks,
    Reasking,
    Repairing,
    Retrying,
)
from briefs.extract.lexicon import LexiconExtractor
from briefs.extract.select import make_extractor as make_configured
from briefs.extract.select import make_llm_extractor
from briefs.inputs import ArticleText

from .conftest import ROOT
from .fake_openai import Reply

EXAMPLE = json.loads((ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8").splitlines()[0])
ARTICLE = ArticleText(id="a1", text=EXAMPLE["article"], published_at=date(2024, 5, 13), outlet="wire")
GOOD = EXAMPLE["extraction"]


def heard(extractor, *events: type) -> list:
    told: list = []
    for event in events:
        extractor.hooks.on(event, told.append)
    return told


def test_both_extractors_are_extractors(make_extractor):
    assert isinstance(LexiconExtractor(), Extractor) and isinstance(make_extractor(), Extractor)
    assert isinstance(make_configured("lexicon", settings=Settings()), LexiconExtractor)
    [outcome] = LexiconExtractor().extract_many([ARTICLE])
    assert outcome.result is not None and outcome.result.extractor == "lexicon"


def test_each_event_of_a_conversation_is_told_in_order(fake_openai, make_extractor):
    wrong = copy.deepcopy(GOOD)
    wrong["incidents"][0]["counts"][0]["value"] = wrong["incidents"][0]["counts"][0]["low"] = 6
    wrong["incidents"][0]["counts"][0]["high"] = 6
    fake_openai.script(Reply.server_error(), Reply.malformed(), Reply.json(wrong), Reply.json(GOOD))
    extractor = make_extractor()
    told = heard(extractor, CallMade, Retrying, Reasking, Repairing, CallServedFromCache)
    assert extractor.extract(ARTICLE).result is not None
    assert [type(event).__name__ for event in told] == [
        "CallMade",
        "Retrying",
        "CallMade",
        "Reasking",
        "CallMade",
        "Repairing",
        "CallMade",
    ]
    failed, unreadable, ungrounded, good = (event.call for event in told if isinstance(event, CallMade))
    assert (failed.outcome, failed.failure, failed.finish_reason) == (
        CallOutcome.SERVICE_ERROR,
        ModelFailure.SERVER_ERROR,
        None,
    )
    assert unreadable.outcome is CallOutcome.INVALID_REPLY and unreadable.error_kind is None
    assert (ungrounded.outcome, good.outcome) == (CallOutcome.OK, CallOutcome.OK)
    retry = told[1]
    assert (retry.tries, retry.failure, retry.purpose) == (1, ModelFailure.SERVER_ERROR, "extract")
    assert (told[3].round, told[5].round) == (2, 3) and "killed 6 is unsupported" in told[5].failures[0]
    # The call log holds the same calls, its error_kind from the typed outcome.
    logged = make_extractor.store.calls.logged()
    assert [c.error_kind for c in logged] == ["server_error", None, None, None]
    assert [c.purpose for c in logged] == [e.call.purpose for e in told if isinstance(e, CallMade)]


def test_a_call_served_from_the_cache_is_told_as_such(fake_openai, make_extractor):
    fake_openai.script(Reply.json(GOOD))
    make_extractor(use_cache=True).extract(ARTICLE)
    again = make_extractor(use_cache=True)
    told = heard(again, CallMade, CallServedFromCache)
    assert again.extract(ARTICLE).result is not None and len(fake_openai.requests) == 1
    [event] = told
    assert isinstance(event, CallServedFromCache) and event.call.cached and event.call.outcome is CallOutcome.OK


def test_refusal_and_cut_off_are_typed_outcomes_with_the_refusal_kept(fake_openai, make_extractor):
    fake_openai.script(Reply.refused("I can't help with that"))
    extractor = make_extractor()
    told = heard(extractor, CallMade)
    extractor.extract(ARTICLE)
    [refused] = [event.call for event in told]
    assert (refused.outcome, refused.refusal, refused.error_kind) == (
        CallOutcome.REFUSAL,
        "I can't help with that",
        ModelFailure.REFUSAL,
    )
    assert (
        make_extractor.store.calls.logged()[0].error == "refusal: I can't help with that"
    )  # the log's text, as before
    fake_openai.script(Reply(content='{"incidents": [', finish_reason="length"), Reply.json(GOOD))
    told.clear()
    extractor.extract(ARTICLE)
    cut, done = (event.call for event in told)
    assert (cut.outcome, cut.error_kind, done.outcome) == (CallOutcome.TRUNCATED, ModelFailure.CUT_OFF, CallOutcome.OK)


def test_a_failing_article_is_told_and_the_batch_goes_on(fake_openai, make_extractor):
    fake_openai.script(Reply(status=401))
    fake_openai.fail_on_exhausted = False
    extractor = make_extractor()
    told = heard(extractor, ArticleStarted, ArticleFailed)
    [outcome] = extractor.extract_many([ARTICLE])
    started, failed = told
    assert started.article is ARTICLE and failed.article is ARTICLE
    assert outcome.failure_kind is ModelFailure.AUTH and str(failed.error) == outcome.error


def test_a_subscriber_that_raises_does_not_fail_the_extraction(fake_openai, make_extractor, caplog):
    fake_openai.script(Reply.json(GOOD))
    extractor = make_extractor()

    def broken(event: CallMade) -> None:
        raise RuntimeError("a bug in a subscriber")

    extractor.hooks.on(CallMade, broken)
    assert extractor.extract(ARTICLE).result is not None
    assert "a CallMade hook failed" in caplog.text
    extractor.hooks.off(CallMade, broken)


def test_the_extractor_reads_no_environment_and_keeps_nothing_with_no_call_log(fake_openai, monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    fake_openai.script(Reply.json(GOOD))
    hooks = Hooks()
    told: list = []
    hooks.on(CallMade, told.append)
    extractor = make_llm_extractor(
        "openai:test-model",
        settings=Settings(database_url="sqlite:///:memory:"),
        calls=NoCallLog(),
        hooks=hooks,
        environ={"OPENAI_BASE_URL": fake_openai.base_url, "OPENAI_API_KEY": "k"},
    )
    try:
        assert extractor.extract(ARTICLE).result is not None
    finally:
        extractor.close()
    assert [event.call.base_url for event in told] == [fake_openai.base_url]


def test_a_handler_taken_off_hears_nothing_more():
    hooks, heard = Hooks(), []
    hooks.on(ArticleStarted, heard.append)
    hooks.emit(ArticleStarted(ArticleText(id="a", text="x")))
    hooks.off(ArticleStarted, heard.append)
    hooks.emit(ArticleStarted(ArticleText(id="b", text="x")))
    assert [event.article.id for event in heard] == ["a"]
