"""The actor dictionary's coverage beyond the ten countries (issue 15, item 7's countries: Afghanistan and
Pakistan, Kashmir, Iran, Palestine and Israel, the Sahel, Nigeria and Cameroon, the Philippines, DR Congo and
Mozambique, the Horn, Turkey, the Gulf): each actor added to briefs/extract/data/actors.json is named from a
short sentence of the kind Arabic outlets write, in the role the sentence gives it; its ambiguous aliases name
it only in an incident in its country; and the words the older entries rely on («الجيش»، «الشرطة»، «الشباب»،
«داعش») still name the actors they named."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

PUBLISHED = date(2018, 6, 18)  # a Monday: «الأحد» is the day before
DICTIONARY = Path(__file__).resolve().parents[1] / "briefs" / "extract" / "data" / "actors.json"
ACTORS = {entry["en"] for entry in json.loads(DICTIONARY.read_text(encoding="utf-8"))["entries"]}


def incident(lexicon: LexiconExtractor, text: str):
    (one,) = lexicon.code(ArticleText(id="t", text=text, published_at=PUBLISHED)).incidents
    return one


def cast(one) -> dict[str, str]:
    return {str(a.role): a.name_en for a in one.actors}


# (sentence, actor, its role, the incident's country)
NAMED = [
    ("قتل الجيش الأفغاني 12 مسلحا في غارات على ولاية قندوز الأحد.", "Military Forces of Afghanistan", "actor1", "AFG"),
    (
        "قتل 5 من عناصر الشرطة الأفغانية في هجوم على نقطة تفتيش في ولاية غزني الأحد.",
        "Police Forces of Afghanistan",
        "actor2",
        "AFG",
    ),
    (
        "قتل 7 من عناصر طالبان في هجوم شنته جبهة المقاومة الوطنية في ولاية بنجشير بأفغانستان الأحد.",
        "NRF: National Resistance Front",
        "actor1",
        "AFG",
    ),
    (
        "قتل الجيش الباكستاني 10 مسلحين في عملية في وزيرستان الشمالية الأحد.",
        "Military Forces of Pakistan",
        "actor1",
        "PAK",
    ),
    ("اعتقلت الشرطة الباكستانية 8 أشخاص في مدينة كراتشي الأحد.", "Police Forces of Pakistan", "actor1", "PAK"),
    ("قتل 5 جنود في هجوم تبناه جيش تحرير بلوشستان في كويتا الأحد.", "BLA: Baloch Liberation Army", "actor1", "PAK"),
    (
        "قتل 4 عمال في هجوم تبنته جبهة تحرير بلوشستان في إقليم بلوشستان الأحد.",
        "BLF: Baloch Liberation Front",
        "actor1",
        "PAK",
    ),
    (
        "قتل 9 أشخاص في تفجير انتحاري استهدف سوقا في كويتا عاصمة إقليم بلوشستان الأحد وتبنته جماعة لشكر جنكوي.",
        "LeJ: Lashkar-e-Jhangvi",
        "actor1",
        "PAK",
    ),
    (
        "قتل 6 من رجال الشرطة في تفجير انتحاري تبنته جماعة الأحرار في مدينة بيشاور الأحد.",
        "JuA: Jamaat-ul-Ahrar",
        "actor1",
        "PAK",
    ),
    ("قتل 3 جنود في هجوم شنه مسلحون من جماعة لشكر طيبة في كشمير الأحد.", "LeT: Lashkar-e-Taiba", "actor1", "IND"),
    ("قتل 40 جنديا في هجوم انتحاري تبنته جماعة جيش محمد في كشمير الأحد.", "JeM: Jaish-e-Mohammed", "actor1", "IND"),
    (
        "قتل 3 من مسلحي حزب المجاهدين في اشتباك مع الجيش الهندي في كشمير الأحد.",
        "HM: Hizbul Mujahideen",
        "actor2",
        "IND",
    ),
    ("قتل 26 سائحا في هجوم تبنته جبهة المقاومة في كشمير الأحد.", "TRF: The Resistance Front", "actor1", "IND"),
    (
        "قتل 10 من رجال الشرطة في هجوم شنه المتمردين الماويين في ولاية تشاتيسغار بالهند الأحد.",
        "CPI (Maoist): Communist Party of India (Maoist)",
        "actor1",
        "IND",
    ),
    ("قتل الجيش الهندي 4 مسلحين في اشتباك في كشمير الأحد.", "Military Forces of India", "actor1", "IND"),
    ("اعتقلت الشرطة الهندية 12 شخصا في كشمير الأحد.", "Police Forces of India", "actor1", "IND"),
    ("قتل 5 من عناصر حرس الحدود في هجوم تبنته جماعة جيش العدل في مدينة زاهدان الأحد.", "Jaish al-Adl", "actor1", "IRN"),
    (
        "قتل 3 من عناصر الحرس الثوري في اشتباك مع مسلحي حزب الحياة الحرة الكردستاني في مدينة مريوان الإيرانية الأحد.",
        "PJAK: Kurdistan Free Life Party",
        "actor1",
        "IRN",
    ),
    (
        "قتل 25 شخصا في هجوم على عرض عسكري في مدينة الأهواز تبنته حركة النضال العربي لتحرير الأحواز السبت.",
        "ASMLA: Arab Struggle Movement for the Liberation of Ahvaz",
        "actor1",
        "IRN",
    ),
    ("أصيب 3 فلسطينيين برصاص مستوطنين في قرية قرب نابلس الأحد.", "Settlers (Israel)", "actor1", "PSE"),
    (
        "قتل 10 جنود في هجوم تبناه تنظيم الدولة الإسلامية في الصحراء الكبرى في منطقة ميناكا بمالي الأحد.",
        "Islamic State (Greater Sahara)",
        "actor1",
        "MLI",
    ),
    ("قتل 12 مدنيا في هجوم شنته جماعة أنصار الإسلام في شمال بوركينا فاسو الأحد.", "Ansaroul Islam", "actor1", "BFA"),
    (
        "قتل 4 جنود في اشتباك مع مسلحي الحركة الوطنية لتحرير أزواد في منطقة كيدال بمالي الأحد.",
        "MNLA: National Movement for the Liberation of Azawad",
        "actor1",
        "MLI",
    ),
    (
        "قتل 6 جنود في هجوم شنته تنسيقية حركات أزواد في منطقة كيدال بمالي الأحد.",
        "CMA: Coordination of Azawad Movements",
        "actor1",
        "MLI",
    ),
    ("قتل صيادو الدوزو 15 مدنيا في قرية بمنطقة موبتي بمالي الأحد.", "Dozo Communal Militia", "actor1", "MLI"),
    (
        "قتل 37 مدنيا في هجوم نسب إلى ميليشيا دان نا أمباساغو في منطقة موبتي بمالي الأحد.",
        "Dan Na Ambassagou",
        "actor1",
        "MLI",
    ),
    ("قتل الجيش المالي 20 مسلحا في منطقة موبتي الأحد.", "Military Forces of Mali", "actor1", "MLI"),
    ("قتل جيش بوركينا فاسو 30 مسلحا في شمال البلاد الأحد.", "Military Forces of Burkina Faso", "actor1", "BFA"),
    (
        "قتل 8 من متطوعي الدفاع عن الوطن في هجوم في شمال بوركينا فاسو الأحد.",
        "VDP: Volunteers for the Defense of the Homeland",
        "actor2",
        "BFA",
    ),
    ("قتل الجيش النيجري 15 مسلحا في منطقة تيلابيري الأحد.", "Military Forces of Niger", "actor1", "NER"),
    (
        "قتل 3 جنود من القوة المشتركة لمجموعة دول الساحل في هجوم في منطقة ميناكا بمالي الأحد.",
        "G5 Sahel Joint Force",
        "actor2",
        "MLI",
    ),
    (
        "قتل 4 من جنود بعثة الأمم المتحدة في مالي في هجوم في منطقة كيدال الأحد.",
        "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali",
        "actor2",
        "MLI",
    ),
    ("قتل رعاة الفولاني 20 مزارعا في ولاية بلاتو بنيجيريا الأحد.", "Fulani Ethnic Militia", "actor1", "NGA"),
    (
        "قتل 5 من عناصر قوة المهام المشتركة المدنية في هجوم في ولاية بورنو الأحد.",
        "CJTF: Civilian Joint Task Force",
        "actor2",
        "NGA",
    ),
    ("قتل 6 جنود في هجوم تبنته جماعة أنصارو في ولاية كادونا بنيجيريا الأحد.", "Ansaru", "actor1", "NGA"),
    ("قتل الجيش النيجيري 17 مسلحا في ولاية بورنو الأحد.", "Military Forces of Nigeria", "actor1", "NGA"),
    ("اعتقلت الشرطة النيجيرية 9 أشخاص في ولاية كانو الأحد.", "Police Forces of Nigeria", "actor1", "NGA"),
    (
        "قتل 4 جنود في هجوم شنه الانفصاليين الناطقين بالإنجليزية في مدينة بامندا بالكاميرون الأحد.",
        "Ambazonian Separatists",
        "actor1",
        "CMR",
    ),
    ("قتل الجيش الكاميروني 12 مسلحا في مدينة مروة بالكاميرون الأحد.", "Military Forces of Cameroon", "actor1", "CMR"),
    ("قتل 4 جنود في اشتباك مع جماعة أبو سياف في جزيرة جولو بالفلبين الأحد.", "Abu Sayyaf Group", "actor1", "PHL"),
    (
        "قتل 5 جنود في كمين نصبه جيش الشعب الجديد في جزيرة ميندناو بالفلبين الأحد.",
        "NPA: New People's Army",
        "actor1",
        "PHL",
    ),
    ("قتل 13 جنديا في اشتباكات مع جماعة ماوتي في مدينة مراوي بالفلبين الأحد.", "Maute Group", "actor1", "PHL"),
    (
        "قتل 44 شرطيا في اشتباك مع جبهة مورو الإسلامية للتحرير في جزيرة ميندناو بالفلبين الأحد.",
        "MILF: Moro Islamic Liberation Front",
        "actor1",
        "PHL",
    ),
    ("قتل الجيش الفلبيني 10 مسلحين في جولو بالفلبين الأحد.", "Military Forces of the Philippines", "actor1", "PHL"),
    (
        "قتل 20 مدنيا في هجوم شنته القوات الديمقراطية المتحالفة في مدينة بيني بالكونغو الديمقراطية الأحد.",
        "ADF: Allied Democratic Forces",
        "actor1",
        "COD",
    ),
    ("قتل 10 جنود في اشتباكات مع متمردي حركة إم 23 قرب مدينة غوما الأحد.", "M23: March 23 Movement", "actor1", "COD"),
    (
        "قتل 40 مدنيا في هجوم شنته ميليشيا كوديكو في إقليم إيتوري بالكونغو الديمقراطية الأحد.",
        "CODECO: Cooperative for the Development of Congo",
        "actor1",
        "COD",
    ),
    (
        "قتل الجيش الكونغولي 15 مسلحا في مدينة غوما الأحد.",
        "Military Forces of the Democratic Republic of Congo",
        "actor1",
        "COD",
    ),
    (
        "قتل 2 من جنود بعثة مونوسكو في هجوم في مدينة غوما الأحد.",
        "MONUSCO: United Nations Organization Stabilization Mission in the Democratic Republic of Congo",
        "actor2",
        "COD",
    ),
    (
        "قتل 20 مدنيا في هجوم تبناه تنظيم ولاية موزمبيق في إقليم كابو ديلغادو الأحد.",
        "Islamic State (Mozambique)",
        "actor1",
        "MOZ",
    ),
    (
        "قتل الجيش الموزمبيقي 8 مسلحين في إقليم كابو ديلغادو بموزمبيق الأحد.",
        "Military Forces of Mozambique",
        "actor1",
        "MOZ",
    ),
    (
        "قتل 10 جنود في هجوم شنته الجبهة الشعبية لتحرير تيغراي في إقليم أمهرة بإثيوبيا الأحد.",
        "TPLF: Tigray People's Liberation Front",
        "actor1",
        "ETH",
    ),
    (
        "قتل 30 مدنيا في هجوم نسب إلى جيش تحرير أورومو في إقليم أوروميا بإثيوبيا الأحد.",
        "OLF-Shane: Oromo Liberation Front-Shane",
        "actor1",
        "ETH",
    ),
    ("قتل 6 جنود في اشتباكات مع ميليشيا فانو في إقليم أمهرة بإثيوبيا الأحد.", "Fano Militia", "actor1", "ETH"),
    (
        "اعتقلت الشرطة التركية 20 شخصا يشتبه في انتمائهم إلى جماعة غولن في إسطنبول الأحد.",
        "Gulen Movement",
        "actor2",
        "TUR",
    ),
    (
        "قتل 38 شخصا في تفجير تبنته صقور حرية كردستان في إسطنبول الأحد.",
        "TAK: Kurdistan Freedom Falcons",
        "actor1",
        "TUR",
    ),
    (
        "قتل شرطي في هجوم تبنته جبهة حزب التحرير الشعبي الثوري في إسطنبول الأحد.",
        "DHKP-C: Revolutionary People's Liberation Party-Front",
        "actor1",
        "TUR",
    ),
    ("قتل شرطيان في تفجير تبنته سرايا الأشتر في قرية سترة بالبحرين الأحد.", "Saraya al-Ashtar", "actor1", "BHR"),
    ("أصيب 3 من رجال الشرطة في تفجير تبنته سرايا المختار في البحرين الأحد.", "Saraya al-Mukhtar", "actor1", "BHR"),
    ("اعتقلت الشرطة البحرينية 6 أشخاص في المنامة الأحد.", "Police Forces of Bahrain", "actor1", "BHR"),
    (
        "قتل 5 جنود من قوة دفاع البحرين في هجوم على الحدود السعودية اليمنية الأحد.",
        "Military Forces of Bahrain",
        "actor2",
        "BHR",
    ),
    (
        "قتل 9 جنود في هجوم تبنته كتيبة ماسينا في منطقة موبتي بمالي الأحد.",
        "JNIM: Group for Support of Islam and Muslims",
        "actor1",
        "MLI",
    ),
    ("قتلت قوة برخان 15 مسلحا في منطقة ميناكا بمالي الأحد.", "Military Forces of France", "actor1", "MLI"),
    # the Maghreb; Iran's border guards are its police's
    ("قتل الجيش المغربي 3 مسلحين في اشتباك قرب مدينة فاس الأحد.", "Military Forces of Morocco", "actor1", "MAR"),
    ("اعتقلت الشرطة المغربية 5 أشخاص في مدينة فاس الأحد.", "Police Forces of Morocco", "actor1", "MAR"),
    ("قتل الجيش الجزائري 4 إرهابيين في عملية في ولاية باتنة الأحد.", "Military Forces of Algeria", "actor1", "DZA"),
    ("اعتقلت الشرطة الجزائرية 12 شخصا في العاصمة الجزائر الأحد.", "Police Forces of Algeria", "actor1", "DZA"),
    (
        "قتل 3 من عناصر جبهة البوليساريو في قصف بطائرة مسيرة في الصحراء الغربية الأحد.",
        "Polisario Front",
        "actor2",
        "ESH",
    ),
    (
        "قتل 5 من عناصر حرس الحدود في هجوم تبنته جماعة جيش العدل في مدينة زاهدان الأحد.",
        "Police Forces of Iran",
        "actor2",
        "IRN",
    ),
]


@pytest.mark.parametrize("text, actor, role, country", NAMED, ids=[row[1] for row in NAMED])
def test_each_added_actor_is_named_in_its_role(lexicon, text, actor, role, country):
    one = incident(lexicon, text)
    assert one.location is not None and one.location.country == country
    assert cast(one).get(role) == actor


def test_the_sentences_name_dictionary_entries():
    assert {row[1] for row in NAMED} <= ACTORS


# An ambiguous alias: the actor it names in an incident in its country, and in one elsewhere (None: nobody it names)
AMBIGUOUS = [
    ("قتل رعاة الفولاني 20 مزارعا في ولاية بلاتو بنيجيريا الأحد.", "Fulani Ethnic Militia", "actor1"),
    ("قتل رعاة الفولاني 15 مدنيا في منطقة موبتي بمالي الأحد.", None, "Fulani Ethnic Militia"),
    ("قتل 12 مدنيا في هجوم شنته جماعة أنصار الإسلام في شمال بوركينا فاسو الأحد.", "Ansaroul Islam", "actor1"),
    ("قتل 12 مدنيا في هجوم شنته جماعة أنصار الإسلام في محافظة كركوك الأحد.", None, "Ansaroul Islam"),
    ("قتل 4 جنود في هجوم شنه الانفصاليين في مدينة بامندا بالكاميرون الأحد.", "Ambazonian Separatists", "actor1"),
    ("قتل 4 جنود في هجوم شنه الانفصاليين في محافظة عدن الأحد.", None, "Ambazonian Separatists"),
    ("قتل 26 سائحا في هجوم تبنته جبهة المقاومة في كشمير الأحد.", "TRF: The Resistance Front", "actor1"),
    ("قتل 26 سائحا في هجوم تبنته جبهة المقاومة في محافظة إدلب الأحد.", None, "TRF: The Resistance Front"),
    (
        "قتل 3 من مسلحي حزب المجاهدين في اشتباك مع الجيش الهندي في كشمير الأحد.",
        "HM: Hizbul Mujahideen",
        "actor2",
    ),
    ("قتل 3 جنود في اشتباك مع مسلحي حزب المجاهدين في ولاية قندهار بأفغانستان الأحد.", None, "HM: Hizbul Mujahideen"),
    ("اعتقلت إدارة مكافحة الإرهاب 8 أشخاص في كراتشي الأحد.", "Police Forces of Pakistan", "actor1"),
    ("اعتقلت إدارة مكافحة الإرهاب 8 أشخاص في القاهرة الأحد.", None, "Police Forces of Pakistan"),
    (
        "قتل 20 مدنيا في هجوم لجماعة الشباب في إقليم كابو ديلغادو بموزمبيق الأحد.",
        "Islamic State (Mozambique)",
        "actor1",
    ),
    ("قتل 20 مدنيا في هجوم لجماعة الشباب في القاهرة الأحد.", None, "Islamic State (Mozambique)"),
]


@pytest.mark.parametrize("text, actor, role_or_absent", AMBIGUOUS)
def test_an_ambiguous_alias_names_its_actor_only_in_its_country(lexicon, text, actor, role_or_absent):
    named = cast(incident(lexicon, text))
    if actor is not None:
        assert named.get(role_or_absent) == actor
    else:
        assert role_or_absent not in named.values()


# Words two entries share: the incident's country decides between them
SHARED = [
    (
        "قتل 5 جنود في كمين نصبه المتمردين الماويين في ولاية تشاتيسغار بالهند الأحد.",
        "CPI (Maoist): Communist Party of India (Maoist)",
    ),
    ("قتل 5 جنود في كمين نصبه المتمردين الماويين في جزيرة ميندناو بالفلبين الأحد.", "NPA: New People's Army"),
    ("قتل الجيش النيجيري 17 مسلحا في ولاية بورنو الأحد.", "Military Forces of Nigeria"),
    ("قتل الجيش النيجيري 17 مسلحا في منطقة تيلابيري الأحد.", "Military Forces of Niger"),
    (
        "قتل 20 مدنيا في هجوم تبنته ولاية وسط أفريقيا في مدينة بيني بالكونغو الديمقراطية الأحد.",
        "ADF: Allied Democratic Forces",
    ),
    (
        "قتل 20 مدنيا في هجوم تبنته ولاية وسط أفريقيا في إقليم كابو ديلغادو بموزمبيق الأحد.",
        "Islamic State (Mozambique)",
    ),
    # the generic «داعش»: the Islamic State's branch in the incident's country
    ("قتل 20 مدنيا في هجوم تبناه تنظيم داعش في منطقة ميناكا بمالي الأحد.", "Islamic State (Greater Sahara)"),
    (
        "قتل 20 مدنيا في هجوم تبناه تنظيم داعش في مدينة بيني بالكونغو الديمقراطية الأحد.",
        "ADF: Allied Democratic Forces",
    ),
    ("قتل 20 مدنيا في هجوم تبناه تنظيم داعش في إقليم كابو ديلغادو بموزمبيق الأحد.", "Islamic State (Mozambique)"),
]


@pytest.mark.parametrize("text, actor", SHARED)
def test_a_shared_word_names_the_actor_of_the_incidents_country(lexicon, text, actor):
    assert cast(incident(lexicon, text))["actor1"] == actor


# The older entries keep the words they rely on; and a new alias takes no longer word it is part of
KEPT = [
    ("قتل 20 مدنيا في هجوم لجماعة الشباب في مقديشو الأحد.", "actor1", "Al Shabaab"),
    ("قتل الجيش السوري 10 مسلحين في ريف إدلب الأحد.", "actor1", "Military Forces of Syria"),
    ("قتل 5 من عناصر الشرطة في هجوم في الموصل الأحد.", "actor2", "Police Forces of Iraq"),
    ("قتل 7 من عناصر طالبان في هجوم في ولاية بنجشير بأفغانستان الأحد.", "actor2", "Taliban"),
    # «مستوطنة» (a settlement) is no settler: the Gaza rocket's victims are civilians, its doer unnamed
    ("أصيب 3 إسرائيليين بسقوط صاروخ أطلق من غزة على مستوطنة سديروت الأحد.", "actor2", "Civilians"),
]


@pytest.mark.parametrize("text, role, actor", KEPT)
def test_the_older_entries_keep_their_words(lexicon, text, role, actor):
    named = cast(incident(lexicon, text))
    assert named.get(role) == actor
    assert "Settlers (Israel)" not in named.values()


@pytest.mark.parametrize("text, actor, role, country", NAMED, ids=[row[1] for row in NAMED])
def test_the_summary_names_each_added_actor_as_its_source_supports(lexicon, text, actor, role, country):
    """No ACLED name read back as a figure («M23: March 23 Movement» is "M23") or as an actor the source
    does not name: the checker flags no actor and no number of the English summary."""
    extraction = lexicon.extract(ArticleText(id="t", text=text, published_at=PUBLISHED))
    assert not [flag for flag in extraction.flags if flag.startswith(("unsupported actor", "unsupported number"))]
