"""When two reports name the same place or the same time: one folding of transliterated place names and
one rule for each, used by the merge (are two reports one event?) and the evals (does a predicted
incident agree with the gold one?), so that the two cannot disagree on what "the same place" means.

Pure: the standard library and rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz

from briefs.acled import ActorRole, TimePrecision

PLACE_SIMILARITY = 90.0  # rapidfuzz token_set_ratio of two place keys: Jebel Salloum ~ Salloum

_NON_WORD = re.compile(r"[^a-z0-9]+")
_ARTICLES = frozenset(
    {"al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "adh", "ath", "ez", "es", "ed", "et", "en", "er"}
)
_VOWELS = re.compile(r"[aeiouwy]")
_TA_MARBUTA = re.compile(r"(?<=[aeiy])h$")  # Muqdadiyah = Muqdadiya
_DOUBLES = re.compile(r"(.)\1+")
_DAYS_APART: dict[int, int] = {TimePrecision.DAY: 0, TimePrecision.WEEK: 6}
# The most days apart two dates that agree at a precision can be (`same_date`; the same month: 30).
MAX_DAYS_APART: dict[int, int] = {**_DAYS_APART, TimePrecision.MONTH: 30}


def ascii_fold(text: str) -> str:
    """Lower case without accents or diacritics: 'Shuḥayl' → 'shuhayl'."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    """The folded words of a name: letters and digits, everything else a separator."""
    return _NON_WORD.sub(" ", ascii_fold(text)).split()


@lru_cache(maxsize=1 << 16)  # a brief meets the same places again and again
def place_key(name: str) -> str:
    """A place name with transliteration folded: articles dropped, a final -ah/-eh as -a, vowels
    (and w, y) dropped, doubled letters single; numbers kept as written. 'Ar-Ruwayshid' and 'Ruwaished'
    both give 'rshd'."""
    kept = [w for w in words(name.replace("'", "").replace("`", "")) if w not in _ARTICLES]
    return " ".join(
        w if w.isdigit() else _DOUBLES.sub(r"\1", _VOWELS.sub("", _TA_MARBUTA.sub("", w)) or w) for w in kept
    )


def same_place_keys(a: str, b: str) -> bool:
    """Two place keys name the same place: equal, or one's words within the other's (token_set_ratio),
    and the same numbers in both (Camp 2 is not Camp 22, Checkpoint 10 not Checkpoint 170)."""
    if not (a and b):
        return False
    if a == b:
        return True
    return _numbers(a) == _numbers(b) and fuzz.token_set_ratio(a, b) >= PLACE_SIMILARITY


def _numbers(key: str) -> set[str]:
    return {word for word in key.split() if word.isdigit()}


def same_place(a: str | None, b: str | None) -> bool:
    """Two place names are the same place once their transliteration is folded (`place_key`)."""
    return bool(a and b) and same_place_keys(place_key(a or ""), place_key(b or ""))


class _Party(Protocol):
    @property
    def role(self) -> ActorRole: ...
    @property
    def inter(self) -> int: ...


def main_parties(actors: Iterable[_Party]) -> int:
    """The ACLED inter codes (1-8) of actor1 and actor2 as the bits of one integer (bit n: inter code n),
    what the store keeps in a column: two reports' parties are compatible when either is 0 or they share a bit."""
    return party_bits(actor.inter for actor in actors if actor.role in (ActorRole.ACTOR1, ActorRole.ACTOR2))


def party_bits(inter_codes: Iterable[int]) -> int:
    bits = 0
    for inter in inter_codes:
        bits |= 1 << inter
    return bits


def compatible_parties(a: int, b: int) -> bool:
    """Main parties that do not contradict each other (`main_parties`): one shared, or one names none."""
    return not a or not b or bool(a & b)


def same_date(a: date, b: date, precision: TimePrecision | int) -> bool:
    """Two dates agree at a precision: day, the same day; week, within 6 days; month, the same month."""
    if precision == TimePrecision.MONTH:  # an int or the IntEnum: no conversion on this hot path
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= _DAYS_APART[precision]
