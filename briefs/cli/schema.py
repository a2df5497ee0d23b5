"""`briefs schema`: the JSON Schemas generated from the models (`briefs.schema_export`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefs.schema_export import SCHEMAS, export, schema_of, stale
from briefs.strict_schema import strict_violations

schema_app = typer.Typer(no_args_is_help=True)


@schema_app.callback()
def schema_group() -> None:
    """JSON Schemas of the models: the contract for the model and for API clients."""


@schema_app.command("export")
def export_command(
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write to (default: the project's schemas/).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 when a file is missing or out of date.")
    ] = False,
) -> None:
    """Write schemas/<name>.schema.json for extraction, incident, brief and grounding_report."""
    problems = strict_violations(schema_of("extraction"))
    if problems:
        for problem in problems:
            typer.echo(f"error: extraction schema breaks strict mode: {problem}", err=True)
        raise typer.Exit(1)
    if check:
        outdated = stale(out)
        for name in outdated:
            typer.echo(f"out of date: {name}.schema.json (run `briefs schema export`)", err=True)
        if outdated:
            raise typer.Exit(1)
        typer.echo(f"{len(SCHEMAS)} schemas up to date")
        return
    try:
        paths = export(out)
    except OSError as error:
        typer.echo(f"error: cannot write schemas: {error}", err=True)
        raise typer.Exit(2) from None
    for path in paths:
        typer.echo(f"wrote {path}")


app = typer.Typer()
app.add_typer(schema_app, name="schema", help="The JSON Schemas generated from the models.")
