"""What `briefs` loads to answer (issue 16, fast commands): `--version` loads neither typer nor rich, a
command loads its own module and not the others', `check` and `numbers` load neither typer nor pydantic
(argparse, and the input limits without pydantic-settings unless something sets them), and JSON output
never loads rich. Times are bench/bench_startup.py's; here, which modules a fresh process imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from briefs.cli import PLAIN
from briefs.cli.root import COMMANDS
from typer.testing import CliRunner

from .conftest import ROOT

SAMPLE = ROOT / "briefs" / "samples" / "article.txt"
PROBE = """
import json, sys
sys.argv = ["briefs", *json.loads(sys.argv[1])]
from briefs.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
sys.stdout.flush()
sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)))
sys.exit(code)
"""
HEAVY = (
    "typer",
    "click",
    "pydantic",
    "pydantic_settings",
    "briefs.config",
    "briefs.cli.root",
    "email",
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


def probe(*args: str, cwd: Path = ROOT, **env: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """A fresh `briefs ARGS` process (in `cwd`, with `env` and no other BRIEFS_ variable) and the modules it had
    imported when it ended."""
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("BRIEFS_")} | env
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment | {"PYTHONPATH": str(ROOT)},
        check=False,
    )
    *stderr, modules = done.stderr.splitlines()
    done.stderr = "\n".join(stderr)
    return done, set(json.loads(modules))


def loaded(*args: str) -> set[str]:
    """The modules a fresh `briefs ARGS` process had imported when it ended."""
    return probe(*args)[1]


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


def test_numbers_and_check_help_answer_without_typer_or_pydantic():
    for args in (("numbers", str(SAMPLE), "--format", "json"), ("check", "--help"), ("numbers", "--help")):
        done, modules = probe(*args)
        assert done.returncode == 0, done.stderr
        assert under(modules, *HEAVY) == set(), args


def test_a_usage_error_exits_2_with_one_message_and_no_typer():
    done, modules = probe("check", "--source", str(SAMPLE), "--format", "yaml")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "briefs check: error: argument --format/-f: invalid choice: 'yaml' (choose from 'text', 'json')"
    )
    assert under(modules, "typer", "pydantic") == set()


@pytest.mark.parametrize("where", ["environment", ".env"])
def test_a_limit_set_in_the_environment_or_a_dot_env_file_is_read_by_the_settings(tmp_path, where):
    """Only the defaults skip pydantic-settings: a limit set anywhere it reads is honoured, and a bad one
    is the configuration error every command gives."""
    args = ("check", "--source", str(SAMPLE), "--summary", "Five were killed.", "--format", "json")
    if where == ".env":
        (tmp_path / ".env").write_text("BRIEFS_MAX_ARTICLE_CHARS=50\n", encoding="utf-8")
        done, modules = probe(*args, cwd=tmp_path)
    else:
        done, modules = probe(*args, cwd=tmp_path, briefs_max_article_chars="50")  # any case, as pydantic-settings
    assert done.returncode == 2 and "over the limit of 50 (BRIEFS_MAX_ARTICLE_CHARS)" in done.stderr
    assert "pydantic_settings" in modules
    bad, _ = probe(*args, cwd=tmp_path, BRIEFS_MAX_INPUT_BYTES="-1")
    assert bad.returncode == 2 and "bad configuration: BRIEFS_MAX_INPUT_BYTES" in bad.stderr


def test_the_limits_default_to_the_settings_defaults(monkeypatch, tmp_path):
    from briefs.config import Settings
    from briefs.environment import InputLimits, input_limits

    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.upper().startswith("BRIEFS_")]:
        monkeypatch.delenv(name)
    assert input_limits() == InputLimits()
    settings = Settings()
    assert InputLimits() == InputLimits(
        settings.max_input_bytes, settings.max_article_chars, settings.min_arabic_letters
    )


def test_the_typer_app_forwards_to_the_argparse_commands():
    """`briefs.cli.app` (tests, embedding) runs `check` as `main` does: same output, same exit code."""
    from briefs.cli import app

    args = ["check", "--source", str(SAMPLE), "--summary", "Nine were killed.", "--format", "json"]
    result = CliRunner().invoke(app, args)
    done, _ = probe(*args)
    assert result.exit_code == done.returncode == 1
    assert json.loads(result.stdout) == json.loads(done.stdout)
    assert json.loads(result.stdout)["numbers"][0]["status"] == "unsupported"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_registered_command_resolves_to_its_module(name):
    from briefs.cli import app

    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert (f"usage: briefs {name} " if name in PLAIN else f"Usage: root {name} ") in result.output


def test_help_lists_every_command_in_registry_order():
    from briefs.cli import app

    result = CliRunner().invoke(app, ["--help"])
    listed = [line.split()[1] for line in result.output.splitlines() if line.startswith("│ ") and len(line.split()) > 2]
    assert [n for n in listed if n in COMMANDS] == list(COMMANDS)


@pytest.mark.parametrize("where", ["environment", ".env"])
def test_the_store_commands_open_the_configured_store_and_read_it_without_pydantic_settings_when_they_can(
    tmp_path, where
):
    """`briefs brief` needs only the store's URL: from the environment it is read as is, from a `.env` file by
    the settings (pydantic-settings); either way that store is the one opened."""
    database = tmp_path / "elsewhere.db"
    url = f"sqlite:///{database}"
    if where == ".env":
        (tmp_path / ".env").write_text(f"BRIEFS_DATABASE_URL={url}\n", encoding="utf-8")
        done, modules = probe("brief", "--format", "json", cwd=tmp_path)
    else:
        done, modules = probe("brief", "--format", "json", cwd=tmp_path, Briefs_Database_Url=url)
    assert done.returncode == 2 and "the store holds no incidents yet" in done.stderr
    assert database.is_file()
    assert ("pydantic_settings" in modules) == (where == ".env")
    assert under(modules, "platformdirs") == set()  # for the default store only


def test_ctrl_c_in_an_argparse_command_is_one_word_not_a_traceback(monkeypatch, capsys):
    import briefs.cli
    import briefs.cli.check

    def interrupted(argv: list[str]) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(briefs.cli.check, "run", interrupted)
    monkeypatch.setattr(sys, "argv", ["briefs", "check", "--jsonl", "batch.jsonl"])
    with pytest.raises(SystemExit) as exit:
        briefs.cli.main()
    assert exit.value.code == 1 and capsys.readouterr().err == "Aborted!\n"
