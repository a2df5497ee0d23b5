"""Benchmark of the HTTP API (issue 6), on loopback, the server in its own process.

Setup: a store with 100,000 incidents (real lexicon results on the gold reports, copied into
66,000+ articles spread over 1,000 days by bench/seed.py, so each day's brief merges ~100 reports),
served by `uvicorn api.app:app` (one process, uvloop + httptools, no access log).

1. GET /v1/briefs/{date}, 50 concurrent connections, rotating over 1,000 distinct briefs (500 days ×
   JSON and HTML; each built once first, the cold builds reported apart), so the cache must hold
   them all (issue 16: a fixed cache of 256 made p99 collapse). Targets: p50 ≤ 20 ms, p99 ≤ 100 ms.
   Baseline in the same run: GET /healthz (the server's floor: no key, no store).
2. POST /v1/check, 50 concurrent connections: ANT articles with ~150-word summaries (bench/summaries.jsonl,
   when ../shared is there; else the gold reports with lexicon summaries). Two cases: the same pairs
   again and again (the checker memoizes them) and a new summary every request (the English side
   checked afresh each time). Target: ≥ 200 requests/s.

Load tool: wrk (Debian package `wrk`; C, event-driven, latency percentiles from its HdrHistogram),
when installed; otherwise an asyncio client on httpx (Python, 50 tasks), which then costs the
server part of the 2 cores, and the figures say which was used.

Run: .venv/bin/python bench/bench_api.py [--quick]   (--quick: 20,000 incidents, 200 distinct briefs, 5 s runs)
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from bench.goals import Goal, record  # noqa: E402
from bench.seed import gold_results, seed  # noqa: E402
from briefs.store import Store  # noqa: E402

QUICK = "--quick" in sys.argv[1:]  # CI: a store of 20,000 incidents, 200 distinct briefs, 5 s runs
INCIDENTS = 20_000 if QUICK else 100_000
DAYS = 200 if QUICK else 1_000
FIRST_DAY = date(2024, 1, 1)
CONNECTIONS = 50
DURATION = 5 if QUICK else 10  # seconds per wrk run
BRIEF_DAYS = 100 if QUICK else 500  # × JSON and HTML: 1,000 distinct briefs
SHARED = ROOT.parent / "shared"


def load_note() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


# ---- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "BRIEFS_DATABASE_URL": database_url,
        "BRIEFS_API_RATE_PER_MINUTE": "1000000000",
        "BRIEFS_API_RATE_BURST": "1000000",
    }
    env.pop("BRIEFS_MODEL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the API server did not start")


# ---- load -----------------------------------------------------------------------------------------

WRK_SCRIPT = r"""
local requests = {}
local counter = 0
function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    local method, path, accept, body = line:match("^(%S+)\t(%S+)\t(%S*)\t(.*)$")
    local headers = { ["Authorization"] = "Bearer " .. args[2] }
    if accept ~= "" then headers["Accept"] = accept end
    if body ~= "" then headers["Content-Type"] = "application/json" end
    table.insert(requests, { method = method, path = path, headers = headers, body = body })
  end
  f:close()
  counter = math.random(#requests)
end
function request()
  counter = counter % #requests + 1
  local r = requests[counter]
  local body = r.body
  if body ~= "" and args_unique then body = body:gsub("__UNIQUE__", tostring(math.random(1, 1000000000))) end
  return wrk.format(r.method, r.path, r.headers, body ~= "" and body or nil)
end
function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.stderr:write(string.format(
    'WRKJSON {"requests": %d, "seconds": %f, "p50": %f, "p99": %f, "max": %f, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, summary.errors.status))
end
"""


def run_wrk(base: str, key: str, lines: list[str], unique: bool, workdir: Path) -> dict:
    script = workdir / "load.lua"
    script.write_text(("args_unique = true\n" if unique else "args_unique = false\n") + WRK_SCRIPT, encoding="utf-8")
    plan = workdir / "requests.tsv"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
            "--",
            str(plan),
            key,
        ],
        capture_output=True,
        text=True,
    )
    line = next((out for out in done.stderr.splitlines() if out.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    figures = json.loads(line.removeprefix("WRKJSON "))
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


async def run_python(base: str, key: str, lines: list[str], unique: bool) -> dict:
    plan = []
    for line in lines:
        method, path, accept, body = line.split("\t", 3)
        plan.append(
            (
                method,
                path,
                {
                    "Authorization": f"Bearer {key}",
                    **({"Accept": accept} if accept else {}),
                    **({"Content-Type": "application/json"} if body else {}),
                },
                body,
            )
        )
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + DURATION

    async def client(number: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            i = number
            while time.perf_counter() < deadline:
                method, path, headers, body = plan[i % len(plan)]
                i += 1
                if unique and body:
                    body = body.replace("__UNIQUE__", str(random.randrange(1_000_000_000)))
                started = time.perf_counter()
                response = await http.request(method, path, headers=headers, content=body.encode() if body else None)
                latencies.append(time.perf_counter() - started)
                errors += response.status_code >= 300

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(CONNECTIONS)))
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000,
        "max": latencies[-1] * 1000,
        "errors": errors,
        "non2xx": errors,
    }


def load(base: str, key: str, lines: list[str], workdir: Path, *, unique: bool = False) -> dict:
    if shutil.which("wrk"):
        return run_wrk(base, key, lines, unique, workdir)
    return asyncio.run(run_python(base, key, lines, unique))


def check_pairs() -> list[dict]:
    corpus = SHARED / "corpus" / "ant"
    pairs = []
    if corpus.is_dir():
        for line in (ROOT / "bench" / "summaries.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            raw = (corpus / row["article"]).read_text(encoding="utf-8").split("\n")
            pairs.append({"source": "\n".join(raw[2:]), "text": row["summary"]})
        return pairs
    for case, result in gold_results()[:20]:
        pairs.append({"source": case["text"], "text": result.summary_text})
    return pairs


def show(title: str, figures: dict) -> None:
    print(
        f"  {title:<44} {figures['rps']:8.0f} req/s   p50 {figures['p50']:7.2f} ms   p99 {figures['p99']:7.2f} ms   "
        f"max {figures['max']:7.1f} ms   errors {figures['errors']}"
    )


def main() -> None:
    tool = (
        "wrk " + subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
        if shutil.which("wrk")
        else f"httpx {httpx.__version__} asyncio client (wrk not installed: apt-get install wrk)"
    )
    print(
        f"HTTP API on loopback: uvicorn, 1 process; load: {tool}, {CONNECTIONS} concurrent connections, "
        f"{DURATION} s per run; "
        f"{os.cpu_count()} cores shared by server and load tool"
    )
    with tempfile.TemporaryDirectory(prefix="briefs-bench-api-") as folder:
        workdir = Path(folder)
        url = f"sqlite:///{workdir / 'api.db'}"
        store = Store(url)
        started = time.perf_counter()
        seeded = seed(store, INCIDENTS, DAYS, FIRST_DAY)
        print(
            f"store: {seeded.incidents:,} incidents in {seeded.articles:,} articles over {DAYS} days, "
            f"seeded in {time.perf_counter() - started:.1f} s"
        )
        reader = store.keys.create("reader", "bench")[0]
        editor = store.keys.create("editor", "bench")[0]
        server, base = start_server(url)
        try:
            days = [FIRST_DAY + timedelta(days=d * (DAYS // BRIEF_DAYS)) for d in range(BRIEF_DAYS)]
            brief_lines = [
                f"GET\t/v1/briefs/{d.isoformat()}\t{accept}\t"
                for d in days
                for accept in ("application/json", "text/html")
            ]
            cold = []
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {reader}"}, timeout=30) as http:
                for line in brief_lines:
                    _, path, accept, _ = line.split("\t", 3)
                    t = time.perf_counter()
                    response = http.get(path, headers={"Accept": accept})
                    cold.append((time.perf_counter() - t) * 1000)
                    assert response.status_code == 200, response.text
                sizes = [
                    len(http.get(f"/v1/briefs/{days[0]}", headers={"Accept": a}).content)
                    for a in ("application/json", "text/html")
                ]
                incidents = len(http.get(f"/v1/briefs/{days[0]}").json()["incidents"])
            print(
                f"brief of one day: ~{incidents} merged incidents; JSON {sizes[0] / 1024:.0f} KB, HTML "
                f"{sizes[1] / 1024:.0f} KB; "
                f"cold build + render (first request, no cache): median {statistics.median(cold):.0f} ms, max "
                f"{max(cold):.0f} ms"
            )
            print()
            print(
                f"1. GET /v1/briefs/{{date}} ({len(brief_lines):,} distinct briefs: {BRIEF_DAYS} days × "
                "JSON/HTML, each built once before)"
            )
            floor = load(base, reader, ["GET\t/healthz\t\t"], workdir)
            show("GET /healthz (baseline: the server's floor)", floor)
            brief = load(base, reader, brief_lines, workdir)
            show("GET /v1/briefs/{date}", brief)
            ok = brief["p50"] <= 20 and brief["p99"] <= 100 and brief["errors"] == 0
            print(
                f"  p50/p99 vs /healthz: {brief['p50'] / floor['p50']:.2f}× / {brief['p99'] / floor['p99']:.2f}×; "
                f"throughput {brief['rps'] / floor['rps']:.2f}× the floor's"
            )
            print(f"  target p50 ≤ 20 ms and p99 ≤ 100 ms: {'MET' if ok else 'MISS'}")
            why = f"/healthz in the same run: p50 {floor['p50']:.0f} ms, p99 {floor['p99']:.0f} ms; {load_note()}"
            for quantile, target in (("p50", 20), ("p99", 100)):
                record(
                    Goal(
                        bench="bench_api.py",
                        name=f"GET /v1/briefs/{{date}} {quantile}, {len(brief_lines):,} distinct briefs, "
                        f"{seeded.incidents // 1000}k incidents",
                        target=target,
                        measured=round(brief[quantile], 1),
                        unit="ms",
                        mode="warm",
                        times=f"{CONNECTIONS} connections ({tool.split()[0]}), each brief built once before",
                        reason=why + (f"; {brief['errors']} errors" if brief["errors"] else ""),
                    )
                )
            print()
            print(
                "2. POST /v1/check (20 ANT articles, ~150-word summaries)"
                if (SHARED / "corpus" / "ant").is_dir()
                else "2. POST /v1/check (20 gold reports, lexicon summaries; ../shared absent)"
            )
            pairs = check_pairs()
            same = [f"POST\t/v1/check\t\t{json.dumps(p, ensure_ascii=False)}" for p in pairs]
            fresh = [
                f"POST\t/v1/check\t\t{json.dumps({**p, 'text': p['text'] + ' Ref __UNIQUE__.'}, ensure_ascii=False)}"
                for p in pairs
            ]
            repeated = load(base, editor, same, workdir)
            show("same 20 pairs again (memoized checks)", repeated)
            distinct = load(base, editor, fresh, workdir, unique=True)
            show("a new summary every request", distinct)
            record(
                Goal(
                    bench="bench_api.py",
                    name="POST /v1/check, a new summary every request",
                    target=200,
                    measured=round(distinct["rps"]) if not distinct["errors"] else 0,
                    unit="requests/s",
                    mode="cold",
                    times=f"{CONNECTIONS} connections, the 20 pairs each with a new summary",
                    higher_is_better=True,
                    reason=f"{repeated['rps']:.0f}/s on repeated pairs in the same run; {distinct['errors']} errors; "
                    f"{load_note()}",
                )
            )
            print(
                "  target ≥ 200 requests/s: "
                f"{'MET' if min(repeated['rps'], distinct['rps']) >= 200 and not distinct['errors'] else 'MISS'}"
                f" (new summary every request: {distinct['rps']:.0f}/s)"
            )
        finally:
            server.terminate()
            server.wait(10)
            store.close()


if __name__ == "__main__":
    main()
