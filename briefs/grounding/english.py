"""English number mentions: every number a summary states, with its value, qualifier and kind.

The English counterpart of `briefs.arabic.numbers`, producing the same `NumberMention`s with the
same conventions, so the checker compares like with like:

- exact: low = high = value; at_least / more_than: low = value, high None; less_than: low None,
  high = value; approximately: low = high = value; vague: value None, low/high from a table.
- A qualifier phrase next to a cardinal or a percentage ("at least 7", "30 or more") is part of the
  mention's span.
- Dates are one mention (value = day, month, year when stated); "December 2021" is a year with its
  month; times are the hour as a decimal as written (8:30 p.m. is 8.5); digits inside names and
  designations (F-16, Resolution 2254) are kind `name`.

The parser reads tokens left to right and at each token tries, most specific first: names,
clock times, dates, years, percentages, vague quantities, ordinals and cardinals (digits, digits
with a scale word, numbers in words). Pure functions, regexes compiled once.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.arabic.numbers import MAX_COUNT_DIGITS

__all__ = ["find_english_numbers"]

# Digits with thousands separators, plain digits (with decimals), runs of letters, any other mark.
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|[^\W\d_]+|\S")

# ---- vocabulary ----------------------------------------------------------------------------------
UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
# Multipliers after digits: 5 million, 1.5 billion, 3 thousand, 2 dozen, 5 hundred.
DIGIT_SCALES = {**SCALES, "hundred": 100, "dozen": 12}

UNIT_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
ORDINALS = {
    **UNIT_ORDINALS,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
    "millionth": 1_000_000,
}
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# Fractions are not counts: "a third of", "one-third", "two thirds".
FRACTIONS = frozenset({"half", "third", "quarter", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"})
PLURAL_FRACTIONS = frozenset(
    {"halves", "thirds", "quarters", "fourths", "fifths", "sixths", "sevenths", "eighths", "ninths", "tenths"}
)
# Fractions are kind `fraction`, valued as a share (a third: 0.3333), as the Arabic parser values ثلث.
FRACTION_VALUES = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
# Words that state two: "both soldiers", "twin blasts", "twice". Not "both sides" (كلا الطرفين is no
# count) and not "both X and Y" (a pairing of two named things).
TWO_WORDS = frozenset({"both", "twin", "twins", "twice"})
NOT_COUNTED_BY_BOTH = frozenset({"sides", "parties", "camps", "of"})

# Month names. Full names match in any case except May and March (a modal verb and a verb), which
# must be capitalized; abbreviations must be capitalized and may take a period.
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
CAPITALIZED_MONTHS = frozenset({"may", "march"})

# Words before a four-digit number that make it a year whatever follows it ("In 2019 people ...").
STRONG_YEAR_CUES = frozenset(
    {
        "in",
        "since",
        "during",
        "until",
        "till",
        "year",
        "years",
        "early",
        "late",
        "mid",
        "pre",
        "post",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "throughout",
    }
)
# Vague quantities: (low, high); high None means open.
# "dozens" and "scores" from 20, as translators render عشرات (tens).
VAGUE = {
    "dozens": (20, 99),
    "scores": (20, 99),
    "tens": (20, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 999_999),
    "millions": (2_000_000, None),
    "billions": (2_000_000_000, None),
}
VAGUE_OF_SCALE = {
    ("tens", "thousands"): (20_000, 99_999),
    ("hundreds", "thousands"): (200_000, 999_999),
    ("tens", "millions"): (20_000_000, 99_999_999),
    ("hundreds", "millions"): (200_000_000, 999_999_999),
}
VAGUE_NEEDING_OF = frozenset({"scores", "tens"})  # "scores of people", "tens of"; bare, they are other words
FEW = {"several": (3, 9), "few": (2, 5)}
FEW_ALONE = {
    "several": (3, 10),
    "few": (2, 9),
}  # without a scale word, as wide as عدة and بضعة  # "several", "a few"; times a scale word after them
FEW_SCALES = {**DIGIT_SCALES, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000, "dozens": 12}

# Qualifier phrases, longest first.
PREFIX_QUALIFIERS: tuple[tuple[tuple[str, ...], Qualifier], ...] = tuple(
    sorted(
        (
            (("no", "fewer", "than"), Qualifier.AT_LEAST),
            (("no", "less", "than"), Qualifier.AT_LEAST),
            (("at", "least"), Qualifier.AT_LEAST),
            (("a", "minimum", "of"), Qualifier.AT_LEAST),
            (("more", "than"), Qualifier.MORE_THAN),
            (("over",), Qualifier.MORE_THAN),
            (("upwards", "of"), Qualifier.MORE_THAN),
            (("in", "excess", "of"), Qualifier.MORE_THAN),
            (("fewer", "than"), Qualifier.LESS_THAN),
            (("less", "than"), Qualifier.LESS_THAN),
            (("under",), Qualifier.LESS_THAN),
            (("up", "to"), Qualifier.LESS_THAN),
            (("at", "most"), Qualifier.LESS_THAN),
            (("no", "more", "than"), Qualifier.LESS_THAN),
            (("a", "maximum", "of"), Qualifier.LESS_THAN),
            (("about",), Qualifier.APPROXIMATELY),
            (("around",), Qualifier.APPROXIMATELY),
            (("approximately",), Qualifier.APPROXIMATELY),
            (("roughly",), Qualifier.APPROXIMATELY),
            (("some",), Qualifier.APPROXIMATELY),
            (("nearly",), Qualifier.APPROXIMATELY),
            (("almost",), Qualifier.APPROXIMATELY),
            (("an", "estimated"), Qualifier.APPROXIMATELY),
            (("close", "to"), Qualifier.APPROXIMATELY),
            (("estimated",), Qualifier.APPROXIMATELY),
        ),
        key=lambda item: -len(item[0]),
    )
)
_PREFIX_BY_LAST_WORD: dict[str, list[tuple[tuple[str, ...], Qualifier]]] = {}
for _phrase, _qualifier in PREFIX_QUALIFIERS:
    _PREFIX_BY_LAST_WORD.setdefault(_phrase[-1], []).append((_phrase, _qualifier))
# After "or": 30 or more, 30 or so.
_POSTFIX = {
    "more": Qualifier.AT_LEAST,
    "so": Qualifier.APPROXIMATELY,
    "fewer": Qualifier.LESS_THAN,
    "less": Qualifier.LESS_THAN,
}

PERCENT_WORDS = (
    ("%",),
    ("percent",),
    ("per", "cent"),
    ("per", "-", "cent"),
    ("pct",),
    ("percentage", "points"),
    ("percentage", "point"),
)
_PERCENT_FIRST = frozenset(words[0] for words in PERCENT_WORDS)

# Words before digits that make them a designation (Division 17, Resolution 2254, Route 66).
DESIGNATIONS = frozenset(
    {
        "division",
        "brigade",
        "regiment",
        "battalion",
        "corps",
        "squadron",
        "fleet",
        "army",
        "unit",
        "resolution",
        "article",
        "paragraph",
        "clause",
        "chapter",
        "section",
        "law",
        "decree",
        "protocol",
        "district",
        "sector",
        "zone",
        "block",
        "gate",
        "checkpoint",
        "route",
        "highway",
        "flight",
        "terminal",
        "platform",
        "phase",
        "covid",
        "channel",
        "operation",
    }
)
# Proper names with a number (Badr 1, Sinai 2018, France 24, Suwayda 24): capitalized only.
NAMES = frozenset({"badr", "sinai", "france", "suwayda", "sweida", "suwaida", "idlib", "apollo", "falcon", "radio"})
# Before a hyphen and digits, these read the digits as a year or a count, not a name (mid-2019).
HYPHEN_PREFIXES = frozenset({"mid", "pre", "post", "early", "late", "under", "over", "top"})
# Glued after digits: units (5km) and scales (5bn, 5k, $5m); others (3G, 4x4) make a name.
UNIT_SUFFIXES = frozenset(
    {
        "km",
        "kms",
        "kg",
        "kgs",
        "m",
        "cm",
        "mm",
        "mi",
        "ft",
        "ha",
        "t",
        "mph",
        "kph",
        "kmh",
        "mw",
        "gw",
        "kw",
        "ml",
        "lb",
        "lbs",
        "h",
        "hr",
        "hrs",
        "min",
        "mins",
        "sec",
        "secs",
        "bn",
        "mn",
        "k",
        "x",
    }
)
GLUED_SCALES = {"bn": 1_000_000_000, "mn": 1_000_000, "k": 1_000}
CURRENCY = frozenset("$£€¥")

# A noun after a number that makes it a count: "2000 soldiers" is not a year, "Suwayda 24 people"
# is not a name.
COUNT_NOUNS = frozenset(
    {
        "people",
        "persons",
        "person",
        "civilians",
        "civilian",
        "soldiers",
        "troops",
        "fighters",
        "militants",
        "members",
        "officers",
        "policemen",
        "police",
        "personnel",
        "guards",
        "children",
        "women",
        "men",
        "residents",
        "families",
        "households",
        "inhabitants",
        "houses",
        "homes",
        "buildings",
        "villages",
        "towns",
        "vehicles",
        "cars",
        "trucks",
        "tanks",
        "rockets",
        "missiles",
        "shells",
        "mortars",
        "drones",
        "aircraft",
        "planes",
        "jets",
        "helicopters",
        "bombs",
        "mines",
        "casualties",
        "deaths",
        "dead",
        "victims",
        "prisoners",
        "detainees",
        "hostages",
        "refugees",
        "migrants",
        "workers",
        "students",
        "protesters",
        "demonstrators",
        "rebels",
        "insurgents",
        "gunmen",
        "attackers",
        "jihadists",
        "attacks",
        "strikes",
        "airstrikes",
        "raids",
        "incidents",
        "explosions",
        "operations",
        "arrests",
        "suspects",
        "kilometres",
        "kilometers",
        "km",
        "miles",
        "metres",
        "meters",
        "tonnes",
        "tons",
        "dollars",
        "euros",
        "pounds",
        "others",
        "more",
        "killed",
        "wounded",
        "injured",
        "displaced",
        "individuals",
        "cases",
        "times",
        "days",
        "weeks",
        "months",
        "hours",
        "minutes",
        "cadres",
        "elements",
        "recruits",
        "combatants",
        "forces",
        "positions",
        "sites",
        "weapons",
        "rounds",
    }
)
# Adjectives that may sit between a number and its count noun ("2000 armed men").
COUNT_ADJECTIVES = frozenset(
    {"more", "other", "new", "civilian", "military", "foreign", "local", "young", "armed", "displaced"}
)

# "one" as a pronoun: always after these words, and after the/this/that/which when a function word,
# a mark or the end follows ("the one who", "this one."), and before a modal ("one could argue").
ONE_PRONOUN_BEFORE = frozenset({"no", "every", "any", "each", "another", "anyone", "someone"})
# "that"/"which" are also conjunctions ("said that one was killed"): only a relative or a mark after.
ONE_RELATIVE_AFTER = frozenset({"who", "that", "which", "whom", "whose", "where", "when"})
ONE_DETERMINERS = {"the": 2, "this": 2, "that": 1, "which": 1}
ONE_FUNCTION_AFTER = ONE_RELATIVE_AFTER | frozenset(
    {
        "is",
        "was",
        "are",
        "were",
        "has",
        "had",
        "have",
        "in",
        "on",
        "at",
        "from",
        "with",
        "by",
        "for",
        "to",
        "and",
        "or",
        "but",
        "as",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "it",
        "said",
        "says",
    }
)
MODALS = frozenset(
    {"can", "could", "may", "might", "must", "should", "would", "will", "shall", "cannot", "needs", "ought"}
)


_PAD = 8  # sentinel tokens after the text: index + k and index - k never leave the lists


# Words that can start a mention; any other word is skipped at once.
_TRIGGERS = frozenset(
    {"a", "an", "half", *TWO_WORDS, *MONTHS, *MONTH_ABBREVIATIONS, *VAGUE, *FEW, *ORDINALS, *UNITS, *TEENS, *TENS}
)


def _number(text: str) -> int | float:
    value = Decimal(text.replace(",", ""))
    return int(value) if value == value.to_integral_value() else float(value)


def _scaled(text: str, scale: int) -> int | float:
    value = Decimal(text.replace(",", "")) * scale
    return int(value) if value == value.to_integral_value() else float(value)


def _share(denominator: int, numerator: int = 1) -> float:
    return round(numerator / denominator, 4)


def _bounds(qualifier: Qualifier, value) -> dict:
    if qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        return {"qualifier": qualifier, "low": value, "high": None}
    if qualifier is Qualifier.LESS_THAN:
        return {"qualifier": qualifier, "low": None, "high": value}
    return {"qualifier": qualifier, "low": value, "high": value}


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        # Parallel lists, one entry per token, then _PAD sentinels (also reached by negative indexes).
        matches = list(_TOKEN.finditer(text))
        self.n = len(matches)
        self.raws = [m.group() for m in matches] + [""] * _PAD
        self.lows = [raw.lower() for raw in self.raws]
        self.starts = [m.start() for m in matches] + [-1] * _PAD
        self.ends = [m.end() for m in matches] + [-2] * _PAD
        self.digits = [raw[:1].isdecimal() for raw in self.raws]  # what \d matches; not ²
        self.words = [raw[:1].isalpha() for raw in self.raws]
        self.found: list[tuple[int, int, dict]] = []  # (first token, end token, fields)
        self.last_end = 0  # the token after the last mention; nothing new may start before it

    # ---- helpers -------------------------------------------------------------------------------
    def word(self, index: int) -> str:
        return self.lows[index]

    def raw(self, index: int) -> str:
        return self.raws[index]

    def is_digits(self, index: int) -> bool:
        return self.digits[index]

    def is_word(self, index: int) -> bool:
        return self.words[index]

    def glued(self, left: int, right: int) -> bool:
        """True when token `right` starts right where token `left` ends (no space between)."""
        return self.ends[left] == self.starts[right]

    def plain_int(self, index: int, digits: tuple[int, ...] = (1, 2)) -> int | None:
        """The integer of a digits token without separators or decimals, of one of these lengths."""
        raw = self.raws[index]
        if self.digits[index] and raw.isdigit() and len(raw) in digits:
            return int(raw)
        return None

    def year_token(self, index: int) -> int | None:
        year = self.plain_int(index, (4,))
        return year if year is not None and 1900 <= year <= 2099 else None

    def month_at(self, index: int) -> tuple[int, int] | None:
        """(month, end token) when a month name starts at `index`, with the period of an abbreviation."""
        if not self.is_word(index):
            return None
        raw, low = self.raw(index), self.word(index)
        capitalized = raw[0].isupper()
        if low in MONTHS and (capitalized or low not in CAPITALIZED_MONTHS):
            return MONTHS[low], index + 1
        if low in MONTH_ABBREVIATIONS and capitalized:
            end = index + 1
            if self.raw(end) == "." and self.glued(index, end):
                end += 1
            return MONTH_ABBREVIATIONS[low], end
        return None

    def count_noun_at(self, index: int) -> bool:
        """True when a count noun (or an adjective and a count noun) starts at token `index`."""
        word = self.word(index)
        if word in COUNT_NOUNS:
            return True
        return (word in COUNT_ADJECTIVES or (word.endswith("ed") and len(word) > 4)) and self.word(
            index + 1
        ) in COUNT_NOUNS

    def chunk_end(self, index: int) -> int:
        """Extend over letters and digits glued after token `index - 1` (F-16s, Su-24M)."""
        while (self.words[index] or self.digits[index]) and self.glued(index - 1, index):
            index += 1
        return index

    def emit(
        self,
        first: int,
        end: int,
        value,
        kind: Kind,
        *,
        low=None,
        high=None,
        qualifier: Qualifier = Qualifier.EXACT,
        qualify: bool = False,
        **extra,
    ) -> int:
        if qualifier is Qualifier.EXACT and low is None and high is None:
            low = high = value
        fields = {"value": value, "low": low, "high": high, "qualifier": qualifier, "kind": kind, **extra}
        if qualify and qualifier is Qualifier.EXACT:
            first, end, fields = self.attach_qualifier(first, end, fields)
        self.found.append((first, end, fields))
        self.last_end = end
        return end

    def prefix_qualifier(self, first: int) -> tuple[int, Qualifier] | None:
        """(first token, qualifier) of a qualifier phrase ending right before token `first`."""
        for phrase, qualifier in _PREFIX_BY_LAST_WORD.get(self.lows[first - 1], ()):
            begin = first - len(phrase)
            if begin < self.last_end:
                continue
            if all(self.is_word(begin + k) and self.word(begin + k) == phrase[k] for k in range(len(phrase))):
                return begin, qualifier
        return None

    def attach_qualifier(self, first: int, end: int, fields: dict) -> tuple[int, int, dict]:
        value = fields["value"]
        prefix = self.prefix_qualifier(first)
        if prefix:
            return prefix[0], end, {**fields, **_bounds(prefix[1], value)}
        # "30 or more", "30 people or more" (up to three words between; the span grows only when
        # the phrase is right after the number).
        for gap in range(0, 4):
            if self.lows[end + gap] == "or" and (qualifier := _POSTFIX.get(self.lows[end + gap + 1])):
                stop = end + gap + 2 if gap == 0 else end
                return first, stop, {**fields, **_bounds(qualifier, value)}
            if not self.words[end + gap]:
                break
        return first, end, fields

    # ---- the scan -------------------------------------------------------------------------------
    def parse(self) -> list[NumberMention]:
        index = 0
        lows, digits = self.lows, self.digits
        while index < self.n:
            end = None
            if digits[index]:
                end = self.at_digits(index)
            elif lows[index] in _TRIGGERS:
                end = self.at_word(index)
            index = end if end and end > index else index + 1
        return [self.to_mention(*found) for found in self.found]

    def to_mention(self, first: int, end: int, fields: dict) -> NumberMention:
        start, stop = self.starts[first], self.ends[end - 1]
        return NumberMention(text=self.text[start:stop], start=start, end=stop, **fields)

    # ---- digits ---------------------------------------------------------------------------------
    def at_digits(self, index: int) -> int | None:
        raw = self.raws[index]
        if sum(c.isdecimal() for c in raw) > MAX_COUNT_DIGITS:  # a phone number or an id: never a value
            return self.emit(index, index + 1, None, Kind.NAME)
        value = _number(raw)
        before = self.word(index - 1)
        # Names: letters glued before the digits (A320, M4, MH17).
        if self.is_word(index - 1) and self.glued(index - 1, index) and index - 1 >= self.last_end:
            return self.emit(index - 1, self.chunk_end(index + 1), value, Kind.NAME)
        # Names: a word, a hyphen, digits (F-16, Su-24, MiG-21, T-72, COVID-19); not mid-2019.
        if (
            before == "-"
            and self.glued(index - 1, index)
            and self.is_word(index - 2)
            and self.glued(index - 2, index - 1)
            and index - 2 >= self.last_end
        ):
            prefix = self.raw(index - 2)
            if self.word(index - 2) in HYPHEN_PREFIXES:
                year = self.year_token(index)
                if year is not None and self.word(index - 2) in ("mid", "pre", "post", "early", "late"):
                    return self.emit(index, index + 1, year, Kind.YEAR)
            elif any(ch.isupper() for ch in prefix) or prefix.lower() in DESIGNATIONS:
                return self.emit(index - 2, self.chunk_end(index + 1), value, Kind.NAME)
        # Names: a designation word before (Division 17, Resolution 2254, Badr 1, No. 5).
        if isinstance(value, int) and index - 1 >= self.last_end and not self.count_noun_at(index + 1):
            if self.is_word(index - 1) and (
                before in DESIGNATIONS or (before in NAMES and self.raw(index - 1)[0].isupper())
            ):
                return self.emit(index - 1, self.chunk_end(index + 1), value, Kind.NAME)
            if before == "." and self.raw(index - 2) in ("No", "Nos", "no") and index - 2 >= self.last_end:
                return self.emit(index - 2, self.chunk_end(index + 1), value, Kind.NAME)
        # Clock times: 8:30, 20:30 p.m.
        if self.raw(index + 1) == ":" and self.glued(index, index + 1) and self.glued(index + 1, index + 2):
            hour, minutes = self.plain_int(index), self.plain_int(index + 2, (2,))
            if hour is not None and minutes is not None and hour <= 24 and minutes < 60:
                end = self.meridiem_end(index + 3) or index + 3
                return self.emit(index, end, round(hour + minutes / 60, 4) if minutes else hour, Kind.TIME)
        # Numeric dates 13/12/2021 (day first unless the first part cannot be a day's month).
        if self.raw(index + 1) == "/" and self.raw(index + 3) == "/" and self.glued(index, index + 1):
            first, second, year = self.plain_int(index), self.plain_int(index + 2), self.plain_int(index + 4, (2, 4))
            if first and second and year is not None:
                day, month = (second, first) if second > 12 and first <= 12 else (first, second)
                if 1 <= day <= 31 and 1 <= month <= 12:
                    year = year + 2000 if year < 100 else year
                    return self.emit(index, index + 5, day, Kind.DATE, month=month, year=year)
        # Letters glued after the digits: 1st, 8am, 1990s, 5km, 3G.
        if self.is_word(index + 1) and self.glued(index, index + 1):
            return self.glued_suffix(index, value)
        # Clock times with a meridiem or o'clock: 8 a.m., 8.30 pm, 8 o'clock.
        meridiem_end = self.meridiem_end(index + 1)
        if meridiem_end:
            clock_hour = self.hour_value(raw)
            if clock_hour is not None:
                return self.emit(index, meridiem_end, clock_hour, Kind.TIME)
        # Dates: 13 December [2021], 13 of June.
        day_of_month = self.plain_int(index)
        if day_of_month is not None and 1 <= day_of_month <= 31:
            date_end = self.date_after(index, index + 1, day_of_month)
            if date_end:
                return date_end
        # Years.
        year = self.year_token(index)
        if year is not None and self.reads_as_year(index):
            return self.emit(index, index + 1, year, Kind.YEAR)
        # A scale word after the digits: 1.5 million, 3 thousand, 2 dozen.
        end = index + 1
        scale = DIGIT_SCALES.get(self.word(end))
        if scale and self.is_word(end):
            value, end = _scaled(raw, scale), end + 1
        return self.cardinal(index, end, value)

    def glued_suffix(self, index: int, value) -> int:
        raw, suffix = self.raws[index], self.word(index + 1)
        if suffix in ORDINAL_SUFFIXES and isinstance(value, int) and "," not in raw:
            if 1 <= value <= 31 and (end := self.date_after(index, index + 2, value)):
                return end
            return self.emit(index, index + 2, value, Kind.ORDINAL)
        meridiem = self.meridiem_end(index + 1, glued=True)
        if meridiem:
            hour = self.hour_value(raw)
            if hour is not None:
                return self.emit(index, meridiem, hour, Kind.TIME)
        if suffix == "s" and self.chunk_end(index + 2) == index + 2:  # 1990s, in their 20s
            year = self.year_token(index)
            return self.emit(
                index, index + 2, year if year is not None else value, Kind.YEAR if year is not None else Kind.CARDINAL
            )
        if suffix in UNIT_SUFFIXES and self.chunk_end(index + 2) == index + 2:
            if suffix in GLUED_SCALES or (suffix == "m" and self.raw(index - 1) in CURRENCY):
                value = _scaled(raw, GLUED_SCALES.get(suffix, 1_000_000))
            return self.cardinal(index, index + 2, value)
        return self.emit(index, self.chunk_end(index + 1), value, Kind.NAME)

    def meridiem_end(self, index: int, glued: bool = False) -> int | None:
        """The end token of a.m./p.m./am/pm/o'clock starting at `index`, or None."""
        word = self.word(index)
        if word in ("am", "pm"):
            return index + 1
        if (
            word in ("a", "p")
            and self.raw(index + 1) == "."
            and self.word(index + 2) == "m"
            and self.glued(index, index + 1)
            and self.glued(index + 1, index + 2)
        ):
            return index + 4 if self.raw(index + 3) == "." and self.glued(index + 2, index + 3) else index + 3
        if not glued and word == "o" and self.raw(index + 1) in ("'", "’") and self.word(index + 2) == "clock":
            return index + 3
        return None

    def time_of_day_end(self, index: int) -> int | None:
        """The end token of "in the morning" / "in the evening" / "at night" starting at `index`."""
        if (
            self.word(index) == "in"
            and self.word(index + 1) == "the"
            and self.word(index + 2) in ("morning", "afternoon", "evening")
        ):
            return index + 3
        if self.word(index) == "at" and self.word(index + 1) == "night":
            return index + 2
        return None

    @staticmethod
    def hour_value(text: str) -> float | int | None:
        """8 → 8, 8.30 → 8.5 (the decimals of a time before am/pm are minutes)."""
        if "," in text:
            return None
        hours, _, minutes = text.partition(".")
        hour = int(hours)
        if hour > 24 or (minutes and (len(minutes) != 2 or int(minutes) >= 60)):
            return None
        return round(hour + int(minutes) / 60, 4) if minutes else hour

    def date_after(self, first: int, index: int, day: int) -> int | None:
        """A month (and year) at token `index` after a day that starts at token `first`."""
        probe = index + 1 if self.word(index) == "of" else index
        month = self.month_at(probe)
        if month is None:
            return None
        extra: dict[str, Any] = {"month": month[0]}
        end = month[1]
        comma = 1 if self.raw(end) == "," else 0
        year = self.year_token(end + comma)
        if year is not None:
            extra["year"], end = year, end + comma + 1
        return self.emit(first, end, day, Kind.DATE, **extra)

    def reads_as_year(self, index: int) -> bool:
        """A four-digit 1900..2099 number: a year after a cue, or when no count noun follows it."""
        before = self.word(index - 1)
        if before in STRONG_YEAR_CUES:
            return True
        previous = self.found[-1] if self.found else None
        if (
            previous
            and previous[2]["kind"] is Kind.YEAR
            and previous[1] >= index - 2
            and before in ("-", "–", "—", "/", "and", "to", "or", ",", "through")
        ):
            return True  # the second year of 2019-2020, 2011 and 2012
        if self.prefix_qualifier(index):
            return False  # "about 2000", "more than 1950"
        return not self.count_noun_at(index + 1)

    def cardinal(self, first: int, end: int, value) -> int:
        """A cardinal, or a percentage when %, percent or per cent follows."""
        if self.lows[end] in _PERCENT_FIRST:
            for words in PERCENT_WORDS:
                if tuple(self.lows[end : end + len(words)]) == words:
                    return self.emit(first, end + len(words), value, Kind.PERCENT, qualify=True)
        return self.emit(first, end, value, Kind.CARDINAL, qualify=True)

    # ---- words ----------------------------------------------------------------------------------
    def at_word(self, index: int) -> int | None:
        word = self.word(index)
        if word in ("a", "an"):
            return self.at_article(index)
        if word == "half" and self.word(index + 1) == "a" and self.word(index + 2) in DIGIT_SCALES:
            return self.cardinal(index, index + 3, DIGIT_SCALES[self.word(index + 2)] // 2)
        if word == "half":  # half of them, half an hour
            return self.emit(index, index + 1, 0.5, Kind.FRACTION)
        if word in TWO_WORDS:
            return self.at_two_word(index)
        month = self.month_at(index)
        if month:
            return self.at_month(index, *month)
        if word in VAGUE or word in FEW:
            return self.at_vague(index)
        if word in ORDINALS or word in TENS:
            end = self.at_ordinal(index)
            if end:
                return end
        if word in UNITS or word in TEENS or word in TENS:
            return self.at_number_words(index)
        return None

    def at_two_word(self, index: int) -> int | None:
        word, nxt = self.word(index), self.word(index + 1)
        if word == "both":  # not "both sides", "both Ali and Omar", "both the army and the police"
            pairing = self.lows[index + 2] == "and" or (nxt == "the" and "and" in self.lows[index + 3 : index + 5])
            if nxt in NOT_COUNTED_BY_BOTH or pairing:
                return index + 1
        return self.emit(index, index + 1, 2, Kind.CARDINAL)

    def at_article(self, index: int) -> int | None:
        """ "a"/"an" is never a count alone; a dozen, a hundred, a few, a number of, a third of, a pair
        of, a couple of, an hour and a half."""
        nxt = self.word(index + 1)
        if nxt == "dozen":
            return self.cardinal(index, index + 2, 12)
        if nxt in ("pair", "couple") and self.word(index + 2) == "of":
            return self.emit(index, index + 2, 2, Kind.CARDINAL)
        if nxt in ("hour", "day", "week", "month", "year") and self.lows[index + 2 : index + 5] == ["and", "a", "half"]:
            return self.emit(index, index + 5, 1.5, Kind.CARDINAL)
        if nxt in ("half", "quarter") and self.word(index + 2) in ("hour", "mile", "century", "day"):
            return self.emit(index, index + 2, _share(FRACTION_VALUES[nxt]), Kind.FRACTION)
        if nxt == "few":
            return self.at_vague(index + 1, first=index)
        if nxt == "number" and self.word(index + 2) == "of":
            return self.emit(index, index + 3, None, Kind.CARDINAL, low=2, high=None, qualifier=Qualifier.VAGUE)
        if nxt in FRACTIONS and self.word(index + 2) == "of":
            return self.emit(index, index + 2, _share(FRACTION_VALUES[nxt]), Kind.FRACTION)
        if nxt == "hundred" or nxt in SCALES:
            return self.at_number_words(index)
        return None

    def at_month(self, index: int, month: int, end: int) -> int | None:
        """December 13[, 2021], Dec. 13, June 1st; December 2021 is a year with its month."""
        day = self.plain_int(end)
        if day is not None and 1 <= day <= 31:
            stop = end + 1
            if self.word(stop) in ORDINAL_SUFFIXES and self.glued(end, stop):
                stop += 1
            if not self.count_noun_at(stop):
                extra: dict[str, Any] = {"month": month}
                comma = 1 if self.raw(stop) == "," else 0
                year = self.year_token(stop + comma)
                if year is not None:
                    extra["year"], stop = year, stop + comma + 1
                return self.emit(index, stop, day, Kind.DATE, **extra)
            return None
        probe = end + 1 if self.word(end) == "of" else end
        year = self.year_token(probe)
        if year is not None:
            return self.emit(index, probe + 1, year, Kind.YEAR, month=month)
        return None

    def at_vague(self, index: int, first: int | None = None) -> int | None:
        word = self.word(index)
        first = index if first is None else first
        if word in FEW:
            if word == "few" and first == index:
                return None  # "few" alone is not a number; "a few" is
            low, high = FEW[word]
            scale = FEW_SCALES.get(self.word(index + 1))
            if scale:
                # "several hundred" is 300..999, "a few thousand" 2000..5999.
                return self.emit(
                    first,
                    index + 2,
                    None,
                    Kind.CARDINAL,
                    low=low * scale,
                    high=(high + 1) * scale - 1,
                    qualifier=Qualifier.VAGUE,
                )
            low, high = FEW_ALONE[word]
            return self.emit(first, index + 1, None, Kind.CARDINAL, low=low, high=high, qualifier=Qualifier.VAGUE)
        if self.found and self.found[-1][1] == index:
            return None  # "3 thousands" is not vague: the number before it says how many
        has_of = self.word(index + 1) == "of"
        if has_of and (word, self.word(index + 2)) in VAGUE_OF_SCALE:
            low, high = VAGUE_OF_SCALE[(word, self.word(index + 2))]
            return self.emit(index, index + 3, None, Kind.CARDINAL, low=low, high=high, qualifier=Qualifier.VAGUE)
        if word in VAGUE_NEEDING_OF and not has_of:
            return None
        end = index + 2 if word == "tens" else index + 1
        vague_low, vague_high = VAGUE[word]
        return self.emit(index, end, None, Kind.CARDINAL, low=vague_low, high=vague_high, qualifier=Qualifier.VAGUE)

    def at_ordinal(self, index: int) -> int | None:
        word = self.word(index)
        if word in TENS:  # twenty-first, twenty first
            hyphen = self.raw(index + 1) == "-" and self.glued(index, index + 1) and self.glued(index + 1, index + 2)
            unit = index + 2 if hyphen else index + 1
            if self.word(unit) not in UNIT_ORDINALS:
                return None
            value, end = TENS[word] + UNIT_ORDINALS[self.word(unit)], unit + 1
        else:
            value, end = ORDINALS[word], index + 1
        if word == "first" and self.word(end) == "time":
            return end  # "for the first time" says nothing to check
        if 1 <= value <= 31 and (date := self.date_after(index, end, value)):
            return date
        return self.emit(index, end, value, Kind.ORDINAL)

    def at_number_words(self, index: int) -> int | None:
        parsed = self.number_words(index)
        if parsed is None:
            return None
        value, end = parsed
        # Fractions: one-third, two thirds, one quarter.
        nxt = self.word(end)
        if nxt == "-" and self.glued(end - 1, end) and self.word(end + 1) in FRACTIONS | PLURAL_FRACTIONS:
            return self.emit(index, end + 2, _share(FRACTION_VALUES[self.word(end + 1)], value), Kind.FRACTION)
        if nxt in PLURAL_FRACTIONS or (value == 1 and end == index + 1 and nxt in FRACTIONS and nxt != "second"):
            return self.emit(index, end + 1, _share(FRACTION_VALUES[nxt], value), Kind.FRACTION)
        if self.lows[end : end + 3] == ["and", "a", "half"]:  # two and a half hours
            return self.cardinal(index, end + 3, value + 0.5)
        if end == index + 1 and self.word(index) == "one" and self.word(end) == "of":
            return end  # "one of the attackers" names one of a group; it is not a count
        if end == index + 1 and self.word(index) == "one":
            skip = self.one_is_not_a_count(index)
            if skip:
                return skip
        # Clock times in words: eight o'clock, eight a.m., eight in the morning.
        meridiem = self.meridiem_end(end) or self.time_of_day_end(end)
        if meridiem and 1 <= value <= 24:
            return self.emit(index, meridiem, value, Kind.TIME)
        return self.cardinal(index, end, value)

    def one_is_not_a_count(self, index: int) -> int | None:
        """The end of a pronoun "one" (no one, one another, the one who, one's), else None."""
        before, after = self.word(index - 1), self.word(index + 1)
        if before == "-" and self.glued(index - 2, index - 1) and self.glued(index - 1, index):
            before = self.word(index - 2)  # no-one
        if before in ONE_PRONOUN_BEFORE:
            return index + 1
        if after == "another" or after in MODALS:
            return index + 2 if after == "another" else index + 1
        if after in ("'", "’") and self.word(index + 2) == "s" and self.glued(index, index + 1):
            return index + 3
        if after == "by" and self.word(index + 2) == "one":
            return index + 3
        if before in ONE_DETERMINERS:
            after_words = ONE_FUNCTION_AFTER if ONE_DETERMINERS[before] == 2 else ONE_RELATIVE_AFTER
            if after in after_words or not (self.is_word(index + 1) or self.is_digits(index + 1)):
                return index + 1
        return None

    # ---- number words ---------------------------------------------------------------------------
    def below_hundred(self, index: int) -> tuple[int, int] | None:
        """(value, end) of 1..99 in words at `index`: nine, nineteen, ninety, ninety-nine, ninety nine."""
        word = self.word(index)
        if word in TENS and self.is_word(index):
            value = TENS[word]
            if (
                self.raw(index + 1) == "-"
                and self.glued(index, index + 1)
                and self.glued(index + 1, index + 2)
                and self.word(index + 2) in UNITS
            ):
                return value + UNITS[self.word(index + 2)], index + 3
            if self.word(index + 1) in UNITS and self.raw(index + 2) != "-":
                return value + UNITS[self.word(index + 1)], index + 2
            return value, index + 1
        if word in TEENS:
            return TEENS[word], index + 1
        if word in UNITS:
            return UNITS[word], index + 1
        return None

    def group(self, index: int, allow_article: bool = False) -> tuple[int, int, bool] | None:
        """(value, end, has "hundred") of 1..999 in words: [n hundred [and]] [1..99]."""
        if (
            allow_article
            and self.word(index) in ("a", "an")
            and (self.word(index + 1) == "hundred" or self.word(index + 1) in SCALES)
        ):
            first: tuple[int, int] | None = (1, index + 1)
        else:
            first = self.below_hundred(index)
        if first is None:
            return None
        value, end = first
        if self.word(end) != "hundred":
            return value, end, False
        value, end = value * 100, end + 1
        if self.word(end) == "and" and (rest := self.below_hundred(end + 1)):
            return value + rest[0], rest[1], True
        if rest := self.below_hundred(end):
            return value + rest[0], rest[1], True
        return value, end, True

    def number_words(self, index: int) -> tuple[int, int] | None:
        """A whole number in words: groups with decreasing scale words, joined by a space, "and"
        (a last group under a hundred: "one million and one") or a comma (before a group with
        "hundred" or a smaller scale: "one thousand, four hundred")."""
        current = self.group(index, allow_article=True)
        if current is None:
            return None
        total, last_scale = 0, None
        while True:
            value, end, _ = current
            scale = SCALES.get(self.word(end))
            if scale is None or (last_scale is not None and scale >= last_scale):
                if self.word(end) == "dozen" and last_scale is None:
                    return value * 12, end + 1
                return total + value, end
            total, last_scale, end = total + value * scale, scale, end + 1
            nxt = self.word(end)
            if nxt == "and":
                rest = self.group(end + 1)
                if rest and rest[0] < 100 and self.word(rest[1]) not in SCALES and self.word(rest[1]) != "hundred":
                    return total + rest[0], rest[1]
                return total, end
            following = end + 1 if nxt == "," else end
            rest = self.group(following)
            if rest is None:
                return total, end
            next_scale = SCALES.get(self.word(rest[1]))
            if next_scale is not None and next_scale >= last_scale:
                return total, end
            if nxt == "," and not (rest[2] or next_scale is not None):
                return total, end
            current = rest


def find_english_numbers(text: str) -> list[NumberMention]:
    """Every number mention in an English text, in order and non-overlapping, with offsets into `text`."""
    return _Parser(text).parse()
