"""English a reader would write: templates keyed on event type, roles and counts; numbers as words
up to ten; no vocabulary leaks; and still nothing the checker finds unsupported."""

from __future__ import annotations

import re
from datetime import date

import pytest
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

LEAKS = re.compile(r"None|/|\bied\b|arrested in arrests|involving Civilians|\b1 people\b|was involved")


def extracted(text: str):
    result = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date(2024, 3, 14))).result
    assert result is not None
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اعتقلت قوات الأمن العراقية 12 عنصرا من داعش في بغداد.", "Military Forces of Iraq arrested 12"),
        ("قتل خمسة جنود في انفجار عبوة ناسفة في كركوك.", "five soldiers were killed in a bomb blast in Kirkuk, Iraq"),
        ("قتل مدني وأصيب ثلاثة في غارة جوية على إدلب.", "in an air strike"),
        (
            "قتل 25 فلسطينيا برصاص الجيش الإسرائيلي خلال احتجاجات على حدود قطاع غزة.",
            "when Military Forces of Israel fired on a protest",
        ),
    ],
)
def test_summaries_read_as_english(text, expected):
    result = extracted(text)
    english = " ".join([line.text_en for line in result.summary] + [i.notes_en for i in result.incidents])
    assert expected in english, english
    assert not LEAKS.search(english), english
    assert result.grounding.verdict == "supported"  # the checker finds nothing unsupported in it


def test_numbers_up_to_ten_are_words_and_one_is_singular():
    result = extracted("قتل شخص واحد وأصيب عشرة آخرون و11 جريحا في تفجير في الموصل.")
    english = result.summary[0].text_en
    assert english.startswith("One person was killed and ten people wounded") and "1 people" not in english
