"""`briefs config`: the configuration in force."""

from __future__ import annotations

import typer
from rich.table import Table

from briefs.cli.output import out

app = typer.Typer()


@app.command()
def config() -> None:
    """Show the configuration in force (set with BRIEFS_* environment variables or a .env file)."""
    from briefs.config import get_settings

    settings = get_settings()
    table = Table("setting", "environment variable", "value", "meaning")
    for name, field in type(settings).model_fields.items():
        value = getattr(settings, name)
        if name == "database_url":
            from briefs.store import display_url

            value = display_url(value)
        table.add_row(name, f"BRIEFS_{name.upper()}", str(value), field.description or "")
    out.print(table)
