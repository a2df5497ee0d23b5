"""Places the dev failures of this round taught (briefs/extract/placing.py, the lexicon's `_location`, the
gazetteer's builder): each rule on a sentence of the kind that taught it, beside a sentence or a real dev article
it must leave alone."""

from __future__ import annotations

import pytest
from briefs.extract import placing
from briefs.extract.lexicon import LexiconExtractor

from .test_placing import at, leaves_alone, places


@pytest.fixture(scope="module")
def lexicon() -> LexiconExtractor:
    return LexiconExtractor()


def test_a_border_names_the_neighbour_not_the_place(lexicon):
    text = (
        "وأعلن المتحدث باسم وزارة الصحة في غزة مقتل 4 فلسطينيين برصاص الجيش الإسرائيلي خلال الاحتجاجات "
        "على الحدود مع اسرائيل."
    )
    # the ministry's seat is a place in passing too, but a better one than the neighbour across the border
    assert places(lexicon, text)[0][:2] == ("PSE", "Gaza Strip")
    tokens, index = at("على الحدود مع سوريا", "سوريا")
    assert placing.border_of(tokens, index)
    tokens, index = at("قرب حدود سوريا", "سوريا")
    assert placing.border_of(tokens, index)
    # «مع» alone is no border: «اشتباكات مع داعش في سوريا»
    tokens, index = at("اجتمع وزير الخارجية مع نظيره من سوريا", "سوريا")
    assert not placing.border_of(tokens, index)
    # the event's own place after a border word's sentence is still the place
    text = "قتل 3 جنود تونسيين في انفجار لغم في جبل الشعانبي بولاية القصرين قرب الحدود مع الجزائر."
    assert places(lexicon, text)[0][:2] == ("TUN", "Kasserine")
    leaves_alone(lexicon, "ant-wide-082")  # «… قرب الحدود مع الجزائر»: Tunisia's own attack
    leaves_alone(lexicon, "ant-wide-007")  # «على حدود قطاع غزة»: the protests are Gaza's


def test_a_country_is_refined_by_a_place_in_it_the_opening_names(lexicon):
    text = (
        "مقتل 5 في هجوم مسلح على صحيفة أمريكية\n"
        "قتل مسلح الخميس 5 من العاملين في هجوم على مقر صحيفة في الولايات المتحدة.\n"
        "وعلى ما يبدو فإن المسلح كان يقيم في ولاية ماريلاند منذ سنوات."
    )
    assert places(lexicon, text)[0][:2] == ("USA", "Maryland")
    # a place of another country, or one the event is only measured from, refines nothing
    for aside in ("وكان المسلح يقيم في لندن منذ سنوات.", "ويقع مقر الصحيفة على بعد 200 كلم من نيويورك."):
        text = (
            "مقتل 5 في هجوم مسلح على صحيفة أمريكية\n"
            f"قتل مسلح الخميس 5 من العاملين في هجوم على مقر صحيفة في الولايات المتحدة.\n{aside}"
        )
        assert places(lexicon, text)[0][:2] == ("USA", None)
    leaves_alone(lexicon, "ant-wide-206")  # France, named only as a country: no town of it in the opening
