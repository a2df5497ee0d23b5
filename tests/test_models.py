"""The models: validation of what the model returns, and the derived ACLED fields."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from briefs.acled import (
    SUB_EVENT_TYPES,
    ActorRole,
    CountCategory,
    CountQualifier,
    DisorderType,
    EventType,
    SubEventType,
    allowed_sub_event_types,
    conservative_figure,
)
from briefs.arabic.mention import Qualifier
from briefs.arabic.numbers import find_numbers
from briefs.brief.merge import Report, merge_reports
from briefs.brief.model import Brief, BriefHeadline, ReviewItem
from briefs.domain import BriefSource, ExtractionResult, GroundingRecord, Incident, Quote
from briefs.extract.schema import (
    ActorExtract,
    CountExtract,
    Extraction,
    IncidentExtract,
    LocationExtract,
    SummarySentence,
)
from briefs.grounding.checker import check
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

# A realistic report written for these tests, and the extraction a model should return for it.
ARTICLE = (
    "دير الزور – قُتل خمسة عناصر من قوات سوريا الديمقراطية (قسد) وأُصيب ثلاثة آخرون، فجر يوم الخميس 14 آذار/مارس "
    "2024، في هجوم شنّه مسلحون يُعتقد أنهم من خلايا تنظيم داعش على حاجز لقسد في بلدة الشحيل بريف دير الزور الشرقي.\n"
    "\n"
    "وقالت مصادر محلية إن المهاجمين استخدموا أسلحة رشاشة وقذائف صاروخية قبل أن ينسحبوا باتجاه البادية، فيما لم "
    "يتبنَّ أي طرف الهجوم حتى الآن.\n"
    "\n"
    "وعقب الهجوم، شنّت قسد حملة مداهمات في البلدة اعتقلت خلالها عشرات الشبان بتهمة التعاون مع التنظيم، بحسب ما أفاد "
    "به ناشطون.\n"
)

REPLY: dict[str, Any] = {
    "incidents": [
        {
            "evidence_ar": [
                "قُتل خمسة عناصر من قوات سوريا الديمقراطية (قسد) وأُصيب ثلاثة آخرون",
                "في هجوم شنّه مسلحون يُعتقد أنهم من خلايا تنظيم داعش على حاجز لقسد في بلدة الشحيل",
            ],
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "event_date": "2024-03-14",
            "time_precision": 1,
            "date_quote_ar": "فجر يوم الخميس 14 آذار/مارس 2024",
            "location": {
                "quote_ar": "بلدة الشحيل بريف دير الزور الشرقي",
                "name_en": "al-Shuhayl",
                "admin1": "Deir ez-Zor",
                "admin2": "Deir ez-Zor",
                "country": "SYR",
                "geo_precision": 1,
            },
            "actors": [
                {
                    "quote_ar": "مسلحون يُعتقد أنهم من خلايا تنظيم داعش",
                    "name_en": "Islamic State (Syria)",
                    "role": "actor1",
                    "inter": 2,
                },
                {
                    "quote_ar": "قوات سوريا الديمقراطية (قسد)",
                    "name_en": "SDF: Syrian Democratic Forces",
                    "role": "actor2",
                    "inter": 2,
                },
            ],
            "counts": [
                {
                    "evidence_ar": "قُتل خمسة عناصر من قوات سوريا الديمقراطية",
                    "category": "killed",
                    "value": 5,
                    "low": None,
                    "high": None,
                    "qualifier": "exact",
                    "who": "SDF members",
                },
                {
                    "evidence_ar": "وأُصيب ثلاثة آخرون",
                    "category": "wounded",
                    "value": 3,
                    "low": None,
                    "high": None,
                    "qualifier": "exact",
                    "who": "SDF members",
                },
            ],
            "status": "reported",
            "notes_en": (
                "On 14 March 2024, suspected Islamic State gunmen attacked an SDF checkpoint in al-Shuhayl "
                "(Deir ez-Zor) with machine guns and rockets, then withdrew towards the desert. "
                "5 SDF members killed, 3 wounded."
            ),
            "tags": ["checkpoint", "dawn attack"],
        },
        {
            "evidence_ar": ["شنّت قسد حملة مداهمات في البلدة اعتقلت خلالها عشرات الشبان بتهمة التعاون مع التنظيم"],
            "event_type": "Strategic developments",
            "sub_event_type": "Arrests",
            "event_date": "2024-03-14",
            "time_precision": 2,
            "date_quote_ar": None,
            "location": {
                "quote_ar": "في البلدة",
                "name_en": "al-Shuhayl",
                "admin1": "Deir ez-Zor",
                "admin2": None,
                "country": "SYR",
                "geo_precision": 1,
            },
            "actors": [{"quote_ar": "قسد", "name_en": "SDF: Syrian Democratic Forces", "role": "actor1", "inter": 2}],
            "counts": [
                {
                    "evidence_ar": "اعتقلت خلالها عشرات الشبان",
                    "category": "arrested",
                    "value": None,
                    "low": 20,
                    "high": 99,
                    "qualifier": "vague",
                    "who": "young men",
                }
            ],
            "status": "reported",
            "notes_en": (
                "Around 14 March 2024, the SDF arrested dozens of young men in raids in al-Shuhayl (Deir ez-Zor), "
                "accusing them of collaborating with the Islamic State."
            ),
            "tags": [],
        },
    ],
    "summary": [
        {
            "evidence_ar": [
                "قُتل خمسة عناصر من قوات سوريا الديمقراطية (قسد) وأُصيب ثلاثة آخرون، فجر يوم الخميس 14 آذار/مارس 2024"
            ],
            "text_en": (
                "On 14 March 2024, suspected Islamic State gunmen attacked an SDF checkpoint in al-Shuhayl, killing "
                "five SDF members and wounding three others."
            ),
        },
        {
            "evidence_ar": ["اعتقلت خلالها عشرات الشبان"],
            "text_en": "After the attack, the SDF arrested dozens of young men in raids on the town.",
        },
    ],
}


def reply(**changes) -> dict:
    data = json.loads(json.dumps(REPLY))
    data["incidents"][0].update(changes)
    return data


def errors_of(model, data) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value)


def count(**fields) -> dict:
    return {
        "evidence_ar": "قتل خمسة",
        "category": "killed",
        "value": 5,
        "low": None,
        "high": None,
        "qualifier": "exact",
        "who": "civilians",
        **fields,
    }


# -- the realistic example -------------------------------------------------------------------------


def test_realistic_reply_validates_from_json():
    extraction = Extraction.model_validate_json(json.dumps(REPLY, ensure_ascii=False))
    first, second = extraction.incidents
    assert first.sub_event_type is SubEventType.ARMED_CLASH and first.location.country == "SYR"
    assert [c.value for c in first.counts] == [5, 3]
    assert second.counts[0].qualifier is CountQualifier.VAGUE and second.counts[0].low == 20


def test_every_example_quote_is_verbatim_and_every_number_checks():
    extraction = Extraction.model_validate(REPLY)
    result = ExtractionResult.from_extraction(
        extraction,
        ARTICLE,
        article_id="sdf-shuhayl",
        extractor="llm",
        model="openai:gpt-4o-mini",
        prompt_id="extract@v1",
    )
    assert result.flags == []
    assert result.grounding.verdict == "supported"
    quotes = [
        q
        for i in result.incidents
        for q in [*i.evidence, i.location.quote, *(a.quote for a in i.actors), *(c.evidence for c in i.counts)]
    ]
    assert quotes and all(q.status == "exact" and ARTICLE[q.start : q.end] == q.text for q in quotes)
    first, second = result.incidents
    assert (first.disorder_type, first.interaction, first.fatalities) == (DisorderType.POLITICAL_VIOLENCE, 22, 5)
    assert (second.disorder_type, second.interaction, second.fatalities) == (DisorderType.STRATEGIC_DEVELOPMENTS, 20, 0)
    assert ExtractionResult.model_validate_json(result.model_dump_json()) == result


def test_flags_name_unaligned_quotes_and_unsupported_numbers():
    data = reply()
    data["incidents"][0]["counts"][0]["evidence_ar"] = "قُتل ستة عناصر من قوات سوريا الديمقراطية"
    data["summary"][0]["text_en"] = "Gunmen killed 6 SDF members."
    result = ExtractionResult.from_extraction(Extraction.model_validate(data), ARTICLE, article_id="x", extractor="llm")
    assert "unaligned quote in incident 1 count 1" in result.flags
    assert "unsupported number 6 in summary" in result.flags
    assert result.grounding.verdict == "unsupported"


def test_extra_flags_are_kept_once():
    result = ExtractionResult.from_extraction(
        Extraction.model_validate(REPLY),
        ARTICLE,
        article_id="x",
        extractor="lexicon",
        extra_flags=["incidents[0].notes_en: «7» is unsupported", "incidents[0].notes_en: «7» is unsupported"],
    )
    assert result.flags == ["incidents[0].notes_en: «7» is unsupported"]
    assert result.model is None and result.attempts == 1


def test_grade_count_sets_grounding_and_flags():
    def grade(extract: CountExtract, quote: Quote) -> str:
        return "misattributed" if extract.category is CountCategory.WOUNDED else "supported"

    result = ExtractionResult.from_extraction(
        Extraction.model_validate(REPLY), ARTICLE, article_id="x", extractor="llm", grade_count=grade
    )
    assert [c.grounding for c in result.incidents[0].counts] == ["supported", "misattributed"]
    assert "misattributed count 2 in incident 1: wounded 3" in result.flags


# -- validation of what the model returns ----------------------------------------------------------


def test_sub_event_type_must_belong_to_event_type():
    message = errors_of(Extraction, reply(event_type="Protests", sub_event_type="Armed clash"))
    assert "sub_event_type 'Armed clash' does not belong to event_type 'Protests'" in message
    for allowed in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"):
        assert f"'{allowed}'" in message


def test_sub_event_types_partition_acled():
    assert sum(len(s) for s in SUB_EVENT_TYPES.values()) == len(SubEventType) == 25
    assert set().union(*SUB_EVENT_TYPES.values()) == set(SubEventType)
    assert allowed_sub_event_types(EventType.RIOTS) == [SubEventType.VIOLENT_DEMONSTRATION, SubEventType.MOB_VIOLENCE]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"value": None}, "value is required when qualifier is 'exact'"),
        ({"qualifier": "approximately", "value": None}, "value is required when qualifier is 'approximately'"),
        ({"qualifier": "at_least", "value": None}, "value is required when qualifier is 'at_least'"),
        ({"qualifier": "more_than", "value": None}, "value is required when qualifier is 'more_than'"),
        ({"qualifier": "vague", "value": 20, "low": 20}, "value must be null when qualifier is 'vague'"),
        ({"qualifier": "vague", "value": None}, "low is required when qualifier is 'vague'"),
        ({"qualifier": "vague", "value": None, "low": 30, "high": 20}, "low (30) must not exceed high (20)"),
        ({"value": -1}, "value must be 0 or more"),
        ({"low": 6}, "low (6) must not exceed value (5)"),
        ({"high": 4}, "value (5) must not exceed high (4)"),
        ({"evidence_ar": "  "}, "evidence_ar must not be empty"),
        ({"category": "injured"}, "'killed', 'wounded', 'arrested', 'abducted', 'missing' or 'displaced'"),
    ],
)
def test_count_consistency(fields, expected):
    assert expected in errors_of(CountExtract, count(**fields))


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"qualifier": "approximately"},
        {"qualifier": "at_least", "low": 5},
        {"qualifier": "less_than", "high": 5},
        {"qualifier": "vague", "value": None, "low": 20, "high": 99},
        {"qualifier": "vague", "value": None, "low": 2},
        {"value": 0},
        {"qualifier": "approximately", "value": 5, "low": 5, "high": 7},
    ],
)
def test_consistent_counts_pass(fields):
    CountExtract.model_validate(count(**fields))


@pytest.mark.parametrize("inter", [0, 9, -1])
def test_inter_must_be_an_acled_code(inter):
    message = errors_of(ActorExtract, {"quote_ar": "قسد", "name_en": "SDF", "role": "actor1", "inter": inter})
    assert "inter must be an ACLED inter code from 1 to 8" in message and "8 External/Other forces" in message


def location(**fields) -> dict:
    return {
        "quote_ar": "الشحيل",
        "name_en": "al-Shuhayl",
        "admin1": None,
        "admin2": None,
        "country": "SYR",
        "geo_precision": 1,
        **fields,
    }


@pytest.mark.parametrize("country", ["SYR", "IRQ", "PSE", "FRA"])
def test_country_accepts_alpha3(country):
    assert LocationExtract.model_validate(location(country=country)).country == country


@pytest.mark.parametrize("country", ["SY", "syr", "Syria", "SYRIA", "S1R", ""])
def test_country_refuses_anything_else(country):
    assert "country must be an ISO 3166-1 alpha-3 code" in errors_of(LocationExtract, location(country=country))


def test_geo_precision_is_one_to_three():
    assert "1, 2 or 3" in errors_of(LocationExtract, location(geo_precision=4))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-30", "is not a real calendar date"),
        ("2023-02-29", "is not a real calendar date"),
        ("14/03/2024", "must be a date written YYYY-MM-DD"),
        ("20240314", "must be a date written YYYY-MM-DD"),
        ("2024-3-14", "must be a date written YYYY-MM-DD"),
    ],
)
def test_event_date_must_be_a_real_iso_date(value, expected):
    assert expected in errors_of(Extraction, reply(event_date=value))


def test_leap_day_is_a_date():
    Extraction.model_validate(reply(event_date="2024-02-29"))


def test_time_precision_is_one_to_three():
    assert "1, 2 or 3" in errors_of(Extraction, reply(time_precision=4))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"evidence_ar": []}, "evidence_ar must hold at least one verbatim Arabic quote"),
        ({"evidence_ar": ["قتل", " "]}, "evidence_ar[1] is empty"),
        ({"date_quote_ar": ""}, "date_quote_ar must not be empty"),
        ({"notes_en": ""}, "notes_en must not be empty"),
        ({"status": "rumoured"}, "'reported', 'claimed' or 'denied'"),
    ],
)
def test_incident_checks(changes, expected):
    assert expected in errors_of(Extraction, reply(**changes))


def test_one_actor1_only():
    actors = REPLY["incidents"][0]["actors"]
    message = errors_of(Extraction, reply(actors=[actors[0], {**actors[1], "role": "actor1"}]))
    assert "more than one role 'actor1'" in message and "associate_actor1" in message


def test_summary_sentence_needs_evidence():
    assert "evidence_ar must hold at least one" in errors_of(SummarySentence, {"evidence_ar": [], "text_en": "x"})


def test_extra_keys_and_missing_keys_are_refused():
    assert "Extra inputs are not permitted" in errors_of(Extraction, {**REPLY, "confidence": 0.9})
    data = reply()
    del data["incidents"][0]["location"]["admin2"]
    assert "Field required" in errors_of(Extraction, data)


# -- derived fields --------------------------------------------------------------------------------


def found(text: str) -> Quote:
    return Quote(text=text, start=0, end=len(text), status="exact", score=100.0)


def incident(event_type="Battles", sub_event_type="Armed clash", actors=(), counts=()) -> Incident:
    extract = IncidentExtract.model_validate(
        {
            **REPLY["incidents"][0],
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actors": [
                {"quote_ar": f"طرف {i}", "name_en": f"Actor {i}", "role": role, "inter": inter}
                for i, (role, inter) in enumerate(actors)
            ],
            "counts": [c if isinstance(c, dict) else c.model_dump() for c in counts],
        }
    )
    return Incident.from_extract(extract, found)


@pytest.mark.parametrize(
    ("event_type", "expected"),
    [
        (EventType.BATTLES, DisorderType.POLITICAL_VIOLENCE),
        (EventType.EXPLOSIONS_REMOTE_VIOLENCE, DisorderType.POLITICAL_VIOLENCE),
        (EventType.VIOLENCE_AGAINST_CIVILIANS, DisorderType.POLITICAL_VIOLENCE),
        (EventType.PROTESTS, DisorderType.DEMONSTRATIONS),
        (EventType.RIOTS, DisorderType.DEMONSTRATIONS),
        (EventType.STRATEGIC_DEVELOPMENTS, DisorderType.STRATEGIC_DEVELOPMENTS),
    ],
)
def test_disorder_type(event_type, expected):
    for sub in allowed_sub_event_types(event_type):
        want = DisorderType.POLITICAL_VIOLENCE_DEMONSTRATIONS if sub is SubEventType.MOB_VIOLENCE else expected
        assert incident(event_type, sub).disorder_type is want


@given(st.integers(1, 8), st.integers(1, 8), st.integers(1, 8))
def test_interaction_is_both_codes_smaller_first(inter1, inter2, associate):
    actors = [("associate_actor1", associate), ("actor2", inter2), ("actor1", inter1)]
    assert incident(actors=actors).interaction == int(f"{min(inter1, inter2)}{max(inter1, inter2)}")


@given(st.integers(1, 8), st.integers(1, 8))
def test_interaction_with_actor1_alone(inter1, associate):
    assert incident(actors=[("actor1", inter1), ("associate_actor2", associate)]).interaction == inter1 * 10


def test_interaction_without_actor1_is_null():
    assert incident().interaction is None


def test_derived_fields_are_serialized_and_ignored_on_input():
    original = incident(actors=[("actor1", 2), ("actor2", 1)], counts=[count(value=4)])
    data = json.loads(original.model_dump_json())
    assert (data["disorder_type"], data["interaction"], data["fatalities"]) == ("Political violence", 12, 4)
    data["fatalities"] = 999  # a stale or forged derived value never survives
    again = Incident.model_validate(data)
    assert again == original and again.fatalities == 4


def test_incident_quotes_must_match():
    data = json.loads(incident().model_dump_json())
    data["evidence"] = data["evidence"][:1]
    assert "one Quote per evidence_ar entry" in errors_of(Incident, data)


def test_quote_offsets_agree_with_status():
    assert "exactly when status is 'not_found'" in errors_of(
        Quote, {"text": "x", "start": None, "end": None, "status": "exact", "score": 100}
    )
    assert "0 <= start <= end" in errors_of(Quote, {"text": "x", "start": 5, "end": 2, "status": "exact", "score": 100})
    assert not Quote.locate("جملة لا وجود لها في المقال إطلاقا", ARTICLE).found


# -- fatalities ------------------------------------------------------------------------------------


def figure(**fields) -> int:
    return conservative_figure(CountExtract.model_validate(count(**fields)))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, 5),
        ({"qualifier": "approximately", "value": 30}, 30),
        ({"qualifier": "at_least", "value": 30, "low": 30}, 30),
        ({"qualifier": "more_than", "value": 30}, 30),
        ({"qualifier": "approximately", "value": 5, "low": 5, "high": 7}, 5),
        ({"qualifier": "less_than", "value": 10, "high": 10}, 1),
        ({"qualifier": "less_than", "value": 1}, 0),
        ({"qualifier": "less_than", "value": 10, "low": 4}, 4),
        ({"value": 0}, 0),
    ],
)
def test_figure_of_stated_numbers(fields, expected):
    assert figure(**fields) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("قتل عشرات المدنيين", 10),  # tens: ACLED codes 10
        ("قتل مئات المدنيين", 100),  # hundreds: 100
        ("نزح آلاف المدنيين", 1_000),  # thousands: 1,000
        ("نزح عشرات الآلاف من المدنيين", 10_000),  # tens of thousands: 10,000
        ("قتل بضعة مدنيين", 3),  # a few: no magnitude, ACLED's 3 for a limited attack
        ("قتل عدة مدنيين", 3),
        ("قتل عدد من المدنيين", 3),
    ],
)
def test_figure_of_vague_words_as_the_parser_reads_them(words, expected):
    (mention,) = [m for m in find_numbers(words) if m.qualifier is Qualifier.VAGUE]
    assert figure(qualifier="vague", value=None, low=mention.low, high=mention.high) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (24, 99, 12),  # dozens: ACLED codes 12
        (20, 99, 10),
        (2, 5, 3),  # a few
        (1, 2, 2),  # kept inside the word's own range
        (15, None, 15),
        (0, None, 3),
    ],
)
def test_figure_of_vague_ranges(low, high, expected):
    assert figure(qualifier="vague", value=None, low=low, high=high) == expected


ANY_CATEGORY = st.sampled_from(list(CountCategory))


@st.composite
def counts(draw, categories=ANY_CATEGORY):
    qualifier = draw(st.sampled_from(list(CountQualifier)))
    if qualifier is CountQualifier.VAGUE:
        value, low = None, draw(st.integers(0, 200_000))
        high = draw(st.none() | st.integers(low, 300_000))
    else:
        value = draw(st.integers(0, 1_000_000))
        low = draw(st.none() | st.integers(0, value))
        high = draw(st.none() | st.integers(value, 2_000_000))
    return CountExtract(
        evidence_ar="قتل", category=draw(categories), value=value, low=low, high=high, qualifier=qualifier, who="people"
    )


def stated(c: CountExtract) -> float:
    """The most a count states: its value, or for a vague count its high (unbounded when open)."""
    if c.value is not None:
        return c.value
    return c.high if c.high is not None else float("inf")


@given(counts())
def test_figure_is_never_negative_nor_above_what_is_stated(c):
    assert 0 <= conservative_figure(c) <= stated(c)


@given(st.lists(counts(), max_size=6))
def test_fatalities_sum_killed_counts_conservatively(items):
    result = incident(counts=items)
    killed = [c for c in items if c.category is CountCategory.KILLED]
    assert result.fatalities == sum(conservative_figure(c) for c in killed)
    assert 0 <= result.fatalities <= sum(stated(c) for c in killed)
    others_only = incident(counts=[c for c in items if c.category is not CountCategory.KILLED])
    assert others_only.fatalities == 0


# -- grounding report and brief --------------------------------------------------------------------


def test_grounding_report_mirrors_the_checker():
    raw = check(ARTICLE, "Gunmen killed five SDF members and 7 civilians.")
    report = GroundingRecord.from_checker(raw)
    assert report.model_dump(mode="json") == raw.to_json()
    assert report.verdict == "unsupported" and [n.text for n in report.failing] == ["7"]


def test_grounding_report_verdict_must_agree():
    raw = check(ARTICLE, "Gunmen killed 7 people.").to_json()
    raw["verdict"] = "supported"
    assert "verdict is 'unsupported' exactly when" in errors_of(GroundingRecord, raw)


def test_brief_headline_and_round_trip():
    result = ExtractionResult.from_extraction(
        Extraction.model_validate(REPLY), ARTICLE, article_id="a1", extractor="llm"
    )
    source = BriefSource(
        article_hash=result.article_hash, article_id="a1", title=None, outlet=None, url=None, published_at=None
    )
    incidents = merge_reports([Report(incident, source, i) for i, incident in enumerate(result.incidents)])
    headline = BriefHeadline.from_incidents(incidents)
    assert (headline.incidents, headline.killed, headline.wounded, headline.arrested) == (2, 5, 3, 10)
    assert [(r.country, r.incidents, r.fatalities) for r in headline.by_country] == [("SYR", 2, 5)]
    brief = Brief(
        date_from=date(2024, 3, 14),
        date_to=date(2024, 3, 14),
        generated_at=datetime(2024, 3, 15, tzinfo=UTC),
        extractors=["llm"],
        headline=headline,
        incidents=incidents,
        needs_review=[
            ReviewItem(article_hash=result.article_hash, article_id="a1", incident_index=None, reason="example")
        ],
    )
    assert Brief.model_validate_json(brief.model_dump_json()) == brief
    assert "must not be after" in errors_of(Brief, {**brief.model_dump(), "date_from": "2024-03-16"})


def test_actor_roles_are_acled():
    assert [r.value for r in ActorRole] == ["actor1", "actor2", "associate_actor1", "associate_actor2"]
