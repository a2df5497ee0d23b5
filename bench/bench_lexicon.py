"""Benchmark of the offline lexicon extractor: articles per second on one core, cold and warm apart,
and the cost per character as articles grow.

What it times: `LexiconExtractor.extract` (coding, grounding of every quote, count and summary name,
the result), and `code` alone, on the real articles of ../shared/corpus/ant-wide (229, median about
600 words), in a child process per measurement so that every article is new to the process.
- cold: the first pass over articles the process has never seen (its per-word caches start empty;
  the dictionaries are loaded before the clock starts, on one article left out of the timing);
- warm: a second pass over the same articles, each with a space appended (no result is reused,
  but every word has been seen);
- length: articles made by joining distinct corpus articles to about 25,000 and 200,000 characters,
  each timed cold in its own process; the ratio of microseconds per character says whether the cost
  is linear in length (1.0 is linear).
Target: at least 200 articles per second per core, cold, and linear in length.
Without ../shared the run uses the gold texts of evals/datasets/incidents.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.goals import Goal, record  # noqa: E402
from bench.trees import baseline_tree  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "ant-wide"
TARGET = 200.0


def corpus_texts() -> list[tuple[str, str | None]]:
    """(text, published date) of every article: the corpus's, else the gold set's."""
    if (CORPUS / "index.jsonl").is_file():
        index = [json.loads(line) for line in (CORPUS / "index.jsonl").read_text(encoding="utf-8").splitlines()]
        return [((CORPUS / row["file"]).read_text(encoding="utf-8").split("\n", 2)[2], None) for row in index]
    lines = (ROOT / "evals" / "datasets" / "incidents.jsonl").read_text(encoding="utf-8").splitlines()
    return [(case["text"], case["published_at"]) for case in map(json.loads, lines)]


def child(spec: dict) -> dict:
    """Run in a fresh process: load the extractor, then time the passes the spec asks for."""
    sys.path.insert(0, spec["root"])
    from briefs.extract.lexicon import LexiconExtractor
    from briefs.inputs import ArticleText

    texts = corpus_texts()
    extractor = LexiconExtractor()
    warmup, *chosen = [texts[i] for i in spec["articles"]]
    extractor.extract(ArticleText(id="warm-up", text=warmup[0], published_at=warmup[1]))
    if spec.get("join"):
        chosen = [("\n".join(text for text, _ in chosen)[: spec["join"]], None)]
    function = extractor.code if spec["what"] == "code" else extractor.extract
    out: dict = {"chars": sum(len(text) for text, _ in chosen), "articles": len(chosen)}
    for name, suffix in (("cold", ""), ("warm", " ")):
        items = [ArticleText(id=str(i), text=text + suffix, published_at=when) for i, (text, when) in enumerate(chosen)]
        started = time.process_time()
        for item in items:
            function(item)
        out[name] = time.process_time() - started
    return out


def measure(spec: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
        cwd=spec["root"],
    )
    return json.loads(done.stdout)


def report(root: str, label: str, repeats: int) -> dict[str, float]:
    """Print one tree's figures; return them by name for the ratios."""
    articles = list(range(len(corpus_texts())))  # article 0 warms the dictionaries up, untimed
    figures: dict[str, float] = {}
    print(f"{label}:")
    for what, name in (("extract", "full extraction (coding + grounding + result)"), ("code", "coding alone")):
        runs = [measure({"root": root, "what": what, "articles": articles}) for _ in range(repeats)]
        for phase in ("cold", "warm"):
            rate = figures[f"{what} {phase}"] = statistics.median(r["articles"] / r[phase] for r in runs)
            verdict = (
                f"   target >= {TARGET:.0f}/s: {'PASS' if rate >= TARGET else 'MISS'}" if what == "extract" else ""
            )
            print(f"  {name:46} {phase}  {rate:7.1f} articles/s  ({1000 / rate:5.2f} ms each){verdict}")
    for size in (25_000, 200_000):
        runs = [measure({"root": root, "what": "extract", "articles": articles, "join": size}) for _ in range(repeats)]
        figures[f"{size}"] = statistics.median(r["cold"] / r["chars"] * 1e6 for r in runs)
        print(f"  one article of {size:>7,} characters, cold           {figures[f'{size}']:6.2f} us/char")
    ratio = figures["200000"] / figures["25000"]
    verdict = "PASS" if ratio < 1.3 else "MISS"
    print(f"  cost per character at 200k against 25k: {ratio:.2f}x   (linear: about 1.0; {verdict})")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=3, help="child processes per figure (median reported)")
    parser.add_argument("--baseline", metavar="REV", help="also time this git revision, in a temporary worktree")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    print(
        f"Lexicon extractor: {len(corpus_texts()) - 1} real articles, CPU time of one process, "
        f"median of {args.repeats} processes; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    after = report(str(ROOT), "this tree", args.repeats)
    load = f"load average {os.getloadavg()[0]:.1f}"
    for phase in ("cold", "warm"):
        record(
            Goal(
                bench="bench_lexicon.py",
                name="lexicon extractor with grounding",
                target=TARGET,
                measured=round(after[f"extract {phase}"], 1),
                unit="articles/s",
                mode=phase,
                times=f"extract of {len(corpus_texts()) - 1} real articles, CPU time of one process",
                higher_is_better=True,
                reason=f"coding alone {after[f'code {phase}']:.0f}/s in this run: the grounding of every quote, "
                f"count and name is the rest; {load}",
            )
        )
    record(
        Goal(
            bench="bench_lexicon.py",
            name="cost per character, 200k against 25k characters",
            target=1.3,
            measured=round(after["200000"] / after["25000"], 2),
            unit="×",
            mode="cold",
            times="extract of one joined article of each length, cold, in its own process",
            reason=load,
        )
    )
    if args.baseline:
        with baseline_tree(args.baseline) as tree:
            before = report(str(tree), f"baseline {args.baseline} (temporary worktree)", args.repeats)
        print("this tree against the baseline (same run):")
        for key in ("extract cold", "extract warm", "code cold", "code warm"):
            print(f"  {key:14} {after[key] / before[key]:5.2f}x the articles per second")
        for key in ("25000", "200000"):
            print(f"  {int(key):>7,} chars  {after[key] / before[key]:5.2f}x the microseconds per character")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
