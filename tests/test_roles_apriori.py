"""Who did what to whom, on short sentences written as Arabic outlets write the news (Al Jazeera, BBC Arabic,
Sky News Arabia, Asharq Al-Awsat, Anadolu), one construction at a time and in several countries: the ACLED
actor pair each construction makes, and a sentence each rule must leave alone. Written from how the news is
told, not from any gold article."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

_CODER = LexiconExtractor()


def parties(text: str) -> dict[str, tuple[str, int]]:
    result = _CODER.extract(ArticleText(id="t", text=text, published_at=date(2024, 3, 14))).result
    assert result is not None and result.incidents, text
    return {str(a.role): (a.name_en, a.inter) for a in result.incidents[0].actors}


def pair(text: str) -> tuple[str | None, str | None]:
    found = parties(text)
    return (found.get("actor1", (None, 0))[0], found.get("actor2", (None, 0))[0])


# Constructions the coder reads right: kept right by these (claims in every place, the passive with its agent,
# a force's raid or arrest, battles, who flies an air strike, protesters facing the police).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # claims: before the attack, after it, in the headline, through Amaq
        (
            "أعلن تنظيم الدولة الإسلامية مسؤوليته عن الهجوم الانتحاري الذي استهدف مسجدا في كابول وأسفر عن مقتل"
            " 20 شخصا.",
            ("Islamic State Khorasan Province", "Civilians"),
        ),
        (
            "قتل 20 شخصا في تفجير انتحاري استهدف مسجدا في كابول. وتبنى تنظيم داعش الهجوم عبر وكالة أعماق التابعة له.",
            ("Islamic State Khorasan Province", "Civilians"),
        ),
        (
            "حركة الشباب تتبنى تفجير مقديشو\nقتل 15 شخصا على الأقل في انفجار سيارة مفخخة قرب فندق في العاصمة"
            " الصومالية مقديشو.",
            ("Al Shabaab", "Civilians"),
        ),
        (
            "قتل 10 جنود ماليين في هجوم على معسكر للجيش في وسط مالي. وتبنت جماعة نصرة الإسلام والمسلمين الهجوم.",
            ("JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali"),
        ),
        (
            "تبنت حركة طالبان الهجوم على مقر للشرطة في ولاية غزني الذي أسفر عن مقتل 10 من عناصر الشرطة.",
            ("Taliban", "Police Forces of Afghanistan"),
        ),
        # no claim: an unidentified armed group
        (
            "قتل 9 من عناصر الشرطة في هجوم على حاجز أمني في محافظة ديالى. ولم تعلن أي جهة مسؤوليتها عن الهجوم.",
            ("Unidentified Armed Group", "Police Forces of Iraq"),
        ),
        # the passive with its agent
        ("قتل 3 مدنيين على يد مسلحين مجهولين في مدينة درنة الليبية.", ("Unidentified Armed Group", "Civilians")),
        ("قتل 4 أطفال بنيران الجيش الإسرائيلي في قطاع غزة.", ("Military Forces of Israel", "Civilians")),
        (
            "لقي 4 من عناصر الشرطة الصومالية حتفهم في هجوم نفذه مسلحو حركة الشباب في مقديشو.",
            ("Al Shabaab", "Police Forces of Somalia"),
        ),
        (
            "قتل 30 شخصا في تفجير انتحاري نفذه تنظيم داعش في سوق ببغداد.",
            ("Islamic State (Iraq)", "Civilians"),
        ),
        # a force's raid or arrest: the force, then the named group of those arrested (none named: no actor 2)
        (
            "اعتقلت الشرطة التركية 12 شخصا يشتبه بانتمائهم لتنظيم الدولة في إسطنبول.",
            ("Police Forces of Turkey", "Islamic State"),
        ),
        (
            "داهمت قوات الأمن العراقية مخبأ لتنظيم داعش في كركوك واعتقلت 5 من عناصره.",
            ("Military Forces of Iraq", "Islamic State (Iraq)"),
        ),
        (
            "ألقت الشرطة الباكستانية القبض على 3 من مسلحي حركة طالبان باكستان في بيشاور.",
            ("Police Forces of Pakistan", "TTP: Tehreek-i-Taliban Pakistan"),
        ),
        ("اعتقلت قوات الأمن الصومالية 20 شخصا في مقديشو بعد التفجير.", ("Police Forces of Somalia", None)),
        # battles: who attacked, who repelled, who lost the dead
        (
            "هاجم مسلحو حركة الشباب مواقع للجيش الصومالي في إقليم شبيلي السفلى، ما أسفر عن مقتل 6 جنود.",
            ("Al Shabaab", "Military Forces of Somalia"),
        ),
        (
            "صد الجيش الأفغاني هجوما لحركة طالبان على مدينة غزني وقتل 30 من مسلحي الحركة.",
            ("Military Forces of Afghanistan", "Taliban"),
        ),
        (
            "قتل 10 أشخاص في اشتباكات بين الجيش السوري وهيئة تحرير الشام في ريف إدلب.",
            ("Military Forces of Syria", "HTS: Hayat Tahrir al-Sham"),
        ),
        (
            "قتلت قوات الأمن المصرية 7 مسلحين في تبادل لإطلاق النار في العريش.",
            ("Police Forces of Egypt", "Unidentified Armed Group"),
        ),
        # air strikes: who flies
        (
            "قتل 4 مسلحين في غارة جوية لطائرة مسيرة أمريكية في جنوب الصومال.",
            ("Military Forces of the United States", "Unidentified Armed Group"),
        ),
        ("قتل 11 مدنيا في قصف للطيران الروسي على بلدة في ريف إدلب.", ("Military Forces of Russia", "Civilians")),
        (
            "شن الطيران الحربي الإسرائيلي غارات على مواقع لحركة حماس في قطاع غزة.",
            ("Military Forces of Israel", "Hamas Movement"),
        ),
        # protests: the protesters, then the force that fired on them
        ("أطلقت الشرطة الغاز المسيل للدموع على المتظاهرين في الخرطوم.", ("Protesters", "Police Forces of Sudan")),
        ("قتل 3 متظاهرين برصاص الشرطة خلال احتجاجات في بغداد.", ("Protesters", "Police Forces of Iraq")),
    ],
)
def test_the_constructions_of_the_news_give_their_actor_pair(text, expected):
    assert pair(text) == expected


# «طيران التحالف»: the coalition whose theatre the incident is in


def test_the_coalition_over_yemen_is_the_saudi_led_one():
    assert pair("قتل 6 مدنيين في غارة لطيران التحالف على سوق في محافظة صعدة اليمنية.") == (
        "Arab Coalition (Saudi-led)",
        "Civilians",
    )
    assert pair("شنت طائرات التحالف غارات على مواقع الحوثيين في صعدة أسفرت عن مقتل 7 مسلحين.") == (
        "Arab Coalition (Saudi-led)",
        "Ansar Allah (Houthis)",
    )


def test_the_coalition_over_syria_stays_the_international_one():
    assert pair("قتل 6 مدنيين في غارة لطيران التحالف على قرية في ريف دير الزور الشرقي.") == (
        "International Coalition",
        "Civilians",
    )


# the assailant who was then killed or arrested: he is actor 1, the force that ended it is not


@pytest.mark.parametrize(
    "text",
    [
        "قتل 4 مدنيين في هجوم بسكين في مدينة مرسيليا، وأعلنت الشرطة أنها قتلت المهاجم بالرصاص.",
        "قتل مسلح 5 أشخاص في إطلاق نار على مركز تجاري في مدينة تولوز الفرنسية قبل أن تقتله الشرطة.",
        "قتل 6 أشخاص في هجوم مسلح على كنيسة في حلوان بالقاهرة. وتمكنت قوات الأمن من قتل المهاجم واعتقال شريكه.",
        "قتل 3 أشخاص في هجوم بسكين في مدينة مرسيليا. وقالت الشرطة إنها اعتقلت المهاجم.",
    ],
)
def test_the_force_that_ended_an_attack_is_not_its_doer(text):
    assert pair(text) == ("Unidentified Armed Group", "Civilians")


def test_the_claimant_of_an_attack_the_police_ended_is_its_doer():
    text = "قتل 3 أشخاص في هجوم بالسكين في لندن، وقتلت الشرطة المهاجم. وأعلن تنظيم الدولة مسؤوليته عن الهجوم."
    assert pair(text) == ("Islamic State", "Civilians")


def test_the_force_that_killed_several_attackers_in_a_gunfight_is_a_side_of_it():
    # «المهاجمين»، several: a fight between them and the force, which stays in it
    text = "هاجم مسلحون نقطة تفتيش للشرطة في مدينة العريش، وقتلت قوات الأمن المهاجمين بعد تبادل لإطلاق النار."
    assert pair(text) == ("Unidentified Armed Group", "Police Forces of Egypt")


def test_a_force_that_kills_gunmen_in_its_own_fight_stays_its_doer():
    # «مسلحين»، indefinite: the force's own opponents, not the attacker of another deed
    assert pair("قتلت قوات الأمن المصرية 7 مسلحين في تبادل لإطلاق النار في العريش.")[0] == "Police Forces of Egypt"


# claims made in a statement: the armed group that speaks of its own deed


def test_a_group_speaking_in_its_claim_is_the_claimant():
    text = (
        "قتل 15 شخصا على الأقل في انفجار سيارة مفخخة قرب فندق في العاصمة الصومالية مقديشو. وقالت حركة الشباب"
        " في بيان تبنت فيه الهجوم إن مقاتليها استهدفوا الفندق."
    )
    assert pair(text) == ("Al Shabaab", "Civilians")


def test_a_groups_spokesman_telling_its_fighters_deed_is_a_claim():
    text = (
        "قال المتحدث باسم حركة طالبان ذبيح الله مجاهد إن مقاتلي الحركة قتلوا 15 جنديا في هجوم على قاعدة في ولاية فراه."
    )
    assert pair(text)[0] == "Taliban"


def test_a_group_denying_it_is_no_claimant():
    text = "قتل 12 مدنيا في تفجير سيارة مفخخة في كابول. ونفت حركة طالبان في بيان مسؤوليتها عن الهجوم."
    assert pair(text) == ("Unidentified Armed Group", "Civilians")


# accusations: ACLED codes the perpetrator the article reports as fact, not one accused


@pytest.mark.parametrize(
    "text",
    [
        "اتهمت الحكومة الأفغانية حركة طالبان بتنفيذ الهجوم الذي أسفر عن مقتل 12 مدنيا في قندهار.",
        "قتل 8 أشخاص في انفجار سيارة مفخخة في مدينة بنغازي، واتهمت الحكومة جماعة أنصار الشريعة بتنفيذ الهجوم.",
        "قتل 6 مدنيين في انفجار عبوة ناسفة استهدفت حافلة قرب مدينة بلدوين. وقال حاكم الإقليم إن الحافلة كانت تقل"
        " تجارا، محملا حركة الشباب مسؤولية التفجير.",
    ],
)
def test_the_accused_is_not_the_doer(text):
    assert pair(text) == ("Unidentified Armed Group", "Civilians")


def test_the_doer_reported_as_fact_is_the_doer():
    assert pair("قتل 12 مدنيا في هجوم نفذته حركة طالبان في قندهار.") == ("Taliban", "Civilians")


# «قال X إن Y فعل»: Y, the subject of the clause reported, is a party; X, who says it, is not


def test_the_force_a_ministry_reports_acting_is_the_doer():
    text = "قالت وزارة الداخلية المصرية إن قوات الأمن قتلت 5 إرهابيين في تبادل لإطلاق النار في أسيوط."
    assert pair(text) == ("Police Forces of Egypt", "Unidentified Armed Group")


def test_the_force_that_only_reports_stays_out():
    found = parties("قال الجيش الباكستاني إن مسلحين قتلوا 5 مدنيين في بيشاور.")
    assert found["actor1"][0] == "Unidentified Armed Group"
    assert "Military Forces of Pakistan" not in {name for name, _ in found.values()}


# soldiers harmed, their force named only as the source: that force, of the nationality the count gives


def test_a_foreign_soldier_is_his_own_states_not_the_places():
    found = parties("قتل جندي إسرائيلي برصاص قناص فلسطيني على حدود قطاع غزة، بحسب ما أعلن الجيش الإسرائيلي.")
    assert found["actor2"] == ("Military Forces of Israel", 8)


def test_a_home_soldier_is_the_home_force_named_as_the_source():
    found = parties("قتل 3 جنود في هجوم على نقطة تفتيش في ولاية بورنو، بحسب ما أعلن الجيش النيجيري.")
    assert found["actor2"] == ("Military Forces of Nigeria", 1)


def test_civilians_killed_stay_civilians():
    assert pair("قتل 5 مدنيين في انفجار عبوة ناسفة في سوق بمدينة مقديشو.") == ("Unidentified Armed Group", "Civilians")


# who flies: the nationality after the words of the means («غارة جوية بطائرة مسيرة أمريكية»)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قتل قيادي في حركة الشباب في غارة جوية أمريكية قرب بلدة جلب جنوبي الصومال.",
            ("Military Forces of the United States", "Al Shabaab"),
        ),
        (
            "قتل 20 مسلحا من طالبان في غارات جوية للقوات الأفغانية في ولاية هلمند.",
            ("Military Forces of Afghanistan", "Taliban"),
        ),
    ],
)
def test_the_nationality_after_the_means_of_a_strike_names_who_struck(text, expected):
    assert pair(text) == expected


def test_a_strike_with_no_nationality_names_no_state():
    # the place's nationality further on («محافظة مأرب اليمنية») is not who struck
    drone = "قتل 3 مدنيين في غارة جوية بطائرة مسيرة {}على سوق في محافظة مأرب اليمنية."
    assert pair(drone.format("")) == ("Unidentified Armed Group", "Civilians")
    assert pair(drone.format("أمريكية ")) == ("Military Forces of the United States", "Civilians")


# the harmed force named by the nationality of its men («جنديان تركيان»، «عناصر الأمن الأفغاني»)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قتل 7 من عناصر الأمن الأفغاني في هجوم لمسلحي طالبان على نقطة تفتيش في ولاية قندوز.",
            ("Taliban", ("Police Forces of Afghanistan", 1)),
        ),
        (
            "قتل جنديان تركيان في هجوم شنه مسلحو حزب العمال الكردستاني في شمال العراق.",
            ("PKK: Kurdistan Workers Party", ("Military Forces of Turkey", 8)),
        ),
        (
            "قتل 4 جنود بوركينيين في انفجار عبوة ناسفة استهدفت دوريتهم في شمال بوركينا فاسو.",
            ("Unidentified Armed Group", ("Military Forces of Burkina Faso", 1)),
        ),
    ],
)
def test_soldiers_named_by_their_nationality_are_their_states_force(text, expected):
    found = parties(text)
    assert (found["actor1"][0], found["actor2"]) == expected


def test_soldiers_of_no_nationality_named_are_no_force_named():
    assert pair("قتل 4 جنود في انفجار عبوة ناسفة استهدفت دوريتهم في شمال بوركينا فاسو.") == (
        "Unidentified Armed Group",
        None,
    )


# a claim after the count, past the clause's end, is the claimant's, not one of the counted


def test_a_claim_after_the_count_names_the_doer_not_a_victim():
    text = (
        "أطلق مسلحون النار على حافلة تقل أقباطا في محافظة المنيا ما أسفر عن مقتل 7 أشخاص، وأعلن تنظيم الدولة"
        " مسؤوليته عن الهجوم."
    )
    assert pair(text) == ("Islamic State (Egypt)", "Civilians")


def test_a_group_among_the_counted_stays_harmed():
    found = parties("قتل 5 مسلحين من حركة الشباب في غارة أمريكية في جنوب الصومال.")
    assert found["actor2"][0] == "Al Shabaab"


# interceptions: who fired («أطلقه الحوثيون») is actor 1, who intercepted actor 2


def test_who_intercepts_a_missile_is_its_target():
    assert pair("اعترضت الدفاعات الجوية السعودية صاروخا باليستيا أطلقه الحوثيون باتجاه الرياض.") == (
        "Ansar Allah (Houthis)",
        "Military Forces of Saudi Arabia",
    )


# «فتحت قوات … النار على»: who opened fire did it


def test_the_force_that_opened_fire_is_the_doer():
    assert pair("قتل 4 مدنيين عندما فتحت قوات الأمن الصومالية النار على حافلة في مقديشو.") == (
        "Police Forces of Somalia",
        "Civilians",
    )


def test_fatah_the_movement_is_no_opening_of_fire():
    assert pair("قتل 3 من عناصر حركة فتح في اشتباكات مع مسلحين في مخيم عين الحلوة جنوب لبنان.") == (
        "Unidentified Armed Group",
        "Fatah Movement",
    )


# «ولم تعلن أي جهة مسؤوليتها»: a negated claim is no claim, and the groups surmised after it are no party


def test_a_negated_claim_and_the_surmise_after_it_name_no_doer():
    farm = "قتل 18 مزارعا في هجوم مسلح على قرية في ولاية بورنو. {}"
    surmise = "ولم تعلن أي جهة مسؤوليتها عن الهجوم، لكن المنطقة تشهد نشاطا لجماعة بوكو حرام."
    assert pair(farm.format(surmise)) == ("Unidentified Armed Group", "Civilians")
    claim = "وأعلنت جماعة بوكو حرام مسؤوليتها عن الهجوم."
    assert pair(farm.format(claim)) == ("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "Civilians")


# a state's force named by a word ambiguous elsewhere, in its own theatre: «قوات الاحتلال» in the West Bank


def test_the_occupation_forces_in_the_palestinian_territories_are_israels():
    assert pair("قتل شاب فلسطيني برصاص قوات الاحتلال عند حاجز قرب مدينة نابلس.") == (
        "Military Forces of Israel",
        "Civilians",
    )


def test_an_occupation_named_outside_its_theatre_is_no_one():
    found = parties("قتل 3 مدنيين برصاص قوات الاحتلال في ريف عفرين شمالي سوريا.")
    assert "Military Forces of Israel" not in {name for name, _ in found.values()}


# «في عملية نفذتها القوات المصرية»: the force after the feminine object pronoun did it; a state's forces
# named «القوات» + its adjective, also of states the dictionary had no entry for (Chad)


def test_the_force_after_nafadhatha_is_the_doer():
    assert pair("قتل 4 مسلحين في عملية أمنية نفذتها القوات المصرية في شمال سيناء.") == (
        "Military Forces of Egypt",
        "Unidentified Armed Group",
    )


def test_the_chadian_forces_are_named():
    assert pair("قتل 6 جنود في هجوم شنته جماعة بوكو حرام على موقع للقوات التشادية قرب بحيرة تشاد.") == (
        "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
        "Military Forces of Chad",
    )


def test_a_stronghold_in_a_places_description_is_no_target():
    # «التي كانت معقلا لتنظيم داعش» tells what the place was, not whom the attack hit
    text = "وفي الموصل، التي كانت معقلا لتنظيم الدولة، قتل 4 أشخاص في انفجار عبوة ناسفة في سوق شعبي."
    assert pair(text) == ("Unidentified Armed Group", "Civilians")


def test_the_gulen_organisation_is_not_the_islamic_state():
    # «تنظيم غولن»: «التنظيم» alone refers to the Islamic State, not with Gülen's name after it
    assert pair("أوقفت السلطات التركية 20 مشتبها بالانتماء لتنظيم غولن في ولاية أنقرة.") == (
        "Police Forces of Turkey",
        "Gulen Movement",
    )


# «مسلحون يعتقد أنهم من جماعة أبو سياف»: the attackers' suspected group is theirs, as ACLED codes a suspected
# perpetrator (not their victim, as «من» before a group would make it)


@pytest.mark.parametrize(
    "text",
    [
        "اختطف مسلحون يعتقد أنهم من جماعة أبو سياف 3 صيادين في جزيرة جولو جنوب الفلبين.",
        "اختطف مسلحون من جماعة أبو سياف 3 صيادين في جزيرة جولو جنوب الفلبين.",
    ],
)
def test_the_attackers_suspected_or_named_group_is_the_doer(text):
    assert pair(text) == ("Abu Sayyaf Group", "Civilians")


def test_people_arrested_on_suspicion_of_membership_are_the_group():
    assert pair("اعتقلت الشرطة التركية 12 شخصا يشتبه بانتمائهم لتنظيم الدولة في إسطنبول.") == (
        "Police Forces of Turkey",
        "Islamic State",
    )


# an attack, then the suspect's arrest told after it: the attacker did it; an article led by the arrest is the arrest


def test_the_force_that_arrested_the_suspect_later_is_not_the_attacks_doer():
    text = "قتل 3 أشخاص في هجوم على سوق عيد الميلاد في ستراسبورغ الفرنسية، واعتقلت الشرطة المشتبه به بعد يومين."
    assert pair(text)[0] == "Unidentified Armed Group"


def test_an_arrest_told_first_is_the_arresting_forces():
    text = "اعتقلت الشرطة الفرنسية المشتبه به في الهجوم على سوق عيد الميلاد في ستراسبورغ الذي أسفر عن مقتل 3 أشخاص."
    assert pair(text) == ("Police Forces of France", None)


# violence against civilians harms civilians, counted or not


def test_an_uncounted_civilian_victim_is_civilians():
    assert pair("اغتال مسلحون مجهولون إمام مسجد في مدينة عدن.") == ("Unidentified Armed Group", "Civilians")


# a riot: ACLED's rioters (inter 5), then the force they fought


@pytest.mark.parametrize(
    ("text", "force"),
    [
        (
            "اندلعت اشتباكات بين قوات الأمن التونسية وشبان في مدينة القصرين، ورشق مثيرو الشغب قوات الأمن بالحجارة.",
            "Police Forces of Tunisia",
        ),
        (
            "اندلعت اشتباكات بين الجيش الإسرائيلي وشبان فلسطينيين في قرية كوبر قرب رام الله يوم الجمعة، ورشق مثيرو"
            " الشغب الجنود بالحجارة.",
            "Military Forces of Israel",
        ),
    ],
)
def test_rioters_then_the_force_they_fought(text, force):
    found = parties(text)
    assert found["actor1"] == ("Rioters", 5)
    assert found["actor2"][0] == force


def test_the_opposition_forces_are_the_syrian_rebels():
    assert pair("أطلقت قوات المعارضة قذائف هاون على حي سكني في مدينة حلب ما أدى إلى مقتل 4 مدنيين.") == (
        "Opposition Rebels (Syria)",
        "Civilians",
    )
