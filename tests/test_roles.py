"""Roles from the sentence, not the order of mention (ACLED's actor 1 and actor 2)."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText


def roles(text: str) -> dict[str, str]:
    result = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date(2024, 3, 14))).result
    assert result is not None
    incident = result.incidents[0]
    return {str(a.role): a.name_en for a in incident.actors}


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # the arresting force is actor 1, the arrested actor 2
        ("اعتقلت قوات الأمن العراقية 12 عنصرا من داعش في بغداد.", "Military Forces of Iraq", "Islamic State (Iraq)"),
        # «على يد»: the killers are actor 1 though named last
        (
            "قتل 5 عناصر من داعش على يد قوات سوريا الديمقراطية في دير الزور.",
            "SDF: Syrian Democratic Forces",
            "Islamic State (Syria)",
        ),
        # whoever speaks is no party; the unnamed bomber is an unidentified armed group, the dead civilians
        ("قال المتحدث باسم الشرطة الأفغانية إن انتحاريا قتل 8 أشخاص في كابل.", "Unidentified Armed Group", "Civilians"),
        # «الجيش» in a country with no entry of its own is that country's army
        ("قتل 11 مسلحا في اشتباكات مع الجيش في بيشاور.", "Military Forces of Pakistan", None),
    ],
)
def test_roles_from_the_sentence(text, actor1, actor2):
    found = roles(text)
    assert found.get("actor1") == actor1
    if actor2:
        assert found.get("actor2") == actor2


def test_civilians_are_never_the_perpetrators():
    found = roles("قتل مدنيون في انفجار عبوة ناسفة في سوق في كركوك.")
    assert found.get("actor1") != "Civilians" and found.get("actor2") == "Civilians"
