"""Incidents across articles: which reports are one event, and how their figures combine."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from functools import cache

from briefs.acled import CountCategory, GeoPrecision, TimePrecision
from briefs.brief.merge import (
    Report,
    _Features,
    _Group,
    brief_incident,
    merge_reports,
)
from briefs.brief.model import BriefHeadline
from briefs.domain import BriefSource, Incident
from briefs.extract.lexicon import LexiconExtractor
from briefs.inputs import ArticleText
from briefs.matching import place_key, same_place_keys
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

DAY = ROOT / "briefs" / "samples" / "day" / "2024-03-14.jsonl"


@cache
def mayadin() -> Incident:
    """The lexicon's incident for the sample 'five soldiers killed near al-Mayadin' article."""
    record = json.loads(DAY.read_text(encoding="utf-8").splitlines()[0])
    result = LexiconExtractor().extract(ArticleText(**record)).result
    assert result is not None
    incident = result.incidents[0]
    assert [(c.category, c.value) for c in incident.counts] == [("killed", 5), ("wounded", 8)]
    return incident


def variant(
    *,
    killed: int | None = None,
    grounding: str = "supported",
    day: str | None = None,
    place: str | None = None,
    admin1: str | None = None,
    precision: TimePrecision | None = None,
    inter: dict[str, int] | None = None,
) -> Incident:
    incident = mayadin()

    def figure(count, value):
        same = {name: value for name in ("value", "low", "high") if getattr(count, name) is not None}
        return count.model_copy(update={**same, "grounding": grounding})

    counts = [
        figure(c, killed if killed is not None else c.value) if c.category == "killed" else c for c in incident.counts
    ]
    location = incident.location.model_copy(update={k: v for k, v in {"name_en": place, "admin1": admin1}.items() if v})
    actors = [a.model_copy(update={"inter": (inter or {}).get(a.role.value, a.inter)}) for a in incident.actors]
    update = {"counts": counts, "location": location, "actors": actors}
    if day:
        update["event_date"] = date.fromisoformat(day)
    if precision:
        update["time_precision"] = precision
    return incident.model_copy(update=update)


def source(name: str, published: str = "2024-03-14") -> BriefSource:
    return BriefSource(
        article_hash=name * 8,
        article_id=name,
        title=None,
        outlet=name.title(),
        url=None,
        published_at=date.fromisoformat(published),
    )


def test_two_outlets_one_event_disagreeing_figures():
    merged = merge_reports([Report(variant(killed=26), source("a"), 0), Report(variant(killed=35), source("b"), 0)])
    assert len(merged) == 1
    killed = next(c for c in merged[0].counts if c.category is CountCategory.KILLED)
    assert (killed.figure, killed.low, killed.high, killed.verified) == (26, 26, 35, True)
    assert killed.note == "sources differ: 26 vs 35"
    assert sorted(r.figure for r in killed.reports) == [26, 35]
    assert [s.article_id for s in merged[0].sources] == ["a", "b"]
    assert merged[0].merge is not None and "same event type" in merged[0].merge.rule
    assert [r.article_hash for r in merged[0].reports] == ["a" * 8, "b" * 8]
    wounded = next(c for c in merged[0].counts if c.category is CountCategory.WOUNDED)
    assert wounded.note is None and wounded.figure == 8


def test_agreeing_sources_have_no_note_and_a_single_report_no_merge():
    merged = merge_reports([Report(variant(), source("a"), 0), Report(variant(), source("b"), 0)])
    assert [c.note for c in merged[0].counts] == [None, None]
    single = merge_reports([Report(variant(), source("a"), 0)])
    assert single[0].merge is None and len(single[0].reports) == 1


def test_a_verified_figure_wins_over_a_lower_unsupported_one():
    merged = merge_reports(
        [
            Report(variant(killed=35), source("a"), 0),
            Report(variant(killed=10, grounding="unsupported"), source("b"), 0),
        ]
    )
    killed = merged[0].counts[0]
    assert (killed.figure, killed.low, killed.high, killed.verified) == (35, 10, 35, True)
    assert merged[0].needs_review


def test_unverified_figures_stay_out_of_the_headline():
    merged = merge_reports([Report(variant(killed=9, grounding="unsupported"), source("a"), 0)])
    assert not merged[0].counts[0].verified
    headline = BriefHeadline.from_incidents(merged)
    assert (headline.killed, headline.wounded, headline.unverified_figures) == (0, 8, 1)


def test_what_keeps_reports_apart():
    base = Report(variant(), source("a"), 0)
    apart = {
        "another day": Report(variant(day="2024-03-12"), source("b"), 0),
        "another province": Report(variant(admin1="Raqqa"), source("b"), 0),
        "another town": Report(variant(place="Al-Bukamal"), source("b"), 0),
        "another party": Report(variant(inter={"actor1": 3, "actor2": 6}), source("b"), 0),
        "the same article": Report(variant(), source("a"), 1),
    }
    for reason, other in apart.items():
        assert len(merge_reports([base, other])) == 2, reason


def test_what_still_merges():
    base = Report(variant(), source("a"), 0)
    together = {
        "a spelling variant": Report(variant(place="al Mayadeen"), source("b"), 0),
        "a week-precision date within the week": Report(
            variant(day="2024-03-10", precision=TimePrecision.WEEK), source("b"), 0
        ),
        "swapped roles": Report(variant(inter={"actor1": 2, "actor2": 1}), source("b"), 0),
    }
    for reason, other in together.items():
        assert len(merge_reports([base, other])) == 1, reason


def test_place_folding():
    assert place_key("Al-Mayadin") == place_key("al Mayadin") == place_key("Mayadeen") == "mdn"
    assert place_key("Dar'a") == "dr" and place_key("Hajin") != place_key("Hama")


reports = st.lists(
    st.tuples(
        st.sampled_from("abcd"),
        st.integers(0, 2),
        st.sampled_from(["2024-03-13", "2024-03-14"]),
        st.sampled_from(["Al-Mayadin", "Hajin"]),
        st.integers(1, 40),
    ),
    min_size=1,
    max_size=10,
    unique_by=lambda r: (r[0], r[1]),
)


@settings(max_examples=60, deadline=None)
@given(reports, st.randoms(use_true_random=False))
def test_every_report_lands_in_exactly_one_event_whatever_the_order(spec, rng):
    items = [Report(variant(killed=k, day=d, place=p), source(a), i) for a, i, d, p, k in spec]
    merged = merge_reports(items)
    members = [(r.article_hash, r.index) for m in merged for r in m.reports]
    assert sorted(members) == sorted((r.source.article_hash, r.index) for r in items)
    for event in merged:
        articles = [r.article_hash for r in event.reports]
        assert len(articles) == len(set(articles)), "two incidents of one article merged"
        killed = event.counts[0]
        assert killed.low <= killed.figure <= killed.high
    shuffled = items[:]
    rng.shuffle(shuffled)
    again = merge_reports(shuffled)
    assert sorted(sorted((r.article_hash, r.index) for r in m.reports) for m in again) == sorted(
        sorted((r.article_hash, r.index) for r in m.reports) for m in merged
    )


def test_one_attack_told_by_outlets_naming_different_parties_is_counted_once():
    """Ahvaz, 22 September 2018: one outlet names the gunmen and the guards, another the guards and
    the civilians among the dead; one event, one figure in the headline."""
    one = Report(variant(killed=25, inter={"actor1": 3, "actor2": 1}), source("a"), 0)
    other = Report(variant(killed=29, inter={"actor1": 1, "actor2": 7}), source("b"), 0)
    merged = merge_reports([one, other])
    assert len(merged) == 1 and BriefHeadline.from_incidents(merged).killed == 25


def all_pairs_merge(reports: list[Report]) -> list:
    """The merge without its index (before issue 16): each report is tried against every group of its
    block, same-key groups first, then the fuzzy matches, each in the order they were opened."""
    blocks: dict[tuple, list[_Group]] = defaultdict(list)
    groups = []
    for report in sorted(reports, key=lambda r: (r.day, r.source.article_hash, r.index)):
        location = report.incident.location
        block = blocks[(report.incident.event_type, location.country, location.admin1 or "")]
        features = _Features.of(report.incident)
        if features.region:
            candidates = [g for g in block if g.place.region]
        else:
            exact = [g for g in block if not g.place.region and features.place and g.place.place == features.place]
            candidates = exact + [
                g
                for g in block
                if not g.place.region
                and all(g is not e for e in exact)
                and same_place_keys(features.place, g.place.place)
            ]
        chosen = next((g for g in candidates if g.admits(report, features)), None)
        if chosen is None:
            chosen = _Group(features)
            block.append(chosen)
            groups.append(chosen)
        chosen.add(report, features)
    return [brief_incident(g.reports) for g in groups]


# The same key (Mayadin, Mayadeen; Ras al-Ain, Ras al-Ayn, Ras al Ein), fuzzy matches only (Jebel Salloum
# ~ Salloum), and places apart.
SPELLINGS = [
    "Al-Mayadin",
    "Mayadeen",
    "Hajin",
    "Hama",
    "Ras al-Ain",
    "Ras al-Ayn",
    "Ras al Ein",
    "Salloum",
    "Jebel Salloum",
]
DAYS = [
    "2024-01-01",
    "2024-01-02",
    "2024-01-08",
    "2024-01-30",
    "2024-01-31",
    "2024-02-01",
    "2024-02-07",
    "2024-02-29",
    "2024-03-01",
    "2024-03-02",
    "2024-03-31",
    "2024-04-01",
]
scattered = st.lists(
    st.tuples(
        st.sampled_from("abcdefgh"),
        st.integers(0, 2),
        st.sampled_from(DAYS),
        st.sampled_from(SPELLINGS),
        st.sampled_from([None, "Deir ez-Zor"]),
        st.sampled_from(list(TimePrecision)),
        st.sampled_from(list(GeoPrecision)),
        st.sampled_from([None, {"actor1": 1}, {"actor1": 3, "actor2": 7}]),
    ),
    min_size=1,
    max_size=40,
    unique_by=lambda r: (r[0], r[1]),
)


@settings(max_examples=100, deadline=None)
@given(scattered)
def test_the_indexed_merge_finds_what_trying_every_group_finds(spec):
    items = []
    for article, index, day, place, admin1, precision, geo, inter in spec:
        incident = variant(day=day, place=place, admin1=admin1, precision=precision, inter=inter)
        incident = incident.model_copy(update={"location": incident.location.model_copy(update={"geo_precision": geo})})
        items.append(Report(incident, source(article), index))
    assert [m.model_dump() for m in merge_reports(items)] == [m.model_dump() for m in all_pairs_merge(items)]


def test_a_place_first_seen_after_a_name_was_looked_up_is_still_found_by_that_name():
    # A (Ras al-Ayn) and B (Jebel Ras al-Ayn, a fuzzy match, not the same key) are two incidents of one
    # article; C names Ras al-Ayn again, its parties those of B: it joins B, which opened after the
    # name "ras al ayn" had been looked up.
    def at(place: str, inter: int, second: int) -> Incident:
        return variant(place=place, inter={"actor1": inter, "actor2": second})

    a = Report(at("Ras al-Ayn", 1, 1), source("a"), 0)
    b = Report(at("Jebel Ras al-Ayn", 3, 3), source("a"), 1)
    c = Report(at("Ras al-Ayn", 3, 7), source("b"), 0)
    merged = merge_reports([a, b, c])
    assert [[(r.article_hash, r.index) for r in m.reports] for m in merged] == [
        [("a" * 8, 0)],
        [("a" * 8, 1), ("b" * 8, 0)],
    ]
    assert [m.model_dump() for m in merged] == [m.model_dump() for m in all_pairs_merge([a, b, c])]
