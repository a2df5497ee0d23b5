"""The pure core stays pure: briefs/arabic imports only itself, briefs/grounding only itself and
briefs/arabic, and neither reaches an LLM client, a database or the web (DESIGN.md's layering)."""

from __future__ import annotations

import ast

import pytest

from .conftest import ROOT

ALLOWED = {"arabic": ("briefs.arabic",), "grounding": ("briefs.arabic", "briefs.grounding")}
FORBIDDEN = (
    "openai",
    "langchain",
    "langchain_core",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "httpx",
    "uvicorn",
    "psycopg",
)


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_the_pure_layers_import_nothing_above_them(package):
    for path in sorted((ROOT / "briefs" / package).rglob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            assert top not in FORBIDDEN, f"{path.relative_to(ROOT)} imports {module}"
            if top == "briefs":
                assert module.startswith(ALLOWED[package]), (
                    f"{path.relative_to(ROOT)} imports {module}, above its layer"
                )


# The rooms of briefs/, lowest first; a room imports only rooms of its own layer or below (README "How it works").
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"arabic"}),
    frozenset({"grounding"}),
    frozenset({"acled", "hashing", "errors", "config", "environment", "matching", "strict_schema"}),
    frozenset({"extract.schema", "inputs"}),
    frozenset({"domain"}),
    frozenset({"extract"}),
    frozenset({"store", "migrations", "brief", "pipeline"}),
    frozenset({"evals", "schema_export", "library", "cli", "briefs", "__main__"}),
)
# One import reaches up, on purpose: the extractor factory's default call log is the configured store,
# opened (inside the function) only for an LLM extractor that was given none.
REACHES_UP = {("briefs/extract/select.py", "store")}


def room_of(module: str) -> str:
    parts = module.split(".")
    if parts[:3] == ["briefs", "extract", "schema"]:
        return "extract.schema"
    return parts[1] if len(parts) > 1 else "briefs"


def layer_of(room: str) -> int:
    return next(i for i, rooms in enumerate(LAYERS) if room in rooms)


def test_every_room_of_briefs_imports_only_its_layer_or_below():
    for path in sorted((ROOT / "briefs").rglob("*.py")):
        relative = path.relative_to(ROOT)
        parts = list(relative.with_suffix("").parts)
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        here = layer_of(room_of(module))
        for imported in imported_modules(path):
            if imported.split(".")[0] != "briefs" or imported == "briefs":
                continue
            room = room_of(imported)
            if (str(relative), room) not in REACHES_UP:
                assert layer_of(room) <= here, f"{relative} ({room_of(module)}) imports {imported}, a higher layer"
