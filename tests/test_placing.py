"""The place of the event over places named in passing (briefs/extract/placing.py and the lexicon's `_location`):
each rule on a sentence written for it, and beside it a real dev article (read from ../shared by its file name)
whose gold country and admin1 the rule must leave alone."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from briefs.arabic.phrases import tokenize
from briefs.extract import placing
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

from .conftest import DATASETS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEV = {
    case["id"]: case
    for line in (DATASETS / "incidents-ant-wide.jsonl").read_text(encoding="utf-8").splitlines()
    if (case := json.loads(line))["split"] == "dev"
}


def places(lexicon: LexiconExtractor, text: str) -> list[tuple[str, str | None, str | None]]:
    incidents = lexicon.code(ArticleText(id="t", text=text, published_at=date(2018, 5, 10))).incidents
    return [(i.location.country, i.location.admin1, i.location.name_en) for i in incidents]


def leaves_alone(lexicon: LexiconExtractor, case_id: str) -> None:
    """The dev article's first incident keeps its gold country and admin1."""
    case = DEV[case_id]
    path = CORPUS / case["file"]
    if not path.exists():
        pytest.skip(f"../shared is absent: {case['file']}")
    text = path.read_text(encoding="utf-8")
    published = date.fromisoformat(case["published_at"][:10])
    (first, *_) = lexicon.code(ArticleText(id=case_id, text=text, published_at=published)).incidents
    gold = case["incidents"][0]
    assert (first.location.country, first.location.admin1) == (gold["country"], gold["admin1"])


def at(text: str, word: str) -> tuple[list, int]:
    tokens = tokenize(text)
    return tokens, next(i for i, t in enumerate(tokens) if t.text == word)


def test_a_dateline_is_where_the_outlet_wrote(lexicon):
    text = "دبي (رويترز) - قتل 5 جنود في هجوم على نقطة تفتيش في ولاية قندهار."
    assert places(lexicon, text) == [("AFG", "Kandahar", "Kandahar")]
    # ... and the only place, the dateline's city, is where it happened when the article names no other
    assert [p[:2] for p in places(lexicon, "كابول - قتل 5 أشخاص في انفجار سيارة مفخخة.")] == [("AFG", "Kabul")]


def test_where_a_ministry_spoke_is_not_where_it_happened(lexicon):
    tokens, index = at("وأعلنت وزارة الدفاع في كابول مقتل 12 مسلحا في غارة في ولاية هلمند.", "كابول")
    assert placing.issuer_seat(tokens, index)
    assert places(lexicon, "وأعلنت وزارة الدفاع في كابول مقتل 12 مسلحا في غارة جوية في ولاية هلمند.")[0][:2] == (
        "AFG",
        "Helmand",
    )
    # an attack on the ministry's compound in Mogadishu is in Mogadishu: no statement is made there
    tokens, index = at("هجوم على مجمع وزارة الداخلية في مقديشو", "مقديشو")
    assert not placing.issuer_seat(tokens, index)
    leaves_alone(lexicon, "ant-wide-145")  # «أعلنت وزارة الدفاع في مالي …»: Mali's own war, in Segou


def test_whose_embassy_is_not_where(lexicon):
    text = "قتل 28 شخصا في هجوم استهدف سفارتي فرنسا وبريطانيا في بوركينا فاسو."
    assert places(lexicon, text)[0][0] == "BFA"
    tokens, index = at("استهدف سفارتي فرنسا", "فرنسا")
    assert placing.embassy_of(tokens, index)
    leaves_alone(lexicon, "ant-wide-050")  # «سفارة باكستان في واشنطن»: the shooting is in Texas
    leaves_alone(lexicon, "ant-wide-178")  # a blast near the US embassy in Kabul is in Kabul


def test_where_a_boat_was_heading_is_not_where(lexicon):
    text = "قتل 3 مهاجرين بعد أن فتحت البحرية النار على قارب متجه نحو إسبانيا قبالة سواحل الجزائر."
    assert places(lexicon, text)[0][0] == "DZA"
    tokens, index = at("قارب هجرة متجه نحو إسبانيا", "اسبانيا")
    assert placing.heading(tokens, index)
    leaves_alone(lexicon, "ant-wide-037")  # «قادمة من السلطات الرسمية الأوكرانية»: no place, Crimea stays


def test_a_distance_or_direction_names_the_reference_the_event_is_near(lexicon):
    text = "قتل 7 جنود في هجوم على بعد 130 كم من مقديشو."
    ((country, admin1, name),) = places(lexicon, text)
    assert (country, admin1, name) == ("SOM", "Banadir", "Mogadishu")
    incident = lexicon.code(ArticleText(id="t", text=text, published_at=date(2018, 5, 10))).incidents[0]
    assert incident.location.geo_precision == 2  # near the town, not in it
    tokens, index = at("قتل 3 أشخاص في هجوم جنوب غربي كابول", "كابول")
    assert placing.reference_point(tokens, index)
    leaves_alone(lexicon, "ant-wide-002")  # «وانلاوين الواقعة على بعد 70 كلم شمالي مقديشو»: Wanlaweyn
    leaves_alone(lexicon, "ant-wide-147")  # «دنغارا على بعد 150 كلم جنوب العاصمة دوشانبي»: Danghara


def test_a_quarter_or_camp_is_not_its_namesake_town(lexicon):
    # «حي بابل» in Baghdad is not Babil province
    assert places(lexicon, "قتل 4 أشخاص في انفجار سيارة مفخخة في حي بابل.") == []
    tokens, index = at("في حي بابل", "بابل")
    assert placing.compound(tokens, index)
    text = "قتل 4 أشخاص في انفجار سيارة مفخخة في حي بابل في بغداد."
    assert places(lexicon, text)[0][:2] == ("IRQ", "Baghdad")
    leaves_alone(lexicon, "ant-wide-158")  # «في حي شيعي في كابول»: Kabul
    leaves_alone(lexicon, "ant-wide-106")  # «مخيم النصيرات»: Gaza


def test_namesakes_in_two_countries_are_told_apart_by_the_article(lexicon):
    payloads = [{"country": "GBR", "en": "Birmingham"}, {"country": "USA", "en": "Birmingham"}]
    assert placing.namesakes(payloads, [set(), {"USA"}]) == [payloads[1]]
    assert placing.namesakes(payloads, [{"GBR"}, {"USA"}]) == [payloads[0]]  # the sentence's country first
    assert placing.namesakes(payloads, [set(), {"FRA"}]) == payloads  # none fits: all stay
    # the incident names Egypt and Gaza; «رفح» is both countries' town: its sentence's is Gaza's
    text = "قصف إسرائيلي يقتل 3 فلسطينيين قرب الحدود مع مصر\nقتل 3 فلسطينيين في قصف على رفح جنوب قطاع غزة."
    assert places(lexicon, text)[0][:2] == ("PSE", "Gaza Strip")
    leaves_alone(lexicon, "ant-wide-153")  # London, with «مدينة برمنغهام» where the attacker lived
