"""`briefs extract`: incidents and an English summary from one article, with its grounding report."""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from briefs.cli.options import ModelOption
from briefs.cli.output import out, print_json
from briefs.errors import ExitCode

app = typer.Typer()


class ExtractFormat(StrEnum):
    json = "json"
    md = "md"


@app.command()
def extract(
    article: Annotated[Path, typer.Argument(help="The Arabic article (.txt or .json).")],
    model: ModelOption = None,
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
            help="When the article was published, YYYY-MM-DD: its weekdays, أمس and dates without a year are "
            "resolved against it (a .txt has no date of its own; this overrides a .json's published_at). "
            "Without either, dates are guessed and flagged.",
        ),
    ] = None,
) -> None:
    """Extract incidents and an English summary from one article, with its grounding report.

    Exit 0 when the result is clean, 1 when something is flagged or no valid extraction came back, 2 on bad input,
    4 when the model service failed (auth, no such model, quota, unreachable, timed out, refused, cut off).
    """
    from briefs.config import get_settings
    from briefs.extract.select import make_extractor
    from briefs.inputs import parse_day, read_article

    settings = get_settings()
    if prompt:
        settings = settings.model_copy(update={"prompt": prompt})
    text = read_article(article, settings)
    if published is not None:
        text = dataclasses.replace(text, published_at=parse_day(published, "--published"))
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
        print_json(body)
    else:
        out.print(render_markdown(outcome))
    if outcome.result is None and outcome.failure_kind is not None:
        raise typer.Exit(ExitCode.MODEL_FAILED)
    raise typer.Exit(ExitCode.OK if outcome.result is not None and not outcome.flags else ExitCode.FLAGGED)


def render_markdown(outcome) -> str:
    """A person's view of one extraction: summary, incidents with their counts, then every flag."""
    from briefs.domain import figure_text

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
            f"- {count.category}: {figure_text(count)} "
            f"({count.qualifier}) {count.who} — **{count.grounding}** — «{count.evidence_ar}»"
            for count in incident.counts
        ]
    lines += ["", "## Flags", ""] + (
        [f"- {flag}" for flag in result.flags] or ["- none: every quote aligned, every number supported"]
    )
    return "\n".join(lines)
