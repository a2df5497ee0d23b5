"""The one-look-up word filters of the number parser and the phrase index against the code they replaced.

Each reference is the earlier implementation, kept as the specification: the filter in front of it
may only skip work, never change an answer (the speed is measured in bench/, never here).
"""

from __future__ import annotations

from briefs.arabic import lexicon as lx
from briefs.arabic import numbers
from briefs.arabic.clitics import readings
from briefs.arabic.phrases import PhraseIndex, Token, tokenize
from briefs.grounding.names import _dictionary
from hypothesis import given, settings
from hypothesis import strategies as st

_CLITICS = ["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فب", "لل", "ولل", "وب"]
_ENDINGS = ["", "ين", "ان", "ه", "هم", "ها", "نا", "ي", "ون", "ات"]
_STEMS = [*sorted(numbers._STARTERS | lx.MONTHS.keys()), "جندي", "عنصر", "مدني", "قتل", "جيش", "بغداد", "ا", "ن"]
_WORD = st.one_of(
    st.tuples(st.sampled_from(_CLITICS), st.sampled_from(_STEMS), st.sampled_from(_ENDINGS)).map("".join),
    st.text(alphabet=st.sampled_from(list("والبكفينهتمدرقسشعغ")), min_size=1, max_size=7),
)


def _may_start_number_reference(word: str) -> bool:
    could_be_dual = word.endswith(numbers._DUAL_ENDINGS)
    return any(stem in numbers._STARTERS or (could_be_dual and numbers._dual_kind(stem)) for _, stem in readings(word))


@settings(max_examples=1500, deadline=None)
@given(_WORD)
def test_may_start_number_is_the_reading_by_reading_test(word):
    assert numbers._may_start_number(word) == _may_start_number_reference(word)


def test_the_words_reach_both_answers():
    assert numbers._may_start_number("والثلاثين") and numbers._may_start_number("جنديين")
    assert not numbers._may_start_number("بغداد")


def _candidates_reference(index: PhraseIndex, word: str) -> list:
    return [candidate for key in index._keys(word) for candidate in index.by_first.get(key, ())]


_EVENTS = PhraseIndex([(stem, stem) for stem in ["قتل", "اغتيال", "هجوم", "فجر", "اعتقل", "ال"]], prefix=True)
_NAMES = _dictionary().index


@settings(max_examples=1500, deadline=None)
@given(_WORD)
def test_phrase_candidates_are_those_of_every_key(word):
    for index in (_EVENTS, _NAMES):
        assert index._candidates(word) == _candidates_reference(index, word)


def test_tokens_keep_their_fields():
    assert tokenize("قُتل 3 جنود") == [Token("قتل", 0, 4), Token("3", 5, 6), Token("جنود", 7, 11)]
    assert tokenize("قتل")[0].text == "قتل" and tokenize("قتل")[0].end == 3
