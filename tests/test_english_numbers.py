"""The English number-mention parser: a table of expressions, traps, offsets and num2words round trips."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.arabic.numbers import MAX_COUNT_DIGITS
from briefs.grounding.english import find_english_numbers
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words  # type: ignore[import-untyped]  # num2words ships no types and no stubs exist

EX, AL, MT, LT, AP, VG = "exact", "at_least", "more_than", "less_than", "approximately", "vague"
CARD, ORD, DATE, YEAR, TIME, PCT, NAME = "cardinal", "ordinal", "date", "year", "time", "percent", "name"

# (sentence, [(text, value, low, high, qualifier, kind[, month, year]), ...]): every mention in it.
CASES: list[tuple[str, list[tuple]]] = [
    # qualifiers
    ("At least 7 soldiers were killed.", [("At least 7", 7, 7, None, AL, CARD)]),
    ("no fewer than 12 people died", [("no fewer than 12", 12, 12, None, AL, CARD)]),
    ("a minimum of 40 rockets", [("a minimum of 40", 40, 40, None, AL, CARD)]),
    ("more than 30 civilians", [("more than 30", 30, 30, None, MT, CARD)]),
    ("over 200 homes", [("over 200", 200, 200, None, MT, CARD)]),
    ("upwards of 1,000 families", [("upwards of 1,000", 1000, 1000, None, MT, CARD)]),
    ("in excess of 500 troops", [("in excess of 500", 500, 500, None, MT, CARD)]),
    ("fewer than 10 fighters", [("fewer than 10", 10, None, 10, LT, CARD)]),
    ("less than 5 percent", [("less than 5 percent", 5, None, 5, LT, PCT)]),
    ("under 18 years old", [("under 18", 18, None, 18, LT, CARD)]),
    ("up to 300 detainees", [("up to 300", 300, None, 300, LT, CARD)]),
    ("at most 4 vehicles", [("at most 4", 4, None, 4, LT, CARD)]),
    ("no more than 3 attackers", [("no more than 3", 3, None, 3, LT, CARD)]),
    ("about 100 people", [("about 100", 100, 100, 100, AP, CARD)]),
    ("around 60 fighters", [("around 60", 60, 60, 60, AP, CARD)]),
    ("approximately 2.5 million", [("approximately 2.5 million", 2500000, 2500000, 2500000, AP, CARD)]),
    ("roughly forty guards", [("roughly forty", 40, 40, 40, AP, CARD)]),
    ("some 1,200 fled", [("some 1,200", 1200, 1200, 1200, AP, CARD)]),
    ("nearly 80% of them", [("nearly 80%", 80, 80, 80, AP, PCT)]),
    ("almost twenty-five", [("almost twenty-five", 25, 25, 25, AP, CARD)]),
    ("an estimated 5,000 residents", [("an estimated 5,000", 5000, 5000, 5000, AP, CARD)]),
    ("close to 90 shells", [("close to 90", 90, 90, 90, AP, CARD)]),
    ("estimated 70 casualties", [("estimated 70", 70, 70, 70, AP, CARD)]),
    ("30 or more were hurt", [("30 or more", 30, 30, None, AL, CARD)]),
    ("ten or so gunmen", [("ten or so", 10, 10, 10, AP, CARD)]),
    ("30 people or more", [("30", 30, 30, None, AL, CARD)]),
    ("more than a dozen", [("more than a dozen", 12, 12, None, MT, CARD)]),
    # cardinals in digits
    ("1,200 people", [("1,200", 1200, 1200, 1200, EX, CARD)]),
    ("2.5 tonnes", [("2.5", 2.5, 2.5, 2.5, EX, CARD)]),
    ("10,000 troops", [("10,000", 10000, 10000, 10000, EX, CARD)]),
    ("1.5 million people", [("1.5 million", 1500000, 1500000, 1500000, EX, CARD)]),
    ("5 million", [("5 million", 5000000, 5000000, 5000000, EX, CARD)]),
    ("3 thousand", [("3 thousand", 3000, 3000, 3000, EX, CARD)]),
    ("2,000 people", [("2,000", 2000, 2000, 2000, EX, CARD)]),
    ("2000 people", [("2000", 2000, 2000, 2000, EX, CARD)]),
    ("$5bn in aid", [("5bn", 5000000000, 5000000000, 5000000000, EX, CARD)]),
    # cardinals in words
    ("twenty-one soldiers", [("twenty-one", 21, 21, 21, EX, CARD)]),
    ("one hundred and fifty", [("one hundred and fifty", 150, 150, 150, EX, CARD)]),
    ("two thousand five hundred", [("two thousand five hundred", 2500, 2500, 2500, EX, CARD)]),
    ("Thirteen died.", [("Thirteen", 13, 13, 13, EX, CARD)]),
    ("a dozen rockets", [("a dozen", 12, 12, 12, EX, CARD)]),
    ("half a dozen drones", [("half a dozen", 6, 6, 6, EX, CARD)]),
    ("a hundred times", [("a hundred", 100, 100, 100, EX, CARD)]),
    ("a thousand men", [("a thousand", 1000, 1000, 1000, EX, CARD)]),
    ("two dozen", [("two dozen", 24, 24, 24, EX, CARD)]),
    ("zero casualties and no deaths", []),
    # vague
    ("dozens of people", [("dozens", None, 20, 99, VG, CARD)]),
    ("scores of people", [("scores", None, 20, 99, VG, CARD)]),
    ("tens of people", [("tens of", None, 20, 99, VG, CARD)]),
    ("hundreds were displaced", [("hundreds", None, 200, 999, VG, CARD)]),
    ("thousands fled", [("thousands", None, 2000, 999999, VG, CARD)]),
    ("tens of thousands", [("tens of thousands", None, 20000, 99999, VG, CARD)]),
    ("hundreds of thousands", [("hundreds of thousands", None, 200000, 999999, VG, CARD)]),
    ("millions of dollars", [("millions", None, 2000000, None, VG, CARD)]),
    ("several soldiers", [("several", None, 3, 10, VG, CARD)]),
    ("a few days", [("a few", None, 2, 9, VG, CARD)]),
    ("a number of attacks", [("a number of", None, 2, None, VG, CARD)]),
    ("several hundred", [("several hundred", None, 300, 999, VG, CARD)]),
    ("a few thousand", [("a few thousand", None, 2000, 5999, VG, CARD)]),
    ("many people and numerous raids", []),
    ("the team scores goals", []),
    # ordinals
    ("the first attack", [("first", 1, 1, 1, EX, ORD)]),
    ("the twentieth", [("twentieth", 20, 20, 20, EX, ORD)]),
    ("the twenty-first", [("twenty-first", 21, 21, 21, EX, ORD)]),
    (
        "1st, 2nd, 3rd, 10th, 21st",
        [(t, v, v, v, EX, ORD) for t, v in (("1st", 1), ("2nd", 2), ("3rd", 3), ("10th", 10), ("21st", 21))],
    ),
    ("at first", [("first", 1, 1, 1, EX, ORD)]),
    ("a first-hand account", [("first", 1, 1, 1, EX, ORD)]),
    ("a second attack", [("second", 2, 2, 2, EX, ORD)]),
    # dates
    ("on 13 December", [("13 December", 13, 13, 13, EX, DATE, 12, None)]),
    ("on December 13", [("December 13", 13, 13, 13, EX, DATE, 12, None)]),
    ("on 13 December 2021", [("13 December 2021", 13, 13, 13, EX, DATE, 12, 2021)]),
    ("on December 13, 2021, police", [("December 13, 2021", 13, 13, 13, EX, DATE, 12, 2021)]),
    ("on Dec. 13 the", [("Dec. 13", 13, 13, 13, EX, DATE, 12, None)]),
    ("on Sept. 3", [("Sept. 3", 3, 3, 3, EX, DATE, 9, None)]),
    ("on the 10th of June", [("10th of June", 10, 10, 10, EX, DATE, 6, None)]),
    ("on the first of March", [("first of March", 1, 1, 1, EX, DATE, 3, None)]),
    ("on May 5", [("May 5", 5, 5, 5, EX, DATE, 5, None)]),
    ("they may 5 times", [("5", 5, 5, 5, EX, CARD)]),
    ("the attack may spread", []),
    ("Monday, 13/12/2021", [("13/12/2021", 13, 13, 13, EX, DATE, 12, 2021)]),
    # years
    ("in 2019", [("2019", 2019, 2019, 2019, EX, YEAR)]),
    ("since 2011", [("2011", 2011, 2011, 2011, EX, YEAR)]),
    ("by 2020", [("2020", 2020, 2020, 2020, EX, YEAR)]),
    ("during 1999", [("1999", 1999, 1999, 1999, EX, YEAR)]),
    ("until 2022", [("2022", 2022, 2022, 2022, EX, YEAR)]),
    ("the war of 2006", [("2006", 2006, 2006, 2006, EX, YEAR)]),
    ("from 2015", [("2015", 2015, 2015, 2015, EX, YEAR)]),
    ("the year 2000", [("2000", 2000, 2000, 2000, EX, YEAR)]),
    ("early 2010 and late 1990", [("2010", 2010, 2010, 2010, EX, YEAR), ("1990", 1990, 1990, 1990, EX, YEAR)]),
    ("mid-2019", [("2019", 2019, 2019, 2019, EX, YEAR)]),
    ("December 2021", [("December 2021", 2021, 2021, 2021, EX, YEAR, 12, None)]),
    ("the 2019 elections", [("2019", 2019, 2019, 2019, EX, YEAR)]),
    ("2000 soldiers", [("2000", 2000, 2000, 2000, EX, CARD)]),
    ("about 2000 died", [("about 2000", 2000, 2000, 2000, AP, CARD)]),
    ("the 2019-2020 season", [("2019", 2019, 2019, 2019, EX, YEAR), ("2020", 2020, 2020, 2020, EX, YEAR)]),
    ("between 2011 and 2012", [("2011", 2011, 2011, 2011, EX, YEAR), ("2012", 2012, 2012, 2012, EX, YEAR)]),
    # times
    ("at 8 a.m.", [("8 a.m.", 8, 8, 8, EX, TIME)]),
    ("at 8am", [("8am", 8, 8, 8, EX, TIME)]),
    ("at 8:30 p.m.", [("8:30 p.m.", 8.5, 8.5, 8.5, EX, TIME)]),
    ("at 8 o'clock", [("8 o'clock", 8, 8, 8, EX, TIME)]),
    ("at 20:30 local time", [("20:30", 20.5, 20.5, 20.5, EX, TIME)]),
    ("at 10:00", [("10:00", 10, 10, 10, EX, TIME)]),
    ("at 7.15pm", [("7.15pm", 7.25, 7.25, 7.25, EX, TIME)]),
    ("at noon", []),
    # percentages
    ("80 percent", [("80 percent", 80, 80, 80, EX, PCT)]),
    ("80 per cent", [("80 per cent", 80, 80, 80, EX, PCT)]),
    ("80%", [("80%", 80, 80, 80, EX, PCT)]),
    ("2.5% inflation", [("2.5%", 2.5, 2.5, 2.5, EX, PCT)]),
    ("eighty percent", [("eighty percent", 80, 80, 80, EX, PCT)]),
    # names
    ("an F-16 jet", [("F-16", 16, 16, 16, EX, NAME)]),
    ("two Su-24 bombers", [("two", 2, 2, 2, EX, CARD), ("Su-24", 24, 24, 24, EX, NAME)]),
    ("a MiG-21", [("MiG-21", 21, 21, 21, EX, NAME)]),
    ("T-72 tanks", [("T-72", 72, 72, 72, EX, NAME)]),
    ("the M4 highway", [("M4", 4, 4, 4, EX, NAME)]),
    ("the Badr 1 operation", [("Badr 1", 1, 1, 1, EX, NAME)]),
    ("Division 17 and the 17th Division", [("Division 17", 17, 17, 17, EX, NAME), ("17th", 17, 17, 17, EX, ORD)]),
    ("Brigade 93", [("Brigade 93", 93, 93, 93, EX, NAME)]),
    ("Resolution 2254", [("Resolution 2254", 2254, 2254, 2254, EX, NAME)]),
    ("under Article 4", [("Article 4", 4, 4, 4, EX, NAME)]),
    ("COVID-19 cases", [("COVID-19", 19, 19, 19, EX, NAME)]),
    ("the Sinai 2018 campaign", [("Sinai 2018", 2018, 2018, 2018, EX, NAME)]),
    ("told France 24", [("France 24", 24, 24, 24, EX, NAME)]),
    ("Suwayda 24 reported", [("Suwayda 24", 24, 24, 24, EX, NAME)]),
    ("In Suwayda 24 people died", [("24", 24, 24, 24, EX, CARD)]),
    ("District 400", [("District 400", 400, 400, 400, EX, NAME)]),
    ("an A320 and 3G", [("A320", 320, 320, 320, EX, NAME), ("3G", 3, 3, 3, EX, NAME)]),
    # the article and the pronoun "one"
    ("a soldier and an attack", []),
    ("no one was hurt", []),
    ("No-one was hurt", []),
    ("they blamed one another", []),
    ("the one who fired", []),
    ("someone or anyone", []),
    ("every one of them", []),
    ("this one is new", []),
    ("one's duty", []),
    ("one’s duty", []),
    ("one could argue", []),
    ("one by one", []),
    ("one soldier died", [("one", 1, 1, 1, EX, CARD)]),
    ("one more attack", [("one", 1, 1, 1, EX, CARD)]),
    ("one of the victims", []),  # names one of a group, not a count
    ("officials said that one was killed", [("one", 1, 1, 1, EX, CARD)]),
    ("the one soldier who survived", [("one", 1, 1, 1, EX, CARD)]),
    ("One died.", [("One", 1, 1, 1, EX, CARD)]),
    # fractions are shares, not counts
    ("a third of the victims", [("a third", 0.3333, 0.3333, 0.3333, EX, "fraction")]),
    ("two-thirds of homes", [("two-thirds", 0.6667, 0.6667, 0.6667, EX, "fraction")]),
    ("half an hour", [("half", 0.5, 0.5, 0.5, EX, "fraction")]),
    ("a quarter hour", [("a quarter", 0.25, 0.25, 0.25, EX, "fraction")]),
    ("an hour and a half", [("an hour and a half", 1.5, 1.5, 1.5, EX, CARD)]),
    ("two and a half hours", [("two and a half", 2.5, 2.5, 2.5, EX, CARD)]),
    ("a third child was hurt", [("third", 3, 3, 3, EX, "ordinal")]),
    # words that state two, and words that do not
    ("both soldiers were killed", [("both", 2, 2, 2, EX, CARD)]),
    ("twin blasts", [("twin", 2, 2, 2, EX, CARD)]),
    ("struck twice", [("twice", 2, 2, 2, EX, CARD)]),
    ("a pair of drones", [("a pair", 2, 2, 2, EX, CARD)]),
    ("a couple of days", [("a couple", 2, 2, 2, EX, CARD)]),
    ("both sides", []),
    ("both Ali and Omar", []),
    ("for the first time", []),
    # ranges
    ("5-10 people", [("5", 5, 5, 5, EX, CARD), ("10", 10, 10, 10, EX, CARD)]),
    ("between 5 and 10", [("5", 5, 5, 5, EX, CARD), ("10", 10, 10, 10, EX, CARD)]),
    # number words with a comma
    ("two thousand, four hundred", [("two thousand, four hundred", 2400, 2400, 2400, EX, CARD)]),
    ("killed a thousand, five were hurt", [("a thousand", 1000, 1000, 1000, EX, CARD), ("five", 5, 5, 5, EX, CARD)]),
    (
        "one thousand and five hundred",
        [("one thousand", 1000, 1000, 1000, EX, CARD), ("five hundred", 500, 500, 500, EX, CARD)],
    ),
]


def _row(mention: NumberMention) -> tuple:
    return (
        mention.text,
        mention.value,
        mention.low,
        mention.high,
        str(mention.qualifier),
        str(mention.kind),
        mention.month,
        mention.year,
    )


def _pad(expected: tuple) -> tuple:
    return expected + (None,) * (8 - len(expected))


@pytest.mark.parametrize("sentence,expected", CASES, ids=[case[0] for case in CASES])
def test_table(sentence, expected):
    mentions = find_english_numbers(sentence)
    assert [_row(m) for m in mentions] == [_pad(e) for e in expected]
    for mention in mentions:
        assert sentence[mention.start : mention.end] == mention.text
        assert isinstance(mention.qualifier, Qualifier) and isinstance(mention.kind, Kind)
        assert mention.noun == frozenset() and mention.category is None


def test_offsets_point_at_the_characters():
    text = "On 13 December 2021, at least 7 soldiers and about 80% of the 1,200 residents of Suwayda fled at 8 a.m."
    got = [(m.start, m.end, m.kind) for m in find_english_numbers(text)]
    want = [
        (text.index("13 December 2021"), text.index("13 December 2021") + len("13 December 2021"), Kind.DATE),
        (text.index("at least 7"), text.index("at least 7") + len("at least 7"), Kind.CARDINAL),
        (text.index("about 80%"), text.index("about 80%") + len("about 80%"), Kind.PERCENT),
        (text.index("1,200"), text.index("1,200") + 5, Kind.CARDINAL),
        (text.index("8 a.m."), len(text), Kind.TIME),
    ]
    assert got == want


SUMMARY = (
    "Syrian Democratic Forces said on Monday, 13 December 2021, that at least 7 of its fighters and "
    "more than 30 Islamic State militants were killed in clashes near the M4 highway, in the second "
    "attack since early 2019. Some 1,200 residents, about 40% of the village, fled; dozens were "
    "wounded and one of the 3 F-16 jets was hit at 8:30 p.m., officials told France 24. No one "
    "claimed the attack, which killed two thousand, four hundred and twelve sheep and 2.5 tonnes of grain."
)


def test_summary_mentions_sorted_disjoint_and_every_digit_is_covered():
    mentions = find_english_numbers(SUMMARY)
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in pairwise(spans))
    for digits in re.finditer(r"\d+", SUMMARY):
        assert any(s <= digits.start() and digits.end() <= e for s, e in spans), digits.group()
    assert [m.text for m in mentions] == [
        "13 December 2021",
        "at least 7",
        "more than 30",
        "M4",
        "second",
        "2019",
        "Some 1,200",
        "about 40%",
        "dozens",
        "3",
        "F-16",
        "8:30 p.m.",
        "France 24",
        "two thousand, four hundred and twelve",
        "2.5",
    ]


def test_mentions_serialize_through_the_shared_contract():
    (mention,) = find_english_numbers("December 2021")
    assert mention.to_json() == {
        "text": "December 2021",
        "start": 0,
        "end": 13,
        "value": 2021,
        "low": 2021,
        "high": 2021,
        "qualifier": "exact",
        "kind": "year",
        "month": 12,
    }


def test_zero_is_not_a_mention():
    assert find_english_numbers(num2words(0, lang="en")) == []


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_num2words_english_parses_back(number):
    words = num2words(number, lang="en")
    mentions = find_english_numbers(words)
    assert [(m.value, m.kind, m.qualifier) for m in mentions] == [(number, Kind.CARDINAL, Qualifier.EXACT)], words
    assert (mentions[0].start, mentions[0].end) == (0, len(words))
    sentence = f"Officials said {words} were displaced."
    (inside,) = find_english_numbers(sentence)
    assert (inside.text, inside.value, inside.start) == (words, number, len("Officials said "))


_WORDS = [
    "a",
    "an",
    "one",
    "no",
    "the",
    "of",
    "and",
    ",",
    ".",
    "-",
    "at",
    "least",
    "more",
    "than",
    "or",
    "so",
    "about",
    "hundred",
    "thousand",
    "million",
    "dozen",
    "dozens",
    "tens",
    "hundreds",
    "thousands",
    "several",
    "few",
    "first",
    "twenty",
    "twenty-one",
    "May",
    "may",
    "December",
    "Dec.",
    "in",
    "since",
    "people",
    "percent",
    "%",
    "F-16",
    "Division",
    "a.m.",
    "o'clock",
    "13",
    "2019",
    "2,000",
    "1.5",
    "8:30",
    "10th",
    "8am",
    "A320",
    "5-10",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), max_size=25), st.lists(st.sampled_from(["", " ", "  "]), min_size=25, max_size=25)
)
def test_any_text_gives_sorted_disjoint_mentions_with_their_own_text(words, gaps):
    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    mentions = find_english_numbers(text)
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in pairwise(spans))
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text) and text[mention.start : mention.end] == mention.text
        if mention.qualifier is Qualifier.VAGUE:
            assert mention.value is None and mention.low is not None
        elif (
            sum(c.isdecimal() for c in mention.text) > MAX_COUNT_DIGITS
        ):  # glued digits ("13" "2019" "2019"): a name, no value
            assert mention.kind is Kind.NAME and mention.value is None
        else:
            assert mention.value is not None


@pytest.mark.parametrize(
    "number", [1, 11, 21, 99, 100, 101, 110, 999, 1000, 1001, 1100, 10**5, 10**6 + 1, 1_001_000, 10**9 - 1, 10**9]
)
def test_num2words_landmarks(number):
    assert [m.value for m in find_english_numbers(num2words(number, lang="en"))] == [number]


@pytest.mark.parametrize("text", ["Call 00963112345678 now", "1" * 5000, "id 123456789012345678901234567890 p.m."])
def test_overlong_digit_runs_are_names_without_a_value(text):
    mentions = find_english_numbers(text)
    assert [(m.kind, m.value) for m in mentions][:1] == [(Kind.NAME, None)]
