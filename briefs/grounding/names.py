"""Names in English text (places, actors, weekdays) checked against the Arabic source.

An English name is looked up in the gazetteer and the actor dictionary (briefs/extract/data, read
as they are) through its English name and the variants in `data/english_names.json`, spelling
folded (articles, vowels, doubled letters: Deir ez-Zor = Deir al-Zor). The source's names are found
with the same dictionaries' Arabic aliases. A name is then:

- supported: the source names it, or a place inside it (Deir ez-Zor by «البوكمال»; Syria by any
  Syrian place or state actor), or for an actor its generic entry or a branch of it;
- misattributed: the source names it, but what its English clause states (a figure; for a place
  without figures its weekday; for an actor, claiming an attack) the source states only in clauses
  tied to other names of the same kind (16 killed "in Baghdad" when the source gives 16 for a village
  near Shirqat and names Baghdad only for another bombing), or gives the place another figure of the
  same count;
- unsupported: the source names neither it nor anything inside it;
- unknown: a capitalised name the dictionaries do not know (reported, never a failure).

Weekdays and relative days ("on Monday", "yesterday") are judged by `briefs.grounding.dates`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

from briefs.arabic.clitics import stems
from briefs.arabic.mention import NumberMention
from briefs.arabic.normalize import normalize_text

# The phrase matcher is pure Arabic text matching (it belongs with briefs/arabic; it lives in
# extract for historical reasons). Importing it keeps one matcher for extractor and checker alike.
from briefs.arabic.phrases import Match, PhraseIndex, tokenize
from briefs.arabic.tables import load_or_build
from briefs.grounding import dates
from briefs.grounding.checker import (
    MISATTRIBUTED,
    SUPPORTED,
    UNSUPPORTED,
    Evidence,
    GroundingStatus,
    source_numbers,
)

UNKNOWN = GroundingStatus.UNKNOWN
_UNKNOWN_NOTE = "not in the gazetteer or the actor dictionary"
_DICTIONARIES = Path(__file__).resolve().parent.parent / "extract" / "data"
_VARIANTS = Path(__file__).resolve().parent / "data" / "english_names.json"
# What the dictionaries are built from: their data, and the code that builds them and defines their classes.
_DICTIONARY_INPUTS = (
    _DICTIONARIES / "places.json",
    _DICTIONARIES / "actors.json",
    _VARIANTS,
    Path(__file__),
    *(Path(__file__).resolve().parents[1] / "arabic" / f"{name}.py" for name in ("clitics", "normalize", "phrases")),
)
_MAX_EVIDENCE = 3
_LONGEST = 7  # tokens in the longest English name tried


class NameKind(StrEnum):
    PLACE = "place"
    ACTOR = "actor"
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Entity:
    """One gazetteer place or dictionary actor."""

    name: str
    kind: NameKind
    level: str  # places: country, admin1, admin2, town; actors: state, rebel, militia, ...
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    generic: str | None = None  # actors: the generic entry this is a branch of

    def contains(self, other: Entity) -> bool:
        """`other` is this entity or lies inside it (a place in a province, a branch of a group)."""
        if other == self:
            return True
        if self.kind is NameKind.ACTOR:
            return other.generic == self.name
        if other.kind is NameKind.ACTOR:  # a state's own forces name the state
            return self.level == "country" and other.level in ("state", "external") and other.country == self.country
        if other.country != self.country or self.level == "town":
            return False
        if self.level == "country":
            return True
        if self.level == "admin1":
            return other.admin1 == self.admin1
        return self.level == "admin2" and other.admin2 == self.admin2 and other.admin1 == self.admin1

    def related(self, other: Entity) -> bool:
        return (
            self.contains(other)
            or other.contains(self)
            or (self.kind is NameKind.ACTOR and self.generic is not None and self.generic == other.generic)
        )


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name found in English text; `entities` is empty for a name the dictionaries do not know."""

    text: str
    start: int
    end: int
    kind: NameKind
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True, slots=True)
class NameCheck:
    mention: NameMention
    status: GroundingStatus
    evidence: tuple[Evidence, ...] = ()
    note: str = ""

    def to_json(self) -> dict:
        m = self.mention
        return {
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "kind": str(m.kind),
            "status": self.status,
            "names": [e.name for e in m.entities],
            "evidence": [e.to_json() for e in self.evidence],
            "note": self.note,
        }


# --------------------------------------------------------------------------------------------------
# Dictionaries
# --------------------------------------------------------------------------------------------------

_ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "at", "az", "an", "ash", "adh", "ez", "es", "ed", "the"})
_SPELLING = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("ay", "i"),
    ("ai", "i"),
    ("ey", "i"),
    ("e", "i"),
    ("o", "u"),
    ("q", "k"),
    ("dh", "d"),
    ("w", "u"),
)


# fold's patterns, compiled once: the dictionary folds some 2,000 names when a process first checks.
_PUNCTUATION = re.compile(r"['`.]")
_WORD_BREAK = re.compile(r"[\s\-]+")
_GLUED_ARTICLE = re.compile(r"^[aeiu]([^aeiou])\1(?=.)")
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aiu])h$")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A key under which spellings of one name meet: Deir ez-Zor, Deir al-Zor and Deir Ezzor alike."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in _WORD_BREAK.split(_PUNCTUATION.sub("", plain)) if w]
    kept = [w for w in words if w not in _ARTICLES] or words
    # an article glued to a sun letter after the first word: "Deir Ezzor" is Deir ez-Zor
    kept = kept[:1] + [_GLUED_ARTICLE.sub(r"\1", w) for w in kept[1:]]
    key = "".join(kept)
    for old, new in _SPELLING:
        key = key.replace(old, new)
    return _FINAL_H.sub("", _DOUBLED.sub(r"\1", key))


@dataclass
class _Dictionary:
    english: dict[str, list[Entity]] = field(default_factory=dict)  # folded English name → entities
    demonyms: frozenset[str] = frozenset()  # folded adjectives of countries ("syrian"): never a claim alone
    index: PhraseIndex = field(default_factory=lambda: PhraseIndex([]))  # Arabic aliases of places, actors, _AR_FORCES
    ambiguous: dict[Entity, frozenset[str]] = field(default_factory=dict)  # actor → aliases that need its country
    ambiguous_places: frozenset[Entity] = frozenset()  # places whose alias is also a common word
    # normalized word → the country of its nisba (افغاني), or _CLAIM
    words: dict[str, Entity | str] = field(default_factory=dict)
    acronyms: set[str] = field(default_factory=set)  # names the dictionary writes in capitals (ISIS, SDF)

    def add(self, name: str, entity: Entity) -> None:
        entities = self.english.setdefault(fold(name), [])
        if entity not in entities:
            entities.append(entity)
        if name.isupper():
            self.acronyms.add(name)

    def is_foreign_acronym(self, word: str) -> bool:
        """A word in capitals the dictionary does not write so: SANA (a news agency) is not Sanaa."""
        return len(word) > 1 and word.isupper() and word not in self.acronyms


# Arabic words for a state's forces that name no state: they support "Jordanian security forces"
# when the source is about Jordan (its places), as the dictionary's ambiguous aliases do.
_FORCE = "force"
_AR_FORCES = (
    "قوات الأمن",
    "قوات أمنية",
    "الأجهزة الأمنية",
    "رجال الأمن",
    "عناصر الأمن",
    "الأمن",
    "الشرطة",
    "الدرك",
    "الجيش",
    "القوات المسلحة",
    "القوات",
    "الاحتلال",
    "جيش الاحتلال",
    "قوات الاحتلال",
    "وزارة الداخلية",
    "الداخلية",
    "الحرس الوطني",
)


# Words that claim an attack: they tie a group to "claimed the attack" in English.
_CLAIM = "claim"
_AR_CLAIM = (
    "تبنى",
    "تبنت",
    "يتبنى",
    "تتبنى",
    "تبنوا",
    "تبنيه",
    "تبنيها",
    "مسؤولية",
    "مسؤوليته",
    "مسؤوليتها",
    "مسؤوليتهم",
)
_EN_CLAIM = re.compile(r"\b(?:claim(?:ed|s|ing)?|responsibility)\b", re.IGNORECASE)


def _nisba(aliases: list[str]) -> set[str]:
    """The forms of a country's adjective (سوريا → سوري، سوريه، سوريين، سوريون; أفغانستان → أفغاني),
    normalized and without the article: a source about "the Afghan interior ministry" names Afghanistan."""
    forms = set()
    for alias in aliases:
        base = normalize_text(alias)
        if " " in base:
            continue
        base = base[2:] if base.startswith("ال") else base
        base = base[:-4] if base.endswith("ستان") else base[:-1] if base[-1] in "اه" else base
        if len(base) >= 3:
            forms |= {base + ending for ending in ("ي", "يه", "يين", "يون", "يا")}
    return forms


@cache
def _dictionary() -> _Dictionary:
    """The dictionaries, built once and kept on disk (`briefs.arabic.tables`): building them was most
    of a one-pair `briefs check`'s first call."""
    return load_or_build("names", _DICTIONARY_INPUTS, _build_dictionary)


def _build_dictionary() -> _Dictionary:
    places = json.loads((_DICTIONARIES / "places.json").read_text(encoding="utf-8"))["entries"]
    actors = json.loads((_DICTIONARIES / "actors.json").read_text(encoding="utf-8"))["entries"]
    variants = json.loads(_VARIANTS.read_text(encoding="utf-8"))
    d = _Dictionary()
    place_aliases, actor_aliases, ambiguous_places = [], [], set()
    for entry in places:
        entity = Entity(entry["en"], NameKind.PLACE, entry["type"], entry["country"], entry["admin1"], entry["admin2"])
        if entry.get("ambiguous"):
            ambiguous_places.add(entity)
        for name in (entry["en"], re.sub(r"\s*\(.*\)$", "", entry["en"]), *variants["places"].get(entry["en"], ())):
            d.add(name, entity)
        place_aliases += [(alias, entity) for alias in entry["ar"]]
    state_forces: dict[tuple[str, str], Entity] = {}
    for entry in actors:
        entity = Entity(entry["en"], NameKind.ACTOR, entry["kind"], entry["country"], generic=entry.get("generic"))
        actor_aliases += [(alias, entity) for alias in entry["ar"]]
        if entry["kind"] in ("unidentified", "civilian") or entry["en"].startswith("Unidentified"):
            continue  # ACLED's codes for actors a text leaves unnamed: no English text names them
        names = [entry["en"], *variants["actors"].get(entry["en"], ())]
        if ": " in entry["en"]:  # "SDF: Syrian Democratic Forces"
            names += entry["en"].split(": ", 1)
        if (paren := re.fullmatch(r"(.*?)\s*\((.*)\)", entry["en"])) and not entry.get("generic"):
            names.append(paren.group(1))  # "Ansar Allah (Houthis)", "Opposition Rebels (Syria)"
            if fold(paren.group(2)) not in d.english:  # "Houthis", but not "Syria"
                names.append(paren.group(2))
        for name in names:
            d.add(name, entity)
        if entry.get("ambiguous"):
            d.ambiguous[entity] = frozenset(normalize_text(a) for a in entry["ambiguous"])
        if (branch := re.fullmatch(r"(Military|Police) Forces of (?:the )?(.*)", entry["en"])) and entry["country"]:
            state_forces[(branch.group(1).lower(), entry["country"])] = entity
    for country, adjectives in variants["demonyms"].items():
        for branch, words in variants["forces"].items():
            if forces := state_forces.get((branch, country)):
                for adjective in adjectives:
                    for word in words:
                        d.add(f"{adjective} {word}", forces)
    d.demonyms = frozenset(fold(a) for adjectives in variants["demonyms"].values() for a in adjectives)
    d.ambiguous_places = frozenset(ambiguous_places)
    d.words = {
        form: entity
        for entry in places
        if entry["type"] == "country"
        for entity in d.english[fold(entry["en"])]
        if entity.level == "country" and entity.name == entry["en"]
        for form in _nisba(entry["ar"])
    }
    d.words |= {normalize_text(word): _CLAIM for word in _AR_CLAIM}
    # One pass over a source finds them all; the longest phrase wins, so قوات سوريا الديمقراطية
    # names the SDF and not Syria.
    d.index = PhraseIndex([*place_aliases, *actor_aliases, *((phrase, _FORCE) for phrase in _AR_FORCES)])
    return d


# --------------------------------------------------------------------------------------------------
# Clauses: which names a figure is tied to
# --------------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?؟\n]+(?=\s|$)|\n")
_CLAUSE_END = re.compile(r"[،,;؛:()\"«»]|\s(?:and|while|whereas|but|after|when|where|فيما|بينما|حيث)\s|\sفي حين\s")


@dataclass(frozen=True, slots=True)
class _Segments:
    """Sentence and clause boundaries of a text, as sorted offsets."""

    sentences: tuple[int, ...]
    clauses: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Segments:
        return cls(
            tuple(m.end() for m in _SENTENCE_END.finditer(text)), tuple(m.start() for m in _CLAUSE_END.finditer(text))
        )

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentences, offset)

    def clause(self, offset: int) -> tuple[int, int]:
        return self.sentence(offset), bisect_right(self.clauses, offset)


@dataclass(frozen=True, slots=True)
class _Named:
    entity: Entity
    start: int
    end: int
    sentence: int
    clause: tuple[int, int]
    # An alias that is also a common word (صور: Tyre, "pictures"): names only itself, contradicts nothing.
    weak: bool = False


@dataclass(frozen=True)
class SourceNames:
    """A source's places, actors and date words, found once per source."""

    text: str
    named: tuple[_Named, ...]
    countries: frozenset[str]
    forces: tuple[Match, ...]
    segments: _Segments
    days: tuple[dates.DayWord, ...]
    claims: tuple[tuple[int, int], ...]  # words that claim an attack (تبنى، مسؤوليته)
    _naming: dict = field(default_factory=dict, compare=False, repr=False)  # entity → naming(entity), filled on use

    def naming(self, wanted: Entity) -> list[_Named]:
        """Where the source names `wanted`, a place inside it, a branch of it, or (for a branch) its
        generic group in a source about the branch's country: القاعدة in Yemen is AQAP."""
        found = self._naming.get(wanted)
        if found is None:
            generic = wanted.generic if wanted.country in self.countries else None
            found = self._naming[wanted] = [
                n
                for n in self.named
                if n.entity == wanted
                or (not n.weak and wanted.contains(n.entity))
                or (generic is not None and n.entity.name == generic)
            ]
        return found

    def ties(self, offset: int, kind: NameKind, *, clause_only: bool = False) -> list[_Named]:
        """The names of `kind` a figure at `offset` belongs to: those of its clause, else (unless
        `clause_only`) of its sentence, else the last ones named before it."""
        clause = self.segments.clause(offset)
        of_kind = [n for n in self.named if n.entity.kind is kind]
        own = [n for n in of_kind if n.clause == clause]
        if own or clause_only:
            return own
        sentence = clause[0]
        same = [n for n in of_kind if n.sentence == sentence]
        if same:
            return same
        before = [n for n in of_kind if n.sentence < sentence]
        return [n for n in before if n.sentence == before[-1].sentence] if before else []


@lru_cache(maxsize=128)
def source_names(source: str) -> SourceNames:
    d = _dictionary()
    numbers = source_numbers(source)
    tokens = tokenize(source, numbers.normalized)  # the number parser's normalization of the source, not another
    segments = _Segments.of(source)
    matches = d.index.find(tokens)
    found: list[tuple[Match, Entity]] = [(m, e) for m in matches for e in m.payloads if e != _FORCE]
    countries = frozenset(
        e.country for m, e in found if e.kind is NameKind.PLACE and e.country and e not in d.ambiguous_places
    )
    named = []
    for match, entity in found:
        weak = entity in d.ambiguous_places
        if (
            match.phrase in d.ambiguous.get(entity, ())
            and countries
            and entity.country
            and entity.country not in countries
        ):
            continue  # "الجيش" names Syria's army only in an article about Syria
        named.append(
            _Named(entity, match.start, match.end, segments.sentence(match.start), segments.clause(match.start), weak)
        )
    claims = []
    words = {text: word for text in {token.text for token in tokens} if (word := _dictionary_word(text)) is not None}
    for token in [token for token in tokens if token.text in words]:
        word = words[token.text]
        if isinstance(word, str):  # _CLAIM: the only word that is not an Entity
            claims.append((token.start, token.end))
        else:
            named.append(
                _Named(word, token.start, token.end, segments.sentence(token.start), segments.clause(token.start))
            )
    days = dates.source_days(source, tokens, numbers.mentions)
    named += [
        _Named(_weekday(w.weekday), w.start, w.end, segments.sentence(w.start), segments.clause(w.start))
        for w in days
        if w.weekday is not None
    ]
    named.sort(key=lambda n: n.start)
    forces = tuple(m for m in matches if _FORCE in m.payloads)
    return SourceNames(source, tuple(named), countries, forces, segments, days, tuple(claims))


@lru_cache(maxsize=65536)
def _dictionary_word(word: str) -> Entity | str | None:
    """The country whose nisba `word` is (افغاني), or _CLAIM, looked up without its clitics."""
    forms = _dictionary().words
    return next((forms[form] for form in stems(word) if form in forms), None)


@cache
def _weekday(number: int) -> Entity:
    return Entity(dates.WEEKDAYS[number], NameKind.DATE, "weekday", None)


# --------------------------------------------------------------------------------------------------
# English names
# --------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z][A-Za-z.]*(?:['’][A-Za-z]+)*(?:-[A-Za-z]+)*")
_CONNECTORS = frozenset(
    {
        "of",
        "al",
        "el",
        "bin",
        "ibn",
        "abu",
        "bani",
        "de",
        "for",
        "the",
        "ez",
        "es",
        "ash",
        "ad",
        "as",
        "ar",
        "an",
        "at",
        "az",
    }
)
_NOT_NAMES = frozenset(
    {
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "it",
        "its",
        "he",
        "she",
        "they",
        "this",
        "that",
        "these",
        "those",
        "but",
        "and",
        "or",
        "as",
        "after",
        "before",
        "when",
        "while",
        "both",
        "since",
        "separately",
        "meanwhile",
        "according",
        "some",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozens",
        "hundreds",
        "several",
        "most",
        "many",
        "all",
        "no",
        "there",
        "his",
        "her",
        "their",
        "we",
        "i",
        "if",
        "of",
        "to",
        "by",
        "for",
        "with",
        "from",
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "minister",
        "prime",
    }
)
_LOWER_FORCE_WORDS = frozenset(
    {
        "army",
        "military",
        "armed",
        "forces",
        "force",
        "troops",
        "soldiers",
        "warplanes",
        "jets",
        "air",
        "aircraft",
        "navy",
        "government",
        "regime",
        "police",
        "policemen",
        "security",
        "services",
        "interior",
        "ministry",
        "gendarmerie",
        "artillery",
        "tanks",
        "drones",
        "drone",
        "led",
        "coalition",
    }
)


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    start: int
    end: int
    capital: bool
    sentence_start: bool
    possessive: bool = False  # "Iran's Revolutionary Guards": two names


_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+")
_ARTICLE_PREFIXES = frozenset({"al", "el", "ar", "as", "ad", "at", "az", "an", "ash", "ez", "es", "ed"})


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    previous_end = 0
    for m in _TOKEN.finditer(text):
        raw, start = m.group(), m.start()
        if raw[-1] == "." and not _ABBREVIATION.fullmatch(raw):
            raw = raw.rstrip(".")
        possessive = raw[-1] in "'’" or (raw[-1] == "s" and raw[-2:-1] in ("'", "’"))
        if possessive:
            raw = raw[:-1] if raw[-1] in "'’" else raw[:-2]
        between = text[previous_end:start]
        sentence_start = not words or "\n" in between or between.rstrip()[-1:] in (".", "!", "?", ":", ";", '"', "“")
        prefix, dash, rest = raw.partition("-")
        head = rest if dash and prefix in _ARTICLE_PREFIXES and rest[:1].isupper() else raw
        words.append(_Word(raw, start, start + len(raw), head[:1].isupper(), sentence_start, possessive))
        previous_end = start + len(raw)
    return words


def _runs(words: list[_Word]) -> list[list[_Word]]:
    """Stretches of capitalised words (with connectors inside them, and a state's force words after
    an adjective: "Jordanian security forces") where names are looked for."""
    demonyms = _dictionary().demonyms
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    for i, word in enumerate(words):
        lower = word.text.lower()
        inside = current and not word.sentence_start and not current[-1].possessive
        if word.capital and (not word.sentence_start or lower not in _NOT_NAMES):
            if current and not inside:
                runs.append(current)
                current = []
            current.append(word)
        elif inside and lower in _CONNECTORS and i + 1 < len(words) and words[i + 1].capital:
            current.append(word)
        elif (
            inside
            and lower in _LOWER_FORCE_WORDS
            and (
                fold(current[-1].text) in demonyms
                or current[-1].text.lower() in _LOWER_FORCE_WORDS
                or current[-1].text.endswith("-led")
            )
        ):  # "the US-led coalition"
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def find_english_names(text: str) -> list[NameMention]:
    """Places, actors and unknown capitalised names in English text, longest dictionary match first."""
    d = _dictionary()
    words = _words(text)
    found: list[NameMention] = []
    for run in _runs(words):
        i, unmatched = 0, list[_Word]()
        while i < len(run):
            for j in range(min(len(run), i + _LONGEST), i, -1):
                entities = d.english.get(fold(" ".join(w.text for w in run[i:j])))
                if not entities or (
                    j - i == 1
                    and (
                        run[i].text.lower() in _CONNECTORS
                        or _glued_to_unknown(run, j, d)
                        or d.is_foreign_acronym(run[i].text)
                    )
                ):
                    continue
                found.extend(_unknown(unmatched, text, d))
                unmatched = []
                kinds = {e.kind for e in entities}
                kind = NameKind.PLACE if NameKind.PLACE in kinds else NameKind.ACTOR
                found.append(
                    NameMention(
                        text[run[i].start : run[j - 1].end],
                        run[i].start,
                        run[j - 1].end,
                        kind,
                        tuple(e for e in entities if e.kind is kind),
                    )
                )
                i = j
                break
            else:
                unmatched.append(run[i])
                i += 1
        found.extend(_unknown(unmatched, text, d))
    return found


def _glued_to_unknown(run: list[_Word], j: int, d: _Dictionary) -> bool:
    """A one-word name followed by a capitalised word no name starts with: "North Waziristan" is not
    Lebanon's North governorate."""
    if j >= len(run) or run[j].text.lower() in _CONNECTORS or not run[j].capital or run[j - 1].possessive:
        return False
    return not any(
        fold(" ".join(w.text for w in run[j:k])) in d.english for k in range(j + 1, min(len(run), j + _LONGEST) + 1)
    )


def _unknown(words: list[_Word], text: str, d: _Dictionary) -> list[NameMention]:
    """Contiguous unmatched capitalised words as one unknown name, unless they are only a sentence's
    first word, connectors, force words or a country's adjective ("the Algerian border")."""
    groups: list[list[_Word]] = []
    for word in words:
        if groups and text[groups[-1][-1].end : word.start].strip() in ("", "-"):
            groups[-1].append(word)
        else:
            groups.append([word])
    out = []
    for group in groups:
        while group and (group[-1].text.lower() in _CONNECTORS or not group[-1].capital):
            group.pop()
        while group and group[0].text.lower() in _CONNECTORS:
            group.pop(0)
        if not group or all(
            fold(w.text) in d.demonyms or w.text.lower() in _LOWER_FORCE_WORDS or w.text.lower() in _NOT_NAMES
            for w in group
        ):
            continue
        if (len(group) == 1 and group[0].sentence_start) or (dates.is_calendar_word(group[0].text) and len(group) == 1):
            continue
        kind = NameKind.ACTOR if any(w.text.lower() in _ORGANISATION_WORDS for w in group) else NameKind.PLACE
        out.append(NameMention(text[group[0].start : group[-1].end], group[0].start, group[-1].end, kind))
    return out


# An unknown name with one of these words is an organisation ("Syrian Observatory for Human Rights"),
# otherwise a place (Kabul); the kind is only reported, an unknown name never fails.
_ORGANISATION_WORDS = frozenset(
    {
        "observatory",
        "ministry",
        "agency",
        "council",
        "commission",
        "committee",
        "forces",
        "army",
        "front",
        "brigade",
        "brigades",
        "movement",
        "group",
        "party",
        "organization",
        "organisation",
        "union",
        "news",
        "guard",
        "guards",
        "police",
        "cell",
        "helmets",
        "haram",
        "taliban",
        "militia",
        "network",
        "authority",
        "office",
        "court",
        "government",
        "resistance",
        "tv",
        "channel",
    }
)


# --------------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------------


def check_names(
    source: str, text: str, claims: list[NumberMention] | tuple[NumberMention, ...] = (), published: date | None = None
) -> tuple[NameCheck, ...]:
    """Every name in `text` judged against `source`; `claims` are the text's annotated numbers (the
    checker has them already), whose clauses tie figures to names."""
    mentions, days = find_english_names(text), dates.find_days(text)
    if not days and not any(m.entities for m in mentions):  # nothing to look for in the source
        return tuple(NameCheck(m, UNKNOWN, note=_UNKNOWN_NOTE) for m in mentions)
    names = source_names(source)
    segments = _Segments.of(text)
    checks = []
    for mention in mentions:
        if not mention.entities:
            checks.append(NameCheck(mention, UNKNOWN, note=_UNKNOWN_NOTE))
        else:
            located = mention.kind is not NameKind.PLACE or _LOCATIVE.search(
                text[max(0, mention.start - 20) : mention.start]
            )
            checks.append(
                _judge(mention, names, _facts(mention, text, claims, days, segments, names) if located else [])
            )
    for day in days:
        checks.append(_judge_day(day, names, published, _facts(day, text, claims, (), segments, names)))
    return tuple(sorted(checks, key=lambda c: c.mention.start))


def _judge_day(day: dates.DayClaim, names: SourceNames, published: date | None, facts: list[_Fact]) -> NameCheck:
    mention = NameMention(
        day.text, day.start, day.end, NameKind.DATE, (_weekday(day.weekday),) if day.weekday is not None else ()
    )
    verdict = dates.judge_day(day, names.days, published)
    if verdict.supported is None:
        return NameCheck(mention, UNKNOWN, note=verdict.note)
    if not verdict.supported:
        return NameCheck(mention, UNSUPPORTED, note=verdict.note)
    if mention.entities and (elsewhere := _tied_elsewhere(mention, names, facts)):
        return NameCheck(mention, MISATTRIBUTED, elsewhere, note="the source states this for another day")
    return NameCheck(
        mention,
        SUPPORTED,
        tuple(Evidence(w.start, w.end, names.text[w.start : w.end]) for w in verdict.evidence[:_MAX_EVIDENCE]),
    )


# A place after one of these words locates its clause's facts ("killed in Raqqa"); one used as a
# modifier ("the Alexandria bombing") does not.
# "west of Amman" places it near Amman, not in it.
_LOCATIVE = re.compile(
    r"(?:\b(?:in|near|at|outside|around|inside|from|across|into|on|over|towards?|between|and|within|throughout)"
    r"|(?:city|town|village|province|governorate|district|region|area|capital|suburbs?|outskirts|countryside) of)"
    r"\s+(?:the\s+)?$"
)


@dataclass(frozen=True, slots=True)
class _Fact:
    """One fact of an English clause: where the source states it, and for a count where the source
    states another figure of the same count (16 killed against the 31 killed of another bombing)."""

    spans: tuple[tuple[int, int], ...]
    rivals: tuple[tuple[int, int], ...] = ()


def _facts(
    mention: NameMention | dates.DayClaim, text: str, claims, days, segments: _Segments, names: SourceNames
) -> list[_Fact]:
    """The facts of the mention's English clause, each as the source spans stating it: for places and
    days its figures (not "one", as often a pronoun: "... and one east of Khan Younis"), for a place
    without figures its weekday, for an actor its claim of an attack."""
    clause = segments.clause(mention.start)
    numbers = source_numbers(names.text)
    facts: list[_Fact] = []
    for figure in claims:
        if (
            figure.value is not None
            and figure.value != 1
            and figure.kind in ("cardinal", "dual")
            and segments.clause(figure.start) == clause
        ):
            spans = tuple(
                (m.start, m.end)
                for m in numbers.by_value.get(figure.value, ())
                if m.kind in ("cardinal", "dual") and (figure.category is None or m.category in (None, figure.category))
            )
            rivals = (
                ()
                if figure.category is None
                else tuple(
                    (m.start, m.end)
                    for m in numbers.mentions
                    if m.category == figure.category
                    and m.kind in ("cardinal", "dual")
                    and m.value not in (None, 1, figure.value)
                )
            )
            facts.append(_Fact(spans, rivals))
    kind = mention.kind if isinstance(mention, NameMention) else NameKind.DATE
    # An actor beside a figure is as often its victims as its authors ("killed five members of داعش"):
    # actors are tied by the claims of attacks only.
    facts = [fact for fact in facts if fact.spans] if kind is not NameKind.ACTOR else []
    if kind is NameKind.PLACE and not facts:  # a weekday places a fact less surely than a figure
        facts = [
            _Fact(spans)
            for day in days
            if day.weekday is not None and segments.clause(day.start) == clause
            if (spans := tuple((w.start, w.end) for w in names.days if w.weekday == day.weekday))
        ]
    if (
        kind is NameKind.ACTOR
        and names.claims
        and any(segments.clause(m.start()) == clause for m in _EN_CLAIM.finditer(text))
    ):
        facts.append(_Fact(names.claims))
    return facts


def _judge(mention: NameMention, names: SourceNames, facts: list[_Fact]) -> NameCheck:
    naming = [n for entity in mention.entities for n in names.naming(entity)]
    if not naming and mention.kind is NameKind.ACTOR:
        naming = _forces_of(mention, names)
    if not naming:
        what = "nor a place inside it" if mention.kind is NameKind.PLACE else "nor a branch of it"
        return NameCheck(mention, UNSUPPORTED, note=f"the source never names it {what}")
    evidence = tuple(Evidence(n.start, n.end, names.text[n.start : n.end]) for n in naming[:_MAX_EVIDENCE])
    elsewhere = _tied_elsewhere(mention, names, facts)
    if elsewhere:
        return NameCheck(mention, MISATTRIBUTED, elsewhere, note="the source states this for other names")
    note = (
        ""
        if any(n.entity in mention.entities for n in naming)
        else f"the source names {naming[0].entity.name}, inside it"
    )
    return NameCheck(mention, SUPPORTED, evidence, note=note)


def _forces_of(mention: NameMention, names: SourceNames) -> list[_Named]:
    """A state's forces named without the state ("قوات الأمن") in a source about that state."""
    out = []
    for entity in mention.entities:
        if entity.level in ("state", "external") and entity.country in names.countries:
            out += [_Named(entity, m.start, m.end, 0, (0, 0)) for m in names.forces]
    return out


def _tied_elsewhere(mention: NameMention, names: SourceNames, facts: list[_Fact]) -> tuple[Evidence, ...]:
    """Evidence that the facts of the name's clause belong, in the source, to other names.

    A fact confirms the name when one of the source spans stating it is tied to the name or to a
    name inside it. It contradicts the name when none is and one is tied to an unrelated name below
    country level (a country in a clause is often the one acting, not the place), or when the source
    gives the name (or a place inside it) another figure of the same count in one clause. The name is
    misattributed when some fact contradicts it and none confirms it.
    """
    evidence: list[Evidence] = []
    for fact in facts:
        contradicting = None
        for start, end in fact.spans:
            ties = names.ties(start, mention.kind)
            if any(entity.contains(tie.entity) for entity in mention.entities for tie in ties):
                return ()
            other = next(
                (
                    tie
                    for tie in ties
                    if tie.entity.level != "country"
                    and not tie.weak
                    and not any(entity.related(tie.entity) for entity in mention.entities)
                ),
                None,
            )
            if other is not None and contradicting is None:
                contradicting = (start, end, other)
        for start, end in fact.rivals if contradicting is None else ():
            own = next(
                (
                    tie
                    for tie in names.ties(start, mention.kind, clause_only=True)
                    if tie.entity.level != "country"
                    and not tie.weak
                    and any(entity.contains(tie.entity) for entity in mention.entities)
                ),
                None,
            )
            if own is not None:
                contradicting = (start, end, own)
                break
        if contradicting is not None:
            start, end, other = contradicting
            evidence += [
                Evidence(start, end, names.text[start:end]),
                Evidence(other.start, other.end, names.text[other.start : other.end]),
            ]
    return tuple(evidence[: _MAX_EVIDENCE * 2])
