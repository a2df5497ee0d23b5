"""The consoles every command prints through, and the JSON printer for `--format json`.

The consoles (and rich) load on first use: a command that prints JSON never imports rich.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    out: Console  # tables and reports, wrapped to the terminal
    lines: Console  # one-line results, never wrapped
    err: Console  # errors and progress, on standard error, never wrapped


def __getattr__(name: str) -> Any:
    if name not in ("out", "lines", "err"):  # checked before importing rich: `from ... import` asks for __path__
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    console = globals()[name] = Console(stderr=name == "err", highlight=False, soft_wrap=name != "out")
    return console


def progress_bar(console: Console, *, disable: bool) -> Progress:
    """The progress bar of a long command (description, bar, done of total, time spent and left) on `console`."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=disable,
        transient=False,
    )


def print_json(data: Any) -> None:
    """Indented JSON on standard output, non-ASCII kept as is."""
    print(json.dumps(data, ensure_ascii=False, indent=2))
