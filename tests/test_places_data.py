"""The gazetteer (briefs/extract/data/places.json): shape, admin1 coverage, alias hygiene, town coverage.

The data is reviewed by hand; these tests keep it consistent as it grows: every admin1 of the ten covered
countries is there under the name ACLED uses, every town points at an admin1 that exists, and no Arabic
spelling silently means two places in one country.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
from briefs.arabic.normalize import normalize_text

PLACES = Path(__file__).resolve().parents[1] / "briefs" / "extract" / "data" / "places.json"
TYPES = {"country", "admin1", "admin2", "town"}
REQUIRED = {"en": str, "ar": list, "type": str, "country": str}
_ARABIC_ALIAS = re.compile(r"^[\u0621-\u064A\u0670-\u06D3 0-9/\-]+$")

# Every admin1 of the ten covered countries, spelled as ACLED's admin1 field spells it.
EXPECTED_ADMIN1 = {
    "SYR": {
        "Aleppo",
        "Al-Hasakeh",
        "Ar-Raqqa",
        "As-Sweida",
        "Damascus",
        "Dar'a",
        "Deir ez-Zor",
        "Hama",
        "Homs",
        "Idleb",
        "Lattakia",
        "Quneitra",
        "Rural Damascus",
        "Tartous",
    },
    # Federal Iraq's 18 governorates, the three of the Kurdistan Region included. Halabja (a governorate since
    # 2014) is not in the boundaries ACLED codes with: it is a town/district under Sulaymaniyah here.
    "IRQ": {
        "Anbar",
        "Babylon",
        "Baghdad",
        "Basrah",
        "Dahuk",
        "Diyala",
        "Erbil",
        "Kerbala",
        "Kirkuk",
        "Maysan",
        "Muthanna",
        "Najaf",
        "Ninewa",
        "Qadissiya",
        "Salah al-Din",
        "Sulaymaniyah",
        "Thi-Qar",
        "Wassit",
    },
    # 21 governorates and the capital municipality (Amanat al Asimah); Socotra counted as its own since 2013.
    "YEM": {
        "Abyan",
        "Aden",
        "Al Bayda",
        "Al Dali",
        "Al Hudaydah",
        "Al Jawf",
        "Al Mahrah",
        "Al Mahwit",
        "Amanat al Asimah",
        "Amran",
        "Dhamar",
        "Hadramawt",
        "Hajjah",
        "Ibb",
        "Lahij",
        "Marib",
        "Raymah",
        "Sadah",
        "Sanaa",
        "Shabwah",
        "Socotra",
        "Taizz",
    },
    # The 22 districts (shabiyat) of 2007, as ISO 3166-2:LY lists them. ACLED's newer Libya data may use the OCHA
    # mantika set (Tobruk, Ubari, Zwara in place of Al Butnan, Wadi al Hayat, An Nuqat al Khams); also 22.
    "LBY": {
        "Al Butnan",
        "Al Jabal al Akhdar",
        "Al Jabal al Gharbi",
        "Al Jfara",
        "Al Jufra",
        "Al Kufra",
        "Al Marj",
        "Al Murqub",
        "Al Wahat",
        "An Nuqat al Khams",
        "Benghazi",
        "Derna",
        "Ghat",
        "Misrata",
        "Murzuq",
        "Nalut",
        "Sabha",
        "Sirte",
        "Tripoli",
        "Wadi al Hayat",
        "Wadi ash Shati",
        "Zawiya",
    },
    # 18 states (West Kordofan restored in 2013); Abyei is not a state.
    "SDN": {
        "Blue Nile",
        "Central Darfur",
        "East Darfur",
        "Al Qadarif",
        "Al Jazirah",
        "Kassala",
        "Khartoum",
        "North Darfur",
        "North Kordofan",
        "Northern",
        "Red Sea",
        "River Nile",
        "Sennar",
        "South Darfur",
        "South Kordofan",
        "West Darfur",
        "West Kordofan",
        "White Nile",
    },
    # The 18 pre-1991 regions ACLED still codes with, Somaliland's five included; not the federal member states.
    "SOM": {
        "Awdal",
        "Bakool",
        "Banadir",
        "Bari",
        "Bay",
        "Galgaduud",
        "Gedo",
        "Hiraan",
        "Lower Juba",
        "Lower Shabelle",
        "Middle Juba",
        "Middle Shabelle",
        "Mudug",
        "Nugaal",
        "Sanaag",
        "Sool",
        "Togdheer",
        "Woqooyi Galbeed",
    },
    "EGY": {
        "Alexandria",
        "Aswan",
        "Asyut",
        "Beheira",
        "Beni Suef",
        "Cairo",
        "Dakahlia",
        "Damietta",
        "Faiyum",
        "Gharbia",
        "Giza",
        "Ismailia",
        "Kafr el-Sheikh",
        "Luxor",
        "Matrouh",
        "Minya",
        "Monufia",
        "New Valley",
        "North Sinai",
        "Port Said",
        "Qalyubia",
        "Qena",
        "Red Sea",
        "Sharqia",
        "Sohag",
        "South Sinai",
        "Suez",
    },
    "JOR": {
        "Ajloun",
        "Amman",
        "Aqaba",
        "Balqa",
        "Irbid",
        "Jarash",
        "Karak",
        "Ma'an",
        "Madaba",
        "Mafraq",
        "Tafilah",
        "Zarqa",
    },
    "TUN": {
        "Ariana",
        "Beja",
        "Ben Arous",
        "Bizerte",
        "Gabes",
        "Gafsa",
        "Jendouba",
        "Kairouan",
        "Kasserine",
        "Kebili",
        "Kef",
        "Mahdia",
        "Manouba",
        "Medenine",
        "Monastir",
        "Nabeul",
        "Sfax",
        "Sidi Bouzid",
        "Siliana",
        "Sousse",
        "Tataouine",
        "Tozeur",
        "Tunis",
        "Zaghouan",
    },
    # 8 governorates: Akkar and Baalbek-Hermel were split from North and Bekaa in 2014 (OCHA COD-AB has 8).
    "LBN": {"Akkar", "Baalbek-Hermel", "Beirut", "Bekaa", "Mount Lebanon", "Nabatieh", "North", "South"},
}
ADMIN1_COUNTS = {
    "SYR": 14,
    "IRQ": 18,
    "YEM": 22,
    "LBY": 22,
    "SDN": 18,
    "SOM": 18,
    "EGY": 27,
    "JOR": 12,
    "TUN": 24,
    "LBN": 8,
}
# Towns and districts (type town or admin2) per country, at least.
TOWN_MINIMUMS = {
    "SYR": 80,
    "IRQ": 70,
    "YEM": 45,
    "LBY": 35,
    "SDN": 30,
    "SOM": 30,
    "EGY": 30,
    "JOR": 12,
    "TUN": 15,
    "LBN": 15,
}
COUNTRIES = {
    "SYR": "سوريا",
    "IRQ": "العراق",
    "YEM": "اليمن",
    "LBY": "ليبيا",
    "SDN": "السودان",
    "SOM": "الصومال",
    "EGY": "مصر",
    "JOR": "الأردن",
    "TUN": "تونس",
    "LBN": "لبنان",
    "TUR": "تركيا",
    "IRN": "إيران",
    "ISR": "إسرائيل",
    "PSE": "فلسطين",
    "SAU": "السعودية",
    "RUS": "روسيا",
    "USA": "الولايات المتحدة",
    "FRA": "فرنسا",
    "GBR": "بريطانيا",
}


@cache
def _data() -> dict:
    return json.loads(PLACES.read_text(encoding="utf-8"))


def _entries() -> list[dict]:
    return _data()["entries"]


def _key(alias: str) -> str:
    """How the matcher sees an alias: normalized, with the article of the first word optional."""
    words = normalize_text(alias).replace("-", " ").replace("/", " ").split()
    if words and words[0].startswith("ال") and len(words[0]) > 4:
        words[0] = words[0][2:]
    return " ".join(words)


def _label(entry: dict) -> str:
    return f"{entry['country']}/{entry['type']}/{entry['en']}"


def test_file_loads_with_a_source_and_enough_entries():
    data = _data()
    assert isinstance(data.get("source"), str) and len(data["source"]) > 40
    assert isinstance(data["entries"], list)
    assert len(data["entries"]) >= 450


def test_every_entry_has_the_required_keys_and_types():
    problems = []
    for entry in _entries():
        for key, kind in REQUIRED.items():
            if not isinstance(entry.get(key), kind):
                problems.append(f"{entry.get('en')!r}: {key} is not {kind.__name__}")
        for key in ("admin1", "admin2"):
            if key not in entry or not (entry[key] is None or (isinstance(entry[key], str) and entry[key].strip())):
                problems.append(f"{entry.get('en')!r}: {key} must be present, a non-empty string or null")
        if entry.get("type") not in TYPES:
            problems.append(f"{entry.get('en')!r}: type {entry.get('type')!r}")
        if not re.fullmatch(r"[A-Z]{3}", str(entry.get("country"))):
            problems.append(f"{entry.get('en')!r}: country {entry.get('country')!r} is not ISO alpha-3")
        if not entry.get("en", "").strip():
            problems.append(f"{entry!r}: empty English name")
        aliases = entry.get("ar") or []
        if not aliases or not all(isinstance(a, str) and _ARABIC_ALIAS.match(a) for a in aliases):
            problems.append(f"{entry.get('en')!r}: ar must be a non-empty list of Arabic strings: {aliases}")
        extra = set(entry) - set(REQUIRED) - {"admin1", "admin2", "ambiguous", "note"}
        if extra:
            problems.append(f"{entry.get('en')!r}: unknown keys {sorted(extra)}")
        if "ambiguous" in entry and entry["ambiguous"] is not True:
            problems.append(f"{entry.get('en')!r}: write ambiguous only as true")
        if entry.get("ambiguous") and not (isinstance(entry.get("note"), str) and entry["note"].strip()):
            problems.append(f"{entry.get('en')!r}: an ambiguous entry needs a note saying why")
    assert not problems, "\n".join(problems)


def test_types_carry_the_right_admin_fields():
    problems = []
    for entry in _entries():
        kind = entry["type"]
        if kind == "country" and (entry["admin1"] or entry["admin2"]):
            problems.append(f"{_label(entry)}: a country has no admin1/admin2")
        if kind == "admin1" and (entry["admin1"] != entry["en"] or entry["admin2"]):
            problems.append(f"{_label(entry)}: an admin1 names itself as admin1 and has no admin2")
        if kind in ("admin2", "town") and not entry["admin1"]:
            problems.append(f"{_label(entry)}: a {kind} needs its admin1")
        if kind == "admin2" and not entry["admin2"]:
            problems.append(f"{_label(entry)}: an admin2 names itself as admin2")
    assert not problems, "\n".join(problems)


def test_entries_are_unique():
    counts = Counter((e["country"], e["type"], e["en"]) for e in _entries())
    assert [k for k, n in counts.items() if n > 1] == []


def test_required_countries_are_there_with_their_arabic_names():
    by_code = {e["country"]: e for e in _entries() if e["type"] == "country"}
    missing = [code for code in COUNTRIES if code not in by_code]
    assert not missing
    for code, arabic in COUNTRIES.items():
        assert _key(arabic) in {_key(a) for a in by_code[code]["ar"]}, code
    usa = {_key(a) for a in by_code["USA"]["ar"]}
    assert {_key("أمريكا"), _key("أميركا")} <= usa
    assert _key("سورية") in {_key(a) for a in by_code["SYR"]["ar"]}


@pytest.mark.parametrize("country", sorted(EXPECTED_ADMIN1))
def test_every_admin1_of_the_covered_countries(country):
    names = [e["en"] for e in _entries() if e["type"] == "admin1" and e["country"] == country]
    assert len(names) == ADMIN1_COUNTS[country] == len(EXPECTED_ADMIN1[country])
    assert set(names) == EXPECTED_ADMIN1[country]


def test_every_town_and_district_points_at_an_admin1_of_its_country():
    admin1 = defaultdict(set)
    for entry in _entries():
        if entry["type"] == "admin1":
            admin1[entry["country"]].add(entry["en"])
    orphans = [
        f"{_label(e)} -> {e['admin1']!r}"
        for e in _entries()
        if e["type"] in ("town", "admin2") and e["admin1"] not in admin1[e["country"]]
    ]
    assert not orphans, "\n".join(orphans)


@pytest.mark.parametrize("country", sorted(TOWN_MINIMUMS))
def test_towns_per_country(country):
    towns = [e for e in _entries() if e["country"] == country and e["type"] in ("town", "admin2")]
    assert len(towns) >= TOWN_MINIMUMS[country]


def test_no_alias_is_listed_twice_in_one_entry():
    problems = []
    for entry in _entries():
        keys = Counter(_key(a) for a in entry["ar"])
        problems += [f"{_label(entry)}: {k!r}" for k, n in keys.items() if n > 1]
    assert not problems, "spellings that normalize alike need not be listed twice:\n" + "\n".join(problems)


def test_a_shared_alias_is_marked_ambiguous_everywhere():
    """Within one country (and across countries: طرابلس, رفح) one spelling means one place unless flagged."""
    holders = defaultdict(list)
    for entry in _entries():
        for alias in entry["ar"]:
            holders[_key(alias)].append(entry)
    problems = []
    for key, entries in holders.items():
        if len(entries) > 1:
            unflagged = [_label(e) for e in entries if not e.get("ambiguous")]
            if unflagged:
                problems.append(f"{key!r} is held by {[_label(e) for e in entries]}; not flagged: {unflagged}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("arabic", "country", "en", "admin1"),
    [
        ("البصيرة", "SYR", "Al-Busayrah", "Deir ez-Zor"),
        ("البوكمال", "SYR", "Abu Kamal", "Deir ez-Zor"),
        ("أبو كمال", "SYR", "Abu Kamal", "Deir ez-Zor"),
        ("ديرالزور", "SYR", "Deir ez-Zor", "Deir ez-Zor"),
        ("مخيم الهول", "SYR", "Al-Hol camp", "Al-Hasakeh"),
        ("كوباني", "SYR", "Ain al-Arab", "Aleppo"),
        ("الطارمية", "IRQ", "Tarmiyah", "Baghdad"),
        ("وادي الشاي", "IRQ", "Wadi al-Shay", "Kirkuk"),
        ("حيس", "YEM", "Hays", "Al Hudaydah"),
        ("صنعاء", "YEM", "Sanaa", "Amanat al Asimah"),
        ("جنزور", "LBY", "Janzour", "Tripoli"),
        ("طوكر", "SDN", "Tokar", "Red Sea"),
        ("بيدوا", "SOM", "Baidoa", "Bay"),
        ("الشيخ زويد", "EGY", "Sheikh Zuweid", "North Sinai"),
        ("السلط", "JOR", "Salt", "Balqa"),
        ("جبل الشعانبي", "TUN", "Mount Chaambi", "Kasserine"),
        ("عرسال", "LBN", "Arsal", "Baalbek-Hermel"),
    ],
)
def test_known_places(arabic, country, en, admin1):
    found = [e for e in _entries() if _key(arabic) in {_key(a) for a in e["ar"]} and e["country"] == country]
    assert [(e["en"], e["admin1"]) for e in found] == [(en, admin1)]


def test_places_in_two_countries_have_two_flagged_entries():
    for arabic, countries in (("طرابلس", {"LBY", "LBN"}), ("رفح", {"EGY", "PSE"}), ("الإسكندرية", {"EGY", "IRQ"})):
        found = [e for e in _entries() if _key(arabic) in {_key(a) for a in e["ar"]}]
        assert {e["country"] for e in found} == countries, arabic
        assert all(e.get("ambiguous") for e in found), arabic
    assert next(e for e in _entries() if e["en"] == "Al-Bab").get("ambiguous") is True
