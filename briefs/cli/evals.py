"""`briefs eval`: run suites, compare a run with a baseline, bless a run, save and replay cassettes.

Exit codes: 0 fine, 1 a gated metric regressed, 2 bad input (a BriefsError, one line on stderr).
Heavy imports (numpy, the extractors) wait until a command runs, so `briefs --help` stays quick.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from briefs.cli.output import progress_bar

if TYPE_CHECKING:
    from rich.progress import TaskID

app = typer.Typer()
eval_app = typer.Typer(
    help="Regression evals: run a suite, compare a run with its blessed baseline, bless, replay cassettes.",
    no_args_is_help=True,
)
app.add_typer(
    eval_app, name="eval", help="Regression evals of prompts, models and the checker against blessed baselines."
)
# Reports are wide tables: off a terminal (CI logs, pipes) give them room instead of rich's 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, highlight=False)


class CompareFormat(StrEnum):
    table = "table"
    md = "md"
    html = "html"
    junit = "junit"
    json = "json"


class _RichProgress:
    """The runner's progress as a rich progress bar on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.bar = progress_bar(err, disable=not enabled)
        self.task: TaskID | None = None

    def start(self, total: int, done: int, description: str) -> None:
        if done:
            err.print(f"resuming: {done} of {total} case runs already done")
        self.task = self.bar.add_task(description, total=total, completed=done)

    def advance(self, case) -> None:
        if self.task is not None:
            self.bar.advance(self.task)

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)


@eval_app.command()
def run(
    suite: Annotated[
        str, typer.Argument(help="A suite file, or a suite's name in evals/suites (lexicon, grounding, ...).")
    ],
    model: Annotated[str | None, typer.Option(help="Override the suite's model (provider:model, or lexicon).")] = None,
    prompt: Annotated[str | None, typer.Option(help="Override the suite's prompt, e.g. extract@v2.")] = None,
    repeat: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=100,
            help="Run every case N times: each case is labelled consistent or flaky, and pass^k is reported.",
        ),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="The run file (default evals/runs/<suite>-<time>.json).")
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option(help="Re-score a cassette offline: the recorded replies go through the real LLM extractor again."),
    ] = None,
    record: Annotated[
        Path | None,
        typer.Option(help="Also save the run's model replies as a cassette (e.g. evals/cassettes/NAME.json)."),
    ] = None,
    fresh: Annotated[
        bool,
        typer.Option("--fresh", help="Start over instead of resuming an unfinished run of the same configuration."),
    ] = False,
    concurrency: Annotated[
        int | None, typer.Option(min=1, max=256, help="Articles in flight at once (LLM; default BRIEFS_CONCURRENCY).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run every case of a suite (resumably), score every field, and write the run file."""
    from briefs.evals.report import run_table
    from briefs.evals.runner import RunOptions, run_suite
    from briefs.evals.suites import load_suite

    loaded = load_suite(suite)
    options = RunOptions(
        model=model, prompt=prompt, repeat=repeat, out=out_file, replay=replay, fresh=fresh, concurrency=concurrency
    )
    with _RichProgress(enabled=not quiet) as progress:
        record_run, path = run_suite(loaded, options, progress)
    out.print(run_table(record_run))
    out.print(f"run written to {path}")
    if record is not None:
        _save_cassette(record_run, loaded, record, note="")


@eval_app.command()
def compare(
    baseline: Annotated[
        str,
        typer.Argument(
            help="The baseline run file, or a suite name for its blessed baseline (evals/baselines/<suite>.json)."
        ),
    ],
    run_file: Annotated[Path, typer.Argument(metavar="RUN", help="The run to judge.")],
    format: Annotated[CompareFormat, typer.Option("--format", "-f", help="What to print.")] = CompareFormat.table,
    md: Annotated[Path | None, typer.Option(help="Also write the Markdown report here.")] = None,
    html: Annotated[Path | None, typer.Option(help="Also write the self-contained HTML report here.")] = None,
    junit: Annotated[Path | None, typer.Option(help="Also write JUnit XML here (for CI).")] = None,
    suite: Annotated[
        str | None, typer.Option(help="The suite whose gates apply (default: the run's suite, by name).")
    ] = None,
) -> None:
    """Per-metric deltas with bootstrap intervals, the cases that changed, and the gate: exit 1 on a regression."""
    from briefs.evals.compare import compare as compare_runs
    from briefs.evals.records import load_run
    from briefs.evals.suites import load_suite

    run_record = load_run(run_file)
    baseline_path = _baseline_path(baseline)
    base_record = load_run(baseline_path)
    loaded = load_suite(suite) if suite else suite_of(run_record)
    report = compare_runs(
        base_record, run_record, loaded, baseline_label=f"baseline {baseline_path}", run_label=f"run {run_file}"
    )
    _emit(report, format, md=md, html=html, junit=junit)
    raise typer.Exit(1 if report.failed else 0)


@eval_app.command()
def bless(
    run_file: Annotated[Path, typer.Argument(metavar="RUN", help="The run to make its suite's baseline.")],
    force: Annotated[
        bool, typer.Option("--force", help="Bless a run that has errored cases, or whose suite file changed since.")
    ] = False,
) -> None:
    """Make a run the blessed baseline of its suite (evals/baselines/<suite>.json); commit that file."""
    from briefs.errors import BriefsError
    from briefs.evals.records import load_run

    record = load_run(run_file)
    loaded = suite_of(record)
    if record.errors and not force:
        raise BriefsError(
            f"{run_file}: {len(record.errors)} case run(s) ended with an error; run again, or bless with --force"
        )
    if record.suite_hash != loaded.file_hash and not force:
        raise BriefsError(
            f"{run_file}: the suite file {loaded.path} changed since this run; run it again, or bless with --force"
        )
    target = record.save(loaded.baseline_path)
    out.print(f"blessed {run_file} as the baseline of suite {record.suite}: {target}")


@eval_app.command()
def show(
    run_file: Annotated[Path, typer.Argument(metavar="RUN", help="A run or baseline file.")],
    targets: Annotated[
        bool,
        typer.Option(
            "--targets", help="Judge the pooled held-out figures against the targets in the run's suite file."
        ),
    ] = False,
) -> None:
    """A run's metrics, by split with counts and 95% intervals, and its flaky cases."""
    from briefs.errors import BriefsError
    from briefs.evals.records import load_run
    from briefs.evals.report import run_table

    record = load_run(run_file)
    goals = suite_of(record).targets if targets else None
    if targets and not goals:
        raise BriefsError(f"suite {record.suite} has no targets (a `targets:` block in its suite file)")
    out.print(run_table(record, goals))


@eval_app.command()
def cassette(
    run_file: Annotated[Path, typer.Argument(metavar="RUN", help="An LLM run.")],
    out_file: Annotated[Path, typer.Option("--out", help="The cassette file, e.g. evals/cassettes/NAME.json.")],
    note: Annotated[str, typer.Option(help="A line saying what was recorded, and against what.")] = "",
) -> None:
    """Save an LLM run's model replies as a cassette, to re-score offline with `eval run --replay`."""
    from briefs.evals.records import load_run

    record = load_run(run_file)
    _save_cassette(record, suite_of(record), out_file, note=note)


@eval_app.command()
def ci(
    suites: Annotated[
        list[str] | None, typer.Argument(help="Suites to gate (default: every suite with ci: true).")
    ] = None,
    md: Annotated[Path | None, typer.Option(help="Also write the Markdown reports here.")] = None,
    html: Annotated[
        Path | None, typer.Option(help="Also write an HTML report per suite here, <suite> in the name replaced.")
    ] = None,
    junit: Annotated[Path | None, typer.Option(help="Also write JUnit XML here.")] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, and one line for a suite that passes.")
    ] = False,
) -> None:
    """Run the CI suites and compare each with its blessed baseline; exit 1 when one regressed."""
    from briefs.errors import BriefsError
    from briefs.evals.compare import compare as compare_runs
    from briefs.evals.records import load_run
    from briefs.evals.report import render_html, render_junit, render_markdown, render_terminal, verdict_line
    from briefs.evals.runner import RunOptions, SuiteSkipped, run_suite
    from briefs.evals.suites import PROJECT_EVALS, load_suite

    names = suites or sorted(p.stem for p in (PROJECT_EVALS / "suites").glob("*.yaml"))
    loaded = [load_suite(name) for name in names]
    if not suites:
        loaded = [s for s in loaded if s.ci]
    reports = []
    for suite in loaded:
        if not suite.baseline_path.is_file():
            raise BriefsError(
                f"suite {suite.name} has no blessed baseline at {suite.baseline_path}: "
                f"run `briefs eval run {suite.name}` and `briefs eval bless RUN`"
            )
        try:
            with _RichProgress(enabled=not quiet) as progress:
                record, path = run_suite(
                    suite, RunOptions(out=suite.runs_dir / "ci" / f"{suite.name}.json", fresh=True), progress
                )
        except SuiteSkipped as skipped:
            out.print(f"[yellow]{suite.name}: skipped, {skipped}[/yellow]")
            continue
        report = compare_runs(
            load_run(suite.baseline_path),
            record,
            suite,
            baseline_label=f"baseline {suite.baseline_path.name}",
            run_label=f"run {path}",
        )
        if quiet and not report.failed:  # a pass is one line; a regression always prints the whole comparison
            held_out = sum(c.worse for c in report.held_out.values()), sum(c.better for c in report.held_out.values())
            out.print(
                f"[green]{verdict_line(report)}[/green] ({len(report.regressed_cases)} case field(s) worse, "
                f"{len(report.improved_cases)} better"
                + (f"; held-out, counted only: {held_out[0]} worse, {held_out[1]} better" if report.held_out else "")
                + f"; run {path})"
            )
        else:
            render_terminal(report, out)
        reports.append(report)
        if html is not None:
            target = (
                Path(str(html).replace("<suite>", suite.name))
                if "<suite>" in str(html)
                else html.with_name(f"{html.stem}-{suite.name}{html.suffix}")
            )
            _write(target, render_html(report))
    if md is not None:
        _write(md, "\n".join(render_markdown(r) for r in reports))
    if junit is not None:
        _write(junit, render_junit(reports))
    failed = [r.suite for r in reports if r.failed]
    if failed:
        err.print(f"[bold red]eval gate: regression in {', '.join(failed)}[/bold red]")
    raise typer.Exit(1 if failed else 0)


def suite_of(record):
    """The suite a run was made from: its file when it is still there, else the suite of that name."""
    from briefs.evals.suites import load_suite

    if record.suite_path and Path(record.suite_path).is_file():
        return load_suite(Path(record.suite_path))
    return load_suite(record.suite)


def _baseline_path(baseline: str) -> Path:
    path = Path(baseline)
    if path.suffix == ".json" or path.exists():
        return path
    from briefs.evals.suites import load_suite

    return load_suite(baseline).baseline_path


def _emit(report, format: CompareFormat, *, md: Path | None, html: Path | None, junit: Path | None) -> None:
    from briefs.evals.report import render_html, render_junit, render_markdown, render_terminal

    if format is CompareFormat.table:
        render_terminal(report, out)
    elif format is CompareFormat.md:
        print(render_markdown(report), end="")
    elif format is CompareFormat.html:
        print(render_html(report), end="")
    elif format is CompareFormat.junit:
        print(render_junit([report]), end="")
    else:
        print(json.dumps(report.model_dump(mode="json") | {"failed": report.failed}, ensure_ascii=False, indent=1))
    for path, render in ((md, render_markdown), (html, render_html)):
        if path is not None:
            _write(path, render(report))
    if junit is not None:
        _write(junit, render_junit([report]))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    err.print(f"wrote {path}")


def _save_cassette(record, suite, path: Path, note: str) -> None:
    from briefs.evals.cassette import cassette_from_run
    from briefs.evals.runner import fenced_key, load_cases

    cases, _ = load_cases(suite)
    shas = {case["id"]: fenced_key(case) for case in cases}
    saved = cassette_from_run(record, shas, note=note).save(path)
    out.print(f"cassette written to {saved} ({len(record.cases)} case runs)")
