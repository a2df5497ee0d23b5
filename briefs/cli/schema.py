"""`briefs schema`: the JSON Schemas generated from the models (the group is `briefs.schema_export.schema_app`)."""

from __future__ import annotations

import typer

from briefs.schema_export import schema_app

app = typer.Typer()
app.add_typer(schema_app, name="schema", help="The JSON Schemas generated from the models.")
