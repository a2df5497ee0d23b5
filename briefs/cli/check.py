"""The `briefs` command line: rich output for people, `--format json` for machines.

Every failure the user can cause ends as one line on stderr and its exit code (`briefs.errors`), never
a traceback: `main` is the one place that maps exceptions to exit codes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from briefs.grounding.checker import GroundingReport

from briefs import __version__
from briefs.cli_api import keys_app, serve
from briefs.cli_store import COMMANDS
from briefs.errors import BriefsError, ExitCode, InputError
from briefs.evals.cli import eval_app
from briefs.schema_export import schema_app

app = typer.Typer(
    help="Briefs: Arabic security-incident news to English incident briefs, every number traced to its source.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(schema_app, name="schema", help="The JSON Schemas generated from the models.")
app.add_typer(
    eval_app, name="eval", help="Regression evals of prompts, models and the checker against blessed baselines."
)
for _command in COMMANDS:
    app.command()(_command)
app.add_typer(keys_app, name="keys", help="API keys for the HTTP API.")
app.command()(serve)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

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


def _version(value: bool) -> None:
    if value:
        out.print(f"briefs {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Briefs: Arabic security-incident news to English incident briefs, every number traced to its source."""


@app.command()
def numbers(
    file: Annotated[Path, typer.Argument(help="A text file, or - for standard input.")],
    lang: Annotated[Language, typer.Option(help="Language of the text.")] = Language.ar,
    format: Annotated[Format, typer.Option("--format", "-f", help="text for people, json for machines.")] = Format.text,
) -> None:
    """List every number expression in a text, with offsets, value, qualifier and kind."""
    from briefs.arabic.numbers import find_numbers
    from briefs.config import get_settings
    from briefs.grounding.english import find_english_numbers
    from briefs.inputs import read_text_file

    text = read_text_file(file, get_settings())
    mentions = find_numbers(text) if lang is Language.ar else find_english_numbers(text)
    if format is Format.json:
        _print_json({"mentions": [m.to_json() for m in mentions]})
        return
    table = Table(
        "text",
        "start",
        "end",
        "value",
        "low–high",
        "qualifier",
        "kind",
        title=f"{len(mentions)} number mentions in {file}",
    )
    for m in mentions:
        extra = f" (month {m.month}{', year ' + str(m.year) if m.year else ''})" if m.month else ""
        table.add_row(
            m.text,
            str(m.start),
            str(m.end),
            f"{m.value}{extra}",
            f"{_show(m.low)}–{_show(m.high)}",
            str(m.qualifier),
            str(m.kind),
        )
    out.print(table)


@app.command(name="check")
def check_command(
    source: Annotated[Path | None, typer.Option(help="The Arabic article (.txt or .json).")] = None,
    summary: Annotated[str | None, typer.Option(help="The English text to check against the source.")] = None,
    summary_file: Annotated[Path | None, typer.Option(help="Read the English text from a file instead.")] = None,
    jsonl: Annotated[Path | None, typer.Option(help='Check a batch: lines of {"id", "source", "summary"}.')] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text for people, json for machines.")] = Format.text,
    only: Annotated[
        Only | None, typer.Option(help="Check only numbers (the behaviour before names) or only names.")
    ] = None,
) -> None:
    """Check that every number and name (place, actor, day) in an English text is supported by the Arabic source.

    Exit 0 when nothing is unsupported or misattributed, 1 when something is, 2 on bad input.
    """
    from briefs.config import get_settings
    from briefs.grounding.checker import check
    from briefs.inputs import read_article, read_text_file, text_problem

    settings = get_settings()
    if jsonl is not None:
        if source or summary or summary_file:
            raise InputError("--jsonl checks a batch; leave out --source and --summary")
        raise typer.Exit(_check_batch(jsonl, format, only))
    if source is None or (summary is None) == (summary_file is None):
        raise InputError("give --source and one of --summary or --summary-file (or --jsonl for a batch)")
    article = read_article(source, settings)
    english = summary if summary is not None else read_text_file(summary_file, settings)
    if problem := text_problem(english):
        raise InputError(f"{'--summary' if summary is not None else summary_file}: {problem}")
    if not english.strip():
        raise InputError("the summary is empty")
    report = _only(check(article.text, english, _published(article.published_at)), only)
    if format is Format.json:
        _print_json(report.to_json())
    else:
        _print_report(report, english, article.text)
    raise typer.Exit(EXIT_UNSUPPORTED if report.verdict != "supported" else EXIT_OK)


def _published(value: object) -> date | None:
    """The article's publication day, which places the weekdays of the text; None when absent or unreadable."""
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def _only(report: GroundingReport, only: Only | None) -> GroundingReport:
    if only is Only.numbers:
        return dataclasses.replace(report, names=())
    return dataclasses.replace(report, numbers=()) if only is Only.names else report


def _check_batch(path: Path, format: Format, only: Only | None = None) -> int:
    """One report per line, in order; a bad line gets an error report and the batch goes on."""
    from briefs.config import get_settings
    from briefs.grounding.checker import check
    from briefs.inputs import read_text_file, text_problem, validate_article_text

    settings = get_settings()
    worst = EXIT_OK
    lines = read_text_file(path, settings).splitlines()
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
            source_text = validate_article_text(record["source"], f"{where}: field 'source'", settings)
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
            out.rule(f"{record_id if record_id is not None else where}: {report.verdict}")
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
        err.print(f"[red]error:[/red] {message}")


def _print_report(report: GroundingReport, english: str, source: str) -> None:
    from briefs.grounding.checker import FAILING

    coloured = Text(english)
    for item in (*report.numbers, *report.names):
        coloured.stylize(STATUS_STYLE[item.status], item.mention.start, item.mention.end)
    out.print(coloured)
    table = Table("number", "status", "Arabic evidence", "note", title=f"verdict: {report.verdict}")
    for item in report.numbers:
        evidence = " | ".join(_context(source, e.start, e.end) for e in item.evidence) or "—"
        table.add_row(item.mention.text, Text(item.status, style=STATUS_STYLE[item.status]), evidence, item.note)
    out.print(table)
    if report.names:
        names = Table("name", "kind", "status", "Arabic evidence", "note")
        for item in report.names:
            evidence = " | ".join(_context(source, e.start, e.end) for e in item.evidence) or "—"
            names.add_row(
                item.mention.text,
                str(item.mention.kind),
                Text(item.status, style=STATUS_STYLE[item.status]),
                evidence,
                item.note,
            )
        out.print(names)
    failing = sum(item.status in FAILING for item in report.numbers)
    failing_names = sum(item.status in FAILING for item in report.names)
    out.print(
        f"{len(report.numbers)} numbers checked, {failing} unsupported or misattributed; "
        f"{len(report.names)} names checked, {failing_names} unsupported or misattributed."
    )


def _context(source: str, start: int, end: int, width: int = 30) -> str:
    """The evidence with a few words around it, on one line."""
    left = source[max(0, start - width) : start].split("\n")[-1]
    right = source[end : end + width].split("\n")[0]
    return f"…{left}[{source[start:end]}]{right}…"


def _show(value) -> str:
    return "" if value is None else str(value)


def _print_json(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


class ExtractFormat(StrEnum):
    json = "json"
    md = "md"


@app.command()
def extract(
    article: Annotated[Path, typer.Argument(help="The Arabic article (.txt or .json).")],
    model: Annotated[
        str | None,
        typer.Option(
            help="openai:NAME (openai:gpt-4o-mini), with OPENAI_BASE_URL set the server's own name (qwen2.5:7b), or lexicon (default BRIEFS_MODEL; unset: lexicon)."
        ),
    ] = None,
    prompt: Annotated[str | None, typer.Option(help="Prompt id, e.g. extract@v1 (default BRIEFS_PROMPT).")] = None,
    format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="json for machines, md for people.")
    ] = ExtractFormat.md,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the model even if this exact request was answered before.")
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="When the article was published, YYYY-MM-DD: its weekdays, أمس and dates without a year are resolved against it (a .txt has no date of its own; this overrides a .json's published_at). Without either, dates are guessed and flagged.",
        ),
    ] = None,
) -> None:
    """Extract incidents and an English summary from one article, with its grounding report.

    Exit 0 when the result is clean, 1 when something is flagged or no valid extraction came back, 2 on bad input,
    4 when the model service failed (auth, no such model, quota, unreachable, timed out, refused, cut off).
    """
    from briefs.config import get_settings
    from briefs.extract.select import make_extractor
    from briefs.inputs import read_article

    settings = get_settings()
    if prompt:
        settings = settings.model_copy(update={"prompt": prompt})
    text = read_article(article, settings)
    if published is not None:
        text = dataclasses.replace(text, published_at=_publication_day(published))
    extractor = make_extractor(model, settings=settings, use_cache=not no_cache)
    try:
        outcome = extractor.extract(text)
    finally:
        extractor.close()
    if format is ExtractFormat.json:
        body = {
            "result": outcome.result.model_dump(mode="json") if outcome.result else None,
            "attempts": outcome.attempts,
            "flags": outcome.flags,
            "refusal": outcome.refusal,
            "model_failure": outcome.failure_kind,
        }
        _print_json(body)
    else:
        out.print(render_markdown(outcome))
    if outcome.result is None and outcome.failure_kind is not None:
        raise typer.Exit(ExitCode.MODEL_FAILED)
    raise typer.Exit(EXIT_OK if outcome.result is not None and not outcome.flags else EXIT_UNSUPPORTED)


def _publication_day(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"--published: {value!r} is not a date (YYYY-MM-DD)") from None


def render_markdown(outcome) -> str:
    """A person's view of one extraction: summary, incidents with their counts, then every flag."""
    if outcome.result is None:
        return f"**No extraction** after {outcome.attempts} attempt(s): " + "; ".join(outcome.flags)
    result = outcome.result
    made_by = (
        f"the LLM extractor, model {result.model}, prompt {result.prompt_id}"
        if result.extractor == "llm"
        else "the offline lexicon extractor (no model)"
    )
    lines = [f"# {result.article_id}", f"_made by {made_by}, {outcome.attempts} attempt(s)_", "", "## Summary", ""]
    lines += [f"- {line.text_en}" for line in result.summary]
    for number, incident in enumerate(result.incidents, start=1):
        lines += [
            "",
            f"## Incident {number}: {incident.event_type} / {incident.sub_event_type}",
            "",
            f"{incident.event_date} (precision {int(incident.time_precision)}), {incident.location.name_en}, "
            f"{incident.location.admin1 or '?'}, {incident.location.country}; fatalities {incident.fatalities}",
            "",
        ]
        lines += [
            f"- {count.category}: {count.value if count.value is not None else f'{count.low}-{count.high}'} "
            f"({count.qualifier}) {count.who} — **{count.grounding}** — «{count.evidence_ar}»"
            for count in incident.counts
        ]
    lines += ["", "## Flags", ""] + (
        [f"- {flag}" for flag in result.flags] or ["- none: every quote aligned, every number supported"]
    )
    return "\n".join(lines)


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


def main() -> None:
    """Console entry point, and the one place exceptions become exit codes: a BriefsError is one line and
    its own `exit_code` (2 for input, configuration and store, 4 for a failed model service); any other
    exception is a bug, one line and exit 3. BRIEFS_DEBUG=1 shows tracebacks."""
    try:
        app()
    except BriefsError as error:
        err.print(f"[red]error:[/red] {error}")
        sys.exit(error.exit_code)
    except Exception as error:  # a bug: still one line, with the way to see more
        if os.environ.get("BRIEFS_DEBUG"):
            raise
        err.print(f"[red]internal error:[/red] {type(error).__name__}: {error} (set BRIEFS_DEBUG=1 for the traceback)")
        sys.exit(ExitCode.INTERNAL)
