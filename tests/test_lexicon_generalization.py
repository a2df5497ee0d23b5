"""The lexicon's rules that carry from one outlet to another (triggers.json "rules" and "roles"), on short
articles written for these tests: each rule, and beside it the case it must leave alone."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

FRIDAY = date(2018, 8, 10)
WEDNESDAY = date(2018, 8, 15)


def code(lexicon: LexiconExtractor, text: str, published: date = FRIDAY):
    return lexicon.code(ArticleText(id="t", text=text, published_at=published)).incidents


def roles(incident) -> tuple[str | None, str | None]:
    by_role = {str(a.role): a.name_en for a in incident.actors}
    return by_role.get("actor1"), by_role.get("actor2")


def killed(incident) -> list[int | None]:
    return [c.value for c in incident.counts if str(c.category) == "killed"]


ISRAELI_SHELLING = "مقتل 68 شخصا بقصف إسرائيلي على مقر منظمة التحرير الفلسطينية في تونس."


def test_an_article_framed_as_history_reports_no_incident(lexicon):
    calendar = f"حدث في 1 أكتوبر.. لورنس العرب يسيطر على دمشق\n\n{ISRAELI_SHELLING}"
    assert code(lexicon, calendar) == []
    assert code(lexicon, f"في مثل هذا اليوم من التاريخ\n\n{ISRAELI_SHELLING}") == []
    assert len(code(lexicon, ISRAELI_SHELLING)) == 1  # the same line as news is an incident


def test_a_disasters_toll_is_no_political_violence(lexicon):
    quake = (
        "قتلى وجرحى في زلزال قوي ضرب مدينة كركوك\n\n"
        "وأعلنت السلطات الاثنين مصرع شخصين على الأقل وجرح عشرين آخرين في كركوك."
    )
    assert code(lexicon, quake) == []
    derailment = "تركيا تكشف حصيلة حادث القطار\n\nوأوضح الوزير أن 24 شخصا قتلوا وأصيب 184 آخرون قرب إسطنبول."
    assert code(lexicon, derailment) == []
    # ... but a bombing told in a disaster's week is still a bombing
    bombing = "قتلى في زلزال قوي\n\nوقتل 5 أشخاص في تفجير عبوة ناسفة في كركوك الاثنين."
    (incident,) = code(lexicon, bombing)
    assert incident.event_type == "Explosions/Remote violence"


def test_the_event_a_blame_cue_names_is_the_earlier_one(lexicon):
    text = (
        "أعلنت وزارة الداخلية المصرية الأحد أن قوات الأمن قتلت 6 أشخاص من خلية إرهابية في محافظة البحيرة، "
        "وحملتها مسؤولية محاولة اغتيال مدير أمن الإسكندرية بانفجار استهدف موكبه وأسفر عن مقتل شرطيين."
    )
    (incident,) = code(lexicon, text)
    assert incident.event_type == "Battles"  # not the bombing it was blamed for
    assert killed(incident) == [6]  # nor its two dead
    assert incident.location.admin1 == "Beheira"  # nor its place


def test_a_claim_of_responsibility_is_still_the_event(lexicon):
    text = "قتل 12 شخصا في تفجير انتحاري في كركوك الأحد. وأعلن تنظيم داعش مسؤوليته عن التفجير."
    (incident,) = code(lexicon, text)
    assert incident.sub_event_type == "Suicide bomb" and killed(incident) == [12]


def test_figures_right_after_a_history_sentence_are_that_historys(lexicon):
    text = (
        "أصيب ثلاثة أشخاص بجروح عندما دهست سيارة المارة أمام البرلمان في لندن الثلاثاء.\n"
        "وفي العام الماضي دهس رجل المارة على جسر في لندن ثم طعن شرطيا حتى الموت.\n"
        "وقتل خمسة أشخاص وأصيب أكثر من 50 بجروح."
    )
    incidents = code(lexicon, text, WEDNESDAY)
    assert [c.value for i in incidents for c in i.counts] == [3]


def test_a_headlines_kicker_does_not_make_the_headline_a_link(lexicon):
    text = "العراق.. مقتل 25 شخصا في هجوم لداعش في كركوك\n\nوقالت الشرطة إن التحقيقات جارية."
    (incident,) = code(lexicon, text)
    assert killed(incident) == [25]


def test_a_preliminary_toll_gives_way_to_the_later_figure(lexicon):
    text = (
        "كمين يستهدف دورية للحرس الوطني قرب مدينة غار الدماء الأحد.\n"
        "وأفاد متحدث في حصيلة أولية عن مقتل ثمانية عناصر أمن، إلا أن الوزارة أعلنت لاحقا مقتل ستة عناصر."
    )
    (incident,) = code(lexicon, text)
    assert killed(incident) == [6]


def test_the_day_it_was_revealed_gives_way_to_the_day_it_happened(lexicon):
    text = (
        "كشفت صحف بريطانية الأربعاء هوية سائق السيارة التي دهست المارة وأسفرت عن إصابة ثلاثة أشخاص بجروح أمام "
        "البرلمان في لندن صباح الثلاثاء."
    )
    (incident,) = code(lexicon, text, WEDNESDAY)
    assert incident.event_date == "2018-08-14"
    # ... but the day a toll was announced is the event's when the sentence names no other
    (protest,) = code(lexicon, "أعلنت وزارة الصحة، الجمعة، مقتل فلسطينيين اثنين في احتجاجات في قطاع غزة.")
    assert protest.event_date == FRIDAY.isoformat()


def test_a_nationality_after_an_air_strike_names_who_struck(lexicon):
    (incident,) = code(lexicon, "قتل قيادي بارز في ضربة جوية أميركية في كركوك الخميس.")
    assert roles(incident)[0] == "Military Forces of the United States"


def test_who_says_it_is_no_party(lexicon):
    text = "قال ضابط برتبة عقيد في الشرطة إن مسلحين قتلوا 15 شخصا على طريق رئيسي قرب كركوك الأحد."
    (incident,) = code(lexicon, text)
    assert roles(incident)[0] != "Police Forces of Iraq"


def test_the_counted_noun_stops_at_the_breakdown(lexicon):
    text = "قتل 25 شخصا بينهم مدنيون وجنود في هجمات متفرقة نفذها متشددون في كركوك الأحد."
    (incident,) = code(lexicon, text)
    assert incident.event_type == "Violence against civilians"  # the counted are people, not soldiers


def test_when_both_sides_lost_men_the_side_that_lost_more_is_actor_2(lexicon):
    text = (
        "أعلنت وزارة الدفاع المصرية الأحد أن الجيش قتل 11 جهاديا في كمين قرب مدينة العريش، "
        "وأسفر الاشتباك عن مقتل أحد جنوده."
    )
    (incident,) = code(lexicon, text)
    assert incident.event_type == "Battles" and roles(incident)[0] == "Military Forces of Egypt"


def test_a_figure_shared_with_history_is_news_on_the_day_it_names(lexicon):
    text = (
        "أسفر قصف إسرائيلي في قطاع غزة، الجمعة، عن مقتل 4 فلسطينيين وإصابة 120 آخرين.\n"
        "وتجمع مئات الفلسطينيين الجمعة ضمن مسيرات العودة المستمرة منذ 4 أشهر، وأصيب 120 منهم."
    )
    incidents = code(lexicon, text)
    assert 120 in [c.value for i in incidents for c in i.counts if str(c.category) == "wounded"]


@pytest.mark.parametrize(("town", "country"), [("لندن", "GBR"), ("نيويورك", "USA")])
def test_a_city_as_common_in_the_news_as_any_word_is_still_a_place(lexicon, town, country):
    (incident,) = code(lexicon, f"قتل ثلاثة أشخاص في هجوم بسكين في {town} الجمعة.")
    assert incident.location.country == country


def test_the_sides_of_a_truce_are_no_party_to_a_bombing(lexicon):
    text = (
        "أسفر تفجير انتحاري في مدينة جلال آباد الأحد عن مقتل 14 شخصا، في ثاني هجوم خلال يومين في ظل هدنة "
        "غير مسبوقة بين الحكومة وطالبان."
    )
    (incident,) = code(lexicon, text)
    assert roles(incident)[0] == "Unidentified Armed Group"


def test_a_place_south_of_a_city_is_not_that_city(lexicon):
    text = "قتل 20 مدنيا في غارة جوية على حفل زفاف في منطقة بني قيس في محافظة حجة، إلى الشمال من صنعاء، الأحد."
    (incident,) = code(lexicon, text)
    assert incident.location.admin1 == "Hajjah"


def test_figures_in_another_province_are_another_event(lexicon):
    text = (
        "قتل قيادي حوثي في غارة جوية للتحالف في محافظة الحديدة الخميس.\n"
        "وقالت منظمة أطباء بلا حدود إن مستشفى في محافظة حجة تلقى 65 مصابا جراء ضربات جوية."
    )
    assert [i.location.admin1 for i in code(lexicon, text)] == ["Al Hudaydah", "Hajjah"]


def test_who_stands_behind_it_is_an_accusation_not_the_place(lexicon):
    text = (
        "قتل 19 شخصا في هجوم بالرصاص على كلية في شبه جزيرة القرم الأربعاء.\n"
        "وقال رئيس برلمان القرم إن كييف ربما تقف وراء تنفيذ الهجوم."
    )
    (incident,) = code(lexicon, text, WEDNESDAY)
    assert incident.location.admin1 == "Autonomous Republic of Crimea"


def test_the_group_an_attacker_pledged_allegiance_to_is_actor_1(lexicon):
    text = "قتل مسلح أربعة أشخاص في هجوم على متجر في مدينة تولوز الجمعة. وأكد المهاجم خلال الهجوم انتماءه لتنظيم داعش."
    (incident,) = code(lexicon, text)
    assert roles(incident)[0].startswith("Islamic State")


def test_who_holds_the_place_is_no_party_to_what_hit_it(lexicon):
    text = "قتل 20 مدنيا في غارة جوية على حفل زفاف في منطقة بني قيس الخاضعة للحوثيين في محافظة حجة الأحد."
    (incident,) = code(lexicon, text)
    assert "Ansar Allah (Houthis)" not in {a.name_en for a in incident.actors}


def test_of_two_states_striking_together_the_home_states_forces_lead(lexicon):
    text = "قتل 29 مدنيا الثلاثاء في قصف روسي وسوري استهدف مدينة دوما في الغوطة الشرقية."
    (incident,) = code(lexicon, text)
    assert [a.name_en for a in incident.actors][:2] == ["Military Forces of Syria", "Civilians"]
    assert "Military Forces of Russia" in {a.name_en for a in incident.actors}


def test_a_part_told_before_of_its_total_is_not_added(lexicon):
    text = "قتل 35 شخصا في سقوط قذيفة على سوق في جرمانا الثلاثاء. وأعلن المرصد أن 27 من بين القتلى الـ35 مدنيون."
    (incident,) = code(lexicon, text)
    assert killed(incident) == [35]


def test_when_both_sides_lost_men_the_dead_told_first_are_the_news(lexicon):
    text = (
        "مقتل خمسة عسكريين في هجوم على كمين أمني جنوب مدينة العريش الثلاثاء. "
        "وأسفر تبادل لإطلاق النار عن مقتل ستة من المهاجمين، بحسب ما أعلن الجيش المصري."
    )
    (incident,) = code(lexicon, text)
    assert roles(incident) == ("Unidentified Armed Group", "Military Forces of Egypt")


def test_soldiers_the_only_harmed_make_the_force_named_as_the_source_actor_2(lexicon):
    text = (
        "أصيب جنديان بجروح إثر انفجار لغم أرضي أثناء عملية تمشيط في ولاية القصرين الأربعاء، وفق ما أعلنت "
        "وزارة الدفاع الوطني."
    )
    (incident,) = code(lexicon, text)
    assert roles(incident) == ("Unidentified Armed Group", "Military Forces of Tunisia")
    assert lexicon.extract(ArticleText(id="t", text=text, published_at=FRIDAY)).result.flags == []
    # ... but a force the article does not name is not written into the summary
    (unnamed,) = code(lexicon, "أصيب جنديان بجروح إثر انفجار لغم أرضي في ولاية القصرين الأربعاء.")
    assert roles(unnamed) == ("Unidentified Armed Group", None)


def test_a_mountain_named_like_a_town_elsewhere_is_not_that_town(lexicon):
    text = "أصيب جنديان بجروح إثر انفجار لغم في جبل السلوم من ولاية القصرين الأربعاء."
    (incident,) = code(lexicon, text)
    assert (incident.location.country, incident.location.admin1) == ("TUN", "Kasserine")


def test_several_attacks_sum_gives_way_to_each_attacks_own_figure(lexicon):
    text = (
        "قتل 25 شخصا في هجمات متفرقة نفذها متشددون في محافظتي كركوك ونينوى مساء الأحد.\n"
        "وقال ضابط في الشرطة إن مسلحين قاموا بقتل 15 شخصا على حاجز وهمي.\n"
        "ووقع الهجوم على طريق رئيسي قرب قضاء آمرلي.\n"
        "وفي هجوم آخر، قتل مسلحون 3 أشخاص على طريق رئيسي قرب بلدة داقوق.\n"
    )
    incidents = code(lexicon, text)
    assert [killed(i) for i in incidents] == [[15], [3]]
    # ... while one attack's figure in a lede that names «سلسلة تفجيرات» stands
    (one,) = code(lexicon, "قتل 17 شخصا في تفجير مسجد في خوست الأحد، في أحدث حلقة من سلسلة تفجيرات.")
    assert killed(one) == [17]


def test_people_hurt_by_tear_gas_were_met_as_a_crowd(lexicon):
    text = (
        "مقتل 6 فلسطينيين في غزة\n\nأعلنت وزارة الصحة الجمعة مقتل 6 فلسطينيين وإصابة 192 آخرين برصاص الجيش "
        "الإسرائيلي والاختناق خلال مواجهات على الحدود الشرقية لقطاع غزة."
    )
    (incident,) = code(lexicon, text)
    assert incident.sub_event_type == "Excessive force against protesters"
    assert roles(incident) == ("Protesters", "Military Forces of Israel")


def test_a_sentence_pointing_back_at_the_raids_is_theirs_on_another_day(lexicon):
    text = (
        "شن الجيش الإسرائيلي السبت غارات جوية على أهداف لحركة حماس في قطاع غزة.\n"
        "وأعلنت مصادر طبية فلسطينية الأحد مقتل فلسطينيين اثنين جراء تلك الغارات."
    )
    (incident,) = code(lexicon, text, date(2018, 2, 18))
    assert roles(incident)[0] == "Military Forces of Israel" and killed(incident) == [2]


@pytest.mark.parametrize(
    "weapon",
    ["القضاء على أربعة مسلحين يرتدون أحزمة ناسفة", "ضبط عبوات ناسفة", "أبطل مفعول 27 عبوة ناسفة"],
)
def test_a_weapon_worn_seized_or_defused_exploded_nowhere(lexicon, weapon):
    text = f"مصرع 11 إرهابيا في سيناء\n\nأعلن الجيش المصري الخميس مقتل 11 مسلحا في مدينة العريش. وجرى {weapon}."
    (incident,) = code(lexicon, text)
    assert incident.event_type == "Battles"


def test_a_strike_far_below_without_the_figures_does_not_type_the_event(lexicon):
    text = (
        "مصرع 11 إرهابيا في سيناء\n\nأعلن الجيش المصري الخميس مقتل 11 مسلحا في مدينة العريش.\n"
        "وأضاف البيان أن العناصر كانت تخطط لهجمات.\nوأشار إلى ضبط أسلحة وذخائر.\n"
        "وأوضح أن القصف المدفعي استهدف 185 هدفا بمناطق العمليات."
    )
    (incident,) = code(lexicon, text)
    assert incident.event_type == "Battles"


def test_attributed_figures_after_a_statistic_are_news(lexicon):
    text = (
        "مقتل فلسطينيين اثنين في احتجاجات غزة\n\n"
        "أعلنت وزارة الصحة الجمعة مقتل فلسطينيين اثنين برصاص الجيش الإسرائيلي خلال احتجاجات في قطاع غزة.\n"
        "والقتيل الأول هو ثالث طبيب يقتل منذ بدء المظاهرات في 30 مارس.\n"
        "والقتيل الثاني يدعى علي، فيما أعلنت وزارة الصحة إصابة 307 أشخاص بجروح مختلفة."
    )
    (incident,) = code(lexicon, text)
    assert [c.value for c in incident.counts if str(c.category) == "wounded"] == [307]


def test_a_raid_is_the_raiding_forces_whoever_lost_men(lexicon):
    text = (
        "قتلى بمداهمة أمنية في مدينة السلط\n\n"
        "أسفرت مداهمة أمنية نفذتها قوات الدرك الأردني لموقع خلية إرهابية في مدينة السلط السبت عن مقتل ثلاثة "
        "من رجال الأمن."
    )
    (incident,) = code(lexicon, text)
    assert incident.event_type == "Battles"
    assert roles(incident) == ("Police Forces of Jordan", "Unidentified Armed Group")
    # ... and without a raid, «ثلاثة من رجال الأمن» killed make the gunmen actor 1
    (ambush,) = code(
        lexicon,
        "قتل مسلحون ثلاثة من رجال الأمن في هجوم على دورية في مدينة السلط السبت، بحسب مديرية الأمن العام.",
    )
    assert roles(ambush) == ("Unidentified Armed Group", "Police Forces of Jordan")
