"""A store of any size in bulk, as the pipeline would have saved it, for the benchmarks.

The templates are real lexicon results on the gold reports (evals/datasets/incidents.jsonl); each
copy is a new article (new text, hash and id) dated on a day of its own, so a day holds a realistic
mix of reports of one event by several outlets and of distinct events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

from sqlalchemy import Table

ROOT = Path(__file__).resolve().parents[1]
BATCH = 5_000


@dataclass(frozen=True, slots=True)
class Seeded:
    articles: int
    incidents: int
    first_day: date
    days: int


def gold_results() -> list:
    """(case, ExtractionResult) of every gold report the lexicon finds an incident in."""
    from briefs.extract.lexicon import LexiconExtractor
    from briefs.inputs import ArticleText

    extractor = LexiconExtractor()
    out = []
    for line in (ROOT / "evals" / "datasets" / "incidents.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        outcome = extractor.extract(ArticleText(id=case["id"], text=case["text"], published_at=case["published_at"]))
        if outcome.result is not None and outcome.result.incidents:
            out.append((case, outcome.result))
    return out


def seed(store, incidents: int, days: int, first_day: date = date(2024, 1, 1), templates: list | None = None) -> Seeded:
    """`incidents` incidents over `days` days (copy n of a template is dated first_day + n % days),
    inserted in batches of one transaction each."""
    from briefs.domain import article_hash
    from briefs.store import Article, ExtractionRow, IncidentRow, Run
    from briefs.store.tables import incident_columns

    templates = templates or gold_results()
    dumped = []
    for case, result in templates:
        payload = result.model_dump(mode="json")
        per_incident = [incident_columns(incident) for incident in result.incidents]
        dumped.append((case, result, per_incident, payload.pop("incidents"), payload))
    now = datetime.now(UTC)
    count, number = 0, 0
    rows: dict = {Article: [], Run: [], ExtractionRow: [], IncidentRow: []}

    def flush() -> None:
        with store.sessions.begin() as session:
            for model in (Article, Run, ExtractionRow, IncidentRow):
                if rows[model]:
                    session.execute(cast(Table, model.__table__).insert(), rows[model])
                rows[model] = []

    while count < incidents:
        case, result, result_columns, items, payload = dumped[number % len(dumped)]
        day = first_day + timedelta(days=number % days)
        text = case["text"] + f"\n[نسخة {number}]"
        digest = article_hash(text)
        run_id = number + 1
        rows[Article].append(
            dict(
                hash=digest,
                external_id=f"{case['id']}-{number}",
                text=text,
                title=None,
                outlet=f"outlet {number % 7}",
                url=None,
                published_at=day,
                origin="bench",
                created_at=now,
                current_run_id=run_id,
            )
        )
        rows[Run].append(
            dict(
                id=run_id,
                article_hash=digest,
                config_key="lexicon",
                extractor="lexicon",
                model=None,
                prompt_id=None,
                status="done",
                worker="bench",
                tries=1,
                queued_at=now,
                started_at=now,
                finished_at=now,
                duration_ms=4.0,
            )
        )
        rows[ExtractionRow].append(
            dict(
                run_id=run_id,
                article_hash=digest,
                flags=len(result.flags),
                created_at=now,
                result={**payload, "article_hash": digest, "article_id": f"{case['id']}-{number}"},
            )
        )
        for position, (columns, data) in enumerate(zip(result_columns, items, strict=True)):
            if count >= incidents:
                break
            rows[IncidentRow].append(
                dict(
                    run_id=run_id,
                    article_hash=digest,
                    position=position,
                    **(columns | {"event_date": day}),
                    data={**data, "event_date": day.isoformat()},
                )
            )
            count += 1
        number += 1
        if len(rows[IncidentRow]) >= BATCH:
            flush()
    flush()
    return Seeded(articles=number, incidents=count, first_day=first_day, days=days)
