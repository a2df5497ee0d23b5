"""Benchmark of the LLM extractor against a local server that answers in a fixed time.

The server runs in its own process (bench/serve_fake.py), so this process's CPU time is the
pipeline's own work: prompt building, the langchain and openai clients, validation, grounding, the
call log. Reported: throughput against the ideal (concurrency / latency), and that overhead per
article. Targets: throughput at least 90% of the ideal, overhead at most 10 ms per article.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefs.config import Settings  # noqa: E402
from briefs.extract.llm import LLMExtractor  # noqa: E402
from briefs.inputs import ArticleText  # noqa: E402
from briefs.store import Store  # noqa: E402

ARTICLES, CONCURRENCY, LATENCY = 200, 16, 0.3


def main() -> int:
    example = json.loads((ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8").splitlines()[0])
    # Distinct articles (a trailing line differs) so that no request is served from the cache.
    articles = [ArticleText(id=f"a{n}", text=example["article"] + f"\nرقم المرجع {n}") for n in range(ARTICLES)]
    server = subprocess.Popen([sys.executable, str(ROOT / "bench" / "serve_fake.py"), str(LATENCY)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        base_url = server.stdout.readline().strip()
        os.environ.update(OPENAI_BASE_URL=base_url, OPENAI_API_KEY="bench")
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(concurrency=CONCURRENCY, requests_per_minute=100_000, tokens_per_minute=100_000_000)
            extractor = LLMExtractor("openai:bench", store=Store(f"sqlite:///{folder}/bench.db"), settings=settings, use_cache=False)
            extractor.extract(articles[0])  # warm up: imports, connections, schema
            cpu, wall = time.process_time(), time.perf_counter()
            outcomes = extractor.extract_batch(articles[1:] + articles[:1], concurrency=CONCURRENCY)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            extractor.close()
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    clean = sum(o.result is not None and not o.flags for o in outcomes)
    ideal = CONCURRENCY / LATENCY
    measured = len(outcomes) / wall
    overhead_ms = cpu / len(outcomes) * 1000
    print(f"LLM extractor: {len(outcomes)} articles, concurrency {CONCURRENCY}, server latency {LATENCY * 1000:.0f} ms "
          f"(local OpenAI-compatible server in another process), Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"  throughput   {measured:6.1f} articles/s   ideal {ideal:.1f}/s   = {measured / ideal:.0%} of ideal "
          f"(target >= 90%: {'PASS' if measured >= 0.9 * ideal else 'MISS'})")
    print(f"  overhead     {overhead_ms:6.2f} ms CPU per article (target <= 10 ms: {'PASS' if overhead_ms <= 10 else 'MISS'})")
    print(f"  wall         {wall:6.2f} s; clean results {clean}/{len(outcomes)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
