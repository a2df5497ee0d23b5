"""One figure of the dead and the hurt together («قتل وجرح 15 شخصا») counts neither: it is no toll of the
killed or the wounded; figures of each, joined by و, stay what they are."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.inputs import ArticleText


def counts(lexicon, lede: str) -> list[tuple[str, int | None]]:
    text = lede + "\n\n" + lede + "."
    result = lexicon.extract(ArticleText(id="t", text=text, published_at=date(2018, 5, 16))).result
    assert result is not None
    [incident] = result.incidents
    return [(c.category.value, c.value) for c in incident.counts]


@pytest.mark.parametrize(
    "joint",
    ["قتل وجرح 15 شخصا", "مقتل وإصابة 15 شخصا", "سقوط 15 بين قتيل وجريح", "سقوط 15 قتيلا وجريحا"],
)
def test_a_figure_of_the_dead_and_the_hurt_together_counts_neither(lexicon, joint):
    assert counts(lexicon, f"انفجار سيارة مفخخة في سوق بمدينة كركوك أمس أسفر عن {joint}") == []


def test_figures_of_each_are_kept(lexicon):
    lede = "انفجار سيارة مفخخة في سوق بمدينة كركوك أمس أسفر عن مقتل 5 وجرح 12"
    assert counts(lexicon, lede) == [("killed", 5), ("wounded", 12)]
