"""CLI commands for the HTTP API: `briefs serve` and `briefs keys create|list|revoke`.

`briefs` never imports `api` at import time: `serve` imports uvicorn and the app when it runs.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from briefs.cli.output import err, lines
from briefs.errors import ConfigError, InputError

app = typer.Typer()
keys_app = typer.Typer(
    help="API keys for the HTTP API (stored hashed; a key is shown once, at creation).", no_args_is_help=True
)
app.add_typer(keys_app, name="keys", help="API keys for the HTTP API.")


class Role(StrEnum):
    reader = "reader"
    editor = "editor"
    admin = "admin"


def _store():
    from briefs.cli.store import open_store

    return open_store()


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="reader (GET), editor (+ POST), admin (+ keys).")],
    name: Annotated[str | None, typer.Option(help="What the key is for.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print {id, role, name, key} as JSON.")] = False,
) -> None:
    """Create a key and print it once: only its hash is stored."""
    store = _store()
    try:
        key, row = store.keys.create(role.value, name)
    finally:
        store.close()
    if json_out:
        print(json.dumps({"id": row.id, "role": row.role, "name": row.name, "key": key}))
        return
    err.print(f"created {row.role} key {row.id}{f' ({row.name})' if row.name else ''}; it is shown once, keep it safe:")
    print(key)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (id, prefix, role, name, dates); never the keys themselves."""
    store = _store()
    try:
        rows = store.keys.all()
    finally:
        store.close()
    table = Table("id", "prefix", "role", "name", "created", "revoked")
    for row in rows:
        table.add_row(
            str(row.id),
            row.prefix + "…",
            row.role,
            row.name or "",
            f"{row.created_at:%Y-%m-%d %H:%M}",
            f"{row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "",
        )
    lines.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[int, typer.Argument(help="The key's id (see `briefs keys list`).")]) -> None:
    """Revoke a key. Servers stop accepting it within BRIEFS_API_KEY_CACHE_SECONDS."""
    store = _store()
    try:
        revoked = store.keys.revoke(key_id)
    finally:
        store.close()
    if not revoked:
        raise InputError(f"no live key with id {key_id}")
    err.print(f"revoked key {key_id}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every one).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes (rate limits are per process).")] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level: critical, error, warning, info, debug.")] = "info",
) -> None:
    """Run the HTTP API (uvicorn): /docs has the interactive documentation."""
    try:
        import api.app  # noqa: F401 - fail here, clearly, when the api package is missing
        import uvicorn
    except ImportError as error:
        raise ConfigError(f"the HTTP API is not installed ({error.name} is missing): pip install -e .") from None
    from briefs.config import get_settings

    get_settings()  # a bad setting is reported before the server starts
    err.print(f"Briefs API on http://{host}:{port} (docs at /docs); Ctrl-C stops it")
    uvicorn.run("api.app:app", host=host, port=port, workers=workers, log_level=log_level, proxy_headers=False)
