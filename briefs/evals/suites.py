"""Eval suites as YAML files (`evals/suites/*.yaml`), validated into a `Suite`.

Paths inside a suite (the dataset) are relative to the suite file. The evals folder is the suite
file's grandparent: its `baselines/`, `runs/` and `cassettes/` sit beside `suites/`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from briefs.errors import ConfigError
from briefs.evals.metrics import METRICS, TASK_METRICS

PROJECT_EVALS = Path(__file__).resolve().parents[2] / "evals"


class Gate(BaseModel):
    """How `briefs eval compare` decides that a gated metric regressed."""

    model_config = ConfigDict(extra="forbid")

    require_ci: bool = Field(
        True,
        description=(
            "true: a metric fails only when it worsens by more than its threshold AND the bootstrap "
            "interval of the delta lies wholly on the worse side of 0 (a real model's noise); false: the "
            "threshold alone decides (a deterministic extractor has no noise)."
        ),
    )
    confidence: float = Field(0.95, gt=0.5, lt=1)
    bootstrap_samples: int = Field(2000, ge=100, le=100_000)
    seed: int = 0


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    task: Literal["extraction", "grounding", "names"]
    dataset: str = Field(description="JSONL file, relative to the suite file.")
    extractor: Literal["lexicon", "llm", "checker"]
    model: str | None = None
    prompt: str | None = None
    repeat: int = Field(1, ge=1, le=100)
    ci: bool = Field(False, description="Run by `briefs eval ci` (make test, make eval) against its blessed baseline.")
    metrics: list[str]
    gates: dict[str, float] = Field(
        default_factory=dict, description="metric → the largest worsening tolerated (0.02 = 2 points of a rate)."
    )
    gate: Gate = Field(default_factory=lambda: Gate.model_validate({}))
    targets: dict[str, float] = Field(
        default_factory=dict,
        description="proportion metric → the rate it must reach (at least; at most where lower is better, 0: none "
        "allowed), judged on the held-out splits pooled by `briefs eval show RUN --targets`.",
    )
    corpus_env: str | None = Field(
        None,
        description="An environment variable naming the directory its cases' `file`s lie under, for articles "
        "kept outside ../shared (unset: the suite is skipped).",
    )

    # set by load_suite
    path: Path | None = Field(None, exclude=True)
    file_hash: str = Field("", exclude=True)

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, names: list[str]) -> list[str]:
        unknown = [n for n in names if n not in METRICS]
        if unknown:
            raise ValueError(f"unknown metric {unknown[0]!r}; known: {', '.join(METRICS)}")
        if len(set(names)) != len(names):
            raise ValueError("a metric is listed twice")
        return names

    @model_validator(mode="after")
    def _consistent(self) -> Suite:
        allowed = TASK_METRICS[self.task]
        wrong = [n for n in self.metrics if n not in allowed]
        if wrong:
            raise ValueError(
                f"metrics: {wrong[0]!r} is not a metric of task {self.task!r}; its metrics: {', '.join(allowed)}"
            )
        for name, threshold in self.gates.items():
            if name not in self.metrics:
                raise ValueError(f"gates: {name!r} is gated but not listed in metrics")
            if threshold < 0:
                raise ValueError(
                    f"gates: {name!r} has a negative threshold ({threshold}); "
                    "it is the largest worsening tolerated, 0 or more"
                )
        for name, target in self.targets.items():
            if name not in self.metrics:
                raise ValueError(f"targets: {name!r} has a target but is not listed in metrics")
            if not METRICS[name].is_proportion:
                raise ValueError(f"targets: {name!r} is not a proportion (k of n), so it takes no target")
            if not 0 <= target <= 1:
                raise ValueError(f"targets: {name!r} has target {target}; a proportion's is between 0 and 1")
        if self.task in ("grounding", "names") and self.extractor != "checker":
            raise ValueError(f"extractor: a {self.task} suite runs the checker (extractor: checker)")
        if self.task == "extraction" and self.extractor == "checker":
            raise ValueError("extractor: an extraction suite runs lexicon or llm")
        if self.extractor == "llm" and self.prompt is None:
            raise ValueError("prompt: an llm suite names its prompt (e.g. extract@v1)")
        return self

    @property
    def evals_dir(self) -> Path:
        return self.path.parent.parent if self.path else PROJECT_EVALS

    @property
    def dataset_path(self) -> Path:
        base = self.path.parent if self.path else PROJECT_EVALS / "suites"
        return (base / self.dataset).resolve()

    @property
    def baseline_path(self) -> Path:
        return self.evals_dir / "baselines" / f"{self.name}.json"

    @property
    def runs_dir(self) -> Path:
        return self.evals_dir / "runs"


def find_suite(name_or_path: str) -> Path:
    """A suite file by path, or by name in ./evals/suites then in the project's evals/suites."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise ConfigError(f"{path}: no such suite file")
        return path
    for folder in (Path.cwd() / "evals" / "suites", PROJECT_EVALS / "suites"):
        for suffix in (".yaml", ".yml"):
            if (candidate := folder / f"{name_or_path}{suffix}").is_file():
                return candidate
    known = sorted(p.stem for p in (PROJECT_EVALS / "suites").glob("*.yaml"))
    raise ConfigError(f"no suite {name_or_path!r} (give a path, or one of: {', '.join(known)})")


def load_suite(name_or_path: str | Path) -> Suite:
    path = find_suite(str(name_or_path))
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a suite is a mapping of fields (name, task, dataset, extractor, metrics, ...)")
    try:
        suite = Suite.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(suite)"
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{path}: {where}: {message}") from None
    suite.path = path.resolve()
    suite.file_hash = hashlib.sha256(raw).hexdigest()
    if not suite.dataset_path.is_file():
        raise ConfigError(f"{path}: dataset: no such file {suite.dataset_path}")
    return suite


def metric_names(suite: Suite, categories: set[str] | None = None) -> list[str]:
    """The suite's metrics, without per-category count metrics the dataset has no gold for."""
    if categories is None:
        return list(suite.metrics)
    return [n for n in suite.metrics if not n.startswith("counts.") or n.split(".", 1)[1] in categories]
