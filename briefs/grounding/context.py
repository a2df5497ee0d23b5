"""What a number counts and which event it belongs to, read from the words around it.

The checker uses this to tell a true figure from a swapped one ("9 government soldiers" when the
source gives 9 for Russians). It aims at precision: an attribute is set only when a word from the
small bilingual lexicon below sits right next to the number, and two mentions conflict only when
both carry an attribute of the same dimension and the values cannot describe the same people.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache
from itertools import accumulate, pairwise
from operator import itemgetter

from briefs.arabic.clitics import stems
from briefs.arabic.mention import Kind, NumberMention, Qualifier
from briefs.arabic.normalize import normalize_text

# Each attribute is "dimension:value". Words are listed as written; Arabic is normalized on load.
_NOUNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # role (people)
    "role:soldier": (
        (
            "جندي",
            "جنديا",
            "جنود",
            "جنديين",
            "جنديان",
            "عسكري",
            "عسكريا",
            "عسكريين",
            "عسكريون",
            "ضابط",
            "ضباط",
            "ضابطا",
            "ضابطين",
            "مجند",
            "مجندا",
            "مجندين",
            "مجندي",
        ),
        ("soldier", "soldiers", "troops", "servicemen", "officer", "officers", "conscripts", "conscript"),
    ),
    "role:fighter": (
        (
            "مقاتل",
            "مقاتلا",
            "مقاتلين",
            "مقاتلون",
            "مقاتلي",
            "مسلح",
            "مسلحا",
            "مسلحين",
            "مسلحون",
            "مسلحي",
            "ارهابي",
            "ارهابيا",
            "ارهابيين",
            "ارهابيون",
            "متشدد",
            "متشددا",
            "متشددين",
            "جهادي",
            "جهاديا",
            "جهاديين",
            "مرتزقة",
            "مرتزق",
            "انتحاري",
            "انتحاريين",
            "مهاجم",
            "مهاجمين",
            "تكفيري",
            "تكفيريا",
            "تكفيريين",
            "متطرف",
            "متطرفا",
            "متطرفين",
        ),
        (
            "fighter",
            "fighters",
            "militant",
            "militants",
            "gunman",
            "gunmen",
            "insurgent",
            "insurgents",
            "jihadist",
            "jihadists",
            "terrorist",
            "terrorists",
            "combatant",
            "combatants",
            "operative",
            "operatives",
            "mercenary",
            "mercenaries",
            "militiamen",
            "militia",
            "militias",
            "attacker",
            "attackers",
            "bombers",
            "bomber",
            "extremists",
            "extremist",
            "takfiri",
        ),
    ),
    "role:police": (("شرطي", "شرطيا", "شرطيين", "شرطة", "دركي"), ("policeman", "policemen", "police", "gendarmes")),
    "role:suspect": (
        ("مشتبه", "مشتبها", "مشتبهين", "مطلوب", "مطلوبا", "مطلوبين", "متهم", "متهما", "متهمين"),
        ("suspect", "suspects", "suspected", "wanted"),
    ),
    "role:civilian": (
        (
            "مدني",
            "مدنيا",
            "مدنيين",
            "مدنيون",
            "مواطن",
            "مواطنا",
            "مواطنين",
            "مواطنون",
            "طفل",
            "طفلا",
            "اطفال",
            "طفلين",
            "طفلان",
            "امراة",
            "امراتين",
            "امراتان",
            "نساء",
            "سيدة",
            "سيدات",
            "مزارع",
            "مزارعين",
            "راع",
            "رعاة",
            "تلميذ",
            "تلاميذ",
            "تلميذا",
            "فتاة",
            "فتيات",
            "صبي",
            "صبيان",
            "طالب",
            "طلاب",
            "سائح",
            "سياح",
            "صحفي",
            "صحفيين",
            "صحفيا",
            "موظف",
            "موظفين",
        ),
        (
            "civilian",
            "civilians",
            "child",
            "children",
            "boy",
            "boys",
            "girl",
            "girls",
            "woman",
            "women",
            "resident",
            "residents",
            "farmer",
            "farmers",
            "shepherd",
            "shepherds",
            "citizens",
            "pupils",
            "pupil",
            "students",
            "student",
            "schoolgirls",
            "tourists",
            "tourist",
            "journalists",
            "journalist",
            "reporters",
            "staff",
            "employees",
        ),
    ),
    # age and sex, when the words say so (girls against boys, children against women)
    "age:child": (
        (
            "طفل",
            "طفلا",
            "اطفال",
            "طفلين",
            "طفلان",
            "طفلة",
            "طفلتين",
            "تلميذ",
            "تلاميذ",
            "تلميذا",
            "فتاة",
            "فتيات",
            "صبي",
            "صبيان",
            "قاصر",
            "قاصرين",
        ),
        (
            "child",
            "children",
            "boy",
            "boys",
            "girl",
            "girls",
            "pupils",
            "pupil",
            "schoolgirls",
            "schoolchildren",
            "minors",
            "teenagers",
        ),
    ),
    "age:adult": (
        ("امراة", "امراتين", "امراتان", "نساء", "سيدة", "سيدات", "رجل", "رجال", "رجلين", "رجلان"),
        ("woman", "women", "man", "men"),
    ),
    "sex:female": (
        (
            "امراة",
            "امراتين",
            "امراتان",
            "نساء",
            "سيدة",
            "سيدات",
            "فتاة",
            "فتيات",
            "طفلة",
            "طفلتين",
            "طفلتان",
            "تلميذات",
            "شابة",
            "شابات",
        ),
        ("woman", "women", "girl", "girls", "schoolgirls", "mother", "mothers"),
    ),
    "sex:male": (
        ("رجل", "رجال", "رجلين", "رجلان", "صبي", "صبيان", "فتى", "فتيان", "شاب", "شبان", "شابين", "شابان"),
        ("man", "men", "boy", "boys"),
    ),
    # things, time and distance
    "thing:operation": (
        (
            "عملية",
            "عمليات",
            "عمليتين",
            "هجوم",
            "هجمات",
            "هجومين",
            "هجوما",
            "غارة",
            "غارات",
            "غارتين",
            "ضربة",
            "ضربات",
            "مداهمة",
            "مداهمات",
        ),
        (
            "operation",
            "operations",
            "attack",
            "attacks",
            "raid",
            "raids",
            "strike",
            "strikes",
            "airstrike",
            "airstrikes",
        ),
    ),
    "thing:hour": (("ساعة", "ساعات", "ساعتين"), ("hour", "hours")),
    "thing:times": (("مرة", "مرات", "مرتين"), ("times",)),
    "thing:day": (("يوم", "ايام", "يوما", "يومين"), ("day", "days")),
    "thing:week": (("اسبوع", "اسابيع", "اسبوعين"), ("week", "weeks")),
    "thing:month": (("شهر", "شهرا", "اشهر", "شهور", "شهرين"), ("month", "months")),
    "thing:year": (
        ("عام", "عاما", "اعوام", "سنة", "سنوات", "سنين", "عامين", "سنتين"),
        ("year", "years", "year-old", "years-old"),
    ),
    "thing:decade": (("عقد", "عقدا", "عقود", "عقدين"), ("decade", "decades")),
    "thing:km": (
        ("كيلومتر", "كيلومترا", "كيلومترات", "كم", "كلم"),
        ("kilometre", "kilometres", "kilometer", "kilometers", "km"),
    ),
    "thing:mile": ((), ("mile", "miles", "mi")),
    "thing:kg": (
        ("كيلوغرام", "كيلوغراما", "كيلوغرامات", "كيلوجرام", "كيلوجراما", "كلغ", "كغ", "كيلو"),
        ("kilogram", "kilograms", "kilo", "kilos", "kg", "kgs"),
    ),
    "thing:pound": ((), ("pound", "pounds", "lb", "lbs")),
    "thing:vehicle": (
        (
            "سيارة",
            "سيارات",
            "سيارتين",
            "شاحنة",
            "شاحنات",
            "شاحنتين",
            "مركبة",
            "مركبات",
            "الية",
            "اليات",
            "دبابة",
            "دبابات",
            "عربة",
            "عربات",
        ),
        ("vehicle", "vehicles", "car", "cars", "tank", "tanks", "truck", "trucks"),
    ),
    "thing:weapon": (
        (
            "صاروخ",
            "صواريخ",
            "صاروخين",
            "قذيفة",
            "قذائف",
            "قذيفتين",
            "عبوة",
            "عبوات",
            "بندقية",
            "بنادق",
            "طائرة",
            "طائرات",
            "مسيرة",
            "مسيرات",
        ),
        (
            "rocket",
            "rockets",
            "missile",
            "missiles",
            "shell",
            "shells",
            "device",
            "devices",
            "rifle",
            "rifles",
            "drone",
            "drones",
            "aircraft",
            "plane",
            "planes",
        ),
    ),
    "thing:place": (
        (
            "قرية",
            "قرى",
            "قريتين",
            "بلدة",
            "بلدات",
            "منزل",
            "منازل",
            "منزلين",
            "موقع",
            "مواقع",
            "حاجز",
            "حواجز",
            "مقر",
            "مقرات",
        ),
        (
            "village",
            "villages",
            "town",
            "towns",
            "house",
            "houses",
            "home",
            "homes",
            "position",
            "positions",
            "checkpoint",
            "checkpoints",
            "headquarters",
        ),
    ),
    # affiliation
    "side:government": (
        ("حكومي", "حكوميا", "حكوميين", "النظام", "الجيش", "حكومية"),
        ("government", "regime", "army", "pro-government"),
    ),
    "side:russia": (("روس", "روسي", "روسيا", "روسيين", "الروسية", "الروسي"), ("russian", "russians")),
    "side:turkey": (("تركي", "اتراك", "تركيا", "التركي", "التركية", "تركيين"), ("turkish", "turks")),
    "side:iran": (
        ("ايران", "طهران", "ايراني", "ايرانيين", "الايراني", "الايرانية"),
        ("iranian", "iranians", "iran-backed", "iranian-backed", "pro-iranian", "pro-iran", "iran"),
    ),
    "side:us": (
        ("امريكي", "امريكيين", "الامريكي", "الامريكية", "اميركي", "الاميركية"),
        ("american", "americans", "us", "u.s."),
    ),
    # Not the country's name: "قوات سوريا الديمقراطية" is the SDF.
    "side:syria": (("سوري", "سوريين", "سوريون"), ("syrian", "syrians")),
    "side:palestine": (("فلسطيني", "فلسطينيين", "فلسطينيون", "فلسطينيا"), ("palestinian", "palestinians")),
    "side:israel": (("اسرائيلي", "اسرائيليين", "اسرائيليون", "اسرائيليا", "الاحتلال"), ("israeli", "israelis")),
    "side:iraq": (("عراقي", "عراقيين", "عراقيون"), ("iraqi", "iraqis")),
    "side:egypt": (("مصري", "مصريين", "مصريون"), ("egyptian", "egyptians")),
    "side:yemen": (("يمني", "يمنيين", "يمنيون"), ("yemeni", "yemenis")),
    "side:ethiopia": (("اثيوبي", "اثيوبيين", "اثيوبيا", "اثيوبيون"), ("ethiopian", "ethiopians")),
    "side:chad": (("تشادي", "تشاديين", "تشاديون"), ("chadian", "chadians")),
    "side:sudan": (("سوداني", "سودانيين", "سودانيون"), ("sudanese",)),
    "side:somalia": (("صومالي", "صوماليين", "صوماليون"), ("somali", "somalis")),
    "side:libya": (("ليبي", "ليبيين", "ليبيون"), ("libyan", "libyans")),
    "side:isis": (("داعش", "التنظيم", "الدولة"), ("isis", "isil", "islamic")),
    "side:sdf": (("قسد",), ("sdf",)),
    "side:houthi": (("الحوثي", "الحوثيين", "الحوثيون", "حوثي", "حوثيين"), ("houthi", "houthis")),
    "side:shabaab": (("الشباب",), ("shabaab", "al-shabaab")),
}

# Words that name an event; a number takes the category of the nearest one in its clause. Arabic
# entries are stems matched at the start of a word stripped of its clitics (قتل matches قتلوا،
# وقتلت), except the short ones listed whole; English entries are stems of lower-cased words.
_AR_EVENT_STEMS: dict[str, tuple[str, ...]] = {
    "killed": (
        "قتل",
        "مقتل",
        "قتيل",
        "مصرع",
        "حتف",
        "استشهد",
        "استشهاد",
        "شهيد",
        "شهداء",
        "اغتيال",
        "اغتال",
        "يغتال",
        "اردت",
        "ارداه",
        "اردي",
        "تصفيه",
        "وفاه",
        "توفي",
        "جثث",
        "جثه",
        "لقي",
        "لقوا",
        "يقتل",
        "تقتل",
    ),
    "wounded": ("جرح", "جريح", "اصاب", "اصيب", "يصاب", "مصاب", "جروح"),
    "arrested": (
        "اعتقل",
        "اعتقال",
        "يعتقل",
        "معتقل",
        "القبض",
        "قبض",
        "توقيف",
        "اوقف",
        "يوقف",
        "احتجاز",
        "احتجز",
        "محتجز",
    ),
    "abducted": ("خطف", "اختطف", "اختطاف", "مختطف", "يختطف", "يخطف", "رهين", "رهاين"),
    "displaced": ("نزح", "نزوح", "تهجير", "نازح", "مهجر", "شرد", "تشريد"),
    "missing": ("مفقود", "المفقودين"),
    "seized": ("ضبط", "صادر", "مصادره", "استولي", "استولت", "استيلاء", "غنم", "اغتنم"),
    "destroyed": ("دمر", "تدمير", "يدمر", "احرق", "احراق", "اعطب"),
}
_AR_EVENT_WORDS: dict[str, str] = {  # not bare اسر: with the article it is "families"
    "اسري": "abducted",
    "اسير": "abducted",
    "اسرهم": "abducted",
}
_EN_EVENT_STEMS: dict[str, tuple[str, ...]] = {
    "killed": ("kill", "dead", "died", "die", "death", "fatalit", "slain", "execut", "assassinat", "bodies", "lives"),
    "wounded": ("wound", "injur", "hurt"),
    "arrested": ("arrest", "detain", "detention", "apprehend", "custody"),
    "abducted": ("abduct", "kidnap", "hostage", "captur", "captive"),
    "displaced": ("displac", "fled", "flee", "uproot"),
    "missing": ("missing",),
    "casualties": ("casualt",),
    "seized": ("seiz", "confiscat"),
    "destroyed": ("destroy", "burn"),
}
# Taking people and taking things read the same in English ("captured 5 vehicles"): never a conflict.
_SAME_EVENT = {"seized": "taken", "abducted": "taken"}
# Words that count people without saying who ("role:person", compatible with every role), and members
# and leaders (عناصر، أفراد، قيادي; "members", "commanders": "role:member"), who belong to any side: only
# a side word says whose (عناصر الجيش, "IS members").
_GENERIC = frozenset(map(normalize_text, ("شخص", "شخصا", "اشخاص", "شخصين", "شخصان", "آخرين", "آخرون", "آخر", "آخرا")))
_MEMBERS = frozenset(
    map(
        normalize_text,
        (
            "أفراد",
            "فردا",
            "فرد",
            "عنصر",
            "عنصرا",
            "عناصر",
            "عنصرين",
            "عنصران",
            "قيادي",
            "قياديا",
            "قياديين",
            "قياديان",
            "قائد",
            "قادة",
        ),
    )
)
_EN_GENERIC = frozenset({"people", "persons", "person", "others", "individuals"})
_EN_MEMBERS = frozenset({"member", "members", "leader", "leaders", "commander", "commanders"})
# Words that open a new clause, so the words after them speak of another fact.
_CLAUSE_OPENERS = frozenset(
    map(normalize_text, ("بالإضافة", "إضافة", "فضلا", "فيما", "بينما", "كما", "حيث", "while", "whereas", "but"))
)
_EN_STOP = frozenset(
    {
        "in",
        "on",
        "at",
        "of",
        "from",
        "to",
        "by",
        "for",
        "with",
        "were",
        "was",
        "had",
        "have",
        "has",
        "are",
        "is",
        "said",
        "who",
        "that",
        "which",
        "including",
        "near",
        "during",
        "after",
        "before",
        "as",
        "when",
        "while",
        "the",
        "a",
        "an",
    }
)


def _index(language: int) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for name, words in _NOUNS.items():
        for word in words[language]:
            key = normalize_text(word) if language == 0 else word
            out[key] = out.get(key, frozenset()) | {name}
    return out


_AR_NOUNS, _EN_NOUNS = _index(0), _index(1)
# Digits apart from letters glued to them (قتل12، 18-year-old), words with their diacritics and inner
# hyphens, any other mark.
_WORD = re.compile(
    r"(\d+(?:[.,]\d+)*|[^\W\d_](?:[^\W\d]|[\u064B-\u065F\u0670\u0640'-])*|[^\s\w])"
)  # one group: see split
_BREAKS = frozenset(".,;:!?()،؛؟")
_NOUN_WINDOW, _EVENT_WINDOW = 4, 6
# English puts the verb after a longer subject ("Nine members of Tunisia's National Guard were
# wounded"): its words after a number reach further, still within the clause (a break or "and" stops it).
_EN_AFTER_WINDOW = 12


@lru_cache(maxsize=65536)
def _ar_stems(word: str) -> tuple[str, ...]:
    """The word normalized, then without its clitics, longest first."""
    return stems(normalize_text(word))


_PERSON = frozenset({"role:person"})
_MEMBER = frozenset({"role:member"})
_UNSAID = (_PERSON, _MEMBER)  # heads that count people without saying which kind
_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=65536)
def _ar_noun(word: str) -> frozenset[str]:
    """The attributes a word gives what it counts (role, age, thing, side); empty when none."""
    for stem in _ar_stems(word):
        for candidate in (stem, "ال" + stem, *_without_pronoun(stem)):
            if candidate in _AR_NOUNS:
                return _AR_NOUNS[candidate]
            if candidate in _GENERIC:
                return _PERSON
            if candidate in _MEMBERS:
                return _MEMBER
    # Nationality adjectives agree with their noun: مصريه، تشاديين، سوريون all name a side.
    for stem in _ar_stems(word):
        for ending in ("ه", "ين", "ون", "ان"):
            base = _AR_NOUNS.get(stem[: -len(ending)], _NONE) if stem.endswith(ending) else _NONE
            if any(a.startswith("side:") for a in base):
                return base
    return _NONE


def _without_pronoun(stem: str) -> tuple[str, ...]:
    """مقاتليها → مقاتلي, عناصرهم → عناصر: a noun with a possessive pronoun."""
    return tuple(stem[: -len(p)] for p in ("هما", "ها", "هم", "نا") if stem.endswith(p) and len(stem) - len(p) >= 3)


# The Arabic event stems by themselves, each with the place of its event in the table: a stem's events are
# those of its beginnings of each stem length (a few slices and look-ups, not eight startswith), the first
# event in the table's order wins.
_AR_EVENT_ORDER: dict[str, int] = {}
for _order, _prefixes in enumerate(_AR_EVENT_STEMS.values()):
    for _prefix in _prefixes:
        _AR_EVENT_ORDER.setdefault(_prefix, _order)
_AR_EVENT_SIZES = sorted({len(prefix) for prefix in _AR_EVENT_ORDER})
_AR_EVENTS = tuple(_AR_EVENT_STEMS)


@lru_cache(maxsize=65536)
def _ar_event(word: str) -> str | None:
    for stem in _ar_stems(word):
        if stem in _AR_EVENT_WORDS:
            return _AR_EVENT_WORDS[stem]
        orders = [order for size in _AR_EVENT_SIZES if (order := _AR_EVENT_ORDER.get(stem[:size])) is not None]
        if orders:
            return _AR_EVENTS[min(orders)]
    return None


@lru_cache(maxsize=65536)
def _en_noun(word: str) -> frozenset[str]:
    word = word.lower().strip("'\"")
    return _PERSON if word in _EN_GENERIC else _MEMBER if word in _EN_MEMBERS else _EN_NOUNS.get(word, _NONE)


@lru_cache(maxsize=65536)
def _en_event(word: str) -> str | None:
    word = word.lower()
    for event, prefixes in _EN_EVENT_STEMS.items():
        if word.startswith(prefixes):
            return event
    return None


_token_end = itemgetter(2)


def annotate(mentions: list[NumberMention], text: str, language: str) -> list[NumberMention]:
    """Fill `noun`, `category` and `events` of each count from the words around it."""
    if not mentions:
        return mentions
    tokens = _tokens_near_counts(mentions, text)
    speech_index = _speech_index(tokens, language)
    noun_of, event_of = (_ar_noun, _ar_event) if language == "ar" else (_en_noun, _en_event)
    owner: list[int | None] = [None] * len(tokens)  # which mention each token belongs to
    positions: list[list[int]] = [[] for _ in mentions]
    position = 0
    for number, mention in enumerate(mentions):
        position = bisect_right(tokens, mention.start, position, key=_token_end)  # past the tokens that end before it
        while position < len(tokens) and tokens[position][1] < mention.end:
            owner[position] = number
            positions[number].append(position)
            position += 1
    annotated = []
    for number, mention in enumerate(mentions):
        inside = positions[number]
        if not inside or mention.kind not in (Kind.CARDINAL, Kind.DUAL):
            annotated.append(mention)
            continue
        first, last = inside[0], inside[-1]
        before = _walk(tokens, owner, first - 1, -1, _EVENT_WINDOW, language)
        after = _walk(tokens, owner, last + 1, +1, _EVENT_WINDOW if language == "ar" else _EN_AFTER_WINDOW, language)
        noun = _counted(
            tokens, inside if mention.kind is Kind.DUAL else [], after[:_NOUN_WINDOW], noun_of, event_of, language
        )
        combined = language == "ar" and _killed_and_wounded(tokens, after)
        after = _own_clause(tokens, after, event_of, language)
        # A noun that names the event itself (قتيلين، جريحا) outranks the words around it.
        own_event = (
            next((e for p in inside if (e := event_of(tokens[p][0]))), None) if mention.kind is Kind.DUAL else None
        )
        category = own_event or _nearest(tokens, before, after, event_of, language)
        events = frozenset(_event_chain(tokens, before, event_of) + [e for p in after if (e := event_of(tokens[p][0]))])
        events |= {own_event} if own_event else set()
        if combined:  # 64 قتيلا وجريحا: one figure for two facts, neither of them alone
            category, events = "casualties", frozenset({"casualties"})
        speakers = _speakers(tokens, speech_index, first, language)
        annotated.append(replace(mention, noun=frozenset(noun), category=category, events=events, speakers=speakers))
    return _share_coordinated(annotated, text, language)


# Who gives a figure: officials (police, ministries, the army, medical sources), witnesses (residents),
# or the militants themselves (a claim through Amaq). Read only from a speech verb or "according to"
# with the speaker's word right after it (Arabic) or a speaker's word with a speech verb after it or
# "according to" before it (English); never from a word alone (قتل 4 من رجال الشرطة: police are victims).
_SPEAKERS = {
    "official": (
        (
            "الشرطه",
            "شرطه",
            "الوزاره",
            "وزاره",
            "وزير",
            "الجيش",
            "جيش",
            "المتحدث",
            "متحدث",
            "الناطق",
            "مسؤول",
            "مسؤولون",
            "مسؤولين",
            "السلطات",
            "مصادر",
            "مصدر",
            "الحكومه",
            "المحافظ",
            "محافظ",
            "الداخليه",
            "الدفاع",
            "الصحه",
            "القوات",
            "البيان",
            "بيان",
            "الحرس",
            "الدرك",
            "القياده",
            "خليه",
        ),
        (
            "police",
            "ministry",
            "minister",
            "army",
            "military",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "official",
            "officials",
            "authorities",
            "government",
            "governor",
            "sources",
            "source",
            "statement",
            "forces",
            "guard",
            "command",
        ),
    ),
    "witness": (
        ("سكان", "السكان", "شهود", "شاهد", "اهالي", "الاهالي", "ناشطون", "ناشطين"),
        ("residents", "resident", "witnesses", "witness", "locals", "activists"),
    ),
    "militant": (("اعماق", "التنظيم", "الحركه", "الجماعه"), ("amaq", "claimed", "militants", "group")),
}
_AR_SPEECH = frozenset(
    map(
        normalize_text,
        (
            "قال",
            "قالت",
            "اعلن",
            "اعلنت",
            "افاد",
            "افادت",
            "ذكر",
            "ذكرت",
            "اكد",
            "اكدت",
            "اوضح",
            "اوضحت",
            "اضاف",
            "اضافت",
            "اشار",
            "اشارت",
            "بحسب",
            "حسب",
            "وفق",
            "وفقا",
            "نقلا",
            "ادعت",
            "ادعي",
            "زعم",
            "زعمت",
            "قالا",
            "قالوا",
            "اكدوا",
            "ذكروا",
            "افادوا",
        ),
    )
)
_AR_CITING = frozenset(map(normalize_text, ("بحسب", "حسب", "وفق", "وفقا", "نقلا")))  # only a speaker after them
_EN_SPEECH = frozenset({"said", "says", "told", "reported", "claimed", "announced", "stated", "added"})
_AR_SPEAKER = {normalize_text(w): name for name, (ar, _) in _SPEAKERS.items() for w in ar}
_EN_SPEAKER = {w: name for name, (_, en) in _SPEAKERS.items() for w in en}
_SENTENCE_BREAKS = frozenset(".!?؟\n")


@lru_cache(maxsize=65536)
def _ar_speech(word: str) -> str | None:
    return next((s for s in _ar_stems(word) if s in _AR_SPEECH), None)


@lru_cache(maxsize=65536)
def _ar_speaker(word: str) -> str | None:
    return next((_AR_SPEAKER[s] for s in _ar_stems(word) if s in _AR_SPEAKER), None)


# The letters every Arabic speech word above holds, on the raw token: most words skip normalization.
_AR_SPEECH_HINT = re.compile("قال|علن|فاد|ذكر|كد|وضح|ضاف|شار|حسب|وفق|نقل|دع|زعم")


def _speech_index(tokens, language: str) -> tuple[list[int], list[int]]:
    """Sentence breaks and speech words ("said", قالت، بحسب) of the tokens, once per text."""
    breaks = [p for p, token in enumerate(tokens) if token[0] in _SENTENCE_BREAKS]
    if language == "ar":
        said = {
            word for word in {token[0] for token in tokens} if _AR_SPEECH_HINT.search(word) and _ar_speech(word)
        }  # once per word
        speech = [p for p, token in enumerate(tokens) if token[0] in said]
    else:
        speech = [
            p for p, token in enumerate(tokens) if token[0].lower() in _EN_SPEECH or token[0].lower() == "according"
        ]
    return breaks, speech


def _speakers(tokens, index: tuple[list[int], list[int]], first: int, language: str) -> frozenset[str]:
    """The kinds of speaker the number's sentence names with a speech verb."""
    breaks, speech = index
    at = bisect_right(breaks, first)
    start = breaks[at - 1] + 1 if at else 0
    end = breaks[at] if at < len(breaks) else len(tokens)
    found = set()
    for p in speech[bisect_left(speech, start) : bisect_left(speech, end)]:
        if language == "ar":
            # قالت الشرطة (verb, speaker) or السكان قالوا (speaker, verb: not after بحسب)
            near = list(range(p + 1, min(p + 3, end)))
            if _ar_speech(tokens[p][0]) not in _AR_CITING:
                near += list(range(p - 1, max(p - 3, start - 1), -1))
            kind = next((k for q in near if (k := _ar_speaker(tokens[q][0]))), None)
        elif tokens[p][0].lower() == "according":
            kind = next(
                (_EN_SPEAKER[w] for q in range(p + 2, min(p + 5, end)) if (w := tokens[q][0].lower()) in _EN_SPEAKER),
                None,
            )
        else:
            kind = next(
                (
                    _EN_SPEAKER[w]
                    for q in range(p - 1, max(p - 4, start - 1), -1)
                    if (w := tokens[q][0].lower()) in _EN_SPEAKER
                ),
                None,
            )
        if kind:
            found.add(kind)
    return frozenset(found)


# One person stated by a singular noun after an event word (مقتل جندي، أصيب شرطي، راح ضحيته رجل أمن):
# Arabic states "one" so, where an English summary writes "one soldier was killed". Not a number
# mention (the parser reports numbers); the checker looks here only for a claim of one that no
# number of the source states.
_SINGULAR_PEOPLE = frozenset(
    map(
        normalize_text,
        (
            "جندي",
            "شرطي",
            "شخص",
            "مدني",
            "طفل",
            "طفلة",
            "امرأة",
            "رجل",
            "ضابط",
            "عنصر",
            "مسلح",
            "موظف",
            "صحفي",
            "مواطن",
            "حارس",
            "سائق",
            "طالب",
            "مجند",
            "دركي",
            "عسكري",
            "فلسطيني",
            "مقاتل",
            "ناشط",
            "قيادي",
            "متظاهر",
            "راع",
            "مزارع",
            # ranks, callings and nationalities as Arabic news names the one killed («مقتل رقيب»، «مقتل إسرائيلي»)
            "شاب",
            "شابة",
            "فتى",
            "فتاة",
            "جندية",
            "شرطية",
            "رقيب",
            "عريف",
            "نقيب",
            "ملازم",
            "عقيد",
            "قائد",
            "زعيم",
            "مسؤول",
            "قاض",
            "محام",
            "معلم",
            "طبيب",
            "ممرض",
            "مسعف",
            "عامل",
            "صياد",
            "بائع",
            "تاجر",
            "مستوطن",
            "سائح",
            "لاجئ",
            "مهاجر",
            "أسير",
            "معتقل",
            "إسرائيلي",
            "عراقي",
            "سوري",
            "مصري",
            "يمني",
            "ليبي",
            "أفغاني",
            "باكستاني",
            "تركي",
            "إيراني",
            "أمريكي",
            "أميركي",
            "فرنسي",
            "بريطاني",
            "روسي",
            "سعودي",
            "لبناني",
            "أردني",
            "تونسي",
            "جزائري",
            "مغربي",
            "صومالي",
            "نيجيري",
            "سوداني",
            "كردي",
        ),
    )
)
_ANY = frozenset(map(normalize_text, ("أي", "اي")))
_SINGULAR_EVENTS = {
    **{
        normalize_text(w): "killed"
        for w in ("قتل", "مقتل", "اغتيال", "اغتيل", "مصرع", "ضحيته", "استشهاد", "استشهد", "وفاة", "توفي")
    },
    **{normalize_text(w): "wounded" for w in ("اصابة", "اصيب", "جرح")},
    **{normalize_text(w): "arrested" for w in ("اعتقال", "اعتقل", "توقيف", "اوقف")},
    **{normalize_text(w): "abducted" for w in ("اختطاف", "اختطف", "خطف")},
}
_SINGULAR = re.compile(r"[^\W\d_]+|\d+|[^\s\w]")
_SINGULAR_LETTER = re.compile(r"[^\W\d_]")
_SINGULAR_EVENT_HINT = re.compile(
    "قتل|غتي|صرع|ضحي|شهد|شهاد|وفا|توفي|صاب|صيب|جرح|عتقل|عتقا|وقيف|وقف|خطف|ختط"
)  # on the raw word: most skip normalization


def person_noun(word: str) -> bool:
    """«جندي», «والضابط»: a singular noun of a person, behind its clitics."""
    return any(s in _SINGULAR_PEOPLE for s in _ar_stems(word))


def singular_counts(text: str, offset: int = 0) -> list[NumberMention]:
    """Every "event word + singular person noun" of an Arabic text, as a count of one with its event
    (its offsets shifted by `offset`, where `text` is a slice of the article)."""
    found = []
    previous = -1
    # The hint's letters lie inside one word (a run of letters): one search over the text finds the
    # few words to read, and only the words after them are tokenized.
    for hint in _SINGULAR_EVENT_HINT.finditer(text):
        begin = hint.start()
        while begin and _SINGULAR_LETTER.match(text, begin - 1):
            begin -= 1
        if begin == previous:
            continue
        previous, match = begin, _SINGULAR.match(text, begin)
        if match is None:
            continue
        event = next((_SINGULAR_EVENTS[s] for s in _ar_stems(match.group()) if s in _SINGULAR_EVENTS), None)
        if event is None:
            continue
        following = _next_tokens(text, match.end(), 3)
        for j in (0, 1):
            if j >= len(following):
                break
            word = following[j].group()
            if j and normalize_text(following[0].group()) in _ANY:
                break  # «لم يسفر عن مقتل أي شخص»: "any" person is no one
            noun = next((s for s in _ar_stems(word) if s in _SINGULAR_PEOPLE), None)
            after = following[j + 1].group() if j + 1 < len(following) else ""
            if noun and not after[:1].isdecimal():  # not "مقتل جندي 5": a number after it counts
                start, end = match.start(), following[j].end()
                found.append(
                    NumberMention(
                        text=text[start:end],
                        start=start + offset,
                        end=end + offset,
                        value=1,
                        low=1,
                        high=1,
                        qualifier=Qualifier.EXACT,
                        kind=Kind.CARDINAL,
                        noun=_ar_noun(word),
                        category=event,
                        events=frozenset({event}),
                    )
                )
                break
            if not word[:1].isalpha():
                break
    return found


def _next_tokens(text: str, position: int, count: int) -> list[re.Match[str]]:
    tokens: list[re.Match[str]] = []
    while len(tokens) < count and (token := _SINGULAR.search(text, position)):
        tokens.append(token)
        position = token.end()
    return tokens


_COORDINATED = {
    "ar": re.compile(r"^\s*(?:[^\s،,.؛;:]+\s+){0,3}و\s*$"),
    "en": re.compile(r"^\s*(?:[^\s,.;:]+\s+){0,3}and\s+$"),
}


def _share_coordinated(mentions: list[NumberMention], text: str, language: str) -> list[NumberMention]:
    """ "مقتل 5 جنود و3 مسلحين", "killed 5 soldiers and 3 militants": a count joined by و/and to the
    count before it, with no event word of its own, shares that count's event."""
    out = list(mentions)
    for index in range(1, len(out)):
        current, previous = out[index], out[index - 1]
        if current.category or not previous.category or current.kind not in (Kind.CARDINAL, Kind.DUAL):
            continue
        if _COORDINATED[language].match(text[previous.end : current.start]):
            out[index] = replace(current, category=previous.category, events=current.events | {previous.category})
    return out


_REACH = 100  # characters around a count: more than its six-word windows reach in Arabic or English


def _tokens_near_counts(mentions: list[NumberMention], text: str) -> list[tuple[str, int, int]]:
    """Tokens of the text near counts only: the rest of a long article is never looked at. Separate
    stretches are joined by a "." token, so no window walks from one into the next."""
    regions: list[list[int]] = []
    for mention in mentions:
        if mention.kind not in (Kind.CARDINAL, Kind.DUAL):
            continue
        start, end = max(0, mention.start - _REACH), min(len(text), mention.end + _REACH)
        if regions and start <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
    tokens: list[tuple[str, int, int]] = []
    for start, end in regions:
        if tokens:
            tokens.append((".", start, start))
        # [gap, word, gap, word, ..., gap] and the running sum of their lengths: every offset, in C
        parts = _WORD.split(text[start:end])
        offsets = list(accumulate(map(len, parts), initial=start))
        tokens += zip(parts[1::2], offsets[1:-1:2], offsets[2::2], strict=True)
    return tokens


def _counted(tokens, own: list[int], after: list[int], noun_of, event_of, language: str) -> set[str]:
    """The counted noun's attributes: one role or thing (the dual noun itself, or the noun right
    after the number) and any side (affiliation) named in the few words after it."""
    head = [noun_of(tokens[p][0]) for p in own]
    if language == "ar":
        # "5 عناصر", "5 من عناصر داعش": the noun is the next word, or the one after من; an adjective
        # after a generic noun says who (71 فردا تكفيريا).
        words = [p for p in after if tokens[p][0][:1].isalnum()]  # not the quotes of و71 "فردا تكفيريا"
        slots = (
            words[1:3] if words and _ar_stems(tokens[words[0]][0])[0] == "من" else words[:2]
        )  # [0]: the word normalized
        first = noun_of(tokens[slots[0]][0]) if slots else _NONE
        head.append(first)
        if len(slots) > 1 and (not first or first in _UNSAID):
            head.append(frozenset(a for a in noun_of(tokens[slots[1]][0]) if a.startswith("role:")))
    else:
        for p in after:  # "5 ISIS members", "two SDF soldiers": affiliations may come first
            word = tokens[p][0].lower()
            if word in _EN_STOP or event_of(word):
                break
            head.append(noun_of(word))
            if any(not a.startswith("side:") for a in head[-1]):
                break
    # The first head that names a role, age or thing says what is counted; the adjective after a
    # generic noun, when it names a role, says it better ("71 فردا تكفيريا" counts fighters).
    chosen = next((h for h in head if any(not a.startswith("side:") for a in h)), _NONE)
    if chosen in _UNSAID and head and head[-1] and head[-1] not in _UNSAID:
        chosen = head[-1]
    attributes = {a for a in chosen if not a.startswith("side:")}
    for p in own + after:
        attributes |= {a for a in noun_of(tokens[p][0]) if a.startswith("side:")}
    return attributes


def _walk(tokens, owner, position: int, step: int, limit: int, language: str) -> list[int]:
    """Token positions from `position` in direction `step`, within the clause and before another number."""
    out: list[int] = []
    while 0 <= position < len(tokens) and len(out) < limit:
        word = tokens[position][0]
        if (
            owner[position] is not None
            or word in _BREAKS
            or word == "و"
            or (language == "en" and word.lower() == "and")
        ):
            break
        if (_ar_stems(word)[0] if language == "ar" else word.lower()) in _CLAUSE_OPENERS:
            break
        out.append(position)
        position += step
    return out


def _own_clause(tokens, after: list[int], event_of, language: str) -> list[int]:
    """Cut the words after a number where the next fact begins: "مقتل 4 وإصابة 11" gives وإصابة to 11."""
    if language != "ar":
        return after
    cut = next((i for i, p in enumerate(after) if tokens[p][0].startswith("و") and event_of(tokens[p][0])), len(after))
    return after[:cut]


_KILLED_NOUNS = frozenset(map(normalize_text, ("قتيل", "قتيلا", "قتلى", "شهيد", "شهيدا", "شهداء")))
_WOUNDED_NOUNS = frozenset(
    map(normalize_text, ("جريح", "جريحا", "جرحى", "مصاب", "مصابا", "مصابين"))
)  # not اصابه: "وإصابة 600" opens the next fact


def _killed_and_wounded(tokens, after: list[int]) -> bool:
    """ "64 قتيلا وجريحا", "بين قتيل وجريح": the nouns after a number count the killed and wounded together."""
    words = [_ar_stems(tokens[p][0]) for p in after[:3]]
    return any(
        set(first) & _KILLED_NOUNS and tokens[after[i + 1]][0].startswith("و") and set(second) & _WOUNDED_NOUNS
        for i, (first, second) in enumerate(pairwise(words))
    )


def _event_chain(tokens, before: list[int], event_of) -> list[str]:
    """The event words just before a number, joined by or/أو/و: "killed or wounded 30", "قتلت وأصابت 30"."""
    chain: list[str] = []
    for position in before:
        word = tokens[position][0]
        if event := event_of(word):
            chain.append(event)
            if word.startswith("و"):  # "قتيلا وإصابة 600": the و opens this fact; the word before it ends another
                break
        elif chain and word.lower() not in ("or", "أو", "او"):
            break
    return chain


def _nearest(tokens, before: list[int], after: list[int], event_of, language: str) -> str | None:
    """The event word nearest the number, before it on a tie."""
    best = None
    for distance, position in enumerate(before):
        if event := event_of(tokens[position][0]):
            best = (distance, event)
            break
    for distance, position in enumerate(after):
        if event := event_of(tokens[position][0]):
            if best is None or distance < best[0]:
                best = (distance, event)
            break
    return best[1] if best else None


def conflicts(claim: NumberMention, source: NumberMention) -> bool:
    """True when the two mentions clearly count different things or belong to different events."""
    # Events: each side's nearest event word must be absent from the other's clause.
    claim_event, source_event = _same_event(claim.category), _same_event(source.category)
    if claim_event == "casualties":  # "8 casualties" may be 8 killed, 8 wounded or both: never a swap by itself
        claim_event = None
    claim_events = {_SAME_EVENT.get(e, e) for e in claim.events}
    source_events = {_SAME_EVENT.get(e, e) for e in source.events}
    if claim_event and source_event and claim_event not in source_events and source_event not in claim_events:
        return True
    # Speakers: "police said 20" when the Arabic gives 20 to residents, or to the militants' own claim.
    if claim.speakers and source.speakers and not claim.speakers & source.speakers:
        return True
    claim_dims, source_dims = _dimensions(claim.noun), _dimensions(source.noun)
    for dimension in ("side", "thing"):
        if dimension in claim_dims and dimension in source_dims and not claim_dims[dimension] & source_dims[dimension]:
            return True
    # People against things: "5 members" is not "5 hours" (a side can qualify either: "attacks on the SDF").
    if ("role" in claim_dims) != ("role" in source_dims) and ("thing" in claim_dims or "thing" in source_dims):
        return True
    # Civilians, state forces and militants are three kinds of people; "people", "members" and
    # suspects fit any. A side adds its kind (عناصر الجيش: state forces; "IS members": militants).
    claim_groups, source_groups = _groups(claim_dims), _groups(source_dims)
    if claim_groups and source_groups and not claim_groups & source_groups:
        return True
    # Children against adults, girls and women against boys and men, when both words say so.
    for dimension in ("age", "sex"):
        claim_value, source_value = claim_dims.get(dimension), source_dims.get(dimension)
        if claim_value and source_value and not claim_value & source_value:
            return True
    return False


def _same_event(category: str | None) -> str | None:
    return _SAME_EVENT.get(category, category) if category else category


_ROLE_GROUPS = {"civilian": "civilian", "soldier": "state", "police": "state", "fighter": "militant"}
_SIDE_GROUPS = {"government": "state", "isis": "militant", "shabaab": "militant"}


def kinds_of_people(noun: frozenset[str]) -> set[str]:
    """civilian, state, militant: the kinds of people a counted noun may be (empty when it does not say)."""
    return _groups(_dimensions(noun))


def _groups(dims: dict[str, set[str]]) -> set[str]:
    """The kinds of people a count may be: its role's, and its side's ("government fighters" are either)."""
    roles = {_ROLE_GROUPS[r] for r in dims.get("role", ()) if r in _ROLE_GROUPS}
    return roles | {_SIDE_GROUPS[s] for s in dims.get("side", ()) if s in _SIDE_GROUPS}


def _dimensions(noun: frozenset[str]) -> dict[str, set[str]]:
    dims: dict[str, set[str]] = {}
    for attribute in noun:
        dimension, value = attribute.split(":", 1)
        dims.setdefault(dimension, set()).add(value)
    return dims
