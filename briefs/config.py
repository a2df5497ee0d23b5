"""Configuration from the environment (BRIEFS_*) and an optional .env file, via pydantic-settings."""

from __future__ import annotations

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from briefs.errors import BriefsError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRIEFS_", env_file=".env", extra="ignore")

    max_input_bytes: int = Field(2_000_000, gt=0, description="Largest input file accepted, in bytes.")
    max_article_chars: int = Field(100_000, gt=0, description="Longest article text accepted, in characters.")
    min_arabic_letters: int = Field(20, ge=1, description="An article with fewer Arabic letters is refused as not Arabic.")
    fuzzy_threshold: float = Field(90.0, ge=50, le=100, description="Least rapidfuzz similarity for a fuzzy quote alignment.")


def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(f"BRIEFS_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        raise BriefsError(f"bad configuration: {problems}") from None
