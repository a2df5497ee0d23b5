"""Model prices, per million input and output tokens, from `evals/prices.yaml`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefs.errors import ConfigError


class Price(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input_per_1m: float = Field(ge=0)
    output_per_1m: float = Field(ge=0)

    def cost(self, input_tokens: int | None, output_tokens: int | None) -> float:
        return ((input_tokens or 0) * self.input_per_1m + (output_tokens or 0) * self.output_per_1m) / 1_000_000


@cache
def load_prices(path: Path) -> dict[str, Price]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        models = data.get("models", {}) if isinstance(data, dict) else None
        if not isinstance(models, dict):
            raise ConfigError(f"{path}: expected a mapping 'models: {{name: {{input_per_1m, output_per_1m}}}}'")
        return {name: Price.model_validate(entry) for name, entry in models.items()}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        raise ConfigError(f"{path}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def price_of(model: str | None, path: Path) -> Price | None:
    """The price of `provider:model` (or `model`); None when the table does not list it."""
    if model is None:
        return None
    prices = load_prices(path)
    return prices.get(model) or prices.get(model.split(":", 1)[-1])
