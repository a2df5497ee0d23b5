"""Flags are data (kind, part, figure, status, Arabic evidence); their words are made where they are shown."""

from __future__ import annotations

from briefs.acled import CountCategory, CountQualifier
from briefs.brief.model import Brief, Quoted, ReviewItem
from briefs.brief.render import build_view, render_html, render_markdown
from briefs.domain import (
    DATE_GUESSED,
    ExtractionResult,
    FlagKind,
    GroundingRecord,
    GroundingStatus,
    Quote,
    collect_flags,
    date_guessed,
    figure_text,
    implausible_figure,
    summary_flags,
    unaligned_quote,
    ungrounded_count,
)
from briefs.extract.schema import Extraction

from .test_models import ARTICLE, reply
from .test_render import make_brief, rtl_texts

MISSING = Quote(text="نص غير موجود", start=None, end=None, status="not_found", score=0.0)


def failing_result() -> ExtractionResult:
    """The realistic reply with a quote the article lacks, a count graded unsupported and a summary
    whose number and place the article does not give."""
    data = reply()
    data["incidents"][0]["evidence_ar"][0] = MISSING.text
    data["summary"][0]["text_en"] = "Gunmen killed 6 SDF members in Raqqa."
    return ExtractionResult.from_extraction(
        Extraction.model_validate(data),
        ARTICLE,
        article_id="x",
        extractor="llm",
        grade_count=lambda count, quote: "unsupported" if count.category is CountCategory.WOUNDED else "supported",
    )


def test_a_results_flags_keep_their_published_words_and_say_what_fails_as_data():
    result = failing_result()
    assert result.flags == [
        "unaligned quote in incident 1 evidence 1",
        "unsupported count 2 in incident 1: wounded 3",
        "unsupported number 6 in summary",
        "unsupported place Raqqa in summary",
    ]
    flags = collect_flags(result.incidents, result.summary, result.grounding)
    assert [f.text() for f in flags] == result.flags
    quote, count, number, place = flags
    assert (quote.kind, quote.incident, quote.subject, quote.evidence) == (
        FlagKind.UNALIGNED_QUOTE,
        1,
        "evidence 1",
        MISSING.text,
    )
    assert (count.kind, count.subject, count.category, count.value, count.status) == (
        FlagKind.UNGROUNDED_COUNT,
        "count 2",
        CountCategory.WOUNDED,
        "3",
        GroundingStatus.UNSUPPORTED,
    )
    assert count.evidence == result.incidents[0].counts[1].evidence_ar
    assert (number.kind, number.incident, number.value) == (FlagKind.SUMMARY_NUMBER, None, "6")
    assert (place.kind, place.subject, place.value) == (FlagKind.SUMMARY_NAME, "place", "Raqqa")


def test_every_kind_has_its_line():
    count = failing_result().incidents[0].counts[1]
    vague = count.model_copy(update={"value": None, "low": 20, "high": 99, "qualifier": CountQualifier.VAGUE})
    assert unaligned_quote("summary sentence 2 evidence 1", MISSING).text() == (
        "unaligned quote in summary sentence 2 evidence 1"
    )
    assert ungrounded_count(vague, "count 1", 3).text() == "unsupported count 1 in incident 3: wounded 20-99"
    assert date_guessed(1).text() == DATE_GUESSED
    assert implausible_figure(CountCategory.KILLED, 900, "is implausible").text() == "900 killed is implausible"
    assert [figure_text(vague), figure_text(vague, "–"), figure_text(count)] == ["20-99", "20–99", "3"]


def test_summary_flags_come_from_the_grounding_record_not_from_its_words():
    nine = {
        "text": "9",
        "start": 0,
        "end": 1,
        "value": 9,
        "status": "misattributed",
        "evidence": [],
        "kind": "cardinal",
    }
    nine |= {"qualifier": "exact", "low": None, "high": None, "note": "the source gives 9 for the wounded"}
    record = GroundingRecord.model_validate({"verdict": "unsupported", "numbers": [nine], "names": []})
    [flag] = summary_flags(record)
    assert (flag.kind, flag.status, flag.message) == (
        FlagKind.SUMMARY_NUMBER,
        GroundingStatus.MISATTRIBUTED,
        "the source gives 9 for the wounded",
    )
    assert flag.text() == "misattributed number 9 in summary"
    assert summary_flags(GroundingRecord.model_validate({"verdict": "supported", "numbers": []})) == []


def test_a_review_reason_is_its_flags_written_out_with_a_vague_count_as_its_range():
    count = failing_result().incidents[0].counts[1]
    vague = count.model_copy(update={"value": None, "low": 20, "high": 99, "qualifier": CountQualifier.VAGUE})
    item = ReviewItem.of(
        "h" * 64, "a1", 0, [ungrounded_count(vague, "count 2", 1), unaligned_quote("location", MISSING)]
    )
    assert item.reason == (
        f"wounded 20-99 is unsupported (evidence «{count.evidence_ar}»); "
        f"quote not found in the article: «{MISSING.text}»"
    )
    assert [part for part in item.parts() if isinstance(part, Quoted)] == [
        Quoted(count.evidence_ar),
        Quoted(MISSING.text),
    ]
    summary = ReviewItem.of("h" * 64, "a1", None, [unaligned_quote("summary sentence 1 evidence 1", MISSING)])
    assert summary.reason == f"summary: quote not found in the article: «{MISSING.text}»"


def test_the_renderer_sets_a_flags_arabic_evidence_right_to_left_even_with_guillemets_inside():
    """The evidence is the flag's field: an Arabic quote that itself quotes «…» stays one piece (the
    reason once was split on «» to find it, which cut such a quote in two)."""
    evidence = "قال «الجيش» إن خمسة قتلوا"
    count = failing_result().incidents[0].counts[0].model_copy(update={"evidence_ar": evidence})
    item = ReviewItem.of("h" * 64, "elsewhere", 4, [ungrounded_count(count, "count 1", 5)])
    brief = make_brief([], [item])
    assert evidence in rtl_texts(render_html(brief))
    [review] = build_view(brief).reviews
    assert review.label == "article elsewhere, incident 5"
    assert f"«{evidence}»" in render_markdown(brief)
    again = Brief.model_validate_json(brief.model_dump_json())
    assert again == brief and again.needs_review[0].flags[0].evidence == evidence
