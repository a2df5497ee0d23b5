"""Roles (who did what to whom) on sentences of the kinds the dev articles taught, and ones each rule must leave."""

from __future__ import annotations

from datetime import date

from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText


def parties(text: str) -> dict[str, tuple[str, int]]:
    result = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date(2024, 3, 14))).result
    assert result is not None
    return {str(a.role): (a.name_en, a.inter) for a in result.incidents[0].actors}


def test_a_state_force_filed_as_external_is_a_home_force_at_home():
    # the Guards hit in Iran are Iran's own forces (inter 1), not a foreign one
    found = parties("قتل 3 من عناصر الحرس الثوري الإيراني في هجوم مسلح في زاهدان.")
    assert found["actor2"] == ("Iranian Revolutionary Guard Corps", 1)


def test_a_state_force_abroad_stays_external():
    found = parties("قتل 3 من عناصر الحرس الثوري الإيراني في غارة إسرائيلية على دمشق.")
    assert found["actor1"] == ("Military Forces of Israel", 8)
    assert found["actor2"] == ("Iranian Revolutionary Guard Corps", 8)
