"""The checker's rules one at a time: qualifiers as intervals, vague words, combined figures."""

from __future__ import annotations

import pytest
from briefs.grounding.checker import check


def statuses(source: str, summary: str) -> list[tuple[str, str]]:
    return [(n.mention.text, n.status) for n in check(source, summary).numbers]


@pytest.mark.parametrize(
    "source, summary, status",
    [
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
    ],
)
def test_qualifiers_as_intervals(source, summary, status):
    [(_, got)] = statuses(source, summary)
    assert got == status


def test_a_contradiction_names_both_qualifiers():
    [number] = check("قتل ما يصل إلى 40 شخصا", "At least 40 people were killed.").numbers
    assert "at_least" in number.note and "less_than" in number.note and "ما يصل إلى 40" in number.note
    [number] = check("قتل أكثر من 30 شخصا", "30 people were killed.").numbers
    assert "exact" in number.note and "more_than" in number.note


@pytest.mark.parametrize(
    "source, summary, status",
    [
        ("قتل عشرات الأشخاص", "Dozens of people were killed.", "supported"),
        ("قتل 45 شخصا", "Dozens of people were killed.", "supported"),
        ("قتل عدد من الأشخاص", "Dozens of people were killed.", "unsupported"),
        ("قتل بضعة أشخاص", "Dozens of people were killed.", "unsupported"),
        ("قتل عشرات الأشخاص", "Hundreds of people were killed.", "unsupported"),
        ("قتل عدة أشخاص", "Several people were killed.", "supported"),
    ],
)
def test_vague_claims_need_words_that_imply_them(source, summary, status):
    [(_, got)] = statuses(source, summary)
    assert got == status


@pytest.mark.parametrize(
    "source, summary, status",
    [
        ("أسفر الهجوم عن سقوط 64 قتيلا وجريحا", "64 people were killed.", "misattributed"),
        ("أسفر الهجوم عن سقوط 64 قتيلا وجريحا", "The attack left 64 casualties.", "supported"),
        ("قتل 3 أشخاص وأصيب 5 آخرون", "The attack left 8 casualties.", "unsupported"),
        ("قتل 8 أشخاص في الهجوم", "The attack left 8 casualties.", "supported"),
        ("قالت إن اثنين من جنودها قتلا وأصيب أحد عشر آخرون", "Two soldiers were killed.", "supported"),
    ],
)
def test_a_combined_figure_is_not_one_category(source, summary, status):
    assert statuses(source, summary)[0][1] == status


@pytest.mark.parametrize(
    "source, summary, expected",
    [
        # clock times, 24-hour and 12-hour
        (
            "وقع الانفجار الساعة 22,30 (19,30 ت غ)",
            "The blast was at 10:30 p.m. (7:30 p.m. GMT).",
            ["supported", "supported"],
        ),
        ("وقع الانفجار الساعة 22,30", "The blast was at 22:30.", ["supported"]),
        ("وقع الانفجار الساعة 14 و25 دقيقة", "The blast was at 2:25 p.m.", ["supported"]),
        ("وقع الانفجار التاسعة مساء", "The blast was at 9 p.m.", ["supported"]),
        ("وقع الانفجار التاسعة مساء", "The blast was at 10 p.m.", ["unsupported"]),
        # years and year expressions
        ("في الربع الأخير من 2017", "in late 2017", ["supported"]),
        ("بموجب القانون رقم 41 / 2016", "under Law No. 41 of 2016", ["supported", "supported"]),
        ("بموجب القانون رقم 41 / 2016", "under Law No. 14 of 2016", ["unsupported", "supported"]),
        # numbered units
        ("هاجم اللواء 93 البلدة", "The 93rd Brigade attacked.", ["supported"]),
        ("هاجمت الكتيبة 61 البلدة", "The 61st Battalion attacked.", ["supported"]),
        ("هاجمت الفرقة الرابعة البلدة", "The 4th Division attacked.", ["supported"]),
        ("هاجمت الفرقة الرابعة البلدة", "The 5th Division attacked.", ["unsupported"]),
        # ranges
        ("نزح ما بين 15-25 ألف شخص", "Between 15,000 and 25,000 people fled.", ["supported", "supported"]),
        ("نزح بين 15 و25 ألفا", "Between 15,000 and 25,000 people fled.", ["supported", "supported"]),
        ("نزح بين 15 و25 ألفا", "Between 15 and 25,000 people fled.", ["unsupported", "supported"]),
        ("اعتقل من 5 إلى 7 أشخاص", "5 to 7 people were arrested.", ["supported", "supported"]),
        # ages
        ("قتل فتى في الرابعة عشرة من عمره", "A 14-year-old boy was killed.", ["supported"]),
        ("قتل فتى في الرابعة عشرة من عمره", "A boy aged 15 was killed.", ["unsupported"]),
        # fractions and durations
        ("قتل نصف السكان", "Half of the residents were killed.", ["supported"]),
        ("قتل ثلث السكان", "A third of the residents were killed.", ["supported"]),
        ("قتل ربع السكان", "A third of the residents were killed.", ["unsupported"]),
        ("استمر القتال ساعة ونصف", "The fighting lasted an hour and a half.", ["supported"]),
        ("استمر القتال نصف ساعة", "The fighting lasted half an hour.", ["supported"]),
        ("استمر القتال نصف ساعة", "The fighting lasted an hour and a half.", ["unsupported"]),
        # decimal commas
        ("وصل معدل الفقر إلى 12,5 بالمئة", "Poverty reached 12.5 percent.", ["supported"]),
        ("بلغت الخسائر 1,4 مليون دولار", "Losses reached $1.4 million.", ["supported"]),
        ("بلغت الخسائر 1,4 مليون دولار", "Losses reached $14 million.", ["unsupported"]),
        ("قتل ١٢,٠٠٠ شخص", "12,000 people were killed.", ["supported"]),
        # English words that are numbers
        ("قتل جنديان", "Both soldiers were killed.", ["supported"]),
        ("وقع تفجيران", "Twin blasts hit the city.", ["supported"]),
        ("وقع تفجير", "Twin blasts hit the city.", ["unsupported"]),
        ("قصفت الطائرات البلدة مرتين", "Jets struck the town twice.", ["supported"]),
        ("أطلق المسلحون صاروخين", "Gunmen fired a pair of rockets.", ["supported"]),
        ("قتل 12 شخصا", "A dozen people were killed.", ["supported"]),
        # unit conversions with the qualifier's tolerance
        ("تبعد البلدة 130 كيلومترا عن العاصمة", "The town is about 80 miles from the capital.", ["supported"]),
        ("تبعد البلدة 130 كيلومترا عن العاصمة", "The town is about 50 miles from the capital.", ["unsupported"]),
        ("تبعد البلدة 130 كيلومترا عن العاصمة", "The town is 81 miles from the capital.", ["supported"]),
        ("ضبطت الشرطة 50 كيلوغراما من المتفجرات", "Police seized about 110 pounds of explosives.", ["supported"]),
        ("ضبطت الشرطة 50 كيلوغراما من المتفجرات", "Police seized 200 pounds of explosives.", ["unsupported"]),
    ],
)
def test_number_forms_outlets_print(source, summary, expected):
    assert [status for _, status in statuses(source, summary)] == expected


@pytest.mark.parametrize(
    "summary", ["The fighting lasted an hour.", "One of the attackers was killed for the first time."]
)
def test_words_that_are_not_numbers_are_never_supported(summary):
    assert [
        n for n in check("استمر القتال نصف ساعة وقتل أحد المهاجمين", summary).numbers if n.status == "supported"
    ] == []


def test_killed_then_a_verbal_noun_of_wounding_are_two_facts():
    assert statuses(
        "وأعلنت مصادر طبية سقوط 18 قتيلا وإصابة 600 آخرين", "Medical sources reported 18 dead and 600 wounded."
    ) == [("18", "supported"), ("600", "supported")]


@pytest.mark.parametrize(
    "source, summary, status, reason",
    [
        # the counted noun: soldiers against militants, children against women, members take their side's kind
        ("قتلت القوات خمسة مسلحين في الاشتباك", "Five soldiers were killed in the clash.", "misattributed", "fighter"),
        ("قتل 7 من عناصر الجيش و71 فردا تكفيريا", "71 soldiers were killed.", "misattributed", "fighter"),
        ("قتل 7 من عناصر الجيش و71 فردا تكفيريا", "Seven soldiers and 71 militants were killed.", "supported", ""),
        ("قتلت الغارة 22 طفلا وأربع نساء", "The strike killed 22 women.", "misattributed", "child"),
        ("قتل نحو 700 من عناصر القوات الحكومية", "About 700 government fighters were killed.", "supported", ""),
        # the side
        ("قتل فلسطينيان في القصف", "Two Israeli soldiers were killed.", "misattributed", "palestine"),
        ("أعلنت الحركة مقتل خمسة من مقاتليها", "Five soldiers were killed.", "misattributed", "fighter"),
        # the event, in the wider clause and after a restatement that says nothing new
        (
            "قتل 4 من المجندين وأصيب 9 آخرون، وقال المصدر إن أربعة من المهاجمين كانوا يرتدون أحزمة ناسفة",
            "Nine conscripts were killed and four wounded.",
            "misattributed",
            "killed",
        ),
        (
            "قالت مصادر إن تسعة أفراد من الحرس الوطني قتلوا في هجوم",
            "Nine members of Tunisia's National Guard were wounded in an attack.",
            "misattributed",
            "killed",
        ),
    ],
)
def test_swaps_carry_their_reason(source, summary, status, reason):
    checks = check(source, summary).numbers
    number = next(n for n in checks if n.status == status) if status != "supported" else checks[0]
    assert number.status == status
    assert reason in number.note
    if status == "misattributed":
        assert number.note.startswith("the source gives") and "the summary says" in number.note


@pytest.mark.parametrize(
    "source, summary, status",
    [
        ("وقال المصدر إن الهجوم قتل12 مدنيا وأصاب 30 آخرين", "12 civilians were wounded.", "misattributed"),
        ("وقال المصدر إن الهجوم قتل12 مدنيا وأصاب 30 آخرين", "12 civilians were killed.", "supported"),
        ("وقتل أكثر من600 شخص", "More than 600 people were killed.", "supported"),
        ("نفذ الهجوم طالب يبلغ من العمر 18 عاما وقتل 19 شخصا", "An 18-year-old student killed 19 people.", "supported"),
        (
            "نفذ الهجوم طالب يبلغ من العمر 18 عاما وقتل 19 شخصا",
            "A 19-year-old student killed 18 people.",
            "misattributed",
        ),
    ],
)
def test_glued_digits_and_ages_keep_their_context(source, summary, status):
    assert status in {s for _, s in statuses(source, summary)}
    if status == "supported":
        assert {s for _, s in statuses(source, summary)} == {"supported"}


@pytest.mark.parametrize(
    "source, summary, status",
    [
        (
            "وقالت الشرطة إن 20 شخصا قتلوا. لكن اثنين من السكان قالوا إنهم أحصوا 31 قتيلا.",
            "Police said 31 people were killed.",
            "misattributed",
        ),
        (
            "وقالت الشرطة إن 20 شخصا قتلوا. لكن اثنين من السكان قالوا إنهم أحصوا 31 قتيلا.",
            "Residents said 31 people were killed.",
            "supported",
        ),
        (
            "وقالت الشرطة إن 20 شخصا قتلوا. لكن اثنين من السكان قالوا إنهم أحصوا 31 قتيلا.",
            "Police said 20 people were killed.",
            "supported",
        ),
        ("وقتل 4 من رجال الشرطة في الهجوم، بحسب السكان", "Four policemen were killed, residents said.", "supported"),
    ],
)
def test_the_speaker_of_a_figure(source, summary, status):
    assert [s for _, s in statuses(source, summary)] == [status]


@pytest.mark.parametrize(
    "source, summary, status",
    [
        (
            "وذلك غداة تفجير استهدف دورية للدرك راح ضحيته رجل أمن يوم الجمعة",
            "A bombing killed one gendarme on Friday.",
            "supported",
        ),
        ("وأسفر الهجوم عن مقتل جندي وإصابة 3 آخرين", "One soldier was killed and three wounded.", "supported"),
        ("وأسفر الهجوم عن مقتل جندي وإصابة 3 آخرين", "One soldier was wounded.", "unsupported"),
        ("وأسفر الهجوم عن مقتل جندي وإصابة 3 آخرين", "One civilian was killed.", "unsupported"),
        ("وأسفر الهجوم عن مقتل جنديين", "One soldier was killed.", "unsupported"),
        ("وأعلنت الشرطة اعتقال مسلح في المدينة", "Police arrested one gunman.", "supported"),
    ],
)
def test_one_stated_by_a_singular_noun(source, summary, status):
    assert statuses(source, summary)[0][1] == status
