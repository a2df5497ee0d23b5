"""Make the extractor: the LLM when a model is configured, else the offline lexicon coder. Here, not in
the extractor, the LLM's server, client, call log and prompt are made from the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefs.config import Settings, get_settings
from briefs.extract.base import Extractor
from briefs.extract.calls import CallLog, StoreCallLog
from briefs.extract.hooks import Hooks

if TYPE_CHECKING:
    from collections.abc import Mapping

    from briefs.extract.llm import LLMExtractor
    from briefs.extract.prompts import Prompt


def make_extractor(
    model: str | None = None,
    *,
    settings: Settings | None = None,
    use_cache: bool = True,
    calls: CallLog | None = None,
    hooks: Hooks | None = None,
) -> Extractor:
    """The extractor for `model` (default the settings'): `lexicon` or none is the offline coder.
    An LLM logs its calls to `calls` (default the store at BRIEFS_DATABASE_URL) and tells `hooks`."""
    settings = settings or get_settings()
    chosen = model or settings.model
    if not chosen or chosen == "lexicon":
        from briefs.extract.lexicon import LexiconExtractor

        return LexiconExtractor(threshold=settings.fuzzy_threshold)
    from briefs.extract.prompts import load_prompt

    prompt = load_prompt(settings.prompt)
    return make_llm_extractor(chosen, settings=settings, prompt=prompt, calls=calls, hooks=hooks, use_cache=use_cache)


def make_llm_extractor(
    model: str,
    *,
    settings: Settings,
    prompt: Prompt | None = None,
    calls: CallLog | None = None,
    hooks: Hooks | None = None,
    use_cache: bool = True,
    environ: Mapping[str, str] | None = None,
) -> LLMExtractor:
    """The LLM extractor for `model` on the server OPENAI_BASE_URL names (read from `environ`, default
    the process environment), with `prompt` (default BRIEFS_PROMPT); its calls go to `calls`, default
    the store at BRIEFS_DATABASE_URL. Raises `ConfigError` for a model name or key that cannot be used."""
    from briefs.extract.endpoint import model_client, resolve_endpoint
    from briefs.extract.llm import LLMExtractor
    from briefs.extract.prompts import load_prompt

    endpoint = resolve_endpoint(model, environ)
    prompt = prompt or load_prompt(settings.prompt)
    if calls is None:
        from briefs.store import Store

        calls = StoreCallLog(Store(settings.database_url))
    return LLMExtractor(
        model,
        endpoint=endpoint,
        client=model_client(endpoint, settings),
        calls=calls,
        prompt=prompt,
        settings=settings,
        hooks=hooks,
        use_cache=use_cache,
    )
