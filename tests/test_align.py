"""Quote alignment: exact, normalized, fuzzy within the threshold, and never across different numbers."""

from __future__ import annotations

from briefs.grounding.align import FUZZY_THRESHOLD, align

SOURCE = (
    "قالت الشرطة العراقية إن قوة أمنية داهمت يوم الأحد حياً في الموصل، واعتقلت الشرطة 5 مشتبهين "
    "بالانتماء إلى خلية تابعة لتنظيم «داعش»، فيما أُصيب شرطيان بجروح خلال المداهمة."
)


def test_exact():
    quote = "واعتقلت الشرطة 5 مشتبهين"
    found = align(quote, SOURCE)
    assert (found.status, SOURCE[found.start : found.end]) == ("exact", quote)


def test_normalized_ignores_diacritics_hamza_and_digit_script():
    found = align("فيما اصيب شرطيان بجروح", SOURCE)
    assert found.status == "normalized"
    assert SOURCE[found.start : found.end] == "فيما أُصيب شرطيان بجروح"
    found = align("واعتقلت الشرطة ٥ مشتبهين", SOURCE)
    assert found.status == "normalized" and SOURCE[found.start : found.end] == "واعتقلت الشرطة 5 مشتبهين"


def test_fuzzy_accepts_a_small_slip_and_points_at_whole_words():
    found = align("داهمت يوم الاحد حيا في الموصل واعتقلت الشرطه 5 مشتبهن", SOURCE)
    assert found.status == "fuzzy" and found.score >= FUZZY_THRESHOLD
    span = SOURCE[found.start : found.end]
    assert "5 مشتبهين" in span and not span[0].isspace() and (found.end == len(SOURCE) or SOURCE[found.end] in " ،.")


def test_fuzzy_never_aligns_a_quote_onto_other_numbers():
    found = align("واعتقلت الشرطة 7 مشتبهين بالانتماء إلى خلية", SOURCE)
    assert found.status == "not_found"
    assert "other numbers" in found.reason


def test_paraphrase_and_empty_are_not_found():
    assert align("أعلن الجيش السيطرة على مدينة تكريت بالكامل", SOURCE).status == "not_found"
    assert align("   ", SOURCE).status == "not_found"
