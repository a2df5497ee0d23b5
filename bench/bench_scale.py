"""Scaling benchmark (issue 16): what a brief costs as the store grows.

Stores of 1k, 10k and 50k incidents (`--sizes` to change; 1M with `--sizes 1000000`, see README for
its time), ~100 incidents a day (so 10 to 500 days), made by bench/seed.py from real lexicon results
copied into new articles. For each store, each measurement runs in a fresh process (nothing cached,
nothing imported before it starts):
  - full: `build_brief` over the store's whole date range, cold (first build of the process: the
    store's parsed-incident cache empty) then warm (the same build again);
  - day: `build_brief` of one day in the middle of the range, cold then warm;
  - peak memory added by the cold full build (ru_maxrss after minus before).
It times `build_brief` alone (the store's queries, parsing, merge, totals, review), not rendering.

Before/after in one run: the same measurements on the code of `--baseline REV` (default: the merge
base with main), checked out in a temporary `git worktree` and run with the same interpreter on the
same stores. Pass/fail: the build time per incident at the largest store within 1.5× the smallest's
("flat per unit"), and the day brief at the largest store within 1.5× the smallest's (the brief of a
day costs the day, not the store). Targets: cold full build of 50k ≤ 2 s in ≤ 500 MiB.

Run: .venv/bin/python bench/bench_scale.py [--sizes 1000 10000 50000] [--baseline REV | --no-baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_DAY = 100
FLAT = 1.5  # the most the cost per unit may grow from the smallest store to the largest
TARGET_COLD_50K_S, TARGET_MIB = 2.0, 500


def measure(url: str, first: date, last: date, day: date) -> dict:
    """In a fresh process: open the store, then full cold/warm and day cold/warm builds."""
    from briefs.brief.build import build_brief
    from briefs.store import Store

    def timed(build) -> tuple[float, object]:
        started = time.perf_counter()
        brief = build()
        return (time.perf_counter() - started) * 1000, brief

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    store = Store(url)
    opened = (time.perf_counter() - started) * 1000
    if os.environ.get("BENCH_SCALE_PART") == "day":
        cold, brief = timed(lambda: build_brief(store, day))
        warm, _ = timed(lambda: build_brief(store, day))
        return {"open_ms": opened, "day_cold_ms": cold, "day_warm_ms": warm, "day_incidents": len(brief.incidents)}
    cold, brief = timed(lambda: build_brief(store, first, last))
    mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
    warm, again = timed(lambda: build_brief(store, first, last))
    digest = again.model_dump_json(exclude={"generated_at"})
    import hashlib

    return {
        "open_ms": opened,
        "full_cold_ms": cold,
        "full_warm_ms": warm,
        "full_mib": mib,
        "merged": len(brief.incidents),
        "digest": hashlib.sha256(digest.encode()).hexdigest()[:16],
    }


def run_measure(tree: Path, url: str, first: date, last: date, day: date, part: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "BENCH_SCALE_PART": part}
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--measure",
            url,
            first.isoformat(),
            last.isoformat(),
            day.isoformat(),
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tree,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline_tree(rev: str, folder: Path) -> Path | None:
    tree = folder / "baseline"
    done = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], capture_output=True, text=True
    )
    return tree if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--baseline", default=None, help="git revision to compare with (default: merge base with main)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        url, first, last, day = args.measure
        print(json.dumps(measure(url, date.fromisoformat(first), date.fromisoformat(last), date.fromisoformat(day))))
        return

    sys.path.insert(0, str(ROOT))
    from bench.seed import gold_results, seed
    from briefs.store import Store

    with tempfile.TemporaryDirectory(prefix="briefs-bench-scale-") as folder:
        trees = {"after": ROOT}
        if not args.no_baseline:
            rev = (
                args.baseline
                or subprocess.run(
                    ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], capture_output=True, text=True
                ).stdout.strip()
            )
            old = baseline_tree(rev, Path(folder)) if rev else None
            if old is not None:
                trees = {"before": old, **trees}
                print(f"before: {rev[:10]} (temporary git worktree); after: this tree")
            else:
                print(f"no baseline: could not check out {rev or 'the merge base with main'}")
        templates = gold_results()
        results: dict[int, dict[str, dict]] = {}
        try:
            for size in args.sizes:
                days = max(1, size // PER_DAY)
                first = date(2024, 1, 1)
                last, day = first + timedelta(days=days - 1), first + timedelta(days=days // 2)
                url = f"sqlite:///{Path(folder) / f'scale-{size}.db'}"
                started = time.perf_counter()
                store = Store(url)
                seeded = seed(store, size, days, first, templates)
                store.close()
                print(
                    f"store of {seeded.incidents:,} incidents ({seeded.articles:,} articles, {days} days): "
                    f"seeded in {time.perf_counter() - started:.1f} s",
                    flush=True,
                )
                results[size] = {}
                for name, tree in trees.items():
                    figures = run_measure(tree, url, first, last, day, "full")
                    figures |= run_measure(tree, url, first, last, day, "day")
                    results[size][name] = figures
                    print(
                        f"  {name:<6} full cold {figures['full_cold_ms']:9.0f} ms  warm {figures['full_warm_ms']:9.0f} ms  "
                        f"+{figures['full_mib']:6.0f} MiB   day cold {figures['day_cold_ms']:6.1f} ms  warm {figures['day_warm_ms']:6.1f} ms  "
                        f"open {figures['open_ms']:5.0f} ms  ({figures['merged']:,} merged, brief {figures['digest']})",
                        flush=True,
                    )
                if len({r["digest"] for r in results[size].values()}) > 1:
                    print("  DIFFERENT BRIEFS before and after", flush=True)
        finally:
            if "before" in trees:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(trees["before"])], capture_output=True
                )
        report(results, args.sizes)


def report(results: dict[int, dict[str, dict]], sizes: list[int]) -> None:
    small, large = min(sizes), max(sizes)
    print()
    print("per incident (µs), cold / warm full build; day brief (ms)")
    print(
        f"  {'incidents':>10} "
        + "".join(f"| {name + ' cold':>12} {name + ' warm':>12} {name + ' day':>11} " for name in results[small])
    )
    for size in sizes:
        row = "".join(
            f"| {r['full_cold_ms'] * 1000 / size:12.1f} {r['full_warm_ms'] * 1000 / size:12.1f} {r['day_cold_ms']:11.1f} "
            for r in results[size].values()
        )
        print(f"  {size:>10,} {row}")
    print()
    print("goal                                              before      after     met")
    after = {size: results[size]["after"] for size in sizes}
    before = {size: results[size].get("before") for size in sizes}

    def row(goal: str, key, ok) -> None:
        old = key(before[large]) if before[large] else None
        print(f"  {goal:<46} {old if old is not None else '-':>9} {key(after[large]):>10}   {'MET' if ok else 'MISS'}")

    def growth(field: str):
        return lambda r: (
            None
            if r is None
            else round((r[field] / large) / (results[small][_which(r, results[large])][field] / small), 2)
        )

    row(
        f"cold build per incident {large:,} vs {small:,} ≤ {FLAT}×",
        growth("full_cold_ms"),
        growth("full_cold_ms")(after[large]) <= FLAT,
    )
    row(
        f"warm build per incident {large:,} vs {small:,} ≤ {FLAT}×",
        growth("full_warm_ms"),
        growth("full_warm_ms")(after[large]) <= FLAT,
    )
    day_growth = lambda r: (
        None if r is None else round(r["day_cold_ms"] / results[small][_which(r, results[large])]["day_cold_ms"], 2)
    )
    row(f"cold day brief, {large:,}-store vs {small:,}-store ≤ {FLAT}×", day_growth, day_growth(after[large]) <= FLAT)
    if 50_000 in sizes:
        cold = lambda r: None if r is None else round(r["full_cold_ms"] / 1000, 2)  # noqa: E731
        mib = lambda r: None if r is None else round(r["full_mib"])  # noqa: E731
        print(
            f"  {'cold build of 50,000 ≤ ' + str(TARGET_COLD_50K_S) + ' s':<46} {cold(before[50_000]) or '-':>9} "
            f"{cold(after[50_000]):>10}   {'MET' if cold(after[50_000]) <= TARGET_COLD_50K_S else 'MISS'}"
        )
        print(
            f"  {'memory of that build ≤ ' + str(TARGET_MIB) + ' MiB':<46} {mib(before[50_000]) or '-':>9} "
            f"{mib(after[50_000]):>10}   {'MET' if mib(after[50_000]) <= TARGET_MIB else 'MISS'}"
        )


def _which(figures: dict, at_large: dict) -> str:
    return next(name for name, r in at_large.items() if r is figures)


if __name__ == "__main__":
    main()
