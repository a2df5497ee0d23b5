"""Start-up of the `briefs` command (issue 16): wall time of `briefs --version` and of `briefs check`
on one article and summary, and of `briefs brief` of one day over a 5,000-incident store, each the
best of 5 fresh processes, for this tree and (in the same run) the merge base with main checked out in
a temporary `git worktree`; and the modules that cost most to import (`python -X importtime`).

Run: .venv/bin/python bench/bench_startup.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
ENTRY = "import sys; from briefs.cli import main; sys.argv[0] = 'briefs'; main()"


def best(tree: Path, args: list[str], env: dict) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", ENTRY, *args], env={**env, "PYTHONPATH": str(tree)}, capture_output=True, cwd=tree
        )
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def top_imports(tree: Path, env: dict, n: int = 6) -> list[tuple[str, float]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import briefs.cli"],
        env={**env, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        cwd=tree,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and len(parts[2]) - len(parts[2].lstrip()) <= 3:
            rows.append((parts[2].strip(), int(parts[1]) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:n]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.goals import Goal, record
    from bench.seed import seed
    from briefs.store import Store

    with tempfile.TemporaryDirectory(prefix="briefs-bench-startup-") as folder:
        url = f"sqlite:///{Path(folder) / 'startup.db'}"
        store = Store(url)
        seed(store, 5_000, 50)
        store.close()
        source, summary = (
            Path(folder) / "article.txt",
            "Five soldiers were killed and eight wounded in al-Mayadin on Thursday.",
        )
        source.write_text((ROOT / "briefs" / "samples" / "article.txt").read_text(encoding="utf-8"), encoding="utf-8")
        env = {**os.environ, "BRIEFS_DATABASE_URL": url}
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], capture_output=True, text=True
        ).stdout.strip()
        trees = {"after": ROOT}
        old = Path(folder) / "baseline"
        if (
            rev
            and subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), rev], capture_output=True
            ).returncode
            == 0
        ):
            trees = {"before": old, **trees}
        try:
            commands = {
                "briefs --version": ["--version"],
                "briefs check (one pair)": ["check", "--source", str(source), "--summary", summary],
                "briefs brief (one day, 5,000-incident store)": ["brief", "--date", "2024-01-20", "--format", "json"],
            }
            print(f"best of {RUNS} fresh processes, ms" + (f"; before = {rev[:10]}" if "before" in trees else ""))
            print(f"  {'command':<46}" + "".join(f"{name:>10}" for name in trees))
            goals = {"briefs --version": 80.0, "briefs check (one pair)": 150.0}
            for label, args in commands.items():
                times = {name: best(tree, args, env) for name, tree in trees.items()}
                print(f"  {label:<46}" + "".join(f"{ms:10.0f}" for ms in times.values()), flush=True)
                if label in goals:
                    record(
                        Goal(
                            bench="bench_startup.py",
                            name=label,
                            target=goals[label],
                            measured=round(times["after"]),
                            unit="ms",
                            mode="cold",
                            times=f"a fresh process, best of {RUNS}",
                            reason=f"before: {times.get('before', 0):.0f} ms; load average {os.getloadavg()[0]:.1f}",
                        )
                    )
            for name, tree in trees.items():
                print(
                    f"import briefs.cli, {name}: "
                    + ", ".join(f"{module} {ms:.0f} ms" for module, ms in top_imports(tree, env))
                )
        finally:
            if "before" in trees:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)


if __name__ == "__main__":
    main()
