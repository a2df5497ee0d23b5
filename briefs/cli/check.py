"""`briefs numbers` and `briefs check`: the number finder and the grounding checker on files and batches.

Parsed with argparse, not typer: these two answer without loading typer, which builds a pydantic validator
for every option (typer and pydantic-settings were about half of a `briefs check`'s CPU time;
bench/bench_startup.py).
`briefs.cli.main` runs them by `run` directly; the Typer app lists them in `briefs --help` and forwards
to `run` when it is called (`briefs.cli.root`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from briefs.cli.output import print_json
from briefs.errors import ExitCode, InputError

if TYPE_CHECKING:
    from briefs.grounding.checker import GroundingReport

EXIT_OK, EXIT_UNSUPPORTED, EXIT_BAD_INPUT = ExitCode.OK, ExitCode.FLAGGED, ExitCode.BAD_INPUT
STATUS_STYLE = {
    "supported": "green",
    "approximate": "yellow",
    "unsupported": "bold red",
    "misattributed": "bold magenta",
    "unknown": "dim",
}


class Only(StrEnum):
    numbers = "numbers"
    names = "names"


class Format(StrEnum):
    text = "text"
    json = "json"


class Language(StrEnum):
    ar = "ar"
    en = "en"


# The commands this module runs, with the line `briefs --help` gives each.
HELP = {
    "numbers": "List every number expression in a text, with offsets, value, qualifier and kind.",
    "check": "Check that every number and name (place, actor, day) in an English text is supported by the Arabic "
    "source.",
}
CHECK_EXIT = "Exit 0 when nothing is unsupported or misattributed, 1 when something is, 2 on bad input."


def parser(command: str) -> argparse.ArgumentParser:
    """The options of `briefs numbers` or `briefs check`; a usage error exits 2 with one message on stderr."""
    help = HELP[command]
    options = argparse.ArgumentParser(
        prog=f"briefs {command}", description=f"{help} {CHECK_EXIT}" if command == "check" else help, allow_abbrev=False
    )
    if command == "numbers":
        options.add_argument("file", type=Path, help="A text file, or - for standard input.")
        options.add_argument(
            "--lang",
            choices=[m.value for m in Language],
            default=Language.ar,
            help="Language of the text (default: ar).",
        )
    else:
        options.add_argument("--source", type=Path, help="The Arabic article (.txt or .json).")
        options.add_argument("--summary", help="The English text to check against the source.")
        options.add_argument("--summary-file", type=Path, help="Read the English text from a file instead.")
        options.add_argument("--jsonl", type=Path, help='Check a batch: lines of {"id", "source", "summary"}.')
        options.add_argument(
            "--only",
            choices=[m.value for m in Only],
            help="Check only numbers (the behaviour before names) or only names.",
        )
    options.add_argument(
        "--format",
        "-f",
        choices=[m.value for m in Format],
        default=Format.text,
        help="text for people, json for machines (default: text).",
    )
    return options


def run(argv: list[str]) -> int:
    """`briefs numbers ARGS` or `briefs check ARGS` (argv starts with the command): its exit code."""
    command, *rest = argv
    args = parser(command).parse_args(rest)
    format = Format(args.format)  # choices are checked as text (argparse's message names them), then typed
    if command == "numbers":
        return numbers(args.file, Language(args.lang), format)
    only = None if args.only is None else Only(args.only)
    return check_command(args.source, args.summary, args.summary_file, args.jsonl, format, only)


def numbers(file: Path, lang: Language, format: Format) -> int:
    """List every number expression in a text, with offsets, value, qualifier and kind."""
    from briefs.arabic.numbers import find_numbers
    from briefs.environment import input_limits
    from briefs.grounding.english import find_english_numbers
    from briefs.inputs import read_text_file

    text = read_text_file(file, input_limits())
    mentions = find_numbers(text) if lang is Language.ar else find_english_numbers(text)
    if format is Format.json:
        print_json({"mentions": [m.to_json() for m in mentions]})
        return EXIT_OK
    rows = []
    for m in mentions:
        extra = f" (month {m.month}{', year ' + str(m.year) if m.year else ''})" if m.month else ""
        low_high = f"{_show(m.low)}–{_show(m.high)}"
        rows.append([m.text, str(m.start), str(m.end), f"{m.value}{extra}", low_high, str(m.qualifier), str(m.kind)])
    _table(
        ["text", "start", "end", "value", "low–high", "qualifier", "kind"],
        rows,
        f"{len(mentions)} number mentions in {file}",
    )
    return EXIT_OK


def check_command(
    source: Path | None,
    summary: str | None,
    summary_file: Path | None,
    jsonl: Path | None,
    format: Format,
    only: Only | None,
) -> int:
    """Check an English text against its Arabic source (or a batch of pairs): the exit code."""
    from briefs.environment import input_limits
    from briefs.grounding.checker import check
    from briefs.inputs import read_article, read_text_file, text_problem

    limits = input_limits()
    if jsonl is not None:
        if source or summary or summary_file:
            raise InputError("--jsonl checks a batch; leave out --source and --summary")
        return _check_batch(jsonl, format, only)
    if source is None or (summary is None) == (summary_file is None):
        raise InputError("give --source and one of --summary or --summary-file (or --jsonl for a batch)")
    article = read_article(source, limits)
    english = read_text_file(summary_file, limits) if summary_file is not None else summary or ""
    if problem := text_problem(english):
        raise InputError(f"{'--summary' if summary is not None else summary_file}: {problem}")
    if not english.strip():
        raise InputError("the summary is empty")
    report = _only(check(article.text, english, article.published_at), only)
    if format is Format.json:
        print_json(report.to_json())
    else:
        _print_report(report, english, article.text)
    return EXIT_UNSUPPORTED if report.verdict != "supported" else EXIT_OK


def _published(value: object) -> date | None:
    """The article's publication day, which places the weekdays of the text; None when absent or unreadable."""
    from briefs.inputs import publication_date

    return publication_date(value) if isinstance(value, str) else None


def _only(report: GroundingReport, only: Only | None) -> GroundingReport:
    if only is Only.numbers:
        return dataclasses.replace(report, names=())
    return dataclasses.replace(report, numbers=()) if only is Only.names else report


def _check_batch(path: Path, format: Format, only: Only | None = None) -> int:
    """One report per line, in order; a bad line gets an error report and the batch goes on."""
    from briefs.environment import input_limits
    from briefs.grounding.checker import check
    from briefs.inputs import read_text_file, text_problem, validate_article_text

    limits = input_limits()
    worst = EXIT_OK
    lines = read_text_file(path, limits).splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record_id = None
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputError(f"{where}: expected a JSON object")
            record_id = record.get("id")
            for field in ("source", "summary"):
                if not isinstance(record.get(field), str):
                    raise InputError(f"{where}: field '{field}' is missing or not a string")
            source_text = validate_article_text(record["source"], f"{where}: field 'source'", limits)
            if problem := text_problem(record["summary"]):
                raise InputError(f"{where}: field 'summary': {problem}")
            report = _only(check(source_text, record["summary"], _published(record.get("published_at"))), only)
        except json.JSONDecodeError as error:
            worst = EXIT_BAD_INPUT
            _emit_batch_error(format, record_id, f"{where}: malformed JSON at column {error.colno}: {error.msg}")
            continue
        except InputError as error:
            worst = EXIT_BAD_INPUT
            _emit_batch_error(format, record_id, str(error))
            continue
        if report.verdict != "supported" and worst == EXIT_OK:
            worst = EXIT_UNSUPPORTED
        if format is Format.json:
            print(json.dumps({"id": record_id, **report.to_json()}, ensure_ascii=False))
        else:
            _rule(f"{record_id if record_id is not None else where}: {report.verdict}")
            _print_report(report, record["summary"], source_text)
    return worst


def _emit_batch_error(format: Format, record_id, message: str) -> None:
    if format is Format.json:
        print(
            json.dumps(
                {"id": record_id, "verdict": "error", "error": message, "numbers": [], "names": []}, ensure_ascii=False
            )
        )
    else:
        from briefs.cli.output import err

        err.print(f"[red]error:[/red] {message}")


def _print_report(report: GroundingReport, english: str, source: str) -> None:
    from briefs.grounding.checker import FAILING

    if _terminal():
        from rich.text import Text

        from briefs.cli.output import out

        coloured = Text(english)
        for item in (*report.numbers, *report.names):
            coloured.stylize(STATUS_STYLE[item.status], item.mention.start, item.mention.end)
        out.print(coloured)
    else:
        print(english)
    evidence = lambda item: " | ".join(_context(source, e.start, e.end) for e in item.evidence) or "—"  # noqa: E731
    _table(
        ["number", "status", "Arabic evidence", "note"],
        [[item.mention.text, item.status, evidence(item), item.note] for item in report.numbers],
        f"verdict: {report.verdict}",
    )
    if report.names:
        _table(
            ["name", "kind", "status", "Arabic evidence", "note"],
            [
                [item.mention.text, str(item.mention.kind), item.status, evidence(item), item.note]
                for item in report.names
            ],
        )
    failing = sum(item.status in FAILING for item in report.numbers)
    failing_names = sum(item.status in FAILING for item in report.names)
    _line(
        f"{len(report.numbers)} numbers checked, {failing} unsupported or misattributed; "
        f"{len(report.names)} names checked, {failing_names} unsupported or misattributed."
    )


def _terminal() -> bool:
    """Tables and colours (rich) for a terminal; a pipe or a file gets plain tab-separated lines, and
    never imports rich (54 ms of a one-pair `briefs check`, bench/bench_startup.py)."""
    return sys.stdout.isatty()


def _table(columns: list[str], rows: list[list[str]], title: str | None = None) -> None:
    """A table: drawn by rich on a terminal (a `status` column in its colour), else a title line, a header
    line and one line per row, cells separated by tabs."""
    if not _terminal():
        for line in ([title] if title else []) + [columns] + rows:
            print(line if isinstance(line, str) else "\t".join(cell.replace("\t", " ") for cell in line))
        return
    from rich.table import Table
    from rich.text import Text

    from briefs.cli.output import out

    table = Table(*columns, title=title)
    status = columns.index("status") if "status" in columns else None
    for row in rows:
        table.add_row(*(Text(cell, style=STATUS_STYLE[cell]) if i == status else cell for i, cell in enumerate(row)))
    out.print(table)


def _rule(title: str) -> None:
    if _terminal():
        from briefs.cli.output import out

        out.rule(title)
    else:
        print(f"== {title}")


def _line(text: str) -> None:
    if _terminal():
        from briefs.cli.output import out

        out.print(text)
    else:
        print(text)


def _context(source: str, start: int, end: int, width: int = 30) -> str:
    """The evidence with a few words around it, on one line."""
    left = source[max(0, start - width) : start].split("\n")[-1]
    right = source[end : end + width].split("\n")[0]
    return f"…{left}[{source[start:end]}]{right}…"


def _show(value) -> str:
    return "" if value is None else str(value)
