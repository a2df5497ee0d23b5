"""Where an event happened, among the places a sentence names: the rules that tell the event's place from a
place named in passing, read from the words around a gazetteer match. The lexicon (`_location`,
`_in_passing`) asks these; each rule has a test beside a real sentence it must leave alone
(tests/test_placing.py).

- who spoke and where: «أعلنت وزارة الدفاع في كابول» names where the ministry sits, not the event;
- whose embassy or consulate: «استهدف سفارتي فرنسا وبريطانيا» names the embassy's country, not the place;
- a distance's or direction's reference: «على بعد 130 كم من X», «جنوب غربي X»: the event is near X;
- a border's other side: «على الحدود مع إسرائيل», «على حدود سوريا» names the neighbour, not the event's place;
- a government named by its seat: «نظام طهران», «حكومة كابول», «قالت واشنطن» speak or rule from there, and whose
  statement it was: «في بيان لإدارة مدينة إسلام آباد»;
- where a boat, a train or a convoy was heading or came from: «قارب هجرة متجه نحو إسبانيا»;
- a compound name: «حي X», «مخيم X» is a quarter or a camp called X, not the town X elsewhere;
- namesakes: a name of towns in two countries is the one in the country the article is about;
- spellings: «ولاية ميريلاند», «إقليم نانجارهار» are the gazetteer's «ماريلاند», «ننغرهار»: after a noun of places, a
  name the gazetteer does not know is read by its consonants (`folded`), when they are long enough and name one place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache, lru_cache

from briefs.arabic.clitics import stems
from briefs.arabic.normalize import normalize_text
from briefs.arabic.phrases import Match, Token
from briefs.extract.places import gazetteer


def _forms(words: str) -> frozenset[str]:
    return frozenset(normalize_text(word) for word in words.split())


# Who issues statements: «وزارة الدفاع»، «المتحدث باسم»، «في بيان»، «ومقرها».
ISSUERS = _forms("وزارة الوزارة وزير مكتب بيان بيانا المتحدث متحدث الناطق ناطق مقرها مقره ومقرها السلطات سفير")
SAYING = _forms("اعلن اعلنت قال قالت اكد اكدت ذكر ذكرت افاد افادت صرح اوضح اوضحت نقل نشر نشرت اصدر اصدرت")
EMBASSY_PREFIXES = tuple(normalize_text(w) for w in ("سفار", "قنصلي"))  # سفارة، سفارتي، السفارات، القنصلية
DISTANCE_UNITS = _forms("كلم كم كيلومتر كيلومترا كيلومترات ميل اميال")
DIRECTIONS = _forms("شمال جنوب شرق غرب شمالي جنوبي شرقي غربي شمالى جنوبى شرقى غربى")
# «حي الشجاعية», «مخيم جنين»: a quarter or a camp; «حي» is too short for the clitic reader («بحي»).
COMPOUND_NOUNS = _forms("حي بحي وحي لحي فحي مخيم بمخيم ومخيم لمخيم مخيمات")
# «متجه نحو إسبانيا», «في طريقه إلى إسطنبول», «قادمة من تولوز»: where someone was going or came from.
HEADING = _forms(
    "متجه متجها متجهة المتجه المتجهة ومتجها طريقه طريقها طريقهم قادم قادما قادمة القادم القادمة قادمين"
    " نقلت نقلته نقلتها نقلتهما نقلتهم نقلوا نقلوه نقلوهما"  # «ونقلتهما إلى إسلام آباد»: where the arrested were taken
)
# «في بيان لإدارة مدينة إسلام آباد», «بيان لحكومة إقليم كردستان»: whose statement it was.
STATEMENTS = _forms("بيان بيانا")
# «نظام طهران», «حكومة كابول», «سلطات طرابلس»: the government seated there, not a place of the event.
GOVERNMENTS = _forms("نظام حكومة سلطات")
# «على الحدود مع إسرائيل», «على حدود سوريا», «المنطقة الحدودية مع تركيا»: the border a place is named by.
BORDERS = _forms("الحدود حدود الحدودية الحدودي حدودها حدوده")
_IN = normalize_text("في")
_WITH = normalize_text("مع")


def _words(tokens: Sequence[Token], start: int, end: int) -> set[str]:
    return {form for token in tokens[max(0, start) : max(0, end)] for form in stems(token.text)}


def issuer_seat(tokens: Sequence[Token], index: int) -> bool:
    """«أعلنت وزارة الدفاع في كابول»: «في» + the place right after who spoke (an issuer and a verb of saying
    within the five words before); «هجوم على مجمع وزارة الداخلية في مقديشو» is an attack there."""
    if index == 0 or _IN not in stems(tokens[index - 1].text):
        return False
    before = _words(tokens, index - 6, index - 1)
    return bool(before & ISSUERS) and bool(before & SAYING)


def government_of(tokens: Sequence[Token], index: int) -> bool:
    """«نظام طهران», «حكومة كابول», «وقالت واشنطن»: the place right after a word of government or a verb of saying
    names who rules or speaks from there («قصف طهران» is a strike on it: a strike is neither)."""
    return index > 0 and bool((GOVERNMENTS | SAYING).intersection(stems(tokens[index - 1].text)))


def statement_author(tokens: Sequence[Token], index: int) -> bool:
    """«في بيان لإدارة مدينة إسلام آباد»: a place within three words after «بيان», none of them «في», is whose
    statement it was («بيان الجيش عن هجوم في كابول» tells where the attack was)."""
    for start in range(max(0, index - 3), index):
        if STATEMENTS.intersection(stems(tokens[start].text)):
            return not any(_IN in stems(token.text) for token in tokens[start + 1 : index])
    return False


def embassy_of(tokens: Sequence[Token], index: int) -> bool:
    """«سفارتي فرنسا وبريطانيا», «سفارة كل من فرنسا»: a place within three words after an embassy word is the
    embassy's country (the word right after one is already no place: triggers.json "landmark")."""
    return any(
        form.startswith(EMBASSY_PREFIXES) for token in tokens[max(0, index - 3) : index] for form in stems(token.text)
    )


def heading(tokens: Sequence[Token], index: int) -> bool:
    """«قارب هجرة متجه نحو إسبانيا»: a place within three words after a word of going or coming."""
    return bool(_words(tokens, index - 3, index) & HEADING)


def reference_point(tokens: Sequence[Token], index: int) -> bool:
    """«على بعد 130 كم من X», «جنوب غربي X», «إلى الشمال من X»: X is where the event is measured from."""
    before = _words(tokens, index - 4, index)
    return bool(before & DISTANCE_UNITS) or bool(_words(tokens, index - 2, index) & DIRECTIONS)


def border_of(tokens: Sequence[Token], index: int) -> bool:
    """«على الحدود مع إسرائيل», «على حدود سوريا»: X names the neighbour across a border, as a distance's reference
    names the town the event is measured from (the event is on this side)."""
    if index == 0:
        return False
    previous = set(stems(tokens[index - 1].text))
    if previous & BORDERS:
        return True
    return index > 1 and _WITH in previous and bool(BORDERS.intersection(stems(tokens[index - 2].text)))


def compound(tokens: Sequence[Token], index: int) -> bool:
    """«حي X», «مخيم X»: the match names a quarter or a camp (the gazetteer's own «مخيم اليرموك» starts at «مخيم»)."""
    return index > 0 and normalize_text(tokens[index - 1].text) in COMPOUND_NOUNS


def namesakes(payloads: Sequence[dict], countries: Sequence[set[str]]) -> list[dict]:
    """The entries of one name that fit the article: those in the first of `countries` (the sentence's, then the
    article's) that holds any; all of them when none does."""
    for context in countries:
        fitting = [p for p in payloads if p["country"] in context]
        if fitting:
            return fitting
    return list(payloads)


# «ولاية ميريلاند», «بلدة سانت إتيان»: the nouns after which a name is read as a place even in another spelling.
# The noun names the kind of place: «ولاية X» a province (admin1), «مدينة X» a town.
FOLDING_NOUNS = {
    **dict.fromkeys(_forms("ولاية محافظة إقليم"), frozenset({"admin1"})),
    **dict.fromkeys(_forms("مدينة بلدة قرية"), frozenset({"town", "admin2"})),
}
FOLDED_MIN = 5  # consonants: a shorter skeleton names too many places and words («سديرة» in Iraq, «السدرة» in Libya)
FOLDED_EDITS = 2  # letters a spelling may differ from the gazetteer's by
FOLDED_BARE_MIN = 7  # consonants: a name this long is read in another spelling without a noun («فورت لودرديل»)
_VOWELS_AND_HAMZA = re.compile("[اويء]")  # normalized: آ أ إ are ا, ى ئ are ي, ؤ is و


@lru_cache(maxsize=65536)  # asked of every word after a noun of places, and of long words: the same words recur
def skeleton(name: str) -> str:
    """A name's consonants: transliterations differ in long vowels and hamza («ميريلاند»، «ماريلاند»: «مرلند»), in the
    article («الخانيونس») and in spaces («خان يونس»، «خانيونس»), seldom in consonants."""
    return _VOWELS_AND_HAMZA.sub("", _bare(name))


@cache
def folded_names() -> dict[str, tuple[dict, frozenset[str]]]:
    """Skeleton → the one gazetteer entry it names and its spellings: only skeletons of FOLDED_MIN consonants or
    more that no other place shares (one place may have several spellings), never a name flagged as also a word."""
    named: dict[str, dict[tuple[str, str], dict]] = defaultdict(dict)
    spellings: dict[str, set[str]] = defaultdict(set)
    for entry in gazetteer():
        for alias in entry["ar"]:
            # «ولاية الجزيرة», «مدينة المنزلة»: a name known only after its noun is as common as a word («منزلة»)
            if normalize_text(alias.split()[0]) in FOLDING_NOUNS:
                continue
            key = skeleton(alias)
            named[key][(entry["country"], entry["en"])] = entry
            spellings[key].add(_bare(alias))
    return {
        key: (next(iter(entries.values())), frozenset(spellings[key]))
        for key, entries in named.items()
        if len(key) >= FOLDED_MIN and len(entries) == 1 and not any(e.get("ambiguous") for e in entries.values())
    }


def _bare(name: str) -> str:
    words = normalize_text(name).replace("ة", "ه").split()
    return "".join(word.removeprefix("ال") if len(word) > 4 else word for word in words)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (names are short)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def folded(tokens: Sequence[Token], found: Sequence[Match]) -> list[Match]:
    """Places the gazetteer knows in another spelling, right after a noun of places («ولاية ميريلاند»): the two words
    after it, else the one, by their skeleton; none where the noun or the word after it already match a place
    («مدينة برمنغهام» is the gazetteer's own)."""
    table = folded_names()
    taken = {index for match in found for index in range(match.first, match.last)}
    matches = []
    for index, token in enumerate(tokens[:-1]):
        kinds = frozenset().union(*(FOLDING_NOUNS.get(form, ()) for form in stems(token.text)))
        if {index, index + 1} & taken or not kinds:
            continue
        for last in (index + 3, index + 2):
            words = tokens[index + 1 : last]
            name = " ".join(word.text for word in words)
            entry, spellings = table.get(skeleton(name), (None, frozenset()))
            # two vowels apart at most: «نانجارهار», «ننجرهار»; not «الكمبيوتر», «كويمباتور»
            near = any(_edits(_bare(name), spelling) <= FOLDED_EDITS for spelling in spellings)
            if len(words) == last - index - 1 and entry is not None and entry["type"] in kinds and near:
                phrase = " ".join(word.text for word in words)
                matches.append(Match(words[0].start, words[-1].end, index + 1, last, (entry,), phrase))
                break
    return matches


def folded_bare(tokens: Sequence[Token], found: Sequence[Match]) -> list[Match]:
    """Long names in another spelling with no noun before them («في فورت لودرديل» for «فورت لاودردال»): two words,
    else one, whose skeleton has FOLDED_BARE_MIN consonants or more, names one town or province and is two letters
    from its spelling; none that overlaps a place already found."""
    table = folded_names()
    taken = {index for match in found for index in range(match.first, match.last)}
    matches: list[Match] = []
    index = 0
    while index < len(tokens):
        for last in (index + 2, index + 1):
            words = tokens[index:last]
            if len(words) < last - index or taken.intersection(range(index, last)):
                continue
            name = " ".join(word.text for word in words)
            key = skeleton(name)
            entry, spellings = table.get(key, (None, frozenset()))
            if (
                entry is not None
                and len(key) >= FOLDED_BARE_MIN
                and entry["type"] != "country"
                # «الحزب الديمقراطي الكردستاني الإيراني»: a place's adjective (its «ي») is no place
                and any(
                    _edits(_bare(name), spelling) <= FOLDED_EDITS and (spelling[-1] == "ي" or name[-1] != "ي")
                    for spelling in spellings
                )
            ):
                matches.append(Match(words[0].start, words[-1].end, index, last, (entry,), name))
                index = last - 1
                break
        index += 1
    return matches


# «ولاية زمفارا النيجيرية», «العاصمة الفرنسية»: a place noun, a name the gazetteer lacks, and the country's
# adjective; where no place of the gazetteer is named, the adjective still names the country.
PLACE_NOUNS = frozenset(FOLDING_NOUNS) | _forms("منطقة العاصمة عاصمة")
NOT_NISBAS = frozenset({normalize_text("مال")})  # «المالية» is financial before it is Malian


def _nisba_stems(name: str) -> list[str]:
    """A one-word country name's adjective without its «ية»: نيجيريا → نيجير (النيجيرية), فرنسا → فرنس,
    باكستان → باكستان and أفغانستان → أفغان, السعودية → سعود, مصر → مصر."""
    if name.endswith(("يا", "يه")):
        return [name[:-2]]
    if name.endswith("ستان"):
        return [name, name[:-4]]
    if name.endswith(("ا", "ي")):
        return [name[:-1]]
    return [name]


@cache
def nisbas() -> dict[str, str]:
    """A country's adjective (its stem, normalized) → the country, from the gazetteer's one-word country names;
    a stem two countries share is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for entry in gazetteer():
        if entry["type"] != "country":
            continue
        for alias in entry["ar"]:
            name = normalize_text(alias)
            if " " in name:
                continue
            for form in {name, name.removeprefix("ال")}:
                for stem in _nisba_stems(form):
                    found[stem].add(entry["country"])
    return {
        stem: next(iter(countries))
        for stem, countries in found.items()
        if len(countries) == 1 and len(stem) >= 3 and stem not in NOT_NISBAS
    }


def nisba_country(tokens: Sequence[Token]) -> tuple[int, str] | None:
    """The first country adjective within three words after a place noun: its token index and country."""
    for index, token in enumerate(tokens):
        if PLACE_NOUNS.isdisjoint(stems(token.text)):  # «بمنطقة», «والعاصمة»: behind a clitic too
            continue
        for after in range(index + 1, min(index + 4, len(tokens))):
            word = tokens[after].text
            if word.startswith("ال") and word.endswith("يه") and (country := nisbas().get(word[2:-2])):
                return after, country
    return None


@cache
def _bearers() -> dict[str, int]:
    """A normalized name → how many gazetteer entries bear it."""
    count: dict[str, int] = defaultdict(int)
    for entry in gazetteer():
        for alias in {normalize_text(a) for a in entry["ar"]}:
            count[alias] += 1
    return count


def namesake_only(entry: dict) -> bool:
    """An entry flagged ambiguous because another place bears one of its names («طرابلس», Libya's and
    Lebanon's), not because a name of it is a word or a wider region («منطقة الساحل»)."""
    return any(_bearers()[normalize_text(alias)] > 1 for alias in entry["ar"])
