"""Benchmark of the names check (places, actors, days) inside the grounding check.

Run with `make bench` (or `.venv/bin/python bench/bench_names.py`). It reads the 20 ANT corpus articles
(Chouigui, Ben Khiroun and Elayeb; antcorpus.github.io) from ../shared/corpus/ant with the project's
English summaries of them in bench/summaries.jsonl; where ../shared is absent it says so and exits 0.

What it times, on one core of one process, per ~1,000-word source (composites of articles, each made
new to the per-source memos by a distinct run of trailing whitespace; the same 20 articles' words come
back in every composite, so the per-word caches are warm after the first source: this bench compares
names against numbers, and `bench_grounding.py` times the truly cold check on articles new to the process):
- startup: the first names check in the process (the gazetteer, actor dictionary and indexes load);
- new source ("cold" below; word caches warm): `check(source, summary)` (numbers and names) on a source
  no call has seen, and its names part
  alone (`check_names`), against the baseline of the same run: the number check alone (`check(...,
  only numbers)` is the check without names: `source_numbers` + the English numbers judged);
- warm: a second, different summary against a source already checked (the per-source work cached).
The target: a full check stays within 5 ms per 1,000-word article, names included.

Options: --quick (fewer repeats), --json FILE (write the figures as JSON).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.goals import Goal, record  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ant"
SUMMARIES = Path(__file__).resolve().parent / "summaries.jsonl"
TARGET_MS_PER_1K_WORDS = 5.0
_fresh = itertools.count(1)


def fresh(text: str) -> str:
    """The text made new to every cache: a distinct tail of spaces and tabs."""
    n = next(_fresh)
    return text + "\n" + "".join(" \t"[int(bit)] for bit in bin(n)[2:])


def composites(articles: list[str], words: int = 1000) -> list[str]:
    """Sources of about `words` words, each starting at another article."""
    out = []
    for first in range(len(articles)):
        parts, count = [], 0
        for article in itertools.islice(itertools.cycle(articles), first, first + len(articles)):
            parts.append(article)
            count += len(article.split())
            if count >= words:
                break
        out.append("\n".join(parts))
    return out


def ms(start: int) -> float:
    return (time.perf_counter_ns() - start) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"bench_names: {CORPUS} is not here (../shared beside the project); nothing to time")
        return 0
    pairs = [json.loads(line) for line in SUMMARIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = {
        p["article"]: (CORPUS / p["article"]).read_text(encoding="utf-8")
        for p in pairs
        if (CORPUS / p["article"]).is_file()
    }
    pairs = [p for p in pairs if p["article"] in articles]
    summaries = [p["summary"] for p in pairs]
    sources = composites(list(articles.values()))
    rounds = 1 if args.quick else 5

    started = time.perf_counter_ns()
    from briefs.grounding.checker import _judge, annotate, check, find_english_numbers, source_numbers
    from briefs.grounding.names import check_names

    imported = ms(started)
    started = time.perf_counter_ns()
    check_names(fresh(sources[0]), summaries[0])
    startup = ms(started)

    def numbers_only(source: str, summary: str) -> None:
        numbers = source_numbers(source)
        for claim in annotate(find_english_numbers(summary), summary, "en"):
            _judge(claim, numbers)

    timings: dict[str, list[float]] = {
        "numbers_cold": [],
        "full_cold": [],
        "names_cold": [],
        "full_warm": [],
        "names_warm": [],
    }
    words: list[int] = []
    gc.disable()
    for _ in range(rounds):
        for i, base in enumerate(sources):
            summary, other = summaries[i % len(summaries)], summaries[(i + 1) % len(summaries)]
            per_k = 1000 / len(base.split())
            words.append(len(base.split()))
            source = fresh(base)
            t = time.perf_counter_ns()
            numbers_only(source, summary)
            timings["numbers_cold"].append(ms(t) * per_k)
            source = fresh(base)
            t = time.perf_counter_ns()
            check(source, summary)
            timings["full_cold"].append(ms(t) * per_k)
            t = time.perf_counter_ns()
            check(source, other)
            timings["full_warm"].append(ms(t) * per_k)
            source = fresh(base)
            t = time.perf_counter_ns()
            check_names(source, summary)
            timings["names_cold"].append(ms(t) * per_k)
            t = time.perf_counter_ns()
            check_names(source, other)
            timings["names_warm"].append(ms(t) * per_k)
    gc.enable()

    medians = {k: statistics.median(v) for k, v in timings.items()}
    p95 = {k: sorted(v)[int(0.95 * (len(v) - 1))] for k, v in timings.items()}
    figures = {
        "sources": len(sources),
        "rounds": rounds,
        "median_words": statistics.median(words),
        "import_ms": round(imported, 1),
        "startup_first_names_check_ms": round(startup, 1),
        "ms_per_1k_words_median": {k: round(v, 3) for k, v in medians.items()},
        "ms_per_1k_words_p95": {k: round(v, 3) for k, v in p95.items()},
        "full_over_numbers_cold": round(medians["full_cold"] / medians["numbers_cold"], 2),
        "target_ms_per_1k_words": TARGET_MS_PER_1K_WORDS,
        "full_cold_within_target": medians["full_cold"] <= TARGET_MS_PER_1K_WORDS,
    }
    print(
        f"names check on {len(sources)} ~{figures['median_words']:.0f}-word sources x {rounds} rounds (ms per "
        "1,000 words, median / p95)"
    )
    print(f"  first names check in the process (dictionaries load): {startup:.1f} ms; import {imported:.0f} ms")
    labels = {
        "numbers_cold": "numbers only, new source (baseline)",
        "full_cold": "numbers + names, new source",
        "names_cold": "names alone, new source",
        "full_warm": "numbers + names, warm source",
        "names_warm": "names alone, warm source",
    }
    for key, label in labels.items():
        print(f"  {label:34} {medians[key]:7.3f} / {p95[key]:7.3f}")
    print(
        f"  full / numbers-only (cold): {figures['full_over_numbers_cold']}x; target {TARGET_MS_PER_1K_WORDS} "
        "ms per 1,000 words: "
        f"{'met' if figures['full_cold_within_target'] else 'MISSED'}"
    )
    record(
        Goal(
            bench="bench_names.py",
            name="check with names per 1,000 words",
            target=TARGET_MS_PER_1K_WORDS,
            measured=round(medians["full_cold"], 1),
            unit="ms",
            mode="new source, warm words",
            times=f"check of {len(sources)} ~1,000-word composites of the 20 ANT articles",
            reason=f"numbers alone take {medians['numbers_cold']:.1f} ms in the same run, names "
            f"{medians['names_cold']:.1f} ms: both pure-Python scans (see bench_grounding's cold row)",
        )
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
