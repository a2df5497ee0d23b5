"""The check's faster paths (issue 16) give what the code they replaced gave, over generated text.

Each reference below is the replaced code, kept here only as the test's oracle: normalize_text's chain of
steps (now one translate table), the event reader's loop over each event's stems (now a look-up of its beginnings), and
the number parser's scan that tested each distinct word in Python (now filter and compress).
"""

from __future__ import annotations

from briefs.arabic import numbers
from briefs.arabic.normalize import (
    _ANY_SPACE,
    _DROPPABLE,
    _DROPPED,
    _LIGATURES,
    _PAIRS_FOLDED,
    _REPEATED_SPACE,
    _fold,
    normalize_text,
)
from briefs.grounding import context
from hypothesis import given, settings
from hypothesis import strategies as st


def _old_normalize_text(text: str) -> str:
    text = _DROPPABLE.sub("", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    return _REPEATED_SPACE.sub("", _ANY_SPACE.sub(" ", _fold(text, _PAIRS_FOLDED)))


# Every character a step changes, the letters they become, and every kind of space.
_CHANGED_CHARS = sorted({*_DROPPED, *_LIGATURES, *(char for char, _ in _PAIRS_FOLDED)})
_CHARS = [*_CHANGED_CHARS, *"قتلجنوداهيك", *"ab09", " ", "\t", "\n", "\r", "\x0b", "\x85", "\u2028", "\u1680"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHARS), max_size=40))
def test_normalize_text_by_one_table_equals_the_chain_of_steps(text):
    assert normalize_text(text) == _old_normalize_text(text)


def _old_ar_event(word: str) -> str | None:
    for stem in context._ar_stems(word):
        if stem in context._AR_EVENT_WORDS:
            return context._AR_EVENT_WORDS[stem]
        for event, prefixes in context._AR_EVENT_STEMS.items():
            if stem.startswith(prefixes):
                return event
    return None


_EVENT_PIECES = sorted(
    {p for prefixes in context._AR_EVENT_STEMS.values() for p in prefixes} | set(context._AR_EVENT_WORDS)
)
_WORD = st.tuples(
    st.sampled_from(["", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "ك"]),
    st.sampled_from(_EVENT_PIECES) | st.text(alphabet="قتلصبجرحاسيمنهو", min_size=1, max_size=6),
    st.sampled_from(["", "وا", "ت", "ه", "هم", "ين", "ات", "ي"]),
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_WORD)
def test_event_words_by_their_beginnings_equal_the_loop_over_events(word):
    assert context._ar_event.__wrapped__(word) == _old_ar_event(word)


def _old_parse(text: str) -> list:
    parser = numbers._Parser(text)
    starters = {word for word in set(parser.words) if word[0].isdecimal() or numbers._may_start_number(word)}
    index = 0
    for candidate in [position for position, word in enumerate(parser.words) if word in starters]:
        if candidate < index:
            continue
        if parser.words[candidate][0].isdecimal():
            index = parser.at_digits(candidate) or candidate + 1
        else:
            index = parser.at_word(candidate) or candidate + 1
    return [parser.to_mention(*found) for found in parser.found]


_NUMBER_TEXT = st.lists(
    st.sampled_from(
        [
            "خمسة",
            "وخمسة",
            "الخمسة",
            "عشرات",
            "جنديين",
            "مقتل",
            "في",
            "حلب",
            "12",
            "1,250",
            "الساعة",
            "ديسمبر",
            ",",
            "-",
            "على",
            "الأقل",
            "نحو",
            "و",
            "الف",
            "13",
            "/",
            "2024",
            "تقريبا",
        ]
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_NUMBER_TEXT)
def test_number_scan_in_c_finds_what_the_python_scan_found(text):
    assert numbers.find_numbers(text) == _old_parse(text)
