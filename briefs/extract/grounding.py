"""Ground an Extraction in its article: align every quote, check every figure.

The result lists, for each quote, its span and alignment status; for each count, its grounding
status; for the English summary, the checker's report; and `failures`, one precise sentence per
problem, which is what a repair message to the model is made of.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, cast

from briefs.arabic.mention import Kind, NumberMention
from briefs.domain import CountGrounding, ExtractionResult, Quote, figure_text, locator
from briefs.extract.schema import CountExtract, Extraction
from briefs.grounding.align import FUZZY_THRESHOLD, Alignment, align
from briefs.grounding.checker import FAILING, GroundingReport, NumberCheck, check, check_value

_SHOWN = 80  # characters of a quote shown in a failure message


@dataclass
class Grounded:
    quotes: dict[str, Alignment] = field(default_factory=dict)  # "incidents[0].counts[1].evidence_ar" → span
    counts: dict[tuple[int, int], NumberCheck] = field(default_factory=dict)
    summary: GroundingReport = field(default_factory=GroundingReport)
    notes: dict[int, GroundingReport] = field(default_factory=dict)  # incident index → report on notes_en
    failures: list[str] = field(default_factory=list)


def ground(extraction: Extraction, article: str, *, threshold: float = FUZZY_THRESHOLD) -> Grounded:
    grounded = Grounded()
    for path, quote in _quotes(extraction):
        alignment = align(quote, article, threshold=threshold)
        grounded.quotes[path] = alignment
        if not alignment.found:
            grounded.failures.append(f"{path}: the quote «{_short(quote)}» is not in the article ({alignment.reason})")
    for i, incident in enumerate(extraction.incidents):
        for j, count in enumerate(incident.counts):
            evidence = grounded.quotes[f"incidents[{i}].counts[{j}].evidence_ar"]
            span = (evidence.start, evidence.end) if evidence.start is not None and evidence.end is not None else None
            result = check_value(article, count_mention(count), span if evidence.found else None)
            grounded.counts[(i, j)] = result
            if result.status in FAILING:
                grounded.failures.append(
                    f"incidents[{i}].counts[{j}]: {count.category} {_figure(count)} is {result.status}: {result.note}"
                    f" (evidence_ar: «{_short(count.evidence_ar)}»)"
                )
    for i, incident in enumerate(extraction.incidents):
        report = check(article, incident.notes_en) if incident.notes_en.strip() else GroundingReport()
        grounded.notes[i] = report
        event_day = date.fromisoformat(incident.event_date)  # the model's text, which the schema checked
        for number in report.numbers:
            # ACLED notes open with the event date, often worked out from a weekday: the date's
            # own evidence is date_quote_ar, checked above, so the note may repeat it.
            if number.status in FAILING and not _is_event_date(number.mention, event_day):
                grounded.failures.append(
                    f"incidents[{i}].notes_en: «{number.mention.text}» is {number.status}: {number.note}"
                )
    text = summary_text(extraction)
    grounded.summary = check(article, text) if text else GroundingReport()
    for number in grounded.summary.numbers:
        if number.status in FAILING:
            sentence = _sentence_at(extraction, number.mention.start)
            grounded.failures.append(f"summary[{sentence}]: «{number.mention.text}» is {number.status}: {number.note}")
    for name in grounded.summary.names:  # places, actors and days, reported to the repair round like numbers
        if name.status in FAILING:
            sentence = _sentence_at(extraction, name.mention.start)
            grounded.failures.append(f"summary[{sentence}]: «{name.mention.text}» is {name.status}: {name.note}")
    return grounded


def _is_event_date(mention: NumberMention, event_day: date) -> bool:
    return (
        mention.kind is Kind.DATE
        and mention.value == event_day.day
        and mention.month == event_day.month
        and mention.year in (None, event_day.year)
    )


def summary_text(extraction: Extraction) -> str:
    return " ".join(sentence.text_en.strip() for sentence in extraction.summary)


def count_mention(count: CountExtract) -> NumberMention:
    """A structured count as a number mention, so the checker judges it like any English figure."""
    return NumberMention(
        text=_figure(count),
        start=0,
        end=0,
        value=count.value,
        low=count.low,
        high=count.high,
        qualifier=count.qualifier,
        kind=Kind.CARDINAL,
        category=str(count.category),
        events=frozenset({str(count.category)}),
    )


def _figure(count: CountExtract) -> str:
    if count.value is not None:
        return f"{count.value} ({count.qualifier})" if str(count.qualifier) != "exact" else str(count.value)
    return f"{figure_text(count, open_end='-')} (vague)"


def _quotes(extraction: Extraction):
    for i, incident in enumerate(extraction.incidents):
        for k, quote in enumerate(incident.evidence_ar):
            yield f"incidents[{i}].evidence_ar[{k}]", quote
        if incident.date_quote_ar:
            yield f"incidents[{i}].date_quote_ar", incident.date_quote_ar
        yield f"incidents[{i}].location.quote_ar", incident.location.quote_ar
        for k, actor in enumerate(incident.actors):
            yield f"incidents[{i}].actors[{k}].quote_ar", actor.quote_ar
        for j, count in enumerate(incident.counts):
            yield f"incidents[{i}].counts[{j}].evidence_ar", count.evidence_ar
    for s, sentence in enumerate(extraction.summary):
        for k, quote in enumerate(sentence.evidence_ar):
            yield f"summary[{s}].evidence_ar[{k}]", quote


def _sentence_at(extraction: Extraction, offset: int) -> int:
    """Which summary sentence holds `offset` of the joined summary text."""
    position = 0
    for index, sentence in enumerate(extraction.summary):
        position += len(sentence.text_en.strip()) + 1
        if offset < position:
            return index
    return len(extraction.summary) - 1


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def result_from(
    extraction: Extraction,
    grounded: Grounded,
    article,
    *,
    extractor: Literal["llm", "lexicon"],
    model: str | None,
    prompt_id: str | None,
    prompt_hash: str | None,
    attempts: int,
    threshold: float,
    extra_flags: list[str] | None = None,
) -> ExtractionResult:
    """The stored result: every quote located, every count graded by the checker, every failure flagged."""
    counts: dict[int, CountGrounding] = {
        id(count): cast(CountGrounding, grounded.counts[(i, j)].status)  # the checker's four verdicts
        for i, incident in enumerate(extraction.incidents)
        for j, count in enumerate(incident.counts)
    }
    # ground() aligned every quote and checked the summary: the result reuses both.
    aligned = {quote: Quote.from_alignment(quote, grounded.quotes[path]) for path, quote in _quotes(extraction)}
    fallback = locator(article.text, threshold=threshold)
    joined = " ".join(sentence.text_en for sentence in extraction.summary)
    return ExtractionResult.from_extraction(
        extraction,
        article.text,
        article_id=article.id,
        extractor=extractor,
        model=model,
        prompt_id=prompt_id,
        prompt_hash=prompt_hash,
        attempts=attempts,
        threshold=threshold,
        grade_count=lambda count, _quote: counts.get(id(count), "unchecked"),
        extra_flags=[*grounded.failures, *(extra_flags or [])],
        locate=lambda quote: aligned.get(quote) or fallback(quote),
        summary_check=grounded.summary if joined == summary_text(extraction) else None,
    )
