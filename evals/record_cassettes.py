"""Record the cassettes of the prompt comparisons (extract@v1, v2, v3) on the local test server.

    .venv/bin/python evals/record_cassettes.py        # → evals/cassettes/llm-extract-v1.json, -v2.json, -v3.json

No network, no key, no model: `tests/fake_openai.py` (needs the test extras) serves an
OpenAI-compatible API on 127.0.0.1, and its scripted model below answers each request the way a model
might under each prompt, so that the comparison has something true to find:
- under either prompt it codes the article the way the offline lexicon extractor does (a valid,
  grounded extraction), and about one article in twelve its first reply is cut-off JSON, re-asked;
- under v2, whose system message adds date rules, it gets the event date right where the gold says
  the v1 answer was wrong (v2's improvement);
- under v2, which asks the summary to open with the toll, it adds killed and wounded into one
  "casualties" figure that no article states (v2's regression); asked to repair it, it drops the sum
  for about half the articles and keeps it for the others, which are then flagged;
- under v2 it codes a few articles differently on their second repeat (flaky cases);
- v2's longer prompt costs more input tokens and its replies come a little later;
- under v3 (v2's date rules, plus a rule against totals the article does not state) it gets the
  dates right as under v2, adds no sums, and is as flaky as under v2 on the same articles; its five
  examples cost more input tokens still.
What the comparison can show is therefore the machinery (replay, scoring, the paired gate) on
behaviour written here, not how a real model responds to v3: that needs a recording from a model.
Then `briefs eval run llm-extract --replay evals/cassettes/llm-extract-v2.json` re-scores the
recording offline through the real LLM extractor, and `briefs eval compare` sets the two side by side.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefs.config import Settings  # noqa: E402
from briefs.domain import ExtractionResult  # noqa: E402
from briefs.evals.cassette import _FENCE, article_key, cassette_from_run  # noqa: E402
from briefs.evals.metrics import match_incidents, same_date  # noqa: E402
from briefs.evals.runner import RunOptions, article_of, fenced_key, load_cases, run_suite  # noqa: E402
from briefs.evals.suites import load_suite  # noqa: E402
from briefs.extract.lexicon import LexiconExtractor  # noqa: E402
from briefs.extract.schema import Extraction  # noqa: E402
from tests.fake_openai import FakeOpenAI, Reply  # noqa: E402

OUT = ROOT / "evals" / "cassettes"
MODEL = "openai:local-scripted"


def _bucket(case_id: str, size: int) -> int:
    return int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % size


class ScriptedModel:
    """The fake server's `default`: one reply per request, by prompt version, article, repeat and turn."""

    def __init__(self, cases: list[dict]) -> None:
        self.cases = {fenced_key(case): case for case in cases}
        self.lexicon = LexiconExtractor()
        self.asked: Counter = Counter()
        self.lock = threading.Lock()

    def __call__(self, request: dict) -> Reply:
        messages = request["messages"]
        system = messages[0]["content"]
        version = "v3" if "ACLED's decision rules" in system else "v2" if "Date rules" in system else "v1"
        last = max(i for i, m in enumerate(messages) if "<article>" in (m.get("content") or ""))
        case = self.cases[article_key(_FENCE.search(messages[last]["content"]).group(1))]
        turn = sum(m["role"] == "assistant" for m in messages[last + 1 :])
        if turn == 0:
            with self.lock:
                self.asked[(version, case["id"])] += 1
        repeat = self.asked[(version, case["id"])]
        latency = {"v1": 0.05, "v2": 0.08, "v3": 0.09}[version] + 0.01 * _bucket(case["id"], 5)
        if turn == 0 and _bucket(case["id"], 12) == 0:
            return Reply.malformed(latency=latency)
        repairing = turn > 0 and "Code checked your reply" in messages[-1]["content"]
        return Reply.json(self.answer(case, version, repeat, repairing), latency=latency)

    def answer(self, case: dict, version: str, repeat: int, repairing: bool) -> dict:
        article = article_of(case)
        extraction = self.lexicon.code(article)
        reply = extraction.model_dump(mode="json")
        if version == "v1":
            return reply
        coded = ExtractionResult.from_extraction(extraction, article.text, article_id=case["id"], extractor="llm")
        for gold, best in match_incidents(case["incidents"], coded.incidents):
            if best is None or same_date(gold, best.event_date):
                continue
            incident = reply["incidents"][next(i for i, x in enumerate(coded.incidents) if x is best)]
            incident["event_date"], incident["time_precision"] = gold["event_date"], gold.get("time_precision", 1)
            incident["notes_en"] = re.sub(r"^On [^,]+,", f"On {_day(gold['event_date'])},", incident["notes_en"])
        if reply["incidents"] and _bucket(case["id"], 9) == 4 and repeat % 2 == 0:
            first = reply["incidents"][0]
            if first["event_type"] == "Battles":
                first["event_type"], first["sub_event_type"] = (
                    "Explosions/Remote violence",
                    "Shelling/artillery/missile attack",
                )
            else:
                first["event_type"], first["sub_event_type"] = "Battles", "Armed clash"
        keeps_sums = _bucket(case["id"], 2) == 0
        if version == "v2" and (not repairing or keeps_sums):
            for incident in reply["incidents"]:
                killed = next(
                    (c for c in incident["counts"] if c["category"] == "killed" and c["qualifier"] == "exact"), None
                )
                wounded = next(
                    (c for c in incident["counts"] if c["category"] == "wounded" and c["qualifier"] == "exact"), None
                )
                if killed and wounded:
                    reply["summary"].insert(
                        0,
                        {
                            "text_en": f"The attack left {killed['value'] + wounded['value']} casualties.",
                            "evidence_ar": [killed["evidence_ar"], wounded["evidence_ar"]],
                        },
                    )
                    break
        Extraction.model_validate(reply)
        return reply


def _day(iso: str) -> str:
    from datetime import date

    when = date.fromisoformat(iso)
    return f"{when.day} {when.strftime('%B %Y')}"


def main() -> None:
    suite = load_suite(ROOT / "evals" / "suites" / "llm-extract.yaml")
    cases, _ = load_cases(suite)
    shas = {case["id"]: fenced_key(case) for case in cases}
    model = ScriptedModel(cases)
    with FakeOpenAI() as server, tempfile.TemporaryDirectory() as tmp:
        server.default = model
        os.environ.update(OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="local")
        settings = Settings().model_copy(
            update={
                "request_timeout": 30.0,
                "transport_retries": 2,
                "retry_wait": 0.05,
                "concurrency": 8,
                "max_reasks": 2,
                "max_repairs": 1,
            }
        )  # a local server: no rate limit by default
        for version in ("v1", "v2", "v3"):
            run, _ = run_suite(
                suite,
                RunOptions(
                    model=MODEL,
                    prompt=f"extract@{version}",
                    repeat=2,
                    out=Path(tmp) / f"{version}.json",
                    fresh=True,
                    settings=settings,
                ),
            )
            note = (
                f"extract@{version} on the local test server (tests/fake_openai.py) with the scripted model of "
                "evals/record_cassettes.py; not a real model"
            )
            path = cassette_from_run(run, shas, note=note).save(OUT / f"llm-extract-{version}.json")
            print(
                f"{path.relative_to(ROOT)}: {len(run.cases)} case runs, {sum(len(c.calls) for c in run.cases)} calls, "
                f"errors {len(run.errors)}"
            )


if __name__ == "__main__":
    main()
