"""Start-up of the `briefs` command (issue 16, item 3), against its goals.

Times fresh processes (hyperfine-like: RUNS runs of each, minimum and median wall time, minimum CPU time
of the child), for this tree and, in the same run, the merge base with main checked out in a temporary
`git worktree`:

- `python -c pass`: the interpreter alone, the floor any command pays (the machine's load shows here);
- `briefs --version`: goal <= 80 ms;
- `briefs check` on one article and one English sentence (text output, to a pipe: plain lines): goal
  <= 150 ms; each run checks another of the sample day's articles, so no run sees an input twice; and the
  same with `--format json` (no goal);
- `briefs brief` of one day over a 5,000-incident store (JSON): no goal, shown for what start-up costs it.

Both trees are byte-compiled first, as an installed package is. Then `python -X importtime` of that
`briefs check` and of the `briefs brief`: the import time in all and the ten costliest top-level imports,
before and after. A goal is judged on this tree's least wall time and, apart, on its least CPU time: on
a loaded machine (the load average is printed) wall time waits for a core, and CPU time is the nearer to
what an idle machine gives.

Run: .venv/bin/python bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.goals import Goal, record  # noqa: E402

ENTRY = "import sys; from briefs.cli import main; sys.argv[0] = 'briefs'; main()"
SUMMARY = "Five soldiers were killed and eight wounded on Thursday."
DAY = ROOT / "briefs" / "samples" / "day" / "2024-03-14.jsonl"


@dataclass(frozen=True, slots=True)
class Timing:
    best: float  # ms, wall
    median: float  # ms, wall
    cpu: float  # ms, user + system of the child, the least of the runs


@dataclass(frozen=True, slots=True)
class Command:
    label: str
    args: list[list[str]]  # one argument list per run, cycled
    goal_ms: float | None
    python_only: bool = False  # `python -c pass` instead of the briefs entry point


def timed(tree: Path, command: Command, runs: int, env: dict[str, str]) -> Timing:
    walls, cpus = [], []
    for run in range(runs):
        args = command.args[run % len(command.args)]
        argv = [sys.executable, "-c", "pass"] if command.python_only else [sys.executable, "-c", ENTRY, *args]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, env={**env, "PYTHONPATH": str(tree)}, capture_output=True, cwd=tree, check=False)
        walls.append((time.perf_counter() - started) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return Timing(min(walls), statistics.median(walls), min(cpus))


def import_profile(tree: Path, args: list[str], env: dict[str, str]) -> tuple[float, list[tuple[str, float]]]:
    """(all import time in ms, the top-level imports with their ms, costliest first) of one fresh run, by
    `python -X importtime` (which itself slows imports down: compare its figures with each other)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", ENTRY, *args],
        env={**env, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        cwd=tree,
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2][1:].startswith(" "):
            rows.append((parts[2].strip(), int(parts[1]) / 1000))
    return sum(ms for _, ms in rows), sorted(rows, key=lambda r: -r[1])


def share(rows: list[tuple[str, float]], *packages: str) -> float:
    """The ms of the top-level imports under `packages`."""
    return sum(ms for module, ms in rows if any(module == p or module.startswith(p + ".") for p in packages))


def baseline_tree(folder: Path) -> tuple[Path | None, str]:
    rev = subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], capture_output=True, text=True, check=False
    ).stdout.strip()
    old = folder / "baseline"
    added = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), rev], capture_output=True, check=False
    )
    return (old if rev and added.returncode == 0 else None), rev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per command and tree")
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT))
    from bench.seed import seed
    from briefs.store import Store

    with tempfile.TemporaryDirectory(prefix="briefs-bench-startup-") as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'startup.db'}"
        store = Store(url)
        seed(store, 5_000, 50)
        store.close()
        articles = []
        for number, line in enumerate(DAY.read_text(encoding="utf-8").splitlines()):
            path = folder / f"article-{number}.txt"
            path.write_text(json.loads(line)["text"], encoding="utf-8")
            articles.append(path)
        # The check's tables are kept on disk by the first process (briefs.arabic.tables): a cache of the
        # run's own, so the first run of this tree builds them (its wall time is in the median, not the best).
        env = {**os.environ, "BRIEFS_DATABASE_URL": url, "BRIEFS_CACHE_DIR": str(folder / "cache")}
        commands = [
            Command("python -c pass (the floor)", [[]], None, python_only=True),
            Command("briefs --version", [["--version"]], 80),
            Command(
                "briefs check (one pair)", [["check", "--source", str(a), "--summary", SUMMARY] for a in articles], 150
            ),
            Command(
                "briefs check (one pair), --format json",
                [["check", "--source", str(a), "--summary", SUMMARY, "--format", "json"] for a in articles],
                None,
            ),
            Command(
                "briefs brief (one day, 5,000 incidents)", [["brief", "--date", "2024-01-20", "--format", "json"]], None
            ),
        ]
        old, rev = baseline_tree(folder)
        trees = {"before": old, "after": ROOT} if old is not None else {"after": ROOT}
        for tree in trees.values():  # byte-compiled, as pip installs a package (even under PYTHONDONTWRITEBYTECODE)
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "briefs")], capture_output=True)
        try:
            print(
                f"`briefs` start-up: {runs} fresh processes per cell; wall ms best / median, CPU ms best; "
                f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
                + (f"; before = merge base {rev[:10]}" if old is not None else "")
            )
            header = f"| {'command':<42} |" + "".join(f" {t + ' wall':>16} | {t + ' cpu':>10} |" for t in trees)
            print(header + f" {'goal':>7} | met (wall / cpu) |")
            print(
                "|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|---------|------------------|"
            )
            timings: dict[str, Timing] = {}
            for command in commands:
                cells = ""
                for tree in trees.values():
                    timing = timed(tree, command, runs, env)
                    cells += f" {timing.best:7.0f} / {timing.median:6.0f} | {timing.cpu:10.0f} |"
                    timings[command.label] = timing  # the last tree's: this one
                goal = f"{command.goal_ms:.0f} ms" if command.goal_ms else ""
                met = ""
                if command.goal_ms is not None:
                    after = timings[command.label]
                    met = " / ".join("yes" if ms <= command.goal_ms else "NO" for ms in (after.best, after.cpu))
                print(f"| {command.label:<42} |{cells} {goal:>7} | {met:>16} |", flush=True)
            profiles = {}
            for command in (commands[2], commands[4]):
                name = command.args[0][0]
                for label, tree in trees.items():
                    total, rows = profiles[name] = import_profile(tree, command.args[0], env)
                    print(
                        f"python -X importtime, briefs {name}, {label}: {total:.0f} ms of imports; "
                        + ", ".join(f"{module} {ms:.0f}" for module, ms in rows[:10])
                    )
            total, rows = profiles["check"]
            floor, as_json = timings[commands[0].label].cpu, timings[commands[3].label].cpu
            why = {
                commands[1].label: f"the interpreter alone takes {floor:.0f} ms of CPU",
                commands[2].label: f"{floor:.0f} ms of it the interpreter; under importtime {total:.0f} ms of imports, "
                f"{share(rows, 'briefs.grounding', 'briefs.arabic'):.0f} ms of them the checker's (briefs.grounding, "
                f"briefs.arabic) and {share(rows, 'rich'):.0f} ms rich (drawn only for a terminal; with --format json "
                f"{as_json:.0f} ms CPU); the rest the check's first call, which builds its name and word tables",
            }
            for command in commands[1:3]:
                after = timings[command.label]
                assert command.goal_ms is not None
                record(
                    Goal(
                        bench="bench_startup.py",
                        name=command.label,
                        target=command.goal_ms,
                        measured=round(after.best),
                        unit="ms",
                        mode="cold",
                        times=f"a fresh process, least wall time of {runs}",
                        reason=f"its CPU time {after.cpu:.0f} ms, {why[command.label]}; "
                        f"load average {os.getloadavg()[0]:.1f}",
                    )
                )
        finally:
            if old is not None:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)


if __name__ == "__main__":
    main()
