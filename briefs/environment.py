"""The few settings a command reads before anything else, straight from the environment when
pydantic-settings would add nothing: no `.env` file, and nothing to validate.

pydantic-settings (with pydantic, asyncio, email and its providers) costs a command more to import than
SQLAlchemy does. `briefs check` and `briefs numbers` need only the input limits, and `briefs brief`,
`briefs incidents` and `briefs keys` only the store's URL: these read them here. When a `.env` file can
set them, or a limit is set (a number, to validate), they come from `briefs.config.Settings`, the one
reader and validator of the configuration, as every other setting does; a bad value is then the
`ConfigError` every command gives.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol


class Limits(Protocol):
    """What `briefs.inputs` reads of the configuration: `Settings` and `InputLimits` both are one."""

    @property
    def max_input_bytes(self) -> int: ...
    @property
    def max_article_chars(self) -> int: ...
    @property
    def min_arabic_letters(self) -> int: ...


@dataclass(frozen=True)  # not slots: `InputLimits.max_input_bytes` is the default `Settings` declares
class InputLimits:
    max_input_bytes: int = 2_000_000
    max_article_chars: int = 100_000
    min_arabic_letters: int = 20


def _variables() -> dict[str, str]:
    """The environment as pydantic-settings reads it (names ignoring case: the last spelling wins)."""
    return {name.lower(): value for name, value in os.environ.items()}


def _dot_env() -> bool:
    return os.path.exists(".env")  # Settings reads this file, relative to the working directory


def input_limits() -> Limits:
    """The limits in force: the defaults when no variable and no `.env` file can change them, else the
    configuration's."""
    variables = _variables()
    if _dot_env() or any(f"briefs_{name}" in variables for name in InputLimits.__dataclass_fields__):
        from briefs.config import get_settings

        return get_settings()
    return InputLimits()


def database_url() -> str | None:
    """BRIEFS_DATABASE_URL (a string: nothing to validate), or None for the default store."""
    if _dot_env():
        from briefs.config import get_settings

        return get_settings().database_url
    return _variables().get("briefs_database_url")
