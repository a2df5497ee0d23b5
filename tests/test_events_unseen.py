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


def test_days_after_a_silence_is_no_earlier_event():
    """«بعد أيام من الصمت الرسمي» tells no earlier event: the sentence is news; «بعد أيام من الهجوم», «بعد يومين من
    الحادثة» tell what came after an earlier one."""
    news = "أكدت الحكومة الأحد أن 30 شخصا قتلوا في هجوم شنه مسلحون على قرية في ولاية يوبي، بعد أيام من الصمت الرسمي."
    assert kinds(news) == [("Violence against civilians", "Attack")]
    assert incidents("اعتقلت الشرطة 10 أشخاص في كركوك بعد أيام من الهجوم على السوق.") == []
    assert incidents("وبعد يومين من الحادثة قتلت الشرطة 2 من المهاجمين في ضواحي باريس.") == []


def test_a_sentence_set_apart_with_nothing_new_tells_the_same_event():
    told_again = (
        "قتل مسلحون 12 شخصا في هجوم على قرية في ولاية يوبي. إلى ذلك، قالت الشرطة إنها تبحث عن المهاجمين بعد الهجوم"
        " الذي شنه مسلحون من جماعة بوكو حرام على القرية."
    )
    assert len(incidents(told_again)) == 1
    # ... one with figures of its own is another event
    another = "قتل مسلحون 12 شخصا في هجوم على قرية في ولاية يوبي. وفي حادثة أخرى، قتل 3 جنود في هجوم على نقطة تفتيش."
    assert len(incidents(another)) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the missing of an attack the article tells as an abduction were taken
        (
            "أكدت الحكومة أن 110 تلميذات مفقودات بعد هجوم شنه مسلحون على مدرستهن في بلدة دابشي بولاية يوبي."
            " وأنكرت السلطات في البداية وقوع عملية خطف.",
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        # ... the missing of an attack told with no abduction are not
        (
            "أكدت الحكومة أن 20 شخصا مفقودون بعد هجوم شنه مسلحون على قرية في ولاية يوبي.",
            ("Violence against civilians", "Attack"),
        ),
    ],
)
def test_the_missing_of_an_abduction_were_taken(text, expected):
    assert kinds(text)[0] == expected


def test_a_raid_met_with_stones_is_a_riot():
    raid = (
        "داهمت القوات الإسرائيلية قرية كوبر قرب رام الله صباح الجمعة، ما أسفر عن اندلاع اشتباكات. وقال الجيش إن مثيري"
        " الشغب رشقوا القوات بالحجارة والزجاجات الحارقة."
    )
    assert kinds(raid) == [("Riots", "Violent demonstration")]
    # ... a clash in which armed men are counted among the dead stays a battle, stones or not
    battle = (
        "قتل 5 مسلحين في اشتباكات مع قوات الأمن في قرية قرب كركوك صباح الجمعة. وقالت الشرطة إن متظاهرين رشقوا"
        " القوات بالحجارة."
    )
    assert kinds(battle) == [("Battles", "Armed clash")]


def test_another_kind_of_event_on_another_day_is_another_incident():
    """A sentence dated to another day that tells a kind of event the incident has not told (a raid the day after a
    stabbing) is another incident, figures or not; the same kind on the same day goes on telling the first."""
    text = (
        "أصاب مهاجم فلسطيني 3 إسرائيليين طعنا في مستوطنة آدم قرب رام الله الخميس. وداهمت القوات الإسرائيلية قرية كوبر"
        " صباح الجمعة، ما أسفر عن اندلاع اشتباكات."
    )
    assert len(incidents(text, "2018-07-28")) == 2
    same = (
        "أصاب مهاجم فلسطيني 3 إسرائيليين طعنا في مستوطنة آدم قرب رام الله الخميس. وقالت الشرطة إن المهاجم هاجم حارس"
        " المستوطنة الخميس."
    )
    assert len(incidents(same, "2018-07-28")) == 1


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a vigil the police dispersed with water cannon, no one hurt: a protest with intervention
        (
            "فرقت الشرطة التركية اعتصاما للأمهات في ساحة وسط اسطنبول السبت مستخدمة خراطيم المياه.",
            "Protest with intervention",
        ),
        # ... protesters arrested
        (
            "اعتقلت الشرطة 50 شخصا خلال احتجاجات في وسط اسطنبول السبت.",
            "Protest with intervention",
        ),
        # ... a march no one stopped stays peaceful
        ("تظاهر آلاف المحتجين في وسط اسطنبول السبت للمطالبة بالإفراج عن المعتقلين.", "Peaceful protest"),
    ],
)
def test_a_protest_dispersed_is_one_with_intervention(text, sub_event_type):
    assert kinds(text, "2018-08-27")[0] == ("Protests", sub_event_type)


def test_a_bomb_told_before_that_is_another_incident():
    text = (
        "قتل انتحاري 85 شخصا في هجوم على تجمع انتخابي في ولاية بلوشستان الجمعة. وقبل ذلك انفجرت قنبلة لدى مرور موكب"
        " مرشح في بيشاور. وقتل أربعة أشخاص وأصيب 39 آخرون."
    )
    coded = incidents(text, "2018-07-14")
    assert [str(i.sub_event_type) for i in coded] == ["Suicide bomb", "Remote explosive/landmine/IED"]
    assert {(str(c.category), c.value) for c in coded[1].counts} == {("killed", 4), ("wounded", 39)}
    # ... a man who burst into tears («انفجر بالبكاء») set off no bomb
    assert incidents("وانفجر الرئيس بالبكاء لدى استقباله 40 من أسر الضحايا في بيشاور.") == []


def test_also_is_no_other_incident():
    """«كذلك» (also) adds to what the article tells; it sets nothing apart («وفي حادثة أخرى» does)."""
    text = (
        "قتل 20 شخصا على الأقل في تفجيرات في بلدة دامبوا بولاية بورنو السبت. وقال أحد السكان: أحصينا كذلك 31 قتيلا"
        " في الهجوم."
    )
    assert len(incidents(text, "2018-06-17")) == 1


def test_a_march_is_no_drone():
    """A bare «مسيرة» organised or marching against something is a march, everywhere in the article; the dead of the
    massacre it protests («المذبحة التي خلفت 17 قتيلا») are not the march's."""
    march = (
        "مسيرة في واشنطن ضد فوضى السلاح بعد مذبحة المدرسة. أعلن الطلاب الناجون من المذبحة التي خلفت 17 قتيلا في"
        " مدرسة ثانوية بولاية فلوريدا عن تنظيم مسيرة شارك فيها آلاف المتظاهرين."
    )
    (coded,) = incidents(march, "2018-02-18")
    assert (str(coded.event_type), str(coded.sub_event_type)) == ("Protests", "Peaceful protest")
    assert not coded.counts
    # ... a protest's own dead are its own
    own = "قتل 3 أشخاص في الاحتجاجات التي شهدتها مدينة البصرة السبت، والتي أسفرت عن إصابة 20 من المتظاهرين."
    assert kinds(own, "2018-07-16") == [("Protests", "Excessive force against protesters")]
    # ... and a drone is a drone
    drone = "قتل 3 مسلحين في غارة نفذتها طائرة مسيرة أمريكية على سيارة في محافظة مأرب."
    assert kinds(drone) == [("Explosions/Remote violence", "Air/drone strike")]
    bare = "قتل 3 مسلحين عندما استهدفت مسيرة أمريكية سيارتهم في محافظة مأرب."
    assert kinds(bare) == [("Explosions/Remote violence", "Air/drone strike")]
