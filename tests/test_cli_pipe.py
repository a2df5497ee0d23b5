"""A reader that leaves early (`briefs numbers … --format json | head`) is not a bug of ours: no "internal
error", no traceback, exit 1 as Python's own documented EPIPE handling does."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_a_closed_pipe_ends_quietly(tmp_path):
    article = tmp_path / "many.txt"
    # More JSON than a pipe holds (64 KiB), so the writer is still writing when the reader has gone.
    article.write_text(" ".join(f"قتل {i} شخصا" for i in range(1, 3000)), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "briefs", "numbers", str(article), "--format", "json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
