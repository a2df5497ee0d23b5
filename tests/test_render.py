"""The brief renderers: Markdown for a terminal, one self-contained HTML page, JSON by the schema.

Briefs are built as `build_brief` builds them, without the store: the lexicon extractor over gold
reports, `merge_reports`, `BriefHeadline.from_incidents`; plus hand-made incidents: one reported by
two sources that disagree (26 vs 35 killed) with an unsupported figure, and one whose article is
hostile (`<script>`, `<img onerror>`, `javascript:` URLs, Markdown links, bidi overrides).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache
from html.parser import HTMLParser

import jsonschema  # types-jsonschema is not in the test extra
import pytest
from briefs.acled import REGION_COUNTRIES
from briefs.brief.merge import Report, merge_reports
from briefs.brief.model import Brief, BriefHeadline, BriefIncident, ReviewItem
from briefs.brief.render import (
    FORMATS,
    clean,
    prose_html,
    render,
    render_html,
    render_json,
    render_markdown,
    safe_url,
    sanitize,
)
from briefs.domain import BriefSource, CountGrounding, Incident, article_hash
from briefs.extract.lexicon import LexiconExtractor
from briefs.extract.schema import IncidentExtract
from briefs.inputs import ArticleText

from .conftest import DATASETS, ROOT, read_jsonl

GENERATED = datetime(2024, 5, 2, 6, 30, tzinfo=UTC)
CANARY = "PWNED"
HOSTILE_SCRIPT = f"<script>document.title='{CANARY}';document.body.setAttribute('data-pwned','script')</script>"
HOSTILE_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
HOSTILE_URL = f"javascript:document.title='{CANARY}'"


# --------------------------------------------------------------------------------------------------
# Building briefs
# --------------------------------------------------------------------------------------------------


def severity_order(items: list[BriefIncident]) -> list[BriefIncident]:
    """As build_brief orders them: by country and admin1, the most severe first."""

    def severity(item: BriefIncident) -> int:
        return sum(m.figure for m in item.counts if m.verified and m.category == "killed")

    return sorted(
        items,
        key=lambda i: (
            i.incident.location.country,
            i.incident.location.admin1 or "",
            -severity(i),
            i.incident.event_date,
        ),
    )


def make_brief(items: list[BriefIncident], review: Sequence[ReviewItem] = (), extractors=("lexicon",)) -> Brief:
    items = severity_order(items)
    days = [i.incident.event_date for i in items] or [date(2024, 5, 1)]
    return Brief(
        date_from=min(days),
        date_to=max(days),
        generated_at=GENERATED,
        extractors=list(extractors),
        headline=BriefHeadline.from_incidents(items),
        incidents=items,
        needs_review=list(review),
    )


def _review_items(result) -> list[ReviewItem]:
    items = []
    for flag in result.flags:
        found = re.search(r"incident (\d+)", flag)
        items.append(
            ReviewItem(
                article_hash=result.article_hash,
                article_id=result.article_id,
                incident_index=int(found.group(1)) - 1 if found else None,
                reason=flag,
            )
        )
    return items


@cache
def lexicon_reports(n: int = 10) -> tuple[tuple[Report, ...], tuple[ReviewItem, ...]]:
    extractor = LexiconExtractor()
    reports, review = [], []
    for case in read_jsonl(DATASETS / "incidents.jsonl")[:n]:
        article = ArticleText(
            id=case["id"],
            text=case["text"],
            published_at=case["published_at"],
            outlet=case.get("outlet"),
            url=f"https://news.example.org/{case['id']}",
        )
        result = extractor.extract(article).result
        assert result is not None, case["id"]
        source = BriefSource(
            article_hash=result.article_hash,
            article_id=result.article_id,
            title=None,
            outlet=article.outlet,
            url=article.url,
            published_at=article.published_at,
        )
        reports += [Report(incident, source, index) for index, incident in enumerate(result.incidents)]
        review += _review_items(result)
    return tuple(reports), tuple(review)


def _incident(
    text: str,
    *,
    counts: list[tuple[str, str, int, CountGrounding]],
    place=("دير الزور", "Deir ez-Zor city", "Deir ez-Zor"),
    notes: str | None = None,
    event_date="2024-05-01",
) -> Incident:
    """An incident of `text`; counts are (quote, category, value, grounding)."""
    grades = {quote: grounding for quote, _, _, grounding in counts}
    # The model's reply as JSON, validated as the extractor validates it.
    extract = IncidentExtract.model_validate(
        {
            "evidence_ar": [text.split(".")[0]],
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Suicide bomb",
            "event_date": event_date,
            "time_precision": 1,
            "date_quote_ar": None,
            "location": {
                "quote_ar": place[0],
                "name_en": place[1],
                "admin1": place[2],
                "admin2": None,
                "country": "SYR",
                "geo_precision": 1,
            },
            "actors": [{"quote_ar": "تنظيم داعش", "name_en": "Islamic State (Syria)", "role": "actor1", "inter": 2}],
            "counts": [
                {
                    "evidence_ar": q,
                    "category": c,
                    "value": v,
                    "low": None,
                    "high": None,
                    "qualifier": "exact",
                    "who": "people",
                }
                for q, c, v, _ in counts
            ],
            "status": "claimed",
            "notes_en": notes or "On 1 May 2024, a suicide bomber of Islamic State struck a market in Deir ez-Zor.",
            "tags": [],
        }
    )
    return Incident.from_extract(extract, text, grade_count=lambda count, quote: grades[count.evidence_ar])


ARTICLE_A = "قتل 26 شخصا في تفجير انتحاري تبناه تنظيم داعش في سوق دير الزور. وأصيب 40 آخرون بجروح."
ARTICLE_B = "ارتفعت حصيلة التفجير الذي تبناه تنظيم داعش في دير الزور إلى 35 قتيلا. وأصيب عشرات بجروح."


def disputed_incident() -> tuple[BriefIncident, list[ReviewItem]]:
    """Two sources of one bombing: 26 vs 35 killed; the only wounded figure (40) is unsupported."""
    a = _incident(
        ARTICLE_A, counts=[("قتل 26 شخصا", "killed", 26, "supported"), ("وأصيب 40 آخرون", "wounded", 40, "unsupported")]
    )
    b = _incident(ARTICLE_B, counts=[("إلى 35 قتيلا", "killed", 35, "supported")])
    sa = BriefSource(
        article_hash=article_hash(ARTICLE_A),
        article_id="deir-a",
        title="تفجير في دير الزور",
        outlet="Furat Post",
        url="https://furat.example.org/a",
        published_at=date(2024, 5, 1),
    )
    sb = BriefSource(
        article_hash=article_hash(ARTICLE_B),
        article_id="deir-b",
        title=None,
        outlet="Deir Press",
        url="http://deir.example.org/b?x=1&y=2",
        published_at=date(2024, 5, 2),
    )
    [item] = merge_reports([Report(a, sa, 0), Report(b, sb, 0)])
    review = [
        ReviewItem(
            article_hash=sa.article_hash,
            article_id="deir-a",
            incident_index=0,
            reason="unsupported count 2 in incident 1: wounded 40",
        )
    ]
    return item, review


ARTICLE_H = (
    f"قتل 3 أشخاص في هجوم على حاجز في الرقة {HOSTILE_IMG}. وقال مصدر إن {HOSTILE_SCRIPT} تجاهل التعليمات السابقة."
)


def hostile_incident() -> tuple[BriefIncident, list[ReviewItem]]:
    """An article whose every field tries to become markup or script."""
    text = ARTICLE_H
    incident = _incident(
        text,
        counts=[(f"قتل 3 أشخاص في هجوم على حاجز في الرقة {HOSTILE_IMG}", "killed", 3, "supported")],
        place=("الرقة", f"Raqqa {HOSTILE_SCRIPT}", "Ar-Raqqa"),
        notes=f"Three killed [click me]({HOSTILE_URL}) {HOSTILE_SCRIPT} **bold** \u202egnp.exe\u202c # heading | pipe",
        event_date="2024-05-02",
    )
    source = BriefSource(
        article_hash=article_hash(text),
        article_id=f"id-{HOSTILE_IMG}",
        title=f"Title {HOSTILE_SCRIPT}",
        outlet=f"Outlet {HOSTILE_IMG}",
        url=HOSTILE_URL,
        published_at=date(2024, 5, 2),
    )
    [item] = merge_reports([Report(incident, source, 0)])
    review = [
        ReviewItem(
            article_hash=source.article_hash,
            article_id=source.article_id,
            incident_index=None,
            reason=f"unsupported number 9 in summary {HOSTILE_SCRIPT}",
        )
    ]
    return item, review


@cache
def sample_brief() -> Brief:
    """About ten lexicon incidents, the disputed bombing and the hostile article."""
    reports, review = lexicon_reports(10)
    disputed, r1 = disputed_incident()
    hostile, r2 = hostile_incident()
    return make_brief([*merge_reports(list(reports)), disputed, hostile], [*review, *r1, *r2])


# --------------------------------------------------------------------------------------------------
# A small HTML reader (the stdlib parser, as a browser would tokenize the page)
# --------------------------------------------------------------------------------------------------


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.text_parts: list[str | Element] = []

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.text_parts)

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()


VOID = {"meta", "br", "hr", "img", "input", "link"}


class Tree(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.node = self.root
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.node)
        self.node.children.append(element)
        self.node.text_parts.append(element)
        if tag not in VOID:
            self.node = element

    def handle_endtag(self, tag):
        node = self.node
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.node = node.parent

    def handle_data(self, data):
        self.node.text_parts.append(data)

    def all(self, tag: str | None = None, **attrs) -> list[Element]:
        found = []
        for element in self.root.iter():
            if tag not in (None, element.tag):
                continue
            if all(element.attrs.get(k.rstrip("_")) == v for k, v in attrs.items()):
                found.append(element)
        return found


def rtl_texts(page: str) -> list[str]:
    return [e.text for e in Tree(page).all(dir="rtl", lang="ar")]


# --------------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------------


def test_json_validates_against_the_committed_schema_and_round_trips():
    brief = sample_brief()
    text = render_json(brief)
    schema = json.loads((ROOT / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(text))
    assert Brief.model_validate_json(text) == brief
    assert render(brief, "json") == text


def test_render_dispatches_and_refuses_an_unknown_format():
    brief = sample_brief()
    assert render(brief, "md") == render_markdown(brief)
    assert render(brief, "html") == render_html(brief)
    assert set(FORMATS) == {"md", "html", "json"}
    with pytest.raises(ValueError, match="unknown brief format 'pdf'"):
        render(brief, "pdf")


def test_renderers_are_pure_and_deterministic():
    brief = sample_brief()
    before = brief.model_dump_json()
    assert render_markdown(brief) == render_markdown(brief)
    assert render_html(brief) == render_html(brief)
    assert brief.model_dump_json() == before


def test_render_imports_only_the_models_layer_the_pure_text_layer_and_the_map():
    def imported(module: str) -> set[str]:
        source = (ROOT / "briefs" / "brief" / module).read_text(encoding="utf-8")
        return set(re.findall(r"^(?:from|import) (briefs[\w.]*)", source, flags=re.M))

    models = ("briefs.acled", "briefs.domain", "briefs.brief.model", "briefs.brief.map")
    rendering = imported("render.py")
    assert {"briefs.brief.model", "briefs.brief.map"} <= rendering
    assert all(m in models or m.startswith("briefs.arabic") for m in rendering), rendering
    assert imported("map.py") == {"briefs.extract.places"}  # packaged data, no store, web or LLM


# --------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------


def test_markdown_headline_extractor_and_review_come_before_the_incidents():
    brief = sample_brief()
    md = render_markdown(brief)
    h = brief.headline
    assert md.startswith("# Incident brief · ")
    assert "Extracted by the offline lexicon extractor" in md
    assert (
        f"**{h.incidents} incidents** · **{h.killed}** killed · **{h.wounded}** wounded · **{h.arrested}** arrested"
        in md
    )
    assert "**[✗ UNVERIFIED]** 1 unverified figure left out of these totals" in md
    review_at = md.index("## Needs review")
    first_group = md.index("\n## Egypt")
    assert md.index("## Headline") < review_at < first_group
    assert md.index("### 1. ") > review_at


def test_markdown_groups_by_country_and_province_in_the_given_order():
    brief = sample_brief()
    md = render_markdown(brief)
    headings = re.findall(r"^## (.+) · (.+)$", md, flags=re.M)
    expected = []
    for item in brief.incidents:
        loc = item.incident.location
        key = (REGION_COUNTRIES.get(loc.country, loc.country), loc.admin1 or "province unknown")
        if not expected or expected[-1] != key:
            expected.append(key)
    assert [(c, a.replace("\\", "")) for c, a in headings] == expected
    numbers = [int(n) for n in re.findall(r"^### (\d+)\. ", md, flags=re.M)]
    assert numbers == list(range(1, len(brief.incidents) + 1))
    # Incidents appear in the order given: the first incident's notes come before the second's.
    positions = [
        md.index(clean(item.incident.notes_en)[:40]) for item in brief.incidents if "<" not in item.incident.notes_en
    ]
    assert positions == sorted(positions)


def test_markdown_disputed_figures_show_every_source_and_mark_the_unverified_one():
    item, review = disputed_incident()
    md = render_markdown(make_brief([item], review))
    assert "- Killed **26** (sources differ: 26 vs 35; the lowest verified figure is kept)" in md
    assert "26 people **[✓ supported]** «قتل 26 شخصا» — Furat Post" in md
    assert "35 people **[✓ supported]** «إلى 35 قتيلا» — Deir Press" in md
    assert (
        "- Wounded ~~**40**~~ **[✗ UNVERIFIED]**: ~~40 people~~ **[✗ UNSUPPORTED]** «وأصيب 40 آخرون» — Furat Post" in md
    )
    assert "Sources (2):" in md and "article deir-a" in md and "<https://furat.example.org/a>" in md
    assert "- Merged: 2 reports of one event: same event type" in md
    needs = md[md.index("## Needs review (1)") : md.index("## Syria")]
    assert "wounded figure 40 is UNVERIFIED (left out of the totals)" in needs
    assert "unsupported count 2 in incident 1" not in needs  # the store's reason for it is not repeated
    assert "**[⚠ NEEDS REVIEW]**" in md and "**[claimed]**" in md
    assert "**26** killed · **0** wounded" in md


def test_markdown_date_and_place_precision():
    item, review = disputed_incident()
    md = render_markdown(make_brief([item], review))
    assert "- Date: 2024-05-01 (day known)" in md
    assert "Place: Deir ez-Zor city, Deir ez-Zor, Syria (the place itself)" in md
    week = item.model_copy(deep=True)
    week.incident.time_precision = 2
    week.incident.location.geo_precision = 3
    md = render_markdown(make_brief([week]))
    assert "week of 1 May 2024" in md and "(week only)" in md and "(province only)" in md
    month = item.model_copy(deep=True)
    month.incident.time_precision = 3
    assert "May 2024" in render_markdown(make_brief([month])) and "(month only)" in render_markdown(make_brief([month]))


def test_markdown_of_a_clean_brief_says_nothing_needs_review():
    reports, _ = lexicon_reports(10)
    clean_items = [i for i in merge_reports(list(reports)) if not i.needs_review]
    md = render_markdown(make_brief(clean_items))
    assert "## Needs review (0)" in md
    assert "Nothing to review" in md
    assert "UNVERIFIED" not in md and "UNSUPPORTED" not in md


def test_markdown_of_an_empty_brief():
    brief = make_brief([], extractors=["llm:openai:gpt-4o-mini"])
    md = render_markdown(brief)
    assert "No incidents in this period." in md
    assert "the LLM extractor (llm:openai:gpt-4o-mini)" in md
    assert "No extraction in this period." in render_markdown(make_brief([], extractors=[]))
    assert "**0 incidents**" in md


def test_markdown_neutralizes_article_text():
    item, review = hostile_incident()
    md = render_markdown(make_brief([item], review))
    assert re.findall(r"(?<!\\)<[^h]", md) == []  # every < escaped, but for <https://...> links
    assert "\\<script\\>" in md and "\\<img src=x" in md
    assert "\\[click me\\]" in md  # no Markdown link from article text
    assert "<javascript:" not in md and not re.search(r"(?<!\\)\]\(javascript:", md)
    assert "\u202e" not in md
    assert re.search(r"^#+ heading", md, flags=re.M) is None


def test_clean_and_safe_url():
    assert clean("a\n\tb\u202ec\u200f  d") == "a bc d"
    assert clean("  a  b ") == "a b"  # printable text, where only spaces can change
    assert clean("a\u00a0b\u2028c\u3000d") == "a b c d"  # other spaces and separators are not printable
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("JaVaScRiPt:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url("//evil.example/x") is None
    assert safe_url('https://x.example.org/a b")<') == "https://x.example.org/a%20b%22%29%3C"
    assert safe_url("http://x.example.org/?q=1&r=2") == "http://x.example.org/?q=1&r=2"


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------


def test_html_is_one_self_contained_page():
    page = render_html(sample_brief())
    tree = Tree(page)
    assert page.startswith("<!DOCTYPE html>")
    assert [e.tag for e in tree.all("style")] == ["style"]
    assert not tree.all("script") and not tree.all("link") and not tree.all("img") and not tree.all("iframe")
    assert "@media print" in page
    assert not re.search(r"url\(|@import", page)
    assert not [e for e in tree.root.iter() if "src" in e.attrs or "style" in e.attrs]
    csp = tree.all("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in csp[0].attrs["content"]
    for link in tree.all("a"):
        href = link.attrs["href"]
        assert href.startswith(("http://", "https://", "#")), href
        if not href.startswith("#"):
            assert "noopener" in link.attrs.get("rel", "")


def test_html_arabic_evidence_is_right_to_left():
    brief = sample_brief()
    texts = rtl_texts(render_html(brief))
    for item in brief.incidents:
        for merged in item.counts:
            for row in merged.reports:
                assert clean(row.count.evidence.text) in texts, row.count.evidence.text
    assert all(re.search(r"[\u0600-\u06ff]", t) for t in texts)


def test_html_badges_strike_and_needs_review_first():
    item, review = disputed_incident()
    brief = make_brief([item], review)
    page = render_html(brief)
    tree = Tree(page)
    sections = [e.attrs.get("id") or e.attrs.get("class") for e in tree.all("section")]
    assert sections == ["headline", "needs-review"]
    assert page.index('id="needs-review"') < page.index('id="incident-1"')
    review_box = tree.all("section", id="needs-review")[0]
    assert "wounded figure 40 is UNVERIFIED" in review_box.text
    assert [a.attrs["href"] for a in review_box.children[-1].iter() if a.tag == "a"] == ["#incident-1"]
    badges = [(e.attrs["class"], e.text) for e in tree.all("span") if "badge" in e.attrs.get("class", "")]
    assert ("badge b-unverified", "✗ UNVERIFIED") in badges
    assert ("badge b-unsupported", "✗ UNSUPPORTED") in badges
    assert badges.count(("badge b-supported", "✓ supported")) == 2
    assert [e.text for e in tree.all("del")] == ["40", "40 people"]
    assert tree.all("article", id="incident-1")[0].attrs["class"] == "incident review"
    figures = [e.text for e in tree.all("div") if e.attrs.get("class") == "figure bad"]
    assert figures == ["1unverified figures, left out of the totals"]


def test_html_groups_with_headings_in_order():
    brief = sample_brief()
    tree = Tree(render_html(brief))
    headings = [e.text for e in tree.all("h2", class_="group")]
    runs = []
    for item in brief.incidents:
        key = (item.incident.location.country, item.incident.location.admin1)
        if not runs or runs[-1] != key:
            runs.append(key)
    assert len(headings) == len(runs)
    assert headings[0].startswith("Egypt")
    articles = [e.attrs["id"] for e in tree.all("article")]
    assert articles == [f"incident-{n}" for n in range(1, len(brief.incidents) + 1)]


def test_html_says_which_extractor_made_the_brief():
    tree = Tree(render_html(sample_brief()))
    meta = tree.all("p", class_="meta lexicon")
    assert meta and "offline lexicon extractor" in meta[0].text


def test_html_article_text_never_becomes_markup():
    item, review = hostile_incident()
    page = render_html(make_brief([item], review))
    tree = Tree(page)
    assert not tree.all("script") and not tree.all("img")
    assert all(not k.startswith("on") for e in tree.root.iter() for k in e.attrs)
    assert "javascript:" not in " ".join(str(e.attrs.get("href")) for e in tree.all("a"))
    assert CANARY not in tree.all("title")[0].text
    body = tree.all("main")[0].text
    assert "<script>document.title=" in body  # shown, as text
    assert 'onerror="document.body' in body
    assert "[click me](javascript:" in body  # Markdown syntax from the article stays text
    assert "**bold**" in body and "| pipe" in body
    assert "\u202e" not in page
    assert not tree.all("strong", id=None) or all(e.text != "bold" for e in tree.all("strong"))
    assert not [e for e in tree.all("a") if e.text == "click me"]


def test_sanitize_strips_what_the_allowlist_does_not_name():
    dirty = (
        '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">j</a>'
        '<a href="https://ok.example.org/">ok</a><span dir="rtl" lang="ar" style="color:red">ب</span>'
        '<iframe src="https://evil.example.org"></iframe><img src=x onerror=alert(1)></p>'
    )
    clean_html = sanitize(dirty)
    assert "script" not in clean_html and "onclick" not in clean_html and "onerror" not in clean_html
    assert "javascript" not in clean_html and "iframe" not in clean_html and "style=" not in clean_html
    assert 'href="https://ok.example.org/"' in clean_html and 'dir="rtl" lang="ar"' in clean_html


def test_html_summary_is_markdown_rendered_by_the_package_with_article_markup_kept_literal():
    item, _ = hostile_incident()
    page = render_html(make_brief([item]))
    summary = re.search(r'<div class="summary">(.*?)</div>', page, flags=re.S).group(1)
    assert summary.startswith("<p>Three killed [click me](") and summary.endswith("</p>")
    assert "**bold**" in summary and "<strong>" not in summary and "<a " not in summary and "<script" not in summary
    assert prose_html("An *emphasised* word") == "<p>An <em>emphasised</em> word</p>"  # it is the markdown package
