"""Benchmark of the LLM extractor against a local server that answers in a fixed time.

The server runs in its own process (bench/serve_fake.py), so this process's CPU time is the
pipeline's own work: prompt building, the openai client, parsing, validation, grounding, the call
log. The articles are the six few-shot example articles of extract@v1 and v3, each made new to the
process by a numbered reference line (nothing is served from the cache).

Reported, cold and warm apart:
- cold: the first article of the process (imports, schema, connection, store creation);
- baseline: the bare openai client sending the same first requests at the same concurrency, no
  extractor around it, once before and once after the extractor's run (their mean): the most this
  server and client allow on the machine as loaded at the time;
- warm: ARTICLES articles through the extractor at CONCURRENCY: throughput against the ideal and
  against the baseline, own CPU per article with grounding apart (`ground` and `result_from`, timed
  by thread CPU time wherever they run) and the call log's writes apart, the server's CPU per request
  (its process, from /proc), and model calls per article counted from the store's `model_calls`.

The ideal is the most any client could reach: ceil(ARTICLES / CONCURRENCY) rounds of LATENCY (200
articles at 16 take 13 rounds, not 12.5), and the server's latency runs from each request's arrival.
`--profile` adds a cProfile of the warm run's event-loop thread: CPU per article of each part.
Targets (issue 16): at least 90% of ideal throughput, at most 10 ms CPU per article, one call per
article when the first reply passes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import math
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.goals import Goal, record  # noqa: E402

ARTICLES, CONCURRENCY, LATENCY = 200, 16, 0.3
PROMPT = "extract@v3"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", action="store_true", help="cProfile the warm run: CPU per article of each part")
    args = parser.parse_args()
    started = time.perf_counter()
    cpu_started = time.process_time()
    from bench.serve_fake import examples
    from briefs.config import Settings
    from briefs.extract import llm
    from briefs.extract.calls import StoreCallLog
    from briefs.extract.select import make_llm_extractor
    from briefs.inputs import ArticleText
    from briefs.store import Store

    texts = list(examples())
    articles = [
        ArticleText(id=f"a{n}", text=texts[n % len(texts)] + f"\nرقم المرجع {n}", published_at=date(2024, 5, 13))
        for n in range(ARTICLES + 1)
    ]
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "serve_fake.py"), str(LATENCY)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    grounding_cpu: list[float] = []
    log_cpu: list[float] = []
    profile = cProfile.Profile(time.thread_time) if args.profile else None  # CPU time, not wall
    try:
        base_url = server.stdout.readline().strip()
        os.environ.update(OPENAI_BASE_URL=base_url, OPENAI_API_KEY="bench")
        with tempfile.TemporaryDirectory() as folder:
            store = Store(f"sqlite:///{folder}/bench.db")
            settings = Settings(concurrency=CONCURRENCY, prompt=PROMPT)  # a local server: no client-side rate limit
            calls = StoreCallLog(store)
            extractor = make_llm_extractor("bench-model", calls=calls, settings=settings, use_cache=False)
            cold = extractor.extract(articles[0])
            cold_wall, cold_cpu = time.perf_counter() - started, time.process_time() - cpu_started
            setup_ms = _setup_cpu_ms(settings, calls)
            before = extractor._runner.run(_bare_client(extractor, articles[1:], base_url))
            llm.ground = _thread_cpu(llm.ground, grounding_cpu)
            llm.result_from = _thread_cpu(llm.result_from, grounding_cpu)
            calls.log_calls = _thread_cpu(calls.log_calls, log_cpu)  # type: ignore[method-assign]
            server_cpu = _process_cpu(server.pid)
            cpu, wall = time.process_time(), time.perf_counter()
            if profile is not None:
                profile.enable()
            outcomes = extractor.extract_many(articles[1:], concurrency=CONCURRENCY)
            if profile is not None:
                profile.disable()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            server_after = _process_cpu(server.pid)
            server_cpu = server_after - server_cpu if server_after is not None and server_cpu is not None else None
            after = extractor._runner.run(_bare_client(extractor, articles[1:], base_url))
            extractor.close()
            logged = Counter(call.article_hash for call in store.calls.logged())
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    baseline, baseline_cpu_ms = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
    warm_hashes = {o.result.article_hash for o in outcomes if o.result is not None}
    per_article = [logged[h] for h in warm_hashes]
    clean = sum(o.result is not None and not o.flags for o in outcomes)
    ideal = len(outcomes) / (math.ceil(len(outcomes) / CONCURRENCY) * LATENCY)
    measured = len(outcomes) / wall
    overhead_ms = cpu / len(outcomes) * 1000
    grounding_ms = sum(grounding_cpu) / len(outcomes) * 1000
    log_ms = sum(log_cpu) / len(outcomes) * 1000
    one_call = sum(n == 1 for n in per_article)
    load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    print(
        f"LLM extractor ({PROMPT}): {len(outcomes)} articles ({len(texts)} texts, each made new), concurrency "
        f"{CONCURRENCY}, server latency {LATENCY * 1000:.0f} ms from each request's arrival (local "
        f"OpenAI-compatible server in another process), Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    print(
        f"  cold         first article {cold_wall * 1000:7.0f} ms wall, {cold_cpu * 1000:.0f} ms CPU "
        f"(imports, schema, store, connection); result {'clean' if cold.result and not cold.flags else 'NOT clean'}"
    )
    print(
        f"  setup        {setup_ms:6.2f} ms CPU per extractor made after the first (load_prompt, make_llm_extractor, "
        "the prompt's messages, close: the API makes one per request)"
    )
    print(
        f"  ideal        {ideal:6.1f} articles/s: {math.ceil(len(outcomes) / CONCURRENCY)} rounds of "
        f"{LATENCY * 1000:.0f} ms ({CONCURRENCY / LATENCY:.1f}/s if every round were full)"
    )
    print(
        f"  baseline     bare openai client, same requests, built beforehand: {baseline:6.1f} calls/s = "
        f"{baseline / ideal:.0%} of ideal (before {before[0] / ideal:.0%}, after {after[0] / ideal:.0%}), "
        f"{baseline_cpu_ms:.2f} ms CPU per call"
    )
    print(
        f"  warm         {measured:6.1f} articles/s = {measured / ideal:.0%} of ideal, "
        f"{measured / baseline:.0%} of the bare client (target >= 90% of ideal: "
        f"{'PASS' if measured >= 0.9 * ideal else 'MISS'})"
    )
    print(
        f"  own CPU      {overhead_ms:6.2f} ms per article "
        f"(target <= 10 ms: {'PASS' if overhead_ms <= 10 else 'MISS'}): grounding {grounding_ms:.2f} "
        f"(ground, result_from), call log writes {log_ms:.2f}, the rest "
        f"{overhead_ms - grounding_ms - log_ms:.2f} of which the bare client's {baseline_cpu_ms:.2f}"
    )
    if server_cpu is not None:
        print(f"  server       {server_cpu / len(outcomes) * 1000:6.2f} ms CPU per request (its own process)")
    print(
        f"  machine      {load} while it ran (shared: other work slows both runs); this process used "
        f"{cpu / wall:.2f} CPUs in the warm run, the fair share of a busy process being about "
        f"{min(1.0, (os.cpu_count() or 1) / max(os.getloadavg()[0], 1.0)):.2f}: at its share, the CPU per article "
        "bounds the throughput"
    )
    print(
        f"  model calls  {sum(per_article) / max(len(per_article), 1):.3f} per article from model_calls; "
        f"{one_call}/{len(per_article)} "
        f"articles in exactly one call (target: all: {'PASS' if one_call == len(outcomes) else 'MISS'})"
    )
    print(f"  wall         {wall:6.2f} s; clean results {clean}/{len(outcomes)}")
    if profile is not None:
        _print_profile(profile, len(outcomes))
        print("  (profiled: the figures above are inflated by the profiler, so no goal is recorded)")
        return 0
    record(
        Goal(
            bench="bench_extract.py",
            name=f"LLM path throughput, concurrency {CONCURRENCY}, {len(outcomes)} articles",
            target=90,
            measured=round(measured / ideal * 100, 1),
            unit="% of ideal",
            mode="warm",
            times=f"extract_many against a local server answering in {LATENCY * 1000:.0f} ms",
            higher_is_better=True,
            reason=f"the bare openai client, same requests and server, reaches {baseline / ideal:.0%} of ideal in this "
            f"run; the extractor {measured / baseline:.0%} of it; {load}",
        )
    )
    record(
        Goal(
            bench="bench_extract.py",
            name="LLM path own CPU per article",
            target=10,
            measured=round(overhead_ms, 2),
            unit="ms",
            mode="warm",
            times="process CPU time of extract_many over its articles",
            reason=f"grounding takes {grounding_ms:.1f} ms of it, the call log {log_ms:.1f}, the bare openai client "
            f"alone {baseline_cpu_ms:.1f} ms per call in this run; {load}",
        )
    )
    return 0


def _setup_cpu_ms(settings: Any, calls: Any, times: int = 20) -> float:
    """CPU per extractor made, warm: what `POST /v1/summaries` pays for each request before its call."""
    from briefs.extract.prompts import load_prompt
    from briefs.extract.select import make_llm_extractor
    from briefs.inputs import ArticleText

    article = ArticleText(id="setup", text="نص")
    cpu = time.process_time()
    for _ in range(times):
        made = make_llm_extractor("bench-model", settings=settings, prompt=load_prompt(PROMPT), calls=calls)
        made.messages_for(article)
        made.close()
    return (time.process_time() - cpu) / times * 1000


def _thread_cpu(work: Callable, spent: list[float]) -> Callable:
    """`work`, adding the CPU time of the thread that runs it (the loop's or a worker's) to `spent`."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return work(*args, **kwargs)
        finally:
            spent.append(time.thread_time() - started)

    return timed


def _process_cpu(pid: int) -> float | None:
    """CPU seconds (user and system) of another process so far, from /proc; None where there is none."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# The parts of the extractor's work on the event loop, each by the functions that enter it.
_PARTS = {
    "grounding (ground, result_from)": ("ground", "result_from"),
    "openai client: request, HTTP, response": ("post",),
    "request building and serializing": ("messages_for", "_request", "_serialize"),
    "reply parsing and validation": ("_reply_from", "validate_reply"),
    "hooks": ("emit",),
}


def _print_profile(profile: cProfile.Profile, articles: int) -> None:
    """CPU per article of each part of the event-loop thread's work, from cProfile's cumulative times (the
    profiler's own cost inflates them alike; the shares are what to read)."""
    stats = pstats.Stats(profile)
    total = sum(entry[2] for entry in stats.stats.values())  # type: ignore[attr-defined]
    print(
        f"  profile      event-loop thread, cProfile (inflated by the profiler): "
        f"{total / articles * 1000:.2f} ms per article"
    )
    accounted = 0.0
    for part, names in _PARTS.items():
        spent = sum(
            entry[3]
            for (path, _, name), entry in stats.stats.items()  # type: ignore[attr-defined]
            if name in names and ("/briefs/" in path or "/openai/" in path)
        )
        accounted += spent
        print(f"    {part:40s} {spent / articles * 1000:6.2f} ms  {spent / total:5.1%}")
    rest = total - accounted
    print(f"    {'asyncio, tenacity and the rest':40s} {rest / articles * 1000:6.2f} ms  {rest / total:5.1%}")


async def _bare_client(extractor: Any, articles: list[Any], base_url: str) -> tuple[float, float]:
    """Calls per second of the openai client alone (the same plain POST the extractor sends), each
    article's first request built and serialized beforehand."""
    import openai
    from openai.types.chat import ChatCompletion

    client = openai.AsyncOpenAI(base_url=base_url, api_key="bench", max_retries=0)
    gate = asyncio.Semaphore(CONCURRENCY)
    requests = [
        json.dumps(
            extractor._request("json_schema", extractor.messages_for(article), extractor.max_tokens),
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        for article in articles
    ]

    async def one(body: bytes) -> None:
        async with gate:
            await client.post("/chat/completions", cast_to=ChatCompletion, content=body)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(r) for r in requests))
    rate = len(requests) / (time.perf_counter() - started)
    cpu_ms = (time.process_time() - cpu) / len(requests) * 1000
    await client.close()
    return rate, cpu_ms


if __name__ == "__main__":
    raise SystemExit(main())
