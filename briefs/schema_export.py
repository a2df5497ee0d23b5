"""`briefs schema export`: write the JSON Schemas of the models to `schemas/<name>.schema.json`.

- `extraction` is exactly the schema sent to the model in strict mode
  (`briefs.strict_schema.strict_json_schema(Extraction)`), so it carries no `$schema` keyword.
- `incident`, `brief` and `grounding_report` are the contract for API clients: Pydantic's
  serialization-mode schemas (derived fields included, marked readOnly) with a `$schema` keyword.

Files are UTF-8 JSON, indent 2, a trailing newline, keywords sorted within every schema node, but
`properties` kept in field order (in strict mode it is the order the model writes in). The tests
fail when a committed file differs from a fresh export: run `briefs schema export` after changing a model.

The command is `briefs schema export` (`briefs.cli.schema`).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from briefs.brief.model import Brief
from briefs.domain import GroundingRecord, Incident
from briefs.extract.schema import Extraction
from briefs.strict_schema import sort_keywords, strict_json_schema

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "extraction": Extraction,
    "incident": Incident,
    "brief": Brief,
    "grounding_report": GroundingRecord,
}
MODEL_FACING = frozenset({"extraction"})


def schema_of(name: str) -> dict:
    """The schema written for `name` (a key of SCHEMAS)."""
    model = SCHEMAS[name]
    if name in MODEL_FACING:
        return strict_json_schema(model)
    return sort_keywords({"$schema": JSON_SCHEMA_DIALECT, **model.model_json_schema(mode="serialization")})


def render(name: str) -> str:
    return json.dumps(schema_of(name), ensure_ascii=False, indent=2) + "\n"


def default_directory() -> Path:
    """The project's schemas/ when running from a checkout (beside pyproject.toml), else ./schemas."""
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file():
        return root / "schemas"
    return Path.cwd() / "schemas"


def export(directory: Path | str | None = None) -> list[Path]:
    """Write every schema to `directory`/<name>.schema.json; return the paths written."""
    directory = Path(directory) if directory is not None else default_directory()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = directory / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


def stale(directory: Path | str | None = None) -> list[str]:
    """Names whose file in `directory` is missing or differs from a fresh export."""
    directory = Path(directory) if directory is not None else default_directory()
    out = []
    for name in SCHEMAS:
        path = directory / f"{name}.schema.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != render(name):
            out.append(name)
    return out
