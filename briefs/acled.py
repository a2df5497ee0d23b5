"""ACLED's vocabulary and coding rules: event and sub-event types, disorder types, count categories,
actor roles and inter codes, time and geo precisions, the interaction code and the conservative
fatality figure. Plain enums and functions over them: no model, no text of an article.

Source: ACLED Codebook 2023 and "Fatalities", Uses and limitations of ACLED data.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Protocol

from briefs.arabic.mention import Qualifier


class EventType(StrEnum):
    BATTLES = "Battles"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class SubEventType(StrEnum):
    # Battles
    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    # Explosions/Remote violence
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING_ARTILLERY_MISSILE_ATTACK = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE_LANDMINE_IED = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    # Violence against civilians
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION_FORCED_DISAPPEARANCE = "Abduction/forced disappearance"
    # Protests
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "Excessive force against protesters"
    # Riots
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    # Strategic developments
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP_ACTIVITY = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_OR_BASE_ESTABLISHED = "Headquarters or base established"
    LOOTING_PROPERTY_DESTRUCTION = "Looting/property destruction"
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "Non-violent transfer of territory"
    OTHER = "Other"


_S = SubEventType
SUB_EVENT_TYPES: dict[EventType, frozenset[SubEventType]] = {
    EventType.BATTLES: frozenset(
        {_S.ARMED_CLASH, _S.GOVERNMENT_REGAINS_TERRITORY, _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY}
    ),
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: frozenset(
        {
            _S.CHEMICAL_WEAPON,
            _S.AIR_DRONE_STRIKE,
            _S.SUICIDE_BOMB,
            _S.SHELLING_ARTILLERY_MISSILE_ATTACK,
            _S.REMOTE_EXPLOSIVE_LANDMINE_IED,
            _S.GRENADE,
        }
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: frozenset({_S.SEXUAL_VIOLENCE, _S.ATTACK, _S.ABDUCTION_FORCED_DISAPPEARANCE}),
    EventType.PROTESTS: frozenset(
        {_S.PEACEFUL_PROTEST, _S.PROTEST_WITH_INTERVENTION, _S.EXCESSIVE_FORCE_AGAINST_PROTESTERS}
    ),
    EventType.RIOTS: frozenset({_S.VIOLENT_DEMONSTRATION, _S.MOB_VIOLENCE}),
    EventType.STRATEGIC_DEVELOPMENTS: frozenset(
        {
            _S.AGREEMENT,
            _S.ARRESTS,
            _S.CHANGE_TO_GROUP_ACTIVITY,
            _S.DISRUPTED_WEAPONS_USE,
            _S.HEADQUARTERS_OR_BASE_ESTABLISHED,
            _S.LOOTING_PROPERTY_DESTRUCTION,
            _S.NON_VIOLENT_TRANSFER_OF_TERRITORY,
            _S.OTHER,
        }
    ),
}


def allowed_sub_event_types(event_type: EventType) -> list[SubEventType]:
    """The sub-event types of an event type, in ACLED's codebook order."""
    return [s for s in SubEventType if s in SUB_EVENT_TYPES[event_type]]


class DisorderType(StrEnum):
    POLITICAL_VIOLENCE = "Political violence"
    DEMONSTRATIONS = "Demonstrations"
    POLITICAL_VIOLENCE_DEMONSTRATIONS = "Political violence; Demonstrations"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


DISORDER_TYPES: dict[EventType, DisorderType] = {
    EventType.BATTLES: DisorderType.POLITICAL_VIOLENCE,
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: DisorderType.POLITICAL_VIOLENCE,
    EventType.VIOLENCE_AGAINST_CIVILIANS: DisorderType.POLITICAL_VIOLENCE,
    EventType.PROTESTS: DisorderType.DEMONSTRATIONS,
    EventType.RIOTS: DisorderType.DEMONSTRATIONS,
    EventType.STRATEGIC_DEVELOPMENTS: DisorderType.STRATEGIC_DEVELOPMENTS,
}
# Sub-event types whose disorder type differs from their event type's.
DISORDER_OVERRIDES: dict[SubEventType, DisorderType] = {
    SubEventType.MOB_VIOLENCE: DisorderType.POLITICAL_VIOLENCE_DEMONSTRATIONS,
}


def disorder_type_of(event_type: EventType, sub_event_type: SubEventType) -> DisorderType:
    return DISORDER_OVERRIDES.get(sub_event_type, DISORDER_TYPES[event_type])


class CountCategory(StrEnum):
    KILLED = "killed"
    WOUNDED = "wounded"
    ARRESTED = "arrested"
    ABDUCTED = "abducted"
    MISSING = "missing"
    DISPLACED = "displaced"


# A count's qualifier is the number parser's: one vocabulary from the Arabic text to the brief.
CountQualifier = Qualifier


class ActorRole(StrEnum):
    ACTOR1 = "actor1"
    ACTOR2 = "actor2"
    ASSOCIATE_ACTOR1 = "associate_actor1"
    ASSOCIATE_ACTOR2 = "associate_actor2"


class IncidentStatus(StrEnum):
    REPORTED = "reported"
    CLAIMED = "claimed"
    DENIED = "denied"


class TimePrecision(IntEnum):
    DAY = 1
    WEEK = 2
    MONTH = 3


class GeoPrecision(IntEnum):
    PLACE = 1  # the town or village itself (or a part of it)
    NEAR = 2  # near a named place, or in a district whose main town stands in
    REGION = 3  # only the province (admin1) is known


INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

# The region's countries, named in the schema so the model sees the expected codes; any other
# ISO 3166-1 alpha-3 code (three upper-case letters) is accepted too.
REGION_COUNTRIES: dict[str, str] = {
    "SYR": "Syria",
    "IRQ": "Iraq",
    "LBN": "Lebanon",
    "JOR": "Jordan",
    "PSE": "Palestine",
    "ISR": "Israel",
    "EGY": "Egypt",
    "LBY": "Libya",
    "TUN": "Tunisia",
    "DZA": "Algeria",
    "MAR": "Morocco",
    "MRT": "Mauritania",
    "SDN": "Sudan",
    "SSD": "South Sudan",
    "YEM": "Yemen",
    "SAU": "Saudi Arabia",
    "ARE": "United Arab Emirates",
    "OMN": "Oman",
    "QAT": "Qatar",
    "BHR": "Bahrain",
    "KWT": "Kuwait",
    "IRN": "Iran",
    "TUR": "Turkey",
    "SOM": "Somalia",
    "DJI": "Djibouti",
    "MLI": "Mali",
    "NER": "Niger",
    "TCD": "Chad",
}


class StatedCount(Protocol):
    """A count as an article states it (the model's `CountExtract` and the domain's `Count`)."""

    @property
    def value(self) -> int | None: ...
    @property
    def low(self) -> int | None: ...
    @property
    def high(self) -> int | None: ...
    @property
    def qualifier(self) -> Qualifier: ...


# ACLED codes the lowest reported figure ("the most conservative estimate available"). For a vague
# word it uses a conventional figure below the word's range: "When sources report estimates such as
# 'tens' or 'dozens' or 'hundreds,' ACLED codes 10 for 'tens,' 12 for 'dozens,' 100 for 'hundreds,'
# and so on" (ACLED, "Fatalities", Uses and limitations of ACLED data). Keyed by the low bound of
# the vague range as our parsers give it (عشرات/tens 20-99, dozens 24-99, scores 40-99, مئات/hundreds
# 200-999, آلاف/thousands 2,000-9,999, tens of thousands 20,000-99,999), largest first.
VAGUE_FIGURES: tuple[tuple[int, int], ...] = (
    (20_000, 10_000),  # عشرات الآلاف, tens of thousands
    (2_000, 1_000),  # آلاف, thousands, a few thousand
    (200, 100),  # مئات, hundreds, several hundred
    (24, 12),  # dozens, scores
    (20, 10),  # عشرات, tens
)
# Below 20 (بضعة، عدة، عدد من، العديد, a few, several, a number of) the word gives no magnitude:
# ACLED's rule for reported deaths of unknown number is 3 for an attack of limited scope and 10 for a
# significant attack in a war zone; without that judgement we take 3, kept inside the word's own
# range (a few = 2-5 → 3; a range starting above 3 → its low bound).
UNSPECIFIED_FIGURE = 3


def conservative_figure(count: StatedCount) -> int:
    """The lowest figure a count reports, by ACLED's conservative rule.

    - exact, approximately, at_least, more_than: `low` when given, else `value` ("more than 30"
      → 30: ACLED records the reported figure, not an invented 31);
    - less_than: the ceiling is no figure of its own; the report still says some were counted, so 1
      (0 for "fewer than 1"), or `low` when the words also give one;
    - vague: `VAGUE_FIGURES` by the range's low bound, else `UNSPECIFIED_FIGURE` kept in the range.
    Never negative, and never above what the count states (`value`, or `high` for a vague count).
    """
    if count.qualifier is CountQualifier.VAGUE:
        low = count.low or 0
        for floor, figure in VAGUE_FIGURES:
            if low >= floor:
                return figure
        figure = max(low, UNSPECIFIED_FIGURE)
        return figure if count.high is None else min(figure, count.high)
    assert count.value is not None
    if count.qualifier is CountQualifier.LESS_THAN:
        figure = count.low if count.low is not None else 1
        return max(0, min(figure, count.value - 1))
    return count.low if count.low is not None else count.value


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction: both inter codes, smaller digit first (12); actor1 alone: inter1 × 10 (20)."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
