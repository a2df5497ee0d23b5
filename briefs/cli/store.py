"""CLI commands over the store: `briefs run`, `briefs worker`, `briefs brief`, `briefs incidents`."""

from __future__ import annotations

import json
import signal
import sys
import time
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefs.cli import output  # its consoles (and rich) load when first printed to
from briefs.cli.options import ModelOption
from briefs.errors import EXIT_MODEL_FAILED, InputError, StoreError

if TYPE_CHECKING:  # the settings (pydantic-settings) load when a command runs, not on every start
    from rich.progress import Progress

    from briefs.config import Settings

app = typer.Typer()
INGEST_CHUNK = 500

PromptOption = Annotated[
    str | None, typer.Option(help="Prompt id for the LLM, e.g. extract@v2 (default BRIEFS_PROMPT).")
]


def _settings(prompt: str | None = None, concurrency: int | None = None) -> Settings:
    from briefs.config import get_settings

    settings = get_settings()
    update = {k: v for k, v in {"prompt": prompt, "concurrency": concurrency}.items() if v is not None}
    return settings.model_copy(update=update) if update else settings


def open_store(settings: Settings | None = None):
    """The store of the settings (without them: of BRIEFS_DATABASE_URL, read without loading the settings), or a
    StoreError that says why not (the URL's password masked)."""
    from briefs.library import open_store as open_at

    return open_at(settings=settings)


@app.command()
def run(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files (.txt, .json), folders, and .jsonl files.", show_default=False),
    ] = None,
    model: ModelOption = None,
    prompt: PromptOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Process again articles already done with this extractor, model and prompt.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Also process again the articles that failed before.")
    ] = False,
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, max=256, help="Articles sent to the model at once (default BRIEFS_CONCURRENCY)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the model again even where the same request was answered before.")
    ] = False,
) -> None:
    """Store the articles and extract their incidents; skip what is done, resume what was cut short.

    Exit 0 when every input was processed, 1 when some input was skipped or failed (the rest is done), 2 on bad usage,
    4 when the model service failed for some article (auth, quota, unreachable, refused, cut off; the rest is done).
    """
    from briefs.pipeline import Pipeline, Rejected, read_inputs
    from briefs.store import RunStatus, worker_id

    if not inputs and not retry_failed:
        raise InputError("give article files, folders or .jsonl files (or --retry-failed to retry the failures)")
    settings = _settings(prompt, concurrency)
    store = open_store(settings)
    pipeline = Pipeline(store, settings, model, use_cache=not no_cache)
    rejected = read = new = 0
    queue: dict[str, int] = {}
    chunk: list = []

    def flush() -> None:
        nonlocal new
        if chunk:
            result = pipeline.ingest(chunk, "cli", force=force)
            new += len(result.new)
            for reason, n in result.queue.items():
                queue[reason] = queue.get(reason, 0) + n
            chunk.clear()

    for item in read_inputs(inputs or [], settings):
        if isinstance(item, Rejected):
            rejected += 1
            output.err.print(f"[yellow]skipped[/yellow] {item.where}: {item.reason}")
            continue
        read += 1
        chunk.append(item)
        if len(chunk) >= INGEST_CHUNK:
            flush()
    flush()
    if retry_failed:
        store.queue.retry_failed(pipeline.config)
    recovery = pipeline.recover()
    resumed = recovery.released
    pending = store.queue.run_counts(pipeline.config).get(RunStatus.PENDING, 0)
    made_by = (
        "the offline lexicon extractor"
        if pipeline.config.extractor == "lexicon"
        else f"model {pipeline.model}, prompt {settings.prompt}"
    )
    output.err.print(
        f"{read} article(s) read, {new} new; {pending} to process with {made_by}"
        + (f"; {queue[RunStatus.DONE]} already done" if queue.get(RunStatus.DONE) else "")
        + (f"; {resumed} taken back from an interrupted run" if resumed else "")
    )
    failures: list[str] = []
    service_failed = 0
    try:
        with _progress(quiet) as progress:
            task = progress.add_task("extracting", total=pending)

            def on_done(claimed, finished) -> None:
                nonlocal service_failed
                progress.advance(task)
                if finished.error:
                    failures.append(f"{claimed.article.external_id}: {finished.error}")
                    service_failed += finished.failure_kind is not None

            stats = pipeline.process(worker_id(), on_done=on_done)
    finally:
        pipeline.close()
    for failure in failures:
        output.err.print(f"[red]failed[/red] {failure}")
    rate = f", {stats.done / stats.seconds:.0f} articles/s" if stats.seconds > 0 and stats.done else ""
    output.lines.print(
        f"done: {stats.done} article(s), {stats.incidents} incident(s); failed: {stats.failed}; "
        f"skipped inputs: {rejected}{rate}"
    )
    if stats.failed:
        output.err.print("retry the failures with: briefs run --retry-failed")
    raise typer.Exit(EXIT_MODEL_FAILED if service_failed else 1 if stats.failed or rejected else 0)


def _progress(quiet: bool) -> Progress:
    return output.progress_bar(output.err, disable=quiet or not output.err.is_terminal)


@app.command()
def worker(
    model: ModelOption = None,
    prompt: PromptOption = None,
    poll: Annotated[float, typer.Option(min=0.05, help="Seconds between looks at an empty queue.")] = 2.0,
    exit_when_empty: Annotated[
        bool, typer.Option("--exit-when-empty", help="Stop when the queue is empty instead of waiting for more.")
    ] = False,
    batch: Annotated[int | None, typer.Option(min=1, help="Articles claimed at a time.")] = None,
) -> None:
    """Process the store's queue until stopped (Ctrl-C or SIGTERM finish the batch in hand, then stop).

    Run several, on one machine or on several sharing PostgreSQL: each claims its own articles."""
    from briefs.pipeline import Pipeline
    from briefs.store import worker_id

    settings = _settings(prompt)
    store = open_store(settings)
    pipeline = Pipeline(store, settings, model)
    me = worker_id()
    stopping = False

    def stop(*_) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    recovery = pipeline.recover()
    output.err.print(
        f"worker {me} on {pipeline.config.key}"
        + (f"; {recovery.queued} stored article(s) with no run queued" if recovery.queued else "")
        + (f"; {recovery.released} run(s) taken back from dead processes" if recovery.released else "")
    )
    done = failed = 0
    try:
        while not stopping:
            stats = pipeline.process(me, batch_size=batch, stop=lambda: stopping)
            done, failed = done + stats.done, failed + stats.failed
            if stats.done or stats.failed:
                output.err.print(f"processed {stats.done + stats.failed} ({stats.failed} failed)")
            elif store.queue.release_dead_workers():  # a process that died since: its claims are pending again
                continue
            elif exit_when_empty:
                break
            else:
                time.sleep(poll)
    finally:
        pipeline.close()
    output.lines.print(f"worker {me} stopped: {done} done, {failed} failed")


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


def _range(day: str | None, start: str | None, end: str | None, store) -> tuple[date, date]:
    if day and (start or end):
        raise InputError("give --date, or --from and --to, not both")
    from briefs.inputs import parse_day

    if day:
        chosen = parse_day(day, "--date")
        return chosen, chosen
    first = parse_day(start, "--from") if start is not None else None
    last = parse_day(end, "--to") if end is not None else None
    if first is None or last is None:
        only = first or last or store.reports.latest_event_date()
        if only is None:
            raise StoreError("the store holds no incidents yet: process articles with `briefs run` first")
        return only, only
    if first > last:
        raise InputError(f"--from {first} is after --to {last}")
    return first, last


def _write(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    output.err.print(f"wrote {path}")


DateOption = Annotated[
    str | None, typer.Option("--date", help="One day, YYYY-MM-DD (default: the latest day with incidents).")
]
FromOption = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of standard output.")]


@app.command()
def brief(
    day: DateOption = None,
    start: FromOption = None,
    end: ToOption = None,
    format: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="md to read, html to share, json for machines.")
    ] = BriefFormat.md,
    out_path: OutOption = None,
    country: Annotated[str | None, typer.Option(help="Only this country (ISO alpha-3, e.g. SYR).")] = None,
) -> None:
    """The brief for a day or a range: one entry per incident, every source, every unverified figure marked."""
    from briefs.brief.build import build_brief
    from briefs.brief.render import render

    store = open_store()
    first, last = _range(day, start, end, store)
    _write(render(build_brief(store, first, last, country=country), format.value), out_path)


class TableFormat(StrEnum):
    csv = "csv"
    json = "json"


@app.command()
def incidents(
    start: FromOption = None,
    end: ToOption = None,
    day: DateOption = None,
    country: Annotated[str | None, typer.Option(help="Only this country (ISO alpha-3, e.g. SYR).")] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="csv for spreadsheets, json for machines.")
    ] = TableFormat.csv,
    out_path: OutOption = None,
) -> None:
    """Merged incidents in ACLED-like columns, one row per event."""
    from briefs.brief.build import build_brief
    from briefs.brief.rows import incident_rows, rows_as_csv

    store = open_store()
    first, last = _range(day, start, end, store)
    brief = build_brief(store, first, last, country=country)
    rows = incident_rows(brief.incidents, brief.generated_at)
    _write(rows_as_csv(rows) if format is TableFormat.csv else json.dumps(rows, ensure_ascii=False, indent=2), out_path)
