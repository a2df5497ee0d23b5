"""The phrase index's narrowing by the next word finds exactly what trying every phrase finds."""

from __future__ import annotations

from briefs.arabic.phrases import PhraseIndex, tokenize
from hypothesis import given, settings
from hypothesis import strategies as st

# «قوات» starts many phrases (more than the 8 from which candidates are narrowed by the next word)
_PHRASES = [
    "قوات",
    "قوات الأمن",
    "قوات الأمن الداخلي",
    "قوات النظام",
    "قوات النظام السوري",
    "قوات سوريا الديمقراطية",
    "قوات الجيش",
    "قوات التحالف",
    "قوات التحالف الدولي",
    "قوات الدفاع الوطني",
    "قوات الحكومة",
    "الجيش",
    "الجيش السوري",
    "قتل",
]
_WORDS = [
    "قوات",
    "وقوات",
    "للقوات",
    "الأمن",
    "الداخلي",
    "النظام",
    "السوري",
    "سوريا",
    "الديمقراطية",
    "الجيش",
    "التحالف",
    "الدولي",
    "الدفاع",
    "الوطني",
    "الحكومة",
    "قتلوا",
    "في",
    "حلب",
]


def _every_phrase(index: PhraseIndex):
    return lambda tokens, i: index._candidates(tokens[i].text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), st.booleans())
def test_narrowed_matches_equal_trying_every_phrase(words, prefix):
    index = PhraseIndex([(p, p) for p in _PHRASES], prefix=prefix)
    tokens = tokenize(" ".join(words))
    narrowed = index.find(tokens)
    index._after = _every_phrase(index)
    assert narrowed == index.find(tokens)
