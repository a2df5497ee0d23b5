"""The offline lexicon extractor: quality on the gold incidents, and behaviour on real articles."""

from __future__ import annotations

import re

import pytest
from briefs.evals import metrics
from briefs.evals.records import CaseResult
from briefs.extract.lexicon import LexiconExtractor
from briefs.grounding.checker import FAILING
from briefs.inputs import ArticleText

from .conftest import DATASETS, SHARED, needs_shared, read_jsonl

GOLD = read_jsonl(DATASETS / "incidents.jsonl")
# The targets, which the suite holds the extractor to, and a floor for dates.
TARGETS = {"event type": 0.80, "country+admin1": 0.85, "counts exact": 0.80}
FLOORS = {**TARGETS, "date at gold precision": 0.85}


@pytest.fixture(scope="module")
def extractor():
    return LexiconExtractor()


# The figures come from the eval harness's own scoring (briefs.evals.metrics), the same code as
# `briefs eval run lexicon`: the label printed here → the metric's name there.
FIGURES = {
    "event type": "event_type",
    "country+admin1": "admin1",
    "counts exact": "counts",
    "date at gold precision": "date",
}


def evaluate(extractor) -> dict[str, float | None]:
    by_case = {}
    for case in GOLD:
        article = ArticleText(
            id=case["id"], text=case["text"], published_at=case["published_at"], outlet=case.get("outlet")
        )
        scores, checks = metrics.score_extraction(case, extractor.extract(article).result)
        by_case[case["id"]] = [CaseResult(case_id=case["id"], repeat=1, scores=scores, checks=checks, error=None)]
    figures = {label: metrics.aggregate(by_case, metrics.metric_def(name)) for label, name in FIGURES.items()}
    for category in sorted({c["category"] for case in GOLD for i in case["incidents"] for c in i["counts"]}):
        figures[f"counts exact: {category}"] = metrics.aggregate(by_case, metrics.metric_def(f"counts.{category}"))
    return figures


def test_quality_on_the_gold_incidents(extractor):
    figures = evaluate(extractor)
    print(f"\nlexicon extractor on {len(GOLD)} gold reports, {sum(len(c['incidents']) for c in GOLD)} incidents:")
    for name, value in figures.items():
        target = TARGETS.get(name)
        print(
            f"  {name:28s} {value:6.1%}"
            + (f"   target {target:.0%}: {'PASS' if value >= target else 'MISS'}" if target else "")
        )
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, f"{name} fell to {figures[name]:.1%} (floor {floor:.0%})"


def test_gold_set_is_big_enough():
    assert len(GOLD) >= 40


def test_every_summary_number_is_supported(extractor):
    """The templates state only figures the article states: the checker finds nothing to flag."""
    for case in GOLD:
        result = extractor.extract(
            ArticleText(id=case["id"], text=case["text"], published_at=case["published_at"])
        ).result
        failing = [n.text for n in result.grounding.numbers if n.status in FAILING]
        assert failing == [], f"{case['id']}: {failing} in {[s.text_en for s in result.summary]}"


@needs_shared
def test_the_seed_article_gives_the_raid_with_its_counts_place_and_actors(extractor):
    text = (SHARED / "seeds" / "004_1e19c6afa12d2738.txt").read_text(encoding="utf-8")
    result = extractor.extract(ArticleText(id="004", text=text, published_at="2021-12-14")).result
    raid = result.incidents[0]
    assert str(raid.event_date) == "2021-12-13"
    assert raid.location.country == "SYR" and raid.location.admin1 == "Deir ez-Zor"
    assert [(str(c.category), c.value) for c in raid.counts] == [("killed", 5)]
    names = {a.name_en for a in raid.actors}
    assert any("SDF" in n for n in names) and any("Islamic State" in n for n in names)
    assert result.extractor == "lexicon"


@needs_shared
@pytest.mark.parametrize(
    "name", sorted(p.name for p in (SHARED / "corpus" / "ant").glob("*.txt")) if SHARED.is_dir() else []
)
def test_real_articles_run_clean(extractor, name):
    raw = (SHARED / "corpus" / "ant" / name).read_text(encoding="utf-8").split("\n")
    published = re.search(r"(\d{8})\.txt", raw[0])
    when = f"{published.group(1)[:4]}-{published.group(1)[4:6]}-{published.group(1)[6:]}" if published else None
    outcome = extractor.extract(ArticleText(id=name, text="\n".join(raw[2:]), published_at=when))
    result = outcome.result
    assert result is not None
    assert [n.text for n in result.grounding.numbers if n.status in FAILING] == []
