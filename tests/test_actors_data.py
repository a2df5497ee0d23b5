"""The actor dictionary (briefs/extract/data/actors.json): shape, ACLED Inter codes and alias hygiene.

The file is reviewed data; these tests keep it consistent as it grows. They read the JSON directly
and use their own small normalization, so they depend on nothing else in the package.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "briefs" / "extract" / "data" / "actors.json"
DATA = json.loads(PATH.read_text(encoding="utf-8"))
ENTRIES: list[dict] = DATA["entries"]

KINDS_TO_INTER = {
    "state": {1},  # state forces, in their own country
    "rebel": {2},
    "militia": {3},
    "identity": {4},
    "civilian": {7},
    "protester": {6},
    "external": {8},  # foreign state forces abroad, coalitions, international missions, mercenaries
    "unidentified": {3},  # ACLED: Unidentified Armed Group (Country) is coded 3
}
REQUIRED = {"en", "ar", "inter", "country", "kind"}
OPTIONAL = {"generic", "ambiguous", "theatres", "definite"}
FIFTEEN = ("SYR", "IRQ", "YEM", "LBY", "SDN", "SOM", "EGY", "JOR", "TUN", "LBN", "TUR", "RUS", "USA", "ISR", "IRN")
KNOWN_COUNTRIES = set(FIFTEEN) | {
    *("SAU", "ARE", "GBR", "FRA", "ETH", "KEN", "PSE", "NGA", "AFG", "DZA", "PAK", "MLI"),
    *("BFA", "NER", "CMR", "IND", "PHL", "COD", "MOZ", "BHR", "MAR", "ESH", "TCD", "UGA"),
}

_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_ALLOWED = re.compile(r"[\u0621-\u064a0-9 ]+")  # Arabic letters, digits, single spaces
_CLITIC_START = ("وال", "فال", "بال", "كال", "لل")


def norm(alias: str) -> str:
    """Strip diacritics and tatweel, unify أإآ→ا, ة→ه, ى→ي (and ؤ→و, ئ→ي as the matcher does), collapse spaces."""
    return " ".join(_MARKS.sub("", alias).translate(_FOLD).split())


def key(alias: str) -> str:
    """`norm` with the article dropped from each word, as the matcher strips ال from text and aliases."""
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in norm(alias).split())


def aliases() -> list[tuple[int, str, bool]]:
    return [(i, a, a in set(e.get("ambiguous", ()))) for i, e in enumerate(ENTRIES) for a in e["ar"]]


def test_file_has_a_source_and_entries():
    assert isinstance(DATA["source"], str) and len(DATA["source"]) > 40
    assert isinstance(ENTRIES, list)


def test_size():
    assert len(ENTRIES) >= 80
    assert len(aliases()) >= 400
    assert len({key(a) for _, a, _ in aliases()}) >= 400, "distinct aliases, not repeats of shared ones"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["en"])
def test_entry_keys_and_types(entry):
    assert REQUIRED <= entry.keys() <= REQUIRED | OPTIONAL
    assert isinstance(entry["en"], str) and entry["en"] == entry["en"].strip() and entry["en"].isascii()
    assert type(entry["inter"]) is int and 1 <= entry["inter"] <= 8
    assert entry["kind"] in KINDS_TO_INTER
    assert entry["country"] is None or entry["country"] in KNOWN_COUNTRIES
    assert isinstance(entry["ar"], list) and entry["ar"]
    assert all(isinstance(a, str) for a in entry["ar"])
    ambiguous = entry.get("ambiguous", [])
    assert isinstance(ambiguous, list) and set(ambiguous) <= set(entry["ar"]), "ambiguous lists aliases of the entry"
    definite = entry.get("definite", [])  # aliases that name the actor only with their article
    assert set(definite) <= set(entry["ar"]) and all(alias.startswith("ال") for alias in definite)
    if "generic" in entry:
        assert isinstance(entry["generic"], str) and entry["generic"] != entry["en"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["en"])
def test_inter_agrees_with_kind(entry):
    assert entry["inter"] in KINDS_TO_INTER[entry["kind"]]
    if entry["kind"] == "state":
        assert entry["country"] is not None, "state forces belong to a state"


def test_names_are_unique():
    names = [e["en"] for e in ENTRIES]
    assert len(names) == len(set(names))


def test_generic_links():
    by_name = {e["en"]: e for e in ENTRIES}
    branches = defaultdict(list)
    for e in ENTRIES:
        if "generic" in e:
            parent = by_name.get(e["generic"])
            assert parent is not None, f"{e['en']}: unknown generic {e['generic']!r}"
            assert parent["country"] is None and "generic" not in parent
            assert e["country"] is not None, f"{e['en']}: a branch needs its country"
            branches[(e["generic"], e["country"])].append(e["en"])
    assert all(len(names) == 1 for names in branches.values()), "one branch per generic and country"


def test_aliases_are_written_plainly():
    for i, alias, _ in aliases():
        where = f"{ENTRIES[i]['en']}: {alias!r}"
        assert alias == alias.strip() and "  " not in alias, where
        assert _ALLOWED.fullmatch(alias) and re.search("[\u0621-\u064a]", alias), where
        assert not alias.startswith(_CLITIC_START), f"{where}: clitics are stripped by the matcher"


def test_no_variant_repeated_within_an_entry():
    for e in ENTRIES:
        keys = [key(a) for a in e["ar"]]
        repeats = {k for k in keys if keys.count(k) > 1}
        assert not repeats, f"{e['en']}: {sorted(repeats)}"


def test_shared_aliases_are_marked_ambiguous_everywhere():
    owners = defaultdict(list)
    for i, alias, ambiguous in aliases():
        owners[key(alias)].append((ENTRIES[i]["en"], alias, ambiguous))
    clashes = {k: v for k, v in owners.items() if len(v) > 1 and not all(amb for _, _, amb in v)}
    assert not clashes, clashes


@pytest.mark.parametrize("country", FIFTEEN)
def test_every_country_has_state_forces(country):
    assert any(e["kind"] in ("state", "external") and e["country"] == country for e in ENTRIES)


SPOT_CHECKS = {
    "قسد": "SDF: Syrian Democratic Forces",
    "قوات سوريا الديموقراطية": "SDF: Syrian Democratic Forces",
    "داعش": "Islamic State",
    "ولاية سيناء": "Islamic State (Egypt)",
    "التحالف الدولي": "International Coalition",
    "التحالف العربي": "Arab Coalition (Saudi-led)",
    "الحوثيين": "Ansar Allah (Houthis)",
    "خلية الإعلام الأمني": "Military Forces of Iraq",
    "قوات النظام": "Military Forces of Syria",
    "الجيش الوطني الليبي": "LNA: Libyan National Army",
    "قوات الدعم السريع": "RSF: Rapid Support Forces",
    "حركة الشباب المجاهدين": "Al Shabaab",
    "القوات الأميركية": "Military Forces of the United States",
    "الحرس الثوري الإيراني": "Iranian Revolutionary Guard Corps",
    "الحشد الشعبي": "Popular Mobilization Forces",
    "حزب العمال الكردستاني": "PKK: Kurdistan Workers Party",
    "مسلحون مجهولون": "Unidentified Armed Group",
    "مدنيين": "Civilians",
}


@pytest.mark.parametrize("alias, expected", SPOT_CHECKS.items())
def test_spot_checks(alias, expected):
    found = [(e["en"], alias in e.get("ambiguous", ())) for e in ENTRIES if any(key(a) == key(alias) for a in e["ar"])]
    assert found == [(expected, False)]
