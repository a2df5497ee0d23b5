"""What a number counts and which event it belongs to, read from the words around it.

The checker uses this to tell a true figure from a swapped one ("9 government soldiers" when the
source gives 9 for Russians). It aims at precision: an attribute is set only when a word from the
small bilingual lexicon below sits right next to the number, and two mentions conflict only when
both carry an attribute of the same dimension and the values cannot describe the same people.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefs.arabic.mention import Kind, NumberMention
from briefs.arabic.normalize import normalize_text

# Each attribute is "dimension:value". Words are listed as written; Arabic is normalized on load.
_NOUNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # role (people)
    "role:soldier": (("جندي", "جنديا", "جنود", "جنديين", "جنديان", "عسكري", "عسكريا", "عسكريين", "عسكريون", "ضابط", "ضباط", "ضابطا", "ضابطين"),
                     ("soldier", "soldiers", "troops", "servicemen", "officer", "officers")),
    "role:fighter": (("مقاتل", "مقاتلا", "مقاتلين", "مقاتلون", "مقاتلي", "عنصر", "عنصرا", "عناصر", "عنصرين", "عنصران", "مسلح", "مسلحا",
                      "مسلحين", "مسلحون", "مسلحي", "ارهابي", "ارهابيا", "ارهابيين", "ارهابيون", "متشدد", "متشددين", "جهادي", "جهاديين",
                      "مرتزقة", "مرتزق", "قيادي", "قياديا", "قياديين", "قياديان", "قائد", "قادة", "انتحاري", "انتحاريين", "مهاجم", "مهاجمين"),
                     ("fighter", "fighters", "militant", "militants", "member", "members", "gunman", "gunmen", "insurgent", "insurgents",
                      "jihadist", "jihadists", "terrorist", "terrorists", "combatant", "combatants", "operative", "operatives",
                      "mercenary", "mercenaries", "commander", "commanders", "leader", "leaders", "attacker", "attackers", "bombers", "bomber")),
    "role:police": (("شرطي", "شرطيا", "شرطيين", "شرطة"), ("policeman", "policemen", "police", "policemen")),
    "role:suspect": (("مشتبه", "مشتبها", "مشتبهين", "مطلوب", "مطلوبا", "مطلوبين", "متهم", "متهما", "متهمين"), ("suspect", "suspects", "suspected", "wanted")),
    "role:civilian": (("مدني", "مدنيا", "مدنيين", "مدنيون", "مواطن", "مواطنا", "مواطنين", "مواطنون", "طفل", "طفلا", "اطفال", "طفلين", "طفلان",
                       "امراة", "امراتين", "امراتان", "نساء", "سيدة", "سيدات", "مزارع", "مزارعين", "راع", "رعاة"),
                      ("civilian", "civilians", "child", "children", "boy", "boys", "girl", "girls", "woman", "women", "resident", "residents",
                       "farmer", "farmers", "shepherd", "shepherds", "citizens")),
    # things, time and distance
    "thing:operation": (("عملية", "عمليات", "عمليتين", "هجوم", "هجمات", "هجومين", "هجوما", "غارة", "غارات", "غارتين", "ضربة", "ضربات", "مداهمة", "مداهمات"),
                        ("operation", "operations", "attack", "attacks", "raid", "raids", "strike", "strikes", "airstrike", "airstrikes")),
    "thing:hour": (("ساعة", "ساعات", "ساعتين"), ("hour", "hours")),
    "thing:day": (("يوم", "ايام", "يوما", "يومين"), ("day", "days")),
    "thing:week": (("اسبوع", "اسابيع", "اسبوعين"), ("week", "weeks")),
    "thing:month": (("شهر", "اشهر", "شهور", "شهرين"), ("month", "months")),
    "thing:year": (("عام", "اعوام", "سنة", "سنوات", "عامين", "سنتين"), ("year", "years")),
    "thing:km": (("كيلومتر", "كيلومترا", "كيلومترات", "كم"), ("kilometre", "kilometres", "kilometer", "kilometers", "km")),
    "thing:vehicle": (("سيارة", "سيارات", "سيارتين", "مركبة", "مركبات", "الية", "اليات", "دبابة", "دبابات", "عربة", "عربات"),
                      ("vehicle", "vehicles", "car", "cars", "tank", "tanks", "truck", "trucks")),
    "thing:weapon": (("صاروخ", "صواريخ", "صاروخين", "قذيفة", "قذائف", "قذيفتين", "عبوة", "عبوات", "بندقية", "بنادق", "طائرة", "طائرات", "مسيرة", "مسيرات"),
                     ("rocket", "rockets", "missile", "missiles", "shell", "shells", "device", "devices", "rifle", "rifles", "drone", "drones", "aircraft", "plane", "planes")),
    "thing:place": (("قرية", "قرى", "قريتين", "بلدة", "بلدات", "منزل", "منازل", "منزلين", "موقع", "مواقع", "حاجز", "حواجز", "مقر", "مقرات"),
                    ("village", "villages", "town", "towns", "house", "houses", "home", "homes", "position", "positions", "checkpoint", "checkpoints", "headquarters")),
    # affiliation
    "side:government": (("حكومي", "حكوميا", "حكوميين", "النظام", "الجيش", "حكومية"), ("government", "regime", "army", "pro-government")),
    "side:russia": (("روس", "روسي", "روسيا", "روسيين", "الروسية", "الروسي"), ("russian", "russians")),
    "side:turkey": (("تركي", "اتراك", "تركيا", "التركي", "التركية", "تركيين"), ("turkish", "turks")),
    "side:iran": (("ايراني", "ايرانيين", "الايراني", "الايرانية"), ("iranian", "iranians")),
    "side:us": (("امريكي", "امريكيين", "الامريكي", "الامريكية", "اميركي", "الاميركية"), ("american", "americans", "us", "u.s.")),
    "side:isis": (("داعش", "التنظيم", "الدولة"), ("isis", "isil", "islamic")),
    "side:sdf": (("قسد",), ("sdf",)),
    "side:houthi": (("الحوثي", "الحوثيين", "الحوثيون", "حوثي", "حوثيين"), ("houthi", "houthis")),
    "side:shabaab": (("الشباب",), ("shabaab", "al-shabaab")),
}
# Words that name an event; a number takes the category of the nearest one in its clause.
_EVENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "killed": (("قتل", "مقتل", "قتلى", "قتيل", "قتيلا", "قتلوا", "قتلت", "يقتل", "مصرع", "حتفه", "حتفهم", "حتفهما", "استشهاد", "استشهد", "شهداء",
                "شهيد", "وفاة", "توفي", "جثث", "جثة", "اغتيال", "اغتال", "اردته", "ارداه", "تصفية", "قتلهم", "مقتلهم", "مقتلهما", "لقوا", "لقي", "للقتل", "القتلى"),
               ("killed", "kill", "killing", "dead", "died", "die", "deaths", "death", "fatalities", "slain", "executed", "assassinated", "bodies", "lives")),
    "wounded": (("جرح", "جرحى", "جريح", "جريحا", "اصابة", "اصيب", "اصيبوا", "اصابات", "مصاب", "مصابين", "مصابا", "الجرحى", "باصابة", "اصابتهم", "جروح"),
                ("wounded", "wounding", "injured", "injuring", "injuries", "hurt", "wounds")),
    "arrested": (("اعتقال", "اعتقل", "اعتقلت", "اعتقلوا", "القبض", "توقيف", "اوقفت", "احتجاز", "احتجز", "معتقل", "معتقلين", "اعتقالات", "الاعتقال"),
                 ("arrested", "arrest", "arrests", "detained", "detain", "detention", "apprehended", "custody", "rounded")),
    "abducted": (("خطف", "اختطاف", "اختطف", "اختطفت", "مختطف", "مختطفين", "اسر", "اسير", "اسرى", "رهينة", "رهائن", "اختطفوا"),
                 ("abducted", "kidnapped", "abduction", "kidnapping", "hostage", "hostages", "captured", "captive", "seized")),
}


def _index(table: dict, language: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, words in table.items():
        for word in words[language]:
            out[normalize_text(word) if language == 0 else word] = name
    return out


_AR_NOUNS, _EN_NOUNS = _index(_NOUNS, 0), _index(_NOUNS, 1)
_AR_EVENTS, _EN_EVENTS = _index(_EVENTS, 0), _index(_EVENTS, 1)
_WORD = re.compile(r"[\w\u064B-\u065F\u0670\u0640'-]+|[^\s\w]")
_BREAKS = frozenset(".,;:!?()")
_NOUN_WINDOW, _EVENT_WINDOW = 4, 6


def _ar_lookup(word: str, table: dict[str, str]) -> str | None:
    """Look an Arabic word up as it is, then with its clitics (و ف ب ل ال) stripped."""
    word = normalize_text(word)
    if word in table:
        return table[word]
    for prefix in ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest = word[len(prefix):]
            for candidate in (rest, "ال" + rest):
                if candidate in table:
                    return table[candidate]
    return None


def _en_lookup(word: str, table: dict[str, str]) -> str | None:
    return table.get(word.lower().strip("'\""))


def annotate(mentions: list[NumberMention], text: str, language: str) -> list[NumberMention]:
    """Fill `noun` and `category` of each mention from the words around it."""
    if not mentions:
        return mentions
    tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    lookup = _ar_lookup if language == "ar" else _en_lookup
    nouns, events = (_AR_NOUNS, _AR_EVENTS) if language == "ar" else (_EN_NOUNS, _EN_EVENTS)
    spans = [(m.start, m.end) for m in mentions]
    owner = [None] * len(tokens)  # which mention a token belongs to
    for position, (_, start, end) in enumerate(tokens):
        for number, (m_start, m_end) in enumerate(spans):
            if start < m_end and m_start < end:
                owner[position] = number
                break
    annotated = []
    for number, mention in enumerate(mentions):
        inside = [p for p, o in enumerate(owner) if o == number]
        if not inside or mention.kind not in (Kind.CARDINAL, Kind.DUAL):
            annotated.append(mention)
            continue
        first, last = inside[0], inside[-1]
        noun = set()
        # A dual noun names what it counts itself (عنصرين); otherwise read the words after the number.
        window = inside if mention.kind is Kind.DUAL else []
        window += _walk(tokens, owner, last + 1, +1, _NOUN_WINDOW, language)
        if language == "en":  # "5 ISIS members", but also "ISIS members, 5 of them" is rare: look before too
            window += _walk(tokens, owner, first - 1, -1, 1, language)
        for position in window:
            attribute = lookup(tokens[position][0], nouns)
            if attribute:
                noun.add(attribute)
        annotated.append(replace(mention, noun=frozenset(noun), category=_category(tokens, owner, first, last, lookup, events, language)))
    return annotated


def _walk(tokens, owner, position: int, step: int, limit: int, language: str) -> list[int]:
    """Token positions from `position` in direction `step`, within the clause and before another number."""
    out = []
    while 0 <= position < len(tokens) and len(out) < limit:
        word = tokens[position][0]
        if owner[position] is not None or word in _BREAKS or (language == "en" and word.lower() == "and"):
            break
        if language == "ar" and word == "و":
            break
        out.append(position)
        position += step
    return out


def _category(tokens, owner, first: int, last: int, lookup, events, language: str) -> str | None:
    before = _walk(tokens, owner, first - 1, -1, _EVENT_WINDOW, language)
    after = _walk(tokens, owner, last + 1, +1, _EVENT_WINDOW, language)
    # Arabic joins "مقتل 4 وإصابة 11" with و, which _walk treats as part of the next word: stop there too.
    if language == "ar":
        after = after[: next((i for i, p in enumerate(after) if i and tokens[p][0].startswith("و") and lookup(tokens[p][0], events)), len(after))]
    best = None
    for distance, position in enumerate(before):
        event = lookup(tokens[position][0], events)
        if event:
            best = (distance, 0, event)
            break
    for distance, position in enumerate(after):
        event = lookup(tokens[position][0], events)
        if event:
            if best is None or distance < best[0]:
                best = (distance, 1, event)
            break
    return best[2] if best else None


def conflicts(claim: NumberMention, source: NumberMention) -> bool:
    """True when the two mentions clearly count different things or belong to different events."""
    if claim.category and source.category and claim.category != source.category:
        return True
    claim_dims = _dimensions(claim.noun)
    source_dims = _dimensions(source.noun)
    for dimension in ("side", "thing"):
        if dimension in claim_dims and dimension in source_dims and not claim_dims[dimension] & source_dims[dimension]:
            return True
    # People against things: "5 members" is not "5 hours" (a side can qualify either: "attacks on the SDF").
    if ("role" in claim_dims and "thing" in source_dims and "role" not in source_dims) or (
        "role" in source_dims and "thing" in claim_dims and "role" not in claim_dims
    ):
        return True
    civilians = {"civilian"}
    if "role" in claim_dims and "role" in source_dims:
        claim_civil, source_civil = claim_dims["role"] <= civilians, source_dims["role"] <= civilians
        if claim_civil != source_civil and not (claim_dims["role"] & source_dims["role"]):
            return True
    return False


def _dimensions(noun: frozenset[str]) -> dict[str, set[str]]:
    dims: dict[str, set[str]] = {}
    for attribute in noun:
        dimension, value = attribute.split(":", 1)
        dims.setdefault(dimension, set()).add(value)
    return dims
