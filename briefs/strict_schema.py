"""OpenAI strict structured outputs: build the schema we send, and check a schema against the rules.

The rules, from OpenAI's "Structured Outputs" guide, section "Supported schemas"
(platform.openai.com/docs/guides/structured-outputs#supported-schemas):

1. "Root objects must not be `anyOf` and must be an object."
2. "All fields must be `required`": every object lists every property in `required` (an optional
   value is emulated "by using a union type with `null`").
3. "`additionalProperties: false` must always be set in objects."
4. "Objects have limitations on nesting depth and size": "A schema may have up to 5000 object
   properties total, with up to 10 levels of nesting."
5. "Limitations on total string size": "total string length of all property names, definition
   names, enum values, and const values cannot exceed 120,000 characters."
6. "Limitations on enum size": "up to 1000 enum values across all enum properties", and "for a single
   enum property with string values, the total string length of all enum values cannot exceed
   15,000 characters when there are more than 250 enum values."
7. "Some type-specific keywords are not yet supported": composition `allOf`, `not`,
   `dependentRequired`, `dependentSchemas`, `if`, `then`, `else`; for fine-tuned models also
   `minLength`, `maxLength`, `pattern`, `format`, `minimum`, `maximum`, `multipleOf`,
   `patternProperties`, `minItems`, `maxItems`. Supported string formats are date-time, time, date,
   duration, email, hostname, ipv4, ipv6, uuid.
8. "Definitions are supported" (`$defs`, referenced as `#/$defs/name`) and "recursive schemas are
   supported" (`#` for the root).

Beyond the published list, and on the safe side (the project treats them as violations):
- `minLength`, `maxLength`, `patternProperties`, `unevaluatedProperties`, `propertyNames`,
  `minProperties`, `maxProperties`, `uniqueItems`, `contains` and `default` for every model: the
  OpenAI Python SDK strips these before sending (openai/lib/_pydantic.py), and the API answers
  "'default' is not permitted" for `default`; `oneOf` is not among the supported composition
  keywords (`anyOf` is).
- `$ref` beside other keywords: the SDK inlines such a reference because "we can't use `$ref`s if
  there are also other properties defined" (openai/lib/_pydantic.py). `strict_json_schema` does the same.
- Nesting depth is counted conservatively: the root object is level 1 and every object or array
  schema below it adds a level, following `$ref`s into `$defs` (a reference back into a schema
  already on the path is recursion, which OpenAI supports, and is not followed again).
- The property total counts the `properties` entries of every object schema written in the
  document, each definition once.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

MAX_DEPTH = 10
MAX_PROPERTIES = 5000
MAX_STRING_CHARS = 120_000
MAX_ENUM_VALUES = 1000
LARGE_ENUM_VALUES = 250
LARGE_ENUM_CHARS = 15_000

# keyword → why it is refused
UNSUPPORTED_KEYWORDS: dict[str, str] = {
    "allOf": "composition keyword not supported (OpenAI)",
    "not": "composition keyword not supported (OpenAI)",
    "if": "composition keyword not supported (OpenAI)",
    "then": "composition keyword not supported (OpenAI)",
    "else": "composition keyword not supported (OpenAI)",
    "dependentRequired": "composition keyword not supported (OpenAI)",
    "dependentSchemas": "composition keyword not supported (OpenAI)",
    "oneOf": "not a supported composition keyword; use anyOf",
    "minLength": "string length keyword; validate in Pydantic instead",
    "maxLength": "string length keyword; validate in Pydantic instead",
    "patternProperties": "object keyword not supported; use a list of objects",
    "unevaluatedProperties": "object keyword not supported",
    "propertyNames": "object keyword not supported",
    "minProperties": "object keyword not supported",
    "maxProperties": "object keyword not supported",
    "uniqueItems": "array keyword not supported; validate in Pydantic instead",
    "contains": "array keyword not supported",
    "default": "defaults are not permitted; make the field required and nullable",
}
# Not supported for fine-tuned models (OpenAI); checked with fine_tuned=True.
FINE_TUNED_UNSUPPORTED: frozenset[str] = frozenset(
    {
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "multipleOf",
        "patternProperties",
        "minItems",
        "maxItems",
    }
)
SUPPORTED_FORMATS: frozenset[str] = frozenset(
    {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}
)

_SCHEMA_MAPS = ("properties", "$defs", "definitions", "dependentSchemas", "patternProperties")
_SCHEMA_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
)


def _children(node: dict, path: str):
    """(child schema, its path) for every subschema written directly in `node`."""
    for key in _SCHEMA_MAPS:
        value = node.get(key)
        if isinstance(value, dict):
            for name, child in value.items():
                if isinstance(child, dict):
                    yield key, child, f"{path}/{key}/{_escape(name)}"
    for key in _SCHEMA_LISTS:
        value = node.get(key)
        if isinstance(value, list):
            for index, child in enumerate(value):
                if isinstance(child, dict):
                    yield key, child, f"{path}/{key}/{index}"
    for key in _SCHEMA_VALUES:
        value = node.get(key)
        if isinstance(value, dict):
            yield key, value, f"{path}/{key}"


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _is_object(node: dict) -> bool:
    kind = node.get("type")
    return kind == "object" or (isinstance(kind, list) and "object" in kind) or "properties" in node


def _is_array(node: dict) -> bool:
    kind = node.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind) or "items" in node


def strict_violations(schema: Any, *, fine_tuned: bool = False) -> list[str]:
    """Every way `schema` breaks OpenAI's strict-mode rules, as "<JSON pointer>: <rule>" messages."""
    if not isinstance(schema, dict):
        return ["#: the schema must be a JSON object"]
    problems: list[str] = []
    if "anyOf" in schema:
        problems.append("#: the root must not be anyOf (root objects must not be anyOf and must be an object)")
    if schema.get("type") != "object":
        problems.append(f"#: the root must be an object (type: object), got type {schema.get('type')!r}")
    found = schema.get("$defs")
    defs: dict = found if isinstance(found, dict) else {}

    totals = {"properties": 0, "chars": 0, "enum": 0}
    _check_nodes(schema, "#", defs, fine_tuned, problems, totals)
    if totals["properties"] > MAX_PROPERTIES:
        problems.append(
            f"#: {totals['properties']} object properties in total, more than the limit of {MAX_PROPERTIES}"
        )
    if totals["chars"] > MAX_STRING_CHARS:
        problems.append(
            f"#: property names, definition names, enum and const values total {totals['chars']} characters, "
            f"more than the limit of {MAX_STRING_CHARS:,}"
        )
    if totals["enum"] > MAX_ENUM_VALUES:
        problems.append(f"#: {totals['enum']} enum values in total, more than the limit of {MAX_ENUM_VALUES}")
    _check_depth(schema, "#", 0, defs, frozenset(), problems)
    return problems


def _check_nodes(node: dict, path: str, defs: dict, fine_tuned: bool, problems: list[str], totals: dict) -> None:
    for keyword, reason in UNSUPPORTED_KEYWORDS.items():
        if keyword in node:
            problems.append(f"{path}: '{keyword}' is not allowed in strict mode ({reason})")
    if fine_tuned:
        for keyword in sorted(FINE_TUNED_UNSUPPORTED - UNSUPPORTED_KEYWORDS.keys()):
            if keyword in node:
                problems.append(f"{path}: '{keyword}' is not supported for fine-tuned models")
    fmt = node.get("format")
    if isinstance(fmt, str) and fmt not in SUPPORTED_FORMATS and not fine_tuned:
        problems.append(f"{path}: format '{fmt}' is not supported (supported: {', '.join(sorted(SUPPORTED_FORMATS))})")

    if "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/$defs/")):
            problems.append(f"{path}: $ref {ref!r} must point into #/$defs (or be # for recursion)")
        elif ref != "#" and ref[len("#/$defs/") :] not in defs:
            problems.append(f"{path}: $ref {ref!r} points to a definition that does not exist")
        extra = sorted(set(node) - {"$ref"})
        if extra:
            problems.append(
                f"{path}: $ref must stand alone, found beside it: {', '.join(extra)} (inline the definition instead)"
            )

    if _is_object(node):
        found = node.get("properties")
        properties: dict = found if isinstance(found, dict) else {}
        if node.get("additionalProperties") is not False:
            given = json.dumps(node["additionalProperties"]) if "additionalProperties" in node else "none"
            problems.append(f"{path}: every object must set additionalProperties: false, got {given}")
        required = node.get("required", [])
        required = required if isinstance(required, list) else []
        missing = [name for name in properties if name not in required]
        if missing:
            problems.append(f"{path}: every property must be required; missing from required: {', '.join(missing)}")
        unknown = [name for name in required if name not in properties]
        if unknown:
            problems.append(f"{path}: required names properties that do not exist: {', '.join(map(str, unknown))}")
        totals["properties"] += len(properties)
        totals["chars"] += sum(len(name) for name in properties)
    if path == "#" and isinstance(node.get("$defs"), dict):
        totals["chars"] += sum(len(name) for name in node["$defs"])
    if "definitions" in node:
        problems.append(f"{path}: use $defs, not definitions")

    enum = node.get("enum")
    if isinstance(enum, list):
        totals["enum"] += len(enum)
        chars = sum(len(str(value)) for value in enum)
        totals["chars"] += chars
        if len(enum) > LARGE_ENUM_VALUES and all(isinstance(v, str) for v in enum) and chars > LARGE_ENUM_CHARS:
            problems.append(
                f"{path}: an enum of {len(enum)} string values (more than {LARGE_ENUM_VALUES}) "
                f"totals {chars} characters, "
                f"more than the limit of {LARGE_ENUM_CHARS:,}"
            )
    if "const" in node:
        totals["chars"] += len(str(node["const"]))

    for _, child, child_path in _children(node, path):
        _check_nodes(child, child_path, defs, fine_tuned, problems, totals)


def _check_depth(node: dict, path: str, level: int, defs: dict, active: frozenset[str], problems: list[str]) -> bool:
    """Walk from the root through $refs; report the first path deeper than MAX_DEPTH. True when reported."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref[len("#/$defs/") :]
        if name in active or name not in defs:
            return False  # recursion (supported, and unbounded by nature) or a broken ref (reported elsewhere)
        return _check_depth(defs[name], f"{path}→{ref}", level, defs, active | {name}, problems)
    if _is_object(node) or _is_array(node):
        level += 1
        if level > MAX_DEPTH:
            problems.append(
                f"{path}: nesting depth {level} is more than the limit of {MAX_DEPTH} levels of objects and arrays"
            )
            return True
    for key, child, child_path in _children(node, path):
        if key in ("$defs", "definitions"):
            continue  # reached through $ref, at the depth of the reference
        if _check_depth(child, child_path, level, defs, active, problems):
            return True
    return False


def strict_json_schema(model: type[BaseModel]) -> dict:
    """The JSON Schema of `model` as we send it to OpenAI in strict mode.

    Pydantic's validation-mode schema, with every `$ref` that has sibling keywords (a field's
    description beside a reference to an enum or a model) replaced by the definition it points to,
    titles dropped below the root (they repeat the property names and cost tokens), and unused
    definitions removed. Property order is kept: in strict mode it is the order the model writes in.
    """
    schema = model.model_json_schema(mode="validation")
    defs = schema.pop("$defs", {})

    def visit(node: Any, stack: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [visit(item, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and len(node) > 1 and ref.startswith("#/$defs/"):
            name = ref[len("#/$defs/") :]
            if name in stack:
                raise ValueError(f"cannot inline recursive definition {name!r} that has sibling keywords")
            merged = {**copy.deepcopy(defs[name]), **{k: v for k, v in node.items() if k != "$ref"}}
            return visit(merged, (*stack, name))
        out: dict = {}
        for key, value in node.items():
            if key == "title":
                continue
            if key in ("properties", "$defs"):
                out[key] = {name: visit(sub, stack) for name, sub in value.items()}
            else:
                out[key] = visit(value, stack)
        return out

    title = schema.get("title")
    result = visit(schema, ())
    new_defs = {name: visit(body, (name,)) for name, body in defs.items()}
    used = _used_defs(result, new_defs)
    if title is not None:
        result["title"] = title  # the root keeps its title: clients use it as the response format's name
    if used:
        result["$defs"] = {name: new_defs[name] for name in used}
    return sort_keywords(result)


def sort_keywords(node: Any) -> Any:
    """Sort the keywords of every schema node, for stable files, but keep the order of `properties`
    (generation order in strict mode) and of lists; `$defs` are sorted by name."""
    if isinstance(node, list):
        return [sort_keywords(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key in sorted(node):
        value = node[key]
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: sort_keywords(sub) for name, sub in value.items()}
        elif key in ("$defs", "definitions") and isinstance(value, dict):
            out[key] = {name: sort_keywords(value[name]) for name in sorted(value)}
        else:
            out[key] = sort_keywords(value)
    return out


def _used_defs(root: dict, defs: dict) -> set[str]:
    used: set[str] = set()
    pending: list[Any] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref[len("#/$defs/") :]
                if name not in used and name in defs:
                    used.add(name)
                    pending.append(defs[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return used


__all__ = [
    "FINE_TUNED_UNSUPPORTED",
    "LARGE_ENUM_CHARS",
    "LARGE_ENUM_VALUES",
    "MAX_DEPTH",
    "MAX_ENUM_VALUES",
    "MAX_PROPERTIES",
    "MAX_STRING_CHARS",
    "SUPPORTED_FORMATS",
    "UNSUPPORTED_KEYWORDS",
    "sort_keywords",
    "strict_json_schema",
    "strict_violations",
]
