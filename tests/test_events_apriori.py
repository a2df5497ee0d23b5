"""Event rules written a priori, from how Arabic news tells a demonstration, not from an article of the gold
set: each on a sentence of its kind and beside one it must leave alone."""

from __future__ import annotations

from datetime import date

from briefs.inputs import ArticleText


def coded(lexicon, lede: str) -> list[tuple[str, str]]:
    text = lede.split("،")[0].rstrip(".") + "\n\n" + lede
    result = lexicon.extract(ArticleText(id="t", text=text, published_at=date(2018, 5, 16))).result
    assert result is not None
    return [(i.event_type.value, i.sub_event_type.value) for i in result.incidents]


def test_a_demonstration_told_with_its_crowd_is_reported(lexicon):
    for lede in (
        "تظاهر آلاف في العاصمة الخرطوم أمس للمطالبة برحيل الحكومة.",
        "تظاهر نحو 500 شخص أمام البرلمان في العاصمة تونس أمس احتجاجا على غلاء الأسعار.",
    ):
        assert coded(lexicon, lede) == [("Protests", "Peaceful protest")]
    mentioned = "قالت الحكومة السودانية في الخرطوم أمس إن الاحتجاجات كانت بتحريض من الخارج، دون تقديم أدلة."
    assert coded(lexicon, mentioned) == []


def test_a_crowd_that_burns_or_wrecks_is_a_violent_demonstration(lexicon):
    riot = "أحرق محتجون غاضبون مبنى حكوميا في مدينة البصرة أمس، احتجاجا على انقطاع الكهرباء وشح المياه."
    assert coded(lexicon, riot) == [("Riots", "Violent demonstration")]
    peaceful = "تظاهر المئات في مدينة البصرة أمس، احتجاجا على انقطاع الكهرباء وشح المياه."
    assert coded(lexicon, peaceful) == [("Protests", "Peaceful protest")]
    shot = "قتل 3 محتجين برصاص الشرطة في مدينة البصرة أمس بعد أن أحرق متظاهرون مبنى حكوميا."
    assert coded(lexicon, shot) == [("Protests", "Excessive force against protesters")]
