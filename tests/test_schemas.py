"""The committed JSON Schemas, and the strict-mode validator they are checked with."""

from __future__ import annotations

import json

import pytest
from briefs.cli.schema import schema_app
from briefs.domain import Incident
from briefs.extract.schema import Extraction
from briefs.schema_export import SCHEMAS, export, render, stale
from briefs.strict_schema import (
    LARGE_ENUM_CHARS,
    MAX_DEPTH,
    MAX_PROPERTIES,
    MAX_STRING_CHARS,
    UNSUPPORTED_KEYWORDS,
    strict_json_schema,
    strict_violations,
)
from typer.testing import CliRunner

from tests.conftest import ROOT

SCHEMA_DIR = ROOT / "schemas"


# -- the committed files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_committed_schema_matches_the_models(name):
    path = SCHEMA_DIR / f"{name}.schema.json"
    assert path.is_file(), f"{path} is missing: run `briefs schema export`"
    assert path.read_text(encoding="utf-8") == render(name), (
        f"{path.name} is out of date with its model: run `briefs schema export` and commit the result"
    )


def test_extraction_schema_is_exactly_what_is_sent():
    committed = json.loads((SCHEMA_DIR / "extraction.schema.json").read_text(encoding="utf-8"))
    assert committed == strict_json_schema(Extraction)
    assert "$schema" not in committed and "$id" not in committed
    assert committed["title"] == "Extraction"


@pytest.mark.parametrize("name", [n for n in SCHEMAS if n != "extraction"])
def test_client_schemas_declare_their_dialect(name):
    schema = json.loads(render(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema


def test_extraction_schema_obeys_strict_mode():
    schema = strict_json_schema(Extraction)
    assert strict_violations(schema) == []
    # Validation keywords: only the two patterns (event_date, country), which fine-tuned models refuse.
    assert sorted(strict_violations(schema, fine_tuned=True)) == [
        "#/$defs/IncidentExtract/properties/event_date: 'pattern' is not supported for fine-tuned models",
        (
            "#/$defs/IncidentExtract/properties/location/properties/country: 'pattern' is not supported for "
            "fine-tuned models"
        ),
    ]
    incident = schema["$defs"]["IncidentExtract"]
    assert incident["properties"]["event_date"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    assert schema["$defs"]["ActorExtract"]["properties"]["inter"]["enum"] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_extraction_properties_keep_generation_order():
    incident = strict_json_schema(Extraction)["$defs"]["IncidentExtract"]
    assert list(incident["properties"])[:3] == ["evidence_ar", "event_type", "sub_event_type"]
    assert incident["required"] == list(incident["properties"])


def test_pydantic_raw_schema_would_break_strict_mode():
    """Why strict_json_schema exists: Pydantic puts a field's description beside its $ref."""
    problems = strict_violations(Extraction.model_json_schema())
    assert any("$ref must stand alone" in p for p in problems)


def test_incident_schema_shows_derived_fields_read_only():
    schema = Incident.model_json_schema(mode="serialization")
    for name in ("disorder_type", "interaction", "fatalities"):
        assert schema["properties"][name]["readOnly"] is True


def test_cli_exports_and_checks(tmp_path):
    runner = CliRunner()
    result = runner.invoke(schema_app, ["export", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.schema.json" for n in SCHEMAS)
    assert "wrote" in result.output
    assert runner.invoke(schema_app, ["export", "--out", str(tmp_path), "--check"]).exit_code == 0
    (tmp_path / "brief.schema.json").write_text("{}\n", encoding="utf-8")
    assert stale(tmp_path) == ["brief"]
    result = runner.invoke(schema_app, ["export", "--out", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "brief.schema.json" in result.output


def test_export_returns_the_paths(tmp_path):
    paths = export(tmp_path / "new")
    assert [p.name for p in paths] == [f"{n}.schema.json" for n in SCHEMAS]
    assert all(p.read_text(encoding="utf-8").endswith("}\n") for p in paths)


# -- the validator catches each rule ---------------------------------------------------------------


def obj(properties: dict, **extra) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


BASE = obj({"a": {"type": "string"}})


def nested(levels: int) -> dict:
    schema = {"type": "string"}
    for _ in range(levels):
        schema = obj({"x": schema})
    return schema


def nested_through_refs(levels: int) -> dict:
    defs = {f"L{i}": obj({"x": {"$ref": f"#/$defs/L{i + 1}"}}) for i in range(1, levels - 1)}
    defs[f"L{levels - 1}"] = obj({"x": {"type": "string"}})
    return obj({"x": {"$ref": "#/$defs/L1"}}, **{"$defs": defs})


def with_property(**keywords) -> dict:
    return obj({"a": {"type": "string", **keywords}})


VIOLATIONS = [
    # (id, schema, expected text in a message, expected path prefix of that message, the only violation?)
    ("not-a-dict", [], "must be a JSON object", "#", True),
    ("root-anyof", {"anyOf": [BASE]}, "root must not be anyOf", "#", False),
    ("root-not-object", {"type": "array", "items": {"type": "string"}}, "root must be an object", "#", True),
    (
        "additional-missing",
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
        "additionalProperties: false",
        "#",
        True,
    ),
    ("additional-true", {**BASE, "additionalProperties": True}, "additionalProperties: false", "#", True),
    (
        "additional-schema",
        obj({"m": {"type": "object", "additionalProperties": {"type": "string"}}}),
        "additionalProperties: false",
        "#/properties/m",
        True,
    ),
    (
        "nested-additional",
        obj({"o": {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]}}),
        "additionalProperties: false",
        "#/properties/o",
        True,
    ),
    (
        "not-required",
        {**BASE, "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}},
        "missing from required: b",
        "#",
        True,
    ),
    ("required-unknown", {**BASE, "required": ["a", "zzz"]}, "do not exist: zzz", "#", True),
    ("too-deep", nested(MAX_DEPTH + 1), f"nesting depth {MAX_DEPTH + 1}", "#/properties/x", True),
    (
        "too-deep-through-refs",
        nested_through_refs(MAX_DEPTH + 1),
        f"nesting depth {MAX_DEPTH + 1}",
        "#/properties/x",
        True,
    ),
    (
        "too-deep-arrays",
        obj({"x": {"type": "array", "items": nested(MAX_DEPTH - 1)}}),
        f"nesting depth {MAX_DEPTH + 1}",
        "#/properties/x/items",
        True,
    ),
    (
        "too-many-properties",
        obj({f"p{i}": {"type": "string"} for i in range(MAX_PROPERTIES + 1)}),
        f"{MAX_PROPERTIES + 1} object properties",
        "#",
        True,
    ),
    (
        "too-many-chars",
        obj({"a": {"type": "string", "enum": ["x" * 12_001 for _ in range(10)]}}),
        f"limit of {MAX_STRING_CHARS:,}",
        "#",
        True,
    ),
    (
        "too-many-enum-values",
        obj({f"e{k}": {"type": "string", "enum": [f"v{i}" for i in range(251)]} for k in range(4)}),
        f"{4 * 251} enum values",
        "#",
        True,
    ),
    (
        "large-enum-too-long",
        obj({"a": {"type": "string", "enum": [f"{i:03d}" + "y" * 57 for i in range(300)]}}),
        f"limit of {LARGE_ENUM_CHARS:,}",
        "#/properties/a",
        True,
    ),
    (
        "ref-outside-defs",
        obj({"a": {"$ref": "#/definitions/A"}}, definitions={"A": {"type": "string"}}),
        "must point into #/$defs",
        "#/properties/a",
        False,
    ),
    (
        "ref-external",
        obj({"a": {"$ref": "https://example.com/a.json"}}),
        "must point into #/$defs",
        "#/properties/a",
        True,
    ),
    ("ref-missing", obj({"a": {"$ref": "#/$defs/Nope"}}), "does not exist", "#/properties/a", True),
    (
        "ref-with-siblings",
        obj({"a": {"$ref": "#/$defs/A", "description": "d"}}, **{"$defs": {"A": {"type": "string"}}}),
        "$ref must stand alone",
        "#/properties/a",
        True,
    ),
    ("format-unsupported", with_property(format="uri"), "format 'uri' is not supported", "#/properties/a", True),
]


@pytest.mark.parametrize(
    ("schema", "expected", "path", "only"), [case[1:] for case in VIOLATIONS], ids=[case[0] for case in VIOLATIONS]
)
def test_each_rule_is_caught(schema, expected, path, only):
    problems = strict_violations(schema)
    hits = [p for p in problems if expected in p]
    assert hits, f"expected a violation containing {expected!r}, got {problems}"
    assert any(p.startswith(path) for p in hits), hits
    if only:
        assert len(problems) == 1, problems


KEYWORD_VALUES = {
    "allOf": [{"type": "string"}],
    "not": {"type": "null"},
    "if": {"type": "string"},
    "then": {"type": "string"},
    "else": {"type": "string"},
    "dependentRequired": {"a": ["b"]},
    "dependentSchemas": {"a": {"type": "string"}},
    "oneOf": [{"type": "string"}],
    "minLength": 1,
    "maxLength": 5,
    "patternProperties": {"^x": {"type": "string"}},
    "unevaluatedProperties": False,
    "propertyNames": {"type": "string"},
    "minProperties": 1,
    "maxProperties": 3,
    "uniqueItems": True,
    "contains": {"type": "string"},
    "default": "x",
}


def test_every_unsupported_keyword_has_a_case():
    assert set(KEYWORD_VALUES) == set(UNSUPPORTED_KEYWORDS)


@pytest.mark.parametrize("keyword", sorted(UNSUPPORTED_KEYWORDS))
def test_unsupported_keyword_is_caught(keyword):
    problems = strict_violations(with_property(**{keyword: KEYWORD_VALUES[keyword]}))
    assert problems == [f"#/properties/a: '{keyword}' is not allowed in strict mode ({UNSUPPORTED_KEYWORDS[keyword]})"]


@pytest.mark.parametrize("keyword,value", [("pattern", "^x$"), ("minimum", 0), ("maxItems", 3), ("format", "date")])
def test_fine_tuned_keywords_only_for_fine_tuned_models(keyword, value):
    schema = with_property(**{keyword: value})
    assert strict_violations(schema) == []
    assert any(
        f"'{keyword}' is not supported for fine-tuned models" in p for p in strict_violations(schema, fine_tuned=True)
    )


VALID = [
    ("base", BASE),
    ("nullable", obj({"a": {"anyOf": [{"type": "string"}, {"type": "null"}]}, "b": {"type": ["integer", "null"]}})),
    ("depth-at-limit", nested(MAX_DEPTH)),
    ("depth-at-limit-through-refs", nested_through_refs(MAX_DEPTH)),
    ("properties-at-limit", obj({f"p{i}": {"type": "string"} for i in range(MAX_PROPERTIES)})),
    (
        "enum-values-at-limit",
        obj({f"e{k}": {"type": "string", "enum": [f"v{i}" for i in range(250)]} for k in range(4)}),
    ),
    (
        "recursion-by-defs",
        obj(
            {"head": {"$ref": "#/$defs/node"}},
            **{
                "$defs": {
                    "node": obj(
                        {"value": {"type": "number"}, "next": {"anyOf": [{"$ref": "#/$defs/node"}, {"type": "null"}]}}
                    )
                }
            },
        ),
    ),
    ("recursion-by-root", obj({"children": {"type": "array", "items": {"$ref": "#"}}})),
    ("supported-format", with_property(format="date-time")),
]


@pytest.mark.parametrize("schema", [case[1] for case in VALID], ids=[case[0] for case in VALID])
def test_valid_schemas_pass(schema):
    assert strict_violations(schema) == []


def test_schema_app_mounts_as_briefs_schema(tmp_path):
    import typer

    app = typer.Typer()

    @app.command()
    def version() -> None:  # a second command, as in briefs' own app
        """Show the version."""

    app.add_typer(schema_app, name="schema")
    result = CliRunner().invoke(app, ["schema", "export", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "extraction.schema.json").is_file()
