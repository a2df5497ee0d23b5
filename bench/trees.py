"""Another revision of the project, for the benches that measure it beside this tree in the same run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@contextmanager
def baseline_tree(rev: str) -> Iterator[Path]:
    """A temporary detached git worktree of `rev`, with ../shared beside it as beside this tree (a bench
    that runs the other revision's own script finds the corpus there); removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="briefs-baseline-") as scratch:
        tree = Path(scratch) / "baseline"
        if SHARED.is_dir():
            (Path(scratch) / "shared").symlink_to(SHARED)
        done = subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SystemExit(f"--baseline {rev}: {done.stderr.strip()}")
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)


def in_tree(tree: Path, script: Path, *args: str) -> Any:
    """Run `script` with `args` in a fresh interpreter that imports the project from `tree`: the JSON of
    its last line of output."""
    done = subprocess.run(
        [sys.executable, str(script), *args],
        env={**os.environ, "PYTHONPATH": str(tree)},
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None
