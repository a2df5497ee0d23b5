"""Scaling benchmark (issue 16): what an article costs as it grows, and what a brief costs as the store grows.

Article length: articles of 1k to 200k characters made of real articles from ../shared/corpus/ant-wide
concatenated (each length a different run of articles, each variant numbered, so every text is new
to the process), measured in a fresh process whose dictionaries are loaded first on another text:
the lexicon extractor (`LexiconExtractor.extract`: coding, grounding, result) and `check` (numbers and
names) of the text against a fixed ~150-word summary; the median over VARIANTS texts per length.

Store size: temporary SQLite stores of 1k, 10k, 50k and 1M reports (`--quick` and CI: up to 50k; the
1M store takes 10-20 min to seed and ~8 GB of disk), ~100 reports a day, seeded by bench/seed.py from
real lexicon results copied into new articles. Each measurement in a fresh process: `build_brief` over
the whole store cold (first build of the process) and warm, the memory the cold build adds (ru_maxrss)
— for stores up to 50k: a whole 1M-report brief is not a brief anyone reads — and `build_brief` of one
day mid-range, cold then warm, at every size. It times `build_brief` alone (queries, parsing, merge,
totals, review), not rendering. The curves end as a table and a plot (out/bench/scaling.png).

"Flat per unit", in CPU time (which other processes on a shared machine do not inflate): the cost per
unit (per 1,000 characters; per report of the store) at the largest size is at most FLAT (1.5×) the
cheapest per-unit cost seen at any size (a superlinear curve fails even when the smallest size carries
fixed costs); the day brief at the largest store at most 1.5× the smallest store's (a day costs the
day, not the store).

Before/after in one run: `--baseline REV` measures the store curve on that revision too (a
temporary `git worktree`, same interpreter, same stores), with a digest of each brief to show they
are identical. `--quick` (CI): lengths up to 50k characters (the stores are the same: the 50k store's
cold build is a goal, seeded in ~30 s and built in a few seconds; no 1M store).

Run: .venv/bin/python bench/bench_scale.py [--quick] [--sizes N...] [--lengths N...] [--baseline REV]
Writes its goals to the goal table (bench/goals.py) and a plot to out/bench/scaling.png.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.goals import Goal, record  # noqa: E402
from bench.trees import in_tree  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ant-wide"
PER_DAY = 100
FLAT = 1.5
FULL_BUILD_MAX = 50_000  # the whole-store build is measured up to this size; above it, the day brief only
GOAL_SIZE = 50_000  # the store of the cold-build goal
TARGET_COLD_50K_S, TARGET_MIB, TARGET_DAY_MS = 2.0, 500, 200
LENGTHS = [1_000, 5_000, 20_000, 50_000, 100_000, 200_000]
SIZES = [1_000, 10_000, 50_000, 1_000_000]
QUICK_SIZES = [size for size in SIZES if size <= GOAL_SIZE]
VARIANTS = 3
PLOT = ROOT / "out" / "bench" / "scaling.png"

Figures = dict[str, Any]


# ---- in a fresh process ------------------------------------------------------------------------------


def measure_store(url: str, first: date, last: date, day: date, part: str) -> Figures:
    """Open the store, then the whole-store build cold and warm (part "full") or the day's (part "day")."""
    from briefs.brief.build import build_brief
    from briefs.store import Store

    def timed(build: Callable[[], Any]) -> tuple[float, Any]:
        started = time.perf_counter()
        brief = build()
        return (time.perf_counter() - started) * 1000, brief

    def cpu_timed(build: Callable[[], Any]) -> tuple[float, float, Any]:
        cpu = time.process_time()
        wall, brief = timed(build)
        return wall, (time.process_time() - cpu) * 1000, brief

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store = Store(url)
    if part == "day":
        cold, cold_cpu, brief = cpu_timed(lambda: build_brief(store, day))
        warm, _ = timed(lambda: build_brief(store, day))
        return {
            "day_cold_ms": cold,
            "day_cold_cpu_ms": cold_cpu,
            "day_warm_ms": warm,
            "day_merged": len(brief.incidents),
        }
    if part == "phases":
        return build_phases(store, first, last)
    cold, cold_cpu, brief = cpu_timed(lambda: build_brief(store, first, last))
    mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
    warm, again = timed(lambda: build_brief(store, first, last))
    digest = hashlib.sha256(again.model_dump_json(exclude={"generated_at"}).encode()).hexdigest()[:16]
    return {
        "floor_ms": parse_floor(store, first, last),
        "full_cold_ms": cold,
        "full_cold_cpu_ms": cold_cpu,
        "full_warm_ms": warm,
        "full_mib": mib,
        "merged": len(brief.incidents),
        "digest": digest,
    }


def build_phases(store: Any, first: date, last: date) -> Figures:
    """The CPU ms of the parts of a cold whole-store build, each as `build_brief` runs it: the columns and
    counts of every report (`Reports.rows_between`), the merge with the whole incidents of each event's
    representative (`merge_rows`), the summary groundings; the rest (order, totals, review) is the
    build's cold CPU time less these."""
    from briefs.brief.merge import merge_rows
    from briefs.store import paused_gc

    loaded: list[int] = []

    def load(rows: list[Any]) -> list[Any]:
        loaded.extend(row.row_id for row in rows)
        return store.reports.incidents([row.row_id for row in rows])

    out: Figures = {}
    with paused_gc():
        started = time.process_time()
        rows = store.reports.rows_between(first, last)
        out["rows_cpu_ms"] = (time.process_time() - started) * 1000
        started = time.process_time()
        merged = merge_rows(rows, load)
        out["merge_cpu_ms"] = (time.process_time() - started) * 1000
        started = time.process_time()
        store.reports.summary_failures(first, last)
        out["groundings_cpu_ms"] = (time.process_time() - started) * 1000
    out |= {"whole_incidents": len(set(loaded)), "events": len(merged), "reports": len(rows)}
    return out


def parse_floor(store: Any, first: date, last: date) -> float:
    """The baseline of a whole-store build in the same process: reading the range's stored incident JSON
    and parsing it into dicts (pydantic_core.from_json), nothing else."""
    from briefs.store import IncidentRow
    from pydantic_core import from_json
    from sqlalchemy import Text, select, type_coerce

    started = time.perf_counter()
    query = select(type_coerce(IncidentRow.data, Text)).where(IncidentRow.event_date.between(first, last))
    with store.engine.connect() as connection:
        for data in connection.execute(query).scalars():
            from_json(data)
    return (time.perf_counter() - started) * 1000


def corpus_texts() -> list[str]:
    """The ant-wide articles' bodies (the first two lines are the title and a blank)."""
    return [
        "\n".join(path.read_text(encoding="utf-8").split("\n")[2:]).strip()
        for path in sorted(CORPUS.glob("[0-9]*.txt"))
    ]


def long_text(texts: list[str], length: int, variant: int) -> str:
    """`length` characters of whole articles from a starting point of their own, numbered (new text)."""
    start = (length // 1000 * 7 + variant * 31) % len(texts)
    parts, size, n = [f"[{length}-{variant}]"], 0, start
    while size < length:
        parts.append(texts[n % len(texts)])
        size += len(parts[-1]) + 2
        n += 1
    return "\n\n".join(parts)[:length]


def measure_lengths(lengths: list[int]) -> Figures:
    """Per length: the median ms of the lexicon extractor and of `check` on texts new to the process."""
    from briefs.extract.lexicon import LexiconExtractor
    from briefs.grounding.checker import check
    from briefs.inputs import ArticleText

    summary = json.loads((ROOT / "bench" / "summaries.jsonl").read_text(encoding="utf-8").splitlines()[0])["summary"]
    extractor = LexiconExtractor()
    sample = (ROOT / "briefs" / "samples" / "article.txt").read_text(encoding="utf-8")
    extractor.extract(ArticleText(id="warm-up", text=sample, published_at=date(2024, 3, 13)))  # dictionaries load
    check(sample, summary)
    texts = corpus_texts()
    out: Figures = {}
    for length in lengths:
        lexicon, checked = [], []
        for variant in range(VARIANTS):
            text = long_text(texts, length, variant)
            article = ArticleText(id=f"scale-{length}-{variant}", text=text, published_at=date(2024, 3, 13))
            started = time.process_time()
            extractor.extract(article)
            lexicon.append((time.process_time() - started) * 1000)
            text = long_text(texts, length, variant + VARIANTS)  # another text: the check's caches have not seen it
            started = time.process_time()
            check(text, summary)
            checked.append((time.process_time() - started) * 1000)
        out[str(length)] = {"lexicon_ms": statistics.median(lexicon), "check_ms": statistics.median(checked)}
    return out


def in_fresh_process(tree: Path, *args: str) -> Figures:
    figures: Figures = in_tree(tree, Path(__file__).resolve(), "--worker", str(tree), *args)
    return figures


# ---- the curves ----------------------------------------------------------------------------------------


def length_curve(lengths: list[int]) -> dict[int, Figures]:
    figures = in_fresh_process(ROOT, "lengths", *map(str, lengths))
    curve = {int(length): row for length, row in figures.items()}
    print("CPU cost vs article length (ant-wide articles concatenated, new to the process; median of 3 texts)")
    print(f"  {'characters':>10} {'lexicon ms':>11} {'per 1k chars':>13} {'check ms':>10} {'per 1k chars':>13}")
    for length, row in curve.items():
        print(
            f"  {length:>10,} {row['lexicon_ms']:11.1f} {row['lexicon_ms'] * 1000 / length:13.2f} "
            f"{row['check_ms']:10.1f} {row['check_ms'] * 1000 / length:13.2f}",
            flush=True,
        )
    return curve


def store_curve(sizes: list[int], trees: dict[str, Path], folder: Path) -> dict[int, dict[str, Figures]]:
    from bench.seed import gold_results, seed
    from briefs.store import Store

    templates = gold_results()
    curve: dict[int, dict[str, Figures]] = {}
    print("cost vs store size (temporary SQLite stores, ~100 reports a day; each figure a fresh process)")
    for size in sizes:
        days = max(1, size // PER_DAY)
        first = date(2024, 1, 1)
        last, day = first + timedelta(days=days - 1), first + timedelta(days=days // 2)
        path = folder / f"scale-{size}.db"
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        store = Store(url)
        seed(store, size, days, first, templates)
        store.close()
        seeded = time.perf_counter() - started
        print(f"  store of {size:,} reports over {days:,} days: seeded in {seeded:.1f} s", flush=True)
        curve[size] = {}
        span = (url, first.isoformat(), last.isoformat(), day.isoformat())
        for name, tree in trees.items():
            # another revision reads the same store at its own schema revision
            tree_span = span if tree == ROOT else (downgraded(path, tree), *span[1:])
            figures = in_fresh_process(tree, "store", *tree_span, "day")
            line = (
                f"    {name:<6} day cold {figures['day_cold_ms']:6.1f} ms ({figures['day_cold_cpu_ms']:.0f} ms CPU) "
                f"warm {figures['day_warm_ms']:6.1f} ms"
            )
            if size <= FULL_BUILD_MAX:
                figures |= in_fresh_process(tree, "store", *tree_span, "full")
                if size == GOAL_SIZE and name == "after":
                    figures |= in_fresh_process(tree, "store", *tree_span, "phases")
                line += (
                    f"; whole store cold {figures['full_cold_ms']:8.0f} ms ({figures['full_cold_cpu_ms']:.0f} ms CPU) "
                    f"warm {figures['full_warm_ms']:8.0f} ms "
                    f"(baseline: read and from_json {figures['floor_ms']:6.0f} ms) "
                    f"+{figures['full_mib']:5.0f} MiB ({figures['merged']:,} merged, brief {figures['digest']})"
                )
            print(line, flush=True)
            curve[size][name] = figures | {"seeded_s": seeded}
        digests = {r["digest"] for r in curve[size].values() if "digest" in r}
        if len(digests) > 1:
            print("    DIFFERENT BRIEFS before and after", flush=True)
        for store_file in folder.glob(f"scale-{size}*.db"):
            store_file.unlink()
    return curve


def downgraded(path: Path, tree: Path) -> str:
    """The URL of a copy of the store at `path` brought down to the schema revision `tree` has (the same
    rows: a revision that predates a column reads the store as it would have written it)."""
    from alembic import command
    from briefs.migrations import alembic_config
    from sqlalchemy import create_engine

    head = in_fresh_process(tree, "head")["head"]
    copy = path.with_name(f"{path.stem}-{head}.db")
    shutil.copyfile(path, copy)
    engine = create_engine(f"sqlite:///{copy}")
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, head)
    engine.dispose()
    return f"sqlite:///{copy}"


def growth(per_unit: dict[int, float]) -> float:
    """The per-unit cost at the largest size over the cheapest per-unit cost at any size."""
    return per_unit[max(per_unit)] / min(per_unit.values())


def load_note() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def record_lengths(curve: dict[int, Figures]) -> None:
    for key, what in (("lexicon_ms", "LexiconExtractor.extract"), ("check_ms", "check (numbers and names)")):
        per_unit = {length: row[key] * 1000 / length for length, row in curve.items()}
        ratio = growth(per_unit)
        record(
            Goal(
                bench="bench_scale.py",
                name=f"{what.split()[0]} per 1k chars, {max(curve) // 1000}k vs cheapest size",
                target=FLAT,
                measured=round(ratio, 2),
                unit="×",
                mode="cold text",
                times=f"CPU time of {what} on {min(curve) // 1000}k-{max(curve) // 1000}k-char ant-wide composites",
                reason=f"{per_unit[max(curve)]:.2f} ms of CPU per 1k chars at {max(curve):,} against "
                f"{min(per_unit.values()):.2f} at best",
            )
        )


def record_store(curve: dict[int, dict[str, Figures]]) -> None:
    after = {size: row["after"] for size, row in curve.items()}
    full = {size: r for size, r in after.items() if "full_cold_ms" in r}
    if len(full) > 1:
        per_report = {size: r["full_cold_cpu_ms"] * 1000 / size for size, r in full.items()}
        record(
            Goal(
                bench="bench_scale.py",
                name=f"cold build per report, {max(full):,} vs cheapest store",
                target=FLAT,
                measured=round(growth(per_report), 2),
                unit="×",
                mode="cold",
                times="CPU time of build_brief of the whole store, first of the process",
                reason=f"{per_report[max(full)]:.0f} µs of CPU per report at {max(full):,} against "
                f"{min(per_report.values()):.0f} µs at best",
            )
        )
    small, large = min(after), max(after)
    if large > small:
        record(
            Goal(
                bench="bench_scale.py",
                name=f"day brief, {large:,}-report store vs {small:,}",
                target=FLAT,
                measured=round(after[large]["day_cold_cpu_ms"] / after[small]["day_cold_cpu_ms"], 2),
                unit="×",
                mode="cold",
                times="CPU time of build_brief of one day, first of the process",
                reason=f"{after[large]['day_cold_cpu_ms']:.0f} ms of CPU against "
                f"{after[small]['day_cold_cpu_ms']:.0f} ms",
            )
        )
    record(
        Goal(
            bench="bench_scale.py",
            name=f"brief of a day over {large:,} reports",
            target=TARGET_DAY_MS,
            measured=round(after[large]["day_cold_ms"], 1),
            unit="ms",
            mode="cold",
            times="build_brief of one day (~100 reports), first of the process",
            reason=f"{after[large]['day_cold_cpu_ms']:.0f} ms of it CPU time, "
            f"warm {after[large]['day_warm_ms']:.0f} ms; {load_note()}",
        )
    )
    if GOAL_SIZE in full:
        r = full[GOAL_SIZE]
        cold_s, cpu_s = r["full_cold_ms"] / 1000, r["full_cold_cpu_ms"] / 1000
        parts = ""
        if "rows_cpu_ms" in r:
            rest = r["full_cold_cpu_ms"] - r["rows_cpu_ms"] - r["merge_cpu_ms"] - r["groundings_cpu_ms"]
            parts = (
                f": columns and counts of {r['reports']:,} reports {r['rows_cpu_ms'] / 1000:.1f} s, merge into "
                f"{r['events']:,} events with {r['whole_incidents']:,} whole incidents read "
                f"{r['merge_cpu_ms'] / 1000:.1f} s, summary groundings {r['groundings_cpu_ms'] / 1000:.1f} s, "
                f"the rest {rest / 1000:.1f} s"
            )
        record(
            Goal(
                bench="bench_scale.py",
                name=f"cold build of {GOAL_SIZE:,} reports",
                target=TARGET_COLD_50K_S,
                measured=round(cpu_s, 2),
                unit="s",
                mode="cold",
                times=f"CPU time of build_brief of a {GOAL_SIZE // PER_DAY}-day store, first of the process "
                f"(wall {cold_s:.1f} s at this load)",
                reason=f"{cpu_s:.1f} s of CPU{parts}; reading and from_json of every report's JSON alone "
                f"(baseline) {r['floor_ms'] / 1000:.1f} s wall; {load_note()}",
            )
        )
        record(
            Goal(
                bench="bench_scale.py",
                name="memory added by that build",
                target=TARGET_MIB,
                measured=round(r["full_mib"]),
                unit="MiB",
                mode="cold",
                times="ru_maxrss after minus before the cold build",
                reason=f"{r['full_mib'] * 1024 / GOAL_SIZE:.1f} KiB per report: every report's counts (in the "
                "brief) and the whole incident of each event's representative, as pydantic models",
            )
        )


def print_tables(lengths: dict[int, Figures], stores: dict[int, dict[str, Figures]]) -> None:
    """The two curves as Markdown tables (CPU ms; per unit beside each)."""
    if lengths:
        print("\n| characters | lexicon ms | per 1k chars | check ms | per 1k chars |\n|---:|---:|---:|---:|---:|")
        for length, row in sorted(lengths.items()):
            lexicon, checked = row["lexicon_ms"], row["check_ms"]
            print(
                f"| {length:,} | {lexicon:.1f} | {lexicon * 1000 / length:.2f} | {checked:.1f} "
                f"| {checked * 1000 / length:.2f} |"
            )
    print(
        "\n| reports | tree | seeded s | day brief cold ms (CPU) | day warm ms | whole store cold CPU ms "
        "| per report µs | MiB added |\n|---:|---|---:|---:|---:|---:|---:|---:|"
    )
    for size, trees in sorted(stores.items()):
        for name, r in trees.items():
            whole = (
                f"{r['full_cold_cpu_ms']:,.0f} | {r['full_cold_cpu_ms'] * 1000 / size:.0f} | {r['full_mib']:.0f}"
                if "full_cold_cpu_ms" in r
                else "not built | | "
            )
            print(
                f"| {size:,} | {name} | {r['seeded_s']:.0f} | {r['day_cold_ms']:.1f} ({r['day_cold_cpu_ms']:.0f}) "
                f"| {r['day_warm_ms']:.1f} | {whole} |"
            )
    print()


def plot(lengths: dict[int, Figures], stores: dict[int, dict[str, Figures]], out: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (the bench extra): no plot")
        return None
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    if lengths:
        xs = sorted(lengths)
        for key, label in (("lexicon_ms", "lexicon extractor"), ("check_ms", "check")):
            left.plot(xs, [lengths[x][key] * 1000 / x for x in xs], marker="o", label=label)
        left.set(xscale="log", xlabel="article length (characters)", ylabel="CPU ms per 1,000 characters")
        left.set_title("Cost per 1,000 characters vs article length")
        left.legend()
    if stores:
        xs = sorted(stores)
        for name in stores[xs[0]]:
            full = [x for x in xs if "full_cold_ms" in stores[x][name]]
            right.plot(
                full,
                [stores[x][name]["full_cold_cpu_ms"] * 1000 / x for x in full],
                marker="o",
                label=f"{name}: cold build, CPU µs/report",
            )
            right.plot(
                xs, [stores[x][name]["day_cold_cpu_ms"] for x in xs], marker="s", label=f"{name}: day brief, CPU ms"
            )
        right.set(xscale="log", xlabel="reports in the store", yscale="log")
        right.set_title("Brief cost vs store size")
        right.legend()
    figure.suptitle(f"bench/bench_scale.py, {load_note()}", fontsize=9)
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110)
    plt.close(figure)
    print(f"plot: {out}")
    return out


def baseline_tree(rev: str, folder: Path) -> Path | None:
    tree = folder / "baseline"
    done = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], capture_output=True, text=True
    )
    return tree if done.returncode == 0 else None


def worker(args: list[str]) -> None:
    """Measure in this process, with the project imported from the tree measured (the first argument;
    this file's own tree is first on the path otherwise)."""
    tree, *args = args
    sys.path.insert(0, tree)
    if args[0] == "head":
        from briefs.migrations import HEAD

        print(json.dumps({"head": HEAD}))
    elif args[0] == "lengths":
        print(json.dumps(measure_lengths([int(a) for a in args[1:]])))
    else:
        url, first, last, day, part = args[1:]
        span = date.fromisoformat(first), date.fromisoformat(last), date.fromisoformat(day)
        print(json.dumps(measure_store(url, *span, part)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="lengths up to 50k characters, stores of 1k to 50k")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--lengths", type=int, nargs="+")
    parser.add_argument("--baseline", help="a git revision to measure the store curve on too (before/after)")
    parser.add_argument("--plot", type=Path, default=PLOT)
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    lengths = args.lengths or ([n for n in LENGTHS if n <= 50_000] if args.quick else LENGTHS)
    lengths_curve: dict[int, Figures] = {}
    if CORPUS.is_dir():
        lengths_curve = length_curve(lengths)
        record_lengths(lengths_curve)
    else:
        print(f"no corpus at {CORPUS} (../shared beside the project): the length curve is skipped")
    with tempfile.TemporaryDirectory(prefix="briefs-bench-scale-") as folder:
        trees = {"after": ROOT}
        old = baseline_tree(args.baseline, Path(folder)) if args.baseline else None
        if old is not None:
            trees = {"before": old, **trees}
            print(f"before: {args.baseline} (temporary git worktree); after: this tree")
        try:
            stores = store_curve(sorted(sizes), trees, Path(folder))
        finally:
            if old is not None:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)
    record_store(stores)
    print_tables(lengths_curve, stores)
    plot(lengths_curve, stores, args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
