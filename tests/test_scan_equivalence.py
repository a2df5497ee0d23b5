"""The faster scans find what the code they replaced found, over generated text.

Each reference below is the replaced code, kept here only as the test's oracle: words and offsets read
match by match (tokenizer, number parser, context reader), normalize_text's full path, the phrase
matcher that collected its start words first, and the sentence scan's cue look-ups through sets of stems.
"""

from __future__ import annotations

import re

from briefs.arabic import numbers
from briefs.arabic.clitics import stems
from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.arabic.normalize import (
    _ANY_SPACE,
    _DROPPABLE,
    _LIGATURES,
    _PAIRS_FOLDED,
    _REPEATED_SPACE,
    _fold,
    normalize,
    normalize_text,
)
from briefs.arabic.phrases import PhraseIndex, Token, tokenize
from briefs.extract import lexicon
from briefs.grounding import context
from hypothesis import given, settings
from hypothesis import strategies as st

# Letters, marks, digits, spaces and signs that every step of normalization and tokenization treats apart.
_CHARS = (
    "قتلجنودالمسلحينفيهوبكرسعطمة"
    "أإآىؤئةﻻﻷ"
    "\u064b\u064e\u0650\u0651\u0652\u0640\u0670\u200f\u200b"
    "0123456789٠١٢٣"
    "abcXYZ"
    "   \n\t\u00a0\u3000"
    ".,،؛:/-%٪«»()\"'"
)
TEXT = st.text(alphabet=st.sampled_from(list(_CHARS)), max_size=120)

_OLD_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3A-Za-z0-9]+")


def _old_tokenize(text: str) -> list[tuple[str, int, int]]:
    norm = normalize(text)
    spans = [m.span() for m in _OLD_WORD.finditer(norm.text)]
    starts = norm.origins_of([start for start, _ in spans])
    ends = norm.origins_of([end - 1 for _, end in spans])
    return [(m.group(), s, e + 1) for m, s, e in zip(_OLD_WORD.finditer(norm.text), starts, ends, strict=True)]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_tokenize_equals_matching_word_by_word(text):
    tokens = tokenize(text)
    assert [tuple(t) for t in tokens] == _old_tokenize(text)
    assert all(isinstance(t, Token) and t.text == t[0] and t.start == t[1] for t in tokens)
    assert tokenize(text) == tokens and tokenize(text) is not tokens  # memoized, each caller its own list


_OLD_NUMBER_TOKEN = re.compile(numbers._TOKEN.pattern[1:-1])  # the same pattern without its group


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_number_parser_words_and_offsets_equal_the_matches(text):
    parser = numbers._Parser(text)
    matches = list(_OLD_NUMBER_TOKEN.finditer(parser.norm.text))
    assert parser.words == [m.group() for m in matches]
    assert parser.starts == [m.start() for m in matches]
    assert parser.ends == [m.end() for m in matches]


_OLD_CONTEXT_WORD = re.compile(context._WORD.pattern[1:-1])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 4)), max_size=4), st.lists(TEXT, min_size=3, max_size=3))
def test_context_tokens_near_counts_equal_the_matches(spans, pieces):
    text = "".join(pieces) * 3
    mentions = [
        NumberMention("x", s, min(s + n, len(text)), 1, 1, 1, Qualifier.EXACT, Kind.CARDINAL)
        for s, n in sorted(spans)
        if s < len(text)
    ]
    regions: list[list[int]] = []  # as the context reader merges them
    for m in mentions:
        begin, stop = max(0, m.start - context._REACH), min(len(text), m.end + context._REACH)
        if regions and begin <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], stop)
        else:
            regions.append([begin, stop])
    expected: list[tuple[str, int, int]] = []
    for begin, stop in regions:
        if expected:
            expected.append((".", begin, begin))
        expected += [(m[0], m.start(), m.end()) for m in _OLD_CONTEXT_WORD.finditer(text, begin, stop)]
    assert context._tokens_near_counts(mentions, text) == expected


def _old_normalize_text(text: str) -> str:
    text = _DROPPABLE.sub("", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    return _REPEATED_SPACE.sub("", _ANY_SPACE.sub(" ", _fold(text, _PAIRS_FOLDED)))


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_normalize_text_fast_path_equals_every_step(text):
    assert normalize_text(text) == _old_normalize_text(text)


def _old_find(index: PhraseIndex, tokens: list[Token]) -> list:
    matches = []
    starts = {text for text in {token.text for token in tokens} if index._candidates(text)}
    end = 0
    for position in [i for i, token in enumerate(tokens) if token.text in starts]:
        if position >= end and (found := index._at(tokens, position)):
            matches.append(found)
            end = found.last
    return matches


_PHRASES = ["قوات", "قوات الأمن", "قوات الأمن الداخلي", "الأمن", "قتل", "قتل جنود", "مسلحين", "جنود", "في"]
_WORDS = ["قوات", "وقوات", "للقوات", "الأمن", "الداخلي", "قتلوا", "وقتل", "جنود", "المسلحين", "في", "حلب", "3"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=20), st.booleans())
def test_phrase_matches_equal_collecting_start_words_first(words, prefix):
    index = PhraseIndex([(p, p) for p in _PHRASES], prefix=prefix)
    tokens = tokenize(" ".join(words))
    assert index.find(tokens) == _old_find(PhraseIndex([(p, p) for p in _PHRASES], prefix=prefix), tokens)


_LEXICON_WORDS = st.sampled_from(
    [
        "نفى",
        "ونفت",
        "تبنى",
        "تجاهل",
        "ما",
        "أدى",
        "الحرب",
        "العالمية",
        "منذ",
        "بداية",
        "العام",
        "فندق",
        "وقال",
        "الأحد",
        "والجمعة",
        "الاثنين",
        "قتل",
        "الشرطة",
        "في",
        "سنويا",
        "زلزال",
        "بيان",
    ]
)


@settings(max_examples=200, deadline=None)
@given(_LEXICON_WORDS.map(normalize_text))
def test_sentence_scan_word_tables_equal_the_stem_sets(word):
    cues = lexicon._dictionaries()[1]
    forms = set(stems(word))
    facts = lexicon._facts(word)
    assert facts.cues == {name for name in lexicon._WORD_CUES if forms & cues[name]}
    assert list(facts.background_rests) == [
        rest for first in stems(word) for rest in cues["background_phrases"].get(first, ())
    ]
    assert facts.weekday == next((lexicon._WEEKDAYS[f] for f in stems(word) if f in lexicon._WEEKDAYS), None)


def _fold_with_string_patterns(name: str) -> str:
    import unicodedata

    from briefs.grounding.names import _ARTICLES, _SPELLING

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[\s\-]+", re.sub(r"['`.]", "", plain)) if w]
    kept = [w for w in words if w not in _ARTICLES] or words
    kept = kept[:1] + [re.sub(r"^[aeiu]([^aeiou])\1(?=.)", r"\1", w) for w in kept[1:]]
    key = "".join(kept)
    for old, new in _SPELLING:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"(?<=[aiu])h$", "", key)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aeiouhkqdzsltwyAEIZ -'`.éâ", max_size=30))
def test_fold_with_compiled_patterns_folds_as_before(name):
    from briefs.grounding.names import fold

    assert fold.__wrapped__(name) == _fold_with_string_patterns(name)
