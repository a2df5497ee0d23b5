"""Normalization: what it folds, and that every offset maps back to the characters it came from."""

from __future__ import annotations

from briefs.arabic.normalize import has_arabic, normalize
from hypothesis import given, settings
from hypothesis import strategies as st

# Arabic letters, diacritics, tatweel, digits of three scripts, separators, bidi/zero-width controls,
# spaces of several kinds, Latin, and the lam-alef ligature.
ALPHABET = st.sampled_from(
    list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإٱىةؤئ")
    + list("\u064b\u064e\u064f\u0650\u0651\u0652\u0640\u0670")
    + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬،؛؟«»٪")
    + ["\u200e", "\u200f", "\u200c", "\u200d", "\u061c", "\u202a", "\u202e", "\u00a0", " ", "\n", "\t"]
    + list("abcXYZ.,-%")
    + ["ﻻ"]
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_offsets_map_inside_the_original_and_round_trip(text):
    norm = normalize(text)
    assert len(norm.origin) == len(norm.text)
    assert list(norm.origin) == sorted(norm.origin)
    for index, char in enumerate(norm.text):
        origin = norm.origin[index]
        assert 0 <= origin < len(text)
        # The normalized character is the normalization of the original one it maps to.
        source_char = text[origin]
        assert char in normalize(source_char, collapse_spaces=False).text or (char == " " and source_char.isspace())
    assert norm.origins_of(list(range(len(norm.text)))) == list(norm.origin)
    for start in range(len(norm.text)):
        for end in range(start + 1, min(len(norm.text), start + 6) + 1):
            a, b = norm.to_original(start, end)
            assert 0 <= a < b <= len(text)
            # Normalizing the mapped original span gives back the normalized span (spaces aside).
            assert (
                normalize(text[a:b]).text.strip() == norm.text[start:end].strip()
                or norm.text[start:end].isspace()
                or norm.text[start:end].strip() in normalize(text[a:b]).text
            )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120), st.data())
def test_origins_of_is_origin_of_for_each_ascending_index(text, data):
    norm = normalize(text)
    indexes = sorted(data.draw(st.lists(st.integers(0, max(0, len(norm.text) - 1)), max_size=40))) if norm.text else []
    assert norm.origins_of(indexes) == [norm.origin_of(index) for index in indexes]


def test_folds_what_matching_needs():
    assert normalize("أإآٱ").text == "اااا"
    assert normalize("قُتِلَ الـــجنود").text == "قتل الجنود"
    assert normalize("مستشفى مدرسة").text == "مستشفي مدرسه"
    assert normalize("١٢٣ ۴۵۶ ٣٫٥ ١٬٠٠٠").text == "123 456 3.5 1,000"
    assert normalize("«قسد»، نعم؛ لا؟ ٥٪").text == '"قسد", نعم; لا? 5%'
    assert normalize("a\u200fb\u200e\u200cc\u200d\u061c\u202bd\u00a0e").text == "abcd e"
    assert normalize("مدرسة", fold_ta_marbuta=False).text == "مدرسة"


def test_span_maps_to_the_real_characters():
    text = "قُتِلَ ٥ عناصرَ"
    norm = normalize(text)
    start = norm.text.index("5 عناصر")
    a, b = norm.to_original(start, start + len("5 عناصر"))
    assert text[a:b] == "٥ عناصرَ"[: b - a] and text[a] == "٥"


def test_has_arabic():
    assert has_arabic("قتل خمسة", 5)
    assert not has_arabic("Five were killed", 1)
