"""What a run records: per case, per repeat, the scored fields and the checks behind them.

A run is one JSON file (`RunRecord`). Each `CaseResult` holds, for one case and one repeat:
- `scores`: metric name → [numerator, denominator] (event_type: [hits, gold incidents]); a metric's
  value over the run is the sum of numerators over the sum of denominators, each case first averaged
  over its repeats (see `briefs.evals.metrics.aggregate`);
- `values`: per-case observations (latency_ms, tokens, cost_usd) for percentile and mean metrics;
- `checks`: every gold fact compared, with the gold value, the value the extractor gave and whether
  it passed; `briefs eval compare` lists the checks that went from pass to fail and back;
- `calls`: the model calls (raw replies, tokens, latency) that a cassette replays.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefs.errors import InputError

FORMAT = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Check(_Model):
    """One gold fact against the extractor's answer."""

    key: str = Field(description="Stable name of the fact within its case: 'incident[0].event_type', 'count[1]'.")
    metric: str = Field(description="The metric this check counts towards.")
    gold: str | None
    got: str | None
    passed: bool


class CallRecord(_Model):
    """One model call as the extractor logged it (transport failures are not kept: they are retried)."""

    attempt: int
    purpose: str
    request_hash: str = Field(description="sha256 of the messages sent (role, content).")
    content: str = Field(description="The raw reply text.")
    refusal: str | None = None
    finish_reason: str = "stop"
    input_tokens: int | None = None
    output_tokens: int | None = None
    latency_ms: float | None = None


class CaseResult(_Model):
    case_id: str
    repeat: int = Field(description="1-based repeat number.")
    scores: dict[str, list[float]] = Field(description="metric → [numerator, denominator].")
    values: dict[str, float | None] = Field(default_factory=dict, description="latency_ms, tokens, cost_usd.")
    checks: list[Check] = Field(default_factory=list)
    attempts: int = 0
    flags: list[str] = Field(default_factory=list)
    error: str | None = Field(
        None, description="Why the case has no result (transport failure, cassette miss); it then fails every check."
    )
    calls: list[CallRecord] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list, description="Remarks such as a replayed request that differs from the recording."
    )

    @property
    def passed(self) -> bool:
        return self.error is None and all(check.passed for check in self.checks)


class RunRecord(_Model):
    format: int = FORMAT
    suite: str
    suite_hash: str = Field(description="sha256 of the suite file.")
    suite_path: str | None = Field(
        None, description="The suite file the run was made from (bless and compare look there first)."
    )
    task: Literal["extraction", "grounding", "names"]
    extractor: str = Field(description="lexicon, llm or checker.")
    model: str | None = None
    prompt_id: str | None = None
    prompt_hash: str | None = None
    dataset: str
    dataset_hash: str
    git_commit: str | None = None
    repeat: int = 1
    replay: str | None = Field(None, description="The cassette replayed, when the run was re-scored offline.")
    settings: dict = Field(
        default_factory=dict,
        description="Settings that shape the run (max_reasks, max_repairs, fuzzy_threshold, concurrency).",
    )
    created_at: datetime
    finished_at: datetime | None = None
    wall_seconds: float | None = None
    cases: list[CaseResult] = Field(default_factory=list)
    metrics: dict[str, float | None] = Field(default_factory=dict)
    case_labels: dict[str, str] = Field(
        default_factory=dict, description="case → consistent-pass, consistent-fail or flaky (over the repeats)."
    )
    skipped: dict[str, str] = Field(
        default_factory=dict, description="case → why it was not run (its article file is absent)."
    )
    case_splits: dict[str, str] = Field(
        default_factory=dict, description="case → its split in the dataset (dev, held-out), for cases that name one."
    )
    split_metrics: dict[str, dict[str, float | None]] = Field(
        default_factory=dict, description="split → the metrics over that split's cases alone."
    )

    @property
    def case_ids(self) -> list[str]:
        return list(dict.fromkeys(case.case_id for case in self.cases))

    @property
    def errors(self) -> list[CaseResult]:
        return [case for case in self.cases if case.error]

    def by_case(self) -> dict[str, list[CaseResult]]:
        grouped: dict[str, list[CaseResult]] = {}
        for case in self.cases:
            grouped.setdefault(case.case_id, []).append(case)
        for results in grouped.values():
            results.sort(key=lambda c: c.repeat)
        return grouped

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.model_dump_json(indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
        return path


def load_run(path: Path) -> RunRecord:
    """A run or baseline file, or an InputError naming the file and what is wrong with it."""
    if not path.is_file():
        raise InputError(f"{path}: no such run file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: not a run file (not JSON: {error})") from None
    if isinstance(data, dict) and data.get("format") not in (None, FORMAT):
        raise InputError(f"{path}: run format {data.get('format')} is not supported (expected {FORMAT})")
    try:
        return RunRecord.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(root)"
        raise InputError(f"{path}: not a run file: {where}: {first['msg']}") from None
