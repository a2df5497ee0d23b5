"""The checker's rules one at a time: qualifiers as intervals, vague words, combined figures."""

from __future__ import annotations

import pytest

from briefs.grounding.checker import check


def statuses(source: str, summary: str) -> list[tuple[str, str]]:
    return [(n.mention.text, n.status) for n in check(source, summary).numbers]


@pytest.mark.parametrize("source, summary, status", [
    # the claim's interval holds the source's
    ("قتل 40 شخصا في الهجوم", "At least 40 people were killed.", "supported"),
    ("قتل 40 شخصا في الهجوم", "About 40 people were killed.", "supported"),
    ("قتل أكثر من 40 شخصا", "At least 40 people were killed.", "supported"),
    ("قتل نحو 40 شخصا", "About 40 people were killed.", "supported"),
    ("قتل ما يصل إلى 40 شخصا", "Up to 40 people were killed.", "supported"),
    # overlap: approximate
    ("قتل أكثر من 30 شخصا", "30 people were killed.", "approximate"),
    ("قتل نحو 10 أشخاص", "More than 10 people were killed.", "approximate"),
    ("قتل نحو 10 أشخاص", "10 people were killed.", "approximate"),
    # a lower bound against an upper bound: unsupported
    ("قتل ما يصل إلى 40 شخصا", "At least 40 people were killed.", "unsupported"),
    ("قتل أقل من 40 شخصا", "At least 40 people were killed.", "unsupported"),
    ("قتل ما لا يزيد عن 40 شخصا", "More than 40 people were killed.", "unsupported"),
    ("قتل 17 شخصا على الأقل", "At most 17 people were killed.", "unsupported"),
])
def test_qualifiers_as_intervals(source, summary, status):
    [(_, got)] = statuses(source, summary)
    assert got == status


def test_a_contradiction_names_both_qualifiers():
    [number] = check("قتل ما يصل إلى 40 شخصا", "At least 40 people were killed.").numbers
    assert "at_least" in number.note and "less_than" in number.note and "ما يصل إلى 40" in number.note
    [number] = check("قتل أكثر من 30 شخصا", "30 people were killed.").numbers
    assert "exact" in number.note and "more_than" in number.note


@pytest.mark.parametrize("source, summary, status", [
    ("قتل عشرات الأشخاص", "Dozens of people were killed.", "supported"),
    ("قتل 45 شخصا", "Dozens of people were killed.", "supported"),
    ("قتل عدد من الأشخاص", "Dozens of people were killed.", "unsupported"),
    ("قتل بضعة أشخاص", "Dozens of people were killed.", "unsupported"),
    ("قتل عشرات الأشخاص", "Hundreds of people were killed.", "unsupported"),
    ("قتل عدة أشخاص", "Several people were killed.", "supported"),
])
def test_vague_claims_need_words_that_imply_them(source, summary, status):
    [(_, got)] = statuses(source, summary)
    assert got == status


@pytest.mark.parametrize("source, summary, status", [
    ("أسفر الهجوم عن سقوط 64 قتيلا وجريحا", "64 people were killed.", "misattributed"),
    ("أسفر الهجوم عن سقوط 64 قتيلا وجريحا", "The attack left 64 casualties.", "supported"),
    ("قتل 3 أشخاص وأصيب 5 آخرون", "The attack left 8 casualties.", "unsupported"),
    ("قتل 8 أشخاص في الهجوم", "The attack left 8 casualties.", "supported"),
    ("قالت إن اثنين من جنودها قتلا وأصيب أحد عشر آخرون", "Two soldiers were killed.", "supported"),
])
def test_a_combined_figure_is_not_one_category(source, summary, status):
    assert statuses(source, summary)[0][1] == status
