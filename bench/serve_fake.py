"""Serve the tests' local OpenAI-compatible server in its own process, for benchmarks.

Answers every request with the extract@v1 few-shot example after a fixed latency, prints its base
URL on one line, and runs until its standard input closes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_openai import FakeOpenAI, Reply  # noqa: E402

latency = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3
example = json.loads((ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8").splitlines()[0])
with FakeOpenAI() as server:
    server.default = lambda request: Reply.json(example["extraction"], latency=latency)
    print(server.base_url, flush=True)
    sys.stdin.read()
