"""Non-event articles (triggers.json rules "News"): an observance day's feature, a demand or an allegation in the
headline, a teaser of another story at the page's foot. Each rule on a short article written for these tests, and
beside it the real incident it must leave alone."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

THURSDAY = date(2018, 5, 3)


def code(lexicon: LexiconExtractor, text: str, published: date = THURSDAY):
    return lexicon.code(ArticleText(id="t", text=text, published_at=published)).incidents


def killed(incident) -> list[int | None]:
    return [c.value for c in incident.counts if str(c.category) == "killed"]


RECENT_ATTACK = "وقتل 10 صحفيين يوم الاثنين الماضي في تفجير انتحاري في كابول.\n"


@pytest.mark.parametrize("day", ["اليوم العالمي لحرية الصحافة", "اليوم الدولي للصحافة"])
def test_an_observance_day_frames_a_feature_that_recalls_an_attack(lexicon, day):
    feature = f"{day}: هل تزايدت خطورة مهنة الصحافة؟\n\nتحذر منظمات حقوقية من استهداف الصحفيين.\n"
    assert code(lexicon, feature + RECENT_ATTACK) == []
    # ... the day in the headline, the attack on it as news («الاحتفال باليوم») too
    assert code(lexicon, f"هجوم دام يخيم على الاحتفال ب{day}\n\n" + RECENT_ATTACK) == []


def test_a_headline_that_tells_the_attack_is_news_on_any_day(lexicon):
    news = "مقتل 10 صحفيين في تفجير انتحاري في كابول\n\n" + RECENT_ATTACK
    (incident,) = code(lexicon, news)
    assert killed(incident) == [10] and incident.location.country == "AFG"


UNDATED_KILLING = "وقتل مسلحون 3 أشخاص في هجوم بالسكاكين في مدينة نوتنغهام.\n"


@pytest.mark.parametrize(
    "headline",
    [
        "السلطات المصرية تطالب الحكومة البريطانية بتفاصيل مقتل الطالب",
        "والد الطالب يطالب بالكشف عن ملابسات مقتل الطالب في بريطانيا",
        "مصدر يشير لاحتمال مسؤولية بريطانيا عن قتل مدنيين بالموصل",
    ],
)
def test_a_demand_or_an_allegation_in_the_headline_codes_no_undated_killing(lexicon, headline):
    assert code(lexicon, headline + "\n\n" + UNDATED_KILLING) == []


def test_a_headline_that_tells_the_killing_reports_it_undated(lexicon):
    (incident,) = code(lexicon, "مقتل 3 أشخاص في هجوم بالسكاكين في بريطانيا\n\n" + UNDATED_KILLING)
    assert killed(incident) == [3]


def test_a_demand_keeps_a_killing_the_article_dates_as_news(lexicon):
    demand = "السلطات المصرية تطالب الحكومة البريطانية بتفاصيل مقتل الطالب\n\n"
    (incident,) = code(lexicon, demand + "وقتل مسلحون 3 أشخاص في هجوم بالسكاكين في مدينة نوتنغهام أمس.\n")
    assert killed(incident) == [3] and str(incident.event_date) == "2018-05-02"


RANKING = (
    "السعودية أولهم وقطر آخرهم.. ما هي القوة العسكرية لدول الخليج؟\n\n"
    "تصدرت السعودية ترتيب القوى العسكرية في الخليج بينما تراجعت قطر إلى المرتبة الأخيرة.\n"
)


def test_a_teaser_of_another_country_at_the_foot_is_not_the_article_news(lexicon):
    teaser = "أعلنت وكالة أنباء فارس أن الحرس الثوري شن الاثنين هجوما صاروخيا أدى لمقتل 25 مسلحا في سوريا.\n"
    assert code(lexicon, RANKING + teaser) == []
    # the same dated strike in a country the headline names is the article's news
    (incident,) = code(lexicon, RANKING + teaser.replace("سوريا", "قطر"))
    assert killed(incident) == [25] and incident.location.country == "QAT"


STATEMENT = "الوزير: لا أعلم حتى الآن من هاجم قواتنا في سوريا\n\n"


def test_a_lede_that_dates_the_headline_event_weeks_back_tells_no_news(lexicon):
    lede = "قال الوزير إن بلاده لم تتأكد بعد من الجهة التي نفذت هجوما في 20 أبريل على قواتها في سوريا.\n"
    toll = "وقالت وزارة الدفاع إن نحو 100 من المهاجمين قتلوا في ضربات جوية لصد الهجوم.\n"
    assert code(lexicon, STATEMENT + lede + toll) == []
    # the same attack two days back is the news the statement follows
    (incident,) = code(lexicon, STATEMENT + lede.replace("20 أبريل", "1 مايو") + toll)
    assert str(incident.event_date) == "2018-05-01"
