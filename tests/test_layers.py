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
