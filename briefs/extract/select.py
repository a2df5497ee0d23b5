"""Choose the extractor: the LLM when a model is configured, else the offline lexicon coder."""

from __future__ import annotations

from briefs.config import Settings, get_settings


def make_extractor(model: str | None = None, *, settings: Settings | None = None, use_cache: bool = True):
    settings = settings or get_settings()
    chosen = model or settings.model
    if not chosen or chosen == "lexicon":
        from briefs.extract.lexicon import LexiconExtractor

        return LexiconExtractor(threshold=settings.fuzzy_threshold)
    from briefs.extract.llm import LLMExtractor
    from briefs.extract.prompts import load_prompt

    return LLMExtractor(chosen, prompt=load_prompt(settings.prompt), settings=settings, use_cache=use_cache)
