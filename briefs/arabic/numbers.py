"""Arabic number expressions: every number a report states, with its value, qualifier and kind.

The parser reads normalized tokens (see `normalize`) left to right and at each token tries, most
specific first: names with digits, clock times, dates, years, vague quantities, ordinals, numbers
in digits or words (with scale words and و compounds), and dual nouns. Qualifier phrases around a
number are attached afterwards. Spans are mapped back to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from itertools import accumulate, compress, count
from typing import TypeVar

from briefs.arabic import lexicon as lx
from briefs.arabic.clitics import readings
from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.arabic.normalize import Normalized, normalize

# A comma before one or two digits is a decimal comma in Arabic news (1,4 مليون، 12,5 بالمئة) or a
# clock time (الساعة 22,30); before groups of three it separates thousands (12,000).
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
# Arabic words first: most tokens are, and no Arabic letter is a digit, so the order changes no match.
# One group around the whole: re.split then yields [gap, token, gap, token, ..., gap].
_TOKEN = re.compile(
    r"([\u0621-\u064A\u0671-\u06D3]+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?!\d)|\d+(?:\.\d+)?|[A-Za-z]+|\S)"
)
_LATIN = re.compile(r"[A-Za-z]")
_CLAUSE_BREAK = frozenset(".,;:!?()")
_IMPERFECT_DUAL = re.compile(r"^[يت]\w{3,}ان$")
# Longer digit runs than any count or year (phone numbers, ids, a pasted run of digits) are names:
# their value is never read, so nothing downstream meets an overflow or a 400-digit integer.
MAX_COUNT_DIGITS = 12

_Entry = TypeVar("_Entry")


def _value(digits: str) -> int | float:
    value = float(digits.replace(",", ".") if _DECIMAL_COMMA.fullmatch(digits) else digits.replace(",", ""))
    return int(value) if value.is_integer() else value


def _overlong(digits: str) -> bool:
    return sum(c.isdecimal() for c in digits) > MAX_COUNT_DIGITS


def _lookup(word: str, table: Mapping[str, _Entry], *, allow: str = "وفبلكال") -> tuple[str, _Entry] | None:
    """The first (prefix, entry) whose stem is in `table` and whose prefix letters are allowed."""
    for prefix, stem in readings(word):
        if stem in table and all(letter in allow for letter in prefix):
            # Two-letter stems (ست) only take the conjunction: لست is "you are not", not "for six".
            if len(stem) <= 2 and prefix.strip("وف"):
                continue
            return prefix, table[stem]
    return None


_PREFIX_BY_LAST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _name in lx.PREFIX_QUALIFIERS:
    for _last in {_phrase[-1], "و" + _phrase[-1]} if len(_phrase) == 1 else {_phrase[-1]}:
        _PREFIX_BY_LAST_WORD.setdefault(_last, []).append((_phrase, _name))

_STARTERS = frozenset().union(
    lx.UNITS,
    lx.TEEN_ONLY_UNITS,
    lx.TENS,
    lx.HUNDREDS,
    lx.SCALES,
    lx.VAGUE,
    lx.VAGUE_NEEDING_MIN,
    lx.ORDINALS,
    lx.HOUR_WORDS,
    lx.MONTHS,
    {first for first, _ in lx.TWO_WORD_MONTHS},
    {"ساعه", "اول", "ول"},
    {day[2:] for day in lx.WEEKDAYS},
    lx.ONE_OF_PRONOUNS,
    lx.FRACTIONS,
    lx.HALF_UNITS,
    lx.TWO_WORDS,
)


# Every dual form ends in ن (-ين، -ان) or in a pronoun after it (عنصرينا، طفليه): other words skip _dual_kind.
_DUAL_ENDINGS = ("ن", *lx.DUAL_PRONOUN_SUFFIXES)
# Every stem `readings` gives is the word or one of its endings of two letters or more (لل + stem reads
# ال + stem: same ending), so a word whose last two letters end no starter has no stem among them.
_STARTER_ENDINGS = frozenset(starter[-2:] for starter in _STARTERS)


@lru_cache(maxsize=65536)
def _may_start_number(word: str) -> bool:
    """Cheap test that lets the parser skip the nine words in ten that cannot begin a number: digits
    may; most words are rejected by their last two letters, one set look-up, before any clitic is read off."""
    if word[0].isdecimal():
        return True
    could_be_dual = word.endswith(_DUAL_ENDINGS)
    if not could_be_dual and word[-2:] not in _STARTER_ENDINGS:
        return False
    return any(stem in _STARTERS or (could_be_dual and _dual_kind(stem)) for _, stem in readings(word))


def _stem_in(word: str, table) -> str | None:
    """The stem under which `word` is in `table` (الاولي → اولي)."""
    return next((stem for _, stem in readings(word) if stem in table), None)


def _in(word: str, table) -> bool:
    """The word, or the word without a leading conjunction, is in `table`."""
    return word in table or _bare(word) in table


def _bare(word: str) -> str:
    """The word without a leading conjunction."""
    return word[1:] if len(word) > 2 and word[0] in "وف" else word


class _Parser:
    def __init__(self, text: str, norm: Normalized | None = None) -> None:
        self.norm = norm or normalize(text)
        # The words and their offsets as plain lists, made in C: a split, then the running sum of the
        # lengths of its pieces (building an object per word cost more than parsing).
        parts = _TOKEN.split(self.norm.text)
        self.words = parts[1::2]
        offsets = list(accumulate(map(len, parts), initial=0))
        self.starts = offsets[1:-1:2]  # of each token in the normalized text
        self.ends = offsets[2::2]
        self.found: list[tuple[int, int, dict]] = []  # (first token, end token, fields)

    # ---- helpers -------------------------------------------------------------------------------
    def word(self, index: int) -> str:
        return self.words[index] if 0 <= index < len(self.words) else ""

    def is_digits(self, index: int) -> bool:
        return 0 <= index < len(self.words) and self.words[index][0].isdecimal()

    def adjacent(self, left: int, right: int) -> bool:
        """True when token `right` starts right where token `left` ends (no space)."""
        return self.ends[left] == self.starts[right]

    def emit(
        self, first: int, end: int, value, kind: Kind, *, low=None, high=None, qualifier=Qualifier.EXACT, **extra
    ) -> int:
        if qualifier is Qualifier.EXACT and low is None and high is None:
            low = high = value
        self.found.append(
            (first, end, {"value": value, "low": low, "high": high, "qualifier": qualifier, "kind": kind, **extra})
        )
        return end

    def month_at(self, index: int) -> tuple[int, int] | None:
        """(month, end token) when a month name starts at `index`; a paired name (كانون الاول/ديسمبر) is one."""
        found = self._single_month(index)
        if found is None:
            return None
        month, end = found
        if self.word(end) == "/" and (paired := self._single_month(end + 1)):
            end = paired[1]
        return month, end

    def _single_month(self, index: int) -> tuple[int, int] | None:
        first = self.word(index)
        for prefix, stem in readings(first):
            if prefix.strip("وفبل"):
                continue
            if (stem, self.word(index + 1)) in lx.TWO_WORD_MONTHS:
                return lx.TWO_WORD_MONTHS[(stem, self.word(index + 1))], index + 2
            if stem in lx.MONTHS:
                return lx.MONTHS[stem], index + 1
        return None

    def year_at(self, index: int) -> tuple[int, int] | None:
        """(year, end token) for a four-digit year at `index`, allowing من العام / عام before it."""
        probe = index
        if self.word(probe) == "من":
            probe += 1
        if _bare(self.word(probe)) in ("عام", "العام", "سنه", "السنه"):
            probe += 1
        if (
            self.is_digits(probe)
            and self.words[probe].isdecimal()
            and len(self.words[probe]) == 4
            and 1900 <= int(self.words[probe]) <= 2100
        ):
            return int(self.words[probe]), probe + 1
        return None

    # ---- the scan -----------------------------------------------------------------------------
    def parse(self) -> list[NumberMention]:
        # Each distinct word is tested once; the scan then visits only the words that may start a number,
        # found in C (filter, map and compress over the cached test): no Python step for the others.
        starters = set(filter(_may_start_number, set(self.words)))
        index = 0
        for candidate in compress(count(), map(starters.__contains__, self.words)):
            if candidate < index:
                continue
            if self.words[candidate][0].isdecimal():
                index = self.at_digits(candidate) or candidate + 1
            else:
                index = self.at_word(candidate) or candidate + 1
        return [self.to_mention(*found) for found in self.found]

    def at_digits(self, index: int) -> int | None:
        if _overlong(self.words[index]):
            return self.emit(index, index + 1, None, Kind.NAME, low=None, high=None)
        number = _value(self.words[index])
        before = self.word(index - 1)
        # Names: digits in a chunk with Latin letters (SK-3819, f117ce44, F-16) or after a
        # designation (اف 16, اف-16, بدر1).
        if self.in_latin_chunk(index):
            return self.emit(index, index + 1, number, Kind.NAME)
        if _in(before, lx.DESIGNATIONS):
            return self.emit(index - 1, index + 1, number, Kind.NAME)
        if before == "-" and _in(self.word(index - 2), lx.DESIGNATIONS):
            return self.emit(index - 2, index + 1, number, Kind.NAME)
        # Clock time 10:30 and numeric date 13/12/2021.
        if self.word(index + 1) == ":" and self.is_digits(index + 2) and self.adjacent(index, index + 1):
            minutes = _value(self.words[index + 2])
            return self.emit(index, index + 3, round(number + minutes / 60, 4), Kind.TIME)
        if (
            self.word(index + 1) == "/"
            and self.word(index + 3) == "/"
            and self.is_digits(index + 2)
            and self.is_digits(index + 4)
        ):
            day, month, year = number, _value(self.words[index + 2]), _value(self.words[index + 4])
            if 1 <= day <= 31 and 1 <= month <= 12:
                return self.emit(index, index + 5, day, Kind.DATE, month=month, year=year)
        if (
            self.word(index - 1) == "الساعه"
            or (self.word(index - 1) == "ال" and self.word(index - 2) == "الساعه")
            or self.gmt_after(index + 1)
        ):
            return self.time_from(index, index + 1, self.clock_hour(self.words[index]))
        # Dates: 13 كانون الاول/ديسمبر [2021], الـ 10 من سبتمبر.
        if isinstance(number, int) and 1 <= number <= 31:
            date = self.date_after(index + 1, number)
            if date:
                return date
        year_span = self.year_at(index)
        if year_span and (_in(before, lx.YEAR_CUES) or self.is_year_list(index) or self.is_year_of(index)):
            return self.emit(index, year_span[1], year_span[0], Kind.YEAR)
        value, end = number, index + 1
        scale = _lookup(self.word(end), lx.SCALES, allow="")
        if scale and re.fullmatch(r"\d{1,3},\d{3}", self.words[index]) and scale[1][0] >= 1_000_000:
            value = _value(self.words[index].replace(",", "."))  # 1,250 مليون: a decimal comma before a scale
        if scale and scale[1][1] in ("singular", "plural", "construct"):
            value, end = value * scale[1][0], end + 1
            value = int(value) if float(value).is_integer() else value
        elif (shared := self.range_scale(end)) is not None:
            value = int(value * shared) if float(value * shared).is_integer() else value * shared
        return self.cardinal(index, end, value)

    def range_scale(self, index: int) -> int | None:
        """The scale of the second end of a range (15-25 ألف، بين 15 و25 ألفا), which the first shares."""
        link = self.word(index)
        step = index + 1 if link in ("-", "و", "الي", "حتي", "او") else None
        if step is None or not self.is_digits(step):
            return None
        scale = _lookup(self.word(step + 1), lx.SCALES, allow="")
        if (
            scale
            and scale[1][1] in ("singular", "construct")
            and _value(self.words[step]) > _value(self.words[index - 1])
        ):
            return scale[1][0]
        return None

    def gmt_after(self, index: int) -> bool:
        """19,30 ت غ، 19,30 بتوقيت غرينتش: a clock time in universal time."""
        return (self.word(index), self.word(index + 1)) == ("ت", "غ") or self.word(index) in (
            "تغ",
            "بتوقيت",
            "غرينتش",
            "GMT",
        )

    def clock_hour(self, digits: str) -> float:
        """22,30 or 22.30 after الساعة is half past ten: minutes after the separator."""
        hours, _, minutes = digits.replace(",", ".").partition(".")
        if minutes and len(minutes) == 2 and int(minutes) < 60:
            return round(int(hours) + int(minutes) / 60, 4)
        return _value(digits)

    def in_latin_chunk(self, index: int) -> bool:
        text = self.norm.text
        left = text.rfind(" ", 0, self.starts[index]) + 1
        right = text.find(" ", self.ends[index])
        return bool(_LATIN.search(text, left, right if right >= 0 else len(text)))

    def is_year_of(self, index: int) -> bool:
        """الربع الأخير من 2017 (a part of a year before من), رقم 41 / 2016 (a law's number and its year)."""
        if self.word(index - 1) == "/":
            previous = self.found[-1] if self.found else None
            return bool(previous and previous[2]["kind"] is Kind.NAME and previous[1] == index - 1)
        return self.word(index - 1) == "من" and any(_bare(self.word(index - k)) in lx.YEAR_PARTS for k in (2, 3))

    def is_year_list(self, index: int) -> bool:
        """The second year of عامي 2019 و2020."""
        previous = self.found[-1] if self.found else None
        return bool(
            previous and previous[2]["kind"] is Kind.YEAR and previous[1] >= index - 1 and self.word(index - 1) == "و"
        )

    def date_after(self, index: int, day: int, first: int | None = None) -> int | None:
        """A month (and year) after a day number ending at token `index`."""
        probe = index + 1 if self.word(index) == "من" else index
        month = self.month_at(probe)
        if month is None:
            return None
        end = month[1]
        year = self.year_at(end)
        extra = {"month": month[0]}
        if year:
            extra["year"], end = year
        return self.emit(index - 1 if first is None else first, end, day, Kind.DATE, **extra)

    def time_from(self, first: int, end: int, hour: float) -> int:
        """A clock time whose hour ends at token `end`; adds والنصف, الا ربعا and صباحا/مساء."""
        word = self.word(end)
        if _in(word, lx.HOUR_FRACTIONS) and word.startswith("و"):
            hour, end = hour + lx.HOUR_FRACTIONS[_bare(word)], end + 1
        elif word == "و" and self.word(end + 1) in lx.HOUR_FRACTIONS:
            hour, end = hour + lx.HOUR_FRACTIONS[self.word(end + 1)], end + 2
        elif word == "الا" and self.word(end + 1) in lx.HOUR_MINUS:
            hour, end = hour - lx.HOUR_MINUS[self.word(end + 1)], end + 2
        elif (
            word == "و"
            and self.is_digits(end + 1)
            and _in(self.word(end + 2), lx.MINUTE_WORDS)
            and _value(self.words[end + 1]) < 60
        ):
            hour, end = hour + _value(self.words[end + 1]) / 60, end + 3  # الساعة 14 و25 دقيقة
        if _in(self.word(end), lx.TIME_OF_DAY):
            end += 1
        return self.emit(first, end, round(hour, 4), Kind.TIME)

    def at_word(self, index: int) -> int | None:
        word = self.word(index)
        bare = _bare(word)
        if bare in lx.WEEKDAYS or (bare.startswith(("ب", "ل")) and bare[1:] in lx.WEEKDAYS):
            return index + 1
        if bare in ("اول", "ول") and self.word(index + 1) == "من" and self.word(index + 2) == "امس":
            return index + 3
        month = self._single_month(index)
        if month and month[1] == index + 2:  # كانون الاول: never an ordinal
            year = self.year_at(month[1])
            return self.emit(month[1], year[1], year[0], Kind.YEAR, month=month[0]) if year else month[1]
        if month and _in(self.word(index), lx.MONTHS) and (year := self.year_at(index + 1)):
            return self.emit(index + 1, year[1], year[0], Kind.YEAR, month=month[0])
        if bare == "الساعه":
            hour = _lookup(self.word(index + 1), lx.HOUR_WORDS, allow="ال")
            if hour:
                end = self.teen_hour(index + 2, hour[1])
                return self.time_from(index + 1, end[1], end[0])
            return None
        for matcher in _matchers_for(word):
            end = matcher(self, index)
            if end:
                return end
        return None

    def teen_hour(self, index: int, hour: int) -> tuple[int, int]:
        return (hour + 10, index + 1) if self.word(index) in lx.TEN_MARKS else (hour, index)

    def at_hour_word(self, index: int) -> int | None:
        """الرابعه والنصف فجرا: a feminine ordinal with a fraction or a time of day is a clock time."""
        hour = _lookup(self.word(index), lx.HOUR_WORDS, allow="وال")
        if not hour or "ال" not in hour[0]:
            return None
        value, end = self.teen_hour(index + 1, hour[1])
        nxt = self.word(end)
        if _in(nxt, lx.TIME_OF_DAY) or (nxt.startswith("و") and nxt[1:] in lx.HOUR_FRACTIONS) or nxt == "الا":
            return self.time_from(index, end, value)
        return None

    def at_fraction(self, index: int) -> int | None:
        """نصف، ثلث، ربعهم، ثلثي: a share; ساعة ونصف، ساعتين ونصف: a duration; مزدوج، كلاهما: two."""
        word = self.word(index)
        if _stem_in(word, lx.TWO_WORDS):
            return self.emit(index, index + 1, 2, Kind.DUAL)
        units = _lookup(word, lx.HALF_UNITS, allow="وفبل")
        if units and self.word(index + 1) == "ونصف":
            return self.emit(index, index + 2, units[1] + 0.5, Kind.CARDINAL)
        share = _lookup(word, lx.FRACTIONS)
        if share and not (self.found and self.found[-1][1] == index and self.found[-1][2]["kind"] is Kind.TIME):
            return self.emit(index, index + 1, round(share[1], 4), Kind.FRACTION)
        return None

    def at_vague(self, index: int) -> int | None:
        word = self.word(index)
        found = _lookup(word, lx.VAGUE)
        if found:
            stem = _stem_in(word, lx.VAGUE)
            low, high = found[1]
            end = index + 1
            thousands = _lookup(self.word(end), {"الاف": 1}, allow="ال")
            if stem in lx.VAGUE_OF_THOUSANDS and thousands:
                (low, high), end = lx.VAGUE_OF_THOUSANDS[stem], end + 1
            elif stem == "الاف" and self.previous_is_number(index):
                return None
            return self.emit(index, end, None, Kind.CARDINAL, low=low, high=high, qualifier=Qualifier.VAGUE)
        many = _lookup(word, lx.VAGUE_NEEDING_MIN, allow="وفبلك")
        after = self.word(index + 1)
        # عدد من، العديد من، عدد كبير من: "a number of", never "the number" (عدد القتلى)
        if many and (after == "من" or (after in ("كبير", "قليل") and self.word(index + 2) == "من")):
            low, high = many[1]
            return self.emit(index, index + 1, None, Kind.CARDINAL, low=low, high=high, qualifier=Qualifier.VAGUE)
        return None

    def previous_is_number(self, index: int) -> bool:
        return bool(self.found) and self.found[-1][1] == index

    def at_ordinal(self, index: int) -> int | None:
        found = _lookup(self.word(index), lx.ORDINALS)
        if not found:
            return None
        value = found[1]
        stem = _stem_in(self.word(index), lx.ORDINALS)
        end = index + 1
        if self.word(end) in lx.TEN_MARKS:
            value, end = value + 10, end + 1
        elif value == 1 and stem in ("حادي", "حاديه"):
            return None
        date = self.date_after(end, value, first=index)
        if date:
            return date
        if self.word(end) == "من" and _bare(self.word(end + 1)).startswith(("عمر", "العمر")):
            return self.emit(index, end, value, Kind.CARDINAL)  # في الرابعة عشرة من عمره: aged 14
        return self.emit(index, end, value, Kind.ORDINAL)

    def at_number_words(self, index: int) -> int | None:
        parsed = self.number_words(index)
        if parsed is None:
            return None
        value, end = parsed
        # Dual noun with an explicit اثنين after it is one mention, handled by at_dual.
        if (
            value == 2
            and end == index + 1
            and self.found
            and self.found[-1][1] == index
            and self.found[-1][2]["kind"] is Kind.DUAL
        ):
            return None
        if 1 <= value <= 31 and (date := self.date_after(end, value, first=index)):
            return date
        return self.cardinal(index, end, value)

    def cardinal(self, first: int, end: int, value) -> int:
        """A cardinal, or a percentage when بالمئه / في المئه / % follows."""
        after = self.word(end)
        for words in lx.PERCENT_WORDS:
            if words[0] == after and tuple(self.word(end + k) for k in range(len(words))) == words:
                return self.emit(first, end + len(words), value, Kind.PERCENT)
        return self.emit(first, end, value, Kind.CARDINAL)

    def number_words(self, index: int) -> tuple[int, int] | None:
        """Parse a number written in words (and scale words) starting at `index`.

        Grammar, per thousand-group: [hundreds] [unit | teen] [و tens], then an optional scale word
        that multiplies the group; groups are joined by و with decreasing scales.
        """
        total, group, last, last_scale = 0, 0, None, float("inf")
        unit_value = 0
        position = index
        end = None
        while position < len(self.words):
            word, wa = self.word(position), False
            step = position
            if position > index:
                if word == "و":
                    wa, step = True, position + 1
                    word = self.word(step)
                elif word.startswith("و") and len(word) > 2:
                    wa, word = True, word[1:]
            allow = "وفبلكال" if position == index else "ال"
            unit = _lookup(word, lx.UNITS, allow=allow)
            teen_unit = _lookup(word, lx.TEEN_ONLY_UNITS, allow=allow)
            tens = _lookup(word, lx.TENS, allow=allow)
            hundred = _lookup(word, lx.HUNDREDS, allow=allow)
            scale = _lookup(word, lx.SCALES, allow=allow)
            next_is_ten = self.word(step + 1) in lx.TEN_MARKS
            starts_group = last is None or (wa and last in ("hundred", "scale"))
            any_unit = unit or teen_unit
            if starts_group and any_unit and next_is_ten and any_unit[1] < 10:
                group += any_unit[1] + 10
                last, step = "teen", step + 1
            elif starts_group and any_unit and (unit or (any_unit[1] == 1 and self.tens_follow(step + 1))):
                unit_value = any_unit[1]  # إحدى وعشرون: 21
                group += unit_value
                last = "unit"
            elif tens and (starts_group or (wa and last == "unit" and unit_value < 10)):
                group += tens[1]
                last = "tens"
            elif hundred and (last is None or (wa and last == "scale")):
                group += hundred[1]
                last = "hundred"
            elif not wa and last == "unit" and word in lx.HUNDRED_WORDS and 3 <= unit_value <= 9:
                group += unit_value * 99
                last = "hundred"
            elif scale and scale[1][0] < last_scale:
                size, form = scale[1]
                if not wa and last in ("unit", "teen", "tens", "hundred") and form != "dual":
                    if form == "plural" and not (last == "unit" and 3 <= group <= 10):
                        break
                    total += group * size
                elif starts_group and form in ("singular", "dual", "construct"):
                    total += group + (size if form == "singular" else 2 * size)
                else:
                    break
                group, last, last_scale = 0, "scale", size
            else:
                break
            end = step + 1
            position = end
        if end is None:
            return None
        return total + group, end

    def at_one_of(self, index: int) -> int | None:
        """أحد عناصر الأمن, إحدى القرى, أحدهم: one of them, a count of one."""
        word = _bare(self.word(index))
        if self.word(index - 1) in lx.NEGATIONS:
            return None
        nxt = self.word(index + 1)
        if word in lx.ONE_OF_PRONOUNS or (
            word in lx.ONE_OF and nxt[:1].isalpha() and nxt not in lx.TEN_MARKS and not nxt[0].isdecimal()
        ):
            return self.emit(index, index + 1, 1, Kind.CARDINAL)
        return None

    def tens_follow(self, index: int) -> bool:
        """A tens word joined by و starts at `index` (وعشرون, و عشرين)."""
        word = (
            self.word(index + 1)
            if self.word(index) == "و"
            else self.word(index)[1:]
            if self.word(index).startswith("و")
            else ""
        )
        return bool(word) and _lookup(word, lx.TENS, allow="ال") is not None

    def at_dual(self, index: int) -> int | None:
        word = self.word(index)
        # A noun right after a number is its counted noun (a dual joined by و is a count of its own:
        # مدنيان وجنديان); after اثنين من the count is the number before من.
        if (self.previous_is_number(index) and not word.startswith("و")) or (
            self.word(index - 1) == "من" and self.previous_is_number(index - 1)
        ):
            return None
        if word in lx.NOT_DUALS:
            return None
        for _prefix, stem in readings(word):
            kind = _dual_kind(stem)
            if kind is None:
                continue
            if self.word(index + 1) in ("اثنين", "اثنان", "اثنتين", "اثنتان"):
                return self.emit(index, index + 2, 2, Kind.DUAL)
            if kind == "dual" and stem in lx.PLURALS_IN_AN:
                kind = "maybe"
            if kind == "dual" or self.dual_agreement(index + 1):
                return self.emit(index, index + 1, 2, Kind.DUAL)
            return None
        return None

    def dual_agreement(self, index: int) -> bool:
        """A dual verb or pronoun within the clause after a -ين noun (تعرضا للقتل وفقدا حياتهما)."""
        for position in range(index, min(index + 6, len(self.words))):
            word = self.words[position]
            if word in _CLAUSE_BREAK or word[0].isdecimal() or word in lx.AGREEMENT_STOPS:
                return False
            bare = _bare(word)
            if bare in lx.DUAL_VERBS or bare.endswith("هما") or _IMPERFECT_DUAL.match(bare):
                return True
        return False

    # ---- qualifiers and output ----------------------------------------------------------------
    def to_mention(self, first: int, end: int, fields: dict) -> NumberMention:
        if fields["kind"] in (Kind.CARDINAL, Kind.DUAL, Kind.PERCENT) and fields["qualifier"] is Qualifier.EXACT:
            first, end, fields = self.attach_qualifier(first, end, fields)
        start, stop = self.norm.to_original(self.starts[first], self.ends[end - 1])
        definite = fields["kind"] is Kind.CARDINAL and self.definite(first)
        return NumberMention(text=self.norm.original[start:stop], start=start, end=stop, definite=definite, **fields)

    def definite(self, first: int) -> bool:
        if _bare(self.word(first - 1)) == "ال":  # الـ72، الـ 10
            return True
        number_words = (lx.UNITS, lx.TENS, lx.HUNDREDS)
        return any(
            "ال" in prefix and any(stem in table for table in number_words)
            for prefix, stem in readings(self.word(first))
        )

    def attach_qualifier(self, first: int, end: int, fields: dict) -> tuple[int, int, dict]:
        value = fields["value"]
        for phrase, name in _PREFIX_BY_LAST_WORD.get(self.word(first - 1), ()):
            begin = first - len(phrase)
            if begin < 0:
                continue
            words = tuple(self.word(begin + k) for k in range(len(phrase)))
            if words == phrase or (_bare(words[0]), *words[1:]) == phrase:
                return begin, end, {**fields, **_bounds(name, value)}
        for phrase, name in lx.POSTFIX_QUALIFIERS:
            for gap in range(0, 4):
                nxt = self.word(end + gap)
                if nxt == phrase[0] and tuple(self.word(end + gap + k) for k in range(len(phrase))) == phrase:
                    return first, (end + gap + len(phrase) if gap == 0 else end), {**fields, **_bounds(name, value)}
                if not nxt or nxt in _CLAUSE_BREAK or nxt[0].isdecimal():
                    break
        return first, end, fields


@lru_cache(maxsize=65536)
def _matchers_for(word: str) -> tuple:
    """The word matchers of `_Parser.at_word` that may read a number at `word`, in their order: each
    needs the word itself in one of its tables, whatever the words around it."""
    candidates = (
        (_Parser.at_hour_word, (hour := _lookup(word, lx.HOUR_WORDS, allow="وال")) is not None and "ال" in hour[0]),
        (
            _Parser.at_fraction,
            bool(
                _stem_in(word, lx.TWO_WORDS)
                or _lookup(word, lx.HALF_UNITS, allow="وفبل")
                or _lookup(word, lx.FRACTIONS)
            ),
        ),
        (_Parser.at_vague, bool(_lookup(word, lx.VAGUE) or _lookup(word, lx.VAGUE_NEEDING_MIN, allow="وفبلك"))),
        (_Parser.at_ordinal, _lookup(word, lx.ORDINALS) is not None),
        (
            _Parser.at_number_words,
            any(_lookup(word, table) for table in (lx.UNITS, lx.TEEN_ONLY_UNITS, lx.TENS, lx.HUNDREDS, lx.SCALES)),
        ),
        (_Parser.at_one_of, _bare(word) in lx.ONE_OF_PRONOUNS or _bare(word) in lx.ONE_OF),
        (_Parser.at_dual, word not in lx.NOT_DUALS and any(_dual_kind(stem) for _, stem in readings(word))),
    )
    return tuple(matcher for matcher, possible in candidates if possible)


def _bounds(qualifier: str, value) -> dict:
    q = Qualifier(qualifier)
    if q in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        return {"qualifier": q, "low": value, "high": None}
    if q is Qualifier.LESS_THAN:
        return {"qualifier": q, "low": None, "high": value}
    return {"qualifier": q, "low": value, "high": value}


@lru_cache(maxsize=65536)
def _dual_kind(stem: str) -> str | None:
    """'dual' for a certain dual noun, 'maybe' for a -ين form that is also a sound plural."""
    for ending in ("ين", "ان"):
        if stem.endswith(ending):
            base = stem[: -len(ending)]
            # A feminine noun's dual (مجموعه → مجموعتين), from the reviewed list only.
            if base.endswith("ت") and base[:-1] in lx.DUAL_FEMININE_STEMS:
                return "dual"
            if base in lx.DUAL_STEMS:
                return "dual"
            # A nisba noun's -يان is a dual (فلسطينيان، عراقيان): its plural ends in -يون/-يين. From a
            # reviewed list: -يان also ends names (الغارديان) and other words (الأحيان، صبيان).
            if ending == "ان" and base in lx.NISBA_DUAL_BASES:
                return "dual"
            if base in lx.SOUND_PLURAL_STEMS:
                return "dual" if ending == "ان" else "maybe"
    for suffix in lx.DUAL_PRONOUN_SUFFIXES:  # عنصرينا، طفليه: the dual's construct form with a pronoun
        if stem.endswith("ي" + suffix) and len(stem) > len(suffix) + 3:
            base = stem[: -len(suffix) - 1]
            if base in lx.DUAL_STEMS or (base.endswith("ت") and base[:-1] in lx.DUAL_FEMININE_STEMS):
                return "dual"
        if stem.endswith("ين" + suffix) and stem[: -len(suffix) - 2] in lx.DUAL_STEMS:
            return "dual"
    return None


def find_numbers(text: str, norm: Normalized | None = None) -> list[NumberMention]:
    """Every number expression in an Arabic text, in order, with offsets into `text`; `norm`, when
    given, is `normalize(text)` already made."""
    return _Parser(text, norm).parse()
