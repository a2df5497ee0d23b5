"""The number mention: one number expression found in a text, Arabic or English.

Shared by the Arabic parser and the English parser so the checker compares like with like.
Offsets are Python string offsets into the original text, end exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    APPROXIMATELY = "approximately"
    VAGUE = "vague"


class Kind(StrEnum):
    CARDINAL = "cardinal"
    DUAL = "dual"
    ORDINAL = "ordinal"
    DATE = "date"  # value is the day of the month; month (and year when stated) in their own fields
    YEAR = "year"
    TIME = "time"  # value is the hour as a decimal: 4.5 is half past four
    PERCENT = "percent"
    NAME = "name"  # digits inside a name or designation (F-16, Badr 1, Sinai 2018): checked, never a count
    FRACTION = "fraction"  # a share: نصف, "half" are 0.5, ثلث, "a third" 1/3 (to four decimals)


@dataclass(frozen=True, slots=True)
class NumberMention:
    text: str
    start: int
    end: int
    value: int | float | None
    low: int | float | None
    high: int | float | None
    qualifier: Qualifier
    kind: Kind
    month: int | None = None
    year: int | None = None
    # What the number counts and which event it belongs to, when the words around it say so.
    # Filled by the parsers from small bilingual lexicons; the checker uses them to spot swaps.
    noun: frozenset[str] = frozenset()
    category: str | None = None
    events: frozenset[str] = frozenset()  # every event word in the number's clause
    speakers: frozenset[str] = frozenset()  # who gives the figure, when its sentence says (official, witness, militant)
    # The number carries the article (الـ72، العشرين): Arabic's ordinal use of cardinals past ten.
    definite: bool = False

    def to_json(self) -> dict:
        data = asdict(self)
        data["qualifier"] = str(self.qualifier)
        data["kind"] = str(self.kind)
        data["noun"] = sorted(self.noun)
        for optional in ("month", "year", "category"):
            if data[optional] is None:
                del data[optional]
        data["events"] = sorted(self.events)
        if not data["definite"]:
            del data["definite"]
        data["speakers"] = sorted(self.speakers)
        for collection in ("noun", "events", "speakers"):
            if not data[collection]:
                del data[collection]
        return data
