"""Faster rewrites against the straightforward code they replaced, on random text.

Each reference below is the earlier implementation, kept here as the specification: the rewrite must
give exactly its results (the speed is measured in bench/, never here).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.grounding import context

# Words the rewritten code looks for, their neighbours, and noise: clitics, diacritics, digits, marks.
_WORDS = ["مقتل", "وقتل", "قتل", "اغتيال", "مصرع", "ضحيته", "استشهد", "وفاة", "توفي", "أصيب", "إصابة", "جرح", "اعتقال", "اعتقل",
          "توقيف", "أوقف", "اختطاف", "اختطف", "خطف", "وخطف", "جندي", "شرطي", "شخص", "مدني", "طفل", "طفلة", "امرأة", "رجل", "ضابط",
          "عنصر", "مسلح", "الجندي", "والشرطي", "أمن", "في", "من", "و", "قُتِلَ", "جنديٌ", "قتلتوفي", "5", "12", "٣", ".", "،", "(", "-",
          "_", "abc", "\n", "12مقتل", "مقـتل", "²قتل", "جندي²"]
_TEXT = st.lists(st.sampled_from(_WORDS), max_size=30).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "", "  ", "\u200f"]), min_size=len(words), max_size=len(words)).map(
        lambda gaps: "".join(g + w for g, w in zip(gaps, words))))


def _singular_counts_reference(text: str) -> list[NumberMention]:
    found = []
    tokens = list(context._SINGULAR.finditer(text))
    for i, match in enumerate(tokens[:-1]):
        if not context._SINGULAR_EVENT_HINT.search(match.group()):
            continue
        event = next((context._SINGULAR_EVENTS[s] for s in context._ar_stems(match.group()) if s in context._SINGULAR_EVENTS), None)
        if event is None:
            continue
        for j in (i + 1, i + 2):
            if j >= len(tokens):
                break
            word = tokens[j].group()
            noun = next((s for s in context._ar_stems(word) if s in context._SINGULAR_PEOPLE), None)
            after = tokens[j + 1].group() if j + 1 < len(tokens) else ""
            if noun and not after[:1].isdecimal():
                start, end = match.start(), tokens[j].end()
                found.append(NumberMention(text=text[start:end], start=start, end=end, value=1, low=1, high=1,
                                           qualifier=Qualifier.EXACT, kind=Kind.CARDINAL, noun=context._ar_noun(word), category=event,
                                           events=frozenset({event})))
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
