"""Configuration from the environment (BRIEFS_*) and an optional .env file, via pydantic-settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from briefs.environment import InputLimits
from briefs.errors import ConfigError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRIEFS_", env_file=".env", extra="ignore")

    # the limits' defaults are InputLimits' (briefs.environment: what `check` uses when nothing sets them)
    max_input_bytes: int = Field(
        default=InputLimits.max_input_bytes, gt=0, description="Largest input file accepted, in bytes."
    )
    max_article_chars: int = Field(
        default=InputLimits.max_article_chars, gt=0, description="Longest article text accepted, in characters."
    )
    min_arabic_letters: int = Field(
        default=InputLimits.min_arabic_letters,
        ge=1,
        description="An article with fewer Arabic letters is refused as not Arabic.",
    )
    fuzzy_threshold: float = Field(
        default=90.0, ge=50, le=100, description="Least rapidfuzz similarity for a fuzzy quote alignment."
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the store; default a SQLite file in the user's data directory."
    )
    model: str | None = Field(
        default=None,
        description=(
            "Model as provider:name (openai:gpt-4o-mini), or 'lexicon'; unset means the offline lexicon extractor."
        ),
    )
    prompt: str = Field(default="extract@v1", description="Prompt id (task@version) for the LLM extractor.")
    prompts_dir: str | None = Field(
        default=None, description="Folder of versioned prompts; default the project's prompts/."
    )
    request_timeout: float = Field(
        default=60.0,
        gt=0,
        description="Seconds the model client waits to connect or for the next bytes of a reply (then retries).",
    )
    request_deadline: float = Field(
        default=180.0,
        gt=0,
        description="Seconds one model call may take in all, transport retries and a trickling reply included.",
    )
    output_mode: Literal["auto", "json_schema", "json_object", "tools", "prompt"] = Field(
        default="auto",
        description=(
            "How the model is held to the schema: json_schema (strict), json_object, tools (function "
            "calling), prompt (schema in the prompt), or auto (json_schema, falling back per server on a 400 "
            "naming the format)."
        ),
    )
    max_completion_tokens_cap: int = Field(
        default=16_000, ge=256, description="Highest max_completion_tokens of the one retry of a cut-off reply."
    )
    transport_retries: int = Field(
        default=4, ge=0, le=10, description="Retries of a model request on 429, 5xx, timeouts and connection errors."
    )
    retry_wait: float = Field(
        default=0.5, ge=0, description="First backoff, in seconds, between transport retries (doubling, with jitter)."
    )
    max_reasks: int = Field(
        default=2, ge=0, le=5, description="Re-asks of the model when its reply fails parsing or validation."
    )
    max_repairs: int = Field(
        default=1, ge=0, le=3, description="Repair rounds when the reply states numbers the source does not support."
    )
    concurrency: int = Field(default=8, ge=1, le=256, description="Articles extracted at once by extract_many.")
    lease_seconds: float = Field(
        default=30.0,
        gt=0,
        description=(
            "How long a worker's claim on an article lasts unless renewed (a live worker renews it every "
            "third of this) before another worker may take it over."
        ),
    )
    requests_per_minute: int = Field(
        default=500,
        ge=1,
        description="Client-side limit on model requests per minute (off for a local OPENAI_BASE_URL unless set).",
    )
    tokens_per_minute: int = Field(
        default=200_000,
        ge=1,
        description="Client-side limit on model tokens per minute (off for a local OPENAI_BASE_URL unless set).",
    )
    # ---- the HTTP API (api/) ----
    api_max_body_bytes: int = Field(
        default=1_000_000, gt=0, description="Largest HTTP request body the API accepts, in bytes (413 above)."
    )
    api_max_batch: int = Field(default=100, ge=1, le=10_000, description="Most articles in one POST /v1/articles.")
    api_rate_per_minute: float = Field(
        default=600, gt=0, description="Requests per minute allowed per API key (token bucket, per server process)."
    )
    api_rate_burst: int = Field(
        default=60, ge=1, description="Requests an API key may make at once before the per-minute rate applies."
    )
    api_model_timeout: float = Field(
        default=120.0, gt=0, description="Seconds an API request waits for a model before answering 504."
    )
    api_wait_timeout: float = Field(
        default=60.0, gt=0, description="Seconds POST /v1/articles?wait=true waits for processing before answering 202."
    )
    api_failed_auth_per_minute: float = Field(
        default=30,
        gt=0,
        description=(
            "Failed key lookups allowed per client address per minute (then 429): no guessing keys at database speed."
        ),
    )
    api_failed_auth_burst: int = Field(
        default=20,
        ge=1,
        description="Failed key lookups a client address may make at once before the per-minute rate applies.",
    )
    api_models: str = Field(
        default="",
        description=(
            "Comma-separated models an editor may ask for in POST /v1/summaries, besides BRIEFS_MODEL and 'lexicon'."
        ),
    )
    api_cors_origins: str = Field(
        default="", description="Comma-separated origins allowed by CORS; empty turns CORS off."
    )
    api_key_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description=(
            "Seconds a verified API key is remembered; a key revoked from another process stops working "
            "within this time."
        ),
    )
    api_brief_cache_seconds: float = Field(
        default=1.0,
        ge=0,
        description="Seconds a rendered brief is served before the store is asked whether it changed.",
    )
    api_brief_cache_entries: int = Field(
        default=4096,
        ge=1,
        description=(
            "Most rendered briefs the API keeps (least recently used dropped first); a finished run drops "
            "only the briefs of its dates."
        ),
    )
    api_brief_cache_megabytes: int = Field(
        default=512,
        ge=1,
        description="Most megabytes of rendered briefs (and their gzip copies) the API keeps, least recently used out.",
    )


def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(f"BRIEFS_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"bad configuration: {problems}") from None
