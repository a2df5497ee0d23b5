"""Roles (who did what to whom) on sentences of the kinds the dev articles taught, and ones each rule must leave."""

from __future__ import annotations

from datetime import date

from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText


def parties(text: str) -> dict[str, tuple[str, int]]:
    result = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date(2024, 3, 14))).result
    assert result is not None
    return {str(a.role): (a.name_en, a.inter) for a in result.incidents[0].actors}


def test_a_state_force_filed_as_external_is_a_home_force_at_home():
    # the Guards hit in Iran are Iran's own forces (inter 1), not a foreign one
    found = parties("قتل 3 من عناصر الحرس الثوري الإيراني في هجوم مسلح في زاهدان.")
    assert found["actor2"] == ("Iranian Revolutionary Guard Corps", 1)


def test_a_state_force_abroad_stays_external():
    found = parties("قتل 3 من عناصر الحرس الثوري الإيراني في غارة إسرائيلية على دمشق.")
    assert found["actor1"] == ("Military Forces of Israel", 8)
    assert found["actor2"] == ("Iranian Revolutionary Guard Corps", 8)


def test_who_says_it_did_the_deed_itself_is_its_doer():
    # «قال X إنه أطلق»: the speaker reports its own act
    found = parties("قال الجيش الباكستاني إنه قتل 5 مسلحين في بيشاور.")
    assert found["actor1"] == ("Military Forces of Pakistan", 1)


def test_who_says_others_did_it_stays_the_source():
    found = parties("قال الجيش الباكستاني إن مسلحين قتلوا 5 مدنيين في بيشاور.")
    assert found["actor1"] == ("Unidentified Armed Group", 3)
    assert "Military Forces of Pakistan" not in {name for name, _ in found.values()}


def test_the_gunmen_hit_are_the_group_named_as_hit():
    # «خسائر في صفوف المسلحين» and «مقرا لتنظيم الدولة»: one opponent, the named group
    found = parties(
        "قال الحرس الثوري الإيراني إنه أطلق صواريخ على البوكمال في سوريا وأوقع خسائر في صفوف المسلحين. "
        "وقال المرصد إن الصواريخ ضربت مقرا لتنظيم الدولة."
    )
    assert found["actor1"][0] == "Iranian Revolutionary Guard Corps"
    assert found["actor2"][0] == "Islamic State (Syria)"
    assert "Unidentified Armed Group" not in {name for name, _ in found.values()}


def test_unnamed_gunmen_stay_unidentified():
    found = parties("قال الجيش الباكستاني إنه قتل 5 مسلحين في بيشاور.")
    assert found["actor2"] == ("Unidentified Armed Group", 3)


def test_the_dead_at_a_struck_partys_positions_are_its_own_unless_called_civilians():
    strike = (
        "قتل 14 {} في قصف صاروخي إيراني استهدف مقرات الحزب الديمقراطي الكردستاني الإيراني في كويه في كردستان العراق."
    )
    people = parties(strike.format("شخصا"))
    assert people["actor2"][0] == "KDPI: Kurdistan Democratic Party of Iran"
    assert "associate_actor2" not in people
    civilians = parties(strike.format("مدنيا"))
    assert civilians["actor2"][0] == "KDPI: Kurdistan Democratic Party of Iran"
    assert civilians["associate_actor2"] == ("Civilians", 7)


def test_the_missing_after_a_raid_are_its_civilian_victims():
    found = parties(
        "قالت الحكومة إن 110 تلميذات مفقودات بعد هجوم شنته جماعة بوكو حرام على مدرستهن في دابشي في ولاية يوبي."
    )
    assert found["actor1"][0] == "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
    assert found["actor2"] == ("Civilians", 7)


def test_missing_soldiers_are_no_civilians():
    found = parties(
        "قال الجيش إن 5 جنود مفقودون بعد هجوم شنته جماعة بوكو حرام على قاعدة عسكرية في دابشي في ولاية يوبي."
    )
    assert found["actor2"][0] == "Military Forces of Nigeria"
    assert "Civilians" not in {name for name, _ in found.values()}
