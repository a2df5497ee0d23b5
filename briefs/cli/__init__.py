"""The `briefs` command line: rich output for people, `--format json` for machines.

`main` is the console entry point (and `python -m briefs`) and the one place exceptions become exit codes:
every failure the user can cause ends as one line on stderr and its exit code (`briefs.errors`), never a
traceback. Importing this package loads nothing heavy: `briefs --version` answers before typer and rich
load, `briefs check` and `briefs numbers` run without typer (PLAIN), and each command's module (with its
own imports) loads only when that command runs (`briefs.cli.root`).

One module per command group: `check` (numbers, check), `extract`, `config`, `store` (run, worker, brief,
incidents), `api` (serve, keys), `evals` (eval), `schema`; `root` registers them, `output` holds the consoles.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# Commands whose module parses their arguments with argparse and runs them by `run(argv) -> exit code`:
# `main` runs them before typer (and the pydantic it builds validators with) loads.
PLAIN = {"numbers": "briefs.cli.check", "check": "briefs.cli.check"}


def __getattr__(name: str) -> Any:
    """`briefs.cli.app`: the whole Typer application (for tests and embedding), built on first access."""
    if name == "app":
        from briefs.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console entry point: a BriefsError is one line and its own `exit_code` (2 for input, configuration
    and store, 4 for a failed model service); any other exception is a bug, one line and exit 3.
    BRIEFS_DEBUG=1 shows tracebacks."""
    if sys.argv[1:] == ["--version"]:  # the one answer that needs neither typer nor rich
        from briefs import __version__

        print(f"briefs {__version__}")
        sys.exit(0)
    from briefs.errors import BriefsError, ExitCode

    try:
        if sys.argv[1:2] and sys.argv[1] in PLAIN:
            sys.exit(import_module(PLAIN[sys.argv[1]]).run(sys.argv[1:]))
        application: typer.Typer = sys.modules[__name__].app  # this module's attribute, so a test may replace it
        application()
    except BriefsError as error:
        from briefs.cli.output import err

        err.print(f"[red]error:[/red] {error}")
        sys.exit(error.exit_code)
    except BrokenPipeError:  # `briefs numbers … | head`: the reader left; what is unread is not an error of ours
        # Python's documented way out: stdout to devnull, so the interpreter's own flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:  # Ctrl-C in an argparse command: what click says and exits with for the others
        print("Aborted!", file=sys.stderr)
        sys.exit(1)
    except Exception as error:  # a bug: still one line, with the way to see more
        if os.environ.get("BRIEFS_DEBUG"):
            raise
        from briefs.cli.output import err

        err.print(f"[red]internal error:[/red] {type(error).__name__}: {error} (set BRIEFS_DEBUG=1 for the traceback)")
        sys.exit(ExitCode.INTERNAL)
