"""Request and response models of the API, each with an example for the OpenAPI document."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

from briefs.acled import EventType
from briefs.domain import ExtractionResult, GroundingRecord, Incident, SummaryLine
from briefs.inputs import in_range, text_problem
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.config import JsonDict

EXAMPLES = json.loads((Path(__file__).with_name("examples.json")).read_text(encoding="utf-8"))
EXAMPLE_ARTICLE: str = EXAMPLES["article"]
EXAMPLE_ENGLISH: str = EXAMPLES["english"]
EXAMPLE_CHECK: dict = EXAMPLES["check"]
EXAMPLE_RESULT: dict = EXAMPLES["result"]
EXAMPLE_HASH: str = EXAMPLE_RESULT["article_hash"]
EXAMPLE_INCIDENT: dict = EXAMPLE_RESULT["incidents"][0]

RunStatus = Literal["pending", "running", "done", "failed"]
TEXT_RULE = (
    "Arabic article text: at least BRIEFS_MIN_ARABIC_LETTERS (20) Arabic letters and at most "
    "BRIEFS_MAX_ARTICLE_CHARS (100,000) characters."
)


# ---- the boundary: every string and date that comes in is checked once, here (briefs.inputs) -------


def _clean(*, bidi: bool):
    def check(value: str) -> str:
        if problem := text_problem(value, bidi=bidi):
            raise ValueError(problem)
        return value

    return AfterValidator(check)


def _written_as_day(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value[:40]!r} is not a date written YYYY-MM-DD")
    return value


def _plausible(value: date) -> date:
    if problem := in_range(value):
        raise ValueError(problem)
    return value


ArticleBody = Annotated[str, _clean(bidi=True)]  # article bodies keep bidi controls (scraped news has them)
PlainText = Annotated[str, _clean(bidi=False)]
Day = Annotated[date, BeforeValidator(_written_as_day), AfterValidator(_plausible)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleIn(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "sdf-dhiban",
                    "title": "مقتل خمسة عناصر من داعش بريف دير الزور",
                    "text": EXAMPLE_ARTICLE,
                    "published_at": "2023-03-15",
                    "outlet": "Example News",
                    "url": "https://example.org/news/1",
                },
            ]
        },
    )

    text: ArticleBody = Field(description=TEXT_RULE)
    id: PlainText | None = Field(
        None, max_length=500, description="Your own id for the article (default: its content hash)."
    )
    title: PlainText | None = Field(None, max_length=2000, description="The headline.")
    published_at: Day | None = Field(
        None, description="Publication date, YYYY-MM-DD (1900-2100): the anchor for 'yesterday' and weekdays."
    )
    outlet: PlainText | None = Field(None, max_length=300)
    url: PlainText | None = Field(None, max_length=2000)


class RunInfo(BaseModel):
    id: int
    config: str = Field(description="The extractor configuration: 'lexicon', or 'model|prompt'.")
    extractor: str
    model: str | None
    prompt_id: str | None
    status: RunStatus
    tries: int
    error: str | None
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_ms: float | None


class ArticleDetail(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": EXAMPLE_HASH,
                    "external_id": "sdf-dhiban",
                    "title": None,
                    "outlet": None,
                    "url": None,
                    "published_at": "2023-03-15",
                    "created_at": "2023-03-15T08:00:00Z",
                    "text": EXAMPLE_ARTICLE,
                    "status": "done",
                    "runs": [
                        {
                            "id": 1,
                            "config": "lexicon",
                            "extractor": "lexicon",
                            "model": None,
                            "prompt_id": None,
                            "status": "done",
                            "tries": 1,
                            "error": None,
                            "queued_at": "2023-03-15T08:00:00Z",
                            "started_at": "2023-03-15T08:00:00Z",
                            "finished_at": "2023-03-15T08:00:01Z",
                            "duration_ms": 4.2,
                        }
                    ],
                    "summary": EXAMPLE_RESULT["summary"][0]["text_en"],
                    "incidents": EXAMPLE_RESULT["incidents"],
                    "grounding": EXAMPLE_RESULT["grounding"],
                    "flags": [],
                    "result": EXAMPLE_RESULT,
                }
            ]
        }
    )

    id: str = Field(description="The article's id: the SHA-256 of its text.")
    external_id: str = Field(description="The id given at submission (or the content hash).")
    title: str | None
    outlet: str | None
    url: str | None
    published_at: date | None
    created_at: datetime
    text: str
    status: RunStatus | None = Field(
        description="Status of the run of the server's extractor configuration; null when there is none."
    )
    runs: list[RunInfo] = Field(description="Every run of the article, under every configuration, oldest first.")
    summary: str | None = Field(description="The English summary of the current result.")
    incidents: list[Incident] = Field(description="The incidents of the current result.")
    grounding: GroundingRecord | None = Field(description="The checker's report on the summary.")
    flags: list[str] = Field(description="Whatever in the result is not supported by the article.")
    result: ExtractionResult | None = Field(description="The whole current result (null until a run is done).")


class ArticleAccepted(BaseModel):
    id: str = Field(description="The article's id (SHA-256 of its text): the same text always gets the same id.")
    external_id: str
    new: bool = Field(description="False when the store already held this text.")
    status: RunStatus = Field(description="Where its processing stands.")
    error: str | None = Field(description="Why processing failed, when it did.")
    location: str = Field(description="Where to read the article and its result.")
    article: ArticleDetail | None = Field(None, description="With ?wait=true, the article and its result.")


class ArticlesAccepted(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "extractor": "lexicon",
                    "articles": [
                        {
                            "id": EXAMPLE_HASH,
                            "external_id": "sdf-dhiban",
                            "new": True,
                            "status": "pending",
                            "error": None,
                            "location": f"/v1/articles/{EXAMPLE_HASH}",
                            "article": None,
                        }
                    ],
                }
            ]
        }
    )

    extractor: str = Field(description="The configuration processing them: 'lexicon', or 'model|prompt'.")
    articles: list[ArticleAccepted] = Field(description="One per submitted article, in order.")


class SummaryRequest(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": EXAMPLE_ARTICLE, "published_at": "2023-03-15", "length": "full"},
            ]
        },
    )

    text: ArticleBody = Field(description=TEXT_RULE)
    title: PlainText | None = Field(None, max_length=2000)
    published_at: Day | None = Field(None, description="Publication date, YYYY-MM-DD (1900-2100).")
    outlet: PlainText | None = Field(None, max_length=300)
    length: Literal["short", "medium", "full"] = Field(
        "full",
        description="short: 1 sentence, medium: up to 3, full: all. The grounding report is on the text returned.",
    )
    model: PlainText | None = Field(
        None,
        max_length=200,
        description="'lexicon' (no model), the server's BRIEFS_MODEL, or one of BRIEFS_API_MODELS; "
        "default the server's.",
    )
    prompt: PlainText | None = Field(
        None,
        max_length=100,
        description="Prompt id for the LLM, task@version (e.g. extract@v1); default BRIEFS_PROMPT.",
    )


class SummaryResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "article_hash": EXAMPLE_HASH,
                    "extractor": "lexicon",
                    "model": None,
                    "prompt_id": None,
                    "summary": EXAMPLE_RESULT["summary"][0]["text_en"],
                    "sentences": EXAMPLE_RESULT["summary"],
                    "incidents": EXAMPLE_RESULT["incidents"],
                    "grounding": EXAMPLE_RESULT["grounding"],
                    "flags": [],
                    "attempts": 1,
                }
            ]
        }
    )

    article_hash: str
    extractor: Literal["llm", "lexicon"]
    model: str | None
    prompt_id: str | None
    summary: str = Field(description="The English summary.")
    sentences: list[SummaryLine] = Field(
        description="Each summary sentence with its Arabic evidence (offsets into the text)."
    )
    incidents: list[Incident]
    grounding: GroundingRecord = Field(description="The checker's report on `summary`.")
    flags: list[str]
    attempts: int = Field(description="Model calls made (1 for the lexicon extractor).")


class CheckRequest(_In):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"source": EXAMPLE_ARTICLE, "text": EXAMPLE_ENGLISH}]}
    )

    source: ArticleBody = Field(description="The Arabic source. " + TEXT_RULE)
    text: PlainText = Field(
        description="The English text whose numbers and names are checked "
        "(at most BRIEFS_MAX_ARTICLE_CHARS characters)."
    )
    published_at: Day | None = Field(
        None,
        description="The source's publication day, YYYY-MM-DD (1900-2100): places its weekdays and 'yesterday' "
        "(optional).",
    )


class IncidentItem(BaseModel):
    id: int = Field(description="The incident's row id (stable; the cursor orders by it).")
    article_id: str = Field(description="The article's id (SHA-256 of its text).")
    index: int = Field(description="0-based position of the incident in the article's result.")
    event_date: date
    country: str
    admin1: str | None
    event_type: str
    sub_event_type: str
    fatalities: int
    needs_review: bool
    incident: Incident
    acled: dict[str, str | int | float | bool] = Field(
        description="This report's row as `briefs incidents` exports it: ACLED's columns in order, then Briefs' own."
    )


class IncidentPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": 1,
                            "article_id": EXAMPLE_HASH,
                            "index": 0,
                            "event_date": "2023-03-14",
                            "country": "SYR",
                            "admin1": "Deir ez-Zor",
                            "event_type": "Battles",
                            "sub_event_type": "Armed clash",
                            "fatalities": 5,
                            "needs_review": False,
                            "incident": EXAMPLE_INCIDENT,
                        }
                    ],
                    "next_cursor": None,
                }
            ]
        }
    )

    items: list[IncidentItem]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page.")


class KeyCreate(_In):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"role": "editor", "name": "newsroom CMS"}]}
    )

    role: Literal["reader", "editor", "admin"]
    name: PlainText | None = Field(None, max_length=200, description="What the key is for.")


KEY_INFO_EXAMPLE: JsonDict = {
    "id": 2,
    "prefix": "brf_AbCdEf",
    "name": "newsroom CMS",
    "role": "editor",
    "created_at": "2023-03-15T08:00:00Z",
    "revoked_at": None,
}


class KeyInfo(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [KEY_INFO_EXAMPLE]})

    id: int
    prefix: str = Field(description="The key's first characters, to tell keys apart.")
    name: str | None
    role: str
    created_at: datetime
    revoked_at: datetime | None


class KeyCreated(KeyInfo):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{**KEY_INFO_EXAMPLE, "key": "brf_AbCdEf…(43 characters)…"}]}
    )

    key: str = Field(description="The key itself. Shown once: only its hash is stored.")


class Health(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})

    status: Literal["ok"]


class Readiness(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ready", "checks": {"store": "ok", "extractor": "ok: lexicon"}}]}
    )

    status: Literal["ready", "not ready"]
    checks: dict[str, str]


__all__ = [
    "ArticleAccepted",
    "ArticleDetail",
    "ArticleIn",
    "ArticlesAccepted",
    "CheckRequest",
    "EventType",
    "Health",
    "IncidentItem",
    "IncidentPage",
    "KeyCreate",
    "KeyCreated",
    "KeyInfo",
    "Readiness",
    "RunInfo",
    "SummaryRequest",
    "SummaryResponse",
]
