"""`concurrency` bounds the requests in flight, not the articles in progress: an article gives its request
slot back while its reply is validated and grounded, so the next article's request does not wait for that
work (issue 16, the LLM path at 90 % of ideal)."""

from __future__ import annotations

import asyncio

from briefs.extract.llm import LLMExtractor
from briefs.inputs import ArticleText

from .fake_openai import Reply
from .test_llm_extractor import ARTICLE, GOOD


def test_a_request_is_sent_while_an_earlier_reply_is_still_being_grounded(fake_openai, make_extractor, monkeypatch):
    fake_openai.default = lambda request: Reply.json(GOOD)
    seen_while_grounding: list[int] = []
    first: list[str] = []
    real = LLMExtractor._keep_and_ground

    async def slow_grounding(self, reply, extraction, article):
        # The first article's grounding lasts (as heavy CPU would) until the second article's request has
        # reached the server, or 3 s: with the slot held through grounding, at concurrency 1 it never would.
        if not first:
            first.append(article.id)
            for _ in range(300):
                if len(fake_openai.requests) >= 2:
                    break
                await asyncio.sleep(0.01)
            seen_while_grounding.append(len(fake_openai.requests))
        return await real(self, reply, extraction, article)

    monkeypatch.setattr(LLMExtractor, "_keep_and_ground", slow_grounding)
    articles = [ArticleText(id=str(n), text=ARTICLE.text + " " * n) for n in range(2)]
    outcomes = make_extractor().extract_many(articles, concurrency=1)
    assert [o.result is not None for o in outcomes] == [True, True]
    assert fake_openai.max_in_flight == 1  # the bound on requests in flight still holds
    assert seen_while_grounding == [2]
