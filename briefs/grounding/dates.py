"""Days in English text ("on Monday", "yesterday", "last week") and the days an Arabic source states.

A weekday is supported when the source names it (يوم الاثنين), states a date that falls on it, or
says اليوم / أمس and its publication date makes that day the weekday. It is unsupported when the
source states no such day. "last week / month / year" is supported by the source's own words for it
and otherwise unknown (a publication date alone does not say what happened last week). Explicit
dates ("13 December") are figures: the number check judges them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from briefs.arabic.clitics import stems
from briefs.arabic.mention import Kind, NumberMention
from briefs.arabic.phrases import Token

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_AR_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
# الاثنين is also "the two": a weekday only after a time word or before الماضي/المقبل.
_AR_TIME_WORDS = frozenset(
    {"يوم", "مساء", "صباح", "فجر", "ليل", "ليله", "ظهر", "عصر", "ظهيره", "منذ", "الماضي", "المقبل", "امس", "اليوم"}
)
_AR_TODAY, _AR_YESTERDAY = frozenset({"اليوم"}), frozenset({"امس", "البارحه"})
_AR_NOT_TODAY = frozenset({"العالمي", "الوطني", "التالي", "السابق"})  # اليوم العالمي: a named day, not "today"
_AR_LAST = {"week": ("الاسبوع", "اسبوع"), "month": ("الشهر",), "year": ("العام", "السنه")}
_AR_PAST = frozenset({"الماضي", "المنصرم", "الفائت"})
_DAY_FORMS = (
    frozenset(_AR_WEEKDAYS) | _AR_TODAY | _AR_YESTERDAY | {noun for nouns in _AR_LAST.values() for noun in nouns}
)

_EN_DAY = re.compile(
    r"\b(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?"
    r"|(?P<relative>[Tt]oday|[Yy]esterday|[Tt]onight)"
    r"|(?P<last>[Ll]ast (?:week|month|year)))\b"
)
CALENDAR_WORDS = frozenset(WEEKDAYS) | {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Today",
    "Yesterday",
}


@dataclass(frozen=True, slots=True)
class DayClaim:
    """A day named in English: a weekday (0 = Monday), days before publication, or a last period."""

    text: str
    start: int
    end: int
    weekday: int | None = None
    days_before: int | None = None  # 0 today, 1 yesterday
    period: str | None = None  # "week", "month", "year" of "last week"


@dataclass(frozen=True, slots=True)
class DayWord:
    """A day the source states: a weekday, today/yesterday, a last period or a date."""

    start: int
    end: int
    weekday: int | None = None
    days_before: int | None = None
    period: str | None = None
    day: tuple[int, int, int | None] | None = None  # (day, month, year) of a stated date


@dataclass(frozen=True, slots=True)
class DayVerdict:
    supported: bool | None  # None: the source cannot say
    evidence: tuple[DayWord, ...]
    note: str


def is_calendar_word(word: str) -> bool:
    return word in CALENDAR_WORDS


def find_days(text: str) -> list[DayClaim]:
    claims = []
    for m in _EN_DAY.finditer(text):
        if m.group("weekday"):
            claims.append(DayClaim(m.group(), m.start(), m.end(), weekday=WEEKDAYS.index(m.group("weekday"))))
        elif m.group("relative"):
            claims.append(
                DayClaim(m.group(), m.start(), m.end(), days_before=1 if m.group().lower() == "yesterday" else 0)
            )
        else:
            claims.append(DayClaim(m.group(), m.start(), m.end(), period=m.group().split()[1]))
    return claims


def source_days(source: str, tokens: list[Token], numbers: Iterable[NumberMention]) -> tuple[DayWord, ...]:
    """The days `source` states, from its tokens (briefs.arabic.phrases) and its number mentions."""
    words: list[DayWord] = []
    day_words = {word for word in {token.text for token in tokens} if not _DAY_FORMS.isdisjoint(stems(word))}
    for i in [i for i, token in enumerate(tokens) if token.text in day_words]:  # each distinct word tested once
        token = tokens[i]
        forms = stems(token.text)
        before = tokens[i - 1].text if i else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        weekday = next((_AR_WEEKDAYS[f] for f in forms if f in _AR_WEEKDAYS), None)
        set_off = "،" in source[max(0, token.start - 2) : token.start] + source[token.end : token.end + 2]
        if weekday == 0 and not (set_off or {before, after} & _AR_TIME_WORDS or set(stems(before)) & _AR_TIME_WORDS):
            weekday = None
        if weekday is not None:
            words.append(DayWord(token.start, token.end, weekday=weekday))
        elif set(forms) & _AR_TODAY and after not in _AR_NOT_TODAY:
            words.append(DayWord(token.start, token.end, days_before=0))
        elif set(forms) & _AR_YESTERDAY:
            words.append(DayWord(token.start, token.end, days_before=1))
        elif after in _AR_PAST:
            period = next((p for p, nouns in _AR_LAST.items() if set(forms) & set(nouns)), None)
            if period:
                words.append(DayWord(token.start, tokens[i + 1].end, period=period))
    for mention in numbers:
        if mention.kind is Kind.DATE and mention.month and isinstance(mention.value, int):
            words.append(DayWord(mention.start, mention.end, day=(mention.value, mention.month, mention.year)))
    return tuple(sorted(words, key=lambda w: w.start))


def judge_day(claim: DayClaim, days: tuple[DayWord, ...], published: date | None) -> DayVerdict:
    if claim.period:
        same = tuple(w for w in days if w.period == claim.period)
        return (
            DayVerdict(True, same, "")
            if same
            else DayVerdict(None, (), f"the source does not say 'last {claim.period}'")
        )
    wanted = claim.weekday
    if claim.days_before is not None:
        same = tuple(w for w in days if w.days_before == claim.days_before)
        if same:
            return DayVerdict(True, same, "")
        if published is None:
            return DayVerdict(None, (), "no publication date to place it")
        wanted = (published - timedelta(days=claim.days_before)).weekday()
    matching = tuple(w for w in days if _weekday_of(w, published) == wanted)
    if matching:
        return DayVerdict(True, matching, "")
    stated = [day for w in days if (day := _weekday_of(w, published)) is not None]
    if published is None and len(stated) < len([w for w in days if w.period is None]):
        return DayVerdict(None, (), "the source places its days by its publication date, which is not given")
    if stated:
        return DayVerdict(False, (), f"the source gives {', '.join(sorted({WEEKDAYS[day] for day in stated}))}")
    return DayVerdict(False, (), "the source states no day")


def _weekday_of(word: DayWord, published: date | None) -> int | None:
    if word.weekday is not None:
        return word.weekday
    if word.days_before is not None and published is not None:
        return (published - timedelta(days=word.days_before)).weekday()
    if word.day is not None:
        day, month, year = word.day
        year = year or (published.year if published else None)
        if year is None:
            return None
        try:
            return date(year, month, day).weekday()
        except ValueError:  # an impossible date in the source
            return None
    return None
