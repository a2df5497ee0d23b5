"""A place the gazetteer lacks, placed in its country by the adjective Arabic news puts after it («في ولاية
زمفارا النيجيرية»), where the article names no place the gazetteer knows; beside what it must leave alone."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.extract import placing
from briefs.extract.places import country_names
from briefs.inputs import ArticleText


def places(lexicon, lede: str) -> list[tuple[str, str | None, str]]:
    text = lede.split("،")[0] + "\n\n" + lede
    result = lexicon.extract(ArticleText(id="t", text=text, published_at=date(2018, 5, 16))).result
    assert result is not None
    return [(i.location.country, i.location.admin1, i.location.name_en) for i in result.incidents]


@pytest.mark.parametrize(
    "lede, country",
    [
        ("اختطف مسلحون 12 مدنيا من قرية في ولاية زمفارا النيجيرية أمس، بحسب الشرطة.", "NGA"),
        ("قتل 3 أشخاص في هجوم بسكين في بلدة صغيرة بمنطقة الألزاس الفرنسية أمس، بحسب الشرطة.", "FRA"),
        ("دهس رجل بسيارته حشدا من المارة في مدينة تورنتو الكندية أمس، ما أدى إلى مقتل 10 أشخاص.", "CAN"),
    ],
)
def test_the_adjective_after_an_unknown_place_names_its_country(lexicon, lede, country):
    assert places(lexicon, lede) == [(country, None, country_names()[country])]


def test_a_known_place_and_a_financial_adjective_are_left_alone(lexicon):
    assert places(lexicon, "قتل 5 أشخاص في انفجار عبوة ناسفة في مدينة كركوك العراقية أمس.")[0][2] == "Kirkuk"
    assert placing.nisba_country(_tokens("في منطقة المالية")) is None  # «المالية» is financial, not Malian
    assert placing.nisba_country(_tokens("في منطقة الساحل الغربي المالية")) is None
    assert placing.nisba_country(_tokens("في منطقة موبتي المالية ")) is None


def _tokens(text: str):
    from briefs.arabic.normalize import normalize
    from briefs.arabic.phrases import tokenize

    return tokenize(text, normalize(text))
