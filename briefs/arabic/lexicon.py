"""Arabic number vocabulary, written in normalized form (see `normalize`: أإآ→ا, ى→ي, ة→ه, ئ→ي).

Kept apart from the parser so that a reviewer can read the words without reading the grammar.
"""

from __future__ import annotations

# Units in every gender and case. احد/احدي and the اثنا family are units only before عشر (teens).
UNITS: dict[str, int] = {
    "صفر": 0,
    "واحد": 1,
    "واحده": 1,
    "واحدا": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "ثنتان": 2,
    "ثنتين": 2,
    "ثلاثه": 3,
    "ثلاث": 3,
    "اربعه": 4,
    "اربع": 4,
    "خمسه": 5,
    "خمس": 5,
    "سته": 6,
    "ست": 6,
    "سبعه": 7,
    "سبع": 7,
    "ثمانيه": 8,
    "ثماني": 8,
    "ثمان": 8,
    "تسعه": 9,
    "تسع": 9,
    "عشره": 10,
    "عشر": 10,
}
TEEN_ONLY_UNITS: dict[str, int] = {
    "احد": 1,
    "احدي": 1,
    "اثنا": 2,
    "اثني": 2,
    "اثنتا": 2,
    "اثنتي": 2,
}
TEN_MARKS = frozenset({"عشر", "عشره"})
# "أحد عناصر الأمن", "أحدهم": one of; not after a negation ("لا أحد" is nobody).
ONE_OF = frozenset({"احد", "احدي"})
ONE_OF_PRONOUNS = frozenset({"احدهم", "احدهما", "احدها", "احداهم", "احداهن", "احداها"})
NEGATIONS = frozenset({"لا", "لم", "ولا", "ولم", "لن"})

TENS: dict[str, int] = {}
for _stem, _value in (
    ("عشر", 20),
    ("ثلاث", 30),
    ("اربع", 40),
    ("خمس", 50),
    ("ست", 60),
    ("سبع", 70),
    ("ثمان", 80),
    ("تسع", 90),
):
    TENS[_stem + "ون"] = _value
    TENS[_stem + "ين"] = _value

HUNDRED_WORDS = frozenset({"مائه", "مئه", "ميه"})  # multiplied by a preceding unit: ثلاث مئه
HUNDREDS: dict[str, int] = {"مائه": 100, "مئه": 100, "ميه": 100}
for _word in ("مائتان", "مائتين", "مئتان", "مئتين", "مائتا", "مئتا", "مائتي", "مئتي"):
    HUNDREDS[_word] = 200
for _stem, _value in (
    ("ثلاث", 300),
    ("ثلث", 300),
    ("اربع", 400),
    ("خمس", 500),
    ("ست", 600),
    ("سبع", 700),
    ("ثمان", 800),
    ("ثماني", 800),
    ("تسع", 900),
):
    HUNDREDS[_stem + "مائه"] = _value
    HUNDREDS[_stem + "مئه"] = _value

# Scale words: value, and how they combine. "singular" multiplies a preceding number (مائه الف);
# "plural" multiplies a preceding 3..10 (ثلاثه الاف) and alone is vague; "dual" is 2 × scale alone;
# "construct" (الفا, مليونا) is the accusative singular after a number and the construct dual alone.
SCALES: dict[str, tuple[int, str]] = {}
for _word, _value in (("الف", 1_000), ("مليون", 1_000_000), ("مليار", 1_000_000_000), ("بليون", 1_000_000_000)):
    SCALES[_word] = (_value, "singular")
    SCALES[_word + "ا"] = (_value, "construct")
    SCALES[_word + "ان"] = (_value, "dual")
    SCALES[_word + "ين"] = (_value, "dual")
SCALES.update({"الاف": (1_000, "plural"), "ملايين": (1_000_000, "plural"), "مليارات": (1_000_000_000, "plural")})

# Vague quantities: (low, high); high None means open.
VAGUE: dict[str, tuple[int, int | None]] = {
    "عشرات": (20, 99),
    "مئات": (200, 999),
    "الاف": (2_000, 9_999),
    "بضعه": (3, 9),
    "بضع": (3, 9),
    "عده": (3, 10),
}
VAGUE_OF_THOUSANDS: dict[str, tuple[int, int]] = {"عشرات": (20_000, 99_999), "مئات": (200_000, 999_999)}
VAGUE_NEEDING_MIN: dict[str, tuple[int, int | None]] = {"عدد": (2, None), "العديد": (3, None)}  # + من

ORDINALS: dict[str, int] = {
    "اول": 1,
    "اولي": 1,
    "ثاني": 2,
    "ثانيه": 2,
    "ثالث": 3,
    "ثالثه": 3,
    "رابع": 4,
    "رابعه": 4,
    "خامس": 5,
    "خامسه": 5,
    "سادس": 6,
    "سادسه": 6,
    "سابع": 7,
    "سابعه": 7,
    "ثامن": 8,
    "ثامنه": 8,
    "تاسع": 9,
    "تاسعه": 9,
    "عاشر": 10,
    "عاشره": 10,
    "حادي": 1,
    "حاديه": 1,
    "اولين": 1,
    "اوليين": 1,
    "اوليان": 1,  # الاسبوعين الاولين: the first two weeks
}
# Feminine ordinals and واحده name the hours: الساعه الثامنه.
HOUR_WORDS: dict[str, int] = {"واحده": 1, **{w: v for w, v in ORDINALS.items() if w.endswith("ه")}}

WEEKDAYS = frozenset({"الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت"})

# Months: single-word names, and the two-word Levantine names (first word, second word).
MONTHS: dict[str, int] = {
    "يناير": 1,
    "جانفي": 1,
    "فبراير": 2,
    "شباط": 2,
    "فيفري": 2,
    "مارس": 3,
    "اذار": 3,
    "ابريل": 4,
    "نيسان": 4,
    "افريل": 4,
    "مايو": 5,
    "ايار": 5,
    "ماي": 5,
    "يونيو": 6,
    "يونيه": 6,
    "حزيران": 6,
    "جوان": 6,
    "يوليو": 7,
    "يوليه": 7,
    "تموز": 7,
    "جويليه": 7,
    "اغسطس": 8,
    "اب": 8,
    "اوت": 8,
    "سبتمبر": 9,
    "ايلول": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
}
TWO_WORD_MONTHS: dict[tuple[str, str], int] = {
    ("كانون", "الثاني"): 1,
    ("تشرين", "الاول"): 10,
    ("تشرين", "الثاني"): 11,
    ("كانون", "الاول"): 12,
}
YEAR_CUES = frozenset(
    {
        "مواليد",
        "عام",
        "العام",
        "سنه",
        "السنه",
        "منذ",
        "في",
        "خلال",
        "حتي",
        "مطلع",
        "اواخر",
        "اوائل",
        "منتصف",
        "بدايه",
        "نهايه",
        "عامي",
    }
)

# Parts of a year named before من and a year: الربع الأخير من 2017، النصف الأول من 2018.
YEAR_PARTS = frozenset(
    {
        "الربع",
        "النصف",
        "الثلث",
        "الاخير",
        "الاول",
        "الثاني",
        "الثالث",
        "الاشهر",
        "الشهور",
        "مطلع",
        "بدايه",
        "نهايه",
        "اواخر",
        "اوائل",
        "منتصف",
    }
)
PERCENT_WORDS = (("بالمئه",), ("بالمائه",), ("بالميه",), ("في", "المئه"), ("في", "المائه"), ("%",))

TIME_OF_DAY = frozenset(
    {"صباحا", "صباح", "مساء", "مساءا", "فجرا", "فجر", "ظهرا", "ظهر", "عصرا", "عصر", "ليلا", "ليل", "ضحي"}
)
HOUR_FRACTIONS: dict[str, float] = {"النصف": 0.5, "الربع": 0.25, "الثلث": 1 / 3}
# Shares: نصف 0.5, ثلث 1/3, ربع 0.25, ثلثا/ثلثي 2/3, also with a pronoun (ربعهم: a quarter of them).
FRACTIONS: dict[str, float] = {}
for _word, _share in (("نصف", 1 / 2), ("ثلث", 1 / 3), ("ربع", 1 / 4), ("ثلثا", 2 / 3), ("ثلثي", 2 / 3)):
    FRACTIONS[_word] = _share
    for _pronoun in ("ه", "ها", "هم", "هما", "هن"):
        FRACTIONS[_word + _pronoun] = _share
# Durations with a half: ساعة ونصف 1.5, ساعتين ونصف 2.5 (the unit before ونصف).
HALF_UNITS: dict[str, int] = {
    "ساعه": 1,
    "ساعتين": 2,
    "ساعتان": 2,
    "يوم": 1,
    "يومين": 2,
    "يومان": 2,
    "عام": 1,
    "عامين": 2,
    "سنه": 1,
    "شهر": 1,
}
# Words that state two without a dual noun: كلاهما (both of them). Not مزدوج: الجاسوس المزدوج is a
# double agent, المعايير المزدوجة double standards.
TWO_WORDS = frozenset({"كلاهما", "كليهما", "كلتاهما", "كلتيهما"})
MINUTE_WORDS = frozenset({"دقيقه", "دقايق", "دقيقة"})
HOUR_MINUS: dict[str, float] = {"ربعا": 0.25, "ربع": 0.25, "ثلثا": 1 / 3, "ثلث": 1 / 3}

# Words before digits that make them part of a name or designation (F-16, Badr 1, Sinai 2018).
DESIGNATIONS = frozenset(
    {
        "اف",
        "سو",
        "ميغ",
        "ميج",
        "مي",
        "بدر",
        "حي",
        "السويداء",
        "سيناء",
        "فرانس",
        "الفرقه",
        "اللواء",
        "الفوج",
        "الكتيبه",
        "القرار",
        "الماده",
        "رقم",
        "كوفيد",
        "ام",
        "تي",
        "بي",
        "طراز",
        "الطريق",
    }
)

# Qualifier phrases, token by token (normalized, conjunction stripped from the first word).
PREFIX_QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = (
    # Upper bounds first: "لا يزيد عن" must not be read as its tail "يزيد عن".
    (("ما", "لا", "يزيد", "عن"), "less_than"),
    (("لا", "يزيد", "عن"), "less_than"),
    (("لا", "يزيد", "علي"), "less_than"),
    (("ما", "يصل", "الي"), "less_than"),
    (("يصل", "الي"), "less_than"),
    (("تصل", "الي"), "less_than"),
    (("لا", "يتجاوز"), "less_than"),
    (("علي", "الاقل"), "at_least"),
    (("ما", "لا", "يقل", "عن"), "at_least"),
    (("لا", "يقل", "عن"), "at_least"),
    (("ما", "يزيد", "عن"), "more_than"),
    (("ما", "يزيد", "علي"), "more_than"),
    (("يزيد", "عن"), "more_than"),
    (("يزيد", "علي"), "more_than"),
    (("اكثر", "من"), "more_than"),
    (("ازيد", "من"), "more_than"),
    (("اقل", "من"), "less_than"),
    (("ما", "يقرب", "من"), "approximately"),
    (("ما", "يقارب"), "approximately"),
    (("يقارب",), "approximately"),
    (("ما", "يناهز"), "approximately"),
    (("يناهز",), "approximately"),
    (("نحو",), "approximately"),
    (("حوالي",), "approximately"),
    (("قرابه",), "approximately"),
    (("زهاء",), "approximately"),
)
POSTFIX_QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("علي", "الاقل"), "at_least"),
    (("تقريبا",), "approximately"),
)

# Dual nouns. Broken-plural stems: a -ين/-ان ending can only be a dual. The others (sound plurals)
# end in -ين as plurals too, so they read as duals only with اثنين or a dual verb/pronoun after them.
DUAL_STEMS = frozenset(
    {
        "عنصر",
        "جندي",
        "طفل",
        "شخص",
        "ضابط",
        "صاروخ",
        "منزل",
        "هجوم",
        "انفجار",
        "تفجير",
        "شقيق",
        "رجل",
        "قتيل",
        "جريح",
        "يوم",
        "اسبوع",
        "شهر",
        "عام",
        "قائد",
        "زعيم",
        "عضو",
        "حارس",
        "اسير",
        "شاب",
        "مقر",
        "موقع",
        "حاجز",
        "لغم",
        "مسجد",
        "سجن",
        "معسكر",
        "مخيم",
        "قطاع",
        "محور",
        "كيلومتر",
        "ولد",
        "امير",
        "حزام",
        "رشاش",
        "مدفع",
        "مسدس",
        "مخزن",
        "بيان",
        "لواء",
        "فوج",
        "مبني",
        "نفق",
        "مستودع",
        "جسر",
        "مطار",
        "معبر",
        "مركز",
        "فندق",
        "مطعم",
        "سوق",
        "شارع",
        "زورق",
        "قارب",
        "بيت",
        "قاذف",
        "خزان",
        "مولد",
        "مصنع",
        "مخبز",
        "معمل",
        "رتل",
        "مرتزق",
        "فصيل",
        "تنظيم",
        "حزب",
        "جيش",
        "بلد",
        "برج",
        "كمين",
    }
)
# Feminine nouns (stem without its ة) whose dual ends in -تين/-تان. A reviewed list, never the ending
# alone: -تين/-تان also ends names (أفغانستان، الأرجنتين), relative pronouns (اللتين), verbal nouns
# (فلتان) and dual adjectives that repeat their noun's count (الجماعتين الإخوانيتين).
DUAL_FEMININE_STEMS = frozenset(
    {
        "امرا",
        "جث",
        "مقبر",
        "بندقي",
        "سيار",
        "طاير",
        "مروحي",
        "قذيف",
        "عبو",
        "دباب",
        "عملي",
        "ساع",
        "دقيق",
        "مر",
        "قري",
        "بلد",
        "مدين",
        "محافظ",
        "سن",
        "فتا",
        "رهين",
        "عرب",
        "الي",
        "شاحن",
        "حافل",
        "سفين",
        "قاعد",
        "ثكن",
        "نقط",
        "غار",
        "ضرب",
        "هجم",
        "سيد",
        "طفل",
        "قيادي",
        "مجموع",
        "جماع",
        "منطق",
        "حرك",
        "دول",
        "حكوم",
        "سلط",
        "دراج",
        "حقيب",
        "قنبل",
        "رصاص",
        "غواص",
        "عصاب",
        "سفار",
        "شاب",
        "ناشط",
        "حليف",
        "ثاني",
        "مدرس",
        "كتيب",
        "فرق",
        "ولاي",
        "طالب",
        "سجين",
        "مجند",
        "صحفي",
        "موظف",
        "معلم",
        "ممرض",
        "عامل",
        "شقيق",
        "ابن",
        "بنت",
        "زوج",
        "مداهم",
        "محاول",
    }
)
# Nisba nouns (nationality, trade) whose -يان form is a dual.
NISBA_DUAL_BASES = frozenset(
    {
        "فلسطيني",
        "امريكي",
        "اميركي",
        "عراقي",
        "سوري",
        "لبناني",
        "مصري",
        "يمني",
        "ليبي",
        "تونسي",
        "جزائري",
        "مغربي",
        "سوداني",
        "صومالي",
        "اردني",
        "سعودي",
        "ايراني",
        "تركي",
        "روسي",
        "افغاني",
        "باكستاني",
        "هندي",
        "اسرائيلي",
        "بريطاني",
        "فرنسي",
        "الماني",
        "كردي",
        "صحافي",
        "امني",
        "اجنبي",
        "استرالي",
        "كندي",
        "ياباني",
        "صيني",
    }
)
# Words the rules above would read as duals and that are not: numbers, names, and لدي + a pronoun.
NOT_DUALS = frozenset(
    {
        "ستين",
        "اثنتين",
        "اثنتان",
        "ثنتين",
        "ثنتان",
        "الاثنتين",
        "سبعتين",
        "ولديها",
        "ولديهم",
        "ولدينا",
        "ولديهما",
        "ولديكم",
    }
)
# -ان forms that are also broken plurals (بلدان: countries): duals only with an agreement cue.
PLURALS_IN_AN = frozenset({"بلدان", "البلدان"})
SOUND_PLURAL_STEMS = frozenset(
    {
        "مقاتل",
        "مسلح",
        "مدني",
        "عسكري",
        "شرطي",
        "مواطن",
        "صحفي",
        "ناشط",
        "متهم",
        "مطلوب",
        "ارهابي",
        "انتحاري",
        "قيادي",
        "مسؤول",
        "موظف",
        "مدرس",
        "معتقل",
        "مختطف",
        "مصاب",
        "مشتبه",
        "عامل",
        "مهندس",
        "مهاجر",
        "مهاجم",
        "لاجئ",
        "راعي",
        "عون",
        "صياد",
        "مزارع",
        "راكب",
        "مسافر",
        "متظاهر",
        "محتج",
        "مسعف",
        "طبيب",
    }
)
DUAL_PRONOUN_SUFFIXES = ("نا", "ها", "هم", "هما", "كم")  # not ه: مدفعيه is artillery, not his two cannons
# Past-tense dual verbs common in reports: with the -ان imperfect (يدخلان) and the -هما pronoun
# (نفسيهما) they signal that a preceding -ين noun is a dual. A reviewed list: a word shaped like a
# past dual (فعلا) is as often an adverb (عمدا، ايضا) or a plural verb (صدوا).
DUAL_VERBS = frozenset(
    {
        "تعرضا",
        "فقدا",
        "كانا",
        "قتلا",
        "اصيبا",
        "لقيا",
        "سقطا",
        "اعتقلا",
        "اختطفا",
        "قضيا",
        "استشهدا",
        "توفيا",
        "نقلا",
        "جرحا",
        "فرا",
        "هربا",
        "حاولا",
        "نجيا",
        "كانتا",
        "قتلتا",
        "اصيبتا",
        "ظلا",
        "بقيا",
        "غرقا",
        "اقتحما",
        "هاجما",
        "اطلقا",
        "وصلا",
        "دخلا",
        "خرجا",
        "اعدما",
        "ذبحا",
        "اعترفا",
        "اوقفا",
    }
)
# A relative pronoun opens a clause about the nearest noun (بلدتي الفوعة وكفريا التي كانتا): no cue after it.
AGREEMENT_STOPS = frozenset({"التي", "الذي", "الذين", "اللذين", "اللذان", "اللتين", "اللتان"})


def _normalized(item):
    """Entries are typed as writers spell them; match them in the normalizer's form (مائه → مايه)."""
    from briefs.arabic.normalize import normalize_text

    if isinstance(item, str):
        return normalize_text(item)
    if isinstance(item, dict):
        return {_normalized(key): value for key, value in item.items()}
    if isinstance(item, (tuple, frozenset)):
        return type(item)(_normalized(part) for part in item)
    return item


for _name in [
    name for name, value in list(globals().items()) if name.isupper() and isinstance(value, (dict, frozenset, tuple))
]:
    globals()[_name] = _normalized(globals()[_name])
