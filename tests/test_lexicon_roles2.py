"""Roles from the sentence, second round (triggers.json "struck", "partner", "request"): partners are
associates of their side, what a strike hit names actor 2, the gunmen of a named group are that group,
an arrest asked for is not made. Each rule on a short article written for it, beside a real dev article
of the ANT corpus (read from ../shared by file name, never copied here) it must leave alone."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.evals.runner import corpus_article
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

from .conftest import DATASETS, SHARED, read_jsonl

PUBLISHED = date(2018, 6, 18)  # a Monday
DEV = {case["id"]: case for case in read_jsonl(DATASETS / "incidents-ant-wide.jsonl") if case["split"] == "dev"}
needs_corpus = pytest.mark.skipif(
    not (SHARED / "corpus" / "ant-wide").is_dir(), reason="../shared/corpus/ant-wide is absent"
)


def code(lexicon: LexiconExtractor, text: str, published: date = PUBLISHED):
    return lexicon.code(ArticleText(id="t", text=text, published_at=published)).incidents


def cast(incident) -> dict[str, str]:
    return {str(a.role): a.name_en for a in incident.actors}


def dev_incidents(lexicon: LexiconExtractor, case_id: str):
    case = DEV[case_id]
    text = corpus_article(SHARED / "corpus", case["file"])
    assert text is not None
    return code(lexicon, text, date.fromisoformat(case["published_at"][:10]))


def test_a_partner_is_an_associate_of_its_side_not_the_other_side(lexicon):
    (incident,) = code(
        lexicon, "قتلت قوات سوريا الديمقراطية بدعم من التحالف الدولي 20 عنصرا من داعش في دير الزور السبت."
    )
    assert cast(incident) == {
        "actor1": "SDF: Syrian Democratic Forces",
        "actor2": "Islamic State (Syria)",
        "associate_actor1": "International Coalition",
    }
    (strike,) = code(lexicon, "شن الجيش السوري بالتعاون مع القوات الروسية غارات على إدلب أسفرت عن مقتل 12 مدنيا السبت.")
    assert cast(strike) == {
        "actor1": "Military Forces of Syria",
        "actor2": "Civilians",
        "associate_actor1": "Military Forces of Russia",
    }


@needs_corpus
def test_a_foreign_force_joined_with_a_local_one_is_its_associate():
    """The seed article of the issue: the coalition was coded as the SDF's opponent, ISIS as its associate."""
    text = (SHARED / "seeds" / "004_1e19c6afa12d2738.txt").read_text(encoding="utf-8")
    raid = LexiconExtractor().extract(ArticleText(id="004", text=text, published_at="2021-12-14")).result.incidents[0]
    assert cast(raid) == {
        "actor1": "SDF: Syrian Democratic Forces",
        "actor2": "Islamic State (Syria)",
        "associate_actor1": "International Coalition",
    }


def test_the_sides_of_a_clash_are_not_partners(lexicon):
    (incident,) = code(lexicon, "قتل 10 أشخاص في اشتباكات بين الجيش الأفغاني وحركة طالبان في قندوز الأحد.")
    assert set(cast(incident)) == {"actor1", "actor2"}
    assert set(cast(incident).values()) == {"Military Forces of Afghanistan", "Taliban"}


def test_a_party_in_no_role_is_no_associate(lexicon):
    text = (
        "قتل 6 مدنيين في تفجير انتحاري في سوق بمدينة مقديشو الأحد. "
        "وقال مسؤول إن حركة الشباب تنشط في المنطقة وإن الجيش الصومالي عزز انتشاره."
    )
    (incident,) = code(lexicon, text)
    assert set(cast(incident)) <= {"actor1", "actor2"}


@needs_corpus
def test_no_dev_article_gives_civilians_or_protesters_as_the_perpetrators_associate(lexicon):
    for case_id in DEV:
        for incident in dev_incidents(lexicon, case_id):
            associate = cast(incident).get("associate_actor1", "")
            assert not associate.startswith(("Civilians", "Protesters")), (case_id, cast(incident))


def test_what_a_strike_hit_names_actor_2(lexicon):
    text = (
        "قتل خالد محسود، أحد أعضاء حركة طالبان باكستان، في هجوم شنته طائرة بلا طيار تابعة للولايات المتحدة "
        "الخميس في شمال وزيرستان، وقتل معه تسعة مدنيين."
    )
    (incident,) = code(lexicon, text)
    assert cast(incident) == {  # the nine civilians killed with him: associates of actor 2
        "actor1": "Military Forces of the United States",
        "actor2": "TTP: Tehreek-i-Taliban Pakistan",
        "associate_actor2": "Civilians",
    }
    (headquarters,) = code(lexicon, "أصيب 10 أشخاص في تفجير انتحاري استهدف مقرا للشرطة في مدينة سورابايا الأحد.")
    assert cast(headquarters)["actor2"].startswith("Police Forces of")


@needs_corpus
def test_a_strikes_owner_is_not_what_it_hit(lexicon):
    """dev 045: the drone «تابعة للولايات المتحدة» is the United States' (the striker), and the TTP member it
    killed names the TTP as actor 2."""
    (incident,) = dev_incidents(lexicon, "ant-wide-045")
    assert cast(incident)["actor1"] == "Military Forces of the United States"
    assert cast(incident)["actor2"] == "TTP: Tehreek-i-Taliban Pakistan"


def test_a_crowd_of_protesters_hit_is_actor_2(lexicon):
    text = "قتل 19 شخصا على الأقل الثلاثاء عندما فجر انتحاري نفسه وسط حشد من المتظاهرين في مدينة جلال آباد."
    (incident,) = code(lexicon, text)
    assert cast(incident) == {"actor1": "Unidentified Armed Group", "actor2": "Protesters"}
    (market,) = code(lexicon, "قتل 19 شخصا على الأقل الثلاثاء عندما فجر انتحاري نفسه وسط سوق في مدينة جلال آباد.")
    assert cast(market) == {"actor1": "Unidentified Armed Group", "actor2": "Civilians"}


def test_the_gunmen_of_a_named_group_are_that_group_and_who_did_it_is_not_who_was_counted(lexicon):
    (incident,) = code(lexicon, "قتل خمسة مدنيين على يد مسلحين من حركة الشباب في مقديشو الأحد.")
    assert incident.event_type == "Violence against civilians"  # «على يد مسلحين»: the gunmen did it, not died
    assert cast(incident) == {"actor1": "Al Shabaab", "actor2": "Civilians"}
    (arrest,) = code(lexicon, "اعتقلت قوات الأمن العراقية خمسة عناصر من داعش في الموصل يوم السبت.")
    assert cast(arrest) == {"actor1": "Military Forces of Iraq", "actor2": "Islamic State (Iraq)"}


def test_an_arrest_asked_for_is_not_made(lexicon):
    assert code(lexicon, "أنقرة تطلب رسميا من ألمانيا توقيف القيادي الكردي صالح مسلم. وجاء الطلب الاثنين.") == []


@needs_corpus
def test_an_arrest_made_is_still_one(lexicon):
    """dev 163: «اعتقلت السلطات الألمانية الأحد ستة أشخاص» is an arrest by the German police."""
    incident = dev_incidents(lexicon, "ant-wide-163")[0]
    assert incident.sub_event_type == "Arrests" and cast(incident)["actor1"] == "Police Forces of Germany"


def test_in_a_disaster_a_weapons_word_with_no_one_harmed_is_the_relief(lexicon):
    text = (
        "ارتفاع حصيلة ضحايا الفيضانات في الهند إلى 357 قتيلا. "
        "يكافح رجال الإنقاذ مدعومين بعشرات المروحيات لإنقاذ آلاف العالقين الأحد."
    )
    assert code(lexicon, text) == []
    strike = "قصفت مروحية للجيش مواقع للمسلحين في ولاية كشمير الأحد وقتل 5 مسلحين."
    assert [i.sub_event_type for i in code(lexicon, strike)] == ["Air/drone strike"]


def test_who_claimed_the_attacks_leads_over_the_force_that_killed_the_attacker(lexicon):
    text = (
        "قتلت قوات الأمن الفرنسية الجمعة محتجز رهائن نفذ ثلاثة هجمات تبناها داعش "
        "في مدينة مرسيليا جنوب فرنسا مما أسفر عن مقتل 3 أشخاص."
    )
    (incident,) = code(lexicon, text)
    assert incident.event_type == "Violence against civilians"
    assert cast(incident)["actor1"].startswith("Islamic State") and cast(incident)["actor2"] == "Civilians"


def test_a_target_named_in_a_claim_sentence_stays_the_target(lexicon):
    text = (
        "قال الجيش الإسرائيلي إن طائراته ضربت 35 هدفا لحركة حماس، التي أعلنت مسؤوليتها عن إطلاق القذائف، "
        "في قطاع غزة الثلاثاء."
    )
    incidents = code(lexicon, text)
    assert incidents and all(cast(i).get("actor1") != "Hamas Movement" for i in incidents)


def test_the_authorities_who_arrest_are_the_police_and_a_bombing_after_an_arrest_is_its_own_event(lexicon):
    text = (
        "اعتقلت السلطات الباكستانية رئيس الوزراء السابق نواز شريف حال عودته إلى لاهور الجمعة، "
        "حيث يواجه حكما بالسجن لمدة عشر سنوات. "
        "وقتل 85 شخصا الجمعة في تفجير انتحاري استهدف تجمعا انتخابيا في إقليم بلوشستان."
    )
    arrest, bombing = code(lexicon, text)
    assert arrest.sub_event_type == "Arrests" and cast(arrest) == {"actor1": "Police Forces of Pakistan"}
    assert bombing.sub_event_type == "Suicide bomb" and [c.value for c in bombing.counts] == [85]


def test_years_of_history_are_still_background(lexicon):
    """Only a prison term («بالسجن لمدة عشر سنوات») is no history: «منذ سنوات» still is."""
    assert code(lexicon, "وتشهد المنطقة هجمات متكررة منذ سنوات أسفرت عن مقتل 300 شخص.") == []


@needs_corpus
def test_the_arrested_former_prime_minister_and_the_days_bombings_are_apart(lexicon):
    """dev 142: Nawaz Sharif's arrest on Friday, and the suicide bombing in Balochistan the same day."""
    kinds = {(i.sub_event_type, i.location.admin1) for i in dev_incidents(lexicon, "ant-wide-142")}
    assert ("Suicide bomb", "Balochistan") in kinds and any(k == "Arrests" for k, _ in kinds)


def test_an_arrest_told_in_a_forces_statement_is_that_forces(lexicon):
    text = (
        "ذكر بيان للجيش المصري الثلاثاء أن قواته اعتقلت 59 شخصا من المشتبه بهم في شمال سيناء. "
        "واكتشفت القوات 10 عبوات ناسفة زرعها مسلحون."
    )
    incidents = code(lexicon, text)
    assert [(i.sub_event_type, cast(i)["actor1"]) for i in incidents] == [("Arrests", "Military Forces of Egypt")]


def test_an_operation_told_as_separate_is_its_own_incident(lexicon):
    text = (
        "قتلت قوات سوريا الديمقراطية اثنين من عناصر داعش فجر الأربعاء في بلدة الشحيل بريف دير الزور. "
        "وفي عملية منفصلة، اعتقلت قوات سوريا الديمقراطية يوم الاثنين خمسة أشخاص في مدينة الحسكة."
    )
    assert [i.sub_event_type for i in code(lexicon, text)] == ["Armed clash", "Arrests"]


def test_rockets_fired_by_a_named_group_are_that_groups(lexicon):
    text = (
        "أطلقت حركة حماس قذائف صاروخية الثلاثاء على مدينة عسقلان في إسرائيل بعد مواجهات مع الجيش الإسرائيلي، "
        "أدت لمقتل شخصين."
    )
    (incident,) = code(lexicon, text)
    assert incident.sub_event_type == "Shelling/artillery/missile attack"
    assert cast(incident)["actor1"] == "Hamas Movement"
    # an air strike stays the state's («غارات إسرائيلية»), whoever claimed the rockets before it
    (strike,) = code(lexicon, "قتل فلسطينيان في قطاع غزة إثر غارات إسرائيلية ليل السبت، وأعلنت حركة حماس مسؤوليتها.")
    assert cast(strike)["actor1"] == "Military Forces of Israel"


@needs_corpus
def test_a_claim_of_many_attacks_is_no_claim_of_this_one(lexicon):
    """dev 010: «وأعلن تنظيم داعش مسؤوليته عن الكثير من الهجمات في كابول» is background to Monday's bombing,
    which no one claimed; a claim of this attack still names its doer (test_lexicon_roles.py)."""
    (incident, *_) = dev_incidents(lexicon, "ant-wide-010")
    assert cast(incident)["actor1"] == "Unidentified Armed Group"
    text = (
        "قتل 12 شخصا على الأقل في تفجير انتحاري في مدينة بيشاور الأحد. وأعلنت حركة طالبان باكستان مسؤوليتها عن الهجوم."
    )
    (claimed,) = code(lexicon, text)
    assert cast(claimed)["actor1"] == "TTP: Tehreek-i-Taliban Pakistan"
