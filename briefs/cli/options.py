"""Options that several commands take, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

ModelOption = Annotated[
    str | None,
    typer.Option(
        help="openai:NAME (openai:gpt-4o-mini), with OPENAI_BASE_URL set the server's own name (qwen2.5:7b), "
        "or lexicon (default BRIEFS_MODEL; unset: lexicon)."
    ),
]
