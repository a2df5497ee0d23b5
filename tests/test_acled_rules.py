"""ACLED's decision rules as the lexicon extractor applies them (triggers.json "rules"), and totals:
a breakdown is part of its total, a rising toll replaces the earlier figure."""

from __future__ import annotations

import json
from datetime import date

import pytest
from briefs.extract.lexicon import DATA, LexiconExtractor
from briefs.inputs import ArticleText


def first(text: str, published: str = "2018-07-10"):
    result = (
        LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date.fromisoformat(published))).result
    )
    assert result is not None
    incidents = result.incidents
    assert incidents, text
    return incidents[0]


def test_the_rules_are_written_down_in_the_triggers_data():
    rules = json.loads((DATA / "triggers.json").read_text(encoding="utf-8"))["rules"]
    assert {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Strategic developments",
        "Background",
    } <= set(rules)


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        # an attack whose victims are armed: a battle
        ("قتل جنديان من الجيش العراقي في هجوم شنه مسلحون على نقطة مراقبة في كركوك.", "Battles", "Armed clash"),
        # an attack on unarmed people: violence against civilians
        ("قتل مسلحون 18 شخصا في هجوم على قرية في كركوك.", "Violence against civilians", "Attack"),
        # the killing of two members of the security forces is no violence against civilians
        ("مقتل عنصرين من قوات الأمن برصاص مسلحين مجهولين في درعا.", "Battles", "Armed clash"),
        # the assassination of two members of military security is no violence against civilians (the Tafas)
        ("اغتيال عنصرين من الأمن العسكري برصاص مسلحين مجهولين في مدينة طفس بريف درعا.", "Battles", "Armed clash"),
        # ... the assassination of a civilian activist is
        ("اغتال مسلحون مجهولون ناشطا مدنيا في البصرة.", "Violence against civilians", "Attack"),
        # the weapon named in the next sentence settles the attack
        (
            "قتل 11 شخصا في هجوم استهدف تجمعا انتخابيا في بيشاور. ورجحت الشرطة أن الهجوم نفذه انتحاري.",
            "Explosions/Remote violence",
            "Suicide bomb",
        ),
        # a bombing that the lede says a bomber carried out is a suicide bombing
        ("تفجير في كابل. قتل انتحاري 8 أشخاص في كابل.", "Explosions/Remote violence", "Suicide bomb"),
        # people shot at a protest: excessive force against protesters, not an explosion or a battle
        (
            "قتل 25 فلسطينيا برصاص الجيش الإسرائيلي خلال احتجاجات على حدود قطاع غزة.",
            "Protests",
            "Excessive force against protesters",
        ),
        # a drone by its usual name
        ("قتل قيادي في هجوم بطائرة بلا طيار في شمال وزيرستان.", "Explosions/Remote violence", "Air/drone strike"),
        # arrests with no one killed
        ("اعتقلت الشرطة ستة أشخاص في برلين.", "Strategic developments", "Arrests"),
    ],
)
def test_event_types_follow_acleds_rules(text, event_type, sub_event_type):
    incident = first(text)
    assert (str(incident.event_type), str(incident.sub_event_type)) == (event_type, sub_event_type)


def test_a_protest_in_reaction_is_not_the_event():
    incident = first("اغتال مسلحون مجهولون ناشطا في البصرة. وقطع متظاهرون الطرق احتجاجا على الحادث.")
    assert str(incident.event_type) == "Violence against civilians"


def killed(text: str) -> list[int]:
    return [c.value for c in first(text).counts if str(c.category) == "killed"]


def test_a_breakdown_is_part_of_its_total():
    assert killed("قتل 25 شخصا بينهم 9 صحفيين في انفجارين في كابل.") == [25]
    assert killed("قتل 25 شخصا في هجوم على عرض عسكري في الأهواز. ومن بين القتلى 8 من عناصر الحرس.") == [25]
    # ... but "بينهم" ends with its clause: the next figure is a count of its own
    incident = first("قتل ثلاثة مدنيين بينهم طفل وأصيب ستة آخرون في غارة على إدلب.")
    assert [(str(c.category), c.value) for c in incident.counts] == [("killed", 3), ("wounded", 6)]


def test_a_rising_toll_replaces_the_earlier_figure():
    text = "قتل 20 شخصا في تفجير انتحاري في بلوشستان. وارتفعت حصيلة قتلى التفجير إلى 128 قتيلا."
    assert killed(text) == [128]


def test_the_ledes_careful_wording_wins_over_the_headlines():
    incident = first("11 قتيلا في انفجار بكركوك\nقتل 11 شخصا على الأقل في انفجار في كركوك.")
    assert [(str(c.category), c.value, str(c.qualifier)) for c in incident.counts] == [("killed", 11, "at_least")]


def test_an_earlier_attack_the_news_comes_after_is_not_this_ones_toll():
    text = (
        "قتل 37 شخصا على الأقل في هجوم انتحاري في كابل. ويأتي هذا الهجوم بعد ثلاثة أيام من هجوم واسع على مدينة غزنة "
        "قتل خلاله أكثر من 100 عنصر أمني."
    )
    assert killed(text) == [37]
