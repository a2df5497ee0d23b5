"""What `briefs` loads to answer (issue 16, fast commands): `--version` loads neither typer nor rich, a
command loads its own module and not the others', and JSON output never loads rich. Times are
bench/bench_startup.py's; here, which modules a fresh process imported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from briefs.cli.root import COMMANDS
from typer.testing import CliRunner

from .conftest import ROOT

SAMPLE = ROOT / "briefs" / "samples" / "article.txt"
PROBE = """
import json, sys
sys.argv = ["briefs", *json.loads(sys.argv[1])]
from briefs.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""
HEAVY = (
    "sqlalchemy",
    "briefs.domain",
    "briefs.brief",
    "briefs.store",
    "briefs.evals",
    "briefs.extract",
    "api",
    "openai",
    "numpy",
)


def loaded(*args: str) -> set[str]:
    """The modules a fresh `briefs ARGS` process had imported when it ended."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return set(json.loads(done.stderr.splitlines()[-1]))


def under(modules: set[str], *roots: str) -> set[str]:
    return {m for m in modules if any(m == r or m.startswith(r + ".") for r in roots)}


def test_version_answers_before_typer_rich_and_pydantic_load():
    modules = loaded("--version")
    assert under(modules, "typer", "click", "rich", "pydantic", "briefs.cli.root") == set()


def test_check_loads_the_grounding_commands_and_nothing_of_the_store_the_model_or_the_api():
    modules = loaded("check", "--source", str(SAMPLE), "--summary", "Five were killed.")
    assert "briefs.cli.check" in modules and "briefs.grounding.checker" in modules
    assert under(modules, *HEAVY) == set()
    others = {module for name, module in COMMANDS.items() if name not in ("check", "numbers")}
    assert under(modules, *others) == set()


def test_json_output_never_loads_rich():
    modules = loaded("check", "--source", str(SAMPLE), "--summary", "Five were killed.", "--format", "json")
    assert under(modules, "rich") == set() and "briefs.grounding.checker" in modules


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_registered_command_resolves_to_its_module(name):
    from briefs.cli import app

    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: root {name} " in result.output


def test_help_lists_every_command_in_registry_order():
    from briefs.cli import app

    result = CliRunner().invoke(app, ["--help"])
    listed = [line.split()[1] for line in result.output.splitlines() if line.startswith("│ ") and len(line.split()) > 2]
    assert [n for n in listed if n in COMMANDS] == list(COMMANDS)
