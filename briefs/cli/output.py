"""The consoles every command prints through, and the JSON printer for `--format json`."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

out = Console(highlight=False)  # tables and reports, wrapped to the terminal
lines = Console(highlight=False, soft_wrap=True)  # one-line results, never wrapped
err = Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """Indented JSON on standard output, non-ASCII kept as is."""
    print(json.dumps(data, ensure_ascii=False, indent=2))
