"""The goal table: every bench records its figures against its goals here, `make bench` prints them as
one table and the README's speed section is rewritten from it.

Each bench calls `record(Goal(...))` once per goal; the goals go, one JSON object a line, to the
results file (`BENCH_RESULTS`, default out/bench/results.jsonl), which `make bench` empties first. A
bench run again on its own replaces its rows of the earlier run (each row names its process's run).

Run: python bench/goals.py reset | table | readme [--readme README.md]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "<!-- goal table: written by `python bench/goals.py readme` from `make bench`; do not edit by hand -->"
END = "<!-- end of goal table -->"
RUN = f"{os.getpid()}-{time.time_ns()}"  # this process's run of its bench
HEADER = ("bench", "goal", "measured", "cold/warm", "what it times", "met", "why missed")


def results_path() -> Path:
    return Path(os.environ.get("BENCH_RESULTS") or ROOT / "out" / "bench" / "results.jsonl")


@dataclass(frozen=True, slots=True)
class Goal:
    """One goal of one bench and what this run measured against it."""

    bench: str  # the script, e.g. bench_scale.py
    name: str  # the goal, e.g. "cold build of 50,000 reports"
    target: float
    measured: float
    unit: str  # ms, s, MiB, articles/s, ×, % of ideal
    mode: str  # cold, warm, or cold+warm
    times: str  # what is timed, in a few words
    higher_is_better: bool = False
    reason: str = ""  # why it is missed (measured context: load, same-run baseline, profile)

    @property
    def met(self) -> bool:
        return self.measured >= self.target if self.higher_is_better else self.measured <= self.target

    def cells(self) -> tuple[str, ...]:
        sign = "≥" if self.higher_is_better else "≤"
        return (
            self.bench,
            f"{self.name} {sign} {_figure(self.target)} {self.unit}",
            f"{_figure(self.measured)} {self.unit}",
            self.mode,
            self.times,
            "met" if self.met else "MISSED",
            "" if self.met else self.reason or "no reason given",
        )


def _figure(value: float) -> str:
    if value == int(value) and abs(value) >= 10:
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"


def record(goal: Goal) -> None:
    """Add one goal's result to the results file (and say it on stdout)."""
    path = results_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"run": RUN, **asdict(goal)}, ensure_ascii=False) + "\n")
    cells = goal.cells()
    print(f"  goal: {cells[1]}: {cells[2]} ({cells[5]}{'; ' + cells[6] if cells[6] else ''})", flush=True)


def load(path: Path | None = None) -> list[Goal]:
    path = path or results_path()
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    latest = {row["bench"]: row.get("run") for row in rows}  # each bench's last run
    return [Goal(**row) for row in rows if row.pop("run", None) == latest[row["bench"]]]


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def table(goals: list[Goal]) -> str:
    """The goals as a Markdown table (also what the terminal shows)."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(_escape(c) for c in goal.cells()) + " |" for goal in goals]
    met = sum(goal.met for goal in goals)
    lines.append("")
    lines.append(f"{met} of {len(goals)} goals met; {len(goals) - met} missed, each with its reason.")
    return "\n".join(lines)


def section(goals: list[Goal], machine: str) -> str:
    """What the README holds between its markers."""
    return f"{BEGIN}\n{machine}\n\n{table(goals)}\n{END}"


def rewrite(readme: str, goals: list[Goal], machine: str) -> str:
    """The README with the text between the markers replaced by the goal table."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError("the README has no goal-table markers")
    return readme[:start] + section(goals, machine) + readme[end + len(END) :]


def format_problems(readme: str) -> list[str]:
    """How the text between the markers differs from what `section` writes (empty: it is in format)."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        return ["no goal-table markers"]
    body = readme[start + len(BEGIN) : end].split("\n")[1:-1]
    problems = []
    if len(body) < 7:
        return [f"{len(body)} lines between the markers: a machine line, a table and a summary need 7 or more"]
    if not body[0].startswith("Measured on ") or body[1] != "":
        problems.append("no machine line and blank line first")
    if body[2] != "| " + " | ".join(HEADER) + " |" or body[3] != "|" + "|".join("---" for _ in HEADER) + "|":
        problems.append("not the goal table's header")
    rows = body[4:-2]
    for row in rows:
        cells = row.removeprefix("| ").removesuffix(" |").split(" | ")
        if not row.startswith("| ") or len(cells) != len(HEADER):
            problems.append(f"not a row of {len(HEADER)} cells: {row[:60]}")
        elif cells[5] not in ("met", "MISSED") or (cells[5] == "MISSED") != bool(cells[6]):
            problems.append(f"a row without met/MISSED, or missed without its reason: {row[:60]}")
    met = sum(row.split(" | ")[5] == "met" for row in rows if len(row.split(" | ")) == len(HEADER))
    summary = f"{met} of {len(rows)} goals met; {len(rows) - met} missed, each with its reason."
    if body[-2] != "" or body[-1] != summary:
        problems.append(f"the last line is not the summary {summary!r}")
    return problems


def machine_line() -> str:
    load1, load5, _ = os.getloadavg()
    return (
        f"Measured on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {load1:.1f} "
        f"(5 min {load5:.1f}) when the table was written: a shared machine inflates every time."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the goal table of `make bench`")
    parser.add_argument("action", choices=["reset", "table", "readme"])
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args(argv)
    path = results_path()
    if args.action == "reset":
        path.unlink(missing_ok=True)
        return 0
    goals = load(path)
    if args.action == "table":
        print()
        print(f"Goal table ({path}):")
        print(table(goals))
        return 0
    if not goals:
        print(f"no results in {path}: run `make bench` first", file=sys.stderr)
        return 1
    args.readme.write_text(rewrite(args.readme.read_text(encoding="utf-8"), goals, machine_line()), encoding="utf-8")
    print(f"{args.readme}: goal table rewritten ({len(goals)} goals)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
