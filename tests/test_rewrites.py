"""Faster rewrites against the straightforward code they replaced, on random text.

Each reference below is the earlier implementation, kept here as the specification: the rewrite must
give exactly its results (the speed is measured in bench/, never here).
"""

from __future__ import annotations

import re

from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.grounding import context
from hypothesis import given, settings
from hypothesis import strategies as st

# Words the rewritten code looks for, their neighbours, and noise: clitics, diacritics, digits, marks.
_WORDS = [
    "مقتل",
    "وقتل",
    "قتل",
    "اغتيال",
    "مصرع",
    "ضحيته",
    "استشهد",
    "وفاة",
    "توفي",
    "أصيب",
    "إصابة",
    "جرح",
    "اعتقال",
    "اعتقل",
    "توقيف",
    "أوقف",
    "اختطاف",
    "اختطف",
    "خطف",
    "وخطف",
    "جندي",
    "شرطي",
    "شخص",
    "مدني",
    "طفل",
    "طفلة",
    "امرأة",
    "رجل",
    "ضابط",
    "عنصر",
    "مسلح",
    "الجندي",
    "والشرطي",
    "أمن",
    "في",
    "من",
    "و",
    "قُتِلَ",
    "جنديٌ",
    "قتلتوفي",
    "5",
    "12",
    "٣",
    ".",
    "،",
    "(",
    "-",
    "_",
    "abc",
    "\n",
    "12مقتل",
    "مقـتل",
    "²قتل",
    "جندي²",
    "أي",
    "شابة",
]
_TEXT = st.lists(st.sampled_from(_WORDS), max_size=30).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "", "  ", "\u200f"]), min_size=len(words), max_size=len(words)).map(
        lambda gaps: "".join(g + w for g, w in zip(gaps, words, strict=True))
    )
)


def _singular_counts_reference(text: str) -> list[NumberMention]:
    found = []
    tokens = list(context._SINGULAR.finditer(text))
    for i, match in enumerate(tokens[:-1]):
        if not context._SINGULAR_EVENT_HINT.search(match.group()):
            continue
        event = next(
            (context._SINGULAR_EVENTS[s] for s in context._ar_stems(match.group()) if s in context._SINGULAR_EVENTS),
            None,
        )
        if event is None:
            continue
        for j in (i + 1, i + 2):
            if j >= len(tokens):
                break
            word = tokens[j].group()
            if j == i + 2 and context.normalize_text(tokens[i + 1].group()) in context._ANY:
                break
            noun = next((s for s in context._ar_stems(word) if s in context._SINGULAR_PEOPLE), None)
            after = tokens[j + 1].group() if j + 1 < len(tokens) else ""
            if noun and not after[:1].isdecimal():
                start, end = match.start(), tokens[j].end()
                found.append(
                    NumberMention(
                        text=text[start:end],
                        start=start,
                        end=end,
                        value=1,
                        low=1,
                        high=1,
                        qualifier=Qualifier.EXACT,
                        kind=Kind.CARDINAL,
                        noun=context._ar_noun(word),
                        category=event,
                        events=frozenset({event}),
                    )
                )
                break
            if not word[:1].isalpha():
                break
    return found


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_singular_counts_as_the_word_by_word_scan(text):
    assert context.singular_counts(text) == _singular_counts_reference(text)


def test_the_random_texts_reach_singular_counts():
    assert context.singular_counts("مقتل جندي وأصيب شرطي") == _singular_counts_reference("مقتل جندي وأصيب شرطي") != []


# The number parser tries at a word only the matchers whose tables hold the word (numbers._matchers_for).
from briefs.arabic import lexicon as lx  # noqa: E402
from briefs.arabic import numbers  # noqa: E402

_MATCHERS = (
    numbers._Parser.at_hour_word,
    numbers._Parser.at_fraction,
    numbers._Parser.at_vague,
    numbers._Parser.at_ordinal,
    numbers._Parser.at_number_words,
    numbers._Parser.at_one_of,
    numbers._Parser.at_dual,
)
_TABLE_WORDS = sorted(
    {
        w
        for table in (
            lx.HOUR_WORDS,
            lx.TWO_WORDS,
            lx.HALF_UNITS,
            lx.FRACTIONS,
            lx.VAGUE,
            lx.VAGUE_NEEDING_MIN,
            lx.ORDINALS,
            lx.UNITS,
            lx.TEEN_ONLY_UNITS,
            lx.TENS,
            lx.HUNDREDS,
            lx.SCALES,
            lx.ONE_OF_PRONOUNS,
            lx.ONE_OF,
            lx.NOT_DUALS,
            lx.TEN_MARKS,
            lx.TIME_OF_DAY,
            lx.HOUR_FRACTIONS,
        )
        for w in table
        if isinstance(w, str)
    }
)
_NUMBER_WORD = st.tuples(
    st.sampled_from(["", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "ك"]),
    st.sampled_from(
        [*_TABLE_WORDS, "جنديين", "عنصرين", "مدنيان", "طفليه", "عام", "عدد", "من", "ونصف", "الا", "5", "12"]
    ),
    st.sampled_from(["", "", "ين", "ان", "ه", "هم"]),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NUMBER_WORD, min_size=1, max_size=6))
def test_a_matcher_left_out_for_a_word_never_reads_a_number_there(words):
    text = " ".join(words)
    for index, word in enumerate(numbers._Parser(text).words):
        kept = numbers._matchers_for(word)
        for matcher in _MATCHERS:
            if matcher not in kept:
                parser = numbers._Parser(text)
                assert not matcher(parser, index) and not parser.found, (matcher.__name__, word)


_OLD_NUMBER_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?!\d)|\d+(?:\.\d+)?|[\u0621-\u064A\u0671-\u06D3]+|[A-Za-z]+|\S"
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from([*"قتل 5جنود,.12٣٤۵ab٫،\u0660\u0669\u06f0\u06d3\u0671ـ-", " ", "\n"]),
        max_size=60,
    )
)
def test_the_number_tokens_are_those_of_the_digits_first_pattern(text):
    assert [m.span() for m in numbers._TOKEN.finditer(text)] == [m.span() for m in _OLD_NUMBER_TOKEN.finditer(text)]
