"""The limits every input crosses (`briefs.inputs`), readable without pydantic-settings.

`briefs check` and `briefs numbers` need these three settings and nothing else of the configuration;
pydantic-settings (with pydantic, asyncio and its providers) would be most of their start-up. So when
nothing can set them, no BRIEFS_ limit variable in the environment and no `.env` file, they are these
defaults, which `briefs.config.Settings` declares too; otherwise they are read by `Settings`, the one
reader and validator of the configuration.
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


# The environment variables that set a limit (pydantic-settings matches names ignoring case).
VARIABLES = frozenset(f"BRIEFS_{name.upper()}" for name in InputLimits.__dataclass_fields__)


def input_limits() -> Limits:
    """The limits in force: the defaults when no variable and no `.env` file can change them, else the
    configuration's (a bad value then raises `ConfigError`, as every command does)."""
    if os.path.exists(".env") or any(name.upper() in VARIABLES for name in os.environ):
        from briefs.config import get_settings

        return get_settings()
    return InputLimits()
