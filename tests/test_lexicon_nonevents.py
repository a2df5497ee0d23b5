"""Articles that report no incident (triggers.json rules "News"): explainers, profiles, deportations, diplomatic
rows, project launches. Each rule on a short article written for these tests, and beside it the real incident
it must leave alone."""

from __future__ import annotations

from datetime import date

from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText

FRIDAY = date(2018, 8, 10)


def code(lexicon: LexiconExtractor, text: str, published: date = FRIDAY):
    return lexicon.code(ArticleText(id="t", text=text, published_at=published)).incidents


def killed(incident) -> list[int | None]:
    return [c.value for c in incident.counts if str(c.category) == "killed"]


DEPORTATION = (
    "ألمانيا ترحل مواطنا مغربيا بعد انتهاء سجنه\n\n"
    "قررت السلطات الألمانية ترحيل المواطن المغربي إلى بلاده بعد أن أنهى مدة العقوبة.\n"
    "وكان المواطن قد أدين بمساعدة خلية في مدينة هامبورغ.\n"
    "وأفادت الصحف بأن الخلية ضمت طلابا جامعيين.\n"
)


def test_an_article_whose_headline_and_lede_tell_no_event_keeps_only_a_dated_one(lexicon):
    told_in_passing = "وقالت الشرطة إن مسلحين قتلوا 4 أشخاص في هجوم على مقهى في هامبورغ."
    assert code(lexicon, DEPORTATION + told_in_passing) == []
    # the same figures dated as news («أمس») are an incident, whatever the headline is about
    (dated,) = code(lexicon, DEPORTATION + "وقالت الشرطة إن مسلحين قتلوا 4 أشخاص في هجوم على مقهى في هامبورغ أمس.")
    assert killed(dated) == [4] and str(dated.event_date) == "2018-08-09"
    # ... and an article whose headline tells the attack reports it, dated or not
    news = "مقتل 4 أشخاص في هجوم على مقهى في هامبورغ\n\n" + told_in_passing
    (incident,) = code(lexicon, news)
    assert killed(incident) == [4]


def test_an_explainer_headline_reports_no_incident_but_a_dated_one(lexicon):
    body = "\n\nأثار مقتل مهندسين اثنين برصاص مسلحين في بغداد موجة من الحزن في البلاد."
    assert code(lexicon, "لماذا تحزن بغداد على مهندسين قتلا برصاص مسلحين؟" + body) == []
    assert code(lexicon, "لمحة عن قوانين حيازة الأسلحة في العراق" + body) == []
    assert code(lexicon, "حكاية المهندسين اللذين قتلا في بغداد" + body) == []
    # the news of the same deaths under a headline that tells them
    (news,) = code(lexicon, "حزن في بغداد بعد مقتل مهندسين اثنين برصاص مسلحين" + body)
    assert killed(news) == [2]
    # an explainer that states an event of the past week with its figure reports it
    dated = body + "\nوقتل مسلحون مهندسين اثنين في بغداد يوم الأربعاء."
    (incident,) = code(lexicon, "لماذا تحزن بغداد على مهندسيها؟" + dated)
    assert killed(incident) == [2] and str(incident.event_date) == "2018-08-08"


def test_mines_cleared_exploded_nowhere(lexicon):
    demining = (
        "السعودية تطلق مشروعا لنزع الألغام في اليمن\n\n"
        "أطلق مركز الملك سلمان الاثنين مشروعا لنزع الألغام في محافظة مأرب.\n"
        "وقال المسؤول إن الفرق تعمل على إزالة الألغام التي زرعت في المحافظة."
    )
    assert code(lexicon, demining) == []
    (blast,) = code(lexicon, "مقتل 3 أشخاص بانفجار لغم في محافظة مأرب\n\nقتل 3 أشخاص الاثنين بانفجار لغم في مأرب.")
    assert blast.event_type == "Explosions/Remote violence" and killed(blast) == [3]


def test_arrests_weeks_before_the_news_are_background(lexicon):
    row = (
        "السعودية تطرد السفير الكندي وتجمد التجارة مع كندا\n\n"
        "أعلنت السعودية الاثنين طلبها من السفير الكندي مغادرة البلاد إثر مطالبة كندا بالإفراج عن ناشطات "
        "تم احتجازهن في موجة جديدة من الاعتقالات.\n"
        "وقالت الخارجية إن القرار جاء ردا على تدخل كندا في شؤونها الداخلية.\n"
        "وقالت منظمات حقوقية إن الحملة طالت ناشطات كثيرات.\n"
    )
    assert code(lexicon, row + "وجاء ذلك بعد أسابيع على اعتقال أكثر من 10 ناشطات في الرياض.") == []
    (arrests,) = code(lexicon, row + "واعتقلت الشرطة أكثر من 10 ناشطات في الرياض الأحد.")
    assert arrests.sub_event_type == "Arrests"
    assert [c.value for c in arrests.counts if str(c.category) == "arrested"] == [10]


def test_a_question_headline_is_an_explainer(lexicon):
    body = "\n\nوقتل مسلحون 5 جنود في هجوم على حاجز للجيش في محافظة ديالى."
    assert code(lexicon, "هل تعود الهجمات إلى ديالى؟" + body) == []
    (news,) = code(lexicon, "هجوم على حاجز للجيش في ديالى" + body)
    assert killed(news) == [5]


def test_a_weapon_and_a_day_make_dated_news_without_a_figure(lexicon):
    profile = "لماذا خشيت واشنطن القيادي المتشدد؟\n\nبدأ القيادي حياته بائعا للحطب قبل أن ينضم إلى الحركة."
    (strike,) = code(
        lexicon, profile + "\nوأعلنت وزارة الدفاع مقتل القيادي في ضربة جوية أميركية في ولاية كونار الخميس."
    )
    assert strike.event_type == "Explosions/Remote violence" and str(strike.event_date) == "2018-08-09"
    # killing words alone, with a day but no figure, weapon or kind, are no dated news there
    assert code(lexicon, profile + "\nوأعلنت وزارة الدفاع مقتل القيادي في ولاية كونار الخميس.") == []


def test_an_attack_named_by_its_perpetrators_or_a_legal_action_is_the_earlier_one(lexicon):
    execution = (
        "اليابان.. إعدام منفذي هجوم مترو طوكيو\n\n"
        "نفذت السلطات اليابانية الجمعة حكم الإعدام في سبعة من منفذي الهجوم بغاز السارين على مترو الأنفاق "
        "الذي أسفر عن مقتل 13 شخصا."
    )
    assert code(lexicon, execution) == []
    warrant = (
        "مذكرة توقيف ضد المرشد في هجوم سوق الميلاد\n\n"
        "أصدر القضاء الألماني مذكرة توقيف ضد رجل حض على هجوم سوق الميلاد في برلين.\n"
        "وكان الهجوم قد أسفر عن مقتل 12 شخصا."
    )
    assert code(lexicon, warrant) == []
    attack = "هجوم بالسارين على مترو طوكيو\n\nقتل 13 شخصا في هجوم بغاز السارين على مترو الأنفاق في طوكيو الجمعة."
    (incident,) = code(lexicon, attack)
    assert killed(incident) == [13]


def test_a_rights_groups_report_makes_no_incident_but_a_dated_one(lexicon):
    report = (
        "العفو الدولية: الجيش النيجيري قتل مدنيين في هجمات على القرى\n\n"
        "قالت منظمة العفو الدولية إن الجيش النيجيري شن هجمات على القرى.\n"
        "وقالت المنظمة إن الجنود أحرقوا القرى.\n"
        "وأضافت أن القوات قتلت 40 مدنيا في هجوم على قرية في ولاية بورنو.\n"
    )
    assert code(lexicon, report) == []
    dated = report.replace("في هجوم على قرية", "في هجوم على قرية يوم الأربعاء")
    (incident,) = code(lexicon, dated)
    assert killed(incident) == [40]


def test_a_death_from_illness_is_no_killing(lexicon):
    illness = (
        "طالبان تعلن مقتل مؤسس الشبكة بعد معركة طويلة مع المرض\n\n"
        "أعلنت الحركة الثلاثاء مقتل القيادي بعد معركة طويلة مع المرض في ولاية خوست."
    )
    assert code(lexicon, illness) == []
    (killing,) = code(lexicon, illness.replace("بعد معركة طويلة مع المرض", "في غارة جوية"))
    assert killing.event_type == "Explosions/Remote violence"
