"""Benchmark of the store, the pipeline and the brief (issue 5).

1. `briefs run` over 1,000 articles with the lexicon extractor, end to end (the command in its own
   process: reading the JSONL, storing, extracting, saving). Baseline in the same run: the lexicon
   extractor alone over the same articles, in process, no store. Target: at least 100 articles/s.
2. A brief for one day with 1,000 incidents from 5,000 articles (each event told by five outlets,
   figures differing): build (query, merge, order) and render as JSON, Markdown and HTML. Baseline:
   reading the 5,000 incident rows alone. Target: at most 1 s for build + render.

Run: .venv/bin/python bench/bench_pipeline.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.goals import Goal, record  # noqa: E402
from briefs.brief.build import build_brief  # noqa: E402
from briefs.brief.render import render  # noqa: E402
from briefs.extract.lexicon import LexiconExtractor  # noqa: E402
from briefs.inputs import ArticleText  # noqa: E402
from briefs.store import Finished, NewArticle, RunConfig, Store  # noqa: E402
from tests.test_pipeline import many_articles  # noqa: E402

DAY = date(2024, 3, 13)


def bench_run(workdir: Path) -> None:
    records = many_articles(1000)
    batch = workdir / "articles.jsonl"
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    extractor = LexiconExtractor()
    started = time.perf_counter()
    for item in records:
        extractor.extract(ArticleText(**item))
    alone = time.perf_counter() - started
    env = {**os.environ, "BRIEFS_DATABASE_URL": f"sqlite:///{workdir / 'run.db'}"}
    env.pop("BRIEFS_MODEL", None)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "briefs", "run", str(batch), "--quiet"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    assert done.returncode == 0 and "done: 1000 article(s)" in done.stdout, done.stdout + done.stderr
    rate = 1000 / wall
    print("briefs run, 1,000 articles, lexicon extractor (SQLite)")
    print(f"  extractor alone, in process (baseline): {1000 / alone:7.1f} articles/s  ({alone:.2f} s)")
    print(
        f"  briefs run end to end (own process)   : {rate:7.1f} articles/s  ({wall:.2f} s; "
        f"{rate / (1000 / alone):.2f}× the baseline's rate)"
    )
    record(
        Goal(
            bench="bench_pipeline.py",
            name="briefs run, 1,000 articles",
            target=100,
            measured=round(rate, 1),
            unit="articles/s",
            mode="cold",
            times="briefs run end to end in its own process (start-up, store, lexicon extractor)",
            higher_is_better=True,
            reason=f"the extractor alone does {1000 / alone:.0f} articles/s in this run; "
            f"load average {os.getloadavg()[0]:.1f}",
        )
    )


def town_name(number: int) -> str:
    """Distinct, unlike names (Town 0001 and Town 0008 would be one place to a fuzzy match)."""
    syllables = [
        "ka",
        "rum",
        "shi",
        "dal",
        "bu",
        "ter",
        "mis",
        "qa",
        "zor",
        "fen",
        "ha",
        "lub",
        "nu",
        "jib",
        "wa",
        "sor",
    ]
    return "".join(syllables[(number >> shift) & 15] for shift in (0, 4, 8)).title() + f"-{number}"


def seed_day(store: Store, events: int = 1000, outlets: int = 5) -> None:
    """`events` incidents on one day, each told by `outlets` articles whose killed figures differ."""
    extractor = LexiconExtractor()
    templates = []
    for line in (ROOT / "briefs" / "samples" / "day" / "2024-03-14.jsonl").read_text(encoding="utf-8").splitlines():
        result = extractor.extract(ArticleText(**json.loads(line))).result
        assert result is not None
        # Province-only reports of one day and province are one event by the merge rule: leave them out.
        templates += [(result, incident) for incident in result.incidents if incident.location.geo_precision < 3]
    articles, finished = [], []
    for event in range(events):
        result, incident = templates[event % len(templates)]
        location = incident.location.model_copy(update={"name_en": town_name(event)})
        for outlet in range(outlets):
            shift = outlet % 2
            counts = [
                c.model_copy(
                    update={k: getattr(c, k) + shift for k in ("value", "low", "high") if getattr(c, k) is not None}
                )
                for c in incident.counts
            ]
            variant = incident.model_copy(update={"location": location, "counts": counts, "event_date": DAY})
            article_hash = f"{event:06d}{outlet:02d}".ljust(64, "0")
            articles.append(
                NewArticle(
                    article_hash=article_hash,
                    external_id=f"a{event}-{outlet}",
                    text=incident.evidence_ar[0],
                    outlet=f"Outlet {outlet}",
                    published_at=DAY,
                )
            )
            finished.append(result.model_copy(update={"article_hash": article_hash, "incidents": [variant]}))
    config = RunConfig("lexicon")
    store.queue.ingest(articles, config)
    claimed = store.queue.claim("bench:1:x", config=config, limit=len(articles))
    by_hash = {a.article_hash: r for a, r in zip(articles, finished, strict=True)}
    outcomes = [Finished(c.run_id, 1.0, result=by_hash[c.article.article_hash]) for c in claimed]
    for start in range(0, len(outcomes), 1000):
        store.queue.finish("bench:1:x", outcomes[start : start + 1000])


def timed(function, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bench_brief(workdir: Path) -> None:
    url = f"sqlite:///{workdir / 'brief.db'}"
    store = Store(url)
    seed_day(store)
    brief = build_brief(store, DAY)
    assert brief.headline.incidents == 1000 and sum(len(i.sources) for i in brief.incidents) == 5000, brief.headline
    # Cold: a new Store parses every stored incident; warm: a Store that built a brief before keeps them parsed.
    read = timed(lambda: Store(url).reports.between(DAY, DAY))
    cold = timed(lambda: build_brief(Store(url), DAY))
    warm = timed(lambda: build_brief(store, DAY))
    renders = {fmt: timed(lambda fmt=fmt: render(brief, fmt)) for fmt in ("json", "md", "html")}
    print("brief for one day: 1,000 incidents from 5,000 articles (median of 5)")
    print(f"  reading the 5,000 incident rows, cold (baseline): {read * 1000:6.0f} ms")
    print(
        f"  build_brief (read, merge, order), cold          : {cold * 1000:6.0f} ms  ({cold / read:.2f}× the baseline)"
    )
    print(
        f"  build_brief, warm (incidents already parsed)    : {warm * 1000:6.0f} ms  ({warm / read:.2f}× the baseline)"
    )
    for fmt, seconds in renders.items():
        print(
            f"  + render {fmt:<4}: {seconds * 1000:4.0f} ms → cold {(cold + seconds) * 1000:5.0f} ms, warm "
            f"{(warm + seconds) * 1000:5.0f} ms"
        )
    for mode, build in (("cold", cold), ("warm", warm)):
        record(
            Goal(
                bench="bench_pipeline.py",
                name="brief of 1,000 events from 5,000 articles, built and rendered in HTML",
                target=1000,
                measured=round((build + renders["html"]) * 1000),
                unit="ms",
                mode=mode,
                times="build_brief then render html" + (" in a new Store" if mode == "cold" else ""),
                reason=f"reading the 5,000 rows alone takes {read * 1000:.0f} ms, the HTML render "
                f"{renders['html'] * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}",
            )
        )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as directory:
        if "--brief-only" not in sys.argv:
            bench_run(Path(directory))
            print()
        bench_brief(Path(directory))
