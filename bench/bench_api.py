"""Benchmark of the HTTP API (issues 6 and 16), on loopback, each server in its own process.

Setup: a store with 100,000 incidents (real lexicon results on the gold reports, copied into
66,000+ articles spread over 1,000 days by bench/seed.py, so each day's brief merges ~100 reports),
on SQLite and on PostgreSQL (pgserver, when it is installed and starts: `--no-postgres` leaves it
out), served by `uvicorn api.app:app` (one process, uvloop + httptools, no access log).
`--baseline REV` serves the same store from another revision too (a git worktree), measured in the
same run with the same load. Every row gives the server process's CPU time per request (from
/proc) beside the wall-clock figures: on a shared, loaded machine the wall clock of a 50-connection
load measures the machine as much as the server.

1. GET /v1/briefs/{date}, 50 concurrent connections, rotating over 1,000 distinct briefs (500 days ×
   JSON and HTML), so the cache must hold them all (issue 16: a fixed cache of 256 made p99 collapse).
   - cold: each brief's first request, one at a time (build + render + gzip), reported apart;
   - warm: every brief built once before. Targets: p50 ≤ 20 ms, p99 ≤ 100 ms. The floor in the same
     run: a bare uvicorn app (no FastAPI, no key, no cache) sending the same bytes. The floor, this
     tree, the baseline and gzip take turns, three rounds of a third of the duration each; each row is
     its round of median p99 (load from elsewhere comes in bursts);
   - warm with gzip: the same with `Accept-Encoding: gzip`, as browsers and HTTP libraries send it;
   - warm while 8 other clients ask for briefs never built (the builds compete with the hits).
2. POST /v1/check, 50 concurrent connections: ANT articles with ~150-word summaries (bench/summaries.jsonl,
   when ../shared is there; else the gold reports with lexicon summaries), SQLite only. A new summary
   every request (the English side checked afresh) and the same pairs again (the checker memoizes
   them). Target: ≥ 200 requests/s. The API's own overhead is the difference from a bare FastAPI
   endpoint that runs the same check on the same body in the same run (no key, no limits, no metrics),
   the runs interleaved as above.

Load tool: wrk (Debian package `wrk`; C, event-driven, latency percentiles from its HdrHistogram),
when installed; otherwise an asyncio client on httpx (Python, 50 tasks), which then costs the
server part of the 2 cores, and the figures say which was used.

Run: .venv/bin/python bench/bench_api.py [--quick] [--baseline REV] [--no-postgres]
     (--quick: 20,000 incidents, 200 distinct briefs, 5 s runs)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from bench.goals import Goal, record  # noqa: E402
from bench.seed import gold_results, seed  # noqa: E402
from briefs.store import Store  # noqa: E402
from pydantic import BaseModel  # noqa: E402
from sqlalchemy import create_engine, make_url, text  # noqa: E402

CONNECTIONS = 50
BUILDING_CLIENTS = 8  # clients asking for briefs never built, during the "warm while building" run
FIRST_DAY = date(2024, 1, 1)
SHARED = ROOT.parent / "shared"


@dataclass(frozen=True)
class Size:
    incidents: int
    days: int
    brief_days: int  # × JSON and HTML: the distinct briefs of the warm runs (every other day)
    duration: int  # seconds per load run


FULL = Size(100_000, 1_000, 500, 10)
QUICK = Size(20_000, 200, 100, 5)


def tool_name() -> str:
    return "wrk" if shutil.which("wrk") else "httpx"


def load_note() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


# ---- the servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def waited_seconds(pid: int) -> float:
    """Time every live thread of `pid` spent runnable but waiting for a CPU (/proc/PID/task/*/schedstat)."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        with suppress(OSError, IndexError, ValueError):  # a thread that ended meanwhile
            total += int(stat.read_text().split()[1])
    return total / 1e9


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    base: str
    instrumented: bool = False

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def waited_seconds(self) -> float:
        """Time the server's main thread (its event loop) spent runnable but waiting for a CPU
        (/proc/PID/schedstat): the machine's other work, the load tool's included, holding both cores."""
        return int(Path(f"/proc/{self.process.pid}/schedstat").read_text().split()[1]) / 1e9

    def breakdown(self) -> dict | None:
        """The instrumented server's in-process timings since the last call (None for other servers)."""
        if not self.instrumented:
            return None
        return httpx.get(f"{self.base}{BREAKDOWN_PATH}", timeout=30).json()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(name: str, app: str, env: dict[str, str], *, tree: Path = ROOT, factory: bool = False) -> Server:
    port = free_port()
    environment = {
        **os.environ,
        "BRIEFS_API_RATE_PER_MINUTE": "1000000000",
        "BRIEFS_API_RATE_BURST": "1000000",
        **env,
    }
    environment.pop("BRIEFS_MODEL", None)
    command = [sys.executable, "-m", "uvicorn", app, *(["--factory"] if factory else [])]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning"]
    command += ["--loop", "uvloop", "--http", "httptools"]
    process = subprocess.Popen(command, cwd=tree, env=environment)  # cwd first on sys.path: the tree's code
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return Server(name, process, base, instrumented=app == INSTRUMENTED)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server {name} did not start")


def bare_briefs() -> Any:
    """The floor of serving a brief: a bare uvicorn ASGI app sending the bytes the API sent (read from
    BENCH_BRIEF_BODIES, one file per day and format), with no framework, key, cache or middleware."""
    folder = Path(os.environ["BENCH_BRIEF_BODIES"])
    bodies = {(path.stem, path.suffix[1:]): path.read_bytes() for path in folder.iterdir()}
    types = {"json": b"application/json", "html": b"text/html; charset=utf-8"}

    async def app(scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        accept = dict(scope["headers"]).get(b"accept", b"")
        fmt = "html" if b"text/html" in accept else "json"
        body = bodies.get((scope["path"].rsplit("/", 1)[-1], fmt), b"ok")
        headers = [(b"content-type", types[fmt]), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


INSTRUMENTED = "bench.bench_api:instrumented_api"
FAST_PATH_ANSWER = "briefs.fastpath.response"  # the scope key api.fastpath sets on the requests it answers
BREAKDOWN_PATH = "/bench/breakdown"
LAG_TICK = 0.002  # s between the event-loop lag probe's wake-ups


class Timings:
    """Durations (s) of one kind of work, summed up as count, p50, p99, max and total in ms."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    def add(self, seconds: float) -> None:
        self.samples.append(seconds)

    def summary(self) -> dict:
        ordered = sorted(self.samples)
        if not ordered:
            return {"n": 0, "p50": 0.0, "p99": 0.0, "max": 0.0, "total": 0.0}
        return {
            "n": len(ordered),
            "p50": ordered[len(ordered) // 2] * 1000,
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
            "max": ordered[-1] * 1000,
            "total": sum(ordered) * 1000,
        }


class Breakdown:
    """The API as `uvicorn api.app:app` serves it (`create_app()`, unchanged), with in-process timing of where
    a request's time goes, read and reset at BREAKDOWN_PATH (outside /v1, no key):
    - request: from the app being called to its return (the fast path, or the route: key, cache, build wait);
    - send: the part of that spent in the server's send() (uvicorn writing to the socket);
    - queue wait: how late the event loop runs a callback that is due (a probe sleeping LAG_TICK), i.e. how long
      a request that has arrived waits for the loop: other requests, a thread holding the GIL, the process
      waiting for a CPU;
    - route: the requests the fast path left to the route (a stale or missing brief);
    - gc: each collection's pause (a full one's CPU time apart);
    - revalidation: each read of the store's change marker;
    - build and compression: each brief's build (query + merge + render) and its gzip + ETag.
    With `?profile=start` / `?profile=stop`, cProfile on the event loop's thread (stop answers the top functions).
    """

    def __init__(self) -> None:
        import gc

        import api.briefcache as briefcache
        from api.app import create_app

        self.app = create_app()
        kinds = ["request", "route", "send", "queue", "gc young", "gc full", "gc full CPU", "revalidation", "build"]
        kinds.append("compression")
        self.kinds = {kind: Timings() for kind in kinds}
        self._probe: asyncio.Task | None = None
        self._profile: Any = None
        self._gc_started = (0.0, 0.0)
        cache = self.app.state.core.briefs
        changes, build, compress = cache.store.changes, cache.build, briefcache.rendered
        changes.marker = self._timed(changes.marker, "revalidation")
        cache.build = self._timed(build, "build")
        briefcache.rendered = self._timed(compress, "compression")
        gc.callbacks.append(self._gc)

    def _timed(self, function: Any, kind: str) -> Any:
        def timed(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args)
            finally:
                self.kinds[kind].add(time.perf_counter() - started)

        return timed

    def _gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_started = (time.perf_counter(), time.thread_time())
        elif info["generation"] == 2:
            self.kinds["gc full"].add(time.perf_counter() - self._gc_started[0])
            self.kinds["gc full CPU"].add(time.thread_time() - self._gc_started[1])
        else:
            self.kinds["gc young"].add(time.perf_counter() - self._gc_started[0])

    async def _lag_probe(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(LAG_TICK)
            self.kinds["queue"].add(max(0.0, time.perf_counter() - started - LAG_TICK))

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._probe is None:
            self._probe = asyncio.get_running_loop().create_task(self._lag_probe())
        if scope["path"] == BREAKDOWN_PATH:
            await self._report(scope, send)
            return
        sending = 0.0

        async def timed_send(message: MutableMapping[str, Any]) -> None:
            nonlocal sending
            started = time.perf_counter()
            await send(message)
            sending += time.perf_counter() - started

        started = time.perf_counter()
        await self.app(scope, receive, timed_send)
        self.kinds["request"].add(time.perf_counter() - started)
        if FAST_PATH_ANSWER not in scope:
            self.kinds["route"].add(time.perf_counter() - started)
        self.kinds["send"].add(sending)

    async def _report(self, scope: dict, send: Any) -> None:
        import cProfile
        import io
        import pstats

        query = scope.get("query_string", b"")
        if query == b"profile=start":
            self._profile = cProfile.Profile()
            self._profile.enable()
            body = b"{}"
        elif query == b"profile=stop" and self._profile is not None:
            self._profile.disable()
            out = io.StringIO()
            pstats.Stats(self._profile, stream=out).sort_stats("tottime").print_stats(20)
            self._profile = None
            body = json.dumps({"profile": out.getvalue()}).encode()
        else:
            body = json.dumps({kind: timings.summary() for kind, timings in self.kinds.items()}).encode()
            self.kinds = {kind: Timings() for kind in self.kinds}
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})


def instrumented_api() -> Breakdown:
    return Breakdown()


class Pair(BaseModel):
    """POST /v1/check's body, for the bare endpoint."""

    source: str
    text: str


def bare_check() -> Any:
    """The floor of POST /v1/check: a bare FastAPI endpoint that validates the same body and runs the same
    check, with no key, limits, input screening or metrics."""
    from briefs.grounding.checker import check
    from fastapi import FastAPI, Response

    app = FastAPI()

    @app.post("/v1/check")
    def checked(pair: Pair) -> Response:
        report = check(pair.source, pair.text).to_json()
        return Response(json.dumps(report, ensure_ascii=False).encode("utf-8"), media_type="application/json")

    @app.get("/readyz")
    def ready() -> dict:
        return {}

    return app


def baseline_tree(rev: str, folder: Path) -> Path:
    tree = folder / "baseline"
    done = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"--baseline {rev}: {done.stderr.strip()}")
    return tree


def baseline_store(url: str, baseline: Path, workdir: Path) -> str:
    """A copy of the seeded store for the baseline's server, recorded at the baseline's own schema revision
    when it is older (the tables this tree's revisions add stay; the older code does not read them): an
    older revision refuses a store recorded at a revision it does not know."""
    found = re.search(r'^HEAD = "([^"]+)"', (baseline / "briefs" / "migrations" / "__init__.py").read_text(), re.M)
    if found is None:
        return url
    if url.startswith("sqlite:///"):
        copy = workdir / f"baseline-{Path(url).stem}.db"
        with sqlite3.connect(url.removeprefix("sqlite:///")) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        target_url = f"sqlite:///{copy}"
    else:  # PostgreSQL: a database made from the seeded one (nothing may be connected to it meanwhile)
        driver_url = make_url("postgresql+psycopg://" + url.split("://", 1)[1])
        name = f"{driver_url.database}_baseline"
        admin = create_engine(driver_url.set(database="template1"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{driver_url.database}"'))
        admin.dispose()
        target_url = driver_url.set(database=name).render_as_string(hide_password=False)
    engine = create_engine(target_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": found.group(1)})
    engine.dispose()
    return target_url


# ---- load -----------------------------------------------------------------------------------------

WRK_SCRIPT = r"""
local requests = {}
local counter = 0
function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    local method, path, accept, body = line:match("^(%S+)\t(%S+)\t(%S*)\t(.*)$")
    local headers = { ["Authorization"] = "Bearer " .. args[2] }
    if args_gzip then headers["Accept-Encoding"] = "gzip" end
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


def run_wrk(base: str, key: str, lines: list[str], unique: bool, gzip: bool, seconds: int, workdir: Path) -> dict:
    script = workdir / "load.lua"
    flags = f"args_unique = {str(unique).lower()}\nargs_gzip = {str(gzip).lower()}\n"
    script.write_text(flags + WRK_SCRIPT, encoding="utf-8")
    plan = workdir / "requests.tsv"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with subprocess.Popen(
        [*command, "--", str(plan), key], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as wrk:
        waited = 0.0
        while wrk.poll() is None:  # its wait for a CPU, read while it lives (schedstat goes with the process)
            waited = max(waited, waited_seconds(wrk.pid))
            time.sleep(0.2)
        stdout, stderr = wrk.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((out for out in stderr.splitlines() if out.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {stdout}\n{stderr}")
    figures = json.loads(line.removeprefix("WRKJSON "))
    figures["rps"] = figures["requests"] / figures["seconds"]
    client_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    figures["client_cpu_ms"] = client_cpu * 1000 / max(figures["requests"], 1)
    figures["client_waited"] = waited / figures["seconds"]
    return figures


async def run_python(base: str, key: str, lines: list[str], unique: bool, gzip: bool, seconds: int) -> dict:
    plan = []
    for line in lines:
        method, path, accept, body = line.split("\t", 3)
        headers = {"Authorization": f"Bearer {key}", "Accept-Encoding": "gzip" if gzip else "identity"}
        headers |= {"Accept": accept} if accept else {}
        headers |= {"Content-Type": "application/json"} if body else {}
        plan.append((method, path, headers, body))
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

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
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000,
        "max": latencies[-1] * 1000,
        "errors": errors,
        "non2xx": errors,
    }


def load(
    server: Server, key: str, lines: list[str], seconds: int, workdir: Path, *, unique: bool = False, gzip: bool = False
) -> dict:
    """Drive `server` with CONNECTIONS connections for `seconds`; the figures with the server's CPU per request."""
    server.breakdown()  # starts the instrumented server's count afresh
    cpu, waited = server.cpu_seconds(), server.waited_seconds()
    if shutil.which("wrk"):
        figures = run_wrk(server.base, key, lines, unique, gzip, seconds, workdir)
    else:
        figures = asyncio.run(run_python(server.base, key, lines, unique, gzip, seconds))
    figures["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / max(figures["requests"], 1)
    figures["waited"] = (server.waited_seconds() - waited) / figures["seconds"]
    figures["breakdown"] = server.breakdown()
    return figures


@contextmanager
def building(server: Server, key: str, wanted: list[tuple[str, str]]) -> Iterator[list[float]]:
    """BUILDING_CLIENTS clients asking, one request at a time each, for briefs never built, while the body
    runs; yields the list their latencies (s) go to."""
    latencies: list[float] = []
    stop = threading.Event()

    def client(number: int) -> None:
        with httpx.Client(base_url=server.base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as http:
            for path, accept in wanted[number::BUILDING_CLIENTS]:
                if stop.is_set():
                    return
                started = time.perf_counter()
                http.get(path, headers={"Accept": accept})
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(BUILDING_CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        yield latencies
    finally:
        stop.set()
        for thread in threads:
            thread.join(120)


@dataclass(frozen=True)
class Run:
    server: Server
    key: str
    lines: list[str]
    unique: bool = False
    gzip: bool = False


ROUNDS = 3


def interleaved(runs: dict[str, Run], size: Size, workdir: Path) -> dict[str, dict]:
    """Each run ROUNDS times, taking turns (so that a burst of load elsewhere does not fall on one of them
    only), each round a third of the duration; per run, the round of median p99, printed."""
    rounds: dict[str, list[dict]] = {title: [] for title in runs}
    seconds = max(2, size.duration // ROUNDS)
    for _ in range(ROUNDS):
        for title, run in runs.items():
            rounds[title].append(
                load(run.server, run.key, run.lines, seconds, workdir, unique=run.unique, gzip=run.gzip)
            )
    chosen = {}
    for title, figures in rounds.items():
        chosen[title] = sorted(figures, key=lambda f: f["p99"])[len(figures) // 2]
        show(title, chosen[title])
    return chosen


def cold_builds(server: Server, key: str, lines: list[str]) -> tuple[list[float], float] | str:
    """Each brief's first request, one at a time: latencies (ms) and the server's CPU ms per build; or the
    first failure's answer."""
    latencies = []
    cpu = server.cpu_seconds()
    with httpx.Client(base_url=server.base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as http:
        for line in lines:
            _, path, accept, _ = line.split("\t", 3)
            started = time.perf_counter()
            response = http.get(path, headers={"Accept": accept, "Accept-Encoding": "identity"})
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                return f"{path} answered {response.status_code}: {response.text[:200]}"
    return latencies, (server.cpu_seconds() - cpu) * 1000 / len(lines)


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
    client = (
        f"  client CPU {figures['client_cpu_ms']:5.3f} ms/req, waiting for a CPU {figures['client_waited']:4.0%}"
        if "client_cpu_ms" in figures
        else ""
    )
    print(
        f"  {title:<46} {figures['rps']:7.0f} req/s  p50 {figures['p50']:7.2f} ms  p99 {figures['p99']:7.2f} ms  "
        f"max {figures['max']:7.1f} ms  server CPU {figures['cpu_ms']:6.3f} ms/req, waiting for a CPU "
        f"{figures['waited']:4.0%}{client}  errors {figures['errors']}",
        flush=True,
    )


BREAKDOWN_ROWS = (
    ("request", "in the app (call to return)"),
    ("route", "  of which not on the fast path (the route)"),
    ("send", "  of which in send()"),
    ("queue", f"queue wait (event-loop lag, {LAG_TICK * 1000:.0f} ms probe)"),
    ("gc young", "garbage collections, generations 0-1"),
    ("gc full", "garbage collections, full"),
    ("gc full CPU", "  their CPU time"),
    ("revalidation", "revalidation (change marker read)"),
    ("build", "brief builds"),
    ("compression", "gzip + ETag per build"),
)


def show_breakdown(title: str, figures: dict) -> str:
    """Where the time of `figures`' run went inside the instrumented server; returns a one-line summary."""
    parts = figures.get("breakdown")
    if not parts:
        return ""
    print(f"  where the time goes, {title} (client p99 {figures['p99']:.1f} ms):")
    for kind, label in BREAKDOWN_ROWS:
        t = parts[kind]
        if t["n"]:
            print(
                f"    {label:<44} n {t['n']:7d}  p50 {t['p50']:7.3f} ms  p99 {t['p99']:7.3f} ms  "
                f"max {t['max']:7.1f} ms  total {t['total']:8.1f} ms",
                flush=True,
            )
    print(
        f"    the server process waited for a CPU {figures['waited']:.0%} of the run"
        + (f", the load tool {figures['client_waited']:.0%}" if "client_waited" in figures else ""),
        flush=True,
    )
    request, queue = parts["request"], parts["queue"]
    return (
        f"in the app p99 {request['p99']:.2f} ms, queue wait (loop lag) p99 {queue['p99']:.1f} ms "
        f"max {queue['max']:.0f} ms, GC max {max(parts['gc young']['max'], parts['gc full']['max']):.1f} ms, "
        f"revalidation max {parts['revalidation']['max']:.1f} ms; server waiting for a CPU {figures['waited']:.0%}"
    )


def profile_under_load(server: Server, key: str, lines: list[str], seconds: int, workdir: Path) -> None:
    """cProfile on the instrumented server's event-loop thread during one warm run: its top functions."""
    if not server.instrumented:
        return
    httpx.get(f"{server.base}{BREAKDOWN_PATH}?profile=start", timeout=30)
    load(server, key, lines, seconds, workdir)
    profile = httpx.get(f"{server.base}{BREAKDOWN_PATH}?profile=stop", timeout=60).json()["profile"]
    print("  profile of the event loop's thread under load (cProfile, by own time):")
    for row in profile.splitlines():
        if row.strip():
            print("    " + row[:160])


def postgres(folder: Path) -> Any:
    """A pgserver PostgreSQL, or the reason there is none."""
    try:
        import pgserver
    except ImportError:
        return "pgserver is not installed (pip install -e '.[test]')"
    try:
        return pgserver.get_server(folder / "pg", cleanup_mode="stop")
    except Exception as error:  # noqa: BLE001 - no server on this machine: say why and go on
        return f"PostgreSQL did not start: {error}"


def line(path: str, accept: str = "", body: str = "", method: str = "GET") -> str:
    return f"{method}\t{path}\t{accept}\t{body}"


FORMATS = ("application/json", "text/html")


def briefs_bench(
    backend: str, url: str, size: Size, baseline: Path | None, workdir: Path, profile: bool = False
) -> tuple[dict[str, Server], str]:
    """Section 1 on one store; returns the running API servers (this tree's first) and an editor key for
    section 2."""
    store = Store(url)
    started = time.perf_counter()
    seeded = seed(store, size.incidents, size.days, FIRST_DAY)
    print(
        f"\n[{backend}] store: {seeded.incidents:,} incidents in {seeded.articles:,} articles over {size.days} days, "
        f"seeded in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    reader = store.keys.create("reader", "bench")[0]
    editor = store.keys.create("editor", "bench")[0]
    store.close()
    env = {"BRIEFS_DATABASE_URL": url}
    baseline_env = {"BRIEFS_DATABASE_URL": baseline_store(url, baseline, workdir)} if baseline is not None else {}
    servers = {"this tree": start_server("this tree", INSTRUMENTED, env, factory=True)}
    if baseline is not None:
        try:
            servers["baseline"] = start_server("baseline", "api.app:app", baseline_env, tree=baseline)
        except RuntimeError as error:  # e.g. a revision older than the store's schema
            print(f"  baseline: {error} (its log above says why); measured without it", flush=True)
    try:
        return measure_briefs(backend, seeded.incidents, servers, reader, size, workdir, profile), editor
    except BaseException:
        for server in servers.values():
            server.stop()
        raise


def measure_briefs(
    backend: str, incidents: int, servers: dict[str, Server], reader: str, size: Size, workdir: Path, profile: bool
) -> dict[str, Server]:
    step = size.days // size.brief_days
    warm_days = [FIRST_DAY + timedelta(days=d * step) for d in range(size.brief_days)]
    brief_lines = [line(f"/v1/briefs/{d.isoformat()}", accept) for d in warm_days for accept in FORMATS]
    never_built = [
        (f"/v1/briefs/{(FIRST_DAY + timedelta(days=d)).isoformat()}", accept)
        for d in range(size.days)
        if d % step
        for accept in FORMATS
    ]
    n = len(brief_lines)
    print(f"1. GET /v1/briefs/{{date}} ({n:,} distinct briefs: {size.brief_days} days × JSON/HTML)", flush=True)
    for name, server in list(servers.items()):
        outcome = cold_builds(server, reader, brief_lines)
        if isinstance(outcome, str):
            print(f"  cold, {name}: FAILS on {backend}: {outcome}; left out of the runs below", flush=True)
            server.stop()
            del servers[name]
            continue
        cold, cpu = outcome
        print(
            f"  cold, {server.name}: each brief's first request, one at a time: "
            f"median {statistics.median(cold):.0f} ms, p90 {statistics.quantiles(cold, n=10)[-1]:.0f} ms, "
            f"max {max(cold):.0f} ms; server CPU {cpu:.0f} ms per build",
            flush=True,
        )
    bodies = workdir / f"bodies-{backend}"
    bodies.mkdir()
    with httpx.Client(base_url=servers["this tree"].base, headers={"Authorization": f"Bearer {reader}"}) as http:
        for brief in brief_lines:
            _, path, accept, _ = brief.split("\t", 3)
            body = http.get(path, headers={"Accept": accept, "Accept-Encoding": "identity"}).content
            (bodies / f"{path.rsplit('/', 1)[-1]}.{'html' if accept == 'text/html' else 'json'}").write_bytes(body)
    sizes = [len((bodies / f"{warm_days[0].isoformat()}.{fmt}").read_bytes()) / 1024 for fmt in ("json", "html")]
    print(f"  one day's brief: JSON {sizes[0]:.0f} KB, HTML {sizes[1]:.0f} KB", flush=True)
    floor_server = start_server(
        "floor", "bench.bench_api:bare_briefs", {"BENCH_BRIEF_BODIES": str(bodies)}, factory=True
    )
    runs = {"floor: bare uvicorn app, the same bytes": Run(floor_server, reader, brief_lines)}
    runs |= {f"warm, {name}": Run(server, reader, brief_lines) for name, server in servers.items()}
    runs["warm, this tree, Accept-Encoding: gzip"] = Run(servers["this tree"], reader, brief_lines, gzip=True)
    try:
        warm = interleaved(runs, size, workdir)
    finally:
        floor_server.stop()
    floor, packed = warm["floor: bare uvicorn app, the same bytes"], warm["warm, this tree, Accept-Encoding: gzip"]
    ours = warm["warm, this tree"]
    inside = show_breakdown("warm, this tree", ours)
    show_breakdown("warm, this tree, gzip", packed)
    for number, server in enumerate(servers.values()):
        with building(server, reader, never_built[number :: len(servers)]) as builds:
            mixed = load(server, reader, brief_lines, size.duration, workdir)
        show(f"warm while {BUILDING_CLIENTS} clients build, {server.name}", mixed)
        if builds:
            print(f"    ({len(builds)} briefs built meanwhile, median {statistics.median(builds) * 1000:.0f} ms each)")
        show_breakdown(f"warm while {BUILDING_CLIENTS} clients build, {server.name}", mixed)
    if profile:
        profile_under_load(servers["this tree"], reader, brief_lines, max(2, size.duration // ROUNDS), workdir)
    print(
        f"  this tree vs the floor: p50 {ours['p50'] / floor['p50']:.2f}×, p99 {ours['p99'] / floor['p99']:.2f}×, "
        f"server CPU {ours['cpu_ms'] / floor['cpu_ms']:.2f}× per request",
        flush=True,
    )
    client = (
        f"; the load tool's CPU {ours['client_cpu_ms']:.2f} ms/request beside the server's {ours['cpu_ms']:.2f}"
        if "client_cpu_ms" in ours
        else ""
    )
    why = (
        f"the floor (bare uvicorn, the same bytes) in the same run: p50 {floor['p50']:.0f} ms, "
        f"p99 {floor['p99']:.0f} ms (server waiting for a CPU {floor['waited']:.0%} of it){client}; {inside}; "
        f"with gzip p99 {packed['p99']:.0f} ms; {load_note()}"
    )
    for quantile, target in (("p50", 20), ("p99", 100)):
        record(
            Goal(
                bench="bench_api.py",
                name=f"GET /v1/briefs/{{date}} {quantile}, {n:,} distinct briefs, "
                f"{incidents // 1000}k incidents, {backend}",
                target=target,
                measured=round(ours[quantile], 1),
                unit="ms",
                mode="warm",
                times=f"{CONNECTIONS} connections ({tool_name()}), each brief built once before",
                reason=why + (f"; {ours['errors']} errors" if ours["errors"] else ""),
            )
        )
    return servers


def check_bench(servers: dict[str, Server], key: str, size: Size, workdir: Path) -> None:
    shared = (SHARED / "corpus" / "ant").is_dir()
    print(
        "\n2. POST /v1/check (20 ANT articles, ~150-word summaries)"
        if shared
        else "\n2. POST /v1/check (20 gold reports, lexicon summaries; ../shared absent)",
        flush=True,
    )
    pairs = check_pairs()
    same = [line("/v1/check", body=json.dumps(p, ensure_ascii=False), method="POST") for p in pairs]
    fresh = [
        line(
            "/v1/check",
            body=json.dumps({**p, "text": p["text"] + " Ref __UNIQUE__."}, ensure_ascii=False),
            method="POST",
        )
        for p in pairs
    ]
    bare = start_server("bare FastAPI check", "bench.bench_api:bare_check", {}, factory=True)
    runs = {"bare FastAPI endpoint, a new summary each": Run(bare, key, fresh, unique=True)}
    runs |= {
        f"API, a new summary each, {name}": Run(server, key, fresh, unique=True) for name, server in servers.items()
    }
    try:
        for run in runs.values():
            load(run.server, key, fresh, 1, workdir, unique=True)  # warm-up: lazy imports, the 20 sources' caches
        distinct = interleaved(runs, size, workdir)
    finally:
        bare.stop()
    floor, ours = distinct["bare FastAPI endpoint, a new summary each"], distinct["API, a new summary each, this tree"]
    repeated = load(servers["this tree"], key, same, size.duration, workdir)
    show("API, the same 20 pairs again (memoized checks)", repeated)
    overhead = ours["cpu_ms"] - floor["cpu_ms"]
    print(
        f"  the API's own overhead: {overhead:.2f} ms of server CPU per request "
        f"({overhead / ours['cpu_ms']:.0%} of {ours['cpu_ms']:.2f}); "
        f"throughput {ours['rps'] / floor['rps']:.2f}× the bare endpoint's",
        flush=True,
    )
    record(
        Goal(
            bench="bench_api.py",
            name="POST /v1/check, a new summary every request",
            target=200,
            measured=round(ours["rps"]) if not ours["errors"] else 0,
            unit="requests/s",
            mode="cold",
            times=f"{CONNECTIONS} connections, the 20 pairs each with a new summary",
            higher_is_better=True,
            reason=f"a bare FastAPI endpoint running the same check: {floor['rps']:.0f}/s in the same run; "
            f"the API's own CPU {overhead:.2f} of {ours['cpu_ms']:.2f} ms per request, the rest is the check; "
            f"{repeated['rps']:.0f}/s on repeated pairs; {ours['errors']} errors; {load_note()}",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 incidents, 200 distinct briefs, 5 s runs")
    parser.add_argument("--baseline", metavar="REV", help="also serve the same stores from this revision")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--profile", action="store_true", help="print a profile of the server's event loop under load")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    tool = (
        "wrk " + subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
        if shutil.which("wrk")
        else f"httpx {httpx.__version__} asyncio client (wrk not installed: apt-get install wrk)"
    )
    print(
        f"HTTP API on loopback: uvicorn, 1 process; load: {tool}, {CONNECTIONS} concurrent connections, "
        f"{size.duration} s per run; {os.cpu_count()} cores shared by server and load tool; {load_note()}"
    )
    with tempfile.TemporaryDirectory(prefix="briefs-bench-api-") as folder:
        workdir = Path(folder)
        baseline = baseline_tree(args.baseline, workdir) if args.baseline else None
        try:
            servers, editor = briefs_bench(
                "SQLite", f"sqlite:///{workdir / 'api.db'}", size, baseline, workdir, args.profile
            )
            try:
                check_bench(servers, editor, size, workdir)
            finally:
                for server in servers.values():
                    server.stop()
            if args.no_postgres:
                print("\n[PostgreSQL] left out (--no-postgres)")
                return
            pg = postgres(workdir)
            if isinstance(pg, str):
                print(f"\n[PostgreSQL] not measured: {pg}")
                return
            try:
                for server in briefs_bench("PostgreSQL", pg.get_uri(), size, baseline, workdir, args.profile)[
                    0
                ].values():
                    server.stop()
            finally:
                pg.cleanup()
        finally:
            if baseline is not None:
                with suppress(OSError):
                    subprocess.run(
                        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(baseline)], check=False
                    )


if __name__ == "__main__":
    main()
