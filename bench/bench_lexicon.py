"""Benchmark of the offline lexicon extractor: articles per second on one core.

Over the gold reports in evals/datasets/incidents.jsonl (and the 20 ANT corpus articles in
../shared when present), each made distinct per pass so no cache helps: the full extraction
(coding, grounding, result) and the coding alone. Target: at least 200 articles per second.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.goals import Goal, record  # noqa: E402
from briefs.extract.lexicon import LexiconExtractor  # noqa: E402
from briefs.inputs import ArticleText  # noqa: E402

PASSES = 5


def articles() -> list[ArticleText]:
    out = []
    for line in (ROOT / "evals" / "datasets" / "incidents.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        out.append(ArticleText(id=case["id"], text=case["text"], published_at=case["published_at"]))
    corpus = ROOT.parent / "shared" / "corpus" / "ant"
    for path in sorted(corpus.glob("*.txt")) if corpus.is_dir() else []:
        raw = path.read_text(encoding="utf-8").split("\n")
        stamp = re.search(r"(\d{8})\.txt", raw[0])
        when = f"{stamp.group(1)[:4]}-{stamp.group(1)[4:6]}-{stamp.group(1)[6:]}" if stamp else None
        out.append(ArticleText(id=path.name, text="\n".join(raw[2:]), published_at=when))
    return out


def rate(function, items: list[ArticleText]) -> tuple[float, float]:
    """Articles per second (median over passes) and median milliseconds per article."""
    per_pass = []
    for number in range(PASSES):
        distinct = [ArticleText(id=a.id, text=a.text + " " * (number + 1), published_at=a.published_at) for a in items]
        started = time.perf_counter()
        for article in distinct:
            function(article)
        per_pass.append(time.perf_counter() - started)
    seconds = statistics.median(per_pass)
    return len(items) / seconds, seconds / len(items) * 1000


def main() -> int:
    items = articles()
    extractor = LexiconExtractor()
    extractor.extract(items[0])  # load the dictionaries once
    words = statistics.median(len(a.text.split()) for a in items)
    full, full_ms = rate(extractor.extract, items)
    coding, coding_ms = rate(extractor.code, items)
    print(
        f"Lexicon extractor: {len(items)} articles (median {words:.0f} words), {PASSES} passes, one process, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    print(
        f"  full extraction (coding + grounding + result)  {full:7.1f} articles/s  ({full_ms:.2f} ms each)"
        f"   target >= 200/s: {'PASS' if full >= 200 else 'MISS'}"
    )
    print(f"  coding alone                                   {coding:7.1f} articles/s  ({coding_ms:.2f} ms each)")
    record(
        Goal(
            bench="bench_lexicon.py",
            name="lexicon extractor with grounding",
            target=200,
            measured=round(full, 1),
            unit="articles/s",
            mode="warm",
            times=f"extract of {len(items)} articles (median {words:.0f} words), each made distinct, one process",
            higher_is_better=True,
            reason=f"coding alone {coding:.0f}/s in this run; load average {os.getloadavg()[0]:.1f}",
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
