"""Honest dates: a weekday fixes the year, `--published` says when, and a date that is a guess is
flagged on its incident, in the brief's Needs review and in its JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from briefs.brief.build import build_brief
from briefs.brief.render import build_view
from briefs.config import Settings
from briefs.domain import DATE_GUESSED
from briefs.extract.lexicon import LexiconExtractor, _year_of_weekday
from briefs.inputs import ArticleText
from briefs.pipeline import Pipeline
from briefs.store import Store
from hypothesis import given
from hypothesis import strategies as st

from .test_pipeline import briefs

MONDAY_13_DECEMBER = "قتل خمسة جنود في هجوم على حاجز في كركوك يوم الاثنين، 13 كانون الأول/ديسمبر."
YESTERDAY = "قتل خمسة جنود في هجوم على حاجز في كركوك أمس."


def incidents(text: str, published: str | None):
    published_at = date.fromisoformat(published) if published is not None else None
    return LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=published_at)).result


def test_a_weekday_fixes_the_year_when_the_article_has_no_date():
    result = incidents(MONDAY_13_DECEMBER, None)
    [incident] = result.incidents
    when = incident.event_date  # 2021-12-13 until 13 December 2027, the next Monday one
    assert (when.month, when.day, when.weekday()) == (12, 13, 0) and date.today() - when < timedelta(days=366 * 11)
    assert not incident.date_guessed
    assert result.flags == []


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), st.integers(0, 6))
def test_the_year_a_weekday_fixes_is_the_latest_before_the_anchor(anchor, weekday):
    found = _year_of_weekday(3, 1, weekday, anchor)
    assert found is not None and found.weekday() == weekday and (found.month, found.day) == (3, 1)
    assert found <= anchor + timedelta(days=1) and not any(
        date(year, 3, 1).weekday() == weekday and date(year, 3, 1) <= anchor + timedelta(days=1)
        for year in range(found.year + 1, anchor.year + 1)
    )


def test_with_no_publication_date_a_relative_date_is_a_guess_and_says_so():
    result = incidents(YESTERDAY, None)
    assert [i.date_guessed for i in result.incidents] == [True] and result.incidents[0].needs_review
    assert any("no publication date" in flag for flag in result.flags)
    dated = incidents(YESTERDAY, "2021-12-15")
    [incident] = dated.incidents
    assert incident.event_date == date(2021, 12, 14) and not incident.date_guessed and dated.flags == []


def test_a_guessed_date_reaches_the_briefs_needs_review_and_json(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'b.db'}"
    store = Store(url)
    pipeline = Pipeline(store, Settings(database_url=url), model="lexicon")
    pipeline.ingest([ArticleText(id="undated", text=YESTERDAY)], "test")
    pipeline.process("test:1:a")
    day = date.today() - timedelta(days=1)
    brief = build_brief(store, day)
    assert [item.reason for item in brief.needs_review] == [DATE_GUESSED]
    assert brief.incidents[0].incident.date_guessed and brief.incidents[0].needs_review
    assert (DATE_GUESSED,) in build_view(brief).reviews[0].reasons
    assert json.loads(brief.model_dump_json())["incidents"][0]["incident"]["date_guessed"] is True


def test_published_option_on_the_command_line(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text(YESTERDAY, encoding="utf-8")
    done = briefs(
        "extract", str(article), "-f", "json", "--published", "2021-12-15", url=f"sqlite:///{tmp_path / 'x.db'}"
    )
    incident = json.loads(done.stdout)["result"]["incidents"][0]
    assert (incident["event_date"], incident["date_guessed"]) == ("2021-12-14", False)
    bad = briefs("extract", str(article), "--published", "2021-02-30", url=f"sqlite:///{tmp_path / 'x.db'}")
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_only_the_weekday_beside_a_date_fixes_its_year():
    # a Wednesday's statement of a death on 2 July: 2 July 2018 was a Monday, and no Wednesday fixes its year
    statement = (
        "أكدت الاستخبارات العراقية في بيان الأربعاء مقتل نجل زعيم تنظيم داعش بوسط سوريا، في غارة روسية في الثاني من"
        " يوليو الحالي."
    )
    [incident] = incidents(statement, "2018-07-04").incidents
    assert incident.event_date == date(2018, 7, 2)
    # (the weekday beside a date still fixes its year: test_a_weekday_fixes_the_year_when_the_article_has_no_date)
