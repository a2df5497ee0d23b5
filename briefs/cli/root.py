"""The `briefs` application: the global options, and every command registered one way, by name in COMMANDS.

A command's module is imported when that command is looked up (to run it, or to list it in `--help`), so
`briefs check` loads the grounding commands and not the store, the evals or the API. The commands of
`briefs.cli.PLAIN` parse their own arguments (argparse: they start without typer); here they are listed and
forwarded to.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from briefs import __version__
from briefs.cli import PLAIN

# Command name -> the module whose Typer `app` defines it (a command, or a group of that name), in the order
# `briefs --help` lists them.
COMMANDS = {
    "run": "briefs.cli.store",
    "worker": "briefs.cli.store",
    "brief": "briefs.cli.store",
    "incidents": "briefs.cli.store",
    "serve": "briefs.cli.api",
    **PLAIN,
    "extract": "briefs.cli.extract",
    "config": "briefs.cli.config",
    "schema": "briefs.cli.schema",
    "eval": "briefs.cli.evals",
    "keys": "briefs.cli.api",
}


class _LoadedOnUse(MutableMapping[str, Any]):  # values: typer's click commands
    """COMMANDS as click commands, each module imported the first time one of its commands is asked for."""

    def __init__(self) -> None:
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded and name in PLAIN:
            self._loaded[name] = _forwarding(name)
        if name not in self._loaded:
            group = typer.main.get_group(importlib.import_module(COMMANDS[name]).app)
            for command_name in (n for n, module in COMMANDS.items() if module == COMMANDS[name]):
                self._loaded[command_name] = group.commands[command_name]  # the module's every command at once
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._loaded]))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._loaded))


def _forwarding(name: str) -> Any:
    """A click command that hands its arguments, unparsed, to the argparse command `name` (`--help` too)."""
    module = importlib.import_module(PLAIN[name])
    forward = typer.Typer()

    @forward.command(
        name,
        help=module.HELP[name],
        add_help_option=False,
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    def command(context: typer.Context) -> None:
        raise typer.Exit(module.run([name, *context.args]))

    return typer.main.get_command(forward)


class _Briefs(TyperGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LoadedOnUse()


def _version(value: bool) -> None:
    if value:
        print(f"briefs {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=_Briefs,
    help="Briefs: Arabic security-incident news to English incident briefs, every number traced to its source.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Briefs: Arabic security-incident news to English incident briefs, every number traced to its source."""
