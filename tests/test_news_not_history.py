"""Incidents, not history or statistics: what never makes an incident, and the plausibility net that
holds an implausible figure for review, out of the headline totals, over the real ant-wide articles."""

from __future__ import annotations

import email.utils
import json
from datetime import date

import pytest
from briefs.acled import CountCategory
from briefs.brief.merge import PLAUSIBLE_MAX, Report, merge_reports
from briefs.brief.model import BriefHeadline
from briefs.brief.render import WHAT_WAS_CHECKED
from briefs.domain import BriefSource
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

from .conftest import SHARED
from .test_merge import source, variant

LEXICON = LexiconExtractor()


def incidents(text: str, published: str = "2018-05-06"):
    result = (
        LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date.fromisoformat(published))).result
    )
    assert result is not None
    return result.incidents


@pytest.mark.parametrize(
    "text",
    [
        # a war's toll, told after the war it belongs to
        (
            "عثر على قنبلة في لندن. وخلال الحرب العالمية الثانية، استهدفت لندن بالقنابل. وأسفرت عن مقتل نحو 220 ألف "
            "شخص في بريطانيا."
        ),
        # yearly figures
        "تقتل الألغام نحو 20 ألف شخص سنويا في أفغانستان.",
        # a report's cumulative figures
        "ورصدت اللجنة 255 حالة ادعاء بالقتل في اليمن.",
        # a dated event thirty years ago
        "قتل خمسة آلاف كردي في 16 آذار/مارس 1988 في حلبجة بقنابل الغاز.",
        # a war's total
        "أدت الحرب في اليمن إلى مقتل نحو 10 آلاف شخص.",
        # a headline repeating a cumulative figure the body gives as statistics
        (
            "التحالف يقر بقتل 892 مدنيا في سوريا\nأقر التحالف بمقتل تسعة مدنيين، ما يرفع إلى 892 مدنيا عدد من قتلوا "
            "خلال نحو أربعة أعوام."
        ),
        # an earlier attack in the pluperfect
        "وكان هجوم على الكاتدرائية في القاهرة في ديسمبر/كانون أول 2016 قد اسفر عن مقتل 25 شخصا على الأقل.",
        # no figure, no weapon, no named party: a mention, not a report
        "وانخرطت الهند في مفاوضات لإطلاق سراح عمال احتجزوا في العراق.",
    ],
)
def test_history_and_statistics_make_no_incident(text):
    assert incidents(text) == []


def test_a_rising_toll_stays_the_attacks_and_a_year_is_never_a_count():
    found = incidents(
        "ارتفعت حصيلة قتلى التفجير الانتحاري الذي وقع في الموصل الجمعة إلى 128 قتيلا.", published="2018-07-13"
    )
    assert [(str(c.category), c.value) for i in found for c in i.counts] == [("killed", 128)]
    found = incidents("قتل مسلح شرطيا في منزله 2016 في القاهرة أمس.", published="2018-05-06")
    assert all(c.value != 2016 for i in found for c in i.counts)


def test_an_implausible_figure_goes_to_review_with_its_reason_and_out_of_the_totals():
    plausible, huge = variant(killed=12), variant(killed=220000, place="Other", day="2024-03-13")
    merged = merge_reports([Report(plausible, source("a"), 0), Report(huge, source("b"), 0)])
    held = next(m for m in merged if m.implausible)
    assert held.needs_review and "220000 killed is implausible for one event (above 500)" in held.implausible[0]
    headline = BriefHeadline.from_incidents(merged)
    assert headline.killed == 12 and headline.held_for_review == 1 and headline.incidents == 2
    assert not next(m for m in merged if not m.implausible).needs_review


def test_a_country_wide_four_digit_figure_is_a_national_statistic():
    country_wide = variant(killed=300)
    country_wide = country_wide.model_copy(
        update={"location": country_wide.location.model_copy(update={"admin1": None})}
    )
    assert merge_reports([Report(country_wide, source("a"), 0)])[0].implausible == []
    wounded = country_wide.model_copy(
        update={
            "counts": [
                c.model_copy(update={"value": 1500, "low": 1500, "high": 1500}) if c.category == "wounded" else c
                for c in country_wide.counts
            ]
        }
    )
    assert "national statistic" in merge_reports([Report(wounded, source("a"), 0)])[0].implausible[0]
    assert PLAUSIBLE_MAX[CountCategory.KILLED] < 1000


def test_the_headline_says_what_was_checked_and_what_was_not():
    assert WHAT_WAS_CHECKED.startswith(
        "Checked: every figure in these totals is stated in its Arabic source. Not checked:"
    )
    assert "grounded in its Arabic source" not in WHAT_WAS_CHECKED


ANT_WIDE = SHARED / "corpus" / "ant-wide"


@pytest.mark.skipif(not (ANT_WIDE / "index.jsonl").is_file(), reason="../shared/corpus/ant-wide is absent")
def test_over_the_real_ant_wide_articles_no_incident_outside_review_has_a_thousand_killed():
    reports = []
    for line in (ANT_WIDE / "index.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        published = email.utils.parsedate_to_datetime(meta["published"]).date()
        text = (ANT_WIDE / meta["file"]).read_text(encoding="utf-8").split("\n", 1)[1]
        result = LEXICON.extract(ArticleText(id=meta["file"], text=text, published_at=published)).result
        src = BriefSource(
            article_hash=meta["file"],
            article_id=meta["file"],
            title=None,
            outlet=meta["outlet"],
            url=None,
            published_at=published,
        )
        reports += [Report(incident, src, index) for index, incident in enumerate(result.incidents)]
    merged = merge_reports(reports)
    killed = {id(m): next((c.figure for c in m.counts if c.category is CountCategory.KILLED), 0) for m in merged}
    assert not [m.incident.notes_en for m in merged if killed[id(m)] >= 1000 and not m.needs_review]
    assert all(m.needs_review for m in merged if killed[id(m)] > PLAUSIBLE_MAX[CountCategory.KILLED])
    assert date(2018, 1, 1) <= min(m.incident.event_date for m in merged)
