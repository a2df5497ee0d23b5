"""The Arabic number parser: gold expressions, num2words round trips, and real articles."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from briefs.arabic.mention import Kind, Qualifier
from briefs.arabic.numbers import find_numbers
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from num2words import num2words  # type: ignore[import-untyped]  # num2words ships no types and no stubs exist

from .conftest import DATASETS, SHARED, needs_shared, read_jsonl, shared_articles

GOLD = read_jsonl(DATASETS / "arabic_numbers.jsonl")


def overlapping(mentions, start: int, end: int):
    return [m for m in mentions if m.start < end and start < m.end]


@pytest.mark.parametrize("case", GOLD, ids=[case["id"] for case in GOLD])
def test_gold_expression(case):
    sentence, text = case["sentence"], case["text"]
    start = sentence.index(text)
    hits = overlapping(find_numbers(sentence), start, start + len(text))
    if case["kind"] is None:  # a trap: weekdays, أول من أمس, a plural after a number
        assert hits == [], f"{text!r} is not a number, got {hits}"
        return
    assert len(hits) == 1, f"expected one mention over {text!r}, got {[(m.text, m.value, m.kind) for m in hits]}"
    mention = hits[0]
    got = {
        "value": mention.value,
        "low": mention.low,
        "high": mention.high,
        "qualifier": str(mention.qualifier),
        "kind": str(mention.kind),
    }
    want = {key: case[key] for key in got}
    for optional in ("month", "year"):
        if optional in case:
            got[optional], want[optional] = getattr(mention, optional), case[optional]
    assert got == want
    assert sentence[mention.start : mention.end] == mention.text


def test_gold_covers_every_case_the_issue_names():
    counts: dict[str, int] = {}
    for case in GOLD:
        counts[case["case"]] = counts.get(case["case"], 0) + 1
    assert len(GOLD) >= 300
    for tag in (
        "digits",
        "digits_glued",
        "cardinal_words",
        "compounds",
        "mixed_digits_words",
        "prefixes",
        "dual",
        "dual_agreement",
        "ordinal",
        "ordinal_date",
        "date",
        "year",
        "time",
        "percent",
        "vague",
        "qualifier",
        "name",
        "trap",
        "decimal_comma",
        "range",
        "fraction",
    ):
        assert counts.get(tag, 0) >= 5, f"too few gold cases tagged {tag}"


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_num2words_arabic_parses_back(number):
    words = num2words(number, lang="ar")
    # num2words writes a thousands or millions group of the form X01 as "سبعمائة و ألف ألف"
    # (701000): its own bug, not Arabic; such strings are left out rather than parsed "correctly".
    assume(not re.search("ألف ألف|مليون مليون", words))
    mentions = find_numbers(words)
    assert [(m.value, m.kind) for m in mentions] == [(number, Kind.CARDINAL)], words
    assert (mentions[0].start, mentions[0].end) == (0, len(words))


@pytest.mark.parametrize(
    "number",
    [0, 1, 2, 10, 11, 12, 19, 20, 21, 100, 101, 200, 1000, 2000, 3000, 11000, 10**6, 2 * 10**6, 3 * 10**6, 10**9],
)
def test_num2words_landmarks(number):
    assert [m.value for m in find_numbers(num2words(number, lang="ar"))] == [number]


@needs_shared
@pytest.mark.parametrize("path", shared_articles(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_articles_parse_and_every_digit_is_in_a_mention(path):
    text = path.read_text(encoding="utf-8")
    mentions = find_numbers(text)
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in pairwise(spans)), "mentions overlap"
    for digits in re.finditer(r"[0-9\u0660-\u0669\u06f0-\u06f9]+", text):
        assert any(s <= digits.start() and digits.end() <= e for s, e in spans), (
            f"{digits.group()!r} at {digits.start()} is in no mention"
        )
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.qualifier in Qualifier


def test_weekday_is_not_two_and_the_date_beside_it_is_read():
    mentions = find_numbers("قالت قوات قسد يوم الاثنين، 13 كانون الأول/ديسمبر، إن")
    assert [(m.text, m.kind, m.value, m.month) for m in mentions] == [("13 كانون الأول/ديسمبر", Kind.DATE, 13, 12)]


def test_dual_by_agreement_versus_plural_after_a_number():
    dual = find_numbers("غير أن مقاتلين من قوات «قسد» تعرضا للقتل وفقدا حياتهما")
    assert [(m.text, m.value, m.kind) for m in dual] == [("مقاتلين", 2, Kind.DUAL)]
    plural = find_numbers("قتل تسعة مقاتلين روس في الهجوم")
    assert [(m.text, m.value, m.kind) for m in plural] == [("تسعة", 9, Kind.CARDINAL)]


# Every dual the parser reports across ../shared/corpus (ant and ant-wide), reviewed by reading each
# in its sentence: all are the dual of a countable noun (two days, two soldiers, their two countries).
# A word the parser starts reading as a dual that is not one (فلتان، أفغانستان، اللتين، الإخوانيتين،
# الجانبين as "both sides", البلدان as "the countries") makes this test fail with its text.
REVIEWED_CORPUS_DUALS = frozenset(
    [
        "أسبوعين",
        "الأسبوعين",
        "الانتحاريان",
        "الانتحاريين",
        "الانفجاران",
        "الانفجارين",
        "البلدين",
        "التفجيرين",
        "الجماعتان",
        "الجنديَّين",
        "الجيشين",
        "الحركتين",
        "الحليفتان",
        "الرجلان",
        "الرجلين",
        "الساعتين",
        "السفارتين",
        "السيارتين",
        "الشخصين",
        "الشقيقين",
        "الصحفيان",
        "الضابطين",
        "الطفلان",
        "الطفلين",
        "القتيلين",
        "المجموعتين",
        "المسؤولان",
        "المنطقتان",
        "المهاجمان",
        "المهاجمين",
        "الهجومان",
        "الهجومين",
        "اليومين",
        "امرأتان",
        "انتحاريان",
        "انفجاران",
        "انفجارين",
        "برصاصتين",
        "بسيارتين",
        "بشهرين",
        "بلديهما",
        "بندقيتين",
        "تفجيران",
        "ثانيتين",
        "جريحين",
        "جماعتان",
        "جنديين",
        "حزبين",
        "حقيبتين",
        "حكومتين",
        "دولتين",
        "رجلان",
        "رجلين",
        "زورقين",
        "ساعتين",
        "سلطتين",
        "سنتين",
        "سيارتان",
        "سيارتين",
        "شابتين",
        "شابين",
        "شخصان",
        "شخصين",
        "شرطيان",
        "شرطيين",
        "شهرين",
        "صاروخين",
        "صحفيان",
        "ضربتين",
        "طائرتين",
        "طفلان",
        "طفلتان",
        "طفلين",
        "عامين",
        "عبوتان",
        "عربتين",
        "عصابتين",
        "عضوان",
        "عنصران",
        "عنصرين",
        "غارتان",
        "غارتين",
        "غواصتين",
        "فندقين",
        "قاعدتين",
        "قتيلان",
        "قتيلين",
        "قذيفتين",
        "قنبلتين",
        "قياديان",
        "لشهرين",
        "للجماعتين",
        "للحركتين",
        "للمجموعتين",
        "للهجومين",
        "لليومين",
        "ليومين",
        "مدنيان",
        "مرتين",
        "مسلحان",
        "مقبرتين",
        "منطقتين",
        "مهاجمان",
        "مهاجمين",
        "موقعين",
        "ناشطتين",
        "هجومين",
        "والطفلين",
        "وجريحين",
        "وجنديان",
        "ودراجتين",
        "وشرطيان",
        "وطفلتين",
        "وعبوتين",
        "وعربتين",
        "ولدان",
        "وولدين",
        "يومين",
        "انتحاريين",
        "متهمين",
        "جثتين",
        "قياديين",
        "كلاهما",
        "وكلاهما",
        "وكلتاهما",
        "فلسطينيان",
        "أمريكيان",
        "أميركيان",
        "صحافيان",
    ]
)


@needs_shared
def test_every_dual_reported_in_the_shared_corpus_is_a_real_dual():
    corpus = sorted((SHARED / "corpus").glob("*/*.txt"))
    assert len(corpus) >= 200
    reported = {}
    for path in corpus:
        for mention in find_numbers(path.read_text(encoding="utf-8")):
            if mention.kind is Kind.DUAL:
                assert mention.value == 2
                noun = mention.text.split()[0]  # شخصين على الأقل, جثتين اثنتين: the noun is the first word
                reported.setdefault(noun, f"{path.parent.name}/{path.name}")
    unreviewed = {noun: where for noun, where in reported.items() if noun not in REVIEWED_CORPUS_DUALS}
    assert not unreviewed, f"duals not in the reviewed list (a real dual? add it; else fix the parser): {unreviewed}"
    assert len(reported) >= 100  # the parser still finds the corpus's real duals


@pytest.mark.parametrize(
    "sentence",
    [
        "وإحداث فوضى وفلتان أمني في المناطق",
        "قالت حركة طالبان في أفغانستان وباكستان",
        "سقوط خسائر بشرية من الجانبين",
        "دعا الطرفين إلى التهدئة",
        "خرجت ندى وإيمان من لبنان عبر مطار بيروت",
        "ألقى السلطان بيانا في الميدان",
        "أصدر بيان وإعلان بعد ثوران البركان",
        "توقف الطيران فوق عثمان",
        "ولديها أسلحة كثيرة",
        "سمر بدوي ونسيمة السادة اللتين",
        "حركتي حسم ولواء الثورة الإخوانيتين",
        "فرّ إلى بلدان مجاورة",
        "ويتصارع البلدان منذ عقود",
        "إن المقاتلين صدوا هجوم قوات الأمن",
        "لا يستهدف المدنيين عمدا",
        "في الأرجنتين",
        "في كردستان العراق",
    ],
)
def test_words_ending_like_a_dual_are_not_two(sentence):
    assert [m.text for m in find_numbers(sentence) if m.kind is Kind.DUAL or m.value == 2] == []


@pytest.mark.parametrize(
    "sentence, duals",
    [
        ("قتل مدنيان وجنديان في القصف", ["مدنيان", "وجنديان"]),
        ("أصيب طفلان وامرأتان", ["طفلان", "وامرأتان"]),
        ("رأيت مهاجمين مسلحين على الأقل يدخلان المبنى", ["مهاجمين"]),
        ("وقال مسؤول إن اثنين من المحتجين قتلا", []),
    ],
)
def test_duals_joined_by_wa_and_by_agreement(sentence, duals):
    assert [m.text for m in find_numbers(sentence) if m.kind is Kind.DUAL] == duals


@pytest.mark.parametrize(
    "text", ["1" * 400, "00963112345678", "٠٩٦٣١١٢٣٤٥٦٧٨٩", "1,000,000,000,000,000,000", "9" * 5000 + " مليار"]
)
def test_overlong_digit_runs_are_names_without_a_value(text):
    mentions = find_numbers(text)
    assert [(m.kind, m.value) for m in mentions][:1] == [(Kind.NAME, None)]


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("قتل أكثر من600 شخص", "أكثر من600", 600),
        ("قتل12 مدنيا في الهجوم", "12", 12),
        ("أصيب15 آخرون", "15", 15),
    ],
)
def test_digits_glued_to_a_word(sentence, text, value):
    assert [(m.text, m.value) for m in find_numbers(sentence)] == [(text, value)]


@needs_shared
def test_the_brief_of_ant_01_counts_no_number_no_word_states():
    """«وإحداث فوضى وفلتان أمني» was read as two killed and added to the headline total."""
    from briefs.extract.lexicon import LexiconExtractor
    from briefs.inputs import ArticleText

    text = (SHARED / "corpus" / "ant" / "01.txt").read_text(encoding="utf-8")
    result = LexiconExtractor().extract(ArticleText(id="ant-01", text=text)).result
    counts = [count for incident in result.incidents for count in incident.counts]
    assert counts, "the article reports killed fighters"
    assert not any("فلتان" in count.evidence_ar for count in counts)
