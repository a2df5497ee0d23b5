"""A toll of one, as Arabic news states it: by a singular noun after the event word («مقتل شرطي»), in the
headline or lede where the news gives its toll. Each rule beside a sentence it must leave alone."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.grounding.context import person_noun, singular_counts
from briefs.inputs import ArticleText


def counts(lexicon, text: str) -> list[list[tuple[str, int | None]]]:
    article = ArticleText(id="t", text=text, published_at=date(2019, 4, 2))
    result = lexicon.extract(article).result
    assert result is not None
    return [[(c.category.value, c.value) for c in incident.counts] for incident in result.incidents]


@pytest.mark.parametrize(
    "headline",
    [
        "مقتل شرطي وإصابة 6 آخرين في هجوم على حاجز أمني بمدينة العريش",
        "مقتل رقيب وإصابة 6 جنود بهجوم مسلح على حاجز بمدينة العريش",
        "مقتل إسرائيلي وإصابة 6 في عملية طعن قرب مدينة نابلس",
    ],
)
def test_a_singular_noun_in_the_headline_is_one_killed(lexicon, headline):
    text = headline + "\n\nوقع الهجوم صباح الاثنين، بحسب ما أفادت مصادر محلية."
    [found] = counts(lexicon, text)
    assert ("killed", 1) in found and ("wounded", 6) in found


def test_no_one_and_a_listed_noun_are_not_one(lexicon):
    nobody = "انفجار عبوة ناسفة قرب دورية للشرطة في مدينة العريش\n\nولم يسفر الانفجار عن مقتل أي شخص، وأصيب 3 جنود."
    assert all(c[0] != "killed" for found in counts(lexicon, nobody) for c in found)
    listed = "هجوم على حاجز بمدينة العريش\n\nأصيب ضابط وضابط صف و4 جنود في هجوم مسلح على حاجز صباح الاثنين."
    assert all(("wounded", 1) not in found for found in counts(lexicon, listed))


def test_only_the_headline_and_lede_state_a_toll_of_one(lexicon):
    # the toll is the headline's and the lede's; a singular further down is as often a person the story
    # recalls or a witness's account (unrestricted, the rule changed other fields of unseen articles)
    text = (
        "هجوم مسلح على حاجز أمني بمدينة العريش\n\n"
        "هاجم مسلحون حاجزا أمنيا في مدينة العريش صباح الاثنين، بحسب مصادر أمنية.\n"
        "وتبادلت القوات إطلاق النار مع المهاجمين لساعات، وروى شاهد عيان أنه رأى مقتل رجل قرب الحاجز."
    )
    assert all(c[0] != "killed" for found in counts(lexicon, text) for c in found)


def test_singular_offsets_and_any():
    text = "وأعلنت الشرطة مقتل شرطي"
    [one] = singular_counts(text[6:], offset=6)
    assert text[one.start : one.end] == "مقتل شرطي" and one.category == "killed"
    assert singular_counts("لم يسفر عن مقتل أي شخص") == []
    assert person_noun("والضابط") and person_noun("شابة") and not person_noun("مدنيين")
