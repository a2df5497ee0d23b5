"""The offline lexicon extractor: a dictionary-based event coder for Arabic security news.

In the line of TABARI and PETRARCH: sentences are scanned for event words, places, actors, dates
and numbers from reviewed dictionaries (`data/*.json`); a sentence with an event word that is not
negated, hypothetical or background history makes or extends an incident; counts come from the
number parser with the event word nearest each number; the English summary is written from
templates, so every figure in it is one the article states. It returns the same Extraction as the
LLM extractor, with exact evidence spans, and needs no model, key or network.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Literal, NamedTuple

from briefs.acled import CountCategory, CountQualifier, EventType, GeoPrecision, SubEventType, TimePrecision
from briefs.arabic.clitics import stems
from briefs.arabic.mention import Kind, NumberMention
from briefs.arabic.normalize import normalize, normalize_text
from briefs.arabic.phrases import PhraseIndex, Token, tokenize
from briefs.extract import english, placing
from briefs.extract.base import Outcome
from briefs.extract.grounding import ground, result_from
from briefs.extract.places import country_names, gazetteer
from briefs.extract.schema import Extraction
from briefs.grounding.align import FUZZY_THRESHOLD
from briefs.grounding.checker import source_numbers
from briefs.grounding.context import person_noun, singular_counts
from briefs.inputs import ArticleText

DATA = Path(__file__).parent / "data"
COUNTED = ("killed", "wounded", "arrested", "abducted", "missing", "displaced")
_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]?")
_PLACE_RANK = {"town": 0, "admin2": 1, "admin1": 2, "country": 3}
STATISTIC_MIN = 100  # a figure this large, told once as statistics, is statistics wherever it is repeated
_DATELINE = re.compile(r"[ \t]*(?:[،,][^\n(،,.]{0,40})?[ \t]*(?:\(|-|–|—)")  # «دبي، الإمارات (CNN)--», «واشنطن - »
_DEFINITE = re.compile(r"(?:[وف]?[بكل]?ال|[وف]?لل)")  # a word's article, behind its conjunction and preposition
_LIES = {"تقع", "يقع", "الواقعة", "الواقع", "الواقعه"}
# event words that alone say nothing of the weapon or the victim (not a bombing, assassination or abduction)
VAGUE_CUES = ("attack", "clash", "killing", "arrest", "protest")
HISTORY_DAYS = 31  # news reports events of the last days; a month-old date is background ("last month's attack")


@cache
def _data(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@cache
def _dictionaries():
    triggers, places, actors = _data("triggers"), gazetteer(), _data("actors")["entries"]
    events = PhraseIndex([(stem, event) for event in triggers["events"] for stem in event["stems"]], prefix=True)
    cues = {
        name: {normalize_text(w) for w in triggers[name]}
        for name in (
            "negation",
            "denial",
            "claim",
            "claim_words",
            "hypothetical",
            "background",
            "instruction",
            "separate",
            "spatial",
            "consequence",
            "landmark",
            "breakdown",
            "rising",
            "armed_victims",
            "non_conflict",
            "agent",
            "agent_after",
            "target",
            "speaker",
            "reference",
            "preliminary",
            "speech",
            "self_report",
            "truce",
            "allegiance",
            "fighting",
            "attacker",
            "the_attacker",
            "accusation",
            "own_men",
            "strike_means",
            "interception",
            "suspicion",
            "control",
            "struck",
            "partner",
            "request",
            "authorities",
            "many",
            "several",
            "back_reference",
            "unused_weapon",
            "bombardment",
            "air_weapon",
            "artillery",
            "firearm",
            "incident_nouns",
            "dispersal",
            "vandalism",
            "joint_killed",
            "joint_wounded",
            "march",
            "march_context",
            "remnants",
            "until",
        )
    }
    # Who announced or revealed something: the day next to it is the day it was said, not the event's.
    cues["reporting"] = cues["speaker"] | {normalize_text(w) for w in triggers["reporting"]}
    cues["crowd_control_phrases"] = _phrase_table(triggers["crowd_control"])
    cues["lag_phrases"] = _phrase_table(triggers["lag"])
    # Background phrases of several words ("الحرب العالمية", "منذ بداية العام"), by their first word.
    cues["background_phrases"] = {}
    # Disasters and accidents (زلزال، فيضانات، تحطم طائرة) are no political violence: ACLED does not code them.
    for phrase in cues["background"] | cues["non_conflict"]:
        first, *rest = phrase.split()
        cues["background_phrases"].setdefault(first, []).append(tuple(rest))
    # Whole-article frames read from the headline and lede: history («حدث في 1 أكتوبر»), explainers and
    # profiles («لماذا»، «لمحة عن»، «حكاية») and disasters.
    for name in ("history_frame", "explainer_frame", "report_frame", "sports_frame", "non_conflict", "today"):
        cues[f"{name}_phrases"] = _phrase_table(triggers[name])
    # «ضربة جوية أميركية»: the nationality after an air strike or shelling word names the state that struck.
    cues["nationality"] = {
        normalize_text(adjective): country
        for country, adjectives in triggers["nationality"].items()
        if country != "source"
        for adjective in adjectives
    }
    place_index = PhraseIndex([(alias, entry) for entry in places for alias in entry["ar"]])
    for entry in actors:  # compared with the matched phrase, which is normalized
        entry["_ambiguous"] = frozenset(normalize_text(alias) for alias in entry.get("ambiguous", ()))
        entry["_definite"] = frozenset(normalize_text(alias) for alias in entry.get("definite", ()))
    actor_index = PhraseIndex([(alias, entry) for entry in actors for alias in entry["ar"]])
    branches = {(e["generic"], e["country"]): e for e in actors if e.get("generic")}
    return events, cues, place_index, actor_index, branches


def _phrase_table(phrases: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases of one or more words by their first word (normalized), for `_has_phrase`."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        first, *rest = normalize_text(phrase).split()
        table.setdefault(first, []).append(tuple(rest))
    return table


def _has_phrase(tokens: list[Token], table: dict[str, list[tuple[str, ...]]]) -> bool:
    words = [t.text for t in tokens]
    return any(
        tuple(words[index + 1 : index + 1 + len(rest)]) == rest
        for index, token in enumerate(tokens)
        for first in stems(token.text)
        for rest in table.get(first, ())
    )


def _headline(sentences: list[_Sentence]) -> list[_Sentence]:
    """The headline: the first two sentences in Arabic (past a line of metadata, «antcorpus/… .txt»)."""
    return [s for s in sentences if _in_arabic(s)][:2]


@dataclass
class _Sentence:
    start: int
    end: int
    tokens: list[Token]
    events: list = field(default_factory=list)
    places: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    background: bool = False
    teaser: bool = False  # a link to another story: not news, and not this article's statistics either
    denied: bool = False
    claimed: bool = False
    pledging: bool = False  # names an attacker and a pledge word (_pledged)


class _DateCue(NamedTuple):
    """A date cue in a sentence: the day it names, its ACLED precision, the span of its words in the text,
    how the year was found ("stated": given; "fixed": a weekday beside a day and month fixes it; "relative":
    resolved against the anchor) and how the article states the day."""

    when: date
    precision: int
    start: int
    end: int
    basis: Literal["stated", "fixed", "relative"]
    stated: english.DayStated


class _Dated(NamedTuple):
    """An incident's date: the day, its precision, the Arabic words stating it and how (None: the article
    states none), and whether the day is a guess."""

    when: date
    precision: int
    quote: str | None
    stated: english.DayStated | None
    guessed: bool


@dataclass
class _Incident:
    sentences: list[_Sentence] = field(default_factory=list)
    # state forces the article names only as a source («وفق ما أعلنت وزارة الدفاع»): name → its words
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def events(self):
        return [e for s in self.sentences for e in s.events]


class LexiconExtractor:
    name: Literal["lexicon"] = "lexicon"
    model_name = None

    def __init__(self, *, threshold: float = FUZZY_THRESHOLD) -> None:
        self.threshold = threshold  # its quotes are exact spans, but a caller's threshold is honoured alike
        self.events, self.cues, self.places, self.actors, self.branches = _dictionaries()
        self.news_days: int = _data("triggers")["news_days"]
        by_cue = {event["cue"]: event for event in _data("triggers")["events"]}
        self.weapons = {"air_weapon": by_cue["air"], "artillery": by_cue["shelling"]}  # what settles a bare «قصف»
        self.protest = by_cue["protest"]

    def extract(self, article: ArticleText) -> Outcome:
        extraction, guessed = self._code(article)
        grounded = ground(extraction, article.text, threshold=self.threshold)
        if any(guessed):
            grounded.failures.append(
                "no publication date: weekdays and dates without a year were resolved against today"
            )
        result = result_from(
            extraction,
            grounded,
            article,
            extractor=self.name,
            model=None,
            prompt_id=None,
            prompt_hash=None,
            attempts=1,
            threshold=self.threshold,
        )
        if any(guessed):  # the guess travels with each incident to the brief's Needs review and its JSON
            result = result.model_copy(
                update={
                    "incidents": [
                        incident.model_copy(update={"date_guessed": flag})
                        for incident, flag in zip(result.incidents, guessed, strict=True)
                    ]
                }
            )
        return Outcome(result, 1, result.flags)

    def extract_many(self, articles: Sequence[ArticleText], *, concurrency: int | None = None) -> list[Outcome]:
        return [self.extract(article) for article in articles]

    def close(self) -> None:
        pass

    # ---- coding -------------------------------------------------------------------------------
    def code(self, article: ArticleText) -> Extraction:
        return self._code(article)[0]

    def _code(self, article: ArticleText) -> tuple[Extraction, list[bool]]:
        """The extraction, and for each incident whether its date is a guess."""
        text = article.text
        published = article.published_at
        norm = normalize(text)
        tokens = tokenize(text, norm)
        numbers = list(source_numbers(text).mentions)  # parsed and annotated once; grounding reuses them
        sentences = self._sentences(text, tokens, numbers)
        incidents = self._news_only(text, sentences, self._incidents(sentences, published), published)
        # an incident whose sentences name no day happened on the day the article's news names («اعتقلت … الجمعة» …
        # «وفي اليوم نفسه … تفجير انتحاري»), not on the publication day
        news_day = next((found for i in incidents if (found := self._first_date(i, published)) is not None), None)
        coded = [self._incident(text, incident, published, sentences, news_day) for incident in incidents]
        coded = [c for c in coded if c is not None]
        extraction = Extraction.model_validate({"incidents": [c[0] for c in coded], "summary": [c[1] for c in coded]})
        return extraction, [c[2] for c in coded]

    def _sentences(self, text: str, tokens: list[Token], numbers: list[NumberMention]) -> list[_Sentence]:
        sentences: list[_Sentence] = []
        position = 0
        body_started = False
        numbers = sorted(numbers, key=lambda n: n.start)
        number_starts = [n.start for n in numbers]  # each sentence takes its numbers by bisection: linear overall
        for match in _SENTENCE.finditer(text):
            start, end = match.start(), match.end()
            while start < end and text[start].isspace():
                start += 1
            if end - start < 3:
                continue
            while position < len(tokens) and tokens[position].start < start:
                position += 1
            first = position
            while position < len(tokens) and tokens[position].end <= end:
                position += 1
            own = tokens[first:position]
            if not own:
                continue
            sentence = _Sentence(start, end, own)
            sentence.events = self._asserted(own, self.events.find(own))
            # "فندق مكة المكرمة" in Mogadishu, "سفارة فرنسا" in Ouagadougou: a hotel's, a street's or an
            # embassy's name is not where the event happened.
            if (
                sentence.events or len(sentences) < 3
            ):  # only these are ever asked where or who (the rest: half the work)
                sentence.places = [
                    m
                    for m in self.places.find(own)
                    if not (m.first and "landmark" in _facts(own[m.first - 1].text).cues)
                ]
                sentence.actors = self._actors_in(text, own)
            sentence.numbers = [
                n for n in numbers[bisect_left(number_starts, start) : bisect_left(number_starts, end)] if n.end <= end
            ]
            cues = frozenset().union(*[_facts(t.text).cues for t in own])  # the cue lists its words are in
            sentence.denied = "denial" in cues
            sentence.claimed = "claim" in cues
            # an attacker's pledge («وقال المسلح إنه يقاتل لصالح …»), read by `_pledged` for every incident
            sentence.pledging = "attacker" in cues and not cues.isdisjoint({"allegiance", "fighting"})
            # An instruction to the reader or to a model ("تجاهل التعليمات واكتب …") is not news: a
            # planted sentence must not add figures to an incident.
            sentence.background = self._is_background(own, sentence.numbers) or "instruction" in cues
            sentence.background = sentence.background or self._lagging(own, sentence.events)
            # "… during the Second World War. It killed 220,000": a consequence told right after
            # history is history too.
            if sentences and sentences[-1].background and "consequence" in _facts(own[0].text).cues:
                sentence.background = True
            # Once the body has begun (a sentence ending in a full stop), a short line without one is a
            # link to another story ("الصومال: ارتفاع عدد القتلى في تفجير مقديشو إلى 358"), not news.
            finished = text[match.end() - 1] in ".!?؟"
            if body_started and not finished and len(own) < 15:
                sentence.background = sentence.teaser = True
            # (a headline's kicker, «العراق.. داعش يقتل …», is not the body's first sentence)
            body_started = body_started or (
                finished and len(own) > 3 and any("\u0621" <= t.text[0] <= "\u064a" for t in own)
            )
            sentences.append(sentence)
        self._marches(sentences)
        # A headline or lede that repeats a large figure the article gives as history or statistics
        # ("يقر بقتل 892 مدنياً" over "ما يرفع إلى 892 ... خلال نحو أربعة أعوام") is that statistic.
        statistics = {
            n.value
            for s in sentences
            if s.background and not s.teaser
            for n in s.numbers
            if n.kind is Kind.CARDINAL and (n.value or 0) >= STATISTIC_MIN and not _year_like(n)
        }
        for sentence in sentences:  # ... unless it names the day: «أسفر قصف ... الجمعة عن ... إصابة 120» is news
            if any(n.kind is Kind.CARDINAL and n.value in statistics for n in sentence.numbers) and not _weekday_in(
                sentence.tokens
            ):
                sentence.background = True
        return sentences

    def _marches(self, sentences: list[_Sentence]) -> None:
        """«تنظيم مسيرة بالعاصمة واشنطن»: a bare «مسيرة» organised, joined or marching for something (triggers.json
        "march_context", within three words) is a march, not a drone, and so is every other bare «مسيرة» of the
        article (one sense per discourse); «طائرة مسيرة» stays a drone."""

        def bare(match) -> bool:
            return match.payload["cue"] == "air" and match.phrase in self.cues["march"]

        marching = any(
            bare(m)
            and any(set(stems(t.text)) & self.cues["march_context"] for t in s.tokens[max(0, m.first - 3) : m.last + 3])
            for s in sentences
            for m in s.events
        )
        if marching:
            for sentence in sentences:
                sentence.events = [replace(m, payloads=(self.protest,)) if bare(m) else m for m in sentence.events]

    def _actors_in(self, text: str, tokens: list[Token]) -> list:
        """The actor dictionary's matches, but not a name that is one only with its article (actors.json
        "definite") met without it: «قاعدة التيفور العسكرية», a base, is not «القاعدة»; «شباب» are youths, not
        «الشباب». The matcher strips clitics, so the article is read from the text itself."""
        return [
            m
            for m in self.actors.find(tokens)
            if not (
                all(m.phrase in entry["_definite"] for entry in m.payloads)
                and not _DEFINITE.match(text[m.start : m.end])
            )
        ]

    def _asserted(self, tokens: list[Token], events: list) -> list:
        """The event words the sentence asserts: not negated or hypothetical, nor in the same phrase as one
        that is («ربما قتلوا في اشتباكات»: the clash is as uncertain as the killing)."""
        kept, doubted_until = [], None
        for match in events:
            if (
                self._negated(tokens, match.first)
                or self._requested(tokens, match)
                or self._referenced(tokens, match.first)
                or self._unused(tokens, match)
                or (doubted_until is not None and match.first <= doubted_until + 3)
            ):
                doubted_until = match.last
            else:
                kept.append(match)
        return kept

    def _negated(self, tokens: list[Token], index: int) -> bool:
        """A negation or hypothetical cue within the two words before the event word."""
        window = {f for t in tokens[max(0, index - 2) : index] for f in stems(t.text)}
        return bool(window & (self.cues["negation"] | self.cues["hypothetical"]))

    def _requested(self, tokens: list[Token], match) -> bool:
        """«أنقرة تطلب رسميا من ألمانيا توقيف القيادي»: an arrest asked for within five words before is not
        made (triggers.json "request")."""
        if match.payload["cue"] != "arrest":
            return False
        return bool(
            {f for t in tokens[max(0, match.first - 5) : match.first] for f in stems(t.text)} & self.cues["request"]
        )

    def _unused(self, tokens: list[Token], match) -> bool:
        """«مسلحين يرتدون أحزمة ناسفة», «ضبط عبوات ناسفة», «أبطل مفعول 27 عبوة»: a weapon worn, seized, found
        or defused within three words before is no explosion (killing and clash words are left alone)."""
        if match.payload["event_type"] != "Explosions/Remote violence":
            return False
        return bool(
            {f for t in tokens[max(0, match.first - 3) : match.first] for f in stems(t.text)}
            & self.cues["unused_weapon"]
        )

    def _referenced(self, tokens: list[Token], index: int, window: int = 8) -> bool:
        """A blame or responsibility cue within `window` words before («حملتها مسؤولية محاولة اغتيال …
        بانفجار», «بتورطها في الهجوم»): the words after it name the earlier event the news refers to. A
        claim of responsibility («أعلن التنظيم مسؤوليته», «تبنى») is the event itself."""
        before = {f for t in tokens[max(0, index - window) : index] for f in stems(t.text)}
        if not before & self.cues["reference"]:
            return False
        return not {f for t in tokens for f in stems(t.text)} & self.cues["claim"]

    def _lagging(self, tokens: list[Token], events: list) -> bool:
        """«بعد أسابيع على اعتقال», «بعد أيام من الهجوم»: the sentence tells what came days or weeks after an
        earlier event (an event word or a noun of incidents, «الحادثة», within three words after the phrase); «بعد أيام
        من الصمت الرسمي» tells none."""
        words = [t.text for t in tokens]
        starts = {m.first for m in events}
        for index, word in enumerate(words):
            for rest in _facts(word).lag_rests:
                end = index + 1 + len(rest)
                if tuple(words[index + 1 : end]) != rest:
                    continue
                if starts & set(range(end, end + 3)) or any(
                    "incident_nouns" in _facts(w).cues for w in words[end : end + 3]
                ):
                    return True
        return False

    def _is_background(self, tokens: list[Token], numbers: list[NumberMention]) -> bool:
        """History or statistics, not news: a pluperfect (وكان ... قد), a 'since', 'yearly', 'during the
        war', 'cumulative toll' or report frame (triggers.json "background"), or a past year."""
        words = [t.text for t in tokens]
        if words and words[0] in ("وكان", "وكانت", "كان", "كانت") and "قد" in words[:15]:
            return True  # "وكان هجوم على الكاتدرائية في ديسمبر 2016 قد أسفر عن ...": the pluperfect
        for index, word in enumerate(words):
            rests = _facts(word).background_rests
            if not rests:  # most words begin no background phrase: the checks below are for the few that do
                continue
            if _DURATION & set(words[max(0, index - 3) : index]):
                continue  # «حكما بالسجن لمدة عشر سنوات»: a term, not years of history
            if index and set(stems(words[index - 1])) & self.cues["remnants"]:
                continue  # «لغم من مخلفات الحرب في اليمن»: the war left the mine, the blast is today's
            for rest in rests:
                if tuple(words[index + 1 : index + 1 + len(rest)]) == rest:
                    return True
        if self._years_ago(tokens, numbers):
            return True
        return any(n.kind is Kind.YEAR or _year_like(n) for n in numbers) and not any(
            n.kind is Kind.DATE for n in numbers
        )

    @staticmethod
    def _years_ago(tokens: list[Token], numbers: list[NumberMention]) -> bool:
        """«قبل 30 عاما»، «قبل 18 شهرا»، «قبل 3 عقود»: a count of months, years or decades ago, not an age («يبلغ 12
        عاما») nor days ago."""
        return any(_ago(tokens, n) in ("thing:month", "thing:year", "thing:decade") for n in numbers)

    def _incidents(self, sentences: list[_Sentence], published: date | None) -> list[_Incident]:
        incidents: list[_Incident] = []
        frame = [s.tokens for s in sentences[:2]]  # the headline and the lede
        if any(_has_phrase(tokens, self.cues["history_frame_phrases"]) for tokens in frame):
            return incidents  # «حدث في 1 أكتوبر»: a calendar of history, no news
        disaster = any(_has_phrase(tokens, self.cues["non_conflict_phrases"]) for tokens in frame)
        previous: _Sentence | None = None
        for sentence in sentences:
            told_after_history = previous is not None and self._continues_history(previous, sentence, published)
            previous = sentence
            if told_after_history:
                sentence.background = True  # so a third sentence in the same vein is history too
                continue
            if not sentence.events or sentence.background or self._long_ago(sentence, published):
                continue
            if disaster and (all(m.payload["cue"] == "killing" for m in sentence.events) or not _counts_in(sentence)):
                # «زلزال قوي ضرب أوساكا» … «مصرع شخصين»: the disaster's toll, no political violence; and a weapon's
                # word with no one harmed («رجال الإنقاذ مدعومين بعشرات المروحيات») is the relief, not a strike
                continue
            current = incidents[-1] if incidents else None
            opening = " ".join(t.text for t in sentence.tokens[:6])
            separate = any(cue in opening for cue in self.cues["separate"])
            # where the incident is so far (not a place its blame clause names, «حملتها مسؤولية … الإسكندرية»)
            known = (
                [m.payload for s in current.sentences for m in s.places if not self._referenced(s.tokens, m.first)]
                if current is not None
                else []
            )
            # A town inside the province a headline named ("جنوب لبنان" → "الناقورة") refines the place.
            # ... and a town in the country a headline named ("انفجار في الصومال" → "وانلاوين") does too.
            refines = (
                known
                and all(p["type"] in ("admin1", "country") for p in known)
                and any(
                    m.payload.get("admin1") in {p["admin1"] for p in known}
                    or (
                        all(p["type"] == "country" for p in known)
                        and m.payload["country"] in {p["country"] for p in known}
                    )
                    for m in sentence.places
                )
            )
            new_place = (
                current is not None
                and known  # a headline with no place takes the lede's («انتحاري يقتل العشرات» … «في كابل»)
                and sentence.places
                and not refines
                and not ({m.payload["en"] for m in sentence.places} & {p["en"] for p in known})
                and (
                    any(m.payload["type"] in ("town", "admin2") for m in sentence.places)
                    # figures in another province («محافظة حجة» after «محافظة الحديدة») are another event's
                    or (
                        {m.payload.get("admin1") for m in sentence.places if m.payload["type"] == "admin1"}
                        - {p.get("admin1") for p in known}
                        - {None}
                        and any(p.get("admin1") for p in known)
                    )
                )
            )
            kind_change = current is not None and (
                (_rank(sentence.events) == 8 and _rank(current.events) < 8 and sentence.places and new_place)
                # «اعتقلت السلطات نواز شريف» … «وهز البلاد الجمعة انفجاران»: a bombing after an arrest is its own
                or (_rank(current.events) == 8 and _rank(sentence.events) <= 4)
            )
            # A sentence dated to another day ("يوم الأحد" after a Monday raid) tells another event.
            other_day = (
                current is not None
                # with figures, or a kind of event the incident has not told («وداهمت القوات القرية صباح الجمعة»)
                and (_counts_in(sentence) or bool(_kinds(sentence.events) - _kinds(current.events)))
                and not self._points_back(sentence)
                and (when := self._date_cue(sentence, published)) is not None
                and ((first := self._first_date(current, published)) is not None and when.when != first.when)
            )
            # «إلى ذلك، قالت القوات الجوية … بعد هجوم على مدرستهن»: a sentence set apart that tells no figure, place or
            # kind of event of its own goes on telling the same event
            separate = separate and (
                current is None
                or _counts_in(sentence)
                or bool(new_place)
                or _rank(sentence.events) != _rank(current.events)
            )
            if current is None or separate or (new_place and _counts_in(sentence)) or kind_change or other_day:
                incidents.append(_Incident([sentence]))
            else:
                current.sentences.append(sentence)
        return incidents

    def _news_only(
        self, text: str, sentences: list[_Sentence], incidents: list[_Incident], published: date | None
    ) -> list[_Incident]:
        """ACLED codes what an article reports as news (triggers.json rules "News"). Where neither the headline
        nor the lede tells an event as news, or the headline asks a question or frames an explainer, the
        article's news is something else (a report, a ruling, a deportation, a diplomatic row): there an
        incident stands only where one of its sentences states the event with its figure, weapon or kind and
        a recent day."""
        if any(_has_phrase(s.tokens, self.cues["sports_frame_phrases"]) for s in _headline(sentences)):
            # «الهلال يقصف شباك النصر»، «أطلق قذيفة صاروخية سكنت الشباك»: a match's words of war harm no one; an
            # attack on its crowd («تفجير استهدف مشجعين يتابعون مباراة») counts its dead
            incidents = [i for i in incidents if any(_counts_in(s) for s in i.sentences)]
        if self._reports_an_event(text, sentences, published):
            return incidents
        framed = {m.payload["country"] for s in _headline(sentences) for m in s.places}
        return [
            i
            for i in incidents
            if any(
                self._dated_news(s, published)
                # a teaser of another story at the page's foot («أعلنت وكالة فارس … في سوريا») under a headline
                # on the Gulf states is not the article's news: news names the headline's country, if it names one
                and not (framed and {m.payload["country"] for m in s.places} - framed)
                for s in i.sentences
            )
        ]

    def _reports_an_event(self, text: str, sentences: list[_Sentence], published: date | None) -> bool:
        """The headline and lede (the first three sentences in Arabic, a kicker «سوريا..» or a site's name among them)
        tell an event as news, not background or long ago, under a headline (the first two) that asks no
        question («ماذا فعلت الحرب بسوريا؟»), frames no explainer («لمحة عن»، «حكاية») and tells its own event as news,
        not as background."""
        worded = [s for s in sentences if _in_arabic(s)]  # past a line of metadata («antcorpus/… .txt»)
        headline = _headline(sentences)
        if any(text[s.end - 1] in "؟?" for s in headline):
            return False
        if any(
            _has_phrase(s.tokens, self.cues[f"{frame}_phrases"])
            for frame in ("explainer_frame", "report_frame")
            for s in headline
        ):
            return False
        # a headline that tells its event as background («مقتل 3 آلاف مدني خلال 2017»، «بعد أشهر من تفجير مقديشو..»)
        # frames statistics or a follow-up; a long kicker's second half («يوم دام في أفغانستان.. قتلى وجرحى») is
        # read as a teaser, which is no background of the headline's
        title = [s for s in worded if "\n" not in text[worded[0].start : s.start]]  # the headline's own line
        eventful = [s for s in title if s.events]
        if eventful and all(s.background and not s.teaser for s in eventful):
            return False
        told = [s for s in worded[:3] if s.events and not s.background]
        # the lede dating the headline's event weeks back («لا أعلم من هاجم قواتنا» … «هجوما في 7 فبراير») looks back
        dates = [when.when for s in told if (when := self._date_cue(s, published)) is not None]
        if published is not None and dates and (published - dates[0]).days > self.news_days:
            return False
        return any(not self._long_ago(s, published) for s in told)

    def _dated_news(self, sentence: _Sentence, published: date | None) -> bool:
        """A sentence stating an event with its figure, or its weapon or kind («ضربة جوية»، «اغتيال»), and a day
        of the past `news_days` days («واعتقلت الشرطة نحو 50 شخصا ممن شاركوا في احتجاجات السبت الماضي»)."""
        if not sentence.events or sentence.background:
            return False
        if not _counts_in(sentence) and all(m.payload["cue"] in VAGUE_CUES for m in sentence.events):
            return False
        when = self._date_cue(sentence, published)
        if when is None:  # «قتل 58 فلسطينيا اليوم»، «صباح اليوم»: today is news, but not «حتى اليوم» (until now)
            words = [t.text for t in sentence.tokens]
            return any(
                tuple(words[index + 1 : index + 1 + len(rest)]) == rest
                and not (index and set(stems(words[index - 1])) & self.cues["until"])
                for index, word in enumerate(words)
                for first in stems(word)
                for rest in self.cues["today_phrases"].get(first, ())
            )
        return -1 <= ((published or date.today()) - when.when).days <= self.news_days

    def _points_back(self, sentence: _Sentence) -> bool:
        """«جراء تلك الغارات», «في الهجوم ذاته»: the event word points back at the event told before."""
        near = {  # the word before the event word and the word after it (not its own: «فجر نفسه»)
            f
            for m in sentence.events
            for i in (m.first - 1, m.last)
            if 0 <= i < len(sentence.tokens)
            for f in stems(sentence.tokens[i].text)
        }
        return bool(near & self.cues["back_reference"])

    def _continues_history(self, previous: _Sentence, sentence: _Sentence, published: date | None) -> bool:
        """«وتم العام الماضي … بعدما دهس رجل المارة» then «وقتل خمسة أشخاص وأصيب أكثر من 50»: figures with
        no place, party, date or source of their own, right after a sentence telling a past event, are that
        event's."""
        return (
            previous.background
            and not previous.teaser
            and bool(previous.events)
            and bool(sentence.events)
            and _counts_in(sentence)
            and not sentence.places
            and not sentence.actors
            and self._date_cue(sentence, published) is None
            # news is attributed («فيما أعلنت وزارة الصحة إصابة 307»), the rest of a story told before is not
            and not {f for t in sentence.tokens for f in stems(t.text)} & self.cues["reporting"]
        )

    def _long_ago(self, sentence: _Sentence, published: date | None) -> bool:
        """A sentence dated more than HISTORY_DAYS before publication tells history, not news
        («في 16 آذار/مارس 1988»); a date in the future of the publication is no news either."""
        if published is None:
            return False
        when = self._date_cue(sentence, published)
        return when is not None and not -1 <= (published - when.when).days <= HISTORY_DAYS

    def _incident(
        self,
        text: str,
        incident: _Incident,
        published: date | None,
        sentences: list[_Sentence],
        news_day: _DateCue | None,
    ):
        event = self._event(incident, sentences)
        # the figures of the event the news blames someone for («حملتها مسؤولية … مقتل شرطيين») are not its own
        counts = [
            c
            for c in self._counts(text, incident, sentences[1].end if len(sentences) > 1 else len(text))
            if not c.pop("_blamed")
        ]
        categories = {c["category"] for c in counts}
        location = self._location(text, incident, sentences)
        if location is None:
            return None
        actors = self._actors(text, incident, counts, location["country"])
        actors = self._pledged(text, sentences, incident, actors, location["country"], published)
        event_type, sub_event_type = self._event_type(event, incident, counts, actors)
        if sub_event_type == "Arrests" and "killed" in categories:
            # «ألقت القبض على الشبكة الضالعة في الهجوم الذي خلف 25 قتيلا»: the dead of the attack the
            # arrest refers to are that attack's, not the arrest's; an arrest raid that kills is a battle.
            own = [c for c in counts if not (c["category"] == "killed" and c["_referenced"])]
            if any(c["category"] == "killed" for c in own):
                event_type, sub_event_type = "Battles", "Armed clash"
            else:
                counts = own
                categories = {c["category"] for c in counts}
        if event_type == "Protests":
            # «بعد المذبحة التي خلفت 17 قتيلا … مسيرة»: the dead of the event a protest is about are not the protest's
            counts = [c for c in counts if not (c["category"] in ("killed", "wounded") and c["_referenced"])]
            categories = {c["category"] for c in counts}
        if sub_event_type == "Armed clash" and categories <= {"arrested"} and categories:
            event_type, sub_event_type = "Strategic developments", "Arrests"
        if event["cue"] == "arrest" and not any(a["_kind"] in ("state", "external") for a in actors):
            actors = self._authorities(text, incident, location["country"]) + actors
        # «تظاهر آلاف», «نحو 500 شخص»: a demonstration told with the size of its crowd is reported, not mentioned
        crowd = event["cue"] == "protest" and any(
            n.kind is Kind.CARDINAL and n.category is None and not (_counts_things(n) or _year_like(n))
            for s in incident.sentences[:2]
            for n in s.numbers
        )
        vague = event["cue"] in VAGUE_CUES and not crowd
        if not counts and vague and not any(a["_kind"] not in ("civilian", "unidentified") for a in actors):
            return None  # no figure, no weapon, no named party: a mention of violence, not a report of an event
        actors = self._cast(text, incident, actors, counts, event_type, sub_event_type, location["country"])
        dated = self._date(text, incident, published, news_day)
        first = incident.sentences[0]
        status = (
            "denied"
            if any(s.denied for s in incident.sentences)
            else "claimed"
            if any(s.claimed for s in incident.sentences)
            else "reported"
        )
        for count in counts:
            count.pop("_noun", None)
            count.pop("_after", None)
            count.pop("_head", None)
            count.pop("_victims", None)
            count.pop("_referenced", None)
        tallies = tuple(_tally(count, *count.pop("_side_role")) for count in counts)
        notes, summary_sentence = _written(
            text, incident, (event_type, sub_event_type, actors, counts, tallies, location), dated
        )
        incident_json = {
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "event_date": dated.when.isoformat(),
            "time_precision": dated.precision,
            "date_quote_ar": dated.quote,
            "location": location,
            "actors": actors,
            "counts": counts,
            "status": status,
            "notes_en": notes,
            "tags": sorted({m.payload["cue"] for m in incident.events}),
            "evidence_ar": [text[first.start : first.end].strip()],
        }
        return incident_json, summary_sentence, dated.guessed

    def _event_type(self, event: dict, incident: _Incident, counts: list[dict], actors: list[dict]) -> tuple[str, str]:
        """ACLED's decision rules (triggers.json "rules"): explosions win; a demonstration is a protest,
        with excessive force when people were killed or wounded; an attack or killing is a battle when
        its victims are armed, violence against civilians when they are not."""
        if event["event_type"] == "Explosions/Remote violence":
            return event["event_type"], event["sub_event_type"]
        # a demonstration in the headline, or tear gas and rubber bullets in the headline or lede
        if any(m.payload["cue"] == "protest" and m.phrase != "احتجاجا" for m in incident.sentences[0].events) or any(
            _has_phrase(s.tokens, self.cues["crowd_control_phrases"]) for s in incident.sentences[:2]
        ):
            if any(c["category"] in ("killed", "wounded") and not c["_referenced"] for c in counts):
                return "Protests", "Excessive force against protesters"
            if any(set(stems(t.text)) & self.cues["vandalism"] for s in incident.sentences[:2] for t in s.tokens):
                return "Riots", "Violent demonstration"  # «أحرق محتجون مبنى حكوميا»: the crowd's own violence
            # «فرقت الاعتصام بالقوة، مستخدمة … الغاز المسيل للدموع واعتقال العشرات»: dispersed, no one hurt
            met = any(c["category"] == "arrested" for c in counts) or any(
                _has_phrase(s.tokens, self.cues["crowd_control_phrases"])
                or any(set(stems(t.text)) & self.cues["dispersal"] for t in s.tokens)
                for s in incident.sentences
            )
            return "Protests", "Protest with intervention" if met else "Peaceful protest"
        victims = [c for c in counts if c["category"] in ("killed", "wounded", "abducted")]
        armed_nouns = any(
            role in (c.get("_noun") or "") for c in victims for role in ("role:soldier", "role:fighter", "role:police")
        ) or any(
            c["_after"] & self.cues["armed_victims"] for c in victims
        )  # "مقتل 5 جنود", "11 جهاديا": the counted noun
        if (
            event["cue"] == "clash"
            and not armed_nouns
            and any(m.payload["cue"] == "riot" for s in incident.sentences[:3] for m in s.events)
        ):  # «داهمت القوات القرية … اندلاع اشتباكات» … «مثيرو الشغب رشقوا القوات بالحجارة»: a riot, not a battle
            return "Riots", "Violent demonstration"
        if event["event_type"] is not None:
            return event["event_type"], event["sub_event_type"]
        armed_named = any(
            a["inter"] in (1, 2, 3, 4, 8) and a["_side"] == 2 for a in actors
        )  # an armed party among the counted
        if armed_nouns or (armed_named and not any("civilian" in (c.get("_noun") or "") for c in victims)):
            return "Battles", "Armed clash"
        if any(c["category"] == "abducted" for c in victims) and not any(c["category"] == "killed" for c in victims):
            return "Violence against civilians", "Abduction/forced disappearance"
        if _taken(incident, counts):
            return "Violence against civilians", "Abduction/forced disappearance"
        return "Violence against civilians", "Attack"

    def _event(self, incident: _Incident, article: list[_Sentence]) -> dict:
        """The lead sentence names the event; later sentences only settle a lead with killing words alone
        ("كانت ترتدي أحزمة ناسفة", said of the dead, does not make a raid a suicide bombing). A bombardment
        named by no weapon («قصف») is of the weapon the incident names, else the article (`_weapon`)."""
        chosen = self._lead_event(incident)
        if chosen.phrase in self.cues["bombardment"]:
            weapon = self._weapon(incident.sentences) or self._weapon([s for s in article if not s.teaser])
            if weapon is not None:
                return weapon
        return chosen.payload

    def _lead_event(self, incident: _Incident):
        lead = incident.sentences[0].events
        typed = [m for m in lead if m.payload["event_type"] is not None]
        if typed and typed[0].payload["cue"] == "arrest":
            return typed[0]  # "اعتقال … خلية تصنيع القنابل": the arrest is the news
        explosive = [m for m in typed if m.payload["rank"] <= 4]
        if explosive:
            chosen = min(explosive, key=lambda m: m.payload["rank"])
            # "تفجير" in the headline, "فجر انتحاري نفسه" in the lede: the bomber settles what the bombing was
            suicide = [m for s in incident.sentences[:3] for m in s.events if m.payload["cue"] == "suicide"]
            return suicide[0] if chosen.payload["cue"] == "ied" and suicide else chosen
        # «19 قتيلا في إطلاق نار في جامعة»: gunfire in the lead is the weapon, a blast told later does not change it
        shot = any(m.phrase in self.cues["firearm"] for m in lead)
        if (lead[0].payload["cue"] == "attack" or not typed) and not shot:
            # "هجوم" or killing words alone: the next sentences may name the bomb ("نفذه انتحاري"); else
            # who was hit decides (ACLED's rules). Rockets among an attack's weapons do not make it shelling.
            weapon = 2 if any(m.payload["cue"] == "attack" for m in lead) else 4
            later = [m for s in incident.sentences[1:3] for m in s.events if m.payload["rank"] <= weapon]
            if later:
                return min(later, key=lambda m: m.payload["rank"])
            if any(m.payload["cue"] == "attack" for m in lead):
                return next(m for m in lead if m.payload["cue"] == "attack")
        if typed:
            return typed[0]
        later = [  # in a sentence near the lede or with the figures (not «القصف المدفعي استهدف 185 هدفا» far below)
            m
            for i, s in enumerate(incident.sentences[1:])
            if i < 2 or _counts_in(s)
            for m in s.events
            if m.payload["cue"] in ("clash", "air", "shelling")
        ]
        return later[0] if later else lead[0]

    def _weapon(self, sentences: list[_Sentence]) -> dict | None:
        """«القصف الجوي والمدفعي», «طائراته ضربت 35 هدفا», «قصف بقذائف الهاون»: the first word of the incident that
        names an aircraft or a gun (triggers.json "air_weapon", "artillery") settles what a bare «قصف» was."""
        for sentence in sentences:
            for token in sentence.tokens:
                forms = set(stems(token.text))
                for kind in ("air_weapon", "artillery"):
                    if forms & self.cues[kind]:
                        return self.weapons[kind]
        return None

    def _counts(self, text: str, incident: _Incident, lede_end: int) -> list[dict]:
        counts: list[dict] = []
        seen: set[tuple] = set()
        for sentence in incident.sentences:
            # «قتل 25 شخصا في هجمات متفرقة»: the sum of several attacks, each of which may give its own figure
            summed = bool({f for t in sentence.tokens for f in stems(t.text)} & self.cues["several"])
            for number in sentence.numbers:
                if (
                    number.kind not in (Kind.CARDINAL, Kind.DUAL)
                    or number.category not in COUNTED
                    or _year_like(number)
                    or _counts_things(number)
                ):
                    continue
                if self._killed_and_wounded(sentence, number):
                    continue
                before = self._words_before(sentence, number, 1)
                if (
                    before & self.cues["breakdown"]
                    or self._words_before(sentence, number, 4) >= {"من", "بين"}
                    or [t.text for t in sentence.tokens if t.start >= number.end][:2] == ["من", "بين"]
                ):  # "25 قتيلا بينهم 9 صحفيين", "من بين القتلى 8", "27 من بين القتلى": part of the total
                    continue
                if before & {"الي", "الى"} and self._words_before(sentence, number, 12) & self.cues["rising"]:
                    # "ارتفعت حصيلة القتلى إلى 20": the new toll replaces what the article said before
                    counts = [c for c in counts if c["category"] != number.category]
                    seen = {k for k in seen if k[0] != number.category}
                preliminary = bool(self._words_before(sentence, number, 6) & self.cues["preliminary"])
                if not preliminary and any(c["_preliminary"] and c["category"] == number.category for c in counts):
                    # «أفاد في حصيلة أولية عن مقتل ثمانية … إلا أن الوزارة أعلنت مقتل ستة»: the later figure stands
                    counts = [c for c in counts if not (c["_preliminary"] and c["category"] == number.category)]
                    seen = {k for k in seen if k[0] != number.category}
                key = (number.category, number.value, number.low, number.high)
                told = next(
                    (
                        c
                        for c in counts
                        if c["category"] == number.category and c["value"] == number.value and number.value is not None
                    ),
                    None,
                )
                if told is not None and told["qualifier"] == "exact" and str(number.qualifier) != "exact":
                    # "11 قتيلاً" in the headline, "قتل 11 شخصا على الأقل" in the lede: the careful wording stands
                    told.update(
                        qualifier=str(number.qualifier),
                        low=number.low,
                        high=number.high,
                        evidence_ar=_clause(text, number, sentence),
                    )
                    continue
                gist = next(
                    (
                        c
                        for c in counts
                        if c["category"] == number.category
                        and c["qualifier"] == "vague"
                        and number.value is not None
                        and (c["low"] or 0) <= number.value <= (c["high"] or number.value)
                    ),
                    None,
                )
                if gist is not None and str(number.qualifier) != "vague":
                    counts.remove(
                        gist
                    )  # "جرح العشرات" in the lede, "أصيب 36 آخرون" below: the figure within it replaces it
                elif key in seen or any(
                    c["category"] == number.category and c["who"] == _who(number) and not c["_sum"] for c in counts
                ):
                    continue  # the same figure told twice ("مقتل 5 عناصر" … "وقتلت 5 عناصر")
                seen.add(key)
                counts.append(self._count(text, sentence, number, preliminary=preliminary, summed=summed))
        # «مقتل شرطي وإصابة 6»: a kind no figure counts, stated by a singular noun after its event word, is one
        stated = {c["category"] for c in counts}
        for sentence in incident.sentences:
            if sentence.start >= lede_end:
                break
            for one in singular_counts(text[sentence.start : sentence.end], offset=sentence.start):
                if one.category in stated or not self._singular_asserted(sentence, one):
                    continue
                stated.add(one.category)
                counts.append(self._count(text, sentence, one, preliminary=False, summed=False))
        # A vague figure beside a precise one of the same kind is the headline's gist of it ("مقتل
        # العشرات" over "قتل 26"): keep the precise one, or the fatalities would count them twice.
        precise = {c["category"] for c in counts if c["qualifier"] != "vague"}
        counts = [c for c in counts if c["qualifier"] != "vague" or c["category"] not in precise]
        # ... and one told before a preliminary figure of its kind stands too
        final = {c["category"] for c in counts if not c["_preliminary"]}
        counts = [c for c in counts if not (c.pop("_preliminary") and c["category"] in final)]
        own = {c["category"] for c in counts if not c["_sum"]}  # one attack's figure over the several attacks' sum
        return [c for c in counts if not (c.pop("_sum") and c["category"] in own)]

    def _count(self, text: str, sentence: _Sentence, number: NumberMention, *, preliminary: bool, summed: bool) -> dict:
        return {
            "category": number.category,
            "value": number.value,
            "low": number.low,
            "high": number.high,
            "qualifier": str(number.qualifier),
            "who": _who(number),
            "_side_role": _side_and_role(number),
            "evidence_ar": _clause(text, number, sentence),
            "_noun": " ".join(sorted(number.noun)),
            "_after": self._words_after(sentence, number, 4),
            "_head": _counted_noun(sentence, number),
            "_victims": self._span_after(sentence, number, 6),
            "_referenced": self._of_another_event(sentence, number),
            "_preliminary": preliminary,
            "_sum": summed,
            "_blamed": self._referenced(
                sentence.tokens,
                next((i for i, t in enumerate(sentence.tokens) if t.start >= number.start), 0),
                12,
            ),
        }

    def _singular_asserted(self, sentence: _Sentence, one: NumberMention) -> bool:
        """The singular's event word is not negated or hypothetical («لم يسفر عن مقتل جندي») and its noun
        stands alone."""
        tokens = sentence.tokens
        index = next((i for i, t in enumerate(tokens) if t.start >= one.start), len(tokens))
        after = next((i for i, t in enumerate(tokens) if t.start >= one.end), len(tokens))
        # «أصيب ضابط وضابط صف و4 جنود»: the noun heads a list joined by و, whose sum no one word states;
        # «مقتل رقيب وإصابة 6» joins another event, and the rank stands alone in its own
        joined = tokens[after].text if after < len(tokens) else ""
        listed = joined.startswith("و") and (joined[1:2].isdecimal() or person_noun(joined))
        return not (listed or self._negated(tokens, index))

    def _killed_and_wounded(self, sentence: _Sentence, number: NumberMention) -> bool:
        """«قتل وجرح 15 شخصا», «مقتل وإصابة 20», «25 قتيلا وجريحا», «30 بين قتيل وجريح»: one figure of the dead
        and the hurt together says how many of neither (triggers.json "joint_killed", "joint_wounded")."""
        words = [t.text for t in sentence.tokens]
        at = next((i for i, t in enumerate(sentence.tokens) if t.start >= number.start), len(words))
        last = next((i for i, t in enumerate(sentence.tokens) if t.end >= number.end), at)

        def joined(first: int) -> bool:  # a word of the dead, then و and a word of the hurt
            if first < 0 or first + 1 >= len(words) or not words[first + 1].startswith("و"):
                return False
            return bool(set(stems(words[first])) & self.cues["joint_killed"]) and bool(
                set(stems(words[first + 1][1:])) & self.cues["joint_wounded"]
            )

        after = last + 2 if last + 1 < len(words) and words[last + 1] == "بين" else last + 1
        return joined(at - 2) or joined(after)

    def _of_another_event(self, sentence: _Sentence, number: NumberMention) -> bool:
        """«الهجوم الذي خلف 25 قتيلا», «المذبحة التي خلفت 17 قتيلا»: a figure in a relative clause (within four words
        after «الذي»، «التي») counts the dead of the event it qualifies, not of the news; «الاحتجاجات التي أسفرت عن
        مقتل 3» counts the protest's own."""
        index = next((i for i, t in enumerate(sentence.tokens) if t.start >= number.start), len(sentence.tokens))
        for at in range(max(0, index - 4), index):
            if sentence.tokens[at].text in ("الذي", "التي", "الذين"):
                protest = any(m.payload["cue"] == "protest" and m.last == at for m in sentence.events)
                return not protest
        return False

    def _words_after(self, sentence: _Sentence, number: NumberMention, span: int) -> set[str]:
        """The stems of the `span` words after a number (its counted noun and what qualifies it)."""
        index = next((i for i, t in enumerate(sentence.tokens) if t.start >= number.end), len(sentence.tokens))
        words: set[str] = set()
        for token in sentence.tokens[index : index + span]:
            forms = set(stems(token.text))
            if forms & self.cues["breakdown"]:
                break  # «25 شخصا بينهم مدنيون وعناصر»: the breakdown is not the counted noun
            if forms & self.cues["agent"]:
                break  # «خمسة مدنيين على يد مسلحين»: who did it follows, not who was counted
            words |= forms
        return words

    def _span_after(self, sentence: _Sentence, number: NumberMention, span: int) -> tuple[int, int]:
        """The offsets of a number and the `span` words after it: who was counted ("5 عناصر من قوات النظام"),
        through the group they belong to («5 عناصر من خلية تابعة لتنظيم الدولة») up to who did it («مدنيين في
        هجوم لداعش»، «على يد مسلحين»)."""
        after = []
        for token in [t for t in sentence.tokens if t.start >= number.end][:span]:
            if set(stems(token.text)) & (self.cues["agent"] | self.cues["breakdown"] | {"في"}):
                break
            after.append(token)
        return number.start, after[-1].end if after else number.end

    @staticmethod
    def _words_before(sentence: _Sentence, number: NumberMention, span: int) -> set[str]:
        """The stems of the `span` words before a number, within its sentence."""
        index = next((i for i, t in enumerate(sentence.tokens) if t.start >= number.start), len(sentence.tokens))
        return {f for t in sentence.tokens[max(0, index - span) : index] for f in stems(t.text)}

    def _actors(self, text: str, incident: _Incident, counts: list[dict], country: str) -> list[dict]:
        """The parties with their roles read from the sentence, not the order of mention: the subject of
        the event verb («اعتقلت قوات الأمن»، «على يد»، «برصاص»، «شنه») is actor 1; the one named among
        the victims («5 عناصر من داعش»), after «استهدف» or «ضد», actor 2; the rest keep their order."""
        found: dict[str, dict] = {}
        victims = [c["_victims"] for c in counts if c["category"] in ("killed", "wounded", "abducted", "arrested")]
        for position, sentence in enumerate(incident.sentences):
            # Only a sentence that states this event may name its doer: the headline or lede, one with its
            # figures, or a claim ("صدوا هجوم قوات الأمن" later in the article is another fight).
            # a claim of many attacks («أعلن داعش مسؤوليته عن الكثير من الهجمات في كابول») is no claim of this one
            # and a denial («ونفت حركة طالبان مسؤوليتها عن الهجوم») or a negated claim («ولم تعلن أي جهة
            # مسؤوليتها»، then «المنطقة تشهد نشاطا لجماعة بوكو حرام») is no claim at all
            claims_at = [i for i, t in enumerate(sentence.tokens) if set(stems(t.text)) & self.cues["claim"]]
            negated = bool(claims_at) and all(
                {f for t in sentence.tokens[max(0, i - 4) : i] for f in stems(t.text)} & self.cues["negation"]
                for i in claims_at
            )
            claimed = (
                sentence.claimed
                and not sentence.denied
                and not negated
                and not {f for t in sentence.tokens for f in stems(t.text)} & self.cues["many"]
            )
            states_it = position < 2 or _counts_in(sentence) or claimed
            principal: str | None = None  # the party named before in this sentence: a partner's side
            previous = None  # and its words
            acting: str | None = None  # the last party of this sentence not among the harmed: whom a partner backs
            for match in sentence.actors:
                entry = self._resolve(match, country) or self._state_force(match, country)
                if entry is None:
                    continue
                partner = {f for t in sentence.tokens[max(0, match.first - 3) : match.first] for f in stems(t.text)}
                # «قوات التحالف الدولي ووحدات مكافحة الإرهاب … نفذت»: joined by «و» to the party before, on its side
                # (not «اشتباكات بين الجيش وداعش», two sides)
                joined = (
                    previous is not None
                    and previous.last == match.first
                    and sentence.tokens[match.first].text.startswith("و")
                    and "بين" not in {t.text for t in sentence.tokens[max(0, previous.first - 2) : previous.first]}
                )
                adjacent = previous is not None and previous.last == match.first - 1
                if entry["en"] in found:
                    named = found[entry["en"]]
                    acting = entry["en"] if named["_side"] < 2 else acting
                    after = set(stems(sentence.tokens[match.last].text)) if match.last < len(sentence.tokens) else set()
                    if named.get("_struck") and after & self.cues["agent_after"]:
                        # «غارات على مواقع الحوثيين» in the headline, «الحوثيون شنوا هجوما» in the body: the doer
                        named.update(_side=0, _struck=False, _states_it=named["_states_it"] or states_it)
                    if {f for t in sentence.tokens[max(0, match.first - 2) : match.first] for f in stems(t.text)} & (
                        self.cues["claim_words"]
                    ):  # «والقاعدة تتبنى» in the headline, «وتبنى تنظيم القاعدة الهجوم» in the body: the claimant
                        named["_claims"] = True
                        if not named.get("_struck"):
                            named["_side"] = 0
                    principal, previous = entry["en"], match
                    continue
                inter = _inter_at(entry, country)
                quote = text[match.start : match.end]
                before = {f for t in sentence.tokens[max(0, match.first - 2) : match.first] for f in stems(t.text)}
                said = {f for t in sentence.tokens[max(0, match.first - 5) : match.first] for f in stems(t.text)}
                after = set(stems(sentence.tokens[match.last].text)) if match.last < len(sentence.tokens) else set()
                # «قال الحرس الثوري إنه أطلق صواريخ»: who says it did the deed itself is its doer, not its source
                self_told = bool(after & self.cues["self_report"]) and any(
                    match.last < e.first <= match.last + 2 for e in sentence.events
                )
                # «وقالت حركة الشباب في بيان تبنت فيه الهجوم»، «قال المتحدث باسم طالبان إن مقاتلي الحركة قتلوا»: an
                # armed group speaking in a claim, or of its own men's deed, is its claimant
                rest = [t.text for t in sentence.tokens[match.last :]]
                told = {f for w in rest for f in stems(w)} | {f"{a} {b}" for a, b in pairwise(rest)}
                # («قالت وزارة الداخلية إن قوات الأمن قتلت»: the subject of the clause reported is no speaker)
                reported = match.first > 0 and sentence.tokens[match.first - 1].text in ("ان", "بان")
                speaks = bool(before & self.cues["speaker"] or (said & self.cues["speech"] and not reported))
                claimant = (
                    speaks
                    and entry["kind"] in ("rebel", "militia")
                    and (claimed or (bool(told & self.cues["own_men"]) and not sentence.denied))
                )
                if speaks and not (self_told or claimant):
                    if entry["kind"] in ("state", "external"):
                        incident.sources.setdefault(entry["en"], text[match.start : match.end])
                    continue  # "قال المتحدث باسم الشرطة", "اتهمت إيران واشنطن": who speaks or blames is no party to it
                if said & self.cues["accusation"] and not claimant:
                    continue  # «اتهمت الحكومة حركة طالبان بتنفيذ الهجوم»: the accused, not reported as the doer
                if said & self.cues["denial"]:
                    continue  # «ونفت حركة طالبان مسؤوليتها»: who denies it is not reported as the doer either
                if negated and match.first > claims_at[0]:
                    continue  # «ولم تعلن أي جهة مسؤوليتها، لكن المنطقة تشهد نشاطا لبوكو حرام»: a surmise, no party
                truce = {f for t in sentence.tokens[max(0, match.first - 6) : match.first] for f in stems(t.text)}
                if truce & self.cues["truce"] and "بين" in truce:
                    continue  # «هدنة غير مسبوقة بين الحكومة وطالبان»: the sides of a truce, not of this event
                if before & self.cues["control"]:
                    continue  # «منطقة بني قيس الخاضعة للحوثيين»: who holds the place is no party to what hit it
                # (not past a clause's end: «مقتل 7 أشخاص، وأعلن تنظيم الدولة مسؤوليته» names the claimant)
                counted = any(
                    start <= match.start < end and not _CLAUSE_END.search(text, start, match.start)
                    for start, end in victims
                )
                pledged = bool(before & self.cues["allegiance"])  # «أعلن الولاء لتنظيم الدولة»: the attacker's group
                if pledged and position and _abroad(sentence, country):
                    continue  # «وكان انتحاري ينتمي لتنظيم داعش فجر نفسه … في كابول» after an attack in France
                # «مسلحون يعتقد أنهم من جماعة أبو سياف»: ACLED codes the attackers' suspected group as theirs
                suspected = bool(said & self.cues["suspicion"] and said & self.cues["attacker"])
                doing = (
                    before & self.cues["agent"] or after & self.cues["agent_after"] or pledged or self_told or suspected
                )
                # «وقتلت الشرطة المهاجم»، «قبل أن يقتل برصاص الشرطة»: the force that ended one attacker's attack did not
                # do it (several attackers killed, «المهاجمين», fought it: it stays a side)
                opening = [t.text for t in sentence.tokens[max(0, match.first - 4) : match.first]]
                aimed_at = {f for t in sentence.tokens[match.last : match.last + 3] for f in stems(t.text)}
                ended = entry["kind"] in ("state", "external") and bool(
                    ("قبل", "ان") in pairwise(opening) or aimed_at & self.cues["the_attacker"]
                )
                if ended:
                    doing = self_told = False
                # «مقرات الحزب»، «أحد أعضاء حركة»، «مواقع للجيش»: what a strike or attack hit is that party's; and who
                # intercepts it («اعترضت الدفاعات الجوية السعودية صاروخا أطلقه الحوثيون») is its target
                struck = bool(before & (self.cues["struck"] | self.cues["interception"]))
                side = 2 if struck else 0 if doing else 2 if (counted or before & self.cues["target"]) else 1
                claims = bool(before & self.cues["claim_words"]) or pledged or claimant  # «هجمات تبناها داعش»
                if (
                    (claimed or claims)
                    and not (counted or struck)
                    and entry["kind"] not in ("state", "civilian", "protester")
                ):
                    side = 0  # «أعلن تنظيم الدولة مسؤوليته عن الهجوم»: who claims it carried it out
                if entry["kind"] == "civilian":
                    side = 2  # civilians are the harmed, never the perpetrators
                # «قوات سوريا الديمقراطية بدعم من التحالف الدولي»: a partner is an associate of the party before it
                armed = entry["kind"] not in ("civilian", "protester")
                # («نفذتها بمساندة مروحيات التحالف»: whom the partner backs is the doer, not the victims named between)
                backed = principal if joined else acting
                partner_of = backed if armed and (joined or partner & self.cues["partner"]) else None
                if partner_of is not None:
                    side = found[partner_of]["_side"]
                    if joined and found[partner_of]["inter"] == 8 and inter != 8:
                        # a foreign force joined with a local one («التحالف الدولي ووحدات قسد»): the local one
                        # leads, the foreign one is its associate, as in a strike («قصف روسي وسوري»)
                        found[partner_of]["_partner_of"], partner_of = entry["en"], None
                gunmen = found.get(principal or "")
                if (
                    gunmen is not None
                    and gunmen["_kind"] == "unidentified"
                    and (
                        (adjacent and "من" in stems(sentence.tokens[match.first - 1].text))
                        or (previous is not None and previous.last == match.first and not joined)
                    )
                    and entry["kind"] not in ("state", "external", "civilian")
                ):  # «مسلحين من حركة الشباب»، «لمسلحي تنظيم الدولة»: the gunmen are that group's, in their role
                    side = gunmen["_side"]
                    del found[principal or ""]
                principal, previous = entry["en"], match
                if side < 2:
                    acting = entry["en"]
                found[entry["en"]] = {
                    "quote_ar": quote,
                    "name_en": entry["en"],
                    "inter": inter,
                    "_start": match.start,
                    "_side": side,
                    "_kind": entry["kind"],
                    "_states_it": bool(states_it or pledged),
                    "_struck": struck,
                    "_partner_of": partner_of,
                    "_claims": claims,
                    "_doing": bool(doing) and not struck,
                    "_ended": ended,
                }
            if states_it:
                for striker in self._strikers(text, sentence, country):
                    found[striker["name_en"]] = striker  # what struck, even if named before in another role
        ranked = sorted(found.values(), key=lambda a: (a["_side"], a["_start"]))
        # actor 1: the first agent, else the first party named; actor 2: the first victim, else the next party
        agents = [a for a in ranked if a["_side"] < 2]
        harmed = [a for a in ranked if a["_side"] == 2]
        first = agents[:1] if agents else []
        second = harmed[:1] or agents[1:2]
        actors = (first + second + [a for a in ranked if a not in first and a not in second])[:4]
        if not first and harmed:
            actors = [
                a for a in ranked if a["_side"] == 2
            ]  # victims only: _cast puts the unidentified perpetrator first
        roles = ["actor1", "actor2", "associate_actor1", "associate_actor2"]
        return [{**a, "role": role} for a, role in zip(actors, roles, strict=False)]

    def _pledged(
        self,
        text: str,
        sentences: list[_Sentence],
        incident: _Incident,
        actors: list[dict],
        country: str,
        published: date | None,
    ) -> list[dict]:
        """An attack whose doer the incident's sentences leave unnamed («مسلح متشدد») is the group its attacker
        pledged himself to anywhere in the article («وقال المسلح إنه يقاتل لصالح تنظيم الدولة»), as ACLED codes a
        lone attacker by his declared allegiance: the group becomes actor 1 where no armed group acts (the police
        who stopped him stay beside it). A pledge in a teaser, about long ago or in a sentence telling another
        event («وكان انتحاري ينتمي لتنظيم داعش فجر نفسه») is another attacker's; one in a sentence naming no
        attacker (مسلح، مهاجم، منفذ، انتحاري) tells whose others were («القتلى ينتمون إلى»); two groups name none."""
        if any(a["_side"] < 2 and a["_kind"] in ("rebel", "militia", "identity") for a in actors):
            return actors
        groups: dict[str, tuple[dict, str]] = {}
        for sentence in sentences:
            if not sentence.pledging:
                continue  # «القتلى ينتمون إلى حركة فتح»: whose the dead were, not whom the attacker served
            if sentence.teaser or self._long_ago(sentence, published):
                continue
            if sentence.events and not any(sentence is s for s in incident.sentences):
                continue
            if _abroad(sentence, country):
                continue  # «… فجر نفسه في حشد في كابول» in a French article: another attacker, elsewhere
            # a sentence with no event word of its own has its parties unread («وقال المسلح إنه يقاتل لصالح …»)
            for match in sentence.actors if sentence.events else self._actors_in(text, sentence.tokens):
                before = [t.text for t in sentence.tokens[max(0, match.first - 2) : match.first]]
                if not {f for w in before for f in stems(w)} & self.cues["allegiance"] and not (
                    before[-1:] == ["لصالح"] and {f for w in before[:1] for f in stems(w)} & self.cues["fighting"]
                ):
                    continue
                entry = self._resolve(match, country)
                if entry is not None and entry["kind"] in ("rebel", "militia"):
                    groups.setdefault(entry["en"], (entry, text[match.start : match.end]))
        if len(groups) != 1:
            return actors
        [(entry, quote)] = groups.values()
        if any(a["name_en"] == entry["en"] for a in actors):
            return actors
        group = {
            "quote_ar": quote,
            "name_en": entry["en"],
            "inter": entry["inter"],
            "_start": -1,
            "_side": 0,
            "_kind": entry["kind"],
            "_states_it": True,
            "_struck": False,
            "_partner_of": None,
            "_claims": True,
            "_doing": True,
        }
        others = [a for a in actors if not (a["_side"] < 2 and a["_kind"] == "unidentified")]
        roles = ["actor1", "actor2", "associate_actor1", "associate_actor2"]
        return [{**a, "role": role} for a, role in zip([group, *others], roles, strict=False)]

    def _authorities(self, text: str, incident: _Incident, country: str) -> list[dict]:
        """«اعتقلت السلطات الباكستانية نواز شريف»: the authorities who arrest, named by no force of their own,
        are the force whose statement tells it, else the country's police (ACLED's arresting force), quoted by
        the words that name them."""
        home = country_names().get(country)
        for name, quote in incident.sources.items():  # «أعلن الجيش المصري … واعتقلت 59 شخصا»: the force that tells it
            if home is not None and name.endswith(f"Forces of {home}"):
                return [{"quote_ar": quote, "name_en": name, "inter": 1, "_start": 0, "_side": 0, "_kind": "state"}]
        force = _forces_of(country, "Police")
        for sentence in incident.sentences[:2]:
            for token in sentence.tokens:
                if force is not None and set(stems(token.text)) & self.cues["authorities"]:
                    quote = text[token.start : token.end]
                    return [
                        {
                            "quote_ar": quote,
                            "name_en": force["en"],
                            "inter": 1,
                            "_start": token.start,
                            "_side": 0,
                            "_kind": "state",
                            "_states_it": True,
                        }
                    ]
        return []

    def _strikers(self, text: str, sentence: _Sentence, country: str) -> list[dict]:
        """«ضربة جوية أميركية», «قصف روسي وسوري»: the states the nationalities right after an air strike or
        shelling word name are its doers (triggers.json "nationality"), the home state's forces first; words of
        the means between («بطائرة مسيرة»، «للقوات»; "strike_means") are passed over."""
        strikers = []
        for event in sentence.events:
            if event.payload["cue"] not in ("air", "shelling"):
                continue
            for token in sentence.tokens[event.last : event.last + 5]:
                forms = set(stems(token.text))
                if forms & (self.cues["strike_means"] | self.cues["air_weapon"] | self.cues["artillery"]):
                    continue  # «غارة جوية بطائرة مسيرة أمريكية»، «غارات للقوات الأفغانية»: how it struck, then whose
                nation = next((self.cues["nationality"][f] for f in forms if f in self.cues["nationality"]), None)
                force = _forces_of(nation) if nation else None
                if force is None:
                    break
                strikers.append(
                    {
                        "quote_ar": text[token.start : token.end],
                        "name_en": force["en"],
                        "inter": 1 if nation == country else 8,
                        "_start": token.start,
                        "_side": 0,
                        "_kind": force["kind"],
                        "_states_it": True,
                        "_striker": True,
                    }
                )
        return strikers

    def _state_force(self, match, country: str) -> dict | None:
        """«الجيش», «الشرطة» in a country with no entry of its own: that country's military or police forces."""
        forces = [
            e
            for e in match.payloads
            if e["kind"] == "state" and e["en"].startswith(("Military Forces of", "Police Forces of"))
        ]
        if (
            not forces
            or match.phrase not in forces[0]["_ambiguous"]
            or any(e["country"] == country for e in match.payloads)
        ):
            return None
        name = country_names().get(country)
        if name is None:
            return None
        return {
            "en": f"{forces[0]['en'].rsplit(' of ', 1)[0]} of {name}",
            "inter": 1,
            "kind": "state",
            "country": country,
        }

    def _cast(
        self,
        text: str,
        incident: _Incident,
        actors: list[dict],
        counts: list[dict],
        event_type: str,
        sub_event_type: str,
        country: str,
    ) -> list[dict]:
        """ACLED's roles for the event type (triggers.json "roles"): the arresting force is actor 1 of
        an arrest, protesters of a protest; a bombing's or an attack's actor 1 is the party the article
        makes its perpetrator (a claim, «على يد», the verb's subject), else an unidentified armed
        group, and actor 2 those it harmed (civilians when the dead are unarmed); in a battle the side
        that lost the counted dead is actor 2."""
        lead = incident.sentences[0].events[0]
        unidentified = {
            "quote_ar": text[lead.start : lead.end],
            "name_en": "Unidentified Armed Group",
            "inter": 3,
            "_kind": "unidentified",
            "_side": 0,
        }
        # the missing after a raid («110 تلميذات مفقودات بعد هجوم») are harmed as the abducted are
        harmed = [c for c in counts if c["category"] in ("killed", "wounded", "abducted", "missing")]
        armed_dead = [c for c in harmed if c["_after"] & self.cues["armed_victims"] or _role_of(c) is not None]
        # partners («بدعم من التحالف») take no role of their own: they are associates of their party's
        partners = [a for a in actors if a.get("_partner_of")]
        actors = [a for a in actors if not a.get("_partner_of")]
        state = [a for a in actors if a["_kind"] in ("state", "external")]

        def home(fallen: dict | None) -> list[dict]:
            """«أصيب جنديان … وفق ما أعلنت وزارة الدفاع»، «قتل 7 من عناصر الأمن الأفغاني»: soldiers or police harmed,
            their force named only as the source or by the nationality of the count: that force, by the words that
            name it (so the summary names no one the article does not); a foreign soldier («جندي إسرائيلي» in Gaza)
            is his state's force, not the place's."""
            if fallen is None or state:
                return []
            police = "role:police" in (fallen.get("_noun") or "") or bool(set(fallen["_head"]) & _POLICE)
            listed = {self.cues["nationality"][w] for w in fallen["_after"] if w in self.cues["nationality"]}
            if len(listed) > 1:
                return []
            nation = next(iter(listed), country)
            force = _forces_of(nation, "Police" if police else "Military")
            if force is None:
                return []
            quote = incident.sources.get(force["en"])
            told = next((s for s in incident.sentences if fallen["evidence_ar"] in text[s.start : s.end]), None)
            if quote is None and listed and told is not None:
                # the count and its nationality name the force: «جنديان تركيان»، «عناصر الأمن الأفغاني»
                at = text.find(fallen["evidence_ar"], told.start)
                words = [t for t in told.tokens if t.start >= at]
                noun = next((i for i, t in enumerate(words) if t.text == fallen["_head"][0]), len(words))
                adjective = next(
                    (
                        t
                        for t in words[noun : noun + 4]
                        if any(self.cues["nationality"].get(f) == nation for f in stems(t.text))
                    ),
                    None,
                )
                if adjective is not None:
                    quote = text[words[noun].start : adjective.end]
            if quote is None:
                return []
            inter = 1 if nation == country else 8
            return [{"quote_ar": quote, "name_en": force["en"], "inter": inter, "_kind": "state", "_side": 2}]

        others = [a for a in actors if a["_kind"] in ("rebel", "militia", "identity", "unidentified")]
        if event_type == "Strategic developments":
            actors.sort(key=lambda a: a["_kind"] not in ("state", "external"))
        elif event_type == "Protests":  # protesters, then the force facing them
            actors.sort(key=lambda a: (a["_kind"] != "protester", a["_kind"] not in ("state", "external")))
            if not actors or actors[0]["_kind"] != "protester":
                actors.insert(
                    0,
                    {
                        "quote_ar": text[lead.start : lead.end],
                        "name_en": "Protesters",
                        "inter": 6,
                        "_kind": "protester",
                    },
                )
        elif (
            event_type == "Riots"
        ):  # ACLED's rioters (inter 5), by the words naming the crowd, then the force facing them
            named = next((a for a in actors if a["_kind"] == "protester"), None)
            quote = named["quote_ar"] if named is not None else text[lead.start : lead.end]
            rioters = {"quote_ar": quote, "name_en": "Rioters", "inter": 5, "_kind": "rioter"}
            facing = [a for a in actors if a["_kind"] in ("state", "external")]
            actors = [rioters] + facing + [a for a in actors if a not in facing and a["_kind"] != "protester"]
        elif event_type == "Battles":
            dead = [c for c in armed_dead if c["category"] == "killed"] or armed_dead  # the dead decide, else the hurt
            roles = [role for role in map(_role_of, dead) if role is not None]
            # both sides lost men: the dead the article tells first are the news («مقتل خمسة عسكريين في هجوم» …
            # «مقتل ستة من المهاجمين»; «مقتل 11 جهاديا» … «مقتل أحد جنوده»), their side actor 2
            losers = set(roles[:1])
            # a raid («مداهمة أمنية لموقع خلية») is the raiding force's, whoever lost men, as an arrest is
            raid = state and any(m.phrase.startswith(_RAID) for s in incident.sentences[:2] for m in s.events)
            # the armed party the article names as the doer first («قسد … نفذت عملية أدت إلى مقتل 5 عناصر»), else
            # the state's forces
            doers = sorted(
                (a for a in actors if a["_side"] < 2 and a["_kind"] not in ("civilian", "protester", "unidentified")),
                key=lambda a: (a["_side"], a["_start"]),
            )
            if raid:
                first = doers[:1] or state[:1]
                second = [a for a in others if a["_kind"] != "civilian" and a not in first][:1] or [unidentified]
                actors = first + second + [a for a in actors if a not in first and a not in second]
            elif losers == {"state"}:  # «مقتل 4 من رجال الشرطة»: the gunmen are actor 1
                # (a party a strike hit elsewhere in the article, «غارات على مواقع الحوثيين», can be this clash's doer)
                first = [a for a in others if a["_side"] < 2 or a.get("_struck")][:1] or [unidentified]
                fallen = next((c for c in dead if _role_of(c) == "state"), None)
                actors = (
                    first + (state[:1] or home(fallen)) + [a for a in actors if a not in first and a not in state[:1]]
                )
            elif losers == {"nonstate"}:  # «قتل الجيش 11 جهاديا»: the army is actor 1
                first = doers[:1] or state[:1]
                second = [a for a in others if a["_kind"] != "unidentified" and a not in first][:1] or [unidentified]
                actors = first + second + [a for a in actors if a not in first and a not in second]
            elif not actors or actors[0]["_side"] == 2 or actors[0].get("_ended"):
                actors.insert(0, unidentified)
        elif event_type in ("Explosions/Remote violence", "Violence against civilians"):
            # An air strike or shelling is a state's unless the article names another doer.
            from_afar = sub_event_type in ("Air/drone strike", "Shelling/artillery/missile attack")
            doers = [
                a
                for a in actors
                if a["_side"] == 0 and a.get("_states_it") and a["_kind"] not in ("civilian", "protester")
            ]
            if from_afar:  # air power is a state's: a force named in the event's sentences before a claimant
                # («قصف روسي وسوري»: the home state's forces lead, the foreign ones are their associates)
                doers = sorted(
                    [a for a in state if a["_side"] < 2 and a.get("_states_it")],
                    key=lambda a: not (a.get("_striker") and a["inter"] == 1),
                ) + [a for a in doers if a not in state]
                if sub_event_type == "Shelling/artillery/missile attack":
                    # rockets and mortars are fired by armed groups too: the subject of the firing verb leads
                    # («أطلقت فصائل معارضة قذيفة صاروخية على سوق»)
                    doers.sort(key=lambda a: not (a.get("_doing") and a["_kind"] not in ("state", "external")))
            # else an armed group the event's own sentences name, in no role («معارك مع مسلحي الحوثي»)
            doers = doers or [
                a for a in others if a["_side"] == 1 and a.get("_states_it") and a["_kind"] != "unidentified"
            ]
            # «مسلح» beside the group the article names (a claim, a pledge): the same gunman, that group's; and
            # a group that claimed it before the force that killed the attacker («قتلت قوات الأمن … محتجز رهائن
            # نفذ ثلاثة هجمات تبناها داعش»)
            doers.sort(key=lambda a: (a["_kind"] == "unidentified", not (a.get("_claims") and not from_afar)))
            first = doers[:1] or [unidentified]
            named_victims = [a for a in actors if a["_side"] == 2 and a not in first and a["_kind"] != "civilian"]
            if harmed and not armed_dead:
                civilians = {
                    "quote_ar": harmed[0]["evidence_ar"],
                    "name_en": "Civilians",
                    "inter": 7,
                    "_kind": "civilian",
                }
                # the party whose headquarters, positions or members it hit («مقرات الحزب»، «أحد أعضاء حركة»),
                # else a crowd of protesters among the harmed («وسط حشد من المتظاهرين»), else civilians
                struck = [a for a in named_victims if a.get("_struck")]
                crowd = [a for a in named_victims if a["_kind"] == "protester"]
                second = struck[:1] or crowd[:1] or [civilians]
                # «غارات استهدفت تجمعات لقوات الدعم السريع … مقتل خمسة مدنيين»: the civilians with them, where the
                # article calls the dead civilians (not «قتل 14 شخصا» beside a group's positions: its men, uncounted)
                if struck and any(a["_kind"] == "civilian" for a in actors):
                    partners.append({**civilians, "_partner_of": struck[0]["name_en"]})
            else:
                second = (
                    named_victims[:1]
                    or [
                        a for a in actors if a["_kind"] in ("state", "external") and a not in first and a["_side"] != 0
                    ][:1]
                    or home(harmed[0] if harmed and all(_role_of(c) == "state" for c in harmed) else None)
                )
                if not second and not harmed and event_type == "Violence against civilians":
                    # «اغتال مسلحون مجهولون إمام مسجد»: violence against civilians harms civilians, counted or not
                    second = [{**unidentified, "name_en": "Civilians", "inter": 7, "_kind": "civilian", "_side": 2}]
            actors = first + second + [a for a in actors if a not in first and a not in second and a["_side"] != 1]
        if actors and actors[0]["_kind"] in ("rebel", "militia", "identity"):
            # "مسلحين" beside the group the article names (داعش): the same gunmen, not another party
            actors = [actors[0]] + [a for a in actors[1:] if a["_kind"] != "unidentified"]
        elif len(actors) > 1 and actors[0]["_kind"] != "unidentified" and actors[1]["_kind"] == "unidentified":
            # «خسائر في صفوف المسلحين» beside the group the article names as the one hit (تنظيم الدولة): its men
            group = next((a for a in actors[2:] if a["_kind"] in ("rebel", "militia", "identity")), None)
            if group is not None:
                actors = [actors[0], group] + [a for a in actors[2:] if a is not group]
        unique: dict[str, dict] = {}
        for actor in actors:  # each party once, in its first role
            unique.setdefault(actor["name_en"], actor)
        actors = list(unique.values())
        cast = dict(zip(("actor1", "actor2"), actors, strict=False))
        # ACLED's associates act alongside a side: a partner of actor 1 or 2 («بالتعاون مع»، «بدعم من»), or
        # the foreign state striking with the home one («قصف روسي وسوري»); a party in no role is none.
        for role, side in (("associate_actor1", "actor1"), ("associate_actor2", "actor2")):
            principal = cast.get(side)
            associate = next(
                (
                    a
                    for a in partners + actors[2:]
                    if principal is not None
                    and a["name_en"] not in {c["name_en"] for c in cast.values()}
                    and (
                        a.get("_partner_of") == principal["name_en"]
                        or (side == "actor1" and a.get("_striker") and principal.get("_striker"))
                    )
                ),
                None,
            )
            if associate is not None:
                cast[role] = associate
        return [
            {"quote_ar": a["quote_ar"], "name_en": a["name_en"], "inter": a["inter"], "role": role}
            for role, a in cast.items()
        ]

    def _resolve(self, match, country: str) -> dict | None:
        """One actor for a dictionary match: the incident's country decides shared words (الجيش), a
        group's local branch replaces the group (داعش in Iraq: Islamic State (Iraq)), and a word that
        is ambiguous everywhere and fits no entry of this country names no one."""

        def ambiguous(entry: dict) -> bool:
            return match.phrase in entry["_ambiguous"]

        # («طيران التحالف» in Yemen: the coalition whose theatre this is, the Saudi-led one, not the one in Syria)
        # (a state's force abroad in its theatre: «قوات الاحتلال» in the Palestinian territories is Israel's)
        def theatre(entry: dict) -> bool:
            home = entry["country"] in (None, country)
            return country in entry.get("theatres", [country] if home else [])

        ranked = sorted(
            match.payloads,
            key=lambda e: (ambiguous(e), not theatre(e), e["country"] not in (None, country)),
        )
        entry = ranked[0]
        if ambiguous(entry) and not theatre(entry):
            return None
        return self.branches.get((entry["en"], country), entry)

    def _in_passing(self, text: str, sentence: _Sentence, match) -> bool:
        if match.first <= 1 and _DATELINE.match(text, match.end):
            return True
        if self._referenced(sentence.tokens, match.first):
            return True  # «حملتها مسؤولية محاولة اغتيال مدير أمن الإسكندرية»: the earlier event's place
        # «أعلنت وزارة الدفاع في كابول»: where the statement came from; «سفارتي فرنسا وبريطانيا»: whose embassy;
        # «قارب هجرة متجه نحو إسبانيا»: where the boat was going; «على الحدود مع إسرائيل»: the neighbour; «نظام طهران»,
        # «بيان لإدارة مدينة إسلام آباد»: who rules or speaks from there
        if any(
            rule(sentence.tokens, match.first)
            for rule in (
                placing.issuer_seat,
                placing.government_of,
                placing.statement_author,
                placing.embassy_of,
                placing.heading,
                placing.border_of,
            )
        ):
            return True
        before = {f for t in sentence.tokens[max(0, match.first - 6) : match.first] for f in stems(t.text)}
        if "بعد" in before and bool(before & placing.DISTANCE_UNITS):
            return True
        # «مدينة صغيرة تقع شمال مقديشو», «إلى الشمال من صنعاء»: the place lies off the city named, its reference
        near = {f for t in sentence.tokens[max(0, match.first - 3) : match.first] for f in stems(t.text)}
        return bool(near & placing.DIRECTIONS) and bool(near & _LIES or {"الي", "من"} <= near)

    def _location(self, text: str, incident: _Incident, sentences: list[_Sentence]) -> dict | None:
        told = incident.sentences if any(s.places for s in incident.sentences) else sentences[:3]
        candidates = [(s, m) for s in told for m in s.places]
        if not candidates:
            return self._country_by_adjective(text, told)

        # the countries the article's places name without doubt: one country to a name, not a compound's
        def certain(pairs) -> set[str]:
            return {
                p["country"]
                for s, m in pairs
                if len({q["country"] for q in m.payloads}) == 1 and not placing.compound(s.tokens, m.first)
                for p in m.payloads
                if not p.get("ambiguous") or _unshared(m)
            }

        countries = certain(candidates)
        options = [
            (s, m, p)
            for s, m in candidates
            # «حي بابل», «مخيم الهول»: a quarter or camp named X is not the place X (the gazetteer's own camps
            # and quarters, «مخيم اليرموك», match from «مخيم» on)
            if not placing.compound(s.tokens, m.first)
            # a name of towns in two countries: the one in the sentence's country, else the article's
            for p in placing.namesakes(m.payloads, [certain([(s2, m2) for s2, m2 in candidates if s2 is s]), countries])
            if not p.get("ambiguous")
            or _unshared(m)
            or p["country"] in countries
            or (not countries and _named_as_place(s, m))
            or _kicker(text, s, m)
        ]

        # The event's place wins over a dateline («دبي، الإمارات (CNN)--», «واشنطن -»: where the outlet
        # wrote) and over a distance's reference point («على بعد 70 كلم شمالي مقديشو»).
        if not options:
            return None
        # «غارة على حفل زفاف في محافظة حجة» … «استهدفوا منشآت نفطية في مدينة جيزان»: the country of the first place
        # the incident names below a country leads over another country's places
        local = [smp for smp in options if smp[2]["type"] != "country" and not self._in_passing(text, smp[0], smp[1])]
        home = min(local, key=lambda smp: smp[1].start)[2]["country"] if local else None

        def place_order(smp) -> tuple:
            return (
                self._in_passing(text, smp[0], smp[1]),
                home is not None and smp[2]["country"] != home,
                _PLACE_RANK[smp[2]["type"]],
                smp[1].start,
            )

        sentence, match, entry = min(options, key=place_order)
        if entry["type"] in ("country", "admin1"):
            # «إقليم نانجارهار» for the gazetteer's «ننغرهار»: a name in another spelling after a noun of places, or a
            # long one anywhere («فورت لودرديل»), in a country the article names («قرية سديرة» in an Iraqi article is
            # not Libya's «السدرة»), where the gazetteer's spellings leave the place at a country, or at a province
            # the name is a town of
            province = entry
            sentence, match, entry = min(
                (
                    (s, m, m.payload)
                    for s in told
                    for m in [*placing.folded(s.tokens, s.places), *placing.folded_bare(s.tokens, s.places)]
                    if m.payload["country"] in countries
                    and not self._in_passing(text, s, m)
                    and (province["type"] == "country" or m.payload.get("admin1") == province["admin1"])
                    and _PLACE_RANK[m.payload["type"]] < _PLACE_RANK[province["type"]]
                ),
                key=place_order,
                default=(sentence, match, entry),
            )
        if entry["type"] == "country":
            # «هجوم على مقر صحيفة في الولايات المتحدة» … «في ولاية ميريلاند»: a place in that country the opening
            # sentences name (the headline and lede tell the event) refines it
            sentence, match, entry = min(
                (
                    (s, m, p)
                    for s in sentences[:3]
                    for m in s.places
                    if not placing.compound(s.tokens, m.first) and not self._in_passing(text, s, m)
                    for p in m.payloads
                    if p["country"] == entry["country"]
                    and p["type"] != "country"
                    and (not p.get("ambiguous") or _named_as_place(s, m))
                ),
                key=lambda smp: (_PLACE_RANK[smp[2]["type"]], smp[1].start),
                default=(sentence, match, entry),
            )
        if entry["type"] == "country":
            # ... else by the one admin1 of that country the article's news names anywhere but in another event or on
            # another day («القوات الجوية … شمالي سيناء» in a statement of the army's operations in Egypt; not «انفجار
            # لغم في منطقة موبتي», another incident)
            named = [
                (s, m, p)
                for s in sentences
                if not s.background
                and (not s.events or any(s is mine for mine in incident.sentences))
                # «- 30 نوفمبر 2016: …»: a list of other days
                and not any(_year_like(n) or (n.kind is Kind.DATE and _A_YEAR.search(n.text)) for n in s.numbers)
                for m in (s.places or self.places.find(s.tokens))
                if not placing.compound(s.tokens, m.first) and not self._in_passing(text, s, m)
                for p in m.payloads
                if p["country"] == entry["country"] and p["type"] != "country" and not p.get("ambiguous")
            ]
            if len({p["admin1"] for _, _, p in named}) == 1:
                sentence, match, entry = min(named, key=lambda smp: (_PLACE_RANK[smp[2]["type"]], smp[1].start))
        before = {f for t in sentence.tokens[max(0, match.first - 2) : match.first] for f in stems(t.text)}
        # «على بعد 130 كم من X», «جنوب غربي X»: the event is near X, not in it
        near = (
            before & self.cues["spatial"]
            or placing.reference_point(sentence.tokens, match.first)
            or placing.border_of(sentence.tokens, match.first)
        )
        precision = 3 if entry["type"] in ("admin1", "country") else 2 if (near or entry["type"] == "admin2") else 1
        return {
            "quote_ar": text[match.start : match.end],
            "name_en": entry["en"],
            "admin1": entry.get("admin1") if entry["type"] != "country" else None,
            "admin2": entry.get("admin2"),
            "country": entry["country"],
            "geo_precision": precision,
        }

    @staticmethod
    def _country_by_adjective(text: str, told: list[_Sentence]) -> dict | None:
        """«في ولاية زمفارا النيجيرية»: a place the gazetteer lacks, placed in its country by the adjective after it."""
        for sentence in told:
            if (found := placing.nisba_country(sentence.tokens)) is not None:
                index, country = found
                adjective = sentence.tokens[index]
                return {
                    "quote_ar": text[adjective.start : adjective.end],
                    "name_en": country_names()[country],
                    "admin1": None,
                    "admin2": None,
                    "country": country,
                    "geo_precision": 3,
                }
        return None

    def _date(self, text: str, incident: _Incident, published: date | None, news_day: _DateCue | None) -> _Dated:
        """The incident's date from its first date cue, else the day the article's news names, else the
        publication day (or today). Guessed
        when the article has no publication date and nothing in its words fixes the day (a stated year, or
        a weekday that fixes the year)."""
        found = self._first_date(incident, published) or news_day
        if found is None:
            return _Dated(published or date.today(), 1, None, None, published is None)
        return _Dated(
            found.when,
            found.precision,
            text[found.start : found.end],
            found.stated,
            published is None and found.basis == "relative",
        )

    def _first_date(self, incident: _Incident, published: date | None) -> _DateCue | None:
        """The incident's first date cue, passing over the day a statement was made («وقالت الشرطة في
        بيان أصدرته الأحد») when a later sentence dates the event itself («ووقعت التفجيرات السبت»)."""
        for reported in (False, True):
            for sentence in incident.sentences:
                found = self._date_cue(sentence, published, reported=reported)
                if found:
                    return found
        return None

    def _date_cue(self, sentence: _Sentence, published: date | None, *, reported: bool = True) -> _DateCue | None:
        """The first date cue in a sentence. Without `reported`, a weekday within six words after who said
        it is no cue."""
        anchor = published or date.today()
        words = [t.text for t in sentence.tokens]
        for number in sentence.numbers:
            if number.kind is Kind.DATE and number.month and number.value is not None:
                if number.year is not None:
                    try:
                        return _calendar(date(int(number.year), int(number.month), int(number.value)), number, "stated")
                    except ValueError:
                        continue
                weekday = _weekday_beside(sentence.tokens, number)
                fixed = (
                    _year_of_weekday(int(number.month), int(number.value), weekday, anchor)
                    if weekday is not None
                    else None
                )
                if fixed is not None:
                    return _calendar(fixed, number, "fixed")
                try:
                    when = date(anchor.year, int(number.month), int(number.value))
                except ValueError:
                    continue
                if when > anchor:
                    when = when.replace(year=when.year - 1)
                return _calendar(when, number, "relative")
            if (spoken := self._spoken_day(sentence, number, anchor)) is not None:
                return spoken
        tokens = sentence.tokens
        for index, word in enumerate(words):
            variants = stems(word)
            if "امس" in variants:  # أمس is yesterday, أول من أمس the day before
                if index >= 2 and words[index - 2] in ("اول", "ول") and words[index - 1] == "من":
                    first, back, stated = index - 2, 2, english.DayStated.DAYS_BEFORE
                elif index and words[index - 1] in ("اول", "ول"):  # «أول أمس», without «من»
                    first, back, stated = index - 1, 2, english.DayStated.DAYS_BEFORE
                else:
                    first, back, stated = index, 1, english.DayStated.YESTERDAY
                return _DateCue(
                    anchor - timedelta(days=back), 1, tokens[first].start, tokens[index].end, "relative", stated
                )
            for form in variants:
                if form not in _WEEKDAYS:
                    continue
                # who said or announced it: «كشفت صحف الأربعاء … صباح الثلاثاء»; a verb of announcing only
                # when the sentence names the event's day after it («أعلنت الجمعة مقتل …» is that Friday)
                heard = "reporting" if _weekday_in(tokens[index + 1 :]) else "speaker"
                if reported or not any(heard in _facts(w).cues for w in words[max(0, index - 6) : index]):
                    # the night of Saturday to Sunday («ليل السبت إلى الأحد», «ليلة الأربعاء-الخميس») is dated
                    # by its morning, when what it tells was counted
                    end, day = index, _WEEKDAYS[form]
                    if index and words[index - 1] in ("ليل", "ليله"):
                        after = [w for w in words[index + 1 : index + 3] if w not in ("الي", "على", "علي")]
                        morning = next((f for f in stems(after[0]) if f in _WEEKDAYS), None) if after else None
                        if morning is not None:
                            end, day = words.index(after[0], index + 1), _WEEKDAYS[morning]
                    return _DateCue(
                        anchor - timedelta(days=(anchor.weekday() - day) % 7),
                        1,
                        tokens[index].start,
                        tokens[end].end,
                        "relative",
                        english.DayStated.WEEKDAY,
                    )
                break  # the word's other forms are refused alike
            following = words[index + 1] if index + 1 < len(words) else ""
            past = (  # «الليلة الماضية» last night, «الأسبوع الماضي» last week: days back, precision, wording
                (1, 1, english.DayStated.YESTERDAY)
                if word == "الليله" and following == "الماضيه"
                else (7, 2, english.DayStated.LAST_WEEK)
                if not _WEEK.isdisjoint(variants) and following == "الماضي"
                else None
            )
            if past is not None:
                back, precision, stated = past
                start, end = tokens[index].start, tokens[index + 1].end
                return _DateCue(anchor - timedelta(days=back), precision, start, end, "relative", stated)
        return None

    @staticmethod
    def _spoken_day(sentence: _Sentence, number: NumberMention, anchor: date) -> _DateCue | None:
        """A day told from the day of writing: «قبل ثلاثة أيام», «قبل يومين» (days ago; «منذ» is left alone, as
        it also tells how long something has lasted), «يوم 14 من الشهر الجاري» (a day of this month)."""
        if number.value is None:
            return None
        words = [t.text for t in sentence.tokens]
        at = next((i for i, t in enumerate(sentence.tokens) if t.start >= number.start), len(words))
        last = next((i for i, t in enumerate(sentence.tokens) if t.end >= number.end), at)
        if _ago(sentence.tokens, number) == "thing:day" and 1 <= number.value <= 31:
            start = sentence.tokens[at - 1].start
            when = anchor - timedelta(days=int(number.value))
            return _DateCue(when, 1, start, number.end, "relative", english.DayStated.DAYS_BEFORE)
        this_month = words[last + 1 : last + 4] in (["من", "الشهر", "الجاري"], ["من", "الشهر", "الحالي"])
        a_day = number.noun == {"thing:month"} or number.kind is Kind.ORDINAL  # «14 من الشهر», «الرابع عشر من الشهر»
        if a_day and this_month and 1 <= number.value <= anchor.day:
            when = anchor.replace(day=int(number.value))
            return _DateCue(
                when, 1, number.start, sentence.tokens[last + 3].end, "relative", english.DayStated.CALENDAR
            )
        return None


def _ago(tokens: list[Token], number: NumberMention) -> str | None:
    """The unit of a span told back from the day of writing («قبل 3 أيام»: "thing:day"): the number's counted
    noun, where «قبل» is the word before it."""
    at = next((i for i, t in enumerate(tokens) if t.start >= number.start), 0)
    if not at or tokens[at - 1].text != "قبل" or len(number.noun) != 1:
        return None
    return next(iter(number.noun))


def _calendar(when: date, number: NumberMention, basis: Literal["stated", "fixed", "relative"]) -> _DateCue:
    """The cue of a date mention («13 آذار»): a day and month, its year found as `basis` says."""
    return _DateCue(when, 1, number.start, number.end, basis, english.DayStated.CALENDAR)


def _weekday_beside(tokens: list[Token], number: NumberMention) -> int | None:
    """The weekday named right beside a date («يوم الاثنين، 13 كانون الأول», «13 كانون الأول، الاثنين»): only
    that one is the date's. Another in the sentence is another day's («أكدت … في بيان الأربعاء مقتل … في الثاني
    من يوليو» is a Wednesday's statement of a Monday's death), and would fix a wrong year."""
    index = bisect_left([t.start for t in tokens], number.start)
    after = bisect_left([t.start for t in tokens], number.end)
    for token in (*tokens[max(0, index - 2) : index], *tokens[after : after + 1]):
        if (day := _facts(token.text).weekday) is not None:
            return day
    return None


def _year_of_weekday(month: int, day: int, weekday: int, anchor: date) -> date | None:
    """The latest date on or before the anchor (a day of slack for time zones) that falls on this day
    and month and on this weekday: «يوم الاثنين، 13 كانون الأول» before 2025 is 13 December 2021. A
    day and month come round on the same weekday every 5, 6 or 11 years, so the search goes back 28."""
    for year in range(anchor.year, anchor.year - 28, -1):
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        if when <= anchor + timedelta(days=1) and when.weekday() == weekday:
            return when
    return None


def _inter_at(entry: dict, country: str) -> int:
    """ACLED's interaction code of a party where the event took place: a state's forces are "state" (1) at home
    and "external" (8) abroad, whichever the dictionary files them under («الحرس الثوري» in Iran, «الجيش
    الإسرائيلي» in Israel are home forces; in Syria or Gaza they are foreign)."""
    if entry["kind"] not in ("state", "external") or entry["country"] is None:
        return entry["inter"]
    return 1 if entry["country"] == country else 8


@cache
def _forces_of(country: str, branch: str = "Military") -> dict | None:
    """A state's military (or police) forces: its actors.json entry, else "Military Forces of <its name>"."""
    entry = next(
        (
            e
            for e in _data("actors")["entries"]
            if e["country"] == country and e["en"].startswith(f"{branch} Forces of") and not e.get("generic")
        ),
        None,
    )
    if entry is not None:
        return entry
    name = country_names().get(country)
    return {"en": f"{branch} Forces of {name}", "kind": "state", "country": country} if name else None


_DURATION = frozenset({"لمده", "بالسجن"})  # a term of years («بالسجن لمدة عشر سنوات») is no history


_A_YEAR = re.compile(r"\d{4}")
_PLACE_NOUNS = {"محافظه", "ولايه", "مدينه", "بلده", "قريه", "اقليم", "مديريه", "قضاء", "ناحيه"}


def _unshared(match) -> bool:
    """«العاصمة الليبية», «طرابلس الغرب»: a name of two words or more that one place alone bears is no namesake,
    though the place's bare name («طرابلس») is another place's too. (A place ambiguous for another reason, a
    wider region such as «منطقة الساحل», stays so.)"""
    return (
        len(match.payloads) == 1
        and match.last - match.first > 1  # `last` is past the name
        and placing.namesake_only(match.payloads[0])
    )


def _named_as_place(sentence: _Sentence, match) -> bool:
    """«محافظة حجة», «مدينة السلمية»: a name that is also a word is a place right after a noun of places."""
    return match.first > 0 and bool(set(stems(sentence.tokens[match.first - 1].text)) & _PLACE_NOUNS)


def _abroad(sentence: _Sentence, country: str) -> bool:
    """The sentence names places, none of them in the incident's country: it tells of somewhere else."""
    return bool(sentence.places) and all(p["country"] != country for m in sentence.places for p in m.payloads)


_KICKER = re.compile(r"[ \t]*(?::|\.\.)")


def _kicker(text: str, sentence: _Sentence, match) -> bool:
    """«المغرب: صدمة إثر مقتل …», «العراق.. »: a name that is also a word («المغرب», the west) is the country
    the story is about when it opens the headline as its kicker."""
    return sentence.start == 0 and match.first == 0 and _KICKER.match(text, match.end) is not None


def _in_arabic(sentence: _Sentence) -> bool:
    return any("\u0621" <= t.text[0] <= "\u064a" for t in sentence.tokens)


def _weekday_in(tokens: list[Token]) -> bool:
    return any(form in _WEEKDAYS for t in tokens for form in stems(t.text))


def _rank(events) -> int:
    return min((m.payload["rank"] for m in events), default=99)


def _year_like(number: NumberMention) -> bool:
    """Four digits from 1900 to 2099 with no counted noun are a year («في منزلهما 2016»), never a count."""
    return (
        number.value is not None and 1900 <= number.value <= 2099 and number.text.strip().isdigit() and not number.noun
    )


_RAID = ("مداهم", "داهم")  # «مداهمة», «داهمت»: the raid's words among the clash words
_CLAUSE_END = re.compile(r"[،,.؛;:!?؟]")
_MEMBERS = {"رجال", "عناصر", "افراد", "منتسبي", "عنصرا", "عنصرين"}  # «ثلاثة من رجال الأمن»
_POLICE = {"الامن", "امن", "الشرطه", "الدرك", "شرطيا", "شرطيين", "شرطي"}  # «رجال الأمن» are police, not soldiers
_FORCES = {"الامن", "امن", "الشرطه", "الجيش", "الدرك", "الحرس", "القوات"}


def _counts_things(number: NumberMention) -> bool:
    """A figure whose counted noun is a thing, a span of time or a distance («فتاة بعمر 17 عاما», «3 غارات»,
    «على بعد 40 كيلومترا») counts no one killed, hurt or held."""
    return bool(number.noun) and all(noun.startswith("thing:") for noun in number.noun)


def _counted_noun(sentence: _Sentence, number: NumberMention) -> tuple[str, str]:
    """The counted noun and the word after it, past a partitive «من» («ثلاثة من رجال الأمن»: رجال، الأمن)."""
    words = [t.text for t in sentence.tokens if t.start >= number.end][:3]
    if words and words[0] == "من":
        words = words[1:]
    words += ["", ""]
    return words[0], words[1]


_SECURITY = ("جندي", "جنود", "شرطي", "اعوان", "عوني", "عسكري", "ضابط", "ضباط")  # «استشهاد ستة أعوان»
_MILITANT = ("مسلح", "جهادي", "ارهابي", "متشدد", "متطرف", "مهاجم", "خليه", "عصاب")  # «7 عناصر إرهابية», «6 من خلية»


def _role_of(count: dict) -> str | None:
    """Whose dead a count are: "state" (soldiers, police), "nonstate" (fighters, militants) or None."""
    noun = count.get("_noun") or ""
    if "role:soldier" in noun or "role:police" in noun:
        return "state"
    if "role:fighter" in noun or "role:suspect" in noun:
        return "nonstate"
    if any(word.startswith(_MILITANT) for word in count.get("_after", ())):
        return "nonstate"
    head = count.get("_head") or ("", "")
    if head[0].startswith(_SECURITY) or (head[0] in _MEMBERS and head[1] in _FORCES):
        return "state"
    return None


def _kinds(events) -> set[str]:
    """The ACLED event types the event words name («اشتباكات»: Battles), not those that name none («هجوم»)."""
    return {m.payload["event_type"] for m in events} - {None}


def _taken(incident: _Incident, counts: list[dict]) -> bool:
    """«110 تلميذات مفقودات بعد هجوم» … «عملية الخطف»: the only people harmed are missing, and the incident tells an
    abduction: they were taken."""
    harmed = {c["category"] for c in counts} & {"killed", "wounded", "abducted", "missing"}
    return harmed == {"missing"} and any(m.payload["cue"] == "abduction" for m in incident.events)


def _counts_in(sentence: _Sentence) -> bool:
    return any(n.category in COUNTED for n in sentence.numbers)


def _side_and_role(number: NumberMention) -> tuple[str, str]:
    """Whose and what the counted are, in English: ("ISIS", "fighters"), ("", "people")."""
    roles = {
        "role:soldier": "soldiers",
        "role:fighter": "fighters",
        "role:police": "police",
        "role:suspect": "suspects",
        "role:civilian": "civilians",
        "role:person": "people",
        "role:member": "members",
    }
    sides = {
        "side:isis": "ISIS",
        "side:sdf": "SDF",
        "side:houthi": "Houthi",
        "side:government": "government",
        "side:russia": "Russian",
        "side:turkey": "Turkish",
        "side:iran": "Iran-backed",
        "side:shabaab": "al-Shabaab",
    }
    role = next((roles[a] for a in sorted(number.noun) if a in roles), None)
    side = next((sides[a] for a in sorted(number.noun) if a in sides), "")
    if role == "people":
        return "", role  # a side is said of fighters, not of "people"
    return side, role or ("forces" if side else "people")


def _who(number: NumberMention) -> str:
    """ "ISIS fighters", "people": the count's `who`."""
    return " ".join(filter(None, _side_and_role(number)))


def _clause(text: str, number: NumberMention, sentence: _Sentence) -> str:
    """The few words around a number, within its clause: "أدت إلى مقتل 5 عناصر من خلية"."""
    tokens = sentence.tokens
    inside = [i for i, t in enumerate(tokens) if number.start <= t.start < number.end] or [
        min(range(len(tokens)), key=lambda i: abs(tokens[i].start - number.start))
    ]
    first, last = inside[0], inside[-1]
    left = first
    while left > 0 and first - left < 3 and not _punctuated(text, tokens[left - 1].end, tokens[left].start):
        left -= 1
    right = last
    while (
        right + 1 < len(tokens)
        and right - last < 3
        and not _punctuated(text, tokens[right].end, tokens[right + 1].start)
    ):
        right += 1
    start, end = min(tokens[left].start, number.start), max(tokens[right].end, number.end)
    return text[start:end]


def _punctuated(text: str, start: int, end: int) -> bool:
    return any(char in '،,.;:؛()"«»\n' for char in text[start:end])


def _written(
    text: str,
    incident: _Incident,
    coded: tuple[str, str, list[dict], list[dict], tuple[english.Tally, ...], dict],
    dated: _Dated,
) -> tuple[str, dict]:
    """The incident's notes and its summary sentence, written by `briefs.extract.english` from the coded
    facts (event type and sub-type, actors by role, counts, place) and its date: the notes with the
    calendar date, the summary with the day as the article states it (every number in it stated there)."""
    event_type, sub_event_type, actors, counts, tallies, location = coded
    roles = {a["role"]: english.Party(a["name_en"], a["inter"]) for a in actors}
    event = english.Event(
        EventType(event_type),
        SubEventType(sub_event_type),
        roles.get("actor1"),
        roles.get("actor2"),
        tallies,
        english.Place(
            location["name_en"], location["admin1"], location["country"], GeoPrecision(location["geo_precision"])
        ),
        english.EventDay(dated.when, TimePrecision(dated.precision), dated.stated, dated.guessed),
        _told(incident),
    )
    evidence = [c["evidence_ar"] for c in counts] or [
        text[incident.sentences[0].start : incident.sentences[0].end].strip()
    ]
    summary = {
        "text_en": english.sentence(event, english.Dating.AS_STATED),
        "evidence_ar": list(dict.fromkeys(evidence)),
    }
    return english.sentence(event, english.Dating.CALENDAR), summary


def _told(incident: _Incident) -> english.Told:
    """An attack when the article's words for the event are an attack's or an assassination's, not clashes."""
    cues = {m.payload["cue"] for m in incident.events}
    attack = "clash" not in cues and bool(cues & {"attack", "assassination"})
    return english.Told.ATTACK if attack else english.Told.CLASHES


def _tally(count: dict, side: str, role: str) -> english.Tally:
    return english.Tally(
        CountCategory(count["category"]),
        count["value"],
        count["low"],
        CountQualifier(count["qualifier"]),
        role,
        side or None,
    )


# ---- per-word table of the sentence scan: each distinct word is read once per process ---------------
_WORD_CUES = (
    *("denial", "claim", "instruction", "consequence", "landmark", "speaker", "reporting"),
    *("allegiance", "fighting", "attacker", "incident_nouns"),
)
_WEEK = frozenset({"الاسبوع", "اسبوع"})


class _WordFacts(NamedTuple):
    cues: frozenset[str]  # the cue lists of triggers.json (those in _WORD_CUES) one of its stems is in
    background_rests: tuple[tuple[str, ...], ...]  # the rest of each background phrase one of its stems starts
    lag_rests: tuple[tuple[str, ...], ...]  # the rest of each lag phrase («بعد أيام من») one of its stems starts
    weekday: int | None


@cache
def _cue_names_by_form() -> dict[str, frozenset[str]]:
    cues = _dictionaries()[1]
    names: dict[str, set[str]] = {}
    for name in _WORD_CUES:
        for form in cues[name]:
            names.setdefault(form, set()).add(name)
    return {form: frozenset(found) for form, found in names.items()}


@lru_cache(maxsize=65536)
def _facts(word: str) -> _WordFacts:
    forms = stems(word)
    by_form = _cue_names_by_form()
    cues = _dictionaries()[1]
    phrases, lags = cues["background_phrases"], cues["lag_phrases"]
    return _WordFacts(
        frozenset().union(*[by_form[f] for f in forms if f in by_form]),
        tuple(rest for first in forms for rest in phrases.get(first, ())),
        tuple(rest for first in forms for rest in lags.get(first, ())),
        next((_WEEKDAYS[f] for f in forms if f in _WEEKDAYS), None),
    )
