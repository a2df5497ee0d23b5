"""Benchmark of the store, the pipeline and the brief (issue 5).

1. `briefs run` over 1,000 articles with the lexicon extractor, end to end (the command in its own
   process: reading the JSONL, storing, extracting, saving). Baseline in the same run: the lexicon
   extractor alone over the same articles, in process, no store. Target: at least 100 articles/s.
2. A brief for one day with 1,000 incidents from 5,000 articles (each event told by five outlets,
   figures differing; each event's summary names its town and each outlet's figures are quoted in
   words of its own, so that no cache of the renderer sees a text twice): build (query, merge, order)
   and render as HTML, Markdown and JSON, build and render apart, in fresh processes. Cold is the
   first build and the first render of a process (loading the map's boundaries, building the
   Markdown converter, and the garbage collector's first pass over what the build made); warm is a
   Store that built before and a process that rendered before, each summary new to it. Wall, CPU and
   garbage-collection time apart, and the output's digest. Baseline: reading the 5,000 incident rows
   alone; `--baseline REV` runs the same processes on another revision (a temporary worktree, the
   same store) and says whether its output is byte-identical. Target: at most 1 s of CPU for build + render
   (wall time beside it: on a shared machine it measures the load).

Run: .venv/bin/python bench/bench_pipeline.py [--brief-only] [--baseline REV]
"""

from __future__ import annotations

import argparse
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
    """`events` incidents on one day, each told by `outlets` articles (with a headline and a URL) whose
    killed figures differ; each event's summary names its town, each article quotes its figures in
    words of its own."""
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
        town = town_name(event)
        location = incident.location.model_copy(update={"name_en": town})
        notes = incident.notes_en.replace(incident.location.name_en, town)
        for outlet in range(outlets):
            shift = outlet % 2
            counts = []
            for c in incident.counts:
                words = f"{c.evidence_ar} ({town}، {outlet})"
                figures = {k: getattr(c, k) + shift for k in ("value", "low", "high") if getattr(c, k) is not None}
                evidence = c.evidence.model_copy(update={"text": words})
                counts.append(c.model_copy(update={**figures, "evidence_ar": words, "evidence": evidence}))
            variant = incident.model_copy(
                update={"location": location, "counts": counts, "event_date": DAY, "notes_en": notes}
            )
            article_hash = f"{event:06d}{outlet:02d}".ljust(64, "0")
            articles.append(
                NewArticle(
                    article_hash=article_hash,
                    external_id=f"a{event}-{outlet}",
                    text=incident.evidence_ar[0],
                    title=f"{incident.evidence_ar[0]} في {town}",
                    outlet=f"Outlet {outlet}",
                    url=f"https://outlet-{outlet}.example.org/{DAY:%Y/%m}/{event:04d}?ref=brief&lang=ar",
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


# One fresh process of the brief bench, run as `python -c BRIEF_CHILD ROOT URL DAY` with ROOT this tree or
# a baseline's: it imports only what every revision has (build_brief, render, Store) and prints JSON.
BRIEF_CHILD = r"""
import gc, hashlib, json, sys, time
root, url, day = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, root)
from datetime import UTC, date, datetime
from briefs.brief import render as R
from briefs.brief.build import build_brief
from briefs.store import Store

day = date.fromisoformat(day)
collected, started = [0.0], [0.0]


def on_gc(phase, info):
    if phase == "start":
        started[0] = time.process_time()
    else:
        collected[0] += time.process_time() - started[0]


gc.callbacks.append(on_gc)
figures = {}


def timed(name, function, repeat=1):
    for _ in range(repeat):
        collected[0] = 0.0
        wall, cpu = time.perf_counter(), time.process_time()
        out = function()
        sample = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "gc": collected[0]}
        if name not in figures or sample["cpu"] < figures[name]["cpu"]:
            figures[name] = sample
    return out


def new_summaries():
    clear = getattr(getattr(R, "prose_html", None), "cache_clear", None)
    if clear:  # each summary new to the process, as in the next day's brief
        clear()


brief = timed("build cold", lambda: build_brief(Store(url), day))
store = Store(url)
brief = brief.model_copy(update={"generated_at": datetime(2024, 1, 1, tzinfo=UTC)})
html = timed("render html cold", lambda: R.render(brief, "html"))
digests = {"html": hashlib.sha256(html.encode()).hexdigest()}
for fmt in ("md", "json"):
    digests[fmt] = hashlib.sha256(R.render(brief, fmt).encode()).hexdigest()
timed("build warm", lambda: build_brief(store, day), repeat=2)
for fmt in ("html", "md", "json"):
    for _ in range(2):
        new_summaries()
        timed(f"render {fmt} warm", lambda: R.render(brief, fmt))
timed("read rows", lambda: Store(url).reports.between(day, day))
print(json.dumps({"figures": figures, "digests": digests, "incidents": len(brief.incidents)}))
"""

BRIEF_ROWS = [  # (label, figure): the table's rows, in order
    ("build cold (new process, new Store)", "build cold"),
    ("render html cold (first of the process)", "render html cold"),
    ("build warm (a Store that built before)", "build warm"),
    ("render html warm (new summaries)", "render html warm"),
    ("render md warm", "render md warm"),
    ("render json warm", "render json warm"),
    ("reading the 5,000 rows (baseline)", "read rows"),
]


def brief_processes(root: Path, url: str, repeats: int) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """The median of each figure over `repeats` fresh processes of the tree at `root`; and the digests."""
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-c", BRIEF_CHILD, str(root), url, DAY.isoformat()],
            cwd=root,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert all(run["incidents"] == 1000 for run in runs), [run["incidents"] for run in runs]
    assert len({json.dumps(run["digests"], sort_keys=True) for run in runs}) == 1, "the output differs between runs"
    medians = {
        name: {key: statistics.median(run["figures"][name][key] for run in runs) for key in ("wall", "cpu", "gc")}
        for name in runs[0]["figures"]
    }
    return medians, runs[0]["digests"]


def bench_brief(workdir: Path, repeats: int = 3, baseline: str | None = None) -> None:
    db = workdir / "brief.db"
    url = f"sqlite:///{db}"
    store = Store(url)
    seed_day(store)
    brief = build_brief(store, DAY)
    assert brief.headline.incidents == 1000 and sum(len(i.sources) for i in brief.incidents) == 5000, brief.headline
    assert len({i.incident.notes_en for i in brief.incidents}) == 1000, "every event's summary is its own"
    del store, brief
    after, digests = brief_processes(ROOT, url, repeats)
    before: dict[str, dict[str, float]] = {}
    baseline_digests: dict[str, str] = {}
    if baseline:
        with tempfile.TemporaryDirectory() as scratch:
            tree = Path(scratch) / "baseline"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), baseline],
                check=True,
                capture_output=True,
            )
            try:
                copy = Path(scratch) / "brief.db"
                copy.write_bytes(db.read_bytes())
                before, baseline_digests = brief_processes(tree, f"sqlite:///{copy}", repeats)
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True
                )
    print(f"brief for one day: 1,000 incidents from 5,000 articles (median of {repeats} fresh processes; ms)")
    print(
        f"  {'':42} {'wall':>7} {'CPU':>7} {'of it GC':>9}" + (f"  {'baseline CPU':>12} {'ratio':>6}" if before else "")
    )
    for label, name in BRIEF_ROWS:
        f = after[name]
        line = f"  {label:42} {f['wall'] * 1000:7.0f} {f['cpu'] * 1000:7.0f} {f['gc'] * 1000:9.0f}"
        if before:
            line += f"  {before[name]['cpu'] * 1000:12.0f} {f['cpu'] / before[name]['cpu']:5.2f}×"
        print(line)
    for mode in ("cold", "warm"):
        build, rendered = after[f"build {mode}"], after[f"render html {mode}"]
        wall, cpu = (build["wall"] + rendered["wall"]) * 1000, (build["cpu"] + rendered["cpu"]) * 1000
        print(
            f"  build + render html, {mode}: {wall:5.0f} ms wall, {cpu:5.0f} ms CPU (build "
            f"{build['cpu'] * 1000:.0f}, render {rendered['cpu'] * 1000:.0f})"
        )
        record(
            Goal(
                bench="bench_pipeline.py",
                name="brief of 1,000 events from 5,000 articles, built and rendered in HTML",
                target=1000,
                measured=round(cpu),
                unit="ms",
                mode=mode,
                # CPU time, as the other build goals: on a shared machine the wall time measures its load
                times="CPU time of build_brief then render html, each in a fresh process"
                + (" (first build and render of the process)" if mode == "cold" else " that built and rendered before"),
                reason=f"CPU build {build['cpu'] * 1000:.0f} + render {rendered['cpu'] * 1000:.0f} ms, of it garbage "
                f"collection {(build['gc'] + rendered['gc']) * 1000:.0f} ms; wall {wall:.0f} ms "
                f"(build {build['wall'] * 1000:.0f} + render {rendered['wall'] * 1000:.0f}); "
                f"reading the 5,000 rows alone {after['read rows']['cpu'] * 1000:.0f} ms CPU; load average "
                f"{os.getloadavg()[0]:.1f}",
            )
        )
    print("  output digests (sha256): " + ", ".join(f"{fmt} {digest[:12]}" for fmt, digest in digests.items()))
    if before:
        same = "byte-identical" if baseline_digests == digests else "DIFFERENT"
        print(f"  against {baseline} (same store, same run): output {same}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--brief-only", action="store_true", help="only the brief (part 2)")
    parser.add_argument("--baseline", metavar="REV", help="also time the brief on this git revision")
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes per brief figure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        if not args.brief_only:
            bench_run(Path(directory))
            print()
        bench_brief(Path(directory), args.repeats, args.baseline)
