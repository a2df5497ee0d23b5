"""The Arabic number parser: gold expressions, num2words round trips, and real articles."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from num2words import num2words

from briefs.arabic.mention import Kind, Qualifier
from briefs.arabic.numbers import find_numbers

from .conftest import DATASETS, needs_shared, read_jsonl, shared_articles

GOLD = read_jsonl(DATASETS / "arabic_numbers.jsonl")


def overlapping(mentions, start: int, end: int):
    return [m for m in mentions if m.start < end and start < m.end]


@pytest.mark.parametrize("case", GOLD, ids=[case["id"] for case in GOLD])
def test_gold_expression(case):
    sentence, text = case["sentence"], case["text"]
    start = sentence.index(text)
    hits = overlapping(find_numbers(sentence), start, start + len(text))
    if case["kind"] is None:  # a trap: weekdays, أول من أمس, a plural after a number
        assert hits == [], f"{text!r} is not a number, got {hits}"
        return
    assert len(hits) == 1, f"expected one mention over {text!r}, got {[(m.text, m.value, m.kind) for m in hits]}"
    mention = hits[0]
    got = {"value": mention.value, "low": mention.low, "high": mention.high, "qualifier": str(mention.qualifier), "kind": str(mention.kind)}
    want = {key: case[key] for key in got}
    for optional in ("month", "year"):
        if optional in case:
            got[optional], want[optional] = getattr(mention, optional), case[optional]
    assert got == want
    assert sentence[mention.start : mention.end] == mention.text


def test_gold_covers_every_case_the_issue_names():
    counts: dict[str, int] = {}
    for case in GOLD:
        counts[case["case"]] = counts.get(case["case"], 0) + 1
    assert len(GOLD) >= 300
    for tag in ("digits", "digits_glued", "cardinal_words", "compounds", "mixed_digits_words", "prefixes", "dual",
                "dual_agreement", "ordinal", "ordinal_date", "date", "year", "time", "percent", "vague", "qualifier", "name", "trap"):
        assert counts.get(tag, 0) >= 5, f"too few gold cases tagged {tag}"


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_num2words_arabic_parses_back(number):
    words = num2words(number, lang="ar")
    # num2words writes a thousands or millions group of the form X01 as "سبعمائة و ألف ألف"
    # (701000): its own bug, not Arabic; such strings are left out rather than parsed "correctly".
    assume(not re.search("ألف ألف|مليون مليون", words))
    mentions = find_numbers(words)
    assert [(m.value, m.kind) for m in mentions] == [(number, Kind.CARDINAL)], words
    assert (mentions[0].start, mentions[0].end) == (0, len(words))


@pytest.mark.parametrize("number", [0, 1, 2, 10, 11, 12, 19, 20, 21, 100, 101, 200, 1000, 2000, 3000, 11000, 10**6, 2 * 10**6, 3 * 10**6, 10**9])
def test_num2words_landmarks(number):
    assert [m.value for m in find_numbers(num2words(number, lang="ar"))] == [number]


@needs_shared
@pytest.mark.parametrize("path", shared_articles(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_articles_parse_and_every_digit_is_in_a_mention(path):
    text = path.read_text(encoding="utf-8")
    mentions = find_numbers(text)
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "mentions overlap"
    for digits in re.finditer(r"[0-9\u0660-\u0669\u06f0-\u06f9]+", text):
        assert any(s <= digits.start() and digits.end() <= e for s, e in spans), f"{digits.group()!r} at {digits.start()} is in no mention"
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.qualifier in Qualifier


def test_weekday_is_not_two_and_the_date_beside_it_is_read():
    mentions = find_numbers("قالت قوات قسد يوم الاثنين، 13 كانون الأول/ديسمبر، إن")
    assert [(m.text, m.kind, m.value, m.month) for m in mentions] == [("13 كانون الأول/ديسمبر", Kind.DATE, 13, 12)]


def test_dual_by_agreement_versus_plural_after_a_number():
    dual = find_numbers("غير أن مقاتلين من قوات «قسد» تعرضا للقتل وفقدا حياتهما")
    assert [(m.text, m.value, m.kind) for m in dual] == [("مقاتلين", 2, Kind.DUAL)]
    plural = find_numbers("قتل تسعة مقاتلين روس في الهجوم")
    assert [(m.text, m.value, m.kind) for m in plural] == [("تسعة", 9, Kind.CARDINAL)]
