"""The English sentence of an incident, as a reader would write it.

One entry point, `sentence(event, dating)`, over typed facts (`Event`): the event type, its parties by
role, its counts, its place and its day. Templates are keyed on the event type, the roles and the
counts: the active voice when the perpetrator is known ("Islamic State fighters killed five Syrian
government soldiers in an attack"), the passive when not ("Two civilians were killed in a bomb
blast"); battles are "clashes between A and B"; arrests are the arresting force's. Counted nouns carry
their side where the count's party is known, numbers up to ten are words, and ACLED's names read as a
reader names them (`data/english.json`: "Military Forces of Iraq" is "Iraqi forces", "Islamic State
(Iraq)" is "Islamic State"), falling back to the ACLED name.

Every number the sentence states is one of the counts or the day, so the grounding checker can
trace each to the article. The day comes in two wordings (`Dating`): the calendar date at its
precision (the incident's notes, which the brief shows; the checker takes the event date as the
date's own evidence), or the day as the article states it ("on Sunday", "last week"; the article's
summary, every number of which must be stated in the source). A day the article does not state, or
one resolved against today for want of a publication date, is not written as a date at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path

from briefs.acled import CountCategory, CountQualifier, EventType, GeoPrecision, SubEventType, TimePrecision
from briefs.extract.places import country_names

_DATA = Path(__file__).parent / "data" / "english.json"
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_VAGUE = {3: "several", 20: "dozens of", 200: "hundreds of", 2000: "thousands of"}  # by the vague word's low end
_QUALIFIERS = {
    CountQualifier.AT_LEAST: "at least ",
    CountQualifier.MORE_THAN: "more than ",
    CountQualifier.APPROXIMATELY: "about ",
    CountQualifier.LESS_THAN: "fewer than ",
}


class DayStated(Enum):
    """How the article states the event's day."""

    CALENDAR = "calendar"  # a day and month, in digits or words («13 آذار»)
    WEEKDAY = "weekday"  # «الأحد»
    YESTERDAY = "yesterday"  # «أمس»
    DAYS_BEFORE = "days before"  # «أول من أمس»
    LAST_WEEK = "last week"  # «الأسبوع الماضي»


class Dating(Enum):
    """How the sentence words the day."""

    CALENDAR = "calendar"  # "on 13 March 2024", "in the week of 11 March 2024", "in March 2024"
    AS_STATED = "as stated"  # the calendar date only where the article states it; else "on Sunday", "last week"


class Told(Enum):
    """How the article tells a battle: as clashes (or killing words alone, which say nothing of who
    struck), or as one side's attack on the other."""

    CLASHES = "clashes"  # «اشتباكات», «مقتل جنديين»
    ATTACK = "attack"  # «هجوم», «اغتيال»: one side attacked men of the other


@dataclass(frozen=True, slots=True)
class EventDay:
    day: date
    precision: TimePrecision
    stated: DayStated | None  # None: the article states no day (the publication date stands in)
    guessed: bool = False  # resolved against today: the article has no publication date


@dataclass(frozen=True, slots=True)
class Party:
    """An actor by its ACLED name and inter code (1 state forces … 8 external forces)."""

    name: str
    inter: int


@dataclass(frozen=True, slots=True)
class Tally:
    """A count: its category, figure and qualifier, and who was counted: a role noun ("soldiers",
    "fighters", "police", "members", "suspects", "civilians", "people", "forces") and the side the
    article names with it ("government", "ISIS", "Houthi"), if any."""

    category: CountCategory
    value: int | None
    low: int | None
    qualifier: CountQualifier
    role: str
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    admin1: str | None
    country: str  # ISO 3166-1 alpha-3
    precision: GeoPrecision = GeoPrecision.PLACE


@dataclass(frozen=True, slots=True)
class Event:
    event_type: EventType
    sub_event_type: SubEventType
    actor1: Party | None
    actor2: Party | None
    tallies: tuple[Tally, ...]
    place: Place
    day: EventDay
    told: Told = Told.CLASHES


def sentence(event: Event, dating: Dating = Dating.CALENDAR) -> str:
    """The incident in one English sentence, capitalised and ending with a full stop."""
    said = _what_happened(event)
    where = _place_phrase(event.place)
    when = _day_phrase(event.day, dating)
    text = f"{said} {where}"
    if when:
        text += f"{',' if ',' in where else ''} {when}"
    return text[0].upper() + text[1:] + "."


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------


@cache
def _table() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@cache
def _countries_by_name() -> dict[str, str]:
    return {name: code for code, name in country_names().items()}


_STATE = re.compile(r"(Military|Police) Forces of (?:the )?(.+)")
_OF_COUNTRY = re.compile(r"(.+?) \((.+)\)")  # "Islamic State (Iraq)", "Unidentified Armed Group (Mali)"
_ACRONYM = re.compile(r"[A-Z][A-Za-z/-]+: (.+)")  # "HTS: Hayat Tahrir al-Sham"


class _Kind(Enum):
    MILITARY = "military"
    POLICE = "police"
    ARMED = "armed"  # rebels, militias, external forces that are not a state's own
    UNIDENTIFIED = "unidentified"
    CIVILIANS = "civilians"
    PROTESTERS = "protesters"


@dataclass(frozen=True, slots=True)
class _Side:
    """A party as the sentence names it: as a subject ("Iraqi forces", "the Houthis") and before a
    counted noun ("Iraqi", "Houthi")."""

    kind: _Kind
    name: str
    adjective: str

    @property
    def armed(self) -> bool:
        return self.kind in (_Kind.MILITARY, _Kind.POLICE, _Kind.ARMED)

    @property
    def state(self) -> bool:
        return self.kind in (_Kind.MILITARY, _Kind.POLICE)


def demonym(country: str) -> str | None:
    """ "Iraqi" for IRQ; None for a country the table does not name."""
    return _table()["demonyms"].get(country)


@cache
def _side(party: Party) -> _Side:
    name = party.name
    if (state := _STATE.fullmatch(name)) is not None:
        kind = _Kind.MILITARY if state.group(1) == "Military" else _Kind.POLICE
        country = _countries_by_name().get(state.group(2)) or _countries_by_name().get(f"the {state.group(2)}")
        adjective = (demonym(country) if country else None) or ""
        if not adjective:
            return _Side(kind, name, "")  # a country the table does not name keeps its ACLED name
        return _Side(kind, f"{adjective} {'forces' if kind is _Kind.MILITARY else 'police'}", adjective)
    if party.inter == 7 or name.startswith("Civilians"):
        return _Side(_Kind.CIVILIANS, "civilians", "")
    if party.inter == 6 or name.startswith("Protesters"):
        return _Side(_Kind.PROTESTERS, "protesters", "")
    if name.startswith("Unidentified"):
        return _Side(_Kind.UNIDENTIFIED, "gunmen", "")
    readable = _table()["actors"].get(name)
    if readable is not None:
        subject = readable["name"]
        return _Side(_Kind.ARMED, subject, readable.get("adjective", subject.removeprefix("the ")))
    if (acronym := _ACRONYM.fullmatch(name)) is not None:
        name = acronym.group(1)
    if (paren := _OF_COUNTRY.fullmatch(name)) is not None and paren.group(2) in _countries_by_name():
        name = paren.group(1)  # "Islamic State (Iraq)": the branch's country goes without saying
    return _Side(_Kind.ARMED, name, name)


def _perpetrator(party: Party | None) -> _Side | None:
    """Who did it, when the sentence can name them: never civilians, protesters or an unnamed group."""
    if party is None:
        return None
    side = _side(party)
    return side if side.armed else None


# --------------------------------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------------------------------

# role → (singular, plural); a count's "forces" (a side named with no noun) reads as its soldiers or fighters
_NOUNS = {
    "people": ("person", "people"),
    "civilians": ("civilian", "civilians"),
    "soldiers": ("soldier", "soldiers"),
    "police": ("police officer", "police officers"),
    "fighters": ("fighter", "fighters"),
    "members": ("member", "members"),
    "suspects": ("suspect", "suspects"),
    "protesters": ("protester", "protesters"),
}
# the side the extractor's count names → how a reader writes it; True: a state's forces
_COUNT_SIDES = {
    "government": ("government", True),
    "Russian": ("Russian", True),
    "Turkish": ("Turkish", True),
    "ISIS": ("Islamic State", False),
    "SDF": ("SDF", False),
    "Houthi": ("Houthi", False),
    "Iran-backed": ("Iran-backed", False),
    "al-Shabaab": ("al-Shabaab", False),
}
_UNARMED = ("people", "civilians", "protesters")


def _figure(tally: Tally) -> str:
    """The figure as a reader writes it: up to ten in words, the source's qualifier kept."""
    if tally.qualifier is CountQualifier.VAGUE:
        return _VAGUE.get(tally.low or 0, "several")
    value = tally.value
    spelled = NUMBER_WORDS[value] if value is not None and 0 <= value <= 10 else str(value)
    return _QUALIFIERS.get(tally.qualifier, "") + spelled


def _one(tally: Tally) -> bool:
    return tally.qualifier is not CountQualifier.VAGUE and tally.value == 1


def _owners(event: Event) -> dict[int, _Side]:
    """Whose each armed count the article names no side for is, where the event's parties say so: in a
    battle either side's, in any
    other event the target's (actor 2), never the doer's. Soldiers are a state's military, police its
    police, fighters and suspects the one named armed group; members that group's too unless its dead
    are counted as fighters or no group is named (then a state's forces)."""
    parties = (event.actor2, event.actor1) if event.event_type is EventType.BATTLES else (event.actor2,)
    sides = [_side(p) for p in parties if p is not None]
    military = next((s for s in sides if s.kind is _Kind.MILITARY), None)
    police = next((s for s in sides if s.kind is _Kind.POLICE), None)
    groups = [s for s in sides if s.kind is _Kind.ARMED]
    group = groups[0] if len(groups) == 1 else None
    members: _Side | None = None
    if group is not None and not any(t.role == "fighters" and not t.side for t in event.tallies):
        members = group
    elif len(groups) <= 1:
        members = military or police
    by_role = {"soldiers": military, "police": police, "fighters": group, "suspects": group, "members": members}
    return {i: owner for i, t in enumerate(event.tallies) if not t.side and (owner := by_role.get(t.role)) is not None}


def _government(event: Event) -> str:
    """The adjective of "government" soldiers: the state whose military is a party ("Syrian government")."""
    military = next(
        (s for p in (event.actor2, event.actor1) if p is not None and (s := _side(p)).kind is _Kind.MILITARY), None
    )
    return f"{military.adjective} government" if military is not None and military.adjective else "government"


def _counted(tally: Tally, owner: _Side | None, government: str = "government") -> str:
    """ "five Syrian government soldiers", "one Tunisian police officer", "dozens of people"."""
    figure, role = _figure(tally), tally.role
    if tally.side and role not in _UNARMED:
        adjective, state = _COUNT_SIDES.get(tally.side, (tally.side, False))
        if role == "members" and state:  # "eight members of the government forces"
            return f"{figure} {_noun(tally, role)} of the {adjective} forces"
        adjective = government if adjective == "government" else adjective
        if role == "forces":
            role = "soldiers" if state else "fighters"
        if role == "suspects" or (tally.category is CountCategory.ARRESTED and not state):
            return f"{figure} suspected {adjective} {_noun(tally, 'members')}"
        return f"{figure} {adjective} {_noun(tally, role)}"
    if owner is None or role in _UNARMED:
        # members of no side the article names are people (soldiers, police and fighters say what they were)
        return f"{figure} {_noun(tally, 'people' if role in ('members', 'forces') else role)}"
    if role == "members" and owner.state:  # "two members of the Egyptian forces"
        return f"{figure} {_noun(tally, role)} of {'the ' if owner.adjective else ''}{owner.name}"
    if role == "suspects" or (tally.category is CountCategory.ARRESTED and not owner.state):
        return f"{figure} suspected {owner.adjective} {_noun(tally, 'members')}"
    return " ".join(w for w in (figure, owner.adjective, _noun(tally, role)) if w)


def _noun(tally: Tally, role: str) -> str:
    singular, plural = _NOUNS.get(role, _NOUNS["people"])
    return singular if _one(tally) else plural


def _be(tally: Tally) -> str:
    return "was" if _one(tally) else "were"


_ACTIVE = {
    CountCategory.KILLED: "killed",
    CountCategory.WOUNDED: "wounded",
    CountCategory.ABDUCTED: "abducted",
    CountCategory.ARRESTED: "arrested",
}
_PASSIVE = {
    **_ACTIVE,
    CountCategory.MISSING: "reported missing",
    CountCategory.DISPLACED: "displaced",
}


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _by_category(event: Event, tallies: list[Tally]) -> list[tuple[CountCategory, list[str], Tally]]:
    """Each category once, with its counted nouns ("three soldiers", "two civilians") and its first tally."""
    owners, government = _owners(event), _government(event)
    grouped: dict[CountCategory, list[Tally]] = {}
    for tally in tallies:
        grouped.setdefault(tally.category, []).append(tally)
    return [
        (category, [_counted(t, owners.get(event.tallies.index(t)), government) for t in group], group[0])
        for category, group in grouped.items()
    ]


def _passive(event: Event, tallies: list[Tally]) -> str:
    """ "two soldiers and three fighters were killed and four civilians wounded"."""
    parts = []
    for i, (category, counted, first) in enumerate(_by_category(event, tallies)):
        be = ("were" if len(counted) > 1 else _be(first)) + " " if not i else ""
        parts.append(f"{_listed(counted)} {be}{_PASSIVE[category]}")
    return _listed(parts)


def _active(event: Event, tallies: list[Tally], verbs: tuple[CountCategory, ...]) -> str:
    """ "killed five soldiers and wounded three civilians", the categories the subject did (`verbs`)
    first; then the rest in the passive (", and four people were arrested")."""
    done = [t for t in tallies if t.category in verbs]
    rest = [t for t in tallies if t.category not in verbs]
    said = _listed([f"{_ACTIVE[category]} {_listed(counted)}" for category, counted, _ in _by_category(event, done)])
    if rest:
        said += f", and {_passive(event, rest)}"
    return said


_HARMED = (CountCategory.KILLED, CountCategory.WOUNDED)  # what clashes or a blast do
_AGENT = (*_HARMED, CountCategory.ABDUCTED)  # what a doer does
_STATE_AGENT = (*_AGENT, CountCategory.ARRESTED)  # what a state's forces do


# --------------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------------

# How a reader names each kind of event (never ACLED's slash-joined vocabulary: "remote explosive/landmine/ied").
EVENT_NOUNS = {
    SubEventType.SUICIDE_BOMB: "a suicide bombing",
    SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED: "a bomb blast",
    SubEventType.AIR_DRONE_STRIKE: "an air strike",
    SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK: "shelling",
    SubEventType.GRENADE: "a grenade attack",
    SubEventType.CHEMICAL_WEAPON: "a chemical attack",
    SubEventType.ARMED_CLASH: "clashes",
    SubEventType.GOVERNMENT_REGAINS_TERRITORY: "fighting",
    SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY: "fighting",
    SubEventType.ATTACK: "an attack",
    SubEventType.ABDUCTION_FORCED_DISAPPEARANCE: "an abduction",
    SubEventType.SEXUAL_VIOLENCE: "an assault",
    SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS: "a protest",
    SubEventType.PROTEST_WITH_INTERVENTION: "a protest",
    SubEventType.PEACEFUL_PROTEST: "a protest",
    SubEventType.VIOLENT_DEMONSTRATION: "a riot",
    SubEventType.MOB_VIOLENCE: "mob violence",
}
_ORDER = (
    CountCategory.KILLED,
    CountCategory.WOUNDED,
    CountCategory.ABDUCTED,
    CountCategory.MISSING,
    CountCategory.DISPLACED,
    CountCategory.ARRESTED,
)


def _ordered(event: Event, categories: tuple[CountCategory, ...] | None = None) -> list[Tally]:
    """The tallies in the order killed, wounded, abducted, missing, displaced, arrested (the article's
    order within each)."""
    kept = [t for t in event.tallies if categories is None or t.category in categories]
    return sorted(kept, key=lambda t: _ORDER.index(t.category))


def _what_happened(event: Event) -> str:
    if event.sub_event_type is SubEventType.ARRESTS:
        return _arrests(event)
    if event.event_type is EventType.PROTESTS:
        return _protest(event)
    if event.event_type is EventType.BATTLES:
        return _battle(event)
    noun = EVENT_NOUNS.get(event.sub_event_type, "an incident")
    # an attack by gunmen, an abduction: the verb says it ("gunmen killed …", "gunmen abducted …")
    named = event.sub_event_type is not SubEventType.ABDUCTION_FORCED_DISAPPEARANCE
    doer = _perpetrator(event.actor1)
    unnamed = event.actor1 is not None and _side(event.actor1).kind is _Kind.UNIDENTIFIED
    if unnamed and event.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS:
        doer, named = _side(event.actor1), named and noun != "an attack"
    tallies = _ordered(event)
    if not tallies:
        if doer is not None:
            return f"{_subject(doer)} carried out {noun}"
        return f"{noun} {'were' if noun == 'clashes' else 'was'} reported"
    in_noun = f" in {noun}" if named else ""
    if doer is None:
        return _passive_or_opened(event, tallies, noun, in_noun)
    verbs = _STATE_AGENT if doer.state else _AGENT
    if any(_own_side(t, doer) for t in tallies) or not any(t.category in verbs for t in tallies):
        # the doer's own men among the counted (an attacker killed), or nothing the doer did to someone
        return _passive_or_opened(event, tallies, f"{noun} by {_subject(doer)}", f"{in_noun} by {_subject(doer)}")
    return f"{_subject(doer)} {_active(event, tallies, verbs)}{in_noun}"


def _own_side(tally: Tally, doer: _Side) -> bool:
    """The count names the doer's side: "ISIS fighters" in Islamic State's attack, "government" in a state's."""
    if not tally.side or tally.role in _UNARMED:
        return False
    adjective, state = _COUNT_SIDES.get(tally.side, (tally.side, False))
    return adjective == doer.adjective or (state and adjective == "government" and doer.state)


def _subject(side: _Side) -> str:
    """An armed group as the doer: its fighters ("Islamic State fighters killed …"); a state's forces,
    a coalition or a movement by its name."""
    if side.kind is _Kind.ARMED and side.name == side.adjective and " " not in side.name and side.name.istitle():
        return side.name  # "Hamas", "Hezbollah", "Hasm"
    if side.kind is _Kind.ARMED and side.name == side.adjective:
        return f"{side.name} fighters"
    return side.name


def _sides_phrase(event: Event) -> str:
    """ "between Iraqi forces and Islamic State", "involving Tunisian police"; never civilians, and
    unnamed gunmen after the named side."""
    named = [_side(p) for p in (event.actor1, event.actor2) if p is not None]
    names = [s.name for s in named if s.armed] + [s.name for s in named if s.kind is _Kind.UNIDENTIFIED]
    if len(names) == 2 and names[0] != names[1]:
        return f" between {names[0]} and {names[1]}"
    if names and names[0] != "gunmen":
        return f" involving {names[0]}"
    return ""


def _battle(event: Event) -> str:
    """ "clashes between A and B killed five soldiers"; "five soldiers and three fighters were killed
    in clashes between A and B" when more than one side's dead are counted."""
    noun = EVENT_NOUNS.get(event.sub_event_type, "clashes")
    between = _sides_phrase(event)
    tallies = _ordered(event)
    attacker = _side(event.actor1) if event.actor1 is not None else None
    if (
        event.told is Told.ATTACK
        and attacker is not None
        and (attacker.armed or attacker.kind is _Kind.UNIDENTIFIED)
        and any(t.category in _HARMED for t in tallies)
        and not any(_own_side(t, attacker) for t in tallies)
        and attacker not in _owners(event).values()  # its own men among the dead: a fight, told as clashes
    ):  # "Islamic State fighters killed five Syrian soldiers in an attack"
        return (
            f"{_subject(attacker)} {_active(event, tallies, _STATE_AGENT if attacker.state else _AGENT)} in an attack"
        )
    if not tallies:
        return f"{noun} broke out{between}" if noun == "clashes" else f"{noun} was reported{between}"
    killed = [t for t in tallies if t.category is CountCategory.KILLED]
    if len(killed) > 1 or not any(t.category in _HARMED for t in tallies):
        return _passive_or_opened(event, tallies, f"{noun}{between}", f" in {noun}{between}")
    return f"{noun}{between} {_active(event, tallies, _HARMED)}"


def _passive_or_opened(event: Event, tallies: list[Tally], noun: str, in_noun: str) -> str:
    """ "two people were killed in a bomb blast"; a sentence opens with no digits, so "a suicide bombing
    killed 128 people" or "in clashes between A and B, 11 people were arrested"."""
    passive = _passive(event, tallies)
    if not passive[0].isdigit():
        return f"{passive}{in_noun}"
    if any(t.category in _HARMED for t in tallies):
        return f"{noun} {_active(event, tallies, _HARMED)}"
    return f"in {noun}, {passive}"


def _arrests(event: Event) -> str:
    """ "Iraqi security forces arrested 12 suspected Islamic State members"."""
    doer = _perpetrator(event.actor1)
    subject = doer.name if doer is not None else "the authorities"
    held = _ordered(event, (CountCategory.ARRESTED,))
    target = _side(event.actor2) if event.actor2 is not None else None
    if held:
        said = f"{subject} {_active(event, held, (CountCategory.ARRESTED,))}"
    elif target is not None and target.kind is _Kind.ARMED:
        said = f"{subject} arrested suspected {target.adjective} members"
    else:
        said = f"{subject} made arrests"
    others = [t for t in _ordered(event) if t.category is not CountCategory.ARRESTED]
    return said + (f", and {_passive(event, others)}" if others else "")


def _protest(event: Event) -> str:
    """ "Israeli forces killed six people and wounded 192 at a protest"; "a protest was held"."""
    force = next((_side(p) for p in (event.actor2, event.actor1) if p is not None and _side(p).state), None)
    # the harmed at a protest are the crowd's: a side the count names there is the force's, misread
    event = replace(event, tallies=tuple(replace(t, role="people", side=None) for t in event.tallies))
    tallies = _ordered(event)
    # force against protesters, an intervention, arrests: a state's forces by ACLED's definitions
    forces = force.name if force is not None else "security forces"
    if any(t.category in _STATE_AGENT for t in tallies):
        return f"{forces} {_active(event, tallies, _STATE_AGENT)} at a protest"
    if tallies:
        return _passive_or_opened(event, tallies, "a protest", " at a protest")
    if event.sub_event_type is SubEventType.PEACEFUL_PROTEST:
        return "a protest was held"
    return f"{forces} broke up a protest"


# --------------------------------------------------------------------------------------------------
# Place and day
# --------------------------------------------------------------------------------------------------


def _place_phrase(place: Place) -> str:
    """ "in Ghardimaou, Jendouba, Tunisia", "near Amerli, Salah al-Din, Iraq"."""
    country = country_names().get(place.country, place.country)
    # the gazetteer's namesakes ("Rafah (Egypt)", "Rafah (Gaza)") part by the province and country that follow
    parts = [_OF_COUNTRY.sub(r"\1", place.name)]
    if place.admin1 and place.admin1 != place.name:
        parts.append(place.admin1)
    if country != place.name:
        parts.append(country)
    return f"{'near' if place.precision is GeoPrecision.NEAR else 'in'} {', '.join(parts)}"


def _calendar(day: date, precision: TimePrecision) -> str:
    if precision is TimePrecision.MONTH:
        return f"in {day:%B %Y}"
    if precision is TimePrecision.WEEK:
        return f"in the week of {day.day} {day:%B %Y}"
    return f"on {day.day} {day:%B %Y}"


def _day_phrase(day: EventDay, dating: Dating) -> str:
    """The day at its precision; nothing when the article states none, or only a guess could date it."""
    if day.stated is None:
        return ""
    if dating is Dating.CALENDAR:
        return "" if day.guessed else _calendar(day.day, day.precision)
    if day.stated is DayStated.CALENDAR:
        return f"on {day.day.day} {day.day:%B}" if day.guessed else _calendar(day.day, day.precision)
    return {
        DayStated.WEEKDAY: f"on {day.day:%A}",
        DayStated.YESTERDAY: "yesterday",
        DayStated.LAST_WEEK: "last week",
    }.get(day.stated, "")
