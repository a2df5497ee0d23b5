"""Event types and incidents on the kinds of sentence the dev articles taught (triggers.json "events" and "rules"):
each rule on a sentence of the kind that taught it, beside one it must leave alone. The sentences are written for
the test, not copied from the articles."""

from __future__ import annotations

from datetime import date

import pytest
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText


def incidents(text: str, published: str = "2018-07-10"):
    result = (
        LexiconExtractor().extract(ArticleText(id="t", text=text, published_at=date.fromisoformat(published))).result
    )
    assert result is not None
    return result.incidents


def kinds(text: str, published: str = "2018-07-10") -> list[tuple[str, str]]:
    return [(str(i.event_type), str(i.sub_event_type)) for i in incidents(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a chemical attack is a chemical weapon's, whatever dropped it
        (
            "مقتل 40 مدنيا في هجوم كيماوي على مدينة دوما بريف دمشق. وقال مسعفون إن غازا ساما كان في البراميل.",
            ("Explosions/Remote violence", "Chemical weapon"),
        ),
        # ... a barrel bomb dropped by a helicopter with no gas is an air strike
        (
            "مقتل 40 مدنيا في غارة جوية على مدينة دوما بريف دمشق.",
            ("Explosions/Remote violence", "Air/drone strike"),
        ),
    ],
)
def test_the_weapon_names_the_sub_event(text, expected):
    assert kinds(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a bare «قصف» is of the aircraft the incident names («طائراته ضربت»)
        (
            "الجيش يواصل قصف مواقع المسلحين في ريف إدلب. وقال الجيش إن طائراته ضربت 20 هدفا ما أدى إلى مقتل 12 مسلحا.",
            "Air/drone strike",
        ),
        # ... or the article names, further on («القصف الجوي والمدفعي» below a bare «القصف»)
        (
            "مقتل 30 مدنيا في قصف على بلدة المرج في الغوطة الشرقية. وأفاد ناشطون بأن الطيران يواصل التحليق.",
            "Air/drone strike",
        ),
        # ... of the guns it names («بقذائف المدفعية»)
        (
            "قصف الجيش مواقع المسلحين بقذائف المدفعية في ريف إدلب، ما أدى إلى مقتل 12 مسلحا.",
            "Shelling/artillery/missile attack",
        ),
        # ... and with no weapon named anywhere, shelling still
        ("مقتل 12 مدنيا في قصف على بلدة المرج في الغوطة الشرقية.", "Shelling/artillery/missile attack"),
        # a named weapon is not overruled by an aircraft named later («قذائف هاون» then «الطيران»)
        (
            "مقتل 5 مدنيين بقذائف هاون على حي في دمشق. وقال سكان إن الطيران حلق فوق المدينة.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_a_bare_bombardment_takes_the_weapon_named_for_it(text, sub_event_type):
    assert kinds(text)[0] == ("Explosions/Remote violence", sub_event_type)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # gunfire in the lead is the weapon: a blast witnesses tell later does not make the shooting a bombing
        (
            "10 قتلى في إطلاق نار في مدرسة بولاية تكساس. وقال شهود إنهم سمعوا دوي انفجار في المبنى.",
            ("Violence against civilians", "Attack"),
        ),
        # ... a lead with killing words alone still takes the bomb the next sentence names
        (
            "10 قتلى في مدرسة بولاية تكساس. وقالت الشرطة إن انفجار عبوة ناسفة وقع في المبنى.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
    ],
)
def test_gunfire_in_the_lead_is_the_weapon(text, expected):
    assert kinds(text)[0] == expected
