"""The lexicon extractor's roles, dates and figures by ACLED's rules (triggers.json "roles"), on short
articles written for these tests: each rule, and the case it must not catch."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

PUBLISHED = date(2018, 6, 18)  # a Monday


def code(lexicon: LexiconExtractor, text: str):
    return lexicon.code(ArticleText(id="t", text=text, published_at=PUBLISHED)).incidents


def roles(incident) -> tuple[str | None, str | None]:
    by_role = {str(a.role): a.name_en for a in incident.actors}
    return by_role.get("actor1"), by_role.get("actor2")


def test_a_bombing_no_one_claimed_is_an_unidentified_groups_against_civilians(lexicon):
    text = (
        "قتل 12 شخصا على الأقل في تفجير انتحاري استهدف تجمعا لحزب مناهض لطالبان في مدينة بيشاور الأحد. "
        "وقال المتحدث باسم الشرطة إن عدد القتلى قد يرتفع."
    )
    (incident,) = code(lexicon, text)
    assert incident.sub_event_type == "Suicide bomb"
    assert roles(incident) == ("Unidentified Armed Group", "Civilians")  # not the Taliban it opposed, nor the police


def test_who_claims_a_bombing_is_its_actor_1(lexicon):
    text = (
        "قتل 12 شخصا على الأقل في تفجير انتحاري في مدينة بيشاور الأحد. وأعلنت حركة طالبان باكستان مسؤوليتها عن الهجوم."
    )
    (incident,) = code(lexicon, text)
    assert roles(incident) == ("TTP: Tehreek-i-Taliban Pakistan", "Civilians")


def test_a_group_named_after_the_verb_or_before_it_is_the_doer(lexicon):
    text = "بوكو حرام تنفذ تفجيرات دامية في مدينة مايدوغوري. وقالت الشرطة إن 20 شخصا قتلوا في التفجيرات السبت."
    (incident,) = code(lexicon, text)
    assert roles(incident)[0] == "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"


def test_in_a_battle_the_side_that_lost_the_counted_dead_is_actor_2(lexicon):
    (army_won,) = code(lexicon, "أعلن الجيش المصري الأحد مقتل 12 مسلحا خلال تبادل لإطلاق النار في مدينة العريش.")
    assert army_won.event_type == "Battles" and roles(army_won) == (
        "Military Forces of Egypt",
        "Unidentified Armed Group",
    )
    (police_lost,) = code(lexicon, "قتل مسلحون 4 من رجال الشرطة في هجوم على كمين أمني في مدينة العريش الأحد.")
    assert police_lost.event_type == "Battles" and roles(police_lost)[0] == "Unidentified Armed Group"
    assert roles(police_lost)[1] == "Police Forces of Egypt"


def test_an_air_strike_is_the_state_forces_the_article_names(lexicon):
    text = "قتل فلسطينيان اثنان في قطاع غزة إثر غارات إسرائيلية ليل السبت، وأعلنت حركة حماس مسؤوليتها عن إطلاق صواريخ."
    (incident,) = code(lexicon, text)
    assert incident.sub_event_type == "Air/drone strike"
    assert roles(incident)[0] == "Military Forces of Israel"


def test_an_arrest_keeps_the_dead_of_the_attack_it_refers_to_out(lexicon):
    text = (
        "أعلن وزير الاستخبارات الإيراني الاثنين عن اعتقال 22 شخصا في مدينة الأهواز. "
        "وقال إن قوات الأمن ألقت القبض على الشبكة الضالعة في الهجوم الذي خلف 25 قتيلا."
    )
    (incident,) = code(lexicon, text)
    assert (incident.event_type, incident.sub_event_type) == ("Strategic developments", "Arrests")
    assert "killed" not in {str(c.category) for c in incident.counts}
    raid = "داهمت قوات الأمن منزلا في مدينة الأهواز الاثنين واعتقلت 3 أشخاص وقتلت 2 من المسلحين."
    assert code(lexicon, raid)[0].event_type == "Battles"  # an arrest raid that kills is a battle


@pytest.mark.parametrize(
    "doubt",
    [
        "واتهمها ناشطون بالضلوع في قتل 3 أشخاص في مدينة بيشاور.",  # an allegation
        "وقال مسؤولون إن 5 مدنيين ربما قتلوا في اشتباكات في مدينة بيشاور.",  # "maybe" carries to the clash
        "وصدرت مذكرة توقيف بحق 3 أشخاص في مدينة بيشاور.",  # a warrant is not an arrest
    ],
    ids=["allegation", "maybe", "warrant"],
)
def test_an_allegation_a_maybe_or_a_warrant_is_no_incident(lexicon, doubt):
    assert code(lexicon, doubt) == []


def test_the_day_of_a_statement_gives_way_to_the_day_of_the_event(lexicon):
    text = (
        "وقالت الشرطة في بيان أصدرته الأحد إن 20 شخصا قتلوا في تفجيرات في مدينة مايدوغوري. "
        "ووقعت التفجيرات السبت نحو الساعة الثامنة."
    )
    (incident,) = code(lexicon, text)
    assert incident.event_date == "2018-06-16"  # the Saturday, not the Sunday of the statement
    alone = "وقالت الشرطة في بيان أصدرته الأحد إن 20 شخصا قتلوا في تفجيرات في مدينة مايدوغوري."
    assert code(lexicon, alone)[0].event_date == "2018-06-17"  # with nothing else, the statement's day


def test_a_figure_within_the_ledes_gist_replaces_it_and_one_outside_does_not(lexicon):
    text = "قتل 12 شخصا وجرح العشرات في تفجير انتحاري في مدينة بيشاور الأحد. وأصيب 36 آخرون في التفجير."
    (incident,) = code(lexicon, text)
    wounded = [c for c in incident.counts if str(c.category) == "wounded"]
    assert [(c.value, str(c.qualifier)) for c in wounded] == [(36, "exact")]
    far = "قتل 12 شخصا وجرح العشرات في تفجير انتحاري في مدينة بيشاور الأحد. وأصيب 5000 شخص في التفجير."
    far_wounded = [c for c in code(lexicon, far)[0].counts if str(c.category) == "wounded"]
    assert [str(c.qualifier) for c in far_wounded] == ["vague"]


def test_a_city_a_town_lies_north_of_is_its_reference_not_the_place(lexicon):
    text = "قتل 11 شخصا في انفجار وقع في سوق مدينة صغيرة تقع شمال مقديشو الأربعاء. وزرعت العبوة في سوق مدينة وانلاوين."
    (incident,) = code(lexicon, text)
    assert incident.location.name_en == "Wanlaweyn"
    alone = "قتل 11 شخصا في انفجار وقع في سوق شمال مقديشو الأربعاء."
    assert code(lexicon, alone)[0].location.name_en == "Mogadishu"  # with no other place it is the place


def test_not_a_suicide_attack_is_no_suicide_bombing(lexicon):
    text = "قتل 17 شخصا في تفجير في مسجد بمدينة خوست الأحد. وقال إن الانفجار نتج عن متفجرات وليس عن هجوم انتحاري."
    (incident,) = code(lexicon, text)
    assert incident.sub_event_type == "Remote explosive/landmine/IED"
