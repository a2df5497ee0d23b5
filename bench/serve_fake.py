"""Serve the tests' local OpenAI-compatible server in its own process, for benchmarks.

Answers each request, a fixed latency after it arrived, with the extraction of the few-shot example
(extract@v1 and v3) whose article is in the request (a trailing "رقم المرجع N" line, which makes each benchmark
article new, is ignored); prints its base URL on one line and runs until its standard input closes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_openai import FakeOpenAI, Reply  # noqa: E402

FENCE = re.compile(r"<article>\n(.*?)(?:\nرقم المرجع \d+)?\n</article>", re.S)


def examples() -> dict[str, dict]:
    found = {}
    for version in ("v1", "v3"):
        for line in (
            (ROOT / "prompts" / "extract" / f"{version}.examples.jsonl").read_text(encoding="utf-8").splitlines()
        ):
            if line.strip():
                record = json.loads(line)
                found[record["article"]] = record["extraction"]
    return found


def main() -> None:
    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3
    answers = examples()

    def answer(request: dict) -> Reply:
        fenced = FENCE.search(request["messages"][-1]["content"])
        if fenced is None:
            raise ValueError("a request without the fenced article of the prompt")
        article = fenced.group(1)
        return Reply.json(answers[article], latency=latency)

    with FakeOpenAI() as server:
        server.default = answer
        print(server.base_url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
