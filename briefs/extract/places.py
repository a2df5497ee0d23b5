"""The gazetteer as the rest of Briefs reads it: the hand-reviewed places (data/places.json) and the
world's countries and towns (data/places_world.json, built by briefs/extract/world_places.py), with
each country's ACLED region and ISO number and each place's coordinates where GeoNames has them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def _data(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@cache
def gazetteer() -> list[dict]:
    """Every entry: the hand-reviewed places, then the world's."""
    return _data("places")["entries"] + _data("places_world")["entries"]


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-3 → English name, from the gazetteer's country entries."""
    names = {code: info["name"] for code, info in _data("places_world")["countries"].items()}
    return names | {entry["country"]: entry["en"] for entry in gazetteer() if entry["type"] == "country"}


def country_info(code: str) -> dict:
    """{"name", "iso" (ISO 3166-1 numeric), "region" (ACLED's)} of an ISO alpha-3 code; empty when unknown."""
    return _data("places_world")["countries"].get(code, {})


@cache
def _coordinates() -> dict[tuple[str, str], tuple[float, float]]:
    found = {
        tuple(key.split("|", 1)): (value["lat"], value["lon"])
        for key, value in _data("places_world")["hand_coordinates"].items()
    }
    for entry in _data("places_world")["entries"]:
        if entry.get("lat") is not None:
            found.setdefault((entry["country"], entry["en"]), (entry["lat"], entry["lon"]))
    return found


def coordinates(country: str, name_en: str) -> tuple[float, float] | None:
    """Latitude and longitude of a place the gazetteer knows by this English name in this country."""
    return _coordinates().get((country, name_en))
