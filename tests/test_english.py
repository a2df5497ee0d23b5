"""English a reader would write (briefs/extract/english.py): templates keyed on event type, roles and
counts; counted nouns with their side; numbers as words up to ten; readable actor names; the day at
its precision; no vocabulary leaks; and still nothing the checker finds unsupported."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from briefs.acled import CountCategory, CountQualifier, EventType, GeoPrecision, SubEventType, TimePrecision
from briefs.evals.runner import corpus_article
from briefs.extract import english
from briefs.extract.english import Dating, DayStated, Event, EventDay, Party, Place, Tally, Told, sentence
from briefs.extract.lexicon import LexiconExtractor
from briefs.extract.places import country_names
from briefs.grounding.checker import FAILING
from briefs.inputs import ArticleText
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import DATASETS, SHARED, read_jsonl

LEAKS = re.compile(
    r"None|/|\b[Ii][Ee][Dd]\b|arrested in arrests|involving [Cc]ivilians|Civilians|Protesters|Unidentified|"
    r"Military Forces of (?:Iraq|Syria|Israel)|Police Forces of|\(|\b1 people\b|member of the forces"
)
PLURALS = "people|civilians|soldiers|police officers|fighters|members|suspects|protesters"
DAY = EventDay(date(2024, 3, 13), TimePrecision.DAY, DayStated.CALENDAR)
DEIR_EZ_ZOR = Place("Al-Mayadin", "Deir ez-Zor", "SYR")


def killed(value: int, role: str = "people", side: str | None = None, **fields) -> Tally:
    return Tally(CountCategory.KILLED, value, value, CountQualifier.EXACT, role, side, **fields)


def event(event_type, sub_event_type, actor1=None, actor2=None, tallies=(), place=DEIR_EZ_ZOR, day=DAY) -> Event:
    return Event(event_type, sub_event_type, actor1, actor2, tuple(tallies), place, day)


IS_IRAQ = Party("Islamic State (Iraq)", 2)
IS_SYRIA = Party("Islamic State (Syria)", 2)
SYRIAN_ARMY = Party("Military Forces of Syria", 1)
IRAQI_ARMY = Party("Military Forces of Iraq", 1)
TUNISIAN_POLICE = Party("Police Forces of Tunisia", 1)
GUNMEN = Party("Unidentified Armed Group", 3)
CIVILIANS = Party("Civilians", 7)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (  # the model sentence, as far as the coded facts go (no "military post" is coded)
            event(
                EventType.VIOLENCE_AGAINST_CIVILIANS,
                SubEventType.ATTACK,
                IS_SYRIA,
                SYRIAN_ARMY,
                [killed(5, "soldiers", "government")],
            ),
            "Islamic State fighters killed five Syrian government soldiers in an attack in Al-Mayadin, Deir ez-Zor, "
            "Syria, on 13 March 2024.",
        ),
        (
            event(
                EventType.EXPLOSIONS_REMOTE_VIOLENCE,
                SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED,
                GUNMEN,
                CIVILIANS,
                [killed(2, "civilians")],
            ),
            "Two civilians were killed in a bomb blast in Al-Mayadin, Deir ez-Zor, Syria, on 13 March 2024.",
        ),
        (
            event(
                EventType.BATTLES,
                SubEventType.ARMED_CLASH,
                IS_SYRIA,
                SYRIAN_ARMY,
                [killed(5, "soldiers"), killed(3, "fighters")],
            ),
            "Five Syrian soldiers and three Islamic State fighters were killed in clashes between Islamic State and "
            "Syrian forces in Al-Mayadin, Deir ez-Zor, Syria, on 13 March 2024.",
        ),
        (
            event(EventType.BATTLES, SubEventType.ARMED_CLASH, GUNMEN, TUNISIAN_POLICE, [killed(6, "police")]),
            "Clashes between Tunisian police and gunmen killed six Tunisian police officers in Al-Mayadin, "
            "Deir ez-Zor, Syria, on 13 March 2024.",
        ),
        (
            event(
                EventType.STRATEGIC_DEVELOPMENTS,
                SubEventType.ARRESTS,
                IRAQI_ARMY,
                IS_IRAQ,
                [Tally(CountCategory.ARRESTED, 12, 12, CountQualifier.EXACT, "members", "ISIS")],
            ),
            "Iraqi forces arrested 12 suspected Islamic State members in Al-Mayadin, Deir ez-Zor, Syria, "
            "on 13 March 2024.",
        ),
        (
            event(EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK, GUNMEN, CIVILIANS, [killed(1)]),
            "Gunmen killed one person in Al-Mayadin, Deir ez-Zor, Syria, on 13 March 2024.",
        ),
        (
            event(
                EventType.PROTESTS,
                SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS,
                Party("Protesters", 6),
                Party("Military Forces of Israel", 8),
                [killed(25, "soldiers", "government")],  # a side misread on the crowd's dead is dropped
            ),
            "Israeli forces killed 25 people at a protest in Al-Mayadin, Deir ez-Zor, Syria, on 13 March 2024.",
        ),
        (
            event(EventType.EXPLOSIONS_REMOTE_VIOLENCE, SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK),
            "Shelling was reported in Al-Mayadin, Deir ez-Zor, Syria, on 13 March 2024.",
        ),
    ],
)
def test_pinned_sentences(facts: Event, expected: str) -> None:
    assert sentence(facts) == expected


def test_the_day_at_its_precision_and_never_a_guess() -> None:
    blast = event(EventType.EXPLOSIONS_REMOTE_VIOLENCE, SubEventType.SUICIDE_BOMB, tallies=[killed(3)])
    week = EventDay(date(2024, 3, 11), TimePrecision.WEEK, DayStated.LAST_WEEK)
    month = EventDay(date(2024, 3, 1), TimePrecision.MONTH, DayStated.CALENDAR)
    weekday = EventDay(date(2024, 3, 13), TimePrecision.DAY, DayStated.WEEKDAY)
    for day, calendar, as_stated in [
        (DAY, "on 13 March 2024", "on 13 March 2024"),
        (week, "in the week of 11 March 2024", "last week"),
        (month, "in March 2024", "in March 2024"),
        (weekday, "on 13 March 2024", "on Wednesday"),
        (EventDay(date(2024, 3, 13), TimePrecision.DAY, DayStated.YESTERDAY), "on 13 March 2024", "yesterday"),
    ]:
        dated = event(blast.event_type, blast.sub_event_type, tallies=blast.tallies, day=day)
        assert sentence(dated, Dating.CALENDAR).endswith(f"Syria, {calendar}.")
        assert sentence(dated, Dating.AS_STATED).endswith(f"Syria, {as_stated}.")
    unstated = EventDay(date(2024, 3, 13), TimePrecision.DAY, None)  # the publication date stands in
    guessed = EventDay(date(2024, 3, 13), TimePrecision.DAY, DayStated.WEEKDAY, guessed=True)
    for day in (unstated, guessed):
        dated = event(blast.event_type, blast.sub_event_type, tallies=blast.tallies, day=day)
        assert sentence(dated, Dating.CALENDAR).endswith("Deir ez-Zor, Syria.")
    guessed_date = EventDay(date(2024, 3, 13), TimePrecision.DAY, DayStated.CALENDAR, guessed=True)
    dated = event(blast.event_type, blast.sub_event_type, tallies=blast.tallies, day=guessed_date)
    assert sentence(dated, Dating.AS_STATED).endswith("Syria, on 13 March.")  # the year was the guess


def test_every_country_the_gazetteer_knows_reads_by_its_demonym_or_its_acled_name() -> None:
    for code, name in country_names().items():
        side = english._side(Party(f"Military Forces of {name}", 1))
        adjective = english.demonym(code)
        assert side.name == (f"{adjective} forces" if adjective else f"Military Forces of {name}"), code


# --- hypothesis: grammar invariants over roles, counts and event types --------------------------------

SUB_EVENTS = {
    EventType.BATTLES: [SubEventType.ARMED_CLASH, SubEventType.GOVERNMENT_REGAINS_TERRITORY],
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: [
        SubEventType.SUICIDE_BOMB,
        SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED,
        SubEventType.AIR_DRONE_STRIKE,
        SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK,
        SubEventType.GRENADE,
    ],
    EventType.VIOLENCE_AGAINST_CIVILIANS: [SubEventType.ATTACK, SubEventType.ABDUCTION_FORCED_DISAPPEARANCE],
    EventType.PROTESTS: [
        SubEventType.PEACEFUL_PROTEST,
        SubEventType.PROTEST_WITH_INTERVENTION,
        SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS,
    ],
    EventType.STRATEGIC_DEVELOPMENTS: [SubEventType.ARRESTS],
}
PARTIES = [
    IS_IRAQ,
    IS_SYRIA,
    SYRIAN_ARMY,
    IRAQI_ARMY,
    TUNISIAN_POLICE,
    GUNMEN,
    CIVILIANS,
    Party("Protesters", 6),
    Party("Unidentified Armed Group (Mali)", 3),
    Party("Ansar Allah (Houthis)", 2),
    Party("HTS: Hayat Tahrir al-Sham", 2),
    Party("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", 2),
    Party("Military Forces of the United States", 8),
    Party("Military Forces of Aruba", 1),  # no demonym: the ACLED name stands
    Party("Hamas Movement", 3),
]
ROLES = ["people", "civilians", "soldiers", "police", "fighters", "members", "suspects", "forces"]
SIDES = [None, "government", "ISIS", "SDF", "Houthi", "Russian", "al-Shabaab"]


@st.composite
def tallies(draw) -> Tally:
    vague = draw(st.booleans()) and draw(st.booleans())
    value = None if vague else draw(st.integers(0, 5000))
    role = draw(st.sampled_from(ROLES))
    side = draw(st.sampled_from(SIDES)) if role != "forces" else draw(st.sampled_from(SIDES[1:]))
    qualifier = (
        CountQualifier.VAGUE
        if vague
        else draw(st.sampled_from([q for q in CountQualifier if q is not CountQualifier.VAGUE]))
    )
    low = draw(st.sampled_from([3, 20, 200, 2000])) if vague else value
    return Tally(draw(st.sampled_from(list(CountCategory))), value, low, qualifier, role, side)


@st.composite
def events(draw) -> Event:
    event_type = draw(st.sampled_from(list(SUB_EVENTS)))
    precision = draw(st.sampled_from(list(TimePrecision)))
    day = EventDay(
        draw(st.dates(date(2000, 1, 1), date(2030, 12, 31))),
        precision,
        draw(st.sampled_from([None, *DayStated])),
        draw(st.booleans()),
    )
    place = draw(
        st.sampled_from([DEIR_EZ_ZOR, Place("Kirkuk", "Kirkuk", "IRQ", GeoPrecision.NEAR), Place("Mali", None, "MLI")])
    )
    return Event(
        event_type,
        draw(st.sampled_from(SUB_EVENTS[event_type])),
        draw(st.none() | st.sampled_from(PARTIES)),
        draw(st.none() | st.sampled_from(PARTIES)),
        tuple(draw(st.lists(tallies(), max_size=4))),
        place,
        day,
    )


WORD_VALUES = {word: value for value, word in enumerate(english.NUMBER_WORDS)}


@given(events(), st.sampled_from(list(Dating)))
def test_grammar_invariants(facts: Event, dating: Dating) -> None:
    text = sentence(facts, dating)
    assert text[0].isupper() and text.endswith(".") and not text.endswith(".."), text
    assert not LEAKS.search(text), text
    assert not re.search(rf"\bone (?:{PLURALS})\b", text), text  # singular for one
    assert not re.search(r"\ban [b-df-hj-np-tv-z]|\ba [aeiou]", text), text  # a/an
    assert "  " not in text and " ," not in text, text
    # every number is one of the counts or the day, and numbers up to ten are words
    values = {t.value for t in facts.tallies if t.value is not None and t.qualifier is not CountQualifier.VAGUE}
    dates = {facts.day.day.day, facts.day.day.year} if facts.day.stated is not None else set()
    for number in re.findall(r"\b\d+\b", text):
        assert int(number) in dates or (int(number) in values and int(number) > 10), (number, text)
    for word in re.findall(r"\b(?:" + "|".join(english.NUMBER_WORDS) + r")\b", text.lower()):
        assert WORD_VALUES[word] in values, (word, text)
    # the perpetrator is never civilians, protesters or a code for nobody
    assert not re.match(r"(?:Civilians|Protesters|People|Unidentified)\b", text), text


# --- real articles: the checker finds nothing unsupported that it supported before ----------------

# Summary numbers the checker did not support before this English (fa02d69), each a count the lexicon
# misreads: 203 "39" (a year's count of shootings), 207 "45" (a year: «45 عاما»); and 207 "three", the
# number of attacks («ثلاثة هجمات») coded as three abducted, which the old "Three ISIS forces were
# abducted" hid from the checker (a "force" is no person) and "three Islamic State fighters" does not.
FLAGGED_BEFORE = {("ant-wide-203", "39"), ("ant-wide-207", "45")}
FLAGGED_NOW_A_MISREAD_COUNT = {("ant-wide-207", "three")}
# Dev articles added with this English (roles), whose misread counts the checker flags: 103's "five" and "11"
# arrested (other stories' leads: the old English left arrests out of a sentence that had dead), 224's "at
# least two" wounded (a strike from the article's list of earlier strikes).
FLAGGED_IN_NEW_ARTICLES = {("ant-wide-103", "five"), ("ant-wide-103", "11"), ("ant-wide-224", "at least two")}


def _dev_cases() -> list[dict]:
    cases = [c for c in read_jsonl(DATASETS / "incidents-ant-wide.jsonl") if c["split"] == "dev"]
    for case in cases:
        case["text"] = corpus_article(SHARED / "corpus", case["file"])
    return cases + read_jsonl(DATASETS / "incidents.jsonl")


@pytest.mark.skipif(not (SHARED / "corpus" / "ant-wide").is_dir(), reason="../shared/corpus/ant-wide is absent")
def test_summaries_of_the_dev_articles_state_no_number_the_checker_did_not_support_before() -> None:
    extractor = LexiconExtractor()
    flagged, numbers = set(), 0
    for case in _dev_cases():
        article = ArticleText(id=case["id"], text=case["text"], published_at=case.get("published_at"))
        result = extractor.extract(article).result
        assert result is not None
        numbers += len(result.grounding.numbers)
        flagged |= {(case["id"], n.text.lower()) for n in result.grounding.numbers if n.status in FAILING}
        for line in result.summary:
            assert not LEAKS.search(line.text_en), line.text_en
    assert numbers > 200  # the articles were read
    assert flagged <= FLAGGED_BEFORE | FLAGGED_NOW_A_MISREAD_COUNT | FLAGGED_IN_NEW_ARTICLES, flagged


# Dev articles' notes as the brief shows them (before this English: "On 8 July 2018, six people were killed in
# clashes involving Police Forces of Tunisia in Ghardimaou, Jendouba, Tunisia."). Pins: a change to the
# extraction of these articles changes them, deliberately.
PINNED_NOTES = {
    "ant-wide-136": [
        "Clashes between Tunisian police and gunmen killed six people in Ghardimaou, Jendouba, Tunisia, "
        "on 8 July 2018.",
        # the 2015 attack told as background, coded all the same: dated by the day the article's news names
        "Gunmen killed dozens of civilians in Bardo, Tunis, Tunisia, on 8 July 2018.",
    ],
    "ant-wide-220": [
        "Islamic State fighters killed 15 people in an attack near Amerli, Salah al-Din, Iraq, on 11 March 2018.",
        "Gunmen killed three people near Daquq, Kirkuk, Iraq, on 11 March 2018.",
        "Gunmen killed seven people in Hatra, Ninewa, Iraq, on 11 March 2018.",
        "Gunmen killed seven people in an attack in Qayyarah, Ninewa, Iraq, on 11 March 2018.",
    ],
    "ant-wide-019": [
        "Boko Haram fighters killed 18 people, wounded two people and abducted ten civilians in an attack in Lac, "
        "Chad, on 19 July 2018.",
        "Clashes between Boko Haram and Nigerien forces killed ten Boko Haram fighters in Niger on 19 July 2018.",
    ],
    "ant-wide-163": [
        "German police arrested six people in Berlin, Germany, on 8 April 2018.",
        "Gunmen killed two people in Berlin, Germany, on 7 April 2018.",
    ],
}


@pytest.mark.skipif(not (SHARED / "corpus" / "ant-wide").is_dir(), reason="../shared/corpus/ant-wide is absent")
@pytest.mark.parametrize("case_id", sorted(PINNED_NOTES))
def test_pinned_notes_of_real_dev_articles(case_id: str) -> None:
    case = next(c for c in _dev_cases() if c["id"] == case_id)
    article = ArticleText(id=case_id, text=case["text"], published_at=case["published_at"])
    result = LexiconExtractor().extract(article).result
    assert result is not None
    assert [i.notes_en for i in result.incidents] == PINNED_NOTES[case_id]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اعتقلت قوات الأمن العراقية 12 عنصرا من داعش في بغداد.", "Iraqi forces arrested 12 suspected Islamic State"),
        ("قتل خمسة جنود في انفجار عبوة ناسفة في كركوك.", "Five soldiers were killed in a bomb blast in Kirkuk, Iraq"),
        ("قتل مدني وأصيب ثلاثة في غارة جوية على إدلب.", "in an air strike"),
        ("قتل 25 فلسطينيا برصاص الجيش الإسرائيلي خلال احتجاجات على حدود قطاع غزة.", "Israeli forces killed 25 people"),
    ],
)
def test_summaries_of_the_lexicon_extractor_read_as_english(text: str, expected: str) -> None:
    result = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date(2024, 3, 14))).result
    assert result is not None
    written = " ".join([line.text_en for line in result.summary] + [i.notes_en for i in result.incidents])
    assert expected in written, written
    assert not LEAKS.search(written), written
    assert result.grounding.verdict == "supported"  # the checker finds nothing unsupported in it


def test_numbers_up_to_ten_are_words_and_one_is_singular() -> None:
    text = "قتل شخص واحد وأصيب عشرة آخرون و11 جريحا في تفجير في الموصل."
    result = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date(2024, 3, 14))).result
    assert result is not None
    assert result.summary[0].text_en.startswith("One person was killed and ten people")


def test_a_battle_told_as_an_attack_is_the_attackers_act_unless_its_own_men_are_among_the_dead() -> None:
    soldiers = [killed(5, "soldiers", "government"), Tally(CountCategory.WOUNDED, 8, 8, CountQualifier.EXACT, "people")]
    attack = replace(
        event(EventType.BATTLES, SubEventType.ARMED_CLASH, IS_SYRIA, SYRIAN_ARMY, soldiers), told=Told.ATTACK
    )
    assert sentence(attack) == (
        "Islamic State fighters killed five Syrian government soldiers and wounded eight people in an attack in "
        "Al-Mayadin, Deir ez-Zor, Syria, on 13 March 2024."
    )
    assert sentence(replace(attack, told=Told.CLASHES)).startswith("Clashes between Islamic State and Syrian forces")
    own_dead = replace(attack, tallies=(killed(3, "fighters"),))
    assert sentence(own_dead).startswith("Clashes between Islamic State and Syrian forces killed three Islamic State")
