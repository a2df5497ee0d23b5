"""Days told from the day of writing, as Arabic news words them, dated against the publication day
(Wednesday 16 May 2018 here); each beside a wording that must be left alone."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.inputs import ArticleText

PUBLISHED = date(2018, 5, 16)  # a Wednesday


def event_day(lexicon, when: str) -> date | None:
    text = f"مقتل 5 جنود بهجوم في العريش\n\nقتل 5 جنود في هجوم على حاجز أمني بمدينة العريش {when}."
    result = lexicon.extract(ArticleText(id="t", text=text, published_at=PUBLISHED)).result
    assert result is not None
    [incident] = result.incidents
    return incident.event_date


@pytest.mark.parametrize(
    "when, day",
    [
        ("أول أمس", date(2018, 5, 14)),  # the day before yesterday, with or without «من»
        ("أول من أمس", date(2018, 5, 14)),
        ("قبل يومين", date(2018, 5, 14)),  # days ago
        ("قبل ثلاثة أيام", date(2018, 5, 13)),
        ("قبل 3 أيام", date(2018, 5, 13)),
        ("الليلة الماضية", date(2018, 5, 15)),  # last night
        ("يوم 14 من الشهر الجاري", date(2018, 5, 14)),  # a day of this month
        ("في الرابع عشر من الشهر الحالي", date(2018, 5, 14)),
        ("أمس", date(2018, 5, 15)),
    ],
)
def test_a_day_told_from_the_day_of_writing(lexicon, when, day):
    assert event_day(lexicon, when) == day


def test_a_span_and_a_later_day_of_the_month_are_no_day(lexicon):
    # «منذ يومين» may say how long something has lasted; the 20th of this month is still to come
    assert event_day(lexicon, "منذ يومين") == PUBLISHED
    assert event_day(lexicon, "يوم 20 من الشهر الجاري") == PUBLISHED
    assert event_day(lexicon, "في أول هجوم أمس") == date(2018, 5, 15)  # «أول» here is "first", not the day before
