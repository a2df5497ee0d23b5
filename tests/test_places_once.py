"""A name the hand gazetteer (places.json) gives a place of a country is its alone there: GeoNames' spelling
of it in the world gazetteer, with or without the article or «مدينة» («مدينة عريش» for «العريش»), would give
the same town a second English name, and a headline and its lede two incidents. («مدينة الجزائر», the city
beside the country «الجزائر», is a name written for Briefs to tell them apart.)"""

from __future__ import annotations

import json
from datetime import date

from briefs.arabic.normalize import normalize_text
from briefs.extract import world_places
from briefs.inputs import ArticleText

ENTRIES = {
    name: json.loads((world_places.DATA / name).read_text(encoding="utf-8"))["entries"]
    for name in ("places.json", "places_world.json")
}
QUALIFIED = normalize_text(world_places.QUALIFIED) + " "


def _bare(name: str) -> str:
    return normalize_text(name).removeprefix(QUALIFIED).removeprefix("ال")


def test_no_world_town_repeats_a_hand_name():
    hand = {(e["country"], _bare(a)) for e in ENTRIES["places.json"] if e["type"] != "country" for a in e["ar"]}
    repeated = [
        (e["en"], a)
        for e in ENTRIES["places_world.json"]
        if e["type"] == "town"
        for a in e["ar"]
        if (e["country"], _bare(a)) in hand
    ]
    assert repeated == []


def test_a_town_named_with_and_without_madina_is_one_place(lexicon):
    text = "مقتل 5 جنود بهجوم في العريش\n\nقتل 5 جنود في هجوم على حاجز أمني بمدينة العريش أمس."
    result = lexicon.extract(ArticleText(id="t", text=text, published_at=date(2018, 5, 16))).result
    assert result is not None
    assert [i.location.name_en for i in result.incidents] == ["Al-Arish"]


def test_a_two_word_name_one_place_bears_is_no_namesake(lexicon):
    # «طرابلس» is Libya's and Lebanon's, so alone it places nothing; «العاصمة الليبية» is Tripoli, Libya
    def placed(where: str) -> list[tuple[str, str]]:
        text = f"مقتل 5 أشخاص في تفجير في {where}\n\nقتل 5 أشخاص في تفجير انتحاري في {where} أمس."
        result = lexicon.extract(ArticleText(id="t", text=text, published_at=date(2018, 5, 16))).result
        assert result is not None
        return [(i.location.country, i.location.name_en) for i in result.incidents]

    assert placed("العاصمة الليبية") == [("LBY", "Tripoli")]
    assert placed("طرابلس") == []
